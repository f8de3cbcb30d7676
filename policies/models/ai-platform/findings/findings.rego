# Findings of the ai-platform pack (model.yaml findings): the seed's anti-pattern of each level,
# detected from the facts, the lopsidedness warning over the capability areas, and a measured
# change failure rate that says the gate is too loose. Queried after the report is assembled,
# with the pack's report as input.report; advisory, never a level or the gate. Each finding is
# {id, title, message, controls}.
package aimm.models.ai_platform.findings

import data.aimm.core.lib
import data.aimm.models.ai_platform.ladder

_model := data.aimm.models.ai_platform.model

findings := findings_of(input, _report(input))

_report(f) := r if {
	r := f.report
	is_object(r)
} else := {}

# findings_of lists the findings that hold, in model.yaml order.
findings_of(f, report) := [x |
	some entry in _model.findings
	m := _finding(entry.id, f, report)
	x := {"id": entry.id, "title": entry.title, "message": m, "controls": object.get(entry, "controls", [])}
]

_platform(f) := lib.posture_of(f, "platform")

_repro(f) := lib.posture_of(f, "reproducibility")

# ---- level 1: shared compute taken for a platform -------------------------------------------

_finding(id, f, _) := concat("", [
	concat(" and ", basis), ", but ", lib.fact(_repro(f), "reproducibility", ["rebuild"], "string"),
	": no model is rebuilt from a logged run (PLT-2.5)",
]) if {
	id == "notebook-hub-platform"
	not object.get(_repro(f), "rebuild", "none") in {"from-run", "on-demand"}
	basis := [s | some s in _shared_basis(f)]
	count(basis) > 0
}

_shared_basis(f) := {s |
	object.get(_platform(f), "on_platform", false) == true
	s := "posture.platform.on_platform is true"
} | {s |
	object.get(_repro(f), "experiment_tracking", "none") == "shared"
	s := "posture.reproducibility.experiment_tracking is \"shared\""
}

# ---- level 2: a registry without promotion gates --------------------------------------------

_finding(id, f, _) := concat("", [
	"posture.reproducibility.registry is \"store\" for a production system: experiments and ",
	"production versions share one store with no promotion stage (PLT-3.3)",
]) if {
	id == "registry-without-gates"
	object.get(_repro(f), "registry", "none") == "store"
	lib.get(f, ["system", "lifecycle"], null) == "production"
}

# ---- level 3: on the platform but off every golden path -------------------------------------

_finding(id, f, _) := concat("", [
	"posture.platform.on_platform is true but posture.platform.golden_path is not set: ",
	"tell the platform team which case its golden paths miss (PLT-3.1)",
]) if {
	id == "long-tail-off-path"
	object.get(_platform(f), "on_platform", false) == true
	not lib.has_text(object.get(_platform(f), "golden_path", null))
}

# ---- level 4: governed, but around the platform ---------------------------------------------

_finding(id, f, report) := concat("", [
	"the governance area is at ", level.name, " but posture.platform.on_platform is not true (PLT-2.2)",
]) if {
	id == "governance-without-adoption"
	some level in ladder.areas_of(report)
	level.id == "governance"
	level.level >= 4
	object.get(_platform(f), "on_platform", false) != true
}

# ---- level 5: lopsidedness -------------------------------------------------------------------

_finding(id, _, report) := concat("", [
	hi.title, " is at ", hi.name, " but ", lo.title, " is at ", lo.name, "; raise ", lo.title, " first",
]) if {
	id == "lopsided-areas"
	areas := ladder.areas_of(report)
	lo := _extreme(areas, numbers.range(_bottom, _top))
	hi := _extreme(areas, numbers.range(_top, _bottom))
	hi.level - lo.level >= 2
}

_bottom := _model.levels[0].level

_top := _model.levels[count(_model.levels) - 1].level

# _extreme is the first area (model order) at the first level of order that some area holds.
# No min()/max(): rego-cpp compares numbers as text.
_extreme(areas, order) := firsts[0] if {
	firsts := [a | some n in order; some a in areas; a.level == n]
}

# ---- measured change failure rate above 15% behind a policy gate ----------------------------

_finding(id, f, _) := concat("", [
	"posture.delivery.deploy_gate is \"policy\" but observations.dora.change_failure_rate is ",
	lib.show(rate), " (", lib.observation_note(f), "): tighten the gate's criteria (PLT-3.2)",
]) if {
	id == "gates-too-loose"
	lib.posture(f, "delivery", ["deploy_gate"], "none") == "policy"
	rate := lib.observation(f, ["dora", "change_failure_rate"])
	rate > 0.15
}

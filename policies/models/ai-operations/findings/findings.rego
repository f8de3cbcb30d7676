# Findings of the ai-operations pack: the seed's common mistakes that the facts can show
# (model.yaml findings). Queried after the report is assembled, with the pack's report as
# input.report (its levels are read); advisory, never a level or the gate. Each finding is
# {id, title, message}.
package aimm.models.ai_operations.findings

import data.aimm.core.lib

_model := data.aimm.models.ai_operations.model

findings := findings_of(input, _report_levels(input))

_report_levels(f) := l if {
	l := f.report.levels
	is_object(l)
} else := {}

# findings_of lists the findings that hold for the facts f and the pack's levels, in
# model.yaml order. A level-based finding needs its level (a missing level raises nothing).
findings_of(f, levels) := [x |
	some entry in _model.findings
	m := _message(entry.id, f, levels)
	x := {"id": entry.id, "title": entry.title, "message": m}
]

_lifecycle(f) := lib.get(f, ["system", "lifecycle"], null)

_name(n) := concat("", ["L", lib.show(n), " ", l.name]) if {
	some l in _model.levels
	l.level == n
}

# experimental-in-production (the seed's "confusing adoption with maturity"): a production
# system whose governance domain is still at the experimental level.
_message("experimental-in-production", f, levels) := concat("", [
	"system.lifecycle is production but governance is at ", _name(levels.governance),
	": no production readiness review is on record (GOP-2.1)",
]) if {
	_lifecycle(f) == "production"
	levels.governance < 2
}

# quality-only (the seed's "measuring only model performance"): evaluation suites, but the
# observability domain still at its lowest level.
_message("quality-only", f, levels) := concat("", [
	"posture.evaluation.suites lists ", lib.show(count(suites)), " suite(s) but observability is at ",
	_name(levels.observability), ": production behaviour, cost and policy events go unwatched",
]) if {
	suites := lib.get(f, ["posture", "evaluation", "suites"], [])
	is_array(suites)
	count(suites) > 0
	levels.observability < 2
}

# engineering-only-ownership: no business, data, security or support owner.
_message("engineering-only-ownership", f, _) := concat("", [
	"metadata.owners names no business, data, security or support owner; ",
	"only engineering answers for the system",
]) if {
	named := [r |
		some r in ["business", "data", "security", "support"]
		lib.has_text(lib.get(f, ["metadata", "owners", r], null))
	]
	count(named) == 0
}

# no-cost-operations (the seed's "skipping cost operations"): a pilot or production system
# whose cost is not attributed, alerted on or capped.
_message("no-cost-operations", f, _) := concat("", [
	lib.manifest_fact(f, ["posture", "cost", "attribution"], "string"), ", ",
	lib.manifest_fact(f, ["posture", "cost", "alerts", "enabled"], "boolean"), " and ",
	lib.manifest_fact(f, ["posture", "cost", "limits", "enforcement"], "string"),
	": nothing would notice a cost spike",
]) if {
	_lifecycle(f) in {"pilot", "production"}
	not lib.string_in(lib.get(f, ["posture", "cost", "attribution"], "none"), _attributed)
	not lib.is_true(lib.get(f, ["posture", "cost", "alerts", "enabled"], false))
	not lib.string_in(lib.get(f, ["posture", "cost", "limits", "enforcement"], "none"), {"client", "server"})
}

# autonomous-agent-weak-controls (the seed's "ignoring agent autonomy"): an agent that acts on
# its own below governed agent operations.
_message("autonomous-agent-weak-controls", f, levels) := concat("", [
	"risk.autonomy is act-autonomously but agent-operations is at ", _name(levels["agent-operations"]),
	"; ", _name(3), " adds human approval for high-impact actions, an action audit trail, ",
	"workflow tracking and a safe stop",
]) if {
	lib.get(f, ["system", "type"], null) in {"agent", "multi-agent"}
	lib.get(f, ["risk", "autonomy"], null) == "act-autonomously"
	levels["agent-operations"] < 3
}

# incidents-not-learned (the seed's "failing to learn from incidents"): a production system
# with neither a postmortem template nor production samples in its regression set.
_message("incidents-not-learned", f, _) := concat("", [
	"posture.audit.postmortem_template is ", _postmortem(f), " and ",
	lib.manifest_fact(f, ["posture", "evaluation", "regression", "includes_production_samples"], "boolean"),
	": production failures do not reach the runbooks or the evaluations",
]) if {
	_lifecycle(f) == "production"
	not lib.evidence_ok(f, lib.get(f, ["posture", "audit", "postmortem_template"], null))
	not lib.is_true(lib.get(f, ["posture", "evaluation", "regression", "includes_production_samples"], false))
}

# Attribution below the team (none, invoice) tells nobody what this system costs.
_attributed := {"per-team", "per-app", "per-feature", "per-request", "per-agent-run"}

_postmortem(f) := lib.file_detail(f, p) if {
	p := lib.get(f, ["posture", "audit", "postmortem_template"], null)
	is_string(p)
} else := "not declared"

# Governance controls (GVN-*) of the mlops pack (seed 004; controls/mlops/).
# Each control is a function of the facts document f and returns lib.outcome(ok, message).
# Absent facts read as their weakest value; a fact of the wrong type fails, never passes.
package aimm.models.mlops.governance

import data.aimm.core.lib
import data.aimm.models.mlops.common

results["GVN-2.1"] := gvn_2_1(input)

results["GVN-2.2"] := gvn_2_2(input)

results["GVN-3.1"] := gvn_3_1(input)

results["GVN-3.2"] := gvn_3_2(input)

results["GVN-3.3"] := gvn_3_3(input)

results["GVN-4.1"] := gvn_4_1(input)

results["GVN-4.2"] := gvn_4_2(input)

results["GVN-5.1"] := gvn_5_1(input)

results["GVN-5.2"] := gvn_5_2(input)

results["GVN-5.3"] := gvn_5_3(input)

results["GVN-5.4"] := gvn_5_4(input)

results["GVN-5.5"] := gvn_5_5(input)

_dim := "governance"

# GVN-2.1, L2 "owners.on_call is set".
gvn_2_1(f) := _owners(f, ["on_call"], 2)

# GVN-2.2, L2 "risk_assessment.refresh is periodic or per-change".
gvn_2_2(f) := lib.one_of(
	f, _dim, ["risk_assessment", "refresh"], {"periodic", "per-change"}, 2,
	"periodic or per-change",
)

# GVN-3.1, L3 "audit_trail.mandatory".
gvn_3_1(f) := lib.true_fact(f, "audit", ["audit_trail", "mandatory"], 3)

# GVN-3.2, L3 "risk_assessment.reviewed_on within 365 days".
gvn_3_2(f) := common.dated(f, ["posture", "governance", "risk_assessment", "reviewed_on"], 365, 3)

# GVN-3.3, L3, LLM track, agents: "tool_catalog_governed".
gvn_3_3(f) := common.only(f, "llm", _tool_catalog(f))

_tool_catalog(f) := lib.true_fact(f, "agent", ["tool_catalog_governed"], 3) if {
	not lib.get(f, ["system", "type"], null) in {"llm-app", "rag", "copilot"}
} else := common.not_applicable(f, "no tools to govern: it applies to agent and multi-agent systems")

# GVN-4.1, L4 "data_contracts" (a fact of posture.reproducibility).
gvn_4_1(f) := lib.true_fact(f, "reproducibility", ["data_contracts"], 4)

# GVN-4.2, L4 "audit_trail.covers includes model_versions, and prompt_versions on the LLM
# track" (one criterion per track; a system on no track needs both).
gvn_4_2(f) := _trail_covers(f, ["model_versions"], 4) if {
	common.track_of(f) == "classical-ml"
} else := _trail_covers(f, ["model_versions", "prompt_versions"], 4)

# GVN-5.1, L5 "owners.business and owners.on_call are set".
gvn_5_1(f) := _owners(f, ["business", "on_call"], 5)

# GVN-5.2, L5 "change_review".
gvn_5_2(f) := lib.true_fact(f, _dim, ["change_review"], 5)

# GVN-5.3, L5 "risk_assessment.refresh is per-change".
gvn_5_3(f) := lib.one_of(f, _dim, ["risk_assessment", "refresh"], {"per-change"}, 5, "per-change")

# GVN-5.4, L5 "docs_generated".
gvn_5_4(f) := lib.true_fact(f, _dim, ["docs_generated"], 5)

# GVN-5.5, L5, classical-ml track: "audit_trail.covers includes retraining_decisions".
gvn_5_5(f) := common.only(f, "classical-ml", _trail_covers(f, ["retraining_decisions"], 5))

# _trail_covers: audit_trail.covers includes every one of items.
_trail_covers(f, items, level) := lib.outcome(ok, lib.needs(observed, level, _covers_need(items))) if {
	p := lib.posture_of(f, "audit")
	covers := object.get(p, ["audit_trail", "covers"], [])
	ok := count([i | some i in items; not lib.list_has(covers, i)]) == 0
	observed := lib.fact(p, "audit", ["audit_trail", "covers"], "array")
} else := lib.unreadable("audit", ["audit_trail", "covers"], level, _covers_need(items))

_covers_need(items) := concat("", ["it to include ", concat(" and ", items)])

# _owners: every named role of metadata.owners is set (a non-empty string).
_owners(f, roles, level) := lib.outcome(ok, lib.needs(observed, level, need)) if {
	need := concat("", ["metadata.owners.", concat(" and metadata.owners.", roles), " set"])
	ok := count([r | some r in roles; not lib.has_text(lib.get(f, ["metadata", "owners", r], null))]) == 0
	observed := concat(" and ", [text |
		some r in roles
		text := lib.manifest_fact(f, ["metadata", "owners", r], "string")
	])
}

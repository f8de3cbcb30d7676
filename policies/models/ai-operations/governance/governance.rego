# Governance operations controls (GOP-*) of the ai-operations pack (seed 003;
# controls/ai-operations/). The risk tier is the core's (RISK-*), not a control here.
# Each control is a function of the facts document f and returns lib.outcome(ok, message).
# Absent facts read as their weakest value; a fact of the wrong type fails, never passes.
package aimm.models.ai_operations.governance

import data.aimm.core.lib
import data.aimm.models.ai_operations.common

results["GOP-2.1"] := gop_2_1(input)

results["GOP-3.1"] := gop_3_1(input)

results["GOP-3.2"] := gop_3_2(input)

results["GOP-3.3"] := gop_3_3(input)

results["GOP-3.4"] := gop_3_4(input)

results["GOP-3.5"] := gop_3_5(input)

results["GOP-4.1"] := gop_4_1(input)

results["GOP-4.2"] := gop_4_2(input)

results["GOP-4.3"] := gop_4_3(input)

results["GOP-4.4"] := gop_4_4(input)

results["GOP-4.5"] := gop_4_5(input)

results["GOP-4.6"] := gop_4_6(input)

results["GOP-5.1"] := gop_5_1(input)

results["GOP-5.2"] := gop_5_2(input)

_dim := "governance"

_review := ["posture", "governance", "readiness_review", "reviewed_on"]

# The seed's five owner roles, in the order of its ownership matrix.
roles := ["business", "technical", "data", "security", "support"]

# GOP-2.1, L2 "readiness_review.record exists".
gop_2_1(f) := lib.evidence_file(f, _dim, ["readiness_review", "record"], 2, "a review record that exists")

# GOP-3.1, L3 "all five owners named".
gop_3_1(f) := common.owners(f, roles, 3)

# GOP-3.2, L3 "data_access_review within 365 days".
gop_3_2(f) := common.dated(f, ["posture", "governance", "data_access_review"], 365, 3)

# GOP-3.3, L3 "readiness_review.reviewed_on within 365 days".
gop_3_3(f) := common.dated(f, _review, 365, 3)

# GOP-3.4, L3 "audit trail covers approvals, model_versions and (with prompts) prompt_versions".
gop_3_4(f) := common.covers(f, ["approvals", "model_versions"], 3) if {
	lib.get(f, ["system", "type"], null) == "classical-ml"
} else := common.covers(f, ["approvals", "model_versions", "prompt_versions"], 3)

# GOP-3.5, L3 "incident runbook exists and on_call is set".
gop_3_5(f) := lib.outcome(ok, concat("; ", [runbook.message, on_call.message])) if {
	runbook := lib.evidence_file(f, "audit", ["incident_runbook"], 3, "an incident runbook that exists")
	on_call := common.owners(f, ["on_call"], 3)
	ok := _both(runbook.pass, on_call.pass)
}

# GOP-4.1, L4 "deploy_gate is policy".
gop_4_1(f) := lib.one_of(f, "delivery", ["deploy_gate"], {"policy"}, 4, "policy")

# GOP-4.2, L4 "audit trail covers policy_decisions and incidents".
gop_4_2(f) := common.covers(f, ["policy_decisions", "incidents"], 4)

# GOP-4.3, L4 "readiness_review.reviewed_on within 180 days".
gop_4_3(f) := common.dated(f, _review, 180, 4)

# GOP-4.4, L4 "cost limits enforced by the server".
gop_4_4(f) := lib.one_of(f, "cost", ["limits", "enforcement"], {"server"}, 4, "server")

# GOP-4.5, L4 "executive_reporting".
gop_4_5(f) := lib.true_fact(f, _dim, ["executive_reporting"], 4)

# GOP-4.6, L4 "postmortem template exists".
gop_4_6(f) := lib.evidence_file(f, "audit", ["postmortem_template"], 4, "a postmortem template that exists")

# GOP-5.1, L5 "risk_assessment.refresh is per-change".
gop_5_1(f) := lib.one_of(f, _dim, ["risk_assessment", "refresh"], {"per-change"}, 5, "per-change")

# GOP-5.2, L5 "continuous_compliance".
gop_5_2(f) := lib.true_fact(f, "audit", ["continuous_compliance"], 5)

_both(a, b) if {
	a == true
	b == true
} else := false

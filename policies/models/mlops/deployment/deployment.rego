# Deployment controls (DPL-*) of the mlops pack (seed 004; controls/mlops/).
# Each control is a function of the facts document f and returns lib.outcome(ok, message).
# Absent facts read as their weakest value; a fact of the wrong type fails, never passes.
package aimm.models.mlops.deployment

import data.aimm.core.lib
import data.aimm.models.mlops.common

results["DPL-2.1"] := dpl_2_1(input)

results["DPL-2.2"] := dpl_2_2(input)

results["DPL-3.1"] := dpl_3_1(input)

results["DPL-3.2"] := dpl_3_2(input)

results["DPL-3.3"] := dpl_3_3(input)

results["DPL-3.4"] := dpl_3_4(input)

results["DPL-4.1"] := dpl_4_1(input)

results["DPL-4.2"] := dpl_4_2(input)

results["DPL-4.3"] := dpl_4_3(input)

results["DPL-4.4"] := dpl_4_4(input)

results["DPL-4.5"] := dpl_4_5(input)

results["DPL-5.1"] := dpl_5_1(input)

# The deployment axis reads posture.delivery (shared with other packs), and posture.platform
# and posture.gateway for one control each.
_delivery := "delivery"

# DPL-2.1, L2 "pipeline is scripted, ci or continuous".
dpl_2_1(f) := lib.one_of(f, _delivery, ["pipeline"], {"scripted", "ci", "continuous"}, 2, "scripted, ci or continuous")

# DPL-2.2, L2 "rollback is manual or automated".
dpl_2_2(f) := lib.one_of(f, _delivery, ["rollback"], {"manual", "automated"}, 2, "manual or automated")

# DPL-3.1, L3 "pipeline is ci or continuous".
dpl_3_1(f) := lib.one_of(f, _delivery, ["pipeline"], {"ci", "continuous"}, 3, "ci or continuous")

# DPL-3.2, L3 "canary is manual or automated".
dpl_3_2(f) := lib.one_of(f, _delivery, ["canary"], {"manual", "automated"}, 3, "manual or automated")

# DPL-3.3, L3 "shadow deployments".
dpl_3_3(f) := lib.true_fact(f, _delivery, ["shadow"], 3)

# DPL-3.4, L3, classical-ml track: "retraining.mode is scheduled or triggered".
dpl_3_4(f) := common.only(f, "classical-ml", lib.one_of(
	f, _delivery, ["retraining", "mode"], {"scheduled", "triggered"}, 3,
	"scheduled or triggered",
))

# DPL-4.1, L4 "gpu_scheduling is queued"; a system that runs no GPU work passes.
dpl_4_1(f) := lib.outcome(true, concat("", [
	"not applicable: posture.platform.gpu_scheduling is \"not-used\" ",
	"(the system runs no GPU work of its own)",
])) if {
	lib.posture(f, "platform", ["gpu_scheduling"], null) == "not-used"
} else := lib.one_of(f, "platform", ["gpu_scheduling"], {"queued"}, 4, "queued (or not-used)")

# DPL-4.2, L4 "deploy_gate is policy".
dpl_4_2(f) := lib.one_of(f, _delivery, ["deploy_gate"], {"policy"}, 4, "policy")

# DPL-4.3, L4 "canary is automated".
dpl_4_3(f) := lib.one_of(f, _delivery, ["canary"], {"automated"}, 4, "automated")

# DPL-4.4, L4 "rollback is automated".
dpl_4_4(f) := lib.one_of(f, _delivery, ["rollback"], {"automated"}, 4, "automated")

# DPL-4.5, L4, LLM track: "model_swap_playbook exists".
dpl_4_5(f) := common.only(f, "llm", lib.evidence_file(
	f, "gateway", ["model_swap_playbook"], 4,
	"a model-swap playbook that exists",
))

# DPL-5.1, L5 "the human oversight procedure exists" (compliance.human_oversight.procedure,
# the same fact the EU AI Act profile reads).
dpl_5_1(f) := common.file(f, ["compliance", "human_oversight", "procedure"], 5, "an override procedure that exists")

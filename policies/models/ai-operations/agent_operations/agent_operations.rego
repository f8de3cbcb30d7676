# Agent operations controls (AGO-*) of the ai-operations pack (seed 003;
# controls/ai-operations/). They apply to agent and multi-agent systems; every other type
# passes as not applicable (model.yaml applies_to).
# Each control is a function of the facts document f and returns lib.outcome(ok, message).
# Absent facts read as their weakest value; a fact of the wrong type fails, never passes.
package aimm.models.ai_operations.agent_operations

import data.aimm.core.lib
import data.aimm.models.ai_operations.common

results["AGO-2.1"] := ago_2_1(input)

results["AGO-3.1"] := ago_3_1(input)

results["AGO-3.2"] := ago_3_2(input)

results["AGO-3.3"] := ago_3_3(input)

results["AGO-3.4"] := ago_3_4(input)

results["AGO-4.1"] := ago_4_1(input)

results["AGO-4.2"] := ago_4_2(input)

results["AGO-4.3"] := ago_4_3(input)

results["AGO-5.1"] := ago_5_1(input)

_dim := "agent"

# _agents(f, o): o for agent and multi-agent systems, not applicable for the others.
_agents(f, o) := common.for_types(f, common.agents, "agent or multi-agent", o)

# AGO-2.1, L2 "tool_permissions is allowlist, scoped or adaptive".
ago_2_1(f) := _agents(f, lib.one_of(
	f, _dim, ["tool_permissions"], {"allowlist", "scoped", "adaptive"}, 2,
	"allowlist, scoped or adaptive",
))

# AGO-3.1, L3 "a human approves high-impact actions": the agent only suggests or acts with
# approval (risk.autonomy), or human_approval is high-impact or every-action.
ago_3_1(f) := _agents(f, _approval(f))

_approval(f) := lib.outcome(true, concat("", [
	"risk.autonomy is ", autonomy, ", so every action waits for a person",
])) if {
	autonomy := lib.get(f, ["risk", "autonomy"], null)
	autonomy in {"suggest", "act-with-approval"}
} else := lib.outcome(ok, concat("; ", [lib.manifest_fact(f, ["risk", "autonomy"], "string"), because])) if {
	p := lib.posture_of(f, _dim)
	ok := lib.string_in(object.get(p, "human_approval", "none"), {"high-impact", "every-action"})
	because := lib.needs(lib.fact(p, _dim, ["human_approval"], "string"), 3, "high-impact or every-action")
} else := lib.unreadable(_dim, ["human_approval"], 3, "high-impact or every-action")

# AGO-3.2, L3 "audit trail covers tool_calls".
ago_3_2(f) := _agents(f, common.covers(f, ["tool_calls"], 3))

# AGO-3.3, L3 "workflow_tracking".
ago_3_3(f) := _agents(f, lib.true_fact(f, _dim, ["workflow_tracking"], 3))

# AGO-3.4, L3 "safe_stop is manual or automatic".
ago_3_4(f) := _agents(f, lib.one_of(f, _dim, ["safe_stop"], {"manual", "automatic"}, 3, "manual or automatic"))

# AGO-4.1, L4 "tool_permissions is scoped or adaptive".
ago_4_1(f) := _agents(f, lib.one_of(f, _dim, ["tool_permissions"], {"scoped", "adaptive"}, 4, "scoped or adaptive"))

# AGO-4.2, L4 "safe_stop is automatic".
ago_4_2(f) := _agents(f, lib.one_of(f, _dim, ["safe_stop"], {"automatic"}, 4, "automatic"))

# AGO-4.3, L4 "rollback".
ago_4_3(f) := _agents(f, lib.true_fact(f, _dim, ["rollback"], 4))

# AGO-5.1, L5 "tool_permissions is adaptive".
ago_5_1(f) := _agents(f, lib.one_of(f, _dim, ["tool_permissions"], {"adaptive"}, 5, "adaptive"))

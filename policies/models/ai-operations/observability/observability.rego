# AI observability controls (AOB-*) of the ai-operations pack (seed 003; controls/ai-operations/).
# Each control is a function of the facts document f and returns lib.outcome(ok, message).
# Absent facts read as their weakest value; a fact of the wrong type fails, never passes.
package aimm.models.ai_operations.observability

import data.aimm.core.lib

results["AOB-2.1"] := aob_2_1(input)

results["AOB-3.1"] := aob_3_1(input)

results["AOB-3.2"] := aob_3_2(input)

results["AOB-3.3"] := aob_3_3(input)

results["AOB-4.1"] := aob_4_1(input)

results["AOB-4.2"] := aob_4_2(input)

results["AOB-4.3"] := aob_4_3(input)

results["AOB-5.1"] := aob_5_1(input)

# The domain reads posture.visibility (shared with the default model's VIS row).
_vis := "visibility"

# AOB-2.1, L2 "logs centralized".
aob_2_1(f) := lib.one_of(f, _vis, ["logs"], {"centralized"}, 2, "centralized")

# AOB-3.1, L3 "tracing enabled, with model_call spans".
aob_3_1(f) := lib.outcome(ok, concat("; ", [enabled.message, spans.message])) if {
	enabled := lib.true_fact(f, _vis, ["tracing", "enabled"], 3)
	spans := lib.includes(f, _vis, ["tracing", "spans"], "model_call", 3)
	ok := _both(enabled.pass, spans.pass)
}

# AOB-3.2, L3 "spans include retrieval for rag, tool_call for agent and multi-agent".
aob_3_2(f) := lib.includes_when(
	f, _vis, ["tracing", "spans"], "retrieval", 3,
	["system", "type"], {"rag"}, "rag",
) if {
	lib.get(f, ["system", "type"], null) == "rag"
} else := lib.includes_when(
	f, _vis, ["tracing", "spans"], "tool_call", 3,
	["system", "type"], {"agent", "multi-agent"}, "rag, agent or multi-agent",
)

# AOB-3.3, L3 "metrics include quality, cost_per_request, policy_events and a latency metric".
aob_3_3(f) := lib.outcome(ok, lib.needs(observed, 3, _signals_need)) if {
	p := lib.posture_of(f, _vis)
	m := object.get(p, "metrics", [])
	missing := [i | some i in ["quality", "cost_per_request", "policy_events"]; not lib.list_has(m, i)]
	ok := _both(count(missing) == 0, _has_latency(m))
	observed := lib.fact(p, _vis, ["metrics"], "array")
} else := lib.unreadable(_vis, ["metrics"], 3, _signals_need)

_signals_need := concat("", [
	"it to include quality, cost_per_request, policy_events and one of ",
	"latency_p50, latency_p95, latency_p99",
])

_has_latency(m) if {
	some l in ["latency_p50", "latency_p95", "latency_p99"]
	lib.list_has(m, l)
} else := false

# AOB-4.1, L4 "alerts enabled and routed to the owner".
aob_4_1(f) := lib.outcome(ok, concat("; ", [enabled.message, routed.message])) if {
	enabled := lib.true_fact(f, _vis, ["alerts", "enabled"], 4)
	routed := lib.true_fact(f, _vis, ["alerts", "routed_to_owner"], 4)
	ok := _both(enabled.pass, routed.pass)
}

# AOB-4.2, L4 "spans include policy_decision".
aob_4_2(f) := lib.includes(f, _vis, ["tracing", "spans"], "policy_decision", 4)

# AOB-4.3, L4 "metrics include user_feedback".
aob_4_3(f) := lib.includes(f, _vis, ["metrics"], "user_feedback", 4)

# AOB-5.1, L5 "anomaly_detection".
aob_5_1(f) := lib.true_fact(f, _vis, ["anomaly_detection"], 5)

_both(a, b) if {
	a == true
	b == true
} else := false

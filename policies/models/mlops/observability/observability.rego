# Observability controls (MON-*) of the mlops pack (seed 004; controls/mlops/).
# Each control is a function of the facts document f and returns lib.outcome(ok, message).
# Absent facts read as their weakest value; a fact of the wrong type fails, never passes.
package aimm.models.mlops.observability

import data.aimm.core.lib
import data.aimm.models.mlops.common

results["MON-2.1"] := mon_2_1(input)

results["MON-3.1"] := mon_3_1(input)

results["MON-3.2"] := mon_3_2(input)

results["MON-3.3"] := mon_3_3(input)

results["MON-4.1"] := mon_4_1(input)

results["MON-4.2"] := mon_4_2(input)

results["MON-4.3"] := mon_4_3(input)

results["MON-4.4"] := mon_4_4(input)

results["MON-5.1"] := mon_5_1(input)

# The observability axis reads posture.visibility (shared with the default model's VIS row).
_vis := "visibility"

_latencies := {"latency_p50", "latency_p95", "latency_p99"}

# MON-2.1, L2 "metrics include error_rate and a latency metric".
mon_2_1(f) := lib.outcome(ok, lib.needs(observed, 2, _infra_need)) if {
	p := lib.posture_of(f, _vis)
	m := object.get(p, "metrics", [])
	ok := _infra(m)
	observed := lib.fact(p, _vis, ["metrics"], "array")
} else := lib.unreadable(_vis, ["metrics"], 2, _infra_need)

_infra_need := "it to include error_rate and one of latency_p50, latency_p95, latency_p99"

_infra(m) if {
	lib.list_has(m, "error_rate")
	some l in _latencies
	lib.list_has(m, l)
} else := false

# MON-3.1, L3 "metrics include quality".
mon_3_1(f) := lib.includes(f, _vis, ["metrics"], "quality", 3)

# MON-3.2, L3 "metrics include drift".
mon_3_2(f) := lib.includes(f, _vis, ["metrics"], "drift", 3)

# MON-3.3, L3, LLM track: "metrics include cost_per_request and latency_p95".
mon_3_3(f) := common.only(f, "llm", _includes_all(f, ["cost_per_request", "latency_p95"], 3))

# MON-4.1, L4, classical-ml track: "metrics include training_serving_skew".
mon_4_1(f) := common.only(f, "classical-ml", lib.includes(f, _vis, ["metrics"], "training_serving_skew", 4))

# MON-4.2, L4, LLM track: "cost attribution per feature or finer".
mon_4_2(f) := common.only(f, "llm", lib.one_of(
	f, "cost", ["attribution"], {"per-feature", "per-request", "per-agent-run"}, 4,
	"per-feature, per-request or per-agent-run",
))

# MON-4.3, L4 "metrics include latency_p99".
mon_4_3(f) := lib.includes(f, _vis, ["metrics"], "latency_p99", 4)

# MON-4.4, L4 "anomaly_detection".
mon_4_4(f) := lib.true_fact(f, _vis, ["anomaly_detection"], 4)

# MON-5.1, L5 "fairness_monitoring" (a fact of posture.evaluation).
mon_5_1(f) := lib.true_fact(f, "evaluation", ["fairness_monitoring"], 5)

# _includes_all: metrics include every one of items.
# rego-cpp: not named _all: the core tests define _all/1, and a function name used with two
# arities in one bundle crashes the compiler.
_includes_all(f, items, level) := lib.outcome(ok, lib.needs(observed, level, need)) if {
	p := lib.posture_of(f, _vis)
	m := object.get(p, "metrics", [])
	need := concat("", ["it to include ", concat(" and ", items)])
	ok := count([i | some i in items; not lib.list_has(m, i)]) == 0
	observed := lib.fact(p, _vis, ["metrics"], "array")
} else := lib.unreadable(_vis, ["metrics"], level, concat("", ["it to include ", concat(" and ", items)]))

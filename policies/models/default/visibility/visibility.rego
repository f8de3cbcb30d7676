# Visibility controls (VIS-*): the visibility row of the maturity grid (manifest-v1, section 2).
# Each control is a function of the facts document f and returns lib.outcome(ok, message).
# Absent facts read as their weakest value; a fact of the wrong type fails, never passes.
package aimm.models.default.visibility

import data.aimm.core.lib

results["VIS-2.1"] := vis_2_1(input)

results["VIS-3.1"] := vis_3_1(input)

results["VIS-3.2"] := vis_3_2(input)

results["VIS-3.3"] := vis_3_3(input)

results["VIS-3.4"] := vis_3_4(input)

results["VIS-4.1"] := vis_4_1(input)

results["VIS-4.2"] := vis_4_2(input)

results["VIS-4.3"] := vis_4_3(input)

results["VIS-4.4"] := vis_4_4(input)

results["VIS-4.5"] := vis_4_5(input)

results["VIS-5.1"] := vis_5_1(input)

_dim := "visibility"

# VIS-2.1, L2 "dashboards is per-team or central".
vis_2_1(f) := lib.one_of(f, _dim, ["dashboards"], {"per-team", "central"}, 2, "per-team or central")

# VIS-3.1, L3 "dashboards central".
vis_3_1(f) := lib.one_of(f, _dim, ["dashboards"], {"central"}, 3, "central")

# VIS-3.2, L3 "tracing enabled".
vis_3_2(f) := lib.true_fact(f, _dim, ["tracing", "enabled"], 3)

# VIS-3.3, L3 "coverage >= 80" (percent of production requests traced end to end).
vis_3_3(f) := lib.at_least(f, _dim, ["tracing", "coverage"], 80, 3)

# VIS-3.4, L3 "spans include model_call". A classical ML system makes predictions, not model
# calls with tokens: prediction logging (a prediction span) meets it, as does model_call.
vis_3_4(f) := _prediction_spans(f) if {
	lib.classical_ml(f)
} else := lib.includes(f, _dim, ["tracing", "spans"], "model_call", 3)

_prediction_spans(f) := lib.outcome(ok, concat("; ", [observed, because])) if {
	p := lib.posture_of(f, _dim)
	spans := object.get(p, ["tracing", "spans"], [])
	ok := _any_of(spans, ["prediction", "model_call"])
	observed := lib.fact(p, _dim, ["tracing", "spans"], "array")
	because := concat(" ", [lib.type_note, "level 3 needs it to include prediction (or model_call)"])
} else := lib.unreadable(_dim, ["tracing", "spans"], 3, "it to include prediction (or model_call)")

_any_of(list, items) if {
	is_array(list)
	some item in items
	item in list
} else := false

# VIS-4.1, L4 "tracing propagation".
vis_4_1(f) := lib.true_fact(f, _dim, ["tracing", "propagation"], 4)

# VIS-4.2, L4 "instrumentation_standard set": a string with some text in it.
vis_4_2(f) := lib.outcome(ok, lib.needs(observed, 4, _standard_need)) if {
	p := lib.posture_of(f, _dim)
	ok := _has_text(object.get(p, "instrumentation_standard", ""))
	observed := lib.fact(p, _dim, ["instrumentation_standard"], "string")
} else := lib.unreadable(_dim, ["instrumentation_standard"], 4, _standard_need)

_standard_need := "the name of a standard (a non-empty string)"

# _has_text is lib.has_text as a boolean; an absent standard is false, not undefined.
_has_text(x) if {
	lib.has_text(x)
} else := false

# VIS-4.3, L4 "coverage >= 95".
vis_4_3(f) := lib.at_least(f, _dim, ["tracing", "coverage"], 95, 4)

# VIS-4.4, L4 "spans include tool_call when type is agent or multi-agent".
vis_4_4(f) := _span_for_types(f, {"agent", "multi-agent"}, "agent or multi-agent", "tool_call")

# VIS-4.5, L4 "spans include retrieval when type is rag".
vis_4_5(f) := _span_for_types(f, {"rag"}, "rag", "retrieval")

# VIS-5.1, L5 "agent_readable_traces".
vis_5_1(f) := lib.true_fact(f, _dim, ["agent_readable_traces"], 5)

# _span_for_types: a span criterion for some system types only (see lib.includes_when).
_span_for_types(f, types, type_text, span) := lib.includes_when(
	f, _dim, ["tracing", "spans"], span, 4,
	["system", "type"], types, type_text,
)

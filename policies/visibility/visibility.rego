# Visibility controls (VIS-*): the visibility row of the maturity grid (manifest-v1, section 2).
# Each control is a function of the facts document f and returns lib.outcome(ok, message).
# Absent facts read as their weakest value; a fact of the wrong type fails, never passes.
package aimm.controls.visibility

import data.aimm.lib

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
vis_2_1(f) := _one_of(f, ["dashboards"], {"per-team", "central"}, 2, "per-team or central")

# VIS-3.1, L3 "dashboards central".
vis_3_1(f) := _one_of(f, ["dashboards"], {"central"}, 3, "central")

# VIS-3.2, L3 "tracing enabled".
vis_3_2(f) := _true(f, ["tracing", "enabled"], 3)

# VIS-3.3, L3 "coverage >= 80" (percent of production requests traced end to end).
vis_3_3(f) := _at_least(f, ["tracing", "coverage"], 80, 3)

# VIS-3.4, L3 "spans include model_call".
vis_3_4(f) := _includes_outcome(f, ["tracing", "spans"], "model_call", 3)

# VIS-4.1, L4 "tracing propagation".
vis_4_1(f) := _true(f, ["tracing", "propagation"], 4)

# VIS-4.2, L4 "instrumentation_standard set": a string with some text in it.
vis_4_2(f) := lib.outcome(ok, _msg(observed, 4, _standard_need)) if {
	ok := _has_text(lib.posture(f, _dim, ["instrumentation_standard"], ""))
	observed := _fact(f, ["instrumentation_standard"], "string")
} else := _unreadable(["instrumentation_standard"], 4, _standard_need)

_standard_need := "the name of a standard (a non-empty string)"

_has_text(x) := true if {
	lib.has_text(x)
} else := false

# VIS-4.3, L4 "coverage >= 95".
vis_4_3(f) := _at_least(f, ["tracing", "coverage"], 95, 4)

# VIS-4.4, L4 "spans include tool_call when type is agent or multi-agent".
vis_4_4(f) := _span_for_types(f, {"agent", "multi-agent"}, "agent or multi-agent", "tool_call")

# VIS-4.5, L4 "spans include retrieval when type is rag".
vis_4_5(f) := _span_for_types(f, {"rag"}, "rag", "retrieval")

# VIS-5.1, L5 "agent_readable_traces".
vis_5_1(f) := _true(f, ["agent_readable_traces"], 5)

# _span_for_types: a span criterion for some system types only. It is not applicable only when
# system.type is a string outside those types; an absent or malformed type fails closed.
_span_for_types(f, types, type_text, span) := lib.outcome(true, msg) if {
	t := lib.get(f, ["system", "type"], null)
	is_string(t)
	not t in types
	msg := concat("", ["not applicable: system.type is ", t, ", not ", type_text])
} else := lib.outcome(ok, concat("; ", [observed, because])) if {
	ok := _includes(f, ["tracing", "spans"], span)
	observed := _fact(f, ["tracing", "spans"], "array")
	because := concat("", [_fact_at(f, ["system", "type"], "string"), ", so level 4 needs it to include ", span])
} else := _unreadable(["tracing", "spans"], 4, concat("", ["it to include ", span]))

# --- fact helpers: the same block in every posture package (a candidate for aimm.lib) ---

# _one_of: the fact is one of the allowed strings.
_one_of(f, path, allowed, level, need) := lib.outcome(ok, _msg(observed, level, need)) if {
	ok := _in(lib.posture(f, _dim, path, "none"), allowed)
	observed := _fact(f, path, "string")
} else := _unreadable(path, level, need)

# _true: the fact is the boolean true.
_true(f, path, level) := lib.outcome(ok, _msg(observed, level, "true")) if {
	ok := _yes(lib.posture(f, _dim, path, false))
	observed := _fact(f, path, "boolean")
} else := _unreadable(path, level, "true")

# _at_least: the fact is a number of at least n.
_at_least(f, path, n, level) := lib.outcome(ok, _msg(observed, level, need)) if {
	need := concat("", ["at least ", lib.show(n)])
	ok := _ge(lib.posture(f, _dim, path, 0), n)
	observed := _fact(f, path, "number")
} else := _unreadable(path, level, concat("", ["at least ", lib.show(n)]))

# _includes_outcome: the fact is a list that includes item.
_includes_outcome(f, path, item, level) := lib.outcome(ok, _msg(observed, level, need)) if {
	need := concat("", ["it to include ", item])
	ok := _includes(f, path, item)
	observed := _fact(f, path, "array")
} else := _unreadable(path, level, concat("", ["it to include ", item]))

# _evidence: the fact names a file that the checker found inside the repository.
_evidence(f, path, level, need) := lib.outcome(true, _file(f, path, p)) if {
	p := lib.posture(f, _dim, path, null)
	lib.evidence_ok(f, p)
} else := lib.outcome(false, _msg(_file(f, path, p), level, need)) if {
	p := lib.posture(f, _dim, path, null)
	lib.has_text(p)
} else := lib.outcome(false, _msg(observed, level, need)) if {
	observed := _declared(f, path)
} else := _unreadable(path, level, need)

# _file: "<fact> is "<path>" (<what the evidence check found>)".
_file(f, path, p) := concat("", [_name(path), " is ", lib.quoted(p), " (", lib.evidence_detail(f, p), ")"])

# _declared: like _fact for a path-valued fact, but an absent path is "not declared".
_declared(f, path) := concat("", [_name(path), " is not declared"]) if {
	not _present(f, array.concat(["posture", _dim], path))
} else := _fact(f, path, "string")

# _msg joins what was observed with what the level needs.
_msg(observed, level, need) := concat("", [observed, "; level ", lib.show(level), " needs ", need])

# _unreadable is the fail-closed outcome when a fact cannot be read at all.
_unreadable(path, level, need) := lib.outcome(false, _msg(
	concat("", [_name(path), " could not be read"]),
	level, need,
))

_name(path) := concat(".", array.concat(["posture", _dim], path))

_in(x, allowed) := true if {
	is_string(x)
	x in allowed
} else := false

_yes(x) := true if {
	lib.is_true(x)
} else := false

_ge(x, n) := true if {
	is_number(x)
	x >= n
} else := false

_includes(f, path, item) := true if {
	v := lib.posture(f, _dim, path, [])
	is_array(v)
	item in v
} else := false

_present(f, path) if lib.get(f, path, 0) == lib.get(f, path, 1)

# _fact says how a posture fact of this dimension reads, in the manifest's terms.
_fact(f, path, want) := _fact_at(f, array.concat(["posture", _dim], path), want)

# _fact_at: "<path> is <value>", "<path> is not set", or "<path> is <value> (not a <type>)".
_fact_at(f, path, want) := concat("", [concat(".", path), " is not set"]) if {
	not _present(f, path)
} else := concat("", [concat(".", path), " is ", _render(v)]) if {
	v := lib.get(f, path, null)
	type_name(v) == want
} else := concat("", [concat(".", path), " is ", _render(lib.get(f, path, null)), " (not ", _a(want), ")"])

_a(t) := concat("", ["an ", t]) if {
	t in {"array", "object"}
} else := concat("", ["a ", t])

# _render shows a value as YAML would: strings quoted, lists in brackets; never via sprintf.
_render(v) := lib.quoted(v) if {
	is_string(v)
} else := concat("", ["[", concat(", ", [text | some e in v; text := _item(e)]), "]"]) if {
	is_array(v)
} else := "an object" if {
	is_object(v)
} else := lib.show(v)

_item(e) := e if {
	is_string(e)
} else := type_name(e) if {
	type_name(e) in {"array", "object", "set"}
} else := lib.show(e)

# Audit controls (AUD-*): the audit row of the maturity grid (manifest-v1, section 2).
# Each control is a function of the facts document f and returns lib.outcome(ok, message).
# Absent facts read as their weakest value; a fact of the wrong type fails, never passes.
# Declared paths pass only when f.evidence says the file exists inside the repository.
package aimm.controls.audit

import data.aimm.lib

results["AUD-2.1"] := aud_2_1(input)

results["AUD-3.1"] := aud_3_1(input)

results["AUD-3.2"] := aud_3_2(input)

results["AUD-3.3"] := aud_3_3(input)

results["AUD-4.1"] := aud_4_1(input)

results["AUD-4.2"] := aud_4_2(input)

results["AUD-4.3"] := aud_4_3(input)

results["AUD-4.4"] := aud_4_4(input)

results["AUD-4.5"] := aud_4_5(input)

results["AUD-4.6"] := aud_4_6(input)

results["AUD-4.7"] := aud_4_7(input)

results["AUD-5.1"] := aud_5_1(input)

_dim := "audit"

_covers := ["audit_trail", "covers"]

# AUD-2.1, L2 "records is scattered or centralized".
aud_2_1(f) := _one_of(f, ["records"], {"scattered", "centralized"}, 2, "scattered or centralized")

# AUD-3.1, L3 "records centralized".
aud_3_1(f) := _one_of(f, ["records"], {"centralized"}, 3, "centralized")

# AUD-3.2, L3 "retention_days >= 90".
aud_3_2(f) := _at_least(f, ["retention_days"], 90, 3)

# AUD-3.3, L3 "export".
aud_3_3(f) := _true(f, ["export"], 3)

# AUD-4.1, L4 "audit_trail mandatory".
aud_4_1(f) := _true(f, ["audit_trail", "mandatory"], 4)

# AUD-4.2, L4 "audit_trail immutable".
aud_4_2(f) := _true(f, ["audit_trail", "immutable"], 4)

# AUD-4.3, L4 "covers includes prompts, responses and model_versions".
aud_4_3(f) := lib.outcome(true, _msg(observed, 4, _base_need)) if {
	count(_missing_base(f)) == 0
	observed := _fact(f, _covers, "array")
} else := lib.outcome(false, _msg(observed, 4, need)) if {
	observed := _fact(f, _covers, "array")
	need := concat("", [_base_need, " (missing ", concat(", ", _missing_base(f)), ")"])
} else := _unreadable(_covers, 4, _base_need)

_missing_base(f) := [m | some m in ["prompts", "responses", "model_versions"]; not _includes(f, _covers, m)]

_base_need := "it to include prompts, responses and model_versions"

# AUD-4.4, L4 "plus tool_calls when type is agent or multi-agent".
aud_4_4(f) := _covers_when(f, ["system", "type"], {"agent", "multi-agent"}, "agent or multi-agent", "tool_calls")

# AUD-4.5, L4 "plus approvals when autonomy is act-with-approval".
aud_4_5(f) := _covers_when(f, ["risk", "autonomy"], {"act-with-approval"}, "act-with-approval", "approvals")

# _covers_when: covers must include item when the manifest fact at path is one of values. It is
# not applicable only when that fact is a string outside values; absent or malformed fails closed.
_covers_when(f, path, values, values_text, item) := lib.outcome(true, msg) if {
	v := lib.get(f, path, null)
	is_string(v)
	not v in values
	msg := concat("", ["not applicable: ", concat(".", path), " is ", v, ", not ", values_text])
} else := lib.outcome(ok, concat("; ", [observed, because])) if {
	ok := _includes(f, _covers, item)
	observed := _fact(f, _covers, "array")
	because := concat("", [_fact_at(f, path, "string"), ", so level 4 needs it to include ", item])
} else := _unreadable(_covers, 4, concat("", ["it to include ", item]))

# AUD-4.6, L4 "postmortem_template exists".
aud_4_6(f) := _evidence(f, ["postmortem_template"], 4, _postmortem_need)

_postmortem_need := "a postmortem template declared and present as a file in the repository"

# AUD-4.7, L4 "incident_runbook exists".
aud_4_7(f) := _evidence(f, ["incident_runbook"], 4, _runbook_need)

_runbook_need := "an incident runbook declared and present as a file in the repository"

# AUD-5.1, L5 "continuous_compliance".
aud_5_1(f) := _true(f, ["continuous_compliance"], 5)

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

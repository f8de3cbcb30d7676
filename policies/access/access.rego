# Access controls (ACC-*): the access row of the maturity grid (manifest-v1, section 2).
# Each control is a function of the facts document f and returns lib.outcome(ok, message).
# Absent facts read as their weakest value (an absent max_age_days is no maximum);
# a fact of the wrong type fails, never passes.
package aimm.controls.access

import data.aimm.lib

results["ACC-2.1"] := acc_2_1(input)

results["ACC-2.2"] := acc_2_2(input)

results["ACC-3.1"] := acc_3_1(input)

results["ACC-3.2"] := acc_3_2(input)

results["ACC-4.1"] := acc_4_1(input)

results["ACC-4.2"] := acc_4_2(input)

results["ACC-5.1"] := acc_5_1(input)

results["ACC-5.2"] := acc_5_2(input)

_dim := "access"

# ACC-2.1, L2 "credentials is individual, scoped or workload-identity".
acc_2_1(f) := _one_of(
	f, ["credentials"], {"individual", "scoped", "workload-identity"}, 2,
	"individual, scoped or workload-identity",
)

# ACC-2.2, L2 "sso is partial or full".
acc_2_2(f) := _one_of(f, ["sso"], {"partial", "full"}, 2, "partial or full")

# ACC-3.1, L3 "sso full".
acc_3_1(f) := _one_of(f, ["sso"], {"full"}, 3, "full")

# ACC-3.2, L3 "rbac coarse or fine-grained".
acc_3_2(f) := _one_of(f, ["rbac"], {"coarse", "fine-grained"}, 3, "coarse or fine-grained")

# ACC-4.1, L4 "rbac fine-grained".
acc_4_1(f) := _one_of(f, ["rbac"], {"fine-grained"}, 4, "fine-grained")

# ACC-4.2, L4 "credentials scoped or workload-identity".
acc_4_2(f) := _one_of(f, ["credentials"], {"scoped", "workload-identity"}, 4, "scoped or workload-identity")

# ACC-5.1, L5 "policy_as_code".
acc_5_1(f) := _true(f, ["policy_as_code"], 5)

# ACC-5.2, L5 "key_rotation automated with max_age_days <= 90" (max_age_days set, 0 to 90).
acc_5_2(f) := lib.outcome(ok, _msg(observed, 5, _rotation_need)) if {
	ok := _rotation(f)
	observed := concat(" and ", [
		_fact(f, ["key_rotation", "automated"], "boolean"),
		_fact(f, ["key_rotation", "max_age_days"], "number"),
	])
} else := _unreadable(["key_rotation"], 5, _rotation_need)

_rotation_need := "key_rotation.automated true and key_rotation.max_age_days set and at most 90"

_rotation(f) := true if {
	lib.is_true(lib.posture(f, _dim, ["key_rotation", "automated"], false))
	days := lib.posture(f, _dim, ["key_rotation", "max_age_days"], null)
	is_number(days)
	days >= 0
	days <= 90
} else := false

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

# Shared helpers for every aimm policy package: reading facts with defaults,
# checking evidence, and building control outcomes and messages in one shape.
#
# rego-cpp: `with input as ...` segfaults on rules that use !=, arithmetic or partial objects,
# so every control is a function of the facts document (f) and tests call it on literal facts.
# rego-cpp: a name defined with different arities in two packages can segfault, so names are
# unique across packages, tests included.
package aimm.core.lib

# model_id names the maturity model being evaluated: the engine (embedded or an OPA server)
# passes it as input.model. Policy tests run without input and see the default model.
model_id := m if {
	m := input.model
	is_string(m)
} else := "default"

# The evaluated model's data (controls/<model>/ merged with controls/core/), its compact
# catalog and the catalog order, as the engine loads them under data.aimm.models.<id>.
model := data.aimm.models[model_id].model

catalog := data.aimm.models[model_id].catalog

catalog_order := data.aimm.models[model_id].catalog_order

# The model's lowest and highest levels (1 and 5 for the default model; a model may start at
# 0). Every system is at least at the lowest level, which has no criteria.
bottom_level := model.levels[0].level

top_level := model.levels[count(model.levels) - 1].level

# outcome is the one shape every control returns.
outcome(ok, message) := {"pass": ok, "message": message}

# get reads a manifest fact at path (an array of keys), or the default when absent.
get(f, path, default_value) := object.get(f.manifest, path, default_value)

# posture reads a fact inside one posture dimension.
posture(f, dimension, path, default_value) := get(f, array.concat(["posture", dimension], path), default_value)

# is_true holds only for the boolean true, so a string "true" never passes.
is_true(x) if x == true

# has_text holds for a string with something other than white space.
has_text(x) if {
	is_string(x)
	trim_space(x) != ""
}

# evidence_ok holds when Python found the declared path as a file inside the repository.
evidence_ok(f, path) if {
	is_string(path)
	f.evidence[path].exists == true
}

# ---- evidence probes ------------------------------------------------------------------------
#
# Python's evidence probes read what a declared file holds and report, per path and probe,
# input.evidence[path].probes[<probe id>] = {"status": s, "detail": "...", ...facts}, where s is
# "verified" (the file bears the claim out), "contradicted" (it does not: the control relying
# on it fails) or "unverified" (the probe could not tell: an unknown format, no git history).
# With --no-verify-evidence there are no probes and every status reads "unverified".

# probe is one probe's report on a declared path, or an unverified one when it did not run.
probe(f, path, id) := p if {
	is_string(path)
	p := f.evidence[path].probes[id]
	is_object(p)
	p.status in {"verified", "contradicted", "unverified"}
} else := {"status": "unverified", "detail": "not probed"}

# probe_status is one probe's status on a declared path ("unverified" when it did not run).
probe_status(f, path, id) := probe(f, path, id).status

# contradicted holds when a probe found that the file does not bear out the claim.
contradicted(f, path, id) if probe_status(f, path, id) == "contradicted"

# evidence_detail says why a declared path does or does not count.
evidence_detail(f, path) := f.evidence[path].detail if {
	is_string(path)
	is_string(f.evidence[path].detail)
} else := concat("", [show(path), " was not checked"])

# show renders a value for a message. Strings go through concat, never sprintf.
# rego-cpp: sprintf leaves quotes unescaped when it formats a string, breaking the JSON output.
# Strings and numbers come first: they are most messages, and each test costs a built-in call.
show(x) := x if {
	is_string(x)
} else := _number(x) if {
	is_number(x)
} else := concat(", ", [_scalar(e) | some e in x]) if {
	is_array(x)
} else := _scalar(x)

_scalar(x) := x if {
	is_string(x)
} else := "null" if {
	is_null(x)
} else := "true" if {
	x == true
} else := "false" if {
	x == false
} else := _number(x) if {
	is_number(x)
} else := sprintf("%v", [x])

# _number renders a number as rego-cpp's sprintf("%v") does, on every engine. Whole numbers
# below 2^31 use format_int: sprintf is not compiled into OPA's Wasm (each call goes out to
# the host, ~0.2 ms) and they are nearly every number in a message; OPA's Wasm format_int
# aborts beyond 32 bits (and writes -2^31 as "--2147483648"). For other numbers
# rego-cpp's "%v" is "%.16g" for a float and the exact digits for an integer, while OPA's "%v"
# gives a float 17 digits where a double needs them and the exponent form from 10^6 on, and
# its "%.16g" does not format integers: so floats (written with "." or an exponent, as
# json.marshal shows on both engines) use "%.16g", integers "%v". The bounds come first:
# rego-cpp's round fails on the largest doubles.
_number(x) := format_int(x, 10) if {
	x < 2147483648
	x > -2147483648
	x == round(x)
} else := sprintf("%.16g", [x]) if {
	_float_text(json.marshal(x))
} else := sprintf("%v", [x])

_float_text(s) if contains(s, ".")

_float_text(s) if contains(lower(s), "e")

# quoted renders a value as it would appear in YAML for a message.
quoted(x) := concat("", ["\"", x, "\""]) if is_string(x)

else := show(x)

# days_between returns whole days from date a to date b (both YYYY-MM-DD).
days_between(a, b) := (time.parse_ns("2006-01-02", b) - time.parse_ns("2006-01-02", a)) / 86400000000000

# --- posture facts: reading one dimension's facts and phrasing what they say ---
# Every grid control reads facts under posture.<dimension> and says what it observed and what
# its level needs. The helpers below take the dimension as a parameter so each package keeps
# only its own criteria. Controls read the posture object once (posture_of) and pass that
# small object on.
# rego-cpp: keys are looked up in O(size), so re-reading f.manifest adds up.

# posture_of is one dimension's posture object. Anything but an object reads as {}, so each
# fact in it is absent (its weakest value); undefined when f has no manifest at all.
posture_of(f, dimension) := p if {
	p := object.get(f.manifest, ["posture", dimension], {})
	is_object(p)
} else := {} if is_object(f.manifest)

# fact_name is a posture fact as the manifest names it: "posture.<dimension>.<path>".
fact_name(dimension, path) := concat(".", array.concat(["posture", dimension], path))

# needs joins what was observed with what the level needs.
needs(observed, level, need) := concat("", [observed, "; level ", show(level), " needs ", need])

# unreadable is the fail-closed outcome when a posture fact cannot be read at all.
unreadable(dimension, path, level, need) := outcome(false, needs(
	concat("", [fact_name(dimension, path), " could not be read"]),
	level, need,
))

# present holds when object o has a value at path, even null or false.
present(o, path) if object.get(o, path, 0) == object.get(o, path, 1)

# reads says how the value at path in object o reads, under the given name:
# "<name> is <value>", "<name> is not set", or "<name> is <value> (not a <type>)".
reads(o, path, name, want) := concat("", [name, " is ", render(v), _type_note(v, want)]) if {
	v := object.get(o, path, null)
	v != null
} else := concat("", [name, " is not set"]) if {
	not present(o, path)
} else := concat("", [name, " is null", _type_note(null, want)])

_type_note(v, want) := "" if {
	type_name(v) == want
} else := concat("", [" (not ", a_type(want), ")"])

# fact says how a fact in posture object p of the dimension reads.
fact(p, dimension, path, want) := reads(p, path, fact_name(dimension, path), want)

# manifest_fact says how a fact anywhere in the manifest reads, e.g. system.type.
manifest_fact(f, path, want) := reads(f.manifest, path, concat(".", path), want)

# a_type names a type with its article: "a string", "an array".
a_type(t) := concat("", ["an ", t]) if {
	t in {"array", "object"}
} else := concat("", ["a ", t])

# render shows a value as YAML would: strings quoted, lists in brackets; never via sprintf.
render(v) := quoted(v) if {
	is_string(v)
} else := concat("", ["[", concat(", ", [text | some e in v; text := _render_item(e)]), "]"]) if {
	is_array(v)
} else := "an object" if {
	is_object(v)
} else := show(v)

# _render_item shows a list item; nested collections by their type only.
_render_item(e) := e if {
	is_string(e)
} else := type_name(e) if {
	type_name(e) in {"array", "object", "set"}
} else := show(e)

# file_detail: "\"<path>\" (<what the evidence check found>)".
file_detail(f, path) := concat("", [quoted(path), " (", evidence_detail(f, path), ")"])

# Tests that are always true or false, never undefined, so an outcome always has a pass value.

# string_in: x is a string among allowed.
string_in(x, allowed) if {
	is_string(x)
	x in allowed
} else := false

# number_at_least: x is a number of at least n.
number_at_least(x, n) if {
	is_number(x)
	x >= n
} else := false

# list_has: v is a list that includes item.
list_has(v, item) if {
	is_array(v)
	item in v
} else := false

_truth(x) if {
	is_true(x)
} else := false

# --- control outcomes for one posture fact; each fails closed as unreadable ---

# one_of: the fact is one of the allowed strings (absent reads as "none").
one_of(f, dimension, path, allowed, level, need) := outcome(ok, needs(observed, level, need)) if {
	p := posture_of(f, dimension)
	ok := string_in(object.get(p, path, "none"), allowed)
	observed := fact(p, dimension, path, "string")
} else := unreadable(dimension, path, level, need)

# true_fact: the fact is the boolean true.
true_fact(f, dimension, path, level) := outcome(ok, needs(observed, level, "true")) if {
	p := posture_of(f, dimension)
	ok := _truth(object.get(p, path, false))
	observed := fact(p, dimension, path, "boolean")
} else := unreadable(dimension, path, level, "true")

# at_least: the fact is a number of at least n.
at_least(f, dimension, path, n, level) := outcome(ok, needs(observed, level, need)) if {
	p := posture_of(f, dimension)
	need := concat("", ["at least ", show(n)])
	ok := number_at_least(object.get(p, path, 0), n)
	observed := fact(p, dimension, path, "number")
} else := unreadable(dimension, path, level, concat("", ["at least ", show(n)]))

# includes: the fact is a list that includes item.
includes(f, dimension, path, item, level) := outcome(ok, needs(observed, level, need)) if {
	p := posture_of(f, dimension)
	need := concat("", ["it to include ", item])
	ok := list_has(object.get(p, path, []), item)
	observed := fact(p, dimension, path, "array")
} else := unreadable(dimension, path, level, concat("", ["it to include ", item]))

# includes_when: like includes, but only when the manifest fact at when_path is one of
# when_values (described as when_text). Not applicable only when that fact is a string
# outside when_values; an absent or malformed one fails closed.
includes_when(f, dimension, path, item, level, when_path, when_values, when_text) := outcome(true, msg) if {
	v := get(f, when_path, null)
	is_string(v)
	not v in when_values
	msg := concat("", ["not applicable: ", concat(".", when_path), " is ", v, ", not ", when_text])
} else := outcome(ok, concat("; ", [observed, because])) if {
	p := posture_of(f, dimension)
	ok := list_has(object.get(p, path, []), item)
	observed := fact(p, dimension, path, "array")
	because := concat("", [
		manifest_fact(f, when_path, "string"),
		", so level ", show(level), " needs it to include ", item,
	])
} else := unreadable(dimension, path, level, concat("", ["it to include ", item]))

# evidence_file: the fact names a file that the checker found inside the repository.
evidence_file(f, dimension, path, level, need) := _file_outcome(f, p, dimension, path, level, need) if {
	p := posture_of(f, dimension)
} else := unreadable(dimension, path, level, need)

_file_outcome(f, p, dimension, path, level, need) := outcome(true, _file_fact(f, dimension, path, x)) if {
	x := object.get(p, path, null)
	evidence_ok(f, x)
} else := outcome(false, needs(_file_fact(f, dimension, path, x), level, need)) if {
	x := object.get(p, path, null)
	has_text(x)
} else := outcome(false, needs(_declared_fact(p, dimension, path), level, need))

# _file_fact: "<fact> is "<path>" (<what the evidence check found>)".
_file_fact(f, dimension, path, x) := concat("", [fact_name(dimension, path), " is ", file_detail(f, x)])

# _declared_fact: like fact for a path-valued fact, but an absent path is "not declared".
_declared_fact(p, dimension, path) := concat("", [fact_name(dimension, path), " is not declared"]) if {
	not present(p, path)
} else := fact(p, dimension, path, "string")

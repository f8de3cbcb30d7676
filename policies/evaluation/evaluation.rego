# Evaluation controls (EVA-*): the evaluation row of the maturity grid (manifest-v1, section 2).
# Each control is a function of the facts document f and returns lib.outcome(ok, message).
# Absent facts read as their weakest value; a fact of the wrong type fails, never passes.
# Declared paths pass only when f.evidence says the file exists inside the repository.
package aimm.controls.evaluation

import data.aimm.lib

results["EVA-2.1"] := eva_2_1(input)

results["EVA-3.1"] := eva_3_1(input)

results["EVA-3.2"] := eva_3_2(input)

results["EVA-3.3"] := eva_3_3(input)

results["EVA-4.1"] := eva_4_1(input)

results["EVA-4.2"] := eva_4_2(input)

results["EVA-4.3"] := eva_4_3(input)

results["EVA-4.4"] := eva_4_4(input)

results["EVA-5.1"] := eva_5_1(input)

results["EVA-5.2"] := eva_5_2(input)

_dim := "evaluation"

# EVA-2.1, L2 "manual_review is ad-hoc or scheduled".
eva_2_1(f) := _one_of(f, ["manual_review"], {"ad-hoc", "scheduled"}, 2, "ad-hoc or scheduled")

# EVA-3.1, L3 "at least one suite".
eva_3_1(f) := lib.outcome(ok, _msg(_suites_fact(f), 3, "at least one suite")) if {
	ok := _ge(count(_suites(f)), 1)
} else := _unreadable(["suites"], 3, "at least one suite")

# EVA-3.2, L3 "cases across suites >= 20". A suite without a number of cases counts 0.
eva_3_2(f) := lib.outcome(ok, _msg(_cases_fact(f), 3, "at least 20 cases across suites")) if {
	ok := _ge(_total_cases(f), 20)
} else := _unreadable(["suites"], 3, "at least 20 cases across suites")

_total_cases(f) := sum([n | some x in _suites(f); n := _cases(x)])

# _cases_fact: "posture.evaluation.suites has N suites with M cases in total", naming the
# suites whose cases are absent or not a number.
_cases_fact(f) := concat("", [_suites_fact(f), " with ", lib.show(_total_cases(f)), " cases in total", note]) if {
	s := _suites(f)
	count(s) > 0
	uncounted := [label | some i; x := s[i]; not is_number(_object(x).cases); label := _suite_label(s, i)]
	note := _uncounted(uncounted)
} else := _suites_fact(f)

_uncounted(labels) := "" if {
	count(labels) == 0
} else := concat("", [" (no number of cases, counted as 0: ", concat(", ", labels), ")"])

# EVA-3.3, L3 "every suite path exists". Fails with no suites, and names every suite whose
# path is missing, not a string, or not found as a file in the repository.
eva_3_3(f) := lib.outcome(false, _msg(_suites_fact(f), 3, _suite_path_need)) if {
	count(_suites(f)) == 0
} else := lib.outcome(true, concat("", ["every suite path exists: ", concat(", ", found)])) if {
	count(_suite_problems(f)) == 0
	found := [text | some x in _suites(f); text := _suite_file(f, x.path)]
} else := lib.outcome(false, _msg(concat("; ", _suite_problems(f)), 3, _suite_path_need)) if {
	count(_suite_problems(f)) > 0
} else := _unreadable(["suites"], 3, _suite_path_need)

_suite_path_need := "every suite path to exist as a file in the repository"

_suite_problems(f) := [problem |
	s := _suites(f)
	some i
	x := s[i]
	not lib.evidence_ok(f, _object(x).path)
	problem := _suite_problem(f, s, i)
]

_suite_file(f, p) := concat("", [p, " (", lib.evidence_detail(f, p), ")"])

_file_detail(f, p) := concat("", [lib.quoted(p), " (", lib.evidence_detail(f, p), ")"])

_suite_problem(f, s, i) := concat("", [_suite_label(s, i), " has no path"]) if {
	not _present_in(_object(s[i]), "path")
} else := concat("", [_suite_label(s, i), " has path ", _render(p), " (not a string)"]) if {
	p := s[i].path
	not is_string(p)
} else := concat("", [_suite_label(s, i), " has path ", _file_detail(f, s[i].path)])

# _suites is the list of suites, empty when absent or not a list.
_suites(f) := s if {
	s := lib.posture(f, _dim, ["suites"], [])
	is_array(s)
} else := []

# _suites_fact: "posture.evaluation.suites has N suites", or how the fact reads otherwise.
_suites_fact(f) := concat("", [_name(["suites"]), " has ", _plural(count(s), "suite")]) if {
	s := lib.posture(f, _dim, ["suites"], null)
	is_array(s)
} else := _fact(f, ["suites"], "array")

_plural(n, word) := concat("", [lib.show(n), " ", word]) if {
	n == 1
} else := concat("", [lib.show(n), " ", word, "s"])

_cases(x) := c if {
	c := _object(x).cases
	is_number(c)
} else := 0

# _suite_label names a suite by its name, or by its position when it has none.
_suite_label(s, i) := concat("", ["suite ", s[i].name]) if {
	lib.has_text(_object(s[i]).name)
} else := concat("", [_name(["suites"]), "[", lib.show(i), "]"])

_object(x) := x if {
	is_object(x)
} else := {}

_present_in(o, key) if object.get(o, key, 0) == object.get(o, key, 1)

# EVA-4.1, L4 "ci_gate enabled".
eva_4_1(f) := _true(f, ["ci_gate", "enabled"], 4)

# EVA-4.2, L4 "ci_gate blocking".
eva_4_2(f) := _true(f, ["ci_gate", "blocking"], 4)

# EVA-4.3, L4 "ci_gate workflow exists".
eva_4_3(f) := _evidence(f, ["ci_gate", "workflow"], 4, "the workflow declared and present as a file in the repository")

# EVA-4.4, L4 "regression.cases >= 50".
eva_4_4(f) := _at_least(f, ["regression", "cases"], 50, 4)

# EVA-5.1, L5 "online enabled with sampling_rate > 0".
eva_5_1(f) := lib.outcome(ok, _msg(observed, 5, _online_need)) if {
	ok := _online(f)
	observed := concat(" and ", [
		_fact(f, ["online", "enabled"], "boolean"),
		_fact(f, ["online", "sampling_rate"], "number"),
	])
} else := _unreadable(["online"], 5, _online_need)

_online_need := "online.enabled true and online.sampling_rate above 0"

_online(f) := true if {
	lib.is_true(lib.posture(f, _dim, ["online", "enabled"], false))
	rate := lib.posture(f, _dim, ["online", "sampling_rate"], 0)
	is_number(rate)
	rate > 0
} else := false

# EVA-5.2, L5 "regression.includes_production_samples".
eva_5_2(f) := _true(f, ["regression", "includes_production_samples"], 5)

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

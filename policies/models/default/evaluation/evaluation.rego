# Evaluation controls (EVA-*): the evaluation row of the maturity grid (manifest-v1, section 2).
# Each control is a function of the facts document f and returns lib.outcome(ok, message).
# Absent facts read as their weakest value; a fact of the wrong type fails, never passes.
# Declared paths pass only when f.evidence says the file exists inside the repository.
package aimm.models.default.evaluation

import data.aimm.core.lib

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
eva_2_1(f) := lib.one_of(f, _dim, ["manual_review"], {"ad-hoc", "scheduled"}, 2, "ad-hoc or scheduled")

# EVA-3.1, L3 "at least one suite".
eva_3_1(f) := lib.outcome(ok, lib.needs(_suites_fact(p), 3, "at least one suite")) if {
	p := lib.posture_of(f, _dim)
	ok := lib.number_at_least(count(_suites(p)), 1)
} else := lib.unreadable(_dim, ["suites"], 3, "at least one suite")

# EVA-3.2, L3 "cases across suites >= 20". A suite without a number of cases counts 0.
eva_3_2(f) := lib.outcome(ok, lib.needs(_cases_fact(p, s), 3, "at least 20 cases across suites")) if {
	p := lib.posture_of(f, _dim)
	s := _suites(p)
	ok := lib.number_at_least(_total_cases(s), 20)
} else := lib.unreadable(_dim, ["suites"], 3, "at least 20 cases across suites")

_total_cases(s) := sum([n | some x in s; n := _cases(x)])

# _cases_fact: "posture.evaluation.suites has N suites with M cases in total", naming the
# suites whose cases are absent or not a number.
_cases_fact(p, s) := concat("", [_suites_fact(p), " with ", lib.show(_total_cases(s)), " cases in total", note]) if {
	count(s) > 0

	# rego-cpp: `some i, x in s` does not parse inside a comprehension; bind the index first.
	uncounted := [label | some i; x := s[i]; not _counted(x); label := _suite_label(s, i)]
	note := _uncounted(uncounted)
} else := _suites_fact(p)

# _counted: x is a suite with a number of cases. A helper, never `not is_number(_object(x).cases)`:
# OPA hoists a ref out of a negated call (open-policy-agent/opa#7558), so a suite without cases
# made the whole comprehension body fail there instead of listing the suite.
_counted(x) if is_number(_object(x).cases)

_uncounted(labels) := "" if {
	count(labels) == 0
} else := concat("", [" (no number of cases, counted as 0: ", concat(", ", labels), ")"])

# EVA-3.3, L3 "every suite path exists". Fails with no suites, and names every suite whose
# path is missing, not a string, or not found as a file in the repository.
eva_3_3(f) := _suite_paths(p, s, _suite_problems(f, s), f) if {
	p := lib.posture_of(f, _dim)
	s := _suites(p)
} else := lib.unreadable(_dim, ["suites"], 3, _suite_path_need)

# _suite_paths decides EVA-3.3 from the suites s and their problems, computed once.
_suite_paths(p, s, problems, f) := lib.outcome(false, lib.needs(_suites_fact(p), 3, _suite_path_need)) if {
	count(s) == 0
} else := lib.outcome(true, concat("", ["every suite path exists: ", concat(", ", found)])) if {
	count(problems) == 0
	found := [text | some x in s; text := _suite_file(f, x.path)]
} else := lib.outcome(false, lib.needs(concat("; ", problems), 3, _suite_path_need))

_suite_path_need := "every suite path to exist as a file in the repository"

_suite_problems(f, s) := [problem |
	some i
	x := s[i]

	# object.get, never _object(x).path: OPA hoists the ref out of the negation
	# (open-policy-agent/opa#7558), so a suite without a path would pass EVA-3.3 (fail-open).
	not lib.evidence_ok(f, object.get(_object(x), "path", null))
	problem := _suite_problem(f, s, i)
]

_suite_file(f, path) := concat("", [path, " (", lib.evidence_detail(f, path), ")"])

_suite_problem(f, s, i) := concat("", [_suite_label(s, i), " has no path"]) if {
	not lib.present(_object(s[i]), ["path"])
} else := concat("", [_suite_label(s, i), " has path ", lib.render(x), " (not a string)"]) if {
	x := s[i].path
	not is_string(x)
} else := concat("", [_suite_label(s, i), " has path ", lib.file_detail(f, s[i].path)])

# _suites is the list of suites, empty when absent or not a list.
_suites(p) := s if {
	s := p.suites
	is_array(s)
} else := []

# _suites_fact: "posture.evaluation.suites has N suites", or how the fact reads otherwise.
_suites_fact(p) := concat("", [lib.fact_name(_dim, ["suites"]), " has ", _plural(count(s), "suite")]) if {
	s := p.suites
	is_array(s)
} else := lib.fact(p, _dim, ["suites"], "array")

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
} else := concat("", [lib.fact_name(_dim, ["suites"]), "[", lib.show(i), "]"])

_object(x) := x if {
	is_object(x)
} else := {}

# EVA-4.1, L4 "ci_gate enabled".
eva_4_1(f) := lib.true_fact(f, _dim, ["ci_gate", "enabled"], 4)

# EVA-4.2, L4 "ci_gate blocking".
eva_4_2(f) := lib.true_fact(f, _dim, ["ci_gate", "blocking"], 4)

# EVA-4.3, L4 "ci_gate workflow exists".
eva_4_3(f) := lib.evidence_file(
	f, _dim, ["ci_gate", "workflow"], 4,
	"the workflow declared and present as a file in the repository",
)

# EVA-4.4, L4 "regression.cases >= 50".
eva_4_4(f) := lib.at_least(f, _dim, ["regression", "cases"], 50, 4)

# EVA-5.1, L5 "online enabled with sampling_rate > 0".
eva_5_1(f) := lib.outcome(ok, lib.needs(observed, 5, _online_need)) if {
	p := lib.posture_of(f, _dim)
	ok := _online(p)
	observed := concat(" and ", [
		lib.fact(p, _dim, ["online", "enabled"], "boolean"),
		lib.fact(p, _dim, ["online", "sampling_rate"], "number"),
	])
} else := lib.unreadable(_dim, ["online"], 5, _online_need)

_online_need := "online.enabled true and online.sampling_rate above 0"

_online(p) if {
	lib.is_true(object.get(p, ["online", "enabled"], false))
	rate := object.get(p, ["online", "sampling_rate"], 0)
	is_number(rate)
	rate > 0
} else := false

# EVA-5.2, L5 "regression.includes_production_samples".
eva_5_2(f) := lib.true_fact(f, _dim, ["regression", "includes_production_samples"], 5)

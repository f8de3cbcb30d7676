# Evaluation controls (EVA-*): the evaluation row of the maturity grid (manifest-v1, section 2).
# Each control is a function of the facts document f and returns lib.outcome(ok, message).
# Absent facts read as their weakest value; a fact of the wrong type fails, never passes.
# Declared paths pass only when f.evidence says the file exists inside the repository, and the
# evidence probes' facts (cases counted in the suite files, the CI workflow as parsed) must
# bear the claims out: a contradicted claim fails the control and is reported with it.
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

# EVA-3.2, L3 "cases across suites >= 20". A suite without a number of cases counts 0. A suite
# declaring more cases than the eval_suite probe counted in its file fails it.
eva_3_2(f) := lib.with_claims(_cases_outcome(p, s, claims), claims) if {
	p := lib.posture_of(f, _dim)
	s := _suites(p)
	claims := _case_claims(f, s)
} else := lib.unreadable(_dim, ["suites"], 3, _cases_need)

_cases_need := "at least 20 cases across suites"

_cases_outcome(p, s, claims) := _cases_verdict(p, s, lib.contradictions(claims))

_cases_verdict(p, s, found) := lib.outcome(ok, lib.needs(_cases_fact(p, s), 3, _cases_need)) if {
	count(found) == 0
	ok := lib.number_at_least(_total_cases(s), 20)
} else := lib.outcome(false, lib.needs(concat("; ", array.concat([_cases_fact(p, s)], found)), 3, _cases_need))

# _case_claims: each suite's declared number of cases against the cases counted in its file.
_case_claims(f, s) := [c |
	some i
	x := s[i]
	path := _object(x).path
	is_string(path)
	declared := x.cases
	is_number(declared)
	c := _case_claim(x, i, path, declared, lib.reported(f, path, "eval_suite"))
]

_case_claim(x, i, path, declared, p) := lib.claim(_suite_fact(i, "cases"), path, "eval_suite", "contradicted", detail) if {
	p.exact == true
	is_number(p.counted)
	declared > p.counted
	detail := concat("", [
		_suite_label(x, i), " declares ", lib.show(declared), " cases, but ", path, " holds ",
		lib.show(p.counted), " (", lib.show(object.get(p, "format", "")), ")",
	])
} else := lib.claim(_suite_fact(i, "cases"), path, "eval_suite", "verified", _held(p, path)) if {
	is_number(p.counted)
	declared <= p.counted
} else := lib.report_claim(_suite_fact(i, "cases"), path, "eval_suite", _as(p, "unverified"))

# _suite_fact is the JSON pointer of a fact of suite i.
_suite_fact(i, key) := concat("", ["/posture/evaluation/suites/", format_int(i, 10), "/", key])

# _held: "<path> holds N cases (<format>)", "N cases or more" when the count is a lower bound.
_held(p, path) := concat("", [path, " holds ", lib.show(p.counted), " cases", _or_more(p), " (", lib.show(object.get(p, "format", "")), ")"])

_or_more(p) := "" if {
	p.exact == true
} else := " or more"

_total_cases(s) := sum([n | some x in s; n := _cases(x)])

# _cases_fact: "posture.evaluation.suites has N suites with M cases in total", naming the
# suites whose cases are absent or not a number.
_cases_fact(p, s) := concat("", [_suites_fact(p), " with ", lib.show(_total_cases(s)), " cases in total", note]) if {
	count(s) > 0

	# rego-cpp: `some i, x in s` does not parse inside a comprehension; bind the index first.
	uncounted := [label | some i; x := s[i]; not _has_cases(x); label := _suite_label(x, i)]
	note := _uncounted(uncounted)
} else := _suites_fact(p)

# _has_cases: x is a suite with a number of cases. A helper, never `not is_number(_object(x).cases)`:
# OPA hoists a ref out of a negated call (open-policy-agent/opa#7558), so a suite without cases
# made the whole comprehension body fail there instead of listing the suite.
_has_cases(x) if is_number(_object(x).cases)

_uncounted(labels) := "" if {
	count(labels) == 0
} else := concat("", [" (no number of cases, counted as 0: ", concat(", ", labels), ")"])

# EVA-3.3, L3 "every suite path exists". Fails with no suites, and names every suite whose
# path is missing, not a string, not found in the repository, or a file holding no cases.
eva_3_3(f) := lib.with_claims(_suite_paths(p, s, problems, f), claims) if {
	p := lib.posture_of(f, _dim)
	s := _suites(p)
	checked := _checked_suites(f, s)
	problems := array.concat(_suite_problems(f, s), _empty_suites(s, checked))
	claims := [c | some x in checked; c := _path_claim(x)]
} else := lib.unreadable(_dim, ["suites"], 3, _suite_path_need)

# _suite_paths decides EVA-3.3 from the suites s and their problems, computed once.
_suite_paths(p, s, problems, f) := lib.outcome(false, lib.needs(_suites_fact(p), 3, _suite_path_need)) if {
	count(s) == 0
} else := lib.outcome(true, concat("", ["every suite path exists: ", concat(", ", found)])) if {
	count(problems) == 0
	found := [text | some x in s; text := _suite_file(f, x.path)]
} else := lib.outcome(false, lib.needs(concat("; ", problems), 3, _suite_path_need))

# _checked_suites: each suite with a path, whether the path was found, and the eval_suite
# probe's report on it (read once).
_checked_suites(f, s) := [{"i": i, "path": path, "found": found, "report": r} |
	some i
	x := s[i]
	path := _object(x).path
	is_string(path)
	found := _found(f, path)
	r := lib.reported(f, path, "eval_suite")
]

_found(f, path) if {
	lib.evidence_ok(f, path)
} else := false

# _empty_suites names the suites whose file exists but holds no cases (counted exactly).
_empty_suites(s, checked) := [problem |
	some x in checked
	x.found == true
	_no_cases(x.report)
	suite := s[x.i]
	problem := concat("", [_suite_label(suite, x.i), " has path ", lib.quoted(x.path), " (", x.report.detail, ")"])
]

_no_cases(p) if {
	p.exact == true
	p.counted == 0
}

# _path_claim: a suite path, as found (exists) and as a file of eval cases (eval_suite).
_path_claim(x) := lib.claim(_suite_fact(x.i, "path"), x.path, "exists", "contradicted", x.report.detail) if {
	x.found == false
} else := lib.report_claim(_suite_fact(x.i, "path"), x.path, "eval_suite", _as(x.report, "contradicted")) if {
	_no_cases(x.report)
} else := lib.claim(_suite_fact(x.i, "path"), x.path, "eval_suite", "verified", _held(x.report, x.path)) if {
	is_number(x.report.counted)
	x.report.counted > 0
} else := lib.report_claim(_suite_fact(x.i, "path"), x.path, "eval_suite", _as(x.report, "unverified"))

# _as is a report with the status this control gives it.
_as(p, status) := {"status": status, "detail": p.detail}

_suite_path_need := "every suite path to exist as a file in the repository"

# rego-cpp: the helpers take the suite itself, never (s, i): `s[i]` with a function parameter
# i scans every suite, which made 500 suites take minutes (issue 11).
_suite_problems(f, s) := [problem |
	some i
	x := s[i]

	# object.get, never _object(x).path: OPA hoists the ref out of the negation
	# (open-policy-agent/opa#7558), so a suite without a path would pass EVA-3.3 (fail-open).
	not lib.evidence_ok(f, object.get(_object(x), "path", null))
	problem := _suite_problem(f, x, i)
]

_suite_file(f, path) := concat("", [path, " (", lib.evidence_detail(f, path), ")"])

_suite_problem(f, x, i) := concat("", [_suite_label(x, i), " has no path"]) if {
	not lib.present(_object(x), ["path"])
} else := concat("", [_suite_label(x, i), " has path ", lib.render(path), " (not a string)"]) if {
	path := x.path
	not is_string(path)
} else := concat("", [_suite_label(x, i), " has path ", lib.file_detail(f, x.path)])

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

# _suite_label names suite x (at position i) by its name, or by its position when it has none.
_suite_label(x, i) := concat("", ["suite ", x.name]) if {
	lib.has_text(_object(x).name)
} else := concat("", [lib.fact_name(_dim, ["suites"]), "[", lib.show(i), "]"])

_object(x) := x if {
	is_object(x)
} else := {}

# EVA-4.1, L4 "ci_gate enabled": when the workflow is declared, the workflow probe must find
# that it runs on pull or merge requests and runs the eval suites.
eva_4_1(f) := lib.with_claims(_ci_outcome(f, "enabled", claims), claims) if {
	p := lib.posture_of(f, _dim)
	claims := _ci_claims(f, p, "enabled")
} else := lib.true_fact(f, _dim, ["ci_gate", "enabled"], 4)

# EVA-4.2, L4 "ci_gate blocking": when the workflow is declared, nothing in it may let a
# failing eval pass (continue-on-error, allow_failure, a command ignoring its failure).
eva_4_2(f) := lib.with_claims(_ci_outcome(f, "blocking", claims), claims) if {
	p := lib.posture_of(f, _dim)
	claims := _ci_claims(f, p, "blocking")
} else := lib.true_fact(f, _dim, ["ci_gate", "blocking"], 4)

# _ci_outcome: the plain true_fact outcome, failing with what the probe found when the claim
# about ci_gate.<key> is contradicted.
_ci_outcome(f, key, claims) := lib.true_fact(f, _dim, ["ci_gate", key], 4) if {
	count(lib.contradictions(claims)) == 0
} else := lib.outcome(false, lib.needs(observed, 4, "true")) if {
	observed := concat("", [
		lib.fact_name(_dim, ["ci_gate", key]), " is true, but ",
		concat("; ", lib.contradictions(claims)),
	])
}

# _ci_claims: ci_gate.<key> true, checked against the declared workflow (no claim otherwise).
_ci_claims(f, p, key) := [_ci_claim(f, x, key)] if {
	object.get(p, ["ci_gate", key], false) == true
	x := object.get(p, ["ci_gate", "workflow"], null)
	lib.has_text(x)
} else := []

_ci_claim(f, x, key) := _ci_claim_of(x, key, lib.reported(f, x, "workflow"))

_ci_claim_of(x, key, w) := lib.claim(_ci_fact(key), x, "workflow", "contradicted", concat("", [x, " ", concat(" and ", gaps)])) if {
	_known_workflow(w)
	gaps := _ci_gaps(w, key)
	count(gaps) > 0
} else := lib.claim(_ci_fact(key), x, "workflow", "verified", concat("", [x, " ", _ci_verified[key]])) if {
	_known_workflow(w)
} else := lib.report_claim(_ci_fact(key), x, "workflow", _as(w, "unverified"))

_ci_fact(key) := concat("/", ["", "posture", _dim, "ci_gate", key])

_ci_verified := {
	"enabled": "runs the eval suites on pull or merge requests",
	"blocking": "lets no failing eval pass",
}

_known_workflow(w) if w.format in {"github-actions", "gitlab-ci"}

# _ci_gaps: what the workflow lacks for ci_gate.enabled (pull requests, an eval step) or for
# ci_gate.blocking (nothing that lets a failure pass).
_ci_gaps(w, "enabled") := array.concat(_pr_gap(w), _eval_gap(w))

_ci_gaps(w, "blocking") := [concat("", ["lets failing evals pass (", concat("; ", soft), ")"])] if {
	soft := w.soft_fail
	is_array(soft)
	count(soft) > 0
} else := []

_pr_gap(w) := [concat("", ["does not run on pull or merge requests (on: ", _triggers(w), ")"])] if {
	w.pull_requests == false
} else := []

_triggers(w) := concat(", ", w.triggers) if {
	is_array(w.triggers)
	count(w.triggers) > 0
} else := "no trigger"

_eval_gap(w) := ["has no step that runs the eval suites"] if {
	w.runs_evals == false
} else := []

# EVA-4.3, L4 "ci_gate workflow exists", and is a CI workflow (the workflow probe).
eva_4_3(f) := lib.checked_file(f, _dim, ["ci_gate", "workflow"], 4, _workflow_need, claims) if {
	p := lib.posture_of(f, _dim)
	claims := _workflow_claims(f, object.get(p, ["ci_gate", "workflow"], null))
} else := lib.evidence_file(f, _dim, ["ci_gate", "workflow"], 4, _workflow_need)

_workflow_need := "the workflow declared and present as a file in the repository"

_workflow_claims(f, x) := [lib.exists_claim(f, _ci_fact("workflow"), x)] if {
	lib.has_text(x)
	not lib.evidence_ok(f, x)
} else := [_workflow_claim(f, x)] if {
	lib.has_text(x)
} else := []

_workflow_claim(f, x) := _workflow_claim_of(x, lib.reported(f, x, "workflow"))

_workflow_claim_of(x, w) := lib.report_claim(_ci_fact("workflow"), x, "workflow", _as(w, "contradicted")) if {
	w.format == "none"
} else := lib.claim(_ci_fact("workflow"), x, "workflow", "verified", concat("", [x, " is a ", label, " workflow"])) if {
	label := _ci_labels[w.format]
} else := lib.report_claim(_ci_fact("workflow"), x, "workflow", _as(w, "unverified"))

_ci_labels := {"github-actions": "GitHub Actions", "gitlab-ci": "GitLab CI"}

# EVA-4.4, L4 "regression.cases >= 50". The number must not exceed what the files hold: the
# file at regression.path when declared, else the declared suite files together.
eva_4_4(f) := lib.with_claims(_regression_outcome(f, p, claims), claims) if {
	p := lib.posture_of(f, _dim)
	claims := _regression_claims(f, p)
} else := lib.at_least(f, _dim, ["regression", "cases"], 50, 4)

_regression_outcome(f, p, claims) := lib.at_least(f, _dim, ["regression", "cases"], 50, 4) if {
	count(lib.contradictions(claims)) == 0
} else := lib.outcome(false, lib.needs(observed, 4, "at least 50")) if {
	observed := concat("", [
		lib.fact(p, _dim, ["regression", "cases"], "number"), ", but ",
		concat("; ", lib.contradictions(claims)),
	])
}

_regression_fact := "/posture/evaluation/regression/cases"

_regression_claims(f, p) := [] if {
	not _positive(object.get(p, ["regression", "cases"], 0))
} else := [_regression_file_claim(f, x, p.regression.cases)] if {
	x := object.get(p, ["regression", "path"], null)
	lib.has_text(x)
} else := [_regression_suites_claim(f, s, p.regression.cases)] if {
	s := _suites(p)
	count(s) > 0
} else := []

_positive(n) if {
	is_number(n)
	n > 0
}

_regression_file_claim(f, x, cases) := lib.exists_claim(f, _regression_fact, x) if {
	not lib.evidence_ok(f, x)
} else := _regression_file_claim_of(x, cases, lib.reported(f, x, "eval_suite"))

_regression_file_claim_of(x, cases, p) := lib.claim(_regression_fact, x, "eval_suite", "contradicted", detail) if {
	p.exact == true
	is_number(p.counted)
	cases > p.counted
	detail := concat("", [x, " holds ", lib.show(p.counted), " (", lib.show(object.get(p, "format", "")), ")"])
} else := lib.claim(_regression_fact, x, "eval_suite", "verified", _held(p, x)) if {
	is_number(p.counted)
	cases <= p.counted
} else := lib.report_claim(_regression_fact, x, "eval_suite", _as(p, "unverified"))

# _regression_suites_claim: without regression.path, the regression set is counted within the
# suites; it can hold no more cases than their files do together.
_regression_suites_claim(f, s, cases) := lib.claim(_regression_fact, paths, "eval_suite", status, detail) if {
	probes := [p |
		some x in s
		path := _object(x).path
		is_string(path)
		p := lib.reported(f, path, "eval_suite")
	]
	paths := concat(", ", [path | some x in s; path := _object(x).path; is_string(path)])
	counts := [n | some p in probes; n := p.counted; is_number(n)]
	total := sum(counts)
	exact := count([p | some p in probes; p.exact == true; is_number(p.counted)]) == count(s)
	counted := count(counts) == count(s)
	status := _suites_status(cases, total, exact, counted)
	detail := _suites_detail(status, total)
}

_suites_status(cases, total, true, true) := "contradicted" if cases > total

else := "verified" if cases <= total

else := "unverified"

_suites_status(cases, total, false, true) := "verified" if cases <= total

else := "unverified"

_suites_status(_, _, _, false) := "unverified"

_suites_detail("contradicted", total) := concat("", [
	"the declared suite files hold ", lib.show(total), " cases in total and no regression.path names another file",
])

_suites_detail("verified", total) := concat("", ["the declared suite files hold ", lib.show(total), " cases in total"])

_suites_detail("unverified", _) := "not every declared suite file was counted, and no regression.path is declared"

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

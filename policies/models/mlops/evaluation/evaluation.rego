# Evaluation controls (EVL-*) of the mlops pack (seed 004; controls/mlops/).
# Each control is a function of the facts document f and returns lib.outcome(ok, message).
# Absent facts read as their weakest value; a fact of the wrong type fails, never passes.
package aimm.models.mlops.evaluation

import data.aimm.core.lib
import data.aimm.models.mlops.common

results["EVL-2.1"] := evl_2_1(input)

results["EVL-3.1"] := evl_3_1(input)

results["EVL-3.2"] := evl_3_2(input)

results["EVL-4.1"] := evl_4_1(input)

results["EVL-4.2"] := evl_4_2(input)

results["EVL-4.3"] := evl_4_3(input)

results["EVL-4.4"] := evl_4_4(input)

results["EVL-4.5"] := evl_4_5(input)

results["EVL-5.1"] := evl_5_1(input)

_dim := "evaluation"

# EVL-2.1, L2 "at least one suite, and every suite path exists".
evl_2_1(f) := lib.outcome(ok, msg) if {
	p := lib.posture_of(f, _dim)
	suites := object.get(p, "suites", [])
	is_array(suites)
	count(suites) > 0
	missing := [s | some s in suites; not _suite_file(f, s)]
	ok := count(missing) == 0
	msg := _suites_message(f, suites, missing)
} else := lib.outcome(false, lib.needs(_no_suites(f), 2, _suites_need))

_suites_need := "at least one suite whose path exists"

_suite_file(f, s) if lib.evidence_ok(f, object.get(s, "path", null))

_suites_message(_, suites, []) := concat("", [
	"posture.evaluation.suites has ", lib.show(count(suites)), " suite(s); every path exists",
])

# rego-cpp: the label is bound in the comprehension's body; as the value term, the function
# call read the evidence wrongly (every file "was not checked").
_suites_message(f, suites, missing) := lib.needs(
	concat("", [
		"posture.evaluation.suites has ", lib.show(count(suites)), " suite(s); missing: ",
		concat(", ", [label | some s in missing; label := _suite_label(f, s)]),
	]),
	2, _suites_need,
) if count(missing) > 0

_suite_label(f, s) := lib.file_detail(f, s.path) if {
	is_object(s)
	is_string(s.path)
} else := "a suite without a path"

_no_suites(f) := lib.fact(lib.posture_of(f, _dim), _dim, ["suites"], "array") if {
	lib.posture_of(f, _dim)
} else := "posture.evaluation.suites could not be read"

# EVL-3.1, L3 "ci_gate enabled and its workflow exists".
evl_3_1(f) := lib.outcome(ok, concat("; ", [enabled.message, workflow.message])) if {
	enabled := lib.true_fact(f, _dim, ["ci_gate", "enabled"], 3)
	workflow := lib.evidence_file(f, _dim, ["ci_gate", "workflow"], 3, "a CI workflow file that exists")
	ok := _both(enabled.pass, workflow.pass)
}

# EVL-3.2, L3 "regression.cases >= 50".
evl_3_2(f) := lib.at_least(f, _dim, ["regression", "cases"], 50, 3)

# EVL-4.1, L4 "ci_gate enabled and blocking".
evl_4_1(f) := lib.outcome(ok, concat("; ", [enabled.message, blocking.message])) if {
	enabled := lib.true_fact(f, _dim, ["ci_gate", "enabled"], 4)
	blocking := lib.true_fact(f, _dim, ["ci_gate", "blocking"], 4)
	ok := _both(enabled.pass, blocking.pass)
}

# EVL-4.2, L4 "calibrated_metrics".
evl_4_2(f) := lib.true_fact(f, _dim, ["calibrated_metrics"], 4)

# EVL-4.3, L4 "failure_modes exists".
evl_4_3(f) := lib.evidence_file(f, _dim, ["failure_modes"], 4, "a failure-mode catalogue that exists")

# EVL-4.4, L4, LLM track: "production samples in the regression set, refreshed at least weekly".
evl_4_4(f) := common.only(f, "llm", _weekly_samples(f))

_weekly_samples(f) := lib.outcome(ok, lib.needs(observed, 4, _weekly_need)) if {
	p := lib.posture_of(f, _dim)
	samples := object.get(p, ["regression", "includes_production_samples"], false)
	days := object.get(p, ["regression", "refresh_days"], null)
	ok := _both(samples == true, _at_most(days, 7))
	observed := concat(" and ", [
		lib.fact(p, _dim, ["regression", "includes_production_samples"], "boolean"),
		lib.fact(p, _dim, ["regression", "refresh_days"], "number"),
	])
} else := lib.unreadable(_dim, ["regression"], 4, _weekly_need)

_weekly_need := "regression.includes_production_samples true and regression.refresh_days at most 7"

_at_most(x, n) if {
	is_number(x)
	x <= n
} else := false

# EVL-4.5, L4, LLM track: "shadow evaluation on live traffic".
evl_4_5(f) := common.only(f, "llm", lib.true_fact(f, _dim, ["shadow"], 4))

# EVL-5.1, L5 "red_teaming is scheduled".
evl_5_1(f) := lib.one_of(f, _dim, ["red_teaming"], {"scheduled"}, 5, "scheduled")

_both(a, b) if {
	a == true
	b == true
} else := false

package aimm.models.default.evaluation_test

import data.aimm.models.default.evaluation

_empty := {"manifest": {}, "evidence": {}}

_eva_facts(e) := {"manifest": {"posture": {"evaluation": e}}, "evidence": {}}

_with_evidence(e, ev) := {"manifest": {"posture": {"evaluation": e}}, "evidence": ev}

_found := {"exists": true, "detail": "found"}

_missing(p) := {"exists": false, "detail": concat("", [p, " does not exist"])}

_suite_need := "level 3 needs every suite path to exist as a file in the repository"

_workflow_need := "level 4 needs the workflow declared and present as a file in the repository"

_online_need := "level 5 needs online.enabled true and online.sampling_rate above 0"

# EVA-2.1

test_pass_eva_2_1 if {
	evaluation.eva_2_1(_eva_facts({"manual_review": "ad-hoc"})) == {
		"pass": true,
		"message": "posture.evaluation.manual_review is \"ad-hoc\"; level 2 needs ad-hoc or scheduled",
	}
}

test_pass_eva_2_1_scheduled if {
	evaluation.eva_2_1(_eva_facts({"manual_review": "scheduled"})) == {
		"pass": true,
		"message": "posture.evaluation.manual_review is \"scheduled\"; level 2 needs ad-hoc or scheduled",
	}
}

test_fail_eva_2_1_none if {
	evaluation.eva_2_1(_eva_facts({"manual_review": "none"})) == {
		"pass": false,
		"message": "posture.evaluation.manual_review is \"none\"; level 2 needs ad-hoc or scheduled",
	}
}

test_fail_eva_2_1_absent if {
	evaluation.eva_2_1(_empty) == {
		"pass": false,
		"message": "posture.evaluation.manual_review is not set; level 2 needs ad-hoc or scheduled",
	}
}

# EVA-3.1

test_pass_eva_3_1 if {
	evaluation.eva_3_1(_eva_facts({"suites": [{"name": "golden", "path": "evals/g.yaml", "cases": 3}]})) == {
		"pass": true,
		"message": "posture.evaluation.suites has 1 suite; level 3 needs at least one suite",
	}
}

test_fail_eva_3_1_empty_list if {
	evaluation.eva_3_1(_eva_facts({"suites": []})) == {
		"pass": false,
		"message": "posture.evaluation.suites has 0 suites; level 3 needs at least one suite",
	}
}

test_fail_eva_3_1_absent if {
	evaluation.eva_3_1(_empty) == {
		"pass": false,
		"message": "posture.evaluation.suites is not set; level 3 needs at least one suite",
	}
}

test_fail_eva_3_1_wrong_type if {
	evaluation.eva_3_1(_eva_facts({"suites": {"name": "golden"}})) == {
		"pass": false,
		"message": "posture.evaluation.suites is an object (not an array); level 3 needs at least one suite",
	}
}

# EVA-3.2

test_pass_eva_3_2_exactly_20 if {
	evaluation.eva_3_2(_eva_facts({"suites": [{"name": "a", "cases": 12}, {"name": "b", "cases": 8}]})) == {
		"pass": true,
		"message": concat("", [
			"posture.evaluation.suites has 2 suites with 20 cases in total; ",
			"level 3 needs at least 20 cases across suites",
		]),
	}
}

test_fail_eva_3_2_19_cases if {
	evaluation.eva_3_2(_eva_facts({"suites": [{"name": "a", "cases": 12}, {"name": "b", "cases": 7}]})) == {
		"pass": false,
		"message": concat("", [
			"posture.evaluation.suites has 2 suites with 19 cases in total; ",
			"level 3 needs at least 20 cases across suites",
		]),
	}
}

test_fail_eva_3_2_cases_missing_or_not_numbers if {
	suites := [{"name": "a", "cases": 12}, {"name": "b", "cases": "30"}, {"path": "evals/c.yaml"}]
	evaluation.eva_3_2(_eva_facts({"suites": suites})) == {
		"pass": false,
		"message": concat("", [
			"posture.evaluation.suites has 3 suites with 12 cases in total ",
			"(no number of cases, counted as 0: suite b, posture.evaluation.suites[2]); ",
			"level 3 needs at least 20 cases across suites",
		]),
	}
}

test_fail_eva_3_2_absent if {
	evaluation.eva_3_2(_empty) == {
		"pass": false,
		"message": "posture.evaluation.suites is not set; level 3 needs at least 20 cases across suites",
	}
}

# EVA-3.3

test_pass_eva_3_3 if {
	e := {"suites": [{"name": "a", "path": "evals/a.yaml"}, {"name": "b", "path": "evals/b.yaml"}]}
	ev := {"evals/a.yaml": _found, "evals/b.yaml": {"exists": true, "detail": "not verified"}}
	evaluation.eva_3_3(_with_evidence(e, ev)) == {
		"pass": true,
		"message": "every suite path exists: evals/a.yaml (found), evals/b.yaml (not verified)",
	}
}

test_fail_eva_3_3_missing_file if {
	e := {"suites": [{"name": "a", "path": "evals/a.yaml"}, {"name": "b", "path": "evals/b.yaml"}]}
	ev := {"evals/a.yaml": _found, "evals/b.yaml": _missing("evals/b.yaml")}
	evaluation.eva_3_3(_with_evidence(e, ev)) == {
		"pass": false,
		"message": concat("", [
			"suite b has path \"evals/b.yaml\" (evals/b.yaml does not exist); ",
			_suite_need,
		]),
	}
}

test_fail_eva_3_3_names_every_failing_path if {
	e := {"suites": [
		{"name": "a", "path": "evals/a.yaml"},
		{"name": "b", "path": "evals/b.yaml"},
		{"path": "evals/c.yaml"},
	]}
	ev := {"evals/a.yaml": _missing("evals/a.yaml"), "evals/b.yaml": _found}
	evaluation.eva_3_3(_with_evidence(e, ev)) == {
		"pass": false,
		"message": concat("", [
			"suite a has path \"evals/a.yaml\" (evals/a.yaml does not exist); ",
			"posture.evaluation.suites[2] has path \"evals/c.yaml\" (evals/c.yaml was not checked); ",
			_suite_need,
		]),
	}
}

test_fail_eva_3_3_suite_without_path if {
	e := {"suites": [{"name": "a", "path": "evals/a.yaml"}, {"name": "b", "cases": 40}]}
	ev := {"evals/a.yaml": _found}
	evaluation.eva_3_3(_with_evidence(e, ev)) == {
		"pass": false,
		"message": concat("", ["suite b has no path; ", _suite_need]),
	}
}

test_fail_eva_3_3_path_not_a_string if {
	e := {"suites": [{"name": "a", "path": 7}]}
	evaluation.eva_3_3(_with_evidence(e, {})) == {
		"pass": false,
		"message": concat("", ["suite a has path 7 (not a string); ", _suite_need]),
	}
}

test_fail_eva_3_3_no_suites if {
	evaluation.eva_3_3(_eva_facts({"suites": []})) == {
		"pass": false,
		"message": concat("", ["posture.evaluation.suites has 0 suites; ", _suite_need]),
	}
}

test_fail_eva_3_3_absent if {
	evaluation.eva_3_3(_empty) == {
		"pass": false,
		"message": concat("", ["posture.evaluation.suites is not set; ", _suite_need]),
	}
}

# EVA-4.1

test_pass_eva_4_1 if {
	evaluation.eva_4_1(_eva_facts({"ci_gate": {"enabled": true}})) == {
		"pass": true,
		"message": "posture.evaluation.ci_gate.enabled is true; level 4 needs true",
	}
}

test_fail_eva_4_1_false if {
	evaluation.eva_4_1(_eva_facts({"ci_gate": {"enabled": false}})) == {
		"pass": false,
		"message": "posture.evaluation.ci_gate.enabled is false; level 4 needs true",
	}
}

test_fail_eva_4_1_string_true if {
	evaluation.eva_4_1(_eva_facts({"ci_gate": {"enabled": "true"}})) == {
		"pass": false,
		"message": "posture.evaluation.ci_gate.enabled is \"true\" (not a boolean); level 4 needs true",
	}
}

# EVA-4.2

test_pass_eva_4_2 if {
	evaluation.eva_4_2(_eva_facts({"ci_gate": {"enabled": true, "blocking": true}})) == {
		"pass": true,
		"message": "posture.evaluation.ci_gate.blocking is true; level 4 needs true",
	}
}

test_fail_eva_4_2_absent if {
	evaluation.eva_4_2(_eva_facts({"ci_gate": {"enabled": true}})) == {
		"pass": false,
		"message": "posture.evaluation.ci_gate.blocking is not set; level 4 needs true",
	}
}

# EVA-4.3

test_pass_eva_4_3 if {
	e := {"ci_gate": {"workflow": ".github/workflows/evals.yml"}}
	ev := {".github/workflows/evals.yml": _found}
	evaluation.eva_4_3(_with_evidence(e, ev)) == {
		"pass": true,
		"message": "posture.evaluation.ci_gate.workflow is \".github/workflows/evals.yml\" (found)",
	}
}

test_fail_eva_4_3_missing_file if {
	e := {"ci_gate": {"workflow": ".github/workflows/evals.yml"}}
	ev := {".github/workflows/evals.yml": _missing(".github/workflows/evals.yml")}
	evaluation.eva_4_3(_with_evidence(e, ev)) == {
		"pass": false,
		"message": concat("", [
			"posture.evaluation.ci_gate.workflow is \".github/workflows/evals.yml\" ",
			"(.github/workflows/evals.yml does not exist); ",
			_workflow_need,
		]),
	}
}

test_fail_eva_4_3_not_in_evidence if {
	evaluation.eva_4_3(_eva_facts({"ci_gate": {"workflow": "ci.yml"}})) == {
		"pass": false,
		"message": concat("", [
			"posture.evaluation.ci_gate.workflow is \"ci.yml\" (ci.yml was not checked); ",
			_workflow_need,
		]),
	}
}

test_fail_eva_4_3_not_declared if {
	evaluation.eva_4_3(_eva_facts({"ci_gate": {"enabled": true}})) == {
		"pass": false,
		"message": concat("", ["posture.evaluation.ci_gate.workflow is not declared; ", _workflow_need]),
	}
}

test_fail_eva_4_3_absent if {
	evaluation.eva_4_3(_empty) == {
		"pass": false,
		"message": concat("", ["posture.evaluation.ci_gate.workflow is not declared; ", _workflow_need]),
	}
}

test_fail_eva_4_3_blank if {
	evaluation.eva_4_3(_eva_facts({"ci_gate": {"workflow": ""}})) == {
		"pass": false,
		"message": concat("", ["posture.evaluation.ci_gate.workflow is \"\"; ", _workflow_need]),
	}
}

test_fail_eva_4_3_wrong_type if {
	evaluation.eva_4_3(_eva_facts({"ci_gate": {"workflow": ["ci.yml"]}})) == {
		"pass": false,
		"message": concat("", ["posture.evaluation.ci_gate.workflow is [ci.yml] (not a string); ", _workflow_need]),
	}
}

# EVA-4.4

test_pass_eva_4_4_exactly_50 if {
	evaluation.eva_4_4(_eva_facts({"regression": {"cases": 50}})) == {
		"pass": true,
		"message": "posture.evaluation.regression.cases is 50; level 4 needs at least 50",
	}
}

test_fail_eva_4_4_49 if {
	evaluation.eva_4_4(_eva_facts({"regression": {"cases": 49}})) == {
		"pass": false,
		"message": "posture.evaluation.regression.cases is 49; level 4 needs at least 50",
	}
}

test_fail_eva_4_4_string if {
	evaluation.eva_4_4(_eva_facts({"regression": {"cases": "300"}})) == {
		"pass": false,
		"message": "posture.evaluation.regression.cases is \"300\" (not a number); level 4 needs at least 50",
	}
}

test_fail_eva_4_4_absent if {
	evaluation.eva_4_4(_empty) == {
		"pass": false,
		"message": "posture.evaluation.regression.cases is not set; level 4 needs at least 50",
	}
}

# EVA-5.1

test_pass_eva_5_1 if {
	evaluation.eva_5_1(_eva_facts({"online": {"enabled": true, "sampling_rate": 0.1}})) == {
		"pass": true,
		"message": concat("", [
			"posture.evaluation.online.enabled is true and posture.evaluation.online.sampling_rate is 0.1; ",
			_online_need,
		]),
	}
}

test_fail_eva_5_1_rate_zero if {
	evaluation.eva_5_1(_eva_facts({"online": {"enabled": true, "sampling_rate": 0}})) == {
		"pass": false,
		"message": concat("", [
			"posture.evaluation.online.enabled is true and posture.evaluation.online.sampling_rate is 0; ",
			_online_need,
		]),
	}
}

test_fail_eva_5_1_disabled if {
	evaluation.eva_5_1(_eva_facts({"online": {"enabled": false, "sampling_rate": 0.5}})) == {
		"pass": false,
		"message": concat("", [
			"posture.evaluation.online.enabled is false and posture.evaluation.online.sampling_rate is 0.5; ",
			_online_need,
		]),
	}
}

test_fail_eva_5_1_rate_string if {
	evaluation.eva_5_1(_eva_facts({"online": {"enabled": true, "sampling_rate": "0.5"}})) == {
		"pass": false,
		"message": concat("", [
			"posture.evaluation.online.enabled is true and ",
			"posture.evaluation.online.sampling_rate is \"0.5\" (not a number); ",
			_online_need,
		]),
	}
}

test_fail_eva_5_1_absent if {
	evaluation.eva_5_1(_empty) == {
		"pass": false,
		"message": concat("", [
			"posture.evaluation.online.enabled is not set and posture.evaluation.online.sampling_rate is not set; ",
			_online_need,
		]),
	}
}

# EVA-5.2

test_pass_eva_5_2 if {
	evaluation.eva_5_2(_eva_facts({"regression": {"includes_production_samples": true}})) == {
		"pass": true,
		"message": "posture.evaluation.regression.includes_production_samples is true; level 5 needs true",
	}
}

test_fail_eva_5_2_absent if {
	evaluation.eva_5_2(_empty) == {
		"pass": false,
		"message": "posture.evaluation.regression.includes_production_samples is not set; level 5 needs true",
	}
}

test_fail_eva_5_2_string if {
	evaluation.eva_5_2(_eva_facts({"regression": {"includes_production_samples": "yes"}})) == {
		"pass": false,
		"message": concat("", [
			"posture.evaluation.regression.includes_production_samples is \"yes\" (not a boolean); ",
			"level 5 needs true",
		]),
	}
}

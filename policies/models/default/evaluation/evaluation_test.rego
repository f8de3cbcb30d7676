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

_cases_need := "level 3 needs at least 20 cases across suites"

# _evidence is a control's evidence block; _claim one fact in it.
_evidence(verified, contradicted, unverified) := {
	"verified": verified, "contradicted": contradicted, "unverified": unverified,
}

_claim(fact, path, probe, detail) := {"fact": fact, "path": path, "probe": probe, "detail": detail}

# _probed is an existing path with one probe's report.
_probe_report(id, report) := {"exists": true, "detail": "found", "probes": {id: report}}

# _counted is the eval_suite probe's report of n cases counted (exact or a lower bound).
_counted(path, n, exact) := _probe_report("eval_suite", {
	"status": "verified", "detail": concat("", [path, " counted"]),
	"format": "JSONL lines", "counted": n, "exact": exact, "declared": null,
})

# _workflow is the workflow probe's report on a GitHub Actions workflow.
_workflow(pull_requests, runs_evals, soft_fail) := _probe_report("workflow", {
	"status": "verified", "detail": "ci.yml (GitHub Actions) read", "format": "github-actions",
	"triggers": ["push"], "pull_requests": pull_requests, "runs_evals": runs_evals,
	"eval_steps": [], "soft_fail": soft_fail, "unread_jobs": [],
})

_s0 := "/posture/evaluation/suites/0/path"

_wf := "/posture/evaluation/ci_gate/workflow"

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

test_fail_eva_3_2_declared_above_counted if {
	e := {"suites": [{"name": "golden", "path": "evals/a.jsonl", "cases": 5000}]}
	evaluation.eva_3_2(_with_evidence(e, {"evals/a.jsonl": _counted("evals/a.jsonl", 0, true)})) == {
		"pass": false,
		"message": concat("", [
			"posture.evaluation.suites has 1 suite with 5000 cases in total; ",
			"suite golden declares 5000 cases, but evals/a.jsonl holds 0 (JSONL lines); ",
			_cases_need,
		]),
		"evidence": _evidence(
			[], [_claim(
				"/posture/evaluation/suites/0/cases", "evals/a.jsonl", "eval_suite",
				"suite golden declares 5000 cases, but evals/a.jsonl holds 0 (JSONL lines)",
			)],
			[],
		),
	}
}

test_fail_eva_3_2_one_suite_overclaims if {
	e := {"suites": [
		{"name": "a", "path": "evals/a.jsonl", "cases": 30},
		{"name": "b", "path": "evals/b.jsonl", "cases": 25},
	]}
	ev := {"evals/a.jsonl": _counted("evals/a.jsonl", 30, true), "evals/b.jsonl": _counted("evals/b.jsonl", 3, true)}
	evaluation.eva_3_2(_with_evidence(e, ev)) == {
		"pass": false,
		"message": concat("", [
			"posture.evaluation.suites has 2 suites with 55 cases in total; ",
			"suite b declares 25 cases, but evals/b.jsonl holds 3 (JSONL lines); ",
			_cases_need,
		]),
		"evidence": _evidence(
			[_claim("/posture/evaluation/suites/0/cases", "evals/a.jsonl", "eval_suite", "evals/a.jsonl holds 30 cases (JSONL lines)")],
			[_claim(
				"/posture/evaluation/suites/1/cases", "evals/b.jsonl", "eval_suite",
				"suite b declares 25 cases, but evals/b.jsonl holds 3 (JSONL lines)",
			)],
			[],
		),
	}
}

test_pass_eva_3_2_counted_bears_the_claim_out if {
	e := {"suites": [{"name": "a", "path": "evals/a.jsonl", "cases": 30}]}
	evaluation.eva_3_2(_with_evidence(e, {"evals/a.jsonl": _counted("evals/a.jsonl", 42, true)})) == {
		"pass": true,
		"message": concat("", ["posture.evaluation.suites has 1 suite with 30 cases in total; ", _cases_need]),
		"evidence": _evidence(
			[_claim("/posture/evaluation/suites/0/cases", "evals/a.jsonl", "eval_suite", "evals/a.jsonl holds 42 cases (JSONL lines)")],
			[], [],
		),
	}
}

test_pass_eva_3_2_lower_bound_below_the_claim_is_unverified if {
	e := {"suites": [{"name": "a", "path": "evals/test_a.py", "cases": 30}]}
	evaluation.eva_3_2(_with_evidence(e, {"evals/test_a.py": _counted("evals/test_a.py", 2, false)})) == {
		"pass": true,
		"message": concat("", ["posture.evaluation.suites has 1 suite with 30 cases in total; ", _cases_need]),
		"evidence": _evidence([], [], [_claim("/posture/evaluation/suites/0/cases", "evals/test_a.py", "eval_suite", "evals/test_a.py counted")]),
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
		"evidence": _evidence([], [], [
			_claim(_s0, "evals/a.yaml", "eval_suite", "found"),
			_claim("/posture/evaluation/suites/1/path", "evals/b.yaml", "eval_suite", "not verified"),
		]),
	}
}

test_pass_eva_3_3_cases_counted if {
	e := {"suites": [{"name": "a", "path": "evals/a.jsonl"}]}
	evaluation.eva_3_3(_with_evidence(e, {"evals/a.jsonl": _counted("evals/a.jsonl", 40, true)})) == {
		"pass": true,
		"message": "every suite path exists: evals/a.jsonl (found)",
		"evidence": _evidence(
			[_claim(_s0, "evals/a.jsonl", "eval_suite", "evals/a.jsonl holds 40 cases (JSONL lines)")],
			[], [],
		),
	}
}

test_fail_eva_3_3_file_holds_no_cases if {
	e := {"suites": [{"name": "a", "path": "evals/a.jsonl"}]}
	ev := {"evals/a.jsonl": _probe_report("eval_suite", {
		"status": "contradicted", "detail": "evals/a.jsonl holds no cases (JSONL lines)",
		"format": "JSONL lines", "counted": 0, "exact": true, "declared": 5000,
	})}
	evaluation.eva_3_3(_with_evidence(e, ev)) == {
		"pass": false,
		"message": concat("", [
			"suite a has path \"evals/a.jsonl\" (evals/a.jsonl holds no cases (JSONL lines)); ",
			_suite_need,
		]),
		"evidence": _evidence(
			[],
			[_claim(_s0, "evals/a.jsonl", "eval_suite", "evals/a.jsonl holds no cases (JSONL lines)")],
			[],
		),
	}
}

test_pass_eva_3_3_lower_bound_of_zero_is_unverified if {
	e := {"suites": [{"name": "a", "path": "evals/test_a.py"}]}
	evaluation.eva_3_3(_with_evidence(e, {"evals/test_a.py": _counted("evals/test_a.py", 0, false)})) == {
		"pass": true,
		"message": "every suite path exists: evals/test_a.py (found)",
		"evidence": _evidence([], [], [_claim(_s0, "evals/test_a.py", "eval_suite", "evals/test_a.py counted")]),
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
		"evidence": _evidence(
			[],
			[_claim("/posture/evaluation/suites/1/path", "evals/b.yaml", "exists", "evals/b.yaml does not exist")],
			[_claim(_s0, "evals/a.yaml", "eval_suite", "found")],
		),
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
		"evidence": _evidence(
			[],
			[
				_claim(_s0, "evals/a.yaml", "exists", "evals/a.yaml does not exist"),
				_claim("/posture/evaluation/suites/2/path", "evals/c.yaml", "exists", "evals/c.yaml was not checked"),
			],
			[_claim("/posture/evaluation/suites/1/path", "evals/b.yaml", "eval_suite", "found")],
		),
	}
}

test_fail_eva_3_3_suite_without_path if {
	e := {"suites": [{"name": "a", "path": "evals/a.yaml"}, {"name": "b", "cases": 40}]}
	ev := {"evals/a.yaml": _found}
	evaluation.eva_3_3(_with_evidence(e, ev)) == {
		"pass": false,
		"message": concat("", ["suite b has no path; ", _suite_need]),
		"evidence": _evidence([], [], [_claim(_s0, "evals/a.yaml", "eval_suite", "found")]),
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

test_fail_eva_4_1_workflow_never_runs_the_evals if {
	e := {"ci_gate": {"enabled": true, "workflow": "ci.yml"}}
	evaluation.eva_4_1(_with_evidence(e, {"ci.yml": _workflow(false, false, [])})) == {
		"pass": false,
		"message": concat("", [
			"posture.evaluation.ci_gate.enabled is true, but ci.yml does not run on pull or merge ",
			"requests (on: push) and has no step that runs the eval suites; level 4 needs true",
		]),
		"evidence": _evidence(
			[], [_claim(
				"/posture/evaluation/ci_gate/enabled", "ci.yml", "workflow",
				"ci.yml does not run on pull or merge requests (on: push) and has no step that runs the eval suites",
			)],
			[],
		),
	}
}

test_pass_eva_4_1_workflow_runs_the_evals if {
	e := {"ci_gate": {"enabled": true, "workflow": "ci.yml"}}
	evaluation.eva_4_1(_with_evidence(e, {"ci.yml": _workflow(true, true, [])})) == {
		"pass": true,
		"message": "posture.evaluation.ci_gate.enabled is true; level 4 needs true",
		"evidence": _evidence(
			[_claim(
				"/posture/evaluation/ci_gate/enabled", "ci.yml", "workflow",
				"ci.yml runs the eval suites on pull or merge requests",
			)],
			[], [],
		),
	}
}

test_pass_eva_4_1_missing_workflow_is_unverified_here if {
	e := {"ci_gate": {"enabled": true, "workflow": "ci.yml"}}
	evaluation.eva_4_1(_with_evidence(e, {"ci.yml": _missing("ci.yml")})) == {
		"pass": true,
		"message": "posture.evaluation.ci_gate.enabled is true; level 4 needs true",
		"evidence": _evidence([], [], [_claim("/posture/evaluation/ci_gate/enabled", "ci.yml", "workflow", "ci.yml does not exist")]),
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

test_fail_eva_4_2_job_continues_on_error if {
	e := {"ci_gate": {"enabled": true, "blocking": true, "workflow": "ci.yml"}}
	evaluation.eva_4_2(_with_evidence(e, {"ci.yml": _workflow(true, true, ["job evals: continue-on-error: true"])})) == {
		"pass": false,
		"message": concat("", [
			"posture.evaluation.ci_gate.blocking is true, but ci.yml lets failing evals pass ",
			"(job evals: continue-on-error: true); level 4 needs true",
		]),
		"evidence": _evidence(
			[], [_claim(
				"/posture/evaluation/ci_gate/blocking", "ci.yml", "workflow",
				"ci.yml lets failing evals pass (job evals: continue-on-error: true)",
			)],
			[],
		),
	}
}

test_pass_eva_4_2_nothing_lets_a_failure_pass if {
	e := {"ci_gate": {"enabled": true, "blocking": true, "workflow": "ci.yml"}}
	evaluation.eva_4_2(_with_evidence(e, {"ci.yml": _workflow(true, true, [])})) == {
		"pass": true,
		"message": "posture.evaluation.ci_gate.blocking is true; level 4 needs true",
		"evidence": _evidence(
			[_claim("/posture/evaluation/ci_gate/blocking", "ci.yml", "workflow", "ci.yml lets no failing eval pass")],
			[], [],
		),
	}
}

test_fail_eva_4_2_not_blocking_has_no_claim if {
	e := {"ci_gate": {"enabled": true, "blocking": false, "workflow": "ci.yml"}}
	evaluation.eva_4_2(_with_evidence(e, {"ci.yml": _workflow(true, true, ["job evals: continue-on-error: true"])})) == {
		"pass": false,
		"message": "posture.evaluation.ci_gate.blocking is false; level 4 needs true",
	}
}

# EVA-4.3

test_pass_eva_4_3 if {
	e := {"ci_gate": {"workflow": ".github/workflows/evals.yml"}}
	ev := {".github/workflows/evals.yml": _found}
	evaluation.eva_4_3(_with_evidence(e, ev)) == {
		"pass": true,
		"message": "posture.evaluation.ci_gate.workflow is \".github/workflows/evals.yml\" (found)",
		"evidence": _evidence([], [], [_claim(_wf, ".github/workflows/evals.yml", "workflow", "found")]),
	}
}

test_pass_eva_4_3_a_workflow if {
	e := {"ci_gate": {"workflow": "ci.yml"}}
	evaluation.eva_4_3(_with_evidence(e, {"ci.yml": _workflow(true, true, [])})) == {
		"pass": true,
		"message": "posture.evaluation.ci_gate.workflow is \"ci.yml\" (found)",
		"evidence": _evidence([_claim(_wf, "ci.yml", "workflow", "ci.yml is a GitHub Actions workflow")], [], []),
	}
}

test_fail_eva_4_3_not_a_workflow if {
	e := {"ci_gate": {"workflow": "ci.yml"}}
	ev := {"ci.yml": _probe_report("workflow", {
		"status": "contradicted", "detail": "ci.yml is not a CI workflow: it holds no CI jobs",
		"format": "none", "pull_requests": false, "runs_evals": false,
	})}
	evaluation.eva_4_3(_with_evidence(e, ev)) == {
		"pass": false,
		"message": concat("", [
			"posture.evaluation.ci_gate.workflow is \"ci.yml\" ",
			"(ci.yml is not a CI workflow: it holds no CI jobs); ",
			_workflow_need,
		]),
		"evidence": _evidence([], [_claim(_wf, "ci.yml", "workflow", "ci.yml is not a CI workflow: it holds no CI jobs")], []),
	}
}

test_pass_eva_4_3_other_ci_system_is_unverified if {
	e := {"ci_gate": {"workflow": ".circleci/config.yml"}}
	ev := {".circleci/config.yml": _probe_report("workflow", {
		"status": "unverified", "detail": "not a GitHub Actions or GitLab CI workflow; not read",
		"format": "other",
	})}
	evaluation.eva_4_3(_with_evidence(e, ev)) == {
		"pass": true,
		"message": "posture.evaluation.ci_gate.workflow is \".circleci/config.yml\" (found)",
		"evidence": _evidence([], [], [_claim(_wf, ".circleci/config.yml", "workflow", "not a GitHub Actions or GitLab CI workflow; not read")]),
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
		"evidence": _evidence(
			[], [_claim(_wf, ".github/workflows/evals.yml", "exists", ".github/workflows/evals.yml does not exist")],
			[],
		),
	}
}

test_fail_eva_4_3_not_in_evidence if {
	evaluation.eva_4_3(_eva_facts({"ci_gate": {"workflow": "ci.yml"}})) == {
		"pass": false,
		"message": concat("", [
			"posture.evaluation.ci_gate.workflow is \"ci.yml\" (ci.yml was not checked); ",
			_workflow_need,
		]),
		"evidence": _evidence([], [_claim(_wf, "ci.yml", "exists", "ci.yml was not checked")], []),
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

test_fail_eva_4_4_regression_file_holds_fewer if {
	e := {"regression": {"cases": 300, "path": "evals/regression.jsonl"}}
	ev := {"evals/regression.jsonl": _counted("evals/regression.jsonl", 12, true)}
	evaluation.eva_4_4(_with_evidence(e, ev)) == {
		"pass": false,
		"message": concat("", [
			"posture.evaluation.regression.cases is 300, but evals/regression.jsonl holds 12 (JSONL lines); ",
			"level 4 needs at least 50",
		]),
		"evidence": _evidence(
			[], [_claim(
				"/posture/evaluation/regression/cases", "evals/regression.jsonl", "eval_suite",
				"evals/regression.jsonl holds 12 (JSONL lines)",
			)],
			[],
		),
	}
}

test_fail_eva_4_4_regression_file_missing if {
	e := {"regression": {"cases": 300, "path": "evals/regression.jsonl"}}
	evaluation.eva_4_4(_with_evidence(e, {"evals/regression.jsonl": _missing("evals/regression.jsonl")})) == {
		"pass": false,
		"message": concat("", [
			"posture.evaluation.regression.cases is 300, but evals/regression.jsonl does not exist; ",
			"level 4 needs at least 50",
		]),
		"evidence": _evidence(
			[], [_claim(
				"/posture/evaluation/regression/cases", "evals/regression.jsonl", "exists",
				"evals/regression.jsonl does not exist",
			)],
			[],
		),
	}
}

test_pass_eva_4_4_regression_file_holds_enough if {
	e := {"regression": {"cases": 300, "path": "evals/regression.jsonl"}}
	ev := {"evals/regression.jsonl": _counted("evals/regression.jsonl", 310, true)}
	evaluation.eva_4_4(_with_evidence(e, ev)) == {
		"pass": true,
		"message": "posture.evaluation.regression.cases is 300; level 4 needs at least 50",
		"evidence": _evidence(
			[_claim(
				"/posture/evaluation/regression/cases", "evals/regression.jsonl", "eval_suite",
				"evals/regression.jsonl holds 310 cases (JSONL lines)",
			)],
			[], [],
		),
	}
}

test_fail_eva_4_4_more_than_the_suites_hold if {
	e := {"suites": [{"name": "a", "path": "evals/a.jsonl", "cases": 5000}], "regression": {"cases": 5000}}
	evaluation.eva_4_4(_with_evidence(e, {"evals/a.jsonl": _counted("evals/a.jsonl", 0, true)})) == {
		"pass": false,
		"message": concat("", [
			"posture.evaluation.regression.cases is 5000, but the declared suite files hold 0 cases ",
			"in total and no regression.path names another file; level 4 needs at least 50",
		]),
		"evidence": _evidence(
			[], [_claim(
				"/posture/evaluation/regression/cases", "evals/a.jsonl", "eval_suite",
				"the declared suite files hold 0 cases in total and no regression.path names another file",
			)],
			[],
		),
	}
}

test_pass_eva_4_4_within_the_suites if {
	e := {"suites": [{"path": "evals/a.jsonl"}, {"path": "evals/b.jsonl"}], "regression": {"cases": 60}}
	ev := {"evals/a.jsonl": _counted("evals/a.jsonl", 40, true), "evals/b.jsonl": _counted("evals/b.jsonl", 30, true)}
	evaluation.eva_4_4(_with_evidence(e, ev)) == {
		"pass": true,
		"message": "posture.evaluation.regression.cases is 60; level 4 needs at least 50",
		"evidence": _evidence(
			[_claim(
				"/posture/evaluation/regression/cases", "evals/a.jsonl, evals/b.jsonl", "eval_suite",
				"the declared suite files hold 70 cases in total",
			)],
			[], [],
		),
	}
}

test_pass_eva_4_4_suite_not_counted_is_unverified if {
	e := {"suites": [{"path": "evals/a.jsonl"}, {"path": "evals/b.txt"}], "regression": {"cases": 60}}
	ev := {"evals/a.jsonl": _counted("evals/a.jsonl", 4, true), "evals/b.txt": _found}
	evaluation.eva_4_4(_with_evidence(e, ev)) == {
		"pass": true,
		"message": "posture.evaluation.regression.cases is 60; level 4 needs at least 50",
		"evidence": _evidence([], [], [_claim(
			"/posture/evaluation/regression/cases", "evals/a.jsonl, evals/b.txt", "eval_suite",
			"not every declared suite file was counted, and no regression.path is declared",
		)]),
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

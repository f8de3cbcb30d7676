# Generated cases, reviewed by hand: both sides of every control, whole outcomes.
package aimm.models.mlops.evaluation_test

import data.aimm.models.mlops.evaluation

_files := {
	"ok.md": {"exists": true, "detail": "ok.md found"},
	"gone.md": {"exists": false, "detail": "gone.md does not exist"},
}

_empty := {"manifest": {}, "evidence": {}, "today": "2026-11-21"}

# _f: a system of type t with posture p.
_f(t, p) := {
	"manifest": {"system": {"type": t}, "posture": p},
	"evidence": _files,
	"today": "2026-11-21",
}

_suites(s) := _f("rag", {"evaluation": {"suites": s}})

# _samples: a regression set with or without production samples, refreshed every d days.
_samples(s, d) := _f("rag", {"evaluation": {"regression": {"includes_production_samples": s, "refresh_days": d}}})

test_pass_evl_2_1 if {
	evaluation.evl_2_1(_f("rag", {"evaluation": {"suites": [{"name": "golden", "path": "ok.md"}]}})) == {
		"pass": true,
		"message": "posture.evaluation.suites has 1 suite(s); every path exists",
	}
}

test_fail_evl_2_1_missing_file if {
	evaluation.evl_2_1(_suites([{"name": "golden", "path": "ok.md"}, {"name": "edge", "path": "gone.md"}])) == {
		"pass": false,
		"message": concat("", [
			"posture.evaluation.suites has 2 suite(s); missing: \"gone.md\" (gone.md does not ",
			"exist); level 2 needs at least one suite whose path exists",
		]),
	}
}

test_fail_evl_2_1_suite_without_path if {
	evaluation.evl_2_1(_f("rag", {"evaluation": {"suites": [{"name": "golden"}]}})) == {
		"pass": false,
		"message": concat("", [
			"posture.evaluation.suites has 1 suite(s); missing: a suite without a path; level",
			" 2 needs at least one suite whose path exists",
		]),
	}
}

test_fail_evl_2_1_empty if {
	evaluation.evl_2_1(_f("rag", {"evaluation": {"suites": []}})) == {
		"pass": false,
		"message": "posture.evaluation.suites is []; level 2 needs at least one suite whose path exists",
	}
}

test_fail_evl_2_1_absent if {
	evaluation.evl_2_1(_empty) == {
		"pass": false,
		"message": "posture.evaluation.suites is not set; level 2 needs at least one suite whose path exists",
	}
}

test_pass_evl_3_1 if {
	evaluation.evl_3_1(_f("rag", {"evaluation": {"ci_gate": {"enabled": true, "workflow": "ok.md"}}})) == {
		"pass": true,
		"message": concat("", [
			"posture.evaluation.ci_gate.enabled is true; level 3 needs true; ",
			"posture.evaluation.ci_gate.workflow is \"ok.md\" (ok.md found)",
		]),
	}
}

test_fail_evl_3_1_missing_workflow if {
	evaluation.evl_3_1(_f("rag", {"evaluation": {"ci_gate": {"enabled": true, "workflow": "gone.md"}}})) == {
		"pass": false,
		"message": concat("", [
			"posture.evaluation.ci_gate.enabled is true; level 3 needs true; ",
			"posture.evaluation.ci_gate.workflow is \"gone.md\" (gone.md does not exist); level",
			" 3 needs a CI workflow file that exists",
		]),
	}
}

test_fail_evl_3_1_disabled if {
	evaluation.evl_3_1(_f("rag", {"evaluation": {"ci_gate": {"enabled": false, "workflow": "ok.md"}}})) == {
		"pass": false,
		"message": concat("", [
			"posture.evaluation.ci_gate.enabled is false; level 3 needs true; ",
			"posture.evaluation.ci_gate.workflow is \"ok.md\" (ok.md found)",
		]),
	}
}

test_fail_evl_3_1_absent if {
	evaluation.evl_3_1(_empty) == {
		"pass": false,
		"message": concat("", [
			"posture.evaluation.ci_gate.enabled is not set; level 3 needs true; ",
			"posture.evaluation.ci_gate.workflow is not declared; level 3 needs a CI workflow",
			" file that exists",
		]),
	}
}

test_pass_evl_3_2 if {
	evaluation.evl_3_2(_f("rag", {"evaluation": {"regression": {"cases": 50}}})) == {
		"pass": true,
		"message": "posture.evaluation.regression.cases is 50; level 3 needs at least 50",
	}
}

test_fail_evl_3_2_49 if {
	evaluation.evl_3_2(_f("rag", {"evaluation": {"regression": {"cases": 49}}})) == {
		"pass": false,
		"message": "posture.evaluation.regression.cases is 49; level 3 needs at least 50",
	}
}

test_fail_evl_3_2_absent if {
	evaluation.evl_3_2(_empty) == {
		"pass": false,
		"message": "posture.evaluation.regression.cases is not set; level 3 needs at least 50",
	}
}

test_pass_evl_4_1 if {
	evaluation.evl_4_1(_f("rag", {"evaluation": {"ci_gate": {"enabled": true, "blocking": true}}})) == {
		"pass": true,
		"message": concat("", [
			"posture.evaluation.ci_gate.enabled is true; level 4 needs true; ",
			"posture.evaluation.ci_gate.blocking is true; level 4 needs true",
		]),
	}
}

test_fail_evl_4_1_not_blocking if {
	evaluation.evl_4_1(_f("rag", {"evaluation": {"ci_gate": {"enabled": true, "blocking": false}}})) == {
		"pass": false,
		"message": concat("", [
			"posture.evaluation.ci_gate.enabled is true; level 4 needs true; ",
			"posture.evaluation.ci_gate.blocking is false; level 4 needs true",
		]),
	}
}

test_fail_evl_4_1_blocking_but_disabled if {
	evaluation.evl_4_1(_f("rag", {"evaluation": {"ci_gate": {"enabled": false, "blocking": true}}})) == {
		"pass": false,
		"message": concat("", [
			"posture.evaluation.ci_gate.enabled is false; level 4 needs true; ",
			"posture.evaluation.ci_gate.blocking is true; level 4 needs true",
		]),
	}
}

test_fail_evl_4_1_absent if {
	evaluation.evl_4_1(_empty) == {
		"pass": false,
		"message": concat("", [
			"posture.evaluation.ci_gate.enabled is not set; level 4 needs true; ",
			"posture.evaluation.ci_gate.blocking is not set; level 4 needs true",
		]),
	}
}

test_pass_evl_4_2 if {
	evaluation.evl_4_2(_f("rag", {"evaluation": {"calibrated_metrics": true}})) == {
		"pass": true,
		"message": "posture.evaluation.calibrated_metrics is true; level 4 needs true",
	}
}

test_fail_evl_4_2_absent if {
	evaluation.evl_4_2(_empty) == {
		"pass": false,
		"message": "posture.evaluation.calibrated_metrics is not set; level 4 needs true",
	}
}

test_pass_evl_4_3 if {
	evaluation.evl_4_3(_f("rag", {"evaluation": {"failure_modes": "ok.md"}})) == {
		"pass": true,
		"message": "posture.evaluation.failure_modes is \"ok.md\" (ok.md found)",
	}
}

test_fail_evl_4_3_missing_file if {
	evaluation.evl_4_3(_f("rag", {"evaluation": {"failure_modes": "gone.md"}})) == {
		"pass": false,
		"message": concat("", [
			"posture.evaluation.failure_modes is \"gone.md\" (gone.md does not exist); level 4 ",
			"needs a failure-mode catalogue that exists",
		]),
	}
}

test_fail_evl_4_3_absent if {
	evaluation.evl_4_3(_empty) == {
		"pass": false,
		"message": concat("", [
			"posture.evaluation.failure_modes is not declared; level 4 needs a failure-mode ",
			"catalogue that exists",
		]),
	}
}

test_pass_evl_4_4 if {
	evaluation.evl_4_4(_samples(true, 7)) == {
		"pass": true,
		"message": concat("", [
			"posture.evaluation.regression.includes_production_samples is true and ",
			"posture.evaluation.regression.refresh_days is 7; level 4 needs ",
			"regression.includes_production_samples true and regression.refresh_days at most ",
			"7",
		]),
	}
}

test_fail_evl_4_4_monthly if {
	evaluation.evl_4_4(_samples(true, 30)) == {
		"pass": false,
		"message": concat("", [
			"posture.evaluation.regression.includes_production_samples is true and ",
			"posture.evaluation.regression.refresh_days is 30; level 4 needs ",
			"regression.includes_production_samples true and regression.refresh_days at most ",
			"7",
		]),
	}
}

test_fail_evl_4_4_no_samples if {
	evaluation.evl_4_4(_samples(false, 7)) == {
		"pass": false,
		"message": concat("", [
			"posture.evaluation.regression.includes_production_samples is false and ",
			"posture.evaluation.regression.refresh_days is 7; level 4 needs ",
			"regression.includes_production_samples true and regression.refresh_days at most ",
			"7",
		]),
	}
}

test_fail_evl_4_4_absent if {
	evaluation.evl_4_4(_f("agent", {"evaluation": {}})) == {
		"pass": false,
		"message": concat("", [
			"posture.evaluation.regression.includes_production_samples is not set and ",
			"posture.evaluation.regression.refresh_days is not set; level 4 needs ",
			"regression.includes_production_samples true and regression.refresh_days at most ",
			"7",
		]),
	}
}

test_pass_evl_4_4_classical_not_applicable if {
	evaluation.evl_4_4(_f("classical-ml", {"evaluation": {}})) == {
		"pass": true,
		"message": concat("", [
			"not applicable: classical-ml track (system.type is classical-ml); it applies to ",
			"the llm track only",
		]),
	}
}

test_pass_evl_4_5 if {
	evaluation.evl_4_5(_f("rag", {"evaluation": {"shadow": true}})) == {
		"pass": true,
		"message": "posture.evaluation.shadow is true; level 4 needs true",
	}
}

test_fail_evl_4_5_absent if {
	evaluation.evl_4_5(_f("copilot", {"evaluation": {}})) == {
		"pass": false,
		"message": "posture.evaluation.shadow is not set; level 4 needs true",
	}
}

test_pass_evl_4_5_classical_not_applicable if {
	evaluation.evl_4_5(_f("classical-ml", {"evaluation": {}})) == {
		"pass": true,
		"message": concat("", [
			"not applicable: classical-ml track (system.type is classical-ml); it applies to ",
			"the llm track only",
		]),
	}
}

test_pass_evl_5_1 if {
	evaluation.evl_5_1(_f("rag", {"evaluation": {"red_teaming": "scheduled"}})) == {
		"pass": true,
		"message": "posture.evaluation.red_teaming is \"scheduled\"; level 5 needs scheduled",
	}
}

test_fail_evl_5_1_pre_launch if {
	evaluation.evl_5_1(_f("rag", {"evaluation": {"red_teaming": "pre-launch"}})) == {
		"pass": false,
		"message": "posture.evaluation.red_teaming is \"pre-launch\"; level 5 needs scheduled",
	}
}

test_fail_evl_5_1_absent if {
	evaluation.evl_5_1(_empty) == {
		"pass": false,
		"message": "posture.evaluation.red_teaming is not set; level 5 needs scheduled",
	}
}

# Generated cases, reviewed by hand: both sides of every control, whole outcomes.
package aimm.models.ai_operations.llmops_test

import data.aimm.models.ai_operations.llmops

_files := {
	"ok.md": {"exists": true, "detail": "ok.md found"},
	"gone.md": {"exists": false, "detail": "gone.md does not exist"},
}

_nothing := {"manifest": {}, "evidence": {}, "today": "2026-11-21"}

# _sys: a system of type t with posture p.
_sys(t, p) := {
	"manifest": {"system": {"type": t}, "posture": p},
	"evidence": _files,
	"today": "2026-11-21",
}

test_pass_lop_2_1 if {
	llmops.lop_2_1(_sys("rag", {"prompts": {"templates": "shared"}})) == {
		"pass": true,
		"message": "posture.prompts.templates is \"shared\"; level 2 needs shared",
	}
}

test_fail_lop_2_1_local if {
	llmops.lop_2_1(_sys("copilot", {"prompts": {"templates": "local"}})) == {
		"pass": false,
		"message": "posture.prompts.templates is \"local\"; level 2 needs shared",
	}
}

test_fail_lop_2_1_absent if {
	llmops.lop_2_1(_nothing) == {
		"pass": false,
		"message": "posture.prompts.templates is not set; level 2 needs shared",
	}
}

test_pass_lop_2_1_classical_not_applicable if {
	llmops.lop_2_1(_sys("classical-ml", {"prompts": {}})) == {
		"pass": true,
		"message": concat("", [
			"not applicable: system.type is classical-ml, not an LLM-backed type (a ",
			"classical-ml model has no prompts)",
		]),
	}
}

test_pass_lop_2_2_ad_hoc if {
	llmops.lop_2_2(_sys("rag", {"evaluation": {"manual_review": "ad-hoc"}})) == {
		"pass": true,
		"message": "posture.evaluation.manual_review is \"ad-hoc\"; level 2 needs ad-hoc or scheduled",
	}
}

test_pass_lop_2_2_scheduled if {
	llmops.lop_2_2(_sys("rag", {"evaluation": {"manual_review": "scheduled"}})) == {
		"pass": true,
		"message": "posture.evaluation.manual_review is \"scheduled\"; level 2 needs ad-hoc or scheduled",
	}
}

test_fail_lop_2_2_none if {
	llmops.lop_2_2(_sys("rag", {"evaluation": {"manual_review": "none"}})) == {
		"pass": false,
		"message": "posture.evaluation.manual_review is \"none\"; level 2 needs ad-hoc or scheduled",
	}
}

test_fail_lop_2_2_absent if {
	llmops.lop_2_2(_nothing) == {
		"pass": false,
		"message": "posture.evaluation.manual_review is not set; level 2 needs ad-hoc or scheduled",
	}
}

test_pass_lop_3_1 if {
	llmops.lop_3_1(_sys("rag", {"prompts": {"versioned": true, "path": "ok.md"}})) == {
		"pass": true,
		"message": concat("", [
			"posture.prompts.versioned is true; level 3 needs true; posture.prompts.path is ",
			"\"ok.md\" (ok.md found)",
		]),
	}
}

test_fail_lop_3_1_missing_file if {
	llmops.lop_3_1(_sys("agent", {"prompts": {"versioned": true, "path": "gone.md"}})) == {
		"pass": false,
		"message": concat("", [
			"posture.prompts.versioned is true; level 3 needs true; posture.prompts.path is ",
			"\"gone.md\" (gone.md does not exist); level 3 needs a prompt file that exists",
		]),
	}
}

test_fail_lop_3_1_not_versioned if {
	llmops.lop_3_1(_sys("llm-app", {"prompts": {"path": "ok.md"}})) == {
		"pass": false,
		"message": concat("", [
			"posture.prompts.versioned is not set; level 3 needs true; posture.prompts.path ",
			"is \"ok.md\" (ok.md found)",
		]),
	}
}

test_pass_lop_3_1_classical_not_applicable if {
	llmops.lop_3_1(_sys("classical-ml", {"prompts": {}})) == {
		"pass": true,
		"message": concat("", [
			"not applicable: system.type is classical-ml, not an LLM-backed type (a ",
			"classical-ml model has no prompts)",
		]),
	}
}

test_pass_lop_3_2 if {
	llmops.lop_3_2(_sys("rag", {"evaluation": {"suites": [{"name": "golden", "path": "ok.md"}]}})) == {
		"pass": true,
		"message": "posture.evaluation.suites has 1 suite(s); every path exists",
	}
}

test_fail_lop_3_2_missing_file if {
	llmops.lop_3_2(_sys("rag", {"evaluation": {"suites": [{"name": "golden", "path": "gone.md"}]}})) == {
		"pass": false,
		"message": concat("", [
			"posture.evaluation.suites has 1 suite(s); missing: \"gone.md\" (gone.md does not ",
			"exist); level 3 needs at least one suite whose path exists",
		]),
	}
}

test_fail_lop_3_2_absent if {
	llmops.lop_3_2(_nothing) == {
		"pass": false,
		"message": "posture.evaluation.suites is not set; level 3 needs at least one suite whose path exists",
	}
}

test_pass_lop_3_3_manual_review if {
	llmops.lop_3_3(_sys("rag", {"delivery": {"deploy_gate": "manual-review"}})) == {
		"pass": true,
		"message": "posture.delivery.deploy_gate is \"manual-review\"; level 3 needs manual-review or policy",
	}
}

test_pass_lop_3_3_policy if {
	llmops.lop_3_3(_sys("rag", {"delivery": {"deploy_gate": "policy"}})) == {
		"pass": true,
		"message": "posture.delivery.deploy_gate is \"policy\"; level 3 needs manual-review or policy",
	}
}

test_fail_lop_3_3_none if {
	llmops.lop_3_3(_sys("rag", {"delivery": {"deploy_gate": "none"}})) == {
		"pass": false,
		"message": "posture.delivery.deploy_gate is \"none\"; level 3 needs manual-review or policy",
	}
}

test_pass_lop_3_4 if {
	llmops.lop_3_4(_sys("rag", {"delivery": {"rollback": "manual"}})) == {
		"pass": true,
		"message": "posture.delivery.rollback is \"manual\"; level 3 needs manual or automated",
	}
}

test_fail_lop_3_4_absent if {
	llmops.lop_3_4(_nothing) == {
		"pass": false,
		"message": "posture.delivery.rollback is not set; level 3 needs manual or automated",
	}
}

test_pass_lop_4_1 if {
	f := _sys("rag", {"evaluation": {"ci_gate": {"enabled": true, "blocking": true, "workflow": "ok.md"}}})
	llmops.lop_4_1(f) == {
		"pass": true,
		"message": concat("", [
			"posture.evaluation.ci_gate.enabled is true; level 4 needs true; ",
			"posture.evaluation.ci_gate.blocking is true; level 4 needs true; ",
			"posture.evaluation.ci_gate.workflow is \"ok.md\" (ok.md found)",
		]),
	}
}

test_fail_lop_4_1_not_blocking if {
	f := _sys("rag", {"evaluation": {"ci_gate": {"enabled": true, "blocking": false, "workflow": "ok.md"}}})
	llmops.lop_4_1(f) == {
		"pass": false,
		"message": concat("", [
			"posture.evaluation.ci_gate.enabled is true; level 4 needs true; ",
			"posture.evaluation.ci_gate.blocking is false; level 4 needs true; ",
			"posture.evaluation.ci_gate.workflow is \"ok.md\" (ok.md found)",
		]),
	}
}

test_fail_lop_4_1_missing_workflow if {
	f := _sys("rag", {"evaluation": {"ci_gate": {"enabled": true, "blocking": true, "workflow": "gone.md"}}})
	llmops.lop_4_1(f) == {
		"pass": false,
		"message": concat("", [
			"posture.evaluation.ci_gate.enabled is true; level 4 needs true; ",
			"posture.evaluation.ci_gate.blocking is true; level 4 needs true; ",
			"posture.evaluation.ci_gate.workflow is \"gone.md\" (gone.md does not exist); level",
			" 4 needs a CI workflow file that exists",
		]),
	}
}

test_fail_lop_4_1_absent if {
	llmops.lop_4_1(_nothing) == {
		"pass": false,
		"message": concat("", [
			"posture.evaluation.ci_gate.enabled is not set; level 4 needs true; ",
			"posture.evaluation.ci_gate.blocking is not set; level 4 needs true; ",
			"posture.evaluation.ci_gate.workflow is not declared; level 4 needs a CI workflow",
			" file that exists",
		]),
	}
}

test_pass_lop_4_2 if {
	llmops.lop_4_2(_sys("rag", {"evaluation": {"human_feedback": true}})) == {
		"pass": true,
		"message": "posture.evaluation.human_feedback is true; level 4 needs true",
	}
}

test_fail_lop_4_2_absent if {
	llmops.lop_4_2(_nothing) == {
		"pass": false,
		"message": "posture.evaluation.human_feedback is not set; level 4 needs true",
	}
}

test_pass_lop_4_3 if {
	llmops.lop_4_3(_sys("rag", {"evaluation": {"retrieval_checks": true}})) == {
		"pass": true,
		"message": "posture.evaluation.retrieval_checks is true; level 4 needs true",
	}
}

test_fail_lop_4_3_absent if {
	llmops.lop_4_3(_sys("rag", {"evaluation": {}})) == {
		"pass": false,
		"message": "posture.evaluation.retrieval_checks is not set; level 4 needs true",
	}
}

test_pass_lop_4_3_agent_not_applicable if {
	llmops.lop_4_3(_sys("agent", {"evaluation": {}})) == {
		"pass": true,
		"message": "not applicable: system.type is agent, not rag",
	}
}

test_pass_lop_4_4 if {
	llmops.lop_4_4(_sys("rag", {"delivery": {"rollback": "automated"}})) == {
		"pass": true,
		"message": "posture.delivery.rollback is \"automated\"; level 4 needs automated",
	}
}

test_fail_lop_4_4_manual if {
	llmops.lop_4_4(_sys("rag", {"delivery": {"rollback": "manual"}})) == {
		"pass": false,
		"message": "posture.delivery.rollback is \"manual\"; level 4 needs automated",
	}
}

test_pass_lop_5_1 if {
	llmops.lop_5_1(_sys("rag", {"evaluation": {"online": {"enabled": true, "sampling_rate": 0.05}}})) == {
		"pass": true,
		"message": concat("", [
			"posture.evaluation.online.enabled is true and ",
			"posture.evaluation.online.sampling_rate is 0.05; level 5 needs online.enabled ",
			"true and online.sampling_rate above 0",
		]),
	}
}

test_fail_lop_5_1_zero_rate if {
	llmops.lop_5_1(_sys("rag", {"evaluation": {"online": {"enabled": true, "sampling_rate": 0}}})) == {
		"pass": false,
		"message": concat("", [
			"posture.evaluation.online.enabled is true and ",
			"posture.evaluation.online.sampling_rate is 0; level 5 needs online.enabled true ",
			"and online.sampling_rate above 0",
		]),
	}
}

test_fail_lop_5_1_disabled if {
	llmops.lop_5_1(_sys("rag", {"evaluation": {"online": {"enabled": false, "sampling_rate": 0.05}}})) == {
		"pass": false,
		"message": concat("", [
			"posture.evaluation.online.enabled is false and ",
			"posture.evaluation.online.sampling_rate is 0.05; level 5 needs online.enabled ",
			"true and online.sampling_rate above 0",
		]),
	}
}

test_fail_lop_5_1_absent if {
	llmops.lop_5_1(_nothing) == {
		"pass": false,
		"message": concat("", [
			"posture.evaluation.online.enabled is not set and ",
			"posture.evaluation.online.sampling_rate is not set; level 5 needs online.enabled",
			" true and online.sampling_rate above 0",
		]),
	}
}

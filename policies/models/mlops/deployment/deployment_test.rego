# Generated cases, reviewed by hand: both sides of every control, whole outcomes.
package aimm.models.mlops.deployment_test

import data.aimm.models.mlops.deployment

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

# _with_compliance: a system declaring compliance facts c.
_with_compliance(c) := {
	"manifest": {"system": {"type": "classical-ml"}, "compliance": c},
	"evidence": _files,
	"today": "2026-11-21",
}

test_pass_dpl_2_1_scripted if {
	deployment.dpl_2_1(_f("rag", {"delivery": {"pipeline": "scripted"}})) == {
		"pass": true,
		"message": "posture.delivery.pipeline is \"scripted\"; level 2 needs scripted, ci or continuous",
	}
}

test_pass_dpl_2_1_continuous if {
	deployment.dpl_2_1(_f("rag", {"delivery": {"pipeline": "continuous"}})) == {
		"pass": true,
		"message": "posture.delivery.pipeline is \"continuous\"; level 2 needs scripted, ci or continuous",
	}
}

test_fail_dpl_2_1_manual if {
	deployment.dpl_2_1(_f("rag", {"delivery": {"pipeline": "manual"}})) == {
		"pass": false,
		"message": "posture.delivery.pipeline is \"manual\"; level 2 needs scripted, ci or continuous",
	}
}

test_fail_dpl_2_1_absent if {
	deployment.dpl_2_1(_empty) == {
		"pass": false,
		"message": "posture.delivery.pipeline is not set; level 2 needs scripted, ci or continuous",
	}
}

test_pass_dpl_2_2 if {
	deployment.dpl_2_2(_f("rag", {"delivery": {"rollback": "manual"}})) == {
		"pass": true,
		"message": "posture.delivery.rollback is \"manual\"; level 2 needs manual or automated",
	}
}

test_fail_dpl_2_2_none if {
	deployment.dpl_2_2(_f("rag", {"delivery": {"rollback": "none"}})) == {
		"pass": false,
		"message": "posture.delivery.rollback is \"none\"; level 2 needs manual or automated",
	}
}

test_fail_dpl_2_2_absent if {
	deployment.dpl_2_2(_empty) == {
		"pass": false,
		"message": "posture.delivery.rollback is not set; level 2 needs manual or automated",
	}
}

test_pass_dpl_3_1 if {
	deployment.dpl_3_1(_f("rag", {"delivery": {"pipeline": "ci"}})) == {
		"pass": true,
		"message": "posture.delivery.pipeline is \"ci\"; level 3 needs ci or continuous",
	}
}

test_fail_dpl_3_1_scripted if {
	deployment.dpl_3_1(_f("rag", {"delivery": {"pipeline": "scripted"}})) == {
		"pass": false,
		"message": "posture.delivery.pipeline is \"scripted\"; level 3 needs ci or continuous",
	}
}

test_pass_dpl_3_2 if {
	deployment.dpl_3_2(_f("rag", {"delivery": {"canary": "manual"}})) == {
		"pass": true,
		"message": "posture.delivery.canary is \"manual\"; level 3 needs manual or automated",
	}
}

test_fail_dpl_3_2_none if {
	deployment.dpl_3_2(_f("rag", {"delivery": {"canary": "none"}})) == {
		"pass": false,
		"message": "posture.delivery.canary is \"none\"; level 3 needs manual or automated",
	}
}

test_pass_dpl_3_3 if {
	deployment.dpl_3_3(_f("rag", {"delivery": {"shadow": true}})) == {
		"pass": true,
		"message": "posture.delivery.shadow is true; level 3 needs true",
	}
}

test_fail_dpl_3_3_absent if {
	deployment.dpl_3_3(_empty) == {
		"pass": false,
		"message": "posture.delivery.shadow is not set; level 3 needs true",
	}
}

test_pass_dpl_3_4_scheduled if {
	deployment.dpl_3_4(_f("classical-ml", {"delivery": {"retraining": {"mode": "scheduled"}}})) == {
		"pass": true,
		"message": "posture.delivery.retraining.mode is \"scheduled\"; level 3 needs scheduled or triggered",
	}
}

test_pass_dpl_3_4_triggered if {
	deployment.dpl_3_4(_f("classical-ml", {"delivery": {"retraining": {"mode": "triggered"}}})) == {
		"pass": true,
		"message": "posture.delivery.retraining.mode is \"triggered\"; level 3 needs scheduled or triggered",
	}
}

test_fail_dpl_3_4_manual if {
	deployment.dpl_3_4(_f("classical-ml", {"delivery": {"retraining": {"mode": "manual"}}})) == {
		"pass": false,
		"message": "posture.delivery.retraining.mode is \"manual\"; level 3 needs scheduled or triggered",
	}
}

test_pass_dpl_3_4_llm_not_applicable if {
	deployment.dpl_3_4(_f("rag", {"delivery": {}})) == {
		"pass": true,
		"message": "not applicable: llm track (system.type is rag); it applies to the classical-ml track only",
	}
}

test_fail_dpl_3_4_no_track if {
	deployment.dpl_3_4(_empty) == {
		"pass": false,
		"message": "posture.delivery.retraining.mode is not set; level 3 needs scheduled or triggered",
	}
}

test_pass_dpl_4_1_queued if {
	deployment.dpl_4_1(_f("classical-ml", {"platform": {"gpu_scheduling": "queued"}})) == {
		"pass": true,
		"message": "posture.platform.gpu_scheduling is \"queued\"; level 4 needs queued (or not-used)",
	}
}

test_pass_dpl_4_1_not_used if {
	deployment.dpl_4_1(_f("rag", {"platform": {"gpu_scheduling": "not-used"}})) == {
		"pass": true,
		"message": concat("", [
			"not applicable: posture.platform.gpu_scheduling is \"not-used\" (the system runs ",
			"no GPU work of its own)",
		]),
	}
}

test_fail_dpl_4_1_first_come if {
	deployment.dpl_4_1(_f("classical-ml", {"platform": {"gpu_scheduling": "first-come"}})) == {
		"pass": false,
		"message": "posture.platform.gpu_scheduling is \"first-come\"; level 4 needs queued (or not-used)",
	}
}

test_fail_dpl_4_1_absent if {
	deployment.dpl_4_1(_empty) == {
		"pass": false,
		"message": "posture.platform.gpu_scheduling is not set; level 4 needs queued (or not-used)",
	}
}

test_pass_dpl_4_2 if {
	deployment.dpl_4_2(_f("rag", {"delivery": {"deploy_gate": "policy"}})) == {
		"pass": true,
		"message": "posture.delivery.deploy_gate is \"policy\"; level 4 needs policy",
	}
}

test_fail_dpl_4_2_manual_review if {
	deployment.dpl_4_2(_f("rag", {"delivery": {"deploy_gate": "manual-review"}})) == {
		"pass": false,
		"message": "posture.delivery.deploy_gate is \"manual-review\"; level 4 needs policy",
	}
}

test_pass_dpl_4_3 if {
	deployment.dpl_4_3(_f("rag", {"delivery": {"canary": "automated"}})) == {
		"pass": true,
		"message": "posture.delivery.canary is \"automated\"; level 4 needs automated",
	}
}

test_fail_dpl_4_3_manual if {
	deployment.dpl_4_3(_f("rag", {"delivery": {"canary": "manual"}})) == {
		"pass": false,
		"message": "posture.delivery.canary is \"manual\"; level 4 needs automated",
	}
}

test_pass_dpl_4_4 if {
	deployment.dpl_4_4(_f("rag", {"delivery": {"rollback": "automated"}})) == {
		"pass": true,
		"message": "posture.delivery.rollback is \"automated\"; level 4 needs automated",
	}
}

test_fail_dpl_4_4_manual if {
	deployment.dpl_4_4(_f("rag", {"delivery": {"rollback": "manual"}})) == {
		"pass": false,
		"message": "posture.delivery.rollback is \"manual\"; level 4 needs automated",
	}
}

test_pass_dpl_4_5 if {
	deployment.dpl_4_5(_f("rag", {"gateway": {"model_swap_playbook": "ok.md"}})) == {
		"pass": true,
		"message": "posture.gateway.model_swap_playbook is \"ok.md\" (ok.md found)",
	}
}

test_fail_dpl_4_5_missing_file if {
	deployment.dpl_4_5(_f("agent", {"gateway": {"model_swap_playbook": "gone.md"}})) == {
		"pass": false,
		"message": concat("", [
			"posture.gateway.model_swap_playbook is \"gone.md\" (gone.md does not exist); level",
			" 4 needs a model-swap playbook that exists",
		]),
	}
}

test_fail_dpl_4_5_absent if {
	deployment.dpl_4_5(_f("llm-app", {})) == {
		"pass": false,
		"message": concat("", [
			"posture.gateway.model_swap_playbook is not declared; level 4 needs a model-swap ",
			"playbook that exists",
		]),
	}
}

test_pass_dpl_4_5_classical_not_applicable if {
	deployment.dpl_4_5(_f("classical-ml", {})) == {
		"pass": true,
		"message": concat("", [
			"not applicable: classical-ml track (system.type is classical-ml); it applies to ",
			"the llm track only",
		]),
	}
}

test_pass_dpl_5_1 if {
	deployment.dpl_5_1(_with_compliance({"human_oversight": {"procedure": "ok.md"}})) == {
		"pass": true,
		"message": "compliance.human_oversight.procedure is \"ok.md\" (ok.md found)",
	}
}

test_fail_dpl_5_1_missing_file if {
	deployment.dpl_5_1(_with_compliance({"human_oversight": {"procedure": "gone.md"}})) == {
		"pass": false,
		"message": concat("", [
			"compliance.human_oversight.procedure is \"gone.md\" (gone.md does not exist); ",
			"level 5 needs an override procedure that exists",
		]),
	}
}

test_fail_dpl_5_1_absent if {
	deployment.dpl_5_1(_empty) == {
		"pass": false,
		"message": concat("", [
			"compliance.human_oversight.procedure is not declared; level 5 needs an override ",
			"procedure that exists",
		]),
	}
}

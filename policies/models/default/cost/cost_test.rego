package aimm.models.default.cost_test

import data.aimm.models.default.cost

_empty := {"manifest": {}, "evidence": {}}

_cos_facts(c) := {"manifest": {"posture": {"cost": c}}, "evidence": {}}

_limits(l) := _cos_facts({"limits": l})

_set_need := "level 4 needs limits.org, limits.project and limits.user all set"

_compose_need := "level 4 needs user <= project <= org, and session <= user when session is set"

_alerts_need := "level 3 needs alerts.enabled true and at least one number in alerts.thresholds"

_unit_need := "level 5 needs unit_economics.enabled true and unit_economics.unit agent-run or task"

# COS-2.1

test_pass_cos_2_1 if {
	cost.cos_2_1(_cos_facts({"dashboards": "per-team"})) == {
		"pass": true,
		"message": "posture.cost.dashboards is \"per-team\"; level 2 needs per-team or central",
	}
}

test_fail_cos_2_1_none if {
	cost.cos_2_1(_cos_facts({"dashboards": "none"})) == {
		"pass": false,
		"message": "posture.cost.dashboards is \"none\"; level 2 needs per-team or central",
	}
}

test_fail_cos_2_1_absent if {
	cost.cos_2_1(_empty) == {
		"pass": false,
		"message": "posture.cost.dashboards is not set; level 2 needs per-team or central",
	}
}

# COS-3.1

test_pass_cos_3_1 if {
	cost.cos_3_1(_cos_facts({"dashboards": "central"})) == {
		"pass": true,
		"message": "posture.cost.dashboards is \"central\"; level 3 needs central",
	}
}

test_fail_cos_3_1_per_team if {
	cost.cos_3_1(_cos_facts({"dashboards": "per-team"})) == {
		"pass": false,
		"message": "posture.cost.dashboards is \"per-team\"; level 3 needs central",
	}
}

test_fail_cos_3_1_wrong_type if {
	cost.cos_3_1(_cos_facts({"dashboards": true})) == {
		"pass": false,
		"message": "posture.cost.dashboards is true (not a string); level 3 needs central",
	}
}

# COS-3.2

test_pass_cos_3_2 if {
	cost.cos_3_2(_cos_facts({"alerts": {"enabled": true, "thresholds": [0.5, 0.8, 1.0]}})) == {
		"pass": true,
		"message": concat("", [
			"posture.cost.alerts.enabled is true and posture.cost.alerts.thresholds is [0.5, 0.8, 1]; ",
			_alerts_need,
		]),
	}
}

test_fail_cos_3_2_no_thresholds if {
	cost.cos_3_2(_cos_facts({"alerts": {"enabled": true, "thresholds": []}})) == {
		"pass": false,
		"message": concat("", [
			"posture.cost.alerts.enabled is true and posture.cost.alerts.thresholds is []; ",
			_alerts_need,
		]),
	}
}

test_fail_cos_3_2_thresholds_not_numbers if {
	cost.cos_3_2(_cos_facts({"alerts": {"enabled": true, "thresholds": ["80%"]}})) == {
		"pass": false,
		"message": concat("", [
			"posture.cost.alerts.enabled is true and posture.cost.alerts.thresholds is [80%]; ",
			_alerts_need,
		]),
	}
}

test_fail_cos_3_2_disabled if {
	cost.cos_3_2(_cos_facts({"alerts": {"enabled": false, "thresholds": [1]}})) == {
		"pass": false,
		"message": concat("", [
			"posture.cost.alerts.enabled is false and posture.cost.alerts.thresholds is [1]; ",
			_alerts_need,
		]),
	}
}

test_fail_cos_3_2_enabled_string if {
	cost.cos_3_2(_cos_facts({"alerts": {"enabled": "true", "thresholds": [1]}})) == {
		"pass": false,
		"message": concat("", [
			"posture.cost.alerts.enabled is \"true\" (not a boolean) and posture.cost.alerts.thresholds is [1]; ",
			_alerts_need,
		]),
	}
}

test_fail_cos_3_2_absent if {
	cost.cos_3_2(_empty) == {
		"pass": false,
		"message": concat("", [
			"posture.cost.alerts.enabled is not set and posture.cost.alerts.thresholds is not set; ",
			_alerts_need,
		]),
	}
}

# COS-4.1

test_pass_cos_4_1 if {
	cost.cos_4_1(_limits({"enforcement": "server"})) == {
		"pass": true,
		"message": "posture.cost.limits.enforcement is \"server\"; level 4 needs server",
	}
}

test_fail_cos_4_1_client if {
	cost.cos_4_1(_limits({"enforcement": "client"})) == {
		"pass": false,
		"message": "posture.cost.limits.enforcement is \"client\"; level 4 needs server",
	}
}

test_fail_cos_4_1_absent if {
	cost.cos_4_1(_empty) == {
		"pass": false,
		"message": "posture.cost.limits.enforcement is not set; level 4 needs server",
	}
}

# COS-4.2

test_pass_cos_4_2 if {
	cost.cos_4_2(_limits({"org": 50000, "project": 8000, "user": 200})) == {
		"pass": true,
		"message": concat("", ["posture.cost.limits has org 50000, project 8000, user 200; ", _set_need]),
	}
}

test_pass_cos_4_2_zero_is_a_limit if {
	cost.cos_4_2(_limits({"org": 0, "project": 0, "user": 0})) == {
		"pass": true,
		"message": concat("", ["posture.cost.limits has org 0, project 0, user 0; ", _set_need]),
	}
}

test_fail_cos_4_2_user_missing if {
	cost.cos_4_2(_limits({"org": 50000, "project": 8000, "session": 5})) == {
		"pass": false,
		"message": concat("", ["posture.cost.limits.user is not set; ", _set_need]),
	}
}

test_fail_cos_4_2_absent if {
	cost.cos_4_2(_empty) == {
		"pass": false,
		"message": concat("", [
			"posture.cost.limits.org is not set; posture.cost.limits.project is not set; ",
			"posture.cost.limits.user is not set; ",
			_set_need,
		]),
	}
}

test_fail_cos_4_2_wrong_type_and_negative if {
	cost.cos_4_2(_limits({"org": "50000", "project": -1, "user": 200})) == {
		"pass": false,
		"message": concat("", [
			"posture.cost.limits.org is \"50000\" (not a number); posture.cost.limits.project is -1 (below 0); ",
			_set_need,
		]),
	}
}

# COS-4.3

test_pass_cos_4_3 if {
	cost.cos_4_3(_limits({"org": 50000, "project": 8000, "user": 200, "session": 5})) == {
		"pass": true,
		"message": concat("", [
			"posture.cost.limits has user 200 <= project 8000 <= org 50000, session 5 <= user 200; ",
			_compose_need,
		]),
	}
}

test_pass_cos_4_3_session_absent if {
	cost.cos_4_3(_limits({"org": 50000, "project": 8000, "user": 200})) == {
		"pass": true,
		"message": concat("", [
			"posture.cost.limits has user 200 <= project 8000 <= org 50000, no session limit; ",
			_compose_need,
		]),
	}
}

test_pass_cos_4_3_equal_limits if {
	cost.cos_4_3(_limits({"org": 100, "project": 100, "user": 100, "session": 100})) == {
		"pass": true,
		"message": concat("", [
			"posture.cost.limits has user 100 <= project 100 <= org 100, session 100 <= user 100; ",
			_compose_need,
		]),
	}
}

test_fail_cos_4_3_user_above_project if {
	cost.cos_4_3(_limits({"org": 50000, "project": 8000, "user": 9000})) == {
		"pass": false,
		"message": concat("", ["posture.cost.limits.user is 9000, above project 8000; ", _compose_need]),
	}
}

test_fail_cos_4_3_project_above_org if {
	cost.cos_4_3(_limits({"org": 5000, "project": 8000, "user": 200})) == {
		"pass": false,
		"message": concat("", ["posture.cost.limits.project is 8000, above org 5000; ", _compose_need]),
	}
}

test_fail_cos_4_3_session_above_user if {
	cost.cos_4_3(_limits({"org": 50000, "project": 8000, "user": 200, "session": 201})) == {
		"pass": false,
		"message": concat("", ["posture.cost.limits.session is 201, above user 200; ", _compose_need]),
	}
}

test_fail_cos_4_3_every_violation_named if {
	cost.cos_4_3(_limits({"org": 10, "project": 20, "user": 30, "session": 40})) == {
		"pass": false,
		"message": concat("", [
			"posture.cost.limits.user is 30, above project 20; ",
			"posture.cost.limits.project is 20, above org 10; ",
			"posture.cost.limits.session is 40, above user 30; ",
			_compose_need,
		]),
	}
}

test_fail_cos_4_3_org_missing if {
	cost.cos_4_3(_limits({"project": 8000, "user": 200})) == {
		"pass": false,
		"message": concat("", ["posture.cost.limits.org is not set; ", _compose_need]),
	}
}

test_fail_cos_4_3_project_missing if {
	cost.cos_4_3(_limits({"org": 50000, "user": 200})) == {
		"pass": false,
		"message": concat("", ["posture.cost.limits.project is not set; ", _compose_need]),
	}
}

test_fail_cos_4_3_user_missing if {
	cost.cos_4_3(_limits({"org": 50000, "project": 8000, "session": 5})) == {
		"pass": false,
		"message": concat("", ["posture.cost.limits.user is not set; ", _compose_need]),
	}
}

test_fail_cos_4_3_session_wrong_type if {
	cost.cos_4_3(_limits({"org": 50000, "project": 8000, "user": 200, "session": "5"})) == {
		"pass": false,
		"message": concat("", ["posture.cost.limits.session is \"5\" (not a number); ", _compose_need]),
	}
}

test_fail_cos_4_3_absent if {
	cost.cos_4_3(_empty) == {
		"pass": false,
		"message": concat("", [
			"posture.cost.limits.org is not set; posture.cost.limits.project is not set; ",
			"posture.cost.limits.user is not set; ",
			_compose_need,
		]),
	}
}

# COS-5.1

test_pass_cos_5_1 if {
	cost.cos_5_1(_cos_facts({"unit_economics": {"enabled": true, "unit": "agent-run"}})) == {
		"pass": true,
		"message": concat("", [
			"posture.cost.unit_economics.enabled is true and posture.cost.unit_economics.unit is \"agent-run\"; ",
			_unit_need,
		]),
	}
}

test_pass_cos_5_1_task if {
	cost.cos_5_1(_cos_facts({"unit_economics": {"enabled": true, "unit": "task"}})) == {
		"pass": true,
		"message": concat("", [
			"posture.cost.unit_economics.enabled is true and posture.cost.unit_economics.unit is \"task\"; ",
			_unit_need,
		]),
	}
}

test_fail_cos_5_1_conversation if {
	cost.cos_5_1(_cos_facts({"unit_economics": {"enabled": true, "unit": "conversation"}})) == {
		"pass": false,
		"message": concat("", [
			"posture.cost.unit_economics.enabled is true and posture.cost.unit_economics.unit is \"conversation\"; ",
			_unit_need,
		]),
	}
}

test_fail_cos_5_1_disabled if {
	cost.cos_5_1(_cos_facts({"unit_economics": {"enabled": false, "unit": "agent-run"}})) == {
		"pass": false,
		"message": concat("", [
			"posture.cost.unit_economics.enabled is false and posture.cost.unit_economics.unit is \"agent-run\"; ",
			_unit_need,
		]),
	}
}

test_fail_cos_5_1_absent if {
	cost.cos_5_1(_empty) == {
		"pass": false,
		"message": concat("", [
			"posture.cost.unit_economics.enabled is not set and posture.cost.unit_economics.unit is not set; ",
			_unit_need,
		]),
	}
}

# COS-5.2

test_pass_cos_5_2 if {
	cost.cos_5_2(_cos_facts({"attribution": "per-agent-run"})) == {
		"pass": true,
		"message": "posture.cost.attribution is \"per-agent-run\"; level 5 needs per-request or per-agent-run",
	}
}

test_pass_cos_5_2_per_request if {
	cost.cos_5_2(_cos_facts({"attribution": "per-request"})) == {
		"pass": true,
		"message": "posture.cost.attribution is \"per-request\"; level 5 needs per-request or per-agent-run",
	}
}

test_fail_cos_5_2_per_team if {
	cost.cos_5_2(_cos_facts({"attribution": "per-team"})) == {
		"pass": false,
		"message": "posture.cost.attribution is \"per-team\"; level 5 needs per-request or per-agent-run",
	}
}

test_fail_cos_5_2_absent if {
	cost.cos_5_2(_empty) == {
		"pass": false,
		"message": "posture.cost.attribution is not set; level 5 needs per-request or per-agent-run",
	}
}

# ---- classical ML: per-model or per-job compute budgets instead of per-user limits ----------

_ml_limits(l) := {"manifest": {"system": {"type": "classical-ml"}, "posture": {"cost": {"limits": l}}}, "evidence": {}}

_ml_set_need := concat("", [
	"system.type is \"classical-ml\", so level 4 needs limits.org, limits.project ",
	"and limits.model or limits.job set",
])

_ml_compose_need := "system.type is \"classical-ml\", so level 4 needs job <= model <= project <= org (for those set)"

test_pass_cos_4_2_classical_model_budget if {
	cost.cos_4_2(_ml_limits({"org": 50000, "project": 8000, "model": 2000})) == {
		"pass": true,
		"message": concat("", ["posture.cost.limits has model 2000, project 8000, org 50000; ", _ml_set_need]),
	}
}

test_fail_cos_4_2_classical_user_limit_is_not_a_compute_budget if {
	cost.cos_4_2(_ml_limits({"org": 50000, "project": 8000, "user": 200})) == {
		"pass": false,
		"message": concat("", [
			"posture.cost.limits.model is not set and posture.cost.limits.job is not set; ",
			_ml_set_need,
		]),
	}
}

test_pass_cos_4_3_classical_budgets_compose if {
	cost.cos_4_3(_ml_limits({"org": 50000, "project": 8000, "model": 2000, "job": 50})) == {
		"pass": true,
		"message": concat("", [
			"posture.cost.limits has job 50 <= model 2000 <= project 8000 <= org 50000; ",
			_ml_compose_need,
		]),
	}
}

test_fail_cos_4_3_classical_job_above_model if {
	cost.cos_4_3(_ml_limits({"org": 50000, "project": 8000, "model": 20, "job": 50})) == {
		"pass": false,
		"message": concat("", ["posture.cost.limits.job is 50, above model 20; ", _ml_compose_need]),
	}
}

test_fail_cos_4_3_classical_without_a_budget if {
	cost.cos_4_3(_ml_limits({"org": 50000, "project": 8000})) == {
		"pass": false,
		"message": concat("", [
			"posture.cost.limits.model is not set and posture.cost.limits.job is not set; ",
			_ml_compose_need,
		]),
	}
}

test_pass_cos_4_2_llm_unchanged_by_a_model_budget if {
	l := {"org": 50000, "project": 8000, "model": 2000}
	cost.cos_4_2({"manifest": {"system": {"type": "llm-app"}, "posture": {"cost": {"limits": l}}}}).pass == false
}

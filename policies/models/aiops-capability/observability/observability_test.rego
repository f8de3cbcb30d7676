# Generated from the ladders of rungs.rego, reviewed by hand: both sides of every control
# (the smallest facts that reach the control's level, and the rung just below), whole outcomes.
package aimm.models.aiops_capability.observability_test

import data.aimm.models.aiops_capability.observability

# _posture: an agent with posture p (and an evaluation suite file that exists).
_posture(p) := {
	"manifest": {"system": {"type": "agent"}, "posture": p},
	"evidence": {"evals/suite.yaml": {"exists": true, "detail": "evals/suite.yaml found"}},
	"today": "2026-11-21",
}

# _observed: an agent whose manifest has observations o and no posture.
_observed(o) := {"manifest": {"system": {"type": "agent"}, "observations": o}, "today": "2026-11-21"}

# _bare: an agent that declares nothing.
_bare := {"manifest": {"system": {"type": "agent"}}, "today": "2026-11-21"}

test_pass_obs_1_1_rung_1 if {
	observability.obs_1_1(_posture({"visibility": {"logs": "scattered"}})) == {
		"message": concat("", [
			"posture.visibility.logs is \"scattered\", tracing.enabled is not set, ",
			"tracing.spans is not set, tracing.coverage is not set, ",
			"anomaly_detection is not set; level 1 needs logs scattered or ",
			"centralized (or full tracing)",
		]),
		"pass": true,
	}
}

test_fail_obs_1_1_absent if {
	observability.obs_1_1(_bare) == {
		"message": concat("", [
			"posture.visibility.logs is not set, tracing.enabled is not set, ",
			"tracing.spans is not set, tracing.coverage is not set, ",
			"anomaly_detection is not set; level 1 needs logs scattered or ",
			"centralized (or full tracing)",
		]),
		"pass": false,
	}
}

test_pass_obs_1_2_rung_1 if {
	observability.obs_1_2(_posture({"evaluation": {"manual_review": "ad-hoc"}})) == {
		"message": concat("", [
			"posture.evaluation.manual_review is \"ad-hoc\", human_feedback is not ",
			"set, ci_gate.enabled is not set, suites found: 0, online.enabled is ",
			"not set, regression.includes_production_samples is not set; level 1 ",
			"needs manual_review ad-hoc or scheduled (or a stronger answer)",
		]),
		"pass": true,
	}
}

test_fail_obs_1_2_absent if {
	observability.obs_1_2(_bare) == {
		"message": concat("", [
			"posture.evaluation.manual_review is not set, human_feedback is not ",
			"set, ci_gate.enabled is not set, suites found: 0, online.enabled is ",
			"not set, regression.includes_production_samples is not set; level 1 ",
			"needs manual_review ad-hoc or scheduled (or a stronger answer)",
		]),
		"pass": false,
	}
}

test_pass_obs_2_1_rung_2 if {
	observability.obs_2_1(_posture({"visibility": {"logs": "centralized"}})) == {
		"message": concat("", [
			"posture.visibility.logs is \"centralized\", tracing.enabled is not set, ",
			"tracing.spans is not set, tracing.coverage is not set, ",
			"anomaly_detection is not set; level 2 needs logs centralized (or full ",
			"tracing)",
		]),
		"pass": true,
	}
}

test_fail_obs_2_1_rung_1 if {
	observability.obs_2_1(_posture({"visibility": {"logs": "scattered"}})) == {
		"message": concat("", [
			"posture.visibility.logs is \"scattered\", tracing.enabled is not set, ",
			"tracing.spans is not set, tracing.coverage is not set, ",
			"anomaly_detection is not set; level 2 needs logs centralized (or full ",
			"tracing)",
		]),
		"pass": false,
	}
}

test_pass_obs_2_2_rung_2 if {
	observability.obs_2_2(_posture({"evaluation": {"human_feedback": true}})) == {
		"message": concat("", [
			"posture.evaluation.manual_review is not set, human_feedback is true, ",
			"ci_gate.enabled is not set, suites found: 0, online.enabled is not ",
			"set, regression.includes_production_samples is not set; level 2 needs ",
			"human_feedback true or manual_review scheduled (or automated ",
			"evaluation)",
		]),
		"pass": true,
	}
}

test_fail_obs_2_2_rung_1 if {
	observability.obs_2_2(_posture({"evaluation": {"manual_review": "ad-hoc"}})) == {
		"message": concat("", [
			"posture.evaluation.manual_review is \"ad-hoc\", human_feedback is not ",
			"set, ci_gate.enabled is not set, suites found: 0, online.enabled is ",
			"not set, regression.includes_production_samples is not set; level 2 ",
			"needs human_feedback true or manual_review scheduled (or automated ",
			"evaluation)",
		]),
		"pass": false,
	}
}

test_pass_obs_3_1_rung_3 if {
	observability.obs_3_1(_posture({
		"visibility": {
			"tracing": {
				"enabled": true,
				"spans": ["model_call"],
				"coverage": 90,
			},
		},
	})) == {
		"message": concat("", [
			"posture.visibility.logs is not set, tracing.enabled is true, ",
			"tracing.spans is [model_call], tracing.coverage is 90, ",
			"anomaly_detection is not set; level 3 needs tracing.enabled true with ",
			"model_call spans and coverage at least 80",
		]),
		"pass": true,
	}
}

test_fail_obs_3_1_rung_2 if {
	observability.obs_3_1(_posture({"visibility": {"logs": "centralized"}})) == {
		"message": concat("", [
			"posture.visibility.logs is \"centralized\", tracing.enabled is not set, ",
			"tracing.spans is not set, tracing.coverage is not set, ",
			"anomaly_detection is not set; level 3 needs tracing.enabled true with ",
			"model_call spans and coverage at least 80",
		]),
		"pass": false,
	}
}

test_pass_obs_3_2_rung_3 if {
	observability.obs_3_2(_posture({
		"evaluation": {
			"ci_gate": {
				"enabled": true,
			},
			"suites": [{"path": "evals/suite.yaml"}],
		},
	})) == {
		"message": concat("", [
			"posture.evaluation.manual_review is not set, human_feedback is not ",
			"set, ci_gate.enabled is true, suites found: 1, online.enabled is not ",
			"set, regression.includes_production_samples is not set; level 3 needs ",
			"ci_gate.enabled true and an evaluation suite that exists",
		]),
		"pass": true,
	}
}

test_fail_obs_3_2_rung_2 if {
	observability.obs_3_2(_posture({"evaluation": {"human_feedback": true}})) == {
		"message": concat("", [
			"posture.evaluation.manual_review is not set, human_feedback is true, ",
			"ci_gate.enabled is not set, suites found: 0, online.enabled is not ",
			"set, regression.includes_production_samples is not set; level 3 needs ",
			"ci_gate.enabled true and an evaluation suite that exists",
		]),
		"pass": false,
	}
}

test_pass_obs_4_1_rung_4 if {
	observability.obs_4_1(_posture({
		"visibility": {
			"tracing": {
				"enabled": true,
				"spans": ["model_call"],
				"coverage": 90,
			},
			"anomaly_detection": true,
		},
	})) == {
		"message": concat("", [
			"posture.visibility.logs is not set, tracing.enabled is true, ",
			"tracing.spans is [model_call], tracing.coverage is 90, ",
			"anomaly_detection is true; level 4 needs full tracing (enabled, ",
			"model_call spans, coverage at least 80) and anomaly_detection true",
		]),
		"pass": true,
	}
}

test_fail_obs_4_1_rung_3 if {
	observability.obs_4_1(_posture({
		"visibility": {
			"tracing": {
				"enabled": true,
				"spans": ["model_call"],
				"coverage": 90,
			},
		},
	})) == {
		"message": concat("", [
			"posture.visibility.logs is not set, tracing.enabled is true, ",
			"tracing.spans is [model_call], tracing.coverage is 90, ",
			"anomaly_detection is not set; level 4 needs full tracing (enabled, ",
			"model_call spans, coverage at least 80) and anomaly_detection true",
		]),
		"pass": false,
	}
}

test_pass_obs_4_2_rung_4 if {
	observability.obs_4_2(_posture({
		"evaluation": {
			"ci_gate": {
				"enabled": true,
			},
			"suites": [{"path": "evals/suite.yaml"}],
			"online": {
				"enabled": true,
			},
			"regression": {
				"includes_production_samples": true,
			},
		},
	})) == {
		"message": concat("", [
			"posture.evaluation.manual_review is not set, human_feedback is not ",
			"set, ci_gate.enabled is true, suites found: 1, online.enabled is true, ",
			"regression.includes_production_samples is true; level 4 needs ",
			"automated evaluation, online.enabled true and ",
			"regression.includes_production_samples true",
		]),
		"pass": true,
	}
}

test_fail_obs_4_2_rung_3 if {
	observability.obs_4_2(_posture({
		"evaluation": {
			"ci_gate": {
				"enabled": true,
			},
			"suites": [{"path": "evals/suite.yaml"}],
		},
	})) == {
		"message": concat("", [
			"posture.evaluation.manual_review is not set, human_feedback is not ",
			"set, ci_gate.enabled is true, suites found: 1, online.enabled is not ",
			"set, regression.includes_production_samples is not set; level 4 needs ",
			"automated evaluation, online.enabled true and ",
			"regression.includes_production_samples true",
		]),
		"pass": false,
	}
}

test_pass_obs_5_1_measured if {
	observability.obs_5_1(_observed({"measured_on": "2026-11-01", "kpis": {"autonomous_resolution_rate": 0.95}})) == {
		"message": concat("", [
			"observations.kpis.autonomous_resolution_rate is 0.95, measured on ",
			"2026-11-01 (20 days before today); level 5 needs at least 0.95 ",
			"measured within 90 days (runtime evidence: posture declarations alone ",
			"cannot reach level 5)",
		]),
		"pass": true,
	}
}

test_fail_obs_5_1_stale if {
	observability.obs_5_1(_observed({"measured_on": "2026-01-05", "kpis": {"autonomous_resolution_rate": 0.95}})) == {
		"message": concat("", [
			"observations.kpis.autonomous_resolution_rate is 0.95, measured on ",
			"2026-01-05, 320 days before today: older than the 90-day limit, so ",
			"they count as absent; level 5 needs at least 0.95 measured within 90 ",
			"days (runtime evidence: posture declarations alone cannot reach level ",
			"5)",
		]),
		"pass": false,
	}
}

test_fail_obs_5_1_short if {
	observability.obs_5_1(_observed({"measured_on": "2026-11-01", "kpis": {"autonomous_resolution_rate": 0.9}})) == {
		"message": concat("", [
			"observations.kpis.autonomous_resolution_rate is 0.9, measured on ",
			"2026-11-01 (20 days before today); level 5 needs at least 0.95 ",
			"measured within 90 days (runtime evidence: posture declarations alone ",
			"cannot reach level 5)",
		]),
		"pass": false,
	}
}

test_fail_obs_5_1_not_measured if {
	observability.obs_5_1(_bare) == {
		"message": concat("", [
			"observations.kpis.autonomous_resolution_rate is not measured; level 5 ",
			"needs at least 0.95 measured within 90 days (runtime evidence: posture ",
			"declarations alone cannot reach level 5)",
		]),
		"pass": false,
	}
}

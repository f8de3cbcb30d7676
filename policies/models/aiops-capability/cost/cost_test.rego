# Generated from the ladders of rungs.rego, reviewed by hand: both sides of every control
# (the smallest facts that reach the control's level, and the rung just below), whole outcomes.
package aimm.models.aiops_capability.cost_test

import data.aimm.models.aiops_capability.cost

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

test_pass_spd_1_1_rung_1 if {
	cost.spd_1_1(_posture({"cost": {"attribution": "invoice"}})) == {
		"message": concat("", [
			"posture.cost.attribution is \"invoice\", forecasting is not set; level 1 ",
			"needs cost.attribution invoice or finer",
		]),
		"pass": true,
	}
}

test_fail_spd_1_1_absent if {
	cost.spd_1_1(_bare) == {
		"message": concat("", [
			"posture.cost.attribution is not set, forecasting is not set; level 1 ",
			"needs cost.attribution invoice or finer",
		]),
		"pass": false,
	}
}

test_pass_spd_1_2_rung_1 if {
	cost.spd_1_2(_posture({"cost": {"budget_review": true}})) == {
		"message": concat("", [
			"posture.cost.budget_review is true, alerts.enabled is not set, ",
			"alerts.thresholds is not set, limits.enforcement is not set, limits ",
			"set: 0, forecasting is not set; level 1 needs cost.budget_review true ",
			"(or alerts, or enforced limits)",
		]),
		"pass": true,
	}
}

test_fail_spd_1_2_absent if {
	cost.spd_1_2(_bare) == {
		"message": concat("", [
			"posture.cost.budget_review is not set, alerts.enabled is not set, ",
			"alerts.thresholds is not set, limits.enforcement is not set, limits ",
			"set: 0, forecasting is not set; level 1 needs cost.budget_review true ",
			"(or alerts, or enforced limits)",
		]),
		"pass": false,
	}
}

test_pass_spd_2_1_rung_2 if {
	cost.spd_2_1(_posture({"cost": {"attribution": "per-app"}})) == {
		"message": concat("", [
			"posture.cost.attribution is \"per-app\", forecasting is not set; level 2 ",
			"needs cost.attribution per-app, per-feature, per-request or ",
			"per-agent-run",
		]),
		"pass": true,
	}
}

test_fail_spd_2_1_rung_1 if {
	cost.spd_2_1(_posture({"cost": {"attribution": "invoice"}})) == {
		"message": concat("", [
			"posture.cost.attribution is \"invoice\", forecasting is not set; level 2 ",
			"needs cost.attribution per-app, per-feature, per-request or ",
			"per-agent-run",
		]),
		"pass": false,
	}
}

test_pass_spd_2_2_rung_2 if {
	cost.spd_2_2(_posture({"cost": {"alerts": {"enabled": true, "thresholds": [50, 100]}}})) == {
		"message": concat("", [
			"posture.cost.budget_review is not set, alerts.enabled is true, ",
			"alerts.thresholds is [50, 100], limits.enforcement is not set, limits ",
			"set: 0, forecasting is not set; level 2 needs cost.alerts enabled with ",
			"thresholds (or enforced limits)",
		]),
		"pass": true,
	}
}

test_fail_spd_2_2_rung_1 if {
	cost.spd_2_2(_posture({"cost": {"budget_review": true}})) == {
		"message": concat("", [
			"posture.cost.budget_review is true, alerts.enabled is not set, ",
			"alerts.thresholds is not set, limits.enforcement is not set, limits ",
			"set: 0, forecasting is not set; level 2 needs cost.alerts enabled with ",
			"thresholds (or enforced limits)",
		]),
		"pass": false,
	}
}

test_pass_spd_3_1_rung_3 if {
	cost.spd_3_1(_posture({"cost": {"attribution": "per-request"}})) == {
		"message": concat("", [
			"posture.cost.attribution is \"per-request\", forecasting is not set; ",
			"level 3 needs cost.attribution per-request or per-agent-run",
		]),
		"pass": true,
	}
}

test_fail_spd_3_1_rung_2 if {
	cost.spd_3_1(_posture({"cost": {"attribution": "per-app"}})) == {
		"message": concat("", [
			"posture.cost.attribution is \"per-app\", forecasting is not set; level 3 ",
			"needs cost.attribution per-request or per-agent-run",
		]),
		"pass": false,
	}
}

test_pass_spd_3_2_rung_3 if {
	cost.spd_3_2(_posture({"cost": {"limits": {"enforcement": "server", "org": 1000}}})) == {
		"message": concat("", [
			"posture.cost.budget_review is not set, alerts.enabled is not set, ",
			"alerts.thresholds is not set, limits.enforcement is \"server\", limits ",
			"set: 1, forecasting is not set; level 3 needs cost.limits.enforcement ",
			"server with a limit above 0",
		]),
		"pass": true,
	}
}

test_fail_spd_3_2_rung_2 if {
	cost.spd_3_2(_posture({"cost": {"alerts": {"enabled": true, "thresholds": [50, 100]}}})) == {
		"message": concat("", [
			"posture.cost.budget_review is not set, alerts.enabled is true, ",
			"alerts.thresholds is [50, 100], limits.enforcement is not set, limits ",
			"set: 0, forecasting is not set; level 3 needs cost.limits.enforcement ",
			"server with a limit above 0",
		]),
		"pass": false,
	}
}

test_pass_spd_4_1_rung_4 if {
	cost.spd_4_1(_posture({"cost": {"attribution": "per-request", "forecasting": true}})) == {
		"message": concat("", [
			"posture.cost.attribution is \"per-request\", forecasting is true; level ",
			"4 needs cost.attribution per-request or per-agent-run and forecasting ",
			"true",
		]),
		"pass": true,
	}
}

test_fail_spd_4_1_rung_3 if {
	cost.spd_4_1(_posture({"cost": {"attribution": "per-request"}})) == {
		"message": concat("", [
			"posture.cost.attribution is \"per-request\", forecasting is not set; ",
			"level 4 needs cost.attribution per-request or per-agent-run and ",
			"forecasting true",
		]),
		"pass": false,
	}
}

test_pass_spd_4_2_rung_4 if {
	cost.spd_4_2(_posture({
		"cost": {
			"limits": {
				"enforcement": "server",
				"org": 1000,
			},
			"forecasting": true,
		},
	})) == {
		"message": concat("", [
			"posture.cost.budget_review is not set, alerts.enabled is not set, ",
			"alerts.thresholds is not set, limits.enforcement is \"server\", limits ",
			"set: 1, forecasting is true; level 4 needs enforced limits (server, a ",
			"limit above 0) and forecasting true",
		]),
		"pass": true,
	}
}

test_fail_spd_4_2_rung_3 if {
	cost.spd_4_2(_posture({"cost": {"limits": {"enforcement": "server", "org": 1000}}})) == {
		"message": concat("", [
			"posture.cost.budget_review is not set, alerts.enabled is not set, ",
			"alerts.thresholds is not set, limits.enforcement is \"server\", limits ",
			"set: 1, forecasting is not set; level 4 needs enforced limits (server, ",
			"a limit above 0) and forecasting true",
		]),
		"pass": false,
	}
}

test_pass_spd_5_1_measured if {
	cost.spd_5_1(_observed({"measured_on": "2026-11-01", "kpis": {"cost_prediction_accuracy": 0.9}})) == {
		"message": concat("", [
			"observations.kpis.cost_prediction_accuracy is 0.9, measured on ",
			"2026-11-01 (20 days before today); level 5 needs at least 0.9 measured ",
			"within 90 days (runtime evidence: posture declarations alone cannot ",
			"reach level 5)",
		]),
		"pass": true,
	}
}

test_fail_spd_5_1_stale if {
	cost.spd_5_1(_observed({"measured_on": "2026-01-05", "kpis": {"cost_prediction_accuracy": 0.9}})) == {
		"message": concat("", [
			"observations.kpis.cost_prediction_accuracy is 0.9, measured on ",
			"2026-01-05, 320 days before today: older than the 90-day limit, so ",
			"they count as absent; level 5 needs at least 0.9 measured within 90 ",
			"days (runtime evidence: posture declarations alone cannot reach level ",
			"5)",
		]),
		"pass": false,
	}
}

test_fail_spd_5_1_short if {
	cost.spd_5_1(_observed({"measured_on": "2026-11-01", "kpis": {"cost_prediction_accuracy": 0.85}})) == {
		"message": concat("", [
			"observations.kpis.cost_prediction_accuracy is 0.85, measured on ",
			"2026-11-01 (20 days before today); level 5 needs at least 0.9 measured ",
			"within 90 days (runtime evidence: posture declarations alone cannot ",
			"reach level 5)",
		]),
		"pass": false,
	}
}

test_fail_spd_5_1_not_measured if {
	cost.spd_5_1(_bare) == {
		"message": concat("", [
			"observations.kpis.cost_prediction_accuracy is not measured; level 5 ",
			"needs at least 0.9 measured within 90 days (runtime evidence: posture ",
			"declarations alone cannot reach level 5)",
		]),
		"pass": false,
	}
}

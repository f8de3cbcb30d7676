package aimm.controls.acme_test

import data.aimm.controls.acme

_acme_facts(exposure, bu, suites) := {
	"manifest": {
		"metadata": {"name": "returns-assistant", "team": "care", "business_unit": bu},
		"risk": {"exposure": exposure},
		"posture": {"evaluation": {"suites": suites}},
	},
	"evidence": {},
	"today": "2026-11-21",
}

_red := {"name": "red-team-injection", "path": "evals/red-team.yaml", "cases": 20}

test_pass_acme_1_internal_system_is_not_applicable if {
	acme.acme_1(_acme_facts("internal", null, [])) == {
		"pass": true,
		"message": "not applicable: risk.exposure is internal",
	}
}

test_pass_acme_1_business_unit_named if {
	acme.acme_1(_acme_facts("customers", "retail", [])) == {
		"pass": true,
		"message": "metadata.business_unit is retail",
	}
}

test_fail_acme_1_customer_facing_without_business_unit if {
	acme.acme_1(_acme_facts("public", " ", [])) == {
		"pass": false,
		"message": "metadata.business_unit is not set; Acme needs it when risk.exposure is public",
	}
}

test_pass_acme_3_1_red_team_suite if {
	acme.acme_3_1(_acme_facts("customers", "retail", [{"name": "golden", "cases": 90}, _red])) == {
		"pass": true,
		"message": "red-team suite red-team-injection has 20 cases",
	}
}

test_fail_acme_3_1_suite_too_small_or_missing if {
	small := object.union(_red, {"cases": 19})
	acme.acme_3_1(_acme_facts("customers", "retail", [small])).pass == false
	acme.acme_3_1(_acme_facts("customers", "retail", [{"name": "red-team", "cases": "many"}])).pass == false
	acme.acme_3_1(_acme_facts("customers", "retail", "not a list")) == {
		"pass": false,
		"message": "no red-team suite with at least 20 cases in posture.evaluation.suites; level 3 at Acme needs one (name starting with red-team)",
	}
}

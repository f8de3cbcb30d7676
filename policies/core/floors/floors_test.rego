package aimm.core.floors_test

import data.aimm.core.floors

_floor_facts(domain, lifecycle, config) := {
	"manifest": {
		"system": {"type": "rag", "lifecycle": lifecycle},
		"risk": {"domain": domain},
	},
	"evidence": {},
	"today": "2026-11-21",
	"config": config,
}

_general := _floor_facts("general", "production", {})

_critical := {"visibility": 4, "evaluation": 4, "cost": 3, "access": 4, "audit": 4}

_all(n) := {"visibility": n, "evaluation": n, "cost": n, "access": n, "audit": n}

test_pass_default_floors_per_tier if {
	floors.floors(_general, "low") == _all(1)
	floors.floors(_general, "medium") == _all(2)
	floors.floors(_general, "high") == _all(3)
	floors.floors(_general, "critical") == _critical
}

test_pass_prohibited_uses_the_critical_row if {
	floors.floors(_general, "prohibited") == floors.floors(_general, "critical")
}

test_pass_unknown_tier_fails_closed_to_the_critical_row if {
	floors.floors(_general, "bogus") == floors.floors(_general, "critical")
}

test_pass_regulated_domain_raises_evaluation_and_audit if {
	f := _floor_facts("credit-scoring", "production", {})
	floors.floors(f, "high") == {"visibility": 3, "evaluation": 4, "cost": 3, "access": 3, "audit": 4}
	floors.floors(f, "low") == {"visibility": 1, "evaluation": 4, "cost": 1, "access": 1, "audit": 4}
	floors.floors(f, "critical") == {"visibility": 4, "evaluation": 4, "cost": 3, "access": 4, "audit": 4}
}

test_pass_org_override_raises if {
	f := _floor_facts("general", "production", {"floors": {"high": {"cost": 4, "access": 2}}})
	floors.floors(f, "high") == {"visibility": 3, "evaluation": 3, "cost": 4, "access": 3, "audit": 3}
	floors.floors(f, "medium") == _all(2)
}

test_pass_org_override_lowers_only_when_allowed if {
	config := {"allow_lower_floors": true, "floors": {"high": {"cost": 4, "access": 2}}}
	f := _floor_facts("general", "production", config)
	floors.floors(f, "high") == {"visibility": 3, "evaluation": 3, "cost": 4, "access": 2, "audit": 3}
}

test_pass_org_override_never_lowers_a_regulatory_floor if {
	config := {"allow_lower_floors": true, "floors": {"high": {"evaluation": 2, "visibility": 2}}}
	f := _floor_facts("education", "production", config)
	floors.floors(f, "high") == {"visibility": 2, "evaluation": 4, "cost": 3, "access": 3, "audit": 4}
}

test_pass_org_override_for_prohibited_uses_the_critical_row if {
	f := _floor_facts("general", "production", {"floors": {"critical": {"cost": 5}}})
	floors.floors(f, "prohibited").cost == 5
}

test_pass_invalid_org_override_is_ignored if {
	bad := {"cost": "1", "access": 0, "audit": 9, "visibility": 2.5}
	config := {"allow_lower_floors": true, "floors": {"high": bad}}
	floors.floors(_floor_facts("general", "production", config), "high") == _all(3)
}

test_pass_allow_lower_must_be_boolean_true if {
	config := {"allow_lower_floors": "true", "floors": {"high": {"cost": 1}}}
	floors.floors(_floor_facts("general", "production", config), "high").cost == 3
}

test_pass_missing_config_is_default if {
	f := {"manifest": {"risk": {"domain": "general"}}}
	floors.floors(f, "medium") == _all(2)
}

test_pass_enforced_in_pilot_and_production if {
	floors.enforced(_floor_facts("general", "pilot", {}))
	floors.enforced(_floor_facts("general", "production", {}))
}

test_fail_not_enforced_in_experiment_or_retired if {
	not floors.enforced(_floor_facts("general", "experiment", {}))
	not floors.enforced(_floor_facts("general", "retired", {}))
	not floors.enforced({"manifest": {}})
}

test_pass_min_levels_raise_every_tier if {
	f := _floor_facts("general", "production", {"min_levels": {"visibility": 3, "audit": 2}})
	floors.floors(f, "low") == {"visibility": 3, "evaluation": 1, "cost": 1, "access": 1, "audit": 2}
	floors.floors(f, "critical") == _critical
}

test_pass_min_levels_never_lower_a_floor if {
	f := _floor_facts("credit-scoring", "production", {"min_levels": {"evaluation": 2}})
	floors.floors(f, "high").evaluation == 4
}

test_pass_min_levels_out_of_range_are_ignored if {
	f := _floor_facts("general", "production", {"min_levels": {"cost": 9, "access": "3"}})
	floors.floors(f, "low") == _all(1)
}

# The default model has no deployment_floors: an air-gapped system keeps its tier's floors.
test_pass_deployment_without_model_floors_changes_nothing if {
	f := {
		"manifest": {
			"system": {"type": "rag", "lifecycle": "production", "deployment": "air-gapped"},
			"risk": {"domain": "general"},
		},
		"evidence": {},
		"today": "2026-11-21",
		"config": {},
	}
	floors.floors(f, "low") == _all(1)
}

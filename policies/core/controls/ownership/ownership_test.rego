package aimm.core.controls.ownership_test

import data.aimm.core.controls.ownership

_low := {
	"domain": "general", "autonomy": "suggest", "data_sensitivity": "internal",
	"exposure": "internal", "criticality": "low",
}

_high := {
	"domain": "general", "autonomy": "act-with-approval", "data_sensitivity": "personal",
	"exposure": "customers", "criticality": "medium",
}

_own_facts(lifecycle, risk, owners) := {
	"manifest": {
		"metadata": {"name": "billing-assistant", "team": "payments-ai", "owners": owners},
		"system": {"type": "agent", "lifecycle": lifecycle},
		"risk": risk,
	},
	"evidence": {},
	"today": "2026-11-21",
}

_all_owners := {
	"technical": "bob@example.com", "business": "alice@example.com",
	"security": "sec-ai@example.com", "on_call": "payments-ai-oncall",
}

_tech := {"technical": "bob@example.com"}

test_pass_own_1_production_with_on_call if {
	ownership.own_1(_own_facts("production", _low, _all_owners)) == {
		"pass": true,
		"message": "metadata.owners.on_call is payments-ai-oncall",
	}
}

test_fail_own_1_production_without_on_call if {
	ownership.own_1(_own_facts("production", _low, _tech)) == {
		"pass": false,
		"message": concat("", [
			"metadata.owners.on_call is not set; ",
			"it is required because system.lifecycle is production",
		]),
	}
}

test_fail_own_1_blank_on_call if {
	ownership.own_1(_own_facts("production", _low, object.union(_tech, {"on_call": "  "}))).pass == false
	ownership.own_1(_own_facts("production", _low, object.union(_tech, {"on_call": 7}))).pass == false
}

test_pass_own_1_not_applicable_outside_production if {
	ownership.own_1(_own_facts("pilot", _high, _tech)) == {
		"pass": true,
		"message": concat("", [
			"not applicable: system.lifecycle is pilot; ",
			"metadata.owners.on_call is needed in production",
		]),
	}
	ownership.own_1(_own_facts("experiment", _high, _tech)).pass == true
	ownership.own_1(_own_facts("retired", _high, _tech)).pass == true
}

test_pass_own_2_3_not_applicable_for_low_and_medium if {
	f := _own_facts("production", _low, _tech)
	ownership.own_2(f) == {
		"pass": true,
		"message": "not applicable: the tier is low; metadata.owners.business is needed from tier high",
	}
	ownership.own_3(f) == {
		"pass": true,
		"message": "not applicable: the tier is low; metadata.owners.security is needed from tier high",
	}
	medium := _own_facts("production", object.union(_low, {"criticality": "critical"}), _tech)
	ownership.own_2(medium).pass == true
}

test_pass_own_2_3_high_with_owners if {
	f := _own_facts("pilot", _high, _all_owners)
	ownership.own_2(f) == {"pass": true, "message": "metadata.owners.business is alice@example.com"}
	ownership.own_3(f) == {"pass": true, "message": "metadata.owners.security is sec-ai@example.com"}
}

test_fail_own_2_3_high_without_owners if {
	f := _own_facts("pilot", _high, _tech)
	ownership.own_2(f) == {
		"pass": false,
		"message": "metadata.owners.business is not set; it is required because the tier is high",
	}
	ownership.own_3(f) == {
		"pass": false,
		"message": "metadata.owners.security is not set; it is required because the tier is high",
	}
}

test_fail_own_2_critical_by_domain if {
	risk := object.union(_low, {"domain": "migration", "autonomy": "act-autonomously"})
	f := _own_facts("pilot", risk, _tech)
	ownership.own_2(f).message == concat("", [
		"metadata.owners.business is not set; ",
		"it is required because the tier is critical",
	])
}

test_fail_own_2_declared_high if {
	f := _own_facts("pilot", object.union(_low, {"declared_tier": "high"}), _tech)
	ownership.own_2(f).pass == false
}

test_fail_own_3_prohibited if {
	f := _own_facts("pilot", object.union(_low, {"prohibited_practices": ["social-scoring"]}), _tech)
	ownership.own_3(f) == {
		"pass": false,
		"message": "metadata.owners.security is not set; it is required because the tier is prohibited",
	}
}

test_fail_own_2_unknown_tier_fails_closed if {
	f := _own_facts("pilot", object.union(_low, {"exposure": "galaxy"}), _tech)
	ownership.own_2(f) == {
		"pass": false,
		"message": "metadata.owners.business is not set; it is required because the tier is unknown",
	}
}

test_fail_missing_owners_object if {
	f := {"manifest": {"system": {"lifecycle": "production"}, "risk": _high}}
	ownership.own_1(f).pass == false
	ownership.own_2(f).pass == false
}

test_pass_own_3_critical_with_security_owner if {
	critical := object.union(_high, {"autonomy": "act-autonomously", "criticality": "high"})
	f := _own_facts("production", critical, _all_owners)
	ownership.own_3(f) == {"pass": true, "message": "metadata.owners.security is sec-ai@example.com"}
}

# ---- OWN-4: owners required by the org config ------------------------------------------------

_with_rules(f, rules) := object.union(f, {"config": {"required_owners": rules}})

_data_everywhere := {"role": "data"}

_security_medium_up := {"role": "security", "tiers": ["medium", "high", "critical"], "lifecycles": ["production"]}

test_pass_own_4_no_org_rules if {
	ownership.own_4(_own_facts("production", _low, _tech)) == {
		"pass": true,
		"message": "not applicable: the org config requires no extra owners",
	}
}

test_pass_own_4_rules_out_of_scope if {
	f := _with_rules(_own_facts("pilot", _low, _tech), [_security_medium_up])
	ownership.own_4(f) == {
		"pass": true,
		"message": "not applicable: no org owner requirement covers tier low in lifecycle pilot",
	}
}

test_pass_own_4_required_owners_set if {
	owners := object.union(_all_owners, {"data": "data-gov@example.com"})
	f := _with_rules(_own_facts("production", _high, owners), [_data_everywhere, _security_medium_up])
	ownership.own_4(f) == {
		"pass": true,
		"message": "the owners the org config requires are set: metadata.owners.data, metadata.owners.security",
	}
}

test_fail_own_4_required_owners_missing if {
	f := _with_rules(_own_facts("production", _high, _tech), [_security_medium_up, _data_everywhere])
	ownership.own_4(f) == {
		"pass": false,
		"message": "the org config requires metadata.owners.data, metadata.owners.security for tier high in lifecycle production; not set",
	}
}

test_fail_own_4_blank_owner_and_unknown_tier_fail_closed if {
	# Unscorable risk facts make the tier unknown: tier-scoped rules apply.
	f := _with_rules(_own_facts("production", {"autonomy": "sometimes"}, {"security": " "}), [_security_medium_up])
	ownership.own_4(f) == {
		"pass": false,
		"message": "the org config requires metadata.owners.security for tier unknown in lifecycle production; not set",
	}
}

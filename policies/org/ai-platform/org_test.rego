# Both sides of every org-scope control: whole outcomes, messages included.
package aimm.org.ai_platform_test

import data.aimm.org.ai_platform as org

_org_system(lifecycle, on_platform, golden) := {
	"system": "s",
	"team": "t",
	"lifecycle": lifecycle,
	"controls": {"PLT-2.2": on_platform, "PLT-3.1": golden},
}

test_pass_plo_2_1_inventory_lists_70_percent if {
	org.plo_2_1({
		"systems": [_org_system("production", "pass", "fail") | some _ in numbers.range(1, 7)],
		"inventory": {"production_systems": 10},
	}) == {
		"pass": true,
		"message": "the inventory lists 7 production systems of the 10 the org config counts (needs 70%)",
	}
}

test_fail_plo_2_1_inventory_lists_60_percent if {
	org.plo_2_1({
		"systems": [_org_system("production", "pass", "fail") | some _ in numbers.range(1, 6)],
		"inventory": {"production_systems": 10},
	}) == {
		"pass": false,
		"message": "the inventory lists 6 production systems of the 10 the org config counts (needs 70%)",
	}
}

test_fail_plo_2_1_without_a_count_is_not_assessable if {
	org.plo_2_1({"systems": [_org_system("production", "pass", "pass")]}) == {
		"pass": false,
		"message": concat("", [
			"inventory.production_systems is not set in the org config: the share of production ",
			"systems in the inventory is not assessable",
		]),
	}
}

test_fail_plo_2_1_a_count_that_is_not_a_number if {
	not org.plo_2_1({"systems": [], "inventory": {"production_systems": "ten"}}).pass
}

test_pass_plo_3_1_two_of_five_new_systems if {
	org.plo_3_1({"systems": [
		_org_system("pilot", "fail", "pass"),
		_org_system("experiment", "fail", "pass"),
		_org_system("pilot", "fail", "fail"),
		_org_system("pilot", "fail", "waived"),
		_org_system("experiment", "fail", "fail"),
		_org_system("production", "pass", "fail"),
	]}) == {"pass": true, "message": "2 of 5 new systems started on a golden path (needs 40%)"}
}

test_fail_plo_3_1_one_of_three_new_systems if {
	org.plo_3_1({"systems": [
		_org_system("pilot", "fail", "pass"),
		_org_system("experiment", "fail", "fail"),
		_org_system("pilot", "fail", "fail"),
		_org_system("production", "pass", "pass"),
	]}) == {"pass": false, "message": "1 of 3 new systems started on a golden path (needs 40%)"}
}

test_fail_plo_3_1_no_new_system if {
	org.plo_3_1({"systems": [_org_system("production", "pass", "pass")]}) == {
		"pass": false,
		"message": "no new system (experiment or pilot) to measure golden-path adoption on",
	}
}

test_pass_plo_4_1_four_of_five_production_systems if {
	org.plo_4_1({"systems": array.concat(
		[_org_system("production", "pass", "fail") | some _ in numbers.range(1, 4)],
		[_org_system("production", "fail", "fail"), _org_system("pilot", "fail", "fail")],
	)}) == {"pass": true, "message": "4 of 5 production systems run on the platform (needs 80%)"}
}

test_fail_plo_4_1_three_of_four_production_systems if {
	org.plo_4_1({"systems": array.concat(
		[_org_system("production", "pass", "fail") | some _ in numbers.range(1, 3)],
		[_org_system("production", "fail", "fail")],
	)}) == {"pass": false, "message": "3 of 4 production systems run on the platform (needs 80%)"}
}

test_fail_plo_4_1_no_production_system if {
	org.plo_4_1({"systems": []}) == {
		"pass": false,
		"message": "no production system to measure platform adoption on",
	}
}

test_fail_plo_systems_of_the_wrong_shape_count_for_nothing if {
	org.plo_4_1({"systems": ["odd", 3, {"lifecycle": "production"}]}) == {
		"pass": false,
		"message": "0 of 1 production systems run on the platform (needs 80%)",
	}
}

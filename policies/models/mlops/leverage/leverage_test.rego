package aimm.models.mlops.leverage_test

import data.aimm.models.mlops.leverage

_axes(r, e, d, o, g) := {"reproducibility": r, "evaluation": e, "deployment": d, "observability": o, "governance": g}

_control(id, dim, level, status) := {"id": id, "dimension": dim, "level": level, "status": status}

# A system whose lowest axes (deployment, observability) are at L2: the upgrade to L3 is the
# regression suite in CI (EVL-3.1, EVL-3.2); EVL-3.1 fails, EVL-3.2 passes.
_report := {
	"levels": _axes(3, 2, 2, 2, 3),
	"controls": [
		_control("EVL-3.1", "evaluation", 3, "fail"),
		_control("EVL-3.2", "evaluation", 3, "pass"),
		_control("DPL-3.1", "deployment", 3, "fail"),
		_control("MON-3.1", "observability", 3, "waived"),
	],
	"next_steps": [
		{"control": "EVL-3.1", "dimension": "evaluation", "level": 3, "reason": "next-level"},
		{"control": "DPL-3.1", "dimension": "deployment", "level": 3, "reason": "next-level"},
		{"control": "MON-3.1", "dimension": "observability", "level": 3, "reason": "next-level"},
	],
}

test_pass_lowest_level if {
	leverage.lowest_level(_axes(3, 2, 4, 5, 3)) == 2
	leverage.lowest_level(_axes(5, 5, 5, 5, 5)) == 5
}

test_pass_lowest_level_counts_a_missing_axis_as_the_bottom if {
	leverage.lowest_level({"evaluation": 4}) == 1
}

test_pass_upgrade_lists_its_open_controls if {
	leverage.upgrade_of(_report) == {
		"level": 3,
		"from": 2,
		"upgrade": "Build the regression suite and run it in CI on every change",
		"controls": ["EVL-3.1", "EVL-3.2"],
		"open": ["EVL-3.1"],
	}
}

test_pass_upgrade_ignores_disabled_controls if {
	r := {"levels": _axes(1, 1, 1, 1, 1), "controls": [_control("RPR-2.1", "reproducibility", 2, "disabled")]}
	leverage.upgrade_of(r).open == ["RPR-2.5"]
}

test_fail_upgrade_at_the_top_level_is_null if {
	leverage.upgrade_of({"levels": _axes(5, 5, 5, 5, 5), "controls": []}) == null
}

test_pass_next_steps_put_the_upgrade_first_once if {
	leverage.next_steps_of(_report) == [
		{"control": "EVL-3.1", "dimension": "evaluation", "level": 3, "reason": "leverage"},
		{"control": "DPL-3.1", "dimension": "deployment", "level": 3, "reason": "next-level"},
		{"control": "MON-3.1", "dimension": "observability", "level": 3, "reason": "next-level"},
	]
}

test_fail_next_steps_at_the_top_level_are_the_reports if {
	steps := [{"control": "GVN-5.2", "dimension": "governance", "level": null, "reason": "gate"}]
	leverage.next_steps_of({"levels": _axes(5, 5, 5, 5, 5), "next_steps": steps}) == steps
}

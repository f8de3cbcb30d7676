package aimm.models.ai_platform.ladder_test

import data.aimm.models.ai_platform.ladder

_ids := [id | some n in numbers.range(2, 5); some id in data.aimm.models.ai_platform.model.cells.platform[format_int(n, 10)]]

# _report: the ladder at level n with every control passing except those in failing.
_ladder_at(n, failing) := {
	"levels": {"platform": n},
	"controls": [{"id": id, "status": s} | some id in _ids; s := _state(id, failing)],
	"next_steps": [
		{"control": "PLT-3.7", "dimension": "platform", "level": 3, "reason": "next-level"},
		{"control": "PLT-3.3", "dimension": "platform", "level": 3, "reason": "next-level"},
		{"control": "PLT-3.1", "dimension": "platform", "level": 3, "reason": "next-level"},
		{"control": "OWN-1", "dimension": "ownership", "level": null, "reason": "gate"},
	],
}

_state(id, failing) := "fail" if id in failing

else := "pass"

test_pass_every_area_at_the_top_when_all_pass if {
	[a.level | some a in ladder.areas_of(_ladder_at(5, set()))] == [5, 5, 5, 5, 5, 5, 5]
}

test_pass_an_open_control_holds_only_its_area if {
	areas := ladder.areas_of(_ladder_at(2, {"PLT-3.3", "PLT-4.1"}))
	[[a.id, a.level] | some a in areas] == [
		["data", 5], ["training", 5], ["registry", 2], ["serving", 5], ["observability", 5],
		["governance", 3], ["developer-experience", 5],
	]
	areas[2] == {"id": "registry", "title": "Registry", "level": 2, "name": "L2 Repeatable"}
}

# _with: the report at level n with one control's status replaced.
_with(n, id, status) := object.union(_ladder_at(n, set()), {"controls": [c |
	some x in _ladder_at(n, set()).controls
	c := _replaced(x, id, status)
]})

_replaced(x, id, status) := {"id": id, "status": status} if x.id == id

else := x

test_pass_a_disabled_control_does_not_hold_an_area if {
	ladder.areas_of(_with(5, "PLT-2.6", "disabled"))[0].level == 5
}

test_fail_a_waived_control_still_holds_its_area if {
	ladder.areas_of(_with(1, "PLT-2.6", "waived"))[0].level == 1
}

test_pass_unlock_names_the_next_levels_move_and_its_open_controls if {
	u := ladder.unlock_of(_ladder_at(2, {"PLT-3.1", "PLT-3.3"}))
	u.level == 3
	u.from == 2
	u.controls == ["PLT-3.1"]
	u.open == ["PLT-3.1"]
	startswith(u.move, "Make the golden path good enough")
}

test_pass_unlock_counts_a_control_missing_from_the_report_as_open if {
	u := ladder.unlock_of({"levels": {"platform": 1}, "controls": [{"id": "PLT-2.2", "status": "pass"}]})
	u.open == ["PLT-2.1", "PLT-2.3", "PLT-2.4"]
}

test_pass_no_unlock_at_the_top if {
	ladder.unlock_of(_ladder_at(5, set())) == null
}

test_pass_next_steps_unlock_first_then_lowest_area_first if {
	steps := ladder.next_steps_of(_ladder_at(2, {"PLT-3.1", "PLT-3.3", "PLT-3.7", "PLT-4.1"}))
	[[s.control, s.reason] | some s in steps] == [
		["PLT-3.1", "unlock"],
		["PLT-3.7", "next-level"], # observability at L2: report order within a level
		["PLT-3.3", "next-level"], # registry at L2
		["OWN-1", "gate"], # no area: last
	]
}

test_pass_next_steps_at_the_top_are_the_reports if {
	steps := ladder.next_steps_of({"levels": {"platform": 5}, "controls": [], "next_steps": [
		{"control": "OWN-1", "dimension": "ownership", "level": null, "reason": "gate"},
	]})
	steps == [{"control": "OWN-1", "dimension": "ownership", "level": null, "reason": "gate"}]
}

# developer-experience has controls at levels 2, 3 and 5: on a level-3 ladder with PLT-5.1 open
# it is at level 3, not 4 (a level without a control of its own, above the ladder, waits for the
# next one that has one).
test_pass_a_sparse_area_does_not_run_ahead if {
	areas := ladder.areas_of(_ladder_at(3, {"PLT-4.1", "PLT-5.1"}))
	areas[6] == {"id": "developer-experience", "title": "Developer experience", "level": 3, "name": "L3 Managed"}
}

# governance has no level-2 control: with PLT-3.2 open it is at the ladder's level.
test_pass_an_area_without_a_level_2_control_follows_the_ladder if {
	ladder.areas_of(_ladder_at(2, {"PLT-3.2"}))[5].level == 2
}

test_fail_an_area_without_a_level_2_control_on_a_level_1_ladder if {
	ladder.areas_of(_ladder_at(1, {"PLT-2.1", "PLT-3.2"}))[5].level == 1
}

test_fail_a_sparse_area_reaches_the_ladders_level if {
	ladder.areas_of(_ladder_at(4, {"PLT-5.1"}))[6].level == 4
}

package aimm.models.ai_operations.readiness_test

import data.aimm.models.ai_operations.readiness

_passing(ids) := [{"id": id, "status": "pass"} | some id in ids]

_all_ids := [
	"RISK-2", "GOP-2.1", "GOP-3.1", "AOB-3.1", "AOB-3.2", "GOP-3.5", "AOB-3.3", "AOB-4.1",
	"LOP-4.1", "GOP-4.4", "GOP-4.3", "GOP-4.6", "LOP-4.2",
]

_statuses(checklist) := [[i.id, i.status] | some p in checklist; some i in p.items]

test_pass_checklist_phases_in_seed_order if {
	[[p.phase, count(p.items)] | some p in readiness.checklist_of([])] == [
		["foundation", 4], ["operations", 4], ["maturity-growth", 4],
	]
}

test_pass_checklist_every_item_passes_when_its_controls_pass if {
	[s | some s in _statuses(readiness.checklist_of(_passing(_all_ids))); s[1] != "pass"] == []
}

test_fail_checklist_item_with_a_failing_control if {
	others := _passing([id | some id in _all_ids; id != "LOP-4.2"])
	controls := array.concat(others, [{"id": "LOP-4.2", "status": "waived"}])
	item := readiness.checklist_of(controls)[2].items[3]
	item == {
		"id": "learn-from-production",
		"title": "Update operations from production learning",
		"status": "fail",
		"controls": ["GOP-4.6", "LOP-4.2"],
		"open": ["LOP-4.2"],
	}
}

test_fail_checklist_missing_controls_do_not_pass if {
	_statuses(readiness.checklist_of([]))[2] == ["readiness-requirements", "fail"]
}

test_pass_checklist_item_without_controls_passes_with_its_note if {
	readiness.checklist_of([])[0].items[0] == {
		"id": "inventory",
		"title": "Inventory AI systems and owners",
		"status": "pass",
		"controls": [],
		"open": [],
		"note": "the manifest is the system's inventory entry, with its technical owner",
	}
}

test_pass_ownership_matrix if {
	f := {"manifest": {"metadata": {"owners": {"technical": "te", "support": "help-desk", "data": " "}}}}
	readiness.ownership_of(f) == [
		{"role": "business", "owner": null},
		{"role": "technical", "owner": "te"},
		{"role": "data", "owner": null},
		{"role": "security", "owner": null},
		{"role": "support", "owner": "help-desk"},
	]
}

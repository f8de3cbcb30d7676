package aimm.models.ai_platform.notes_test

import data.aimm.models.ai_platform.notes

_ap_doc(system) := {"manifest": {"system": system}, "evidence": {}, "today": "2026-11-21"}

_level(n) := {"levels": {"platform": n}, "controls": []}

_org_wide := concat("", [
	"three criteria are shares of the whole organisation (the AI inventory lists 70% of ",
	"production models; 40-70% of new workloads start on a golden path; 80% of production ",
	"workloads run on the platform): evaluated org-wide, by aimm scan and aimm aggregate (PLO-2.1, PLO-3.1, PLO-4.1)",
])

test_pass_notes_at_level_1 if {
	notes.platform_notes(_ap_doc({"deployment": "cloud"}), _level(1)) == [
		concat("", [
			"unlock move to L2 Repeatable: Run the platform as an internal product with a named ",
			"owner and a written charter, with one shared cluster and GPU pool and one shared ",
			"experiment tracker (open: PLT-2.1, PLT-2.2, PLT-2.3, PLT-2.4)",
		]),
		concat("", [
			"capability areas: data L1, training L1, registry L1, serving L1, observability L1, ",
			"governance L1, developer-experience L1",
		]),
		"delivery bands: unverified (observations.dora is not measured)",
		_org_wide,
	]
}

test_pass_air_gapped_note if {
	notes.platform_notes(_ap_doc({"deployment": "air-gapped"}), _level(1))[3] == concat("", [
		"system.deployment is \"air-gapped\": the floor is at least level 4, ",
		"as the seed sets for air-gapped deployments",
	])
}

test_fail_no_unlock_move_at_the_top if {
	startswith(notes.platform_notes(_ap_doc({}), _level(5))[0], "level 5 has no further unlock move")
}

test_pass_unlock_done_but_level_waits if {
	report := {"levels": {"platform": 2}, "controls": [{"id": "PLT-3.1", "status": "pass"}]}
	endswith(notes.platform_notes(_ap_doc({}), report)[0], "(done; the level waits on other controls)")
}

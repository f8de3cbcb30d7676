# The observations helpers of lib: real calendar dates only, the staleness limit (org config
# or 90 days), and what the note says when measurements count and when they do not.
package aimm.core.lib_test

import data.aimm.core.lib

_measured(on, config) := {
	"manifest": {"observations": {"measured_on": on, "kpis": {"health": 0.99}}},
	"config": config,
	"today": "2026-11-21",
}

test_pass_calendar_dates if {
	lib.calendar_date("2026-11-21")
	lib.calendar_date("2024-02-29")
	lib.calendar_date("2000-02-29")
}

test_fail_calendar_dates if {
	not lib.calendar_date("2026-02-29")
	not lib.calendar_date("1900-02-29")
	not lib.calendar_date("2026-04-31")
	not lib.calendar_date("2026-13-01")
	not lib.calendar_date("2026-1-01")
	not lib.calendar_date(20261121)
}

test_pass_fresh_observation if {
	f := _measured("2026-11-01", {})
	lib.observation(f, ["kpis", "health"]) == 0.99
	lib.observation_note(f) == "measured on 2026-11-01 (20 days before today)"
}

test_fail_stale_observation if {
	f := _measured("2026-08-01", {})
	not lib.observation(f, ["kpis", "health"])
	lib.observation_note(f) == concat("", [
		"measured on 2026-08-01, 112 days before today: older than the 90-day limit, so they ",
		"count as absent",
	])
}

test_pass_org_config_limit if {
	f := _measured("2026-08-01", {"evidence": {"staleness_days": {"observations": 180}}})
	lib.observation_limit(f) == 180
	lib.observation(f, ["kpis", "health"]) == 0.99
}

test_fail_future_or_missing_date if {
	future := _measured("2026-12-01", {})
	not lib.observation(future, ["kpis", "health"])
	lib.observation_note(future) == "measured on 2026-12-01, after today: they count as absent"
	bad := _measured("2026-02-30", {})
	not lib.observation(bad, ["kpis", "health"])
	lib.observation_note(bad) == "observations.measured_on is not set to a real date, so no measurement counts"
}

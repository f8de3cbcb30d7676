package aimm.models.ai_platform.delivery_test

import data.aimm.models.ai_platform.delivery

_ap_doc(observations) := {"manifest": {"observations": observations}, "evidence": {}, "today": "2026-11-21"}

_measured := _ap_doc({"measured_on": "2026-11-01", "dora": {
	"deploy_frequency": "weekly", "lead_time_hours": 30,
	"time_to_restore_hours": 0.5, "change_failure_rate": 0.2,
}})

test_pass_deploy_frequency_bands if {
	delivery.dora_band("deploy_frequency", "on-demand").level == 4
	delivery.dora_band("deploy_frequency", "weekly").level == 4
	delivery.dora_band("deploy_frequency", "monthly").level == 2
	delivery.dora_band("deploy_frequency", "ad-hoc").level == 2
}

test_pass_lead_time_bands if {
	delivery.dora_band("lead_time_hours", 24) == {"band": "hours (the seed's level 4 band, at most 24)", "level": 4}
	delivery.dora_band("lead_time_hours", 25) == {"band": "days to weeks (the seed's level 2 band, over 24 hours)", "level": 2}
}

test_pass_time_to_restore_bands if {
	delivery.dora_band("time_to_restore_hours", 1).level == 3
	delivery.dora_band("time_to_restore_hours", 1.5).level == 2
}

test_pass_change_failure_rate_has_no_level if {
	delivery.dora_band("change_failure_rate", 0.15) == {"band": "within 15%", "level": null}
	delivery.dora_band("change_failure_rate", 0.3) == {
		"band": "high (over 15%): the gate criteria need tightening",
		"level": null,
	}
}

test_pass_measured_metrics_take_their_band if {
	b := delivery.bands_of(_measured)
	b.status == "measured"
	b.note == "measured on 2026-11-01 (20 days before today)"
	[[m.metric, m.value, m.level] | some m in b.metrics] == [
		["deploy_frequency", "weekly", 4],
		["lead_time_hours", 30, 2],
		["time_to_restore_hours", 0.5, 3],
		["change_failure_rate", 0.2, null],
	]
}

test_fail_absent_observations_are_unverified if {
	b := delivery.bands_of({"manifest": {}, "evidence": {}, "today": "2026-11-21"})
	b.status == "unverified"
	b.note == "observations.dora is not measured"
	{m.band | some m in b.metrics} == {"unverified"}
}

test_fail_stale_observations_never_reach_a_band if {
	b := delivery.bands_of(_ap_doc({"measured_on": "2026-05-01", "dora": {"deploy_frequency": "daily"}}))
	b.status == "unverified"
	b.metrics[0] == {"metric": "deploy_frequency", "value": null, "band": "unverified", "level": null}
}

test_fail_a_metric_left_out_is_unverified if {
	b := delivery.bands_of(_ap_doc({"measured_on": "2026-11-01", "dora": {"deploy_frequency": "daily"}}))
	b.status == "measured"
	b.metrics[1] == {"metric": "lead_time_hours", "value": null, "band": "unverified", "level": null}
}

test_pass_summary_of_measured_bands if {
	delivery.summary(_measured) == concat("", [
		"delivery bands (measured on 2026-11-01 (20 days before today)): ",
		"deploy_frequency weekly -> weekly or on-demand (the seed's level 4-5 band); ",
		"lead_time_hours 30 -> days to weeks (the seed's level 2 band, over 24 hours); ",
		"time_to_restore_hours 0.5 -> automated rollback (level 3, at most 1 hour); ",
		"change_failure_rate 0.2 -> high (over 15%): the gate criteria need tightening",
	])
}

test_fail_summary_when_unverified if {
	delivery.summary({"manifest": {}, "evidence": {}, "today": "2026-11-21"}) == concat("", [
		"delivery bands: unverified (observations.dora is not measured)",
	])
}

package aimm.core.controls.waivers_test

import data.aimm.core.controls.waivers

_wvr_facts(ws) := {
	"manifest": {"system": {"type": "agent", "lifecycle": "production"}, "waivers": ws},
	"evidence": {},
	"today": "2026-11-21",
}

_w(control, expires) := {
	"control": control,
	"reason": "Online evals blocked on the new tracing backend",
	"approved_by": "cto@example.com",
	"expires": expires,
}

_valid_waiver := _w("EVA-5.1", "2027-02-28")

_yesterday := _w("EVA-4.1", "2026-11-20")

_today := _w("EVA-4.2", "2026-11-21")

_unknown := _w("EVA-9.9", "2027-01-01")

_no_approver := object.remove(_w("COS-5.1", "2027-01-01"), ["approved_by"])

_blank_reason := object.union(_w("COS-5.2", "2027-01-01"), {"reason": "   "})

_no_expires := object.remove(_w("ACC-5.1", "2027-01-01"), ["expires"])

test_pass_no_waivers if {
	f := _wvr_facts([])
	waivers.wvr_1(f) == {"pass": true, "message": "no waivers declared"}
	waivers.wvr_2(f) == {"pass": true, "message": "no waivers declared"}
	waivers.wvr_3(f) == {"pass": true, "message": "no waivers declared"}
	waivers.valid_waivers(f) == {}
	waivers.valid_waivers({"manifest": {}}) == {}
}

test_pass_wvr_1_valid_waiver if {
	f := _wvr_facts([_valid_waiver])
	waivers.waiver_status(f, _valid_waiver) == "valid"
	waivers.valid_waivers(f) == {"EVA-5.1": _valid_waiver}
	waivers.days_left(f, _valid_waiver) == 99
	waivers.wvr_1(f) == {"pass": true, "message": "every waiver names a control of the catalog"}
	waivers.wvr_2(f) == {
		"pass": true,
		"message": "every waiver has a reason, an approved_by and an expires date",
	}
	waivers.wvr_3(f) == {"pass": true, "message": "no waiver has expired (today is 2026-11-21)"}
}

test_pass_wvr_3_expires_today_is_valid if {
	f := _wvr_facts([_today])
	waivers.waiver_status(f, _today) == "valid"
	waivers.days_left(f, _today) == 0
	waivers.wvr_3(f).pass == true
	waivers.valid_waivers(f) == {"EVA-4.2": _today}
}

test_fail_wvr_3_expired_yesterday if {
	f := _wvr_facts([_valid_waiver, _yesterday])
	waivers.waiver_status(f, _yesterday) == "expired"
	waivers.days_left(f, _yesterday) == -1
	waivers.valid_waivers(f) == {"EVA-5.1": _valid_waiver}
	waivers.wvr_3(f) == {
		"pass": false,
		"message": "waiver for EVA-4.1 expired on 2026-11-20 (today is 2026-11-21)",
	}
	waivers.wvr_1(f).pass == true
	waivers.wvr_2(f).pass == true
}

test_fail_unparseable_expires_counts_as_expired if {
	bad := _w("EVA-4.1", "2026-02-30")
	f := _wvr_facts([bad])
	waivers.waiver_status(f, bad) == "expired"
	waivers.days_left(f, bad) == null
	waivers.wvr_3(f) == {
		"pass": false,
		"message": "waiver for EVA-4.1 has expires \"2026-02-30\", not a date (YYYY-MM-DD)",
	}
}

test_pass_leap_day if {
	w := _w("EVA-4.1", "2028-02-29")
	waivers.waiver_status(_wvr_facts([w]), w) == "valid"
	bad := _w("EVA-4.1", "2027-02-29")
	waivers.waiver_status(_wvr_facts([bad]), bad) == "expired"
}

test_fail_wvr_1_unknown_control if {
	f := _wvr_facts([_unknown, _valid_waiver])
	waivers.waiver_status(f, _unknown) == "unknown-control"
	waivers.valid_waivers(f) == {"EVA-5.1": _valid_waiver}
	waivers.wvr_1(f) == {
		"pass": false,
		"message": "waivers name controls that are not in the catalog: EVA-9.9 (expires 2027-01-01)",
	}
	waivers.wvr_2(f).pass == true
	waivers.wvr_3(f).pass == true
}

test_pass_waiver_on_another_installed_models_control_is_known if {
	# EVL-4.4 belongs to the mlops pack: one waiver list serves every model, so evaluating the
	# default model does not call it unknown (it simply waives nothing there).
	w := _w("EVL-4.4", "2027-01-01")
	f := _wvr_facts([w])
	waivers.waiver_status(f, w) == "valid"
	waivers.wvr_1(f) == {"pass": true, "message": "every waiver names a control of the catalog"}
	waivers.valid_waivers(f) == {"EVL-4.4": w}
}

test_fail_missing_control if {
	w := object.remove(_valid_waiver, ["control"])
	f := _wvr_facts([w])
	waivers.waiver_status(f, w) == "unknown-control"
	waivers.wvr_1(f).message == concat("", [
		"waivers name controls that are not in the catalog: ",
		"a waiver without a control (expires 2027-02-28)",
	])
}

test_fail_wvr_2_missing_approver if {
	f := _wvr_facts([_no_approver])
	waivers.waiver_status(f, _no_approver) == "incomplete"
	waivers.valid_waivers(f) == {}
	waivers.wvr_2(f) == {
		"pass": false,
		"message": "waiver for COS-5.1 (expires 2027-01-01) has no approved_by",
	}
	waivers.wvr_1(f).pass == true
	waivers.wvr_3(f).pass == true
}

test_fail_missing_reason if {
	no_reason := object.remove(_w("COS-5.1", "2027-01-01"), ["reason"])
	f := _wvr_facts([no_reason, _blank_reason])
	waivers.waiver_status(f, no_reason) == "incomplete"
	waivers.waiver_status(f, _blank_reason) == "incomplete"
	waivers.wvr_2(f) == {"pass": false, "message": concat("", [
		"waiver for COS-5.1 (expires 2027-01-01) has no reason; ",
		"waiver for COS-5.2 (expires 2027-01-01) has no reason",
	])}
}

test_fail_missing_expires_is_incomplete if {
	f := _wvr_facts([_no_expires])
	waivers.waiver_status(f, _no_expires) == "incomplete"
	waivers.days_left(f, _no_expires) == null
	waivers.wvr_2(f) == {"pass": false, "message": "waiver for ACC-5.1 (expires not set) has no expires"}
	waivers.wvr_3(f).pass == true
}

test_fail_empty_waiver if {
	f := _wvr_facts([{"control": "EVA-5.1"}])
	waivers.wvr_2(f) == {"pass": false, "message": concat("", [
		"waiver for EVA-5.1 (expires not set) has no reason and no approved_by and no expires",
	])}
}

test_fail_unknown_and_expired_are_both_reported if {
	w := _w("NOPE-1", "2020-01-01")
	f := _wvr_facts([w])
	waivers.waiver_status(f, w) == "unknown-control"
	waivers.wvr_1(f).pass == false
	waivers.wvr_3(f).message == "waiver for NOPE-1 expired on 2020-01-01 (today is 2026-11-21)"
}

test_pass_latest_valid_waiver_wins if {
	early := _w("EVA-5.1", "2026-12-01")
	late := _w("EVA-5.1", "2027-06-30")
	f := _wvr_facts([early, late, _yesterday])
	waivers.valid_waivers(f) == {"EVA-5.1": late}
	waivers.valid_waivers(_wvr_facts([late, early])) == {"EVA-5.1": late}
}

test_pass_waiver_for_a_non_waivable_control_is_still_valid if {
	# Validity only looks at the waiver; the report decides that RISK controls ignore it.
	w := _w("RISK-2", "2027-01-01")
	waivers.waiver_status(_wvr_facts([w]), w) == "valid"
}

test_fail_missing_today_fails_closed if {
	f := {"manifest": {"waivers": [_valid_waiver]}}
	waivers.waiver_status(f, _valid_waiver) == "expired"
	waivers.valid_waivers(f) == {}
}

test_fail_non_mapping_waiver if {
	f := _wvr_facts(["EVA-5.1"])
	waivers.waiver_status(f, "EVA-5.1") == "unknown-control"
	waivers.wvr_1(f).pass == false
	waivers.wvr_2(f).pass == false
}

test_pass_wvr_2_reason_and_approver_present if {
	waivers.wvr_2(_wvr_facts([_valid_waiver, _today])) == {
		"pass": true,
		"message": "every waiver has a reason, an approved_by and an expires date",
	}
}

# ---- org waiver policy (WVR-4 horizon, WVR-5 approvers) -------------------------------------

_org_facts(ws, waiver_config) := object.union(_wvr_facts(ws), {"config": {"waivers": waiver_config}})

_horizon_180 := {"max_days": 180, "approvers": {"restricted": false, "emails": [], "domains": []}}

_approvers_only := {"approvers": {
	"restricted": true,
	"emails": ["cto@example.com"],
	"domains": ["risk.example.com"],
}}

test_pass_wvr_4_no_horizon_configured if {
	f := _wvr_facts([_w("EVA-5.1", "2030-01-01")])
	waivers.wvr_4(f) == {"pass": true, "message": "no maximum waiver horizon is configured"}
	waivers.waiver_status(f, _w("EVA-5.1", "2030-01-01")) == "valid"
}

test_pass_wvr_4_within_horizon if {
	# 2027-05-20 is 180 days after 2026-11-21: on the horizon counts as within it.
	w := _w("EVA-5.1", "2027-05-20")
	f := _org_facts([w], _horizon_180)
	waivers.days_left(f, w) == 180
	waivers.waiver_status(f, w) == "valid"
	waivers.wvr_4(f) == {
		"pass": true,
		"message": "every current waiver expires within 180 days of today, the org's horizon",
	}
}

test_fail_wvr_4_beyond_horizon if {
	w := _w("EVA-5.1", "2027-05-21")
	f := _org_facts([w, _valid_waiver], _horizon_180)
	waivers.waiver_status(f, w) == "beyond-horizon"
	waivers.valid_waivers(f) == {"EVA-5.1": _valid_waiver}
	waivers.wvr_4(f) == {
		"pass": false,
		"message": "waiver for EVA-5.1 expires on 2027-05-21, 181 days from today; the org allows at most 180",
	}
}

test_pass_wvr_4_expired_waiver_is_wvr_3s_business if {
	f := _org_facts([_yesterday], _horizon_180)
	waivers.wvr_4(f).pass == true
	waivers.waiver_status(f, _yesterday) == "expired"
}

test_pass_wvr_5_unrestricted if {
	f := _org_facts([_w("EVA-5.1", "2027-01-01")], _horizon_180)
	waivers.wvr_5(f) == {"pass": true, "message": "the org config does not restrict who approves waivers"}
	waivers.wvr_5(_wvr_facts([_valid_waiver])).pass == true
}

test_pass_wvr_5_allowed_email_and_domain if {
	by_email := _valid_waiver
	by_domain := object.union(_w("COS-5.1", "2027-01-01"), {"approved_by": " Head@Risk.Example.com "})
	f := _org_facts([by_email, by_domain], _approvers_only)
	waivers.waiver_status(f, by_domain) == "valid"
	waivers.wvr_5(f) == {
		"pass": true,
		"message": "every waiver is approved by an allowed approver (cto@example.com, risk.example.com)",
	}
}

test_fail_wvr_5_approver_not_allowed if {
	# A subdomain or a look-alike domain is not the allowed domain.
	sub := object.union(_w("COS-5.1", "2027-01-01"), {"approved_by": "x@eu.risk.example.com"})
	other := object.union(_w("COS-5.2", "2027-01-01"), {"approved_by": "cto@example.com.evil"})
	f := _org_facts([sub, _valid_waiver, other], _approvers_only)
	waivers.waiver_status(f, sub) == "approver-not-allowed"
	waivers.valid_waivers(f) == {"EVA-5.1": _valid_waiver}
	waivers.wvr_5(f) == {
		"pass": false,
		"message": concat("; ", [
			"waiver for COS-5.1 is approved by \"x@eu.risk.example.com\", who is not among the org's approvers (cto@example.com, risk.example.com)",
			"waiver for COS-5.2 is approved by \"cto@example.com.evil\", who is not among the org's approvers (cto@example.com, risk.example.com)",
		]),
	}
}

test_fail_wvr_5_non_text_approvers_fail_closed if {
	# A malformed approvers block still restricts: nobody is allowed.
	f := _org_facts([_valid_waiver], {"approvers": {"restricted": true}})
	waivers.wvr_5(f).pass == false
	waivers.waiver_status(f, _valid_waiver) == "approver-not-allowed"
}

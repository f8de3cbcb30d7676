package aimm.core.report_test

import data.aimm.core.controls.ownership
import data.aimm.core.controls.tier
import data.aimm.core.controls.waivers
import data.aimm.core.report

# ---- fixtures -------------------------------------------------------------------------------

# The catalog in report order: dimensions, then gate families, in model order.
_ids := [
	"VIS-2.1", "VIS-3.1", "VIS-3.2", "VIS-3.3", "VIS-3.4", "VIS-4.1", "VIS-4.2", "VIS-4.3", "VIS-4.4",
	"VIS-4.5", "VIS-5.1", "EVA-2.1", "EVA-3.1", "EVA-3.2", "EVA-3.3", "EVA-4.1", "EVA-4.2", "EVA-4.3",
	"EVA-4.4", "EVA-5.1", "EVA-5.2", "COS-2.1", "COS-3.1", "COS-3.2", "COS-4.1", "COS-4.2", "COS-4.3",
	"COS-5.1", "COS-5.2", "ACC-2.1", "ACC-2.2", "ACC-3.1", "ACC-3.2", "ACC-4.1", "ACC-4.2", "ACC-5.1",
	"ACC-5.2", "AUD-2.1", "AUD-3.1", "AUD-3.2", "AUD-3.3", "AUD-4.1", "AUD-4.2", "AUD-4.3", "AUD-4.4",
	"AUD-4.5", "AUD-4.6", "AUD-4.7", "AUD-5.1", "RISK-1", "RISK-2", "OWN-1", "OWN-2", "OWN-3",
	"OWN-4", "WVR-1", "WVR-2", "WVR-3", "WVR-4", "WVR-5",
]

_gate_ids := {
	"RISK-1", "RISK-2", "OWN-1", "OWN-2", "OWN-3", "OWN-4",
	"WVR-1", "WVR-2", "WVR-3", "WVR-4", "WVR-5",
}

# _results: grid controls pass unless listed in fails, and are absent when listed in missing;
# the gate families are evaluated for real on the same facts.
_results(f, fails, missing) := object.union(grid, gate) if {
	grid := {id: r |
		some id in _ids
		not id in _gate_ids
		not id in missing
		r := _grid_result(id, fails)
	}
	gate := {
		"RISK-1": tier.risk_1(f), "RISK-2": tier.risk_2(f),
		"OWN-1": ownership.own_1(f), "OWN-2": ownership.own_2(f), "OWN-3": ownership.own_3(f),
		"OWN-4": ownership.own_4(f),
		"WVR-1": waivers.wvr_1(f), "WVR-2": waivers.wvr_2(f), "WVR-3": waivers.wvr_3(f),
		"WVR-4": waivers.wvr_4(f), "WVR-5": waivers.wvr_5(f),
	}
}

_grid_result(id, fails) := {"pass": false, "message": concat("", [id, " failed"])} if {
	id in fails
} else := {"pass": true, "message": concat("", [id, " holds"])}

_all_owners := {
	"technical": "bob@example.com", "business": "alice@example.com",
	"security": "sec-ai@example.com", "on_call": "payments-ai-oncall",
}

# Score 6: high.
_high := {
	"domain": "general", "autonomy": "act-with-approval", "data_sensitivity": "personal",
	"exposure": "customers", "criticality": "high",
}

# Score 7: critical.
_critical := object.union(_high, {"autonomy": "act-autonomously"})

_report_facts(lifecycle, risk, owners, ws) := {
	"manifest": {
		"apiVersion": "aimm/v1",
		"kind": "AISystem",
		"metadata": {"name": "billing-assistant", "team": "payments-ai", "owners": owners},
		"system": {"type": "agent", "lifecycle": lifecycle},
		"risk": risk,
		"waivers": ws,
	},
	"evidence": {},
	"today": "2026-11-21",
	"config": {},
}

_waiver(control, expires) := {
	"control": control,
	"reason": "Blocked on the new tracing backend",
	"approved_by": "cto@example.com",
	"expires": expires,
}

_all(n) := {"visibility": n, "evaluation": n, "cost": n, "access": n, "audit": n}

_not_passing(result) := [c | some c in result.controls; c.status != "pass"]

_ok_gate := {"passed": true, "reasons": []}

# The manifest of manifest-v1 section 1.
_contract := {
	"manifest": {
		"apiVersion": "aimm/v1",
		"kind": "AISystem",
		"metadata": {
			"name": "billing-assistant",
			"description": "Answers billing questions for customers",
			"team": "payments-ai",
			"business_unit": "finance",
			"owners": object.union(_all_owners, {"data": "data-gov@example.com"}),
			"labels": {"cost-center": "4411"},
		},
		"system": {"type": "agent", "lifecycle": "production", "providers": ["anthropic"]},
		"risk": object.union(_high, {
			"autonomy": "act-with-approval", "criticality": "high", "prohibited_practices": [],
			"interacts_with_humans": true, "declared_tier": "high",
		}),
		"posture": {
			"visibility": {
				"logs": "centralized", "dashboards": "central",
				"tracing": {
					"enabled": true, "coverage": 97, "propagation": true,
					"spans": ["model_call", "tool_call", "retrieval", "agent_step"],
				},
				"instrumentation_standard": "opentelemetry-genai", "agent_readable_traces": false,
			},
			"evaluation": {
				"manual_review": "scheduled",
				"suites": [{"name": "billing-golden", "path": "evals/billing.yaml", "cases": 120}],
				"ci_gate": {"enabled": true, "blocking": true, "workflow": ".github/workflows/evals.yml"},
				"regression": {"cases": 300, "includes_production_samples": true},
				"online": {"enabled": false, "sampling_rate": 0.0},
			},
			"cost": {
				"attribution": "per-request", "dashboards": "central",
				"alerts": {"enabled": true, "thresholds": [0.5, 0.8, 1.0]},
				"limits": {
					"enforcement": "server", "currency": "USD", "period": "monthly",
					"org": 50000, "project": 8000, "user": 200, "session": 5,
				},
				"unit_economics": {"enabled": false, "unit": "agent-run"},
			},
			"access": {
				"credentials": "scoped", "sso": "full", "rbac": "fine-grained",
				"key_rotation": {"automated": true, "max_age_days": 30}, "policy_as_code": true,
			},
			"audit": {
				"records": "centralized", "retention_days": 400, "export": true,
				"audit_trail": {
					"mandatory": true, "immutable": true,
					"covers": ["prompts", "responses", "tool_calls", "approvals", "model_versions"],
				},
				"postmortem_template": "docs/postmortem.md",
				"incident_runbook": "docs/runbook.md",
				"continuous_compliance": true,
			},
		},
		"waivers": [{
			"control": "EVA-5.1",
			"reason": "Online evals blocked on the new tracing backend",
			"approved_by": "cto@example.com",
			"expires": "2027-02-28",
		}],
	},
	"evidence": {
		"evals/billing.yaml": {"exists": true, "detail": "found"},
		".github/workflows/evals.yml": {"exists": true, "detail": "found"},
		"docs/postmortem.md": {"exists": true, "detail": "found"},
		"docs/runbook.md": {"exists": true, "detail": "found"},
	},
	"today": "2026-11-21",
	"config": {},
}

# ---- the contract manifest ------------------------------------------------------------------

test_pass_contract_manifest_all_passing if {
	result := report.assemble(_contract, _results(_contract, [], []))
	object.remove(result, ["controls"]) == {
		"tier": "high",
		"tier_computed": "high",
		"tier_declared": "high",
		"risk_score": 6,
		"levels": _all(5),
		"floors": _all(3),
		"floors_enforced": true,
		"next_steps": [],
		"gate": _ok_gate,
		"blocking": [],
		"aspirations": [],
		"waivers": [{
			"control": "EVA-5.1",
			"status": "valid",
			"expires": "2027-02-28",
			"days_left": 99,
			"approved_by": "cto@example.com",
			"reason": "Online evals blocked on the new tracing backend",
		}],
	}
	[c.id | some c in result.controls] == _ids
	_not_passing(result) == []
	result.controls[0] == {
		"id": "VIS-2.1", "dimension": "visibility", "level": 2, "status": "pass", "message": "VIS-2.1 holds",
	}
	result.controls[50] == {
		"id": "RISK-2", "dimension": "risk", "level": null, "status": "pass",
		"message": "risk.declared_tier is high, not lower than the computed tier high (score 6)",
	}
}

test_pass_contract_manifest_with_eva_5_1_failing_is_waived if {
	result := report.assemble(_contract, _results(_contract, ["EVA-5.1"], []))
	result.levels == {"visibility": 5, "evaluation": 4, "cost": 5, "access": 5, "audit": 5}
	result.gate == _ok_gate
	_not_passing(result) == [{
		"id": "EVA-5.1", "dimension": "evaluation", "level": 5, "status": "waived",
		"message": "EVA-5.1 failed", "waiver": _contract.manifest.waivers[0],
	}]
	result.next_steps == [
		{"control": "EVA-5.1", "dimension": "evaluation", "level": 5, "reason": "next-level"},
	]
	result.aspirations == []
}

# ---- fail closed ----------------------------------------------------------------------------

test_fail_missing_result_fails_closed if {
	f := _report_facts("production", _high, _all_owners, [_waiver("ACC-3.1", "2027-01-01")])
	result := report.assemble(f, _results(f, [], ["ACC-3.1"]))
	result.levels.access == 2
	_not_passing(result) == [{
		"id": "ACC-3.1", "dimension": "access", "level": 3, "status": "fail",
		"message": "control could not be evaluated",
	}]
	result.gate == {"passed": false, "reasons": [
		"access is at level 2, below its floor of 3 (unwaived: ACC-3.1)",
	]}
}

test_fail_missing_gate_result_fails_closed if {
	f := _report_facts("experiment", _high, _all_owners, [])
	results := object.remove(_results(f, [], []), ["WVR-2"])
	result := report.assemble(f, results)
	result.gate == {"passed": false, "reasons": ["WVR-2: control could not be evaluated"]}
	result.next_steps == [{"control": "WVR-2", "dimension": "waivers", "level": null, "reason": "gate"}]
}

test_fail_result_without_boolean_pass_fails_closed if {
	f := _report_facts("production", _high, _all_owners, [_waiver("VIS-2.1", "2027-01-01")])
	results := object.union(_results(f, [], []), {"VIS-2.1": {"pass": "true", "message": "odd"}})
	result := report.assemble(f, results)
	result.levels.visibility == 1
	result.controls[0].status == "fail"
	result.controls[0].message == "control could not be evaluated"
}

test_pass_tier_falls_back_to_strictest_when_risk_facts_are_invalid if {
	f := _report_facts("experiment", object.union(_high, {"exposure": "galaxy"}), _all_owners, [])
	result := report.assemble(f, _results(f, [], []))
	result.tier == "critical"
	result.tier_computed == null
	result.risk_score == null
	result.floors == _floors_critical
	result.gate.passed == false
	result.gate.reasons == [concat("", [
		"RISK-2: risk.exposure is \"galaxy\"; expected one of customers, internal, public",
	])]
}

_floors_critical := {"visibility": 4, "evaluation": 4, "cost": 3, "access": 4, "audit": 4}

# ---- waivers --------------------------------------------------------------------------------

test_pass_waiver_keeps_level_but_lets_the_floor_pass if {
	f := _report_facts("production", _high, _all_owners, [_waiver("EVA-3.1", "2027-01-01")])
	result := report.assemble(f, _results(f, ["EVA-3.1"], []))
	result.levels == {"visibility": 5, "evaluation": 2, "cost": 5, "access": 5, "audit": 5}
	result.floors == _all(3)
	result.gate == _ok_gate
	_not_passing(result) == [{
		"id": "EVA-3.1", "dimension": "evaluation", "level": 3, "status": "waived",
		"message": "EVA-3.1 failed", "waiver": _waiver("EVA-3.1", "2027-01-01"),
	}]
	result.next_steps == [{"control": "EVA-3.1", "dimension": "evaluation", "level": 3, "reason": "floor"}]
}

test_fail_expired_waiver_does_not_waive_and_fails_the_gate if {
	f := _report_facts("production", _high, _all_owners, [_waiver("EVA-3.1", "2026-11-20")])
	result := report.assemble(f, _results(f, ["EVA-3.1"], []))
	result.controls[12].status == "fail"
	result.gate == {"passed": false, "reasons": [
		"evaluation is at level 2, below its floor of 3 (unwaived: EVA-3.1)",
		"WVR-3: waiver for EVA-3.1 expired on 2026-11-20 (today is 2026-11-21)",
	]}
	result.waivers == [{
		"control": "EVA-3.1", "status": "expired", "expires": "2026-11-20", "days_left": -1,
		"approved_by": "cto@example.com", "reason": "Blocked on the new tracing backend",
	}]
	result.next_steps == [
		{"control": "EVA-3.1", "dimension": "evaluation", "level": 3, "reason": "floor"},
		{"control": "WVR-3", "dimension": "waivers", "level": null, "reason": "gate"},
	]
}

test_fail_invalid_waiver_fails_the_gate_even_in_experiment if {
	f := _report_facts("experiment", _high, _all_owners, [_waiver("EVA-9.9", "2027-01-01")])
	result := report.assemble(f, _results(f, [], []))
	result.floors_enforced == false
	result.gate == {"passed": false, "reasons": [
		"WVR-1: waivers name controls that are not in the catalog: EVA-9.9 (expires 2027-01-01)",
	]}
	result.waivers[0].status == "unknown-control"
}

test_fail_non_waivable_risk_waiver_has_no_effect if {
	risk := object.union(_high, {"declared_tier": "low"})
	f := _report_facts("production", risk, _all_owners, [_waiver("RISK-2", "2027-01-01")])
	result := report.assemble(f, _results(f, [], []))
	result.waivers[0].status == "valid"
	result.tier == "high"
	result.tier_declared == "low"
	_not_passing(result) == [{
		"id": "RISK-2", "dimension": "risk", "level": null, "status": "fail",
		"message": _risk_2_low,
	}]
	result.gate == {"passed": false, "reasons": [
		concat("", ["RISK-2: ", _risk_2_low]),
	]}
	result.next_steps == [{"control": "RISK-2", "dimension": "risk", "level": null, "reason": "gate"}]
}

_risk_2_low := concat("", [
	"risk.declared_tier is low, lower than the computed tier high (score 6); ",
	"declare high or remove declared_tier",
])

test_pass_waived_ownership_control_passes_the_gate if {
	owners := object.remove(_all_owners, ["security"])
	f := _report_facts("pilot", _high, owners, [_waiver("OWN-3", "2027-01-01")])
	result := report.assemble(f, _results(f, [], []))
	result.gate == _ok_gate
	[[c.id, c.status] | some c in _not_passing(result)] == [["OWN-3", "waived"]]
	result.next_steps == [{"control": "OWN-3", "dimension": "ownership", "level": null, "reason": "gate"}]
}

# ---- tier and the gate ----------------------------------------------------------------------

test_pass_declared_tier_above_computed_raises_floors if {
	f := _report_facts("production", object.union(_high, {"declared_tier": "critical"}), _all_owners, [])
	result := report.assemble(f, _results(f, [], []))
	result.tier == "critical"
	result.tier_computed == "high"
	result.floors == _floors_critical
	result.gate == _ok_gate
}

test_fail_prohibited_fails_the_gate_once if {
	risk := object.union(_high, {"prohibited_practices": ["social-scoring"]})
	f := _report_facts("production", risk, _all_owners, [_waiver("RISK-1", "2027-01-01")])
	result := report.assemble(f, _results(f, [], []))
	result.tier == "prohibited"
	result.tier_computed == "high"
	result.floors == _floors_critical
	result.gate == {"passed": false, "reasons": [
		"prohibited: risk.prohibited_practices lists social-scoring",
	]}
	[[c.id, c.status] | some c in _not_passing(result)] == [["RISK-1", "fail"]]
}

test_fail_retired_prohibited_fails if {
	risk := object.union(_high, {"prohibited_practices": ["social-scoring", "emotion-recognition"]})
	f := _report_facts("retired", risk, _all_owners, [])
	result := report.assemble(f, _results(f, [], []))
	result.gate == {"passed": false, "reasons": [
		"prohibited: risk.prohibited_practices lists social-scoring, emotion-recognition",
	]}
}

test_pass_retired_never_fails_otherwise if {
	risk := object.union(_high, {"declared_tier": "low"})
	f := _report_facts("retired", risk, {"technical": "bob@example.com"}, [_waiver("EVA-9.9", "2020-01-01")])
	result := report.assemble(f, _results(f, ["VIS-2.1", "EVA-2.1"], ["AUD-2.1"]))
	result.floors_enforced == false
	result.levels == {"visibility": 1, "evaluation": 1, "cost": 5, "access": 5, "audit": 1}
	result.gate == _ok_gate
}

test_pass_experiment_reports_floors_without_enforcing_them if {
	f := _report_facts("experiment", _high, {"technical": "bob@example.com"}, [])
	result := report.assemble(f, _results(f, ["VIS-3.1", "AUD-2.1"], []))
	result.floors == _all(3)
	result.floors_enforced == false
	result.levels == {"visibility": 2, "evaluation": 5, "cost": 5, "access": 5, "audit": 1}
	result.gate == _ok_gate
	[[c.id, c.status] | some c in _not_passing(result)] == [
		["VIS-3.1", "fail"], ["AUD-2.1", "fail"], ["OWN-2", "fail"], ["OWN-3", "fail"],
	]

	# No floor part: the lowest dimension's next level, then the gate family controls.
	result.next_steps == [
		{"control": "AUD-2.1", "dimension": "audit", "level": 2, "reason": "next-level"},
		{"control": "OWN-2", "dimension": "ownership", "level": null, "reason": "gate"},
		{"control": "OWN-3", "dimension": "ownership", "level": null, "reason": "gate"},
	]
}

test_fail_experiment_declared_tier_too_low if {
	f := _report_facts("experiment", object.union(_high, {"declared_tier": "medium"}), _all_owners, [])
	result := report.assemble(f, _results(f, [], []))
	result.gate.passed == false
	result.gate.reasons == [concat("", [
		"RISK-2: risk.declared_tier is medium, lower than the computed tier high (score 6); ",
		"declare high or remove declared_tier",
	])]
}

test_fail_pilot_enforces_floors_and_ownership if {
	f := _report_facts("pilot", _high, {"technical": "bob@example.com"}, [])
	result := report.assemble(f, _results(f, ["VIS-3.1", "VIS-3.3", "VIS-4.1"], []))
	result.floors_enforced == true
	result.levels.visibility == 2
	result.gate == {"passed": false, "reasons": [
		"visibility is at level 2, below its floor of 3 (unwaived: VIS-3.1, VIS-3.3)",
		"OWN-2: metadata.owners.business is not set; it is required because the tier is high",
		"OWN-3: metadata.owners.security is not set; it is required because the tier is high",
	]}

	# OWN-1 (on_call) applies in production only.
	[c.status | some c in result.controls; c.id == "OWN-1"] == ["pass"]
}

test_fail_production_needs_on_call if {
	f := _report_facts("production", _high, object.remove(_all_owners, ["on_call"]), [])
	result := report.assemble(f, _results(f, [], []))
	result.gate == {"passed": false, "reasons": [
		"OWN-1: metadata.owners.on_call is not set; it is required because system.lifecycle is production",
	]}
}

test_pass_floor_met_despite_failures_above_it if {
	f := _report_facts("production", _high, _all_owners, [])
	result := report.assemble(f, _results(f, ["VIS-4.2", "EVA-5.1", "AUD-4.7"], []))
	result.levels == {"visibility": 3, "evaluation": 4, "cost": 5, "access": 5, "audit": 3}
	result.gate == _ok_gate

	# visibility and audit tie at level 3: the next level of both, in model order.
	result.next_steps == [
		{"control": "VIS-4.2", "dimension": "visibility", "level": 4, "reason": "next-level"},
		{"control": "AUD-4.7", "dimension": "audit", "level": 4, "reason": "next-level"},
	]
}

test_fail_regulated_domain_raises_evaluation_and_audit_floors if {
	f := _report_facts("production", object.union(_high, {"domain": "employment"}), _all_owners, [])
	result := report.assemble(f, _results(f, ["EVA-4.4", "AUD-4.1"], []))
	result.tier == "high"
	result.floors == {"visibility": 3, "evaluation": 4, "cost": 3, "access": 3, "audit": 4}
	result.gate == {"passed": false, "reasons": [
		"evaluation is at level 3, below its floor of 4 (unwaived: EVA-4.4)",
		"audit is at level 3, below its floor of 4 (unwaived: AUD-4.1)",
	]}
}

# ---- next steps -----------------------------------------------------------------------------

test_pass_next_steps_biggest_floor_gap_first if {
	f := _report_facts("production", _high, object.remove(_all_owners, ["business"]), [])
	result := report.assemble(f, _results(f, ["VIS-3.2", "AUD-2.1", "AUD-3.3", "AUD-5.1"], []))
	result.levels == {"visibility": 2, "evaluation": 5, "cost": 5, "access": 5, "audit": 1}
	result.next_steps == [
		{"control": "AUD-2.1", "dimension": "audit", "level": 2, "reason": "floor"},
		{"control": "AUD-3.3", "dimension": "audit", "level": 3, "reason": "floor"},
		{"control": "VIS-3.2", "dimension": "visibility", "level": 3, "reason": "floor"},
		{"control": "OWN-2", "dimension": "ownership", "level": null, "reason": "gate"},
	]
}

test_pass_next_steps_equal_gaps_in_model_order_then_lowest_dimension if {
	# Critical floors: visibility/evaluation/access/audit 4, cost 3. Cost, access and audit tie
	# at level 3: cost is the lowest dimension by model order, although its floor is met.
	f := _report_facts("production", _critical, _all_owners, [])
	result := report.assemble(f, _results(f, ["AUD-4.1", "ACC-4.2", "COS-4.3", "VIS-5.1"], []))
	result.tier == "critical"
	result.levels == {"visibility": 4, "evaluation": 5, "cost": 3, "access": 3, "audit": 3}
	result.next_steps == [
		{"control": "ACC-4.2", "dimension": "access", "level": 4, "reason": "floor"},
		{"control": "AUD-4.1", "dimension": "audit", "level": 4, "reason": "floor"},
		{"control": "COS-4.3", "dimension": "cost", "level": 4, "reason": "next-level"},
	]
	result.gate.reasons == [
		"access is at level 3, below its floor of 4 (unwaived: ACC-4.2)",
		"audit is at level 3, below its floor of 4 (unwaived: AUD-4.1)",
	]
}

test_pass_next_steps_every_dimension_tied_at_the_lowest_level if {
	f := _report_facts("production", _critical, _all_owners, [])
	result := report.assemble(f, _results(f, ["EVA-4.1", "EVA-4.3", "COS-4.3", "ACC-4.2"], []))
	result.levels == {"visibility": 5, "evaluation": 3, "cost": 3, "access": 3, "audit": 5}

	# evaluation (gap 1) and access (gap 1) in model order; evaluation, cost and access tie at
	# the lowest level: the next-level part adds cost's COS-4.3, the others are already listed.
	result.next_steps == [
		{"control": "EVA-4.1", "dimension": "evaluation", "level": 4, "reason": "floor"},
		{"control": "EVA-4.3", "dimension": "evaluation", "level": 4, "reason": "floor"},
		{"control": "ACC-4.2", "dimension": "access", "level": 4, "reason": "floor"},
		{"control": "COS-4.3", "dimension": "cost", "level": 4, "reason": "next-level"},
	]
}

test_pass_next_steps_contract_manifest_ties_at_level_4 if {
	# The contract manifest's real outcomes: VIS-5.1, EVA-5.1 (waived) and COS-5.1 do not hold.
	result := report.assemble(_contract, _results(_contract, ["VIS-5.1", "EVA-5.1", "COS-5.1"], []))
	result.levels == {"visibility": 4, "evaluation": 4, "cost": 4, "access": 5, "audit": 5}
	result.gate == _ok_gate
	result.next_steps == [
		{"control": "VIS-5.1", "dimension": "visibility", "level": 5, "reason": "next-level"},
		{"control": "EVA-5.1", "dimension": "evaluation", "level": 5, "reason": "next-level"},
		{"control": "COS-5.1", "dimension": "cost", "level": 5, "reason": "next-level"},
	]
}

test_pass_next_steps_tie_without_a_floor_part_lists_every_tied_dimension if {
	# experiment: floors are not enforced, so every tied dimension comes from the next-level
	# part, in model order, each with every control of its next cell that does not pass.
	f := _report_facts("experiment", _high, _all_owners, [])
	result := report.assemble(f, _results(f, ["AUD-2.1", "VIS-2.1", "VIS-3.2", "ACC-2.2"], []))
	result.levels == {"visibility": 1, "evaluation": 5, "cost": 5, "access": 1, "audit": 1}
	result.next_steps == [
		{"control": "VIS-2.1", "dimension": "visibility", "level": 2, "reason": "next-level"},
		{"control": "ACC-2.2", "dimension": "access", "level": 2, "reason": "next-level"},
		{"control": "AUD-2.1", "dimension": "audit", "level": 2, "reason": "next-level"},
	]
}

test_pass_next_steps_skip_controls_already_listed if {
	f := _report_facts("production", _high, _all_owners, [])
	result := report.assemble(f, _results(f, ["COS-2.1"], []))
	result.next_steps == [{"control": "COS-2.1", "dimension": "cost", "level": 2, "reason": "floor"}]
}

test_pass_next_steps_empty_only_when_everything_passes_at_level_5 if {
	f := _report_facts("production", _high, _all_owners, [])
	report.assemble(f, _results(f, [], [])).next_steps == []
	report.assemble(f, _results(f, ["AUD-5.1"], [])).next_steps == [
		{"control": "AUD-5.1", "dimension": "audit", "level": 5, "reason": "next-level"},
	]
}

# ---- outcome shapes -------------------------------------------------------------------------

test_pass_outcome_without_a_string_message if {
	f := _report_facts("experiment", _high, _all_owners, [])

	# object.remove first: OPA's object.union merges nested objects, rego-cpp 1.5.2 replaces
	# them (docs/architecture.md), and both outcomes here must lose their message.
	results := object.union(object.remove(_results(f, [], []), ["VIS-2.1", "EVA-2.1"]), {
		"VIS-2.1": {"pass": true, "message": 42},
		"EVA-2.1": {"pass": false},
	})
	result := report.assemble(f, results)
	result.controls[0] == {
		"id": "VIS-2.1", "dimension": "visibility", "level": 2, "status": "pass",
		"message": "control returned no message",
	}
	result.controls[11] == {
		"id": "EVA-2.1", "dimension": "evaluation", "level": 2, "status": "fail",
		"message": "control returned no message",
	}
	result.levels == {"visibility": 5, "evaluation": 1, "cost": 5, "access": 5, "audit": 5}
}

test_pass_waived_control_without_a_string_message if {
	f := _report_facts("production", _high, _all_owners, [_waiver("EVA-5.1", "2027-01-01")])
	results := object.union(_results(f, [], []), {"EVA-5.1": {"pass": false, "message": null}})
	result := report.assemble(f, results)
	_not_passing(result) == [{
		"id": "EVA-5.1", "dimension": "evaluation", "level": 5, "status": "waived",
		"message": "control returned no message", "waiver": _waiver("EVA-5.1", "2027-01-01"),
	}]
}

# ---- the waivers the report applies ----------------------------------------------------------

test_pass_duplicate_waivers_apply_the_one_expiring_last if {
	ws := [_waiver("EVA-3.1", "2027-01-01"), _waiver("EVA-3.1", "2027-06-01")]
	f := _report_facts("production", _high, _all_owners, ws)
	result := report.assemble(f, _results(f, ["EVA-3.1"], []))
	result.controls[12].status == "waived"
	result.controls[12].waiver == _waiver("EVA-3.1", "2027-06-01")
	[w.status | some w in result.waivers] == ["valid", "valid"]
	result.gate == _ok_gate
}

test_pass_blocking_names_the_controls_that_fail_the_gate if {
	# High tier in production: evaluation misses its floor (3) through EVA-3.1 and EVA-3.2, but
	# EVA-3.2 is waived; on_call is missing. The unwaived ones block, the waived one does not.
	owners := object.remove(_all_owners, ["on_call"])
	f := _report_facts("production", _high, owners, [_waiver("EVA-3.2", "2027-01-01")])
	result := report.assemble(f, _results(f, {"EVA-3.1", "EVA-3.2"}, set()))
	result.blocking == ["EVA-3.1", "OWN-1"]
	result.gate.passed == false
}

test_pass_blocking_is_empty_when_the_gate_passes if {
	f := _report_facts("production", _high, _all_owners, [])
	result := report.assemble(f, _results(f, {"VIS-5.1"}, set()))
	result.blocking == []
	result.gate.passed == true
}

test_pass_blocking_on_a_retired_system_is_only_prohibition if {
	f := _report_facts("retired", object.union(_high, {"prohibited_practices": ["social-scoring"]}), {}, [])
	result := report.assemble(f, _results(f, {"EVA-3.1"}, set()))
	result.blocking == ["RISK-1"]
}

# ---- org config: disabled controls ------------------------------------------------------------

_with_config(f, config) := object.union(f, {"config": config})

test_pass_disabled_control_holds_the_level_but_spares_the_gate if {
	# The level is computed as if the control failed (a disabled control never raises a
	# level); like a waiver, it spares the gate below an org or tier floor; it is no next step.
	f := _with_config(
		_report_facts("production", _high, _all_owners, []),
		{"disabled": {"EVA-3.1": "we evaluate offline only"}},
	)
	result := report.assemble(f, _results(f, {"EVA-3.1"}, set()))
	result.levels.evaluation == 2
	result.floors.evaluation == 3
	result.gate == _ok_gate
	result.blocking == []
	_not_passing(result) == [{
		"id": "EVA-3.1", "dimension": "evaluation", "level": 3, "status": "disabled",
		"message": "disabled by the org config: we evaluate offline only",
	}]
	result.next_steps == []
}

test_pass_disabled_control_above_the_level_lowers_it if {
	f := _with_config(
		_report_facts("production", _high, _all_owners, []),
		{"disabled": {"VIS-5.1": "agents do not read traces here"}},
	)
	result := report.assemble(f, _results(f, {"VIS-5.1"}, set()))
	result.levels.visibility == 4
	result.gate == _ok_gate
}

test_fail_disabled_control_cannot_lower_a_statutory_floor if {
	# A regulated domain sets evaluation's floor to 4 by law: disabling EVA-3.1 keeps the
	# dimension at 2 and fails the gate, as an unwaived failure would.
	f := _with_config(
		_report_facts("production", object.union(_high, {"domain": "employment"}), _all_owners, []),
		{"disabled": {"EVA-3.1": "we evaluate offline only"}},
	)
	result := report.assemble(f, _results(f, {"EVA-3.1"}, set()))
	result.levels.evaluation == 2
	result.floors.evaluation == 4
	result.blocking == ["EVA-3.1"]
	result.gate == {"passed": false, "reasons": [
		"evaluation is at level 2, below its floor of 4 (unwaived: EVA-3.1)",
	]}
}

test_pass_disabled_problems_name_unknown_and_undisableable_controls if {
	report.disabled_problems_of({"config": {"disabled": {"EVA-3.1": "x"}}}) == {}
	report.disabled_problems_of({"config": {"disabled": {
		"EVA-9.9": "x", "RISK-1": "x", "WVR-2": "x", "OWN-1": "x",
	}}}) == {"EVA-9.9": "unknown", "RISK-1": "risk", "WVR-2": "waivers"}
}

test_fail_disabling_risk_or_waiver_controls_has_no_effect if {
	f := _with_config(
		_report_facts("production", object.union(_high, {"prohibited_practices": ["social-scoring"]}), _all_owners, [_waiver("EVA-9.9", "2027-01-01")]),
		{"disabled": {"RISK-1": "no", "WVR-1": "no"}},
	)
	result := report.assemble(f, _results(f, set(), set()))
	[c.status | some c in result.controls; c.id in {"RISK-1", "WVR-1"}] == ["fail", "fail"]
	result.blocking == ["RISK-1", "WVR-1"]
}

test_fail_disabled_control_without_a_reason_stays_failing if {
	f := _with_config(_report_facts("production", _high, _all_owners, []), {"disabled": {"EVA-3.1": null}})
	result := report.assemble(f, _results(f, {"EVA-3.1"}, set()))
	result.blocking == ["EVA-3.1"]
}

# ---- baseline -----------------------------------------------------------------------------------

test_pass_baselined_failure_keeps_its_status_and_level_but_not_the_gate if {
	owners := object.remove(_all_owners, ["on_call"])
	f := _with_config(_report_facts("production", _high, owners, []), {"baseline": ["EVA-3.1", "OWN-1"]})
	result := report.assemble(f, _results(f, {"EVA-3.1"}, set()))
	result.levels.evaluation == 2
	[c.status | some c in _not_passing(result)] == ["fail", "fail"]
	[c.id | some c in result.controls; c.baselined == true] == ["EVA-3.1", "OWN-1"]
	result.baseline == {"accepted": ["EVA-3.1", "OWN-1"], "no_longer_failing": []}
	result.gate == _ok_gate
	result.blocking == []
	result.next_steps == [
		{"control": "EVA-3.1", "dimension": "evaluation", "level": 3, "reason": "floor"},
		{"control": "OWN-1", "dimension": "ownership", "level": null, "reason": "gate"},
	]
}

test_pass_baseline_names_entries_that_no_longer_fail if {
	f := _with_config(_report_facts("production", _high, _all_owners, []), {"baseline": ["VIS-5.1", "EVA-3.1"]})
	result := report.assemble(f, _results(f, {"EVA-3.1"}, set()))
	result.baseline == {"accepted": ["EVA-3.1", "VIS-5.1"], "no_longer_failing": ["VIS-5.1"]}
}

test_pass_no_baseline_block_without_a_baseline if {
	f := _report_facts("production", _high, _all_owners, [])
	result := report.assemble(f, _results(f, {"EVA-3.1"}, set()))
	not result.baseline
	[c.id | some c in result.controls; c.baselined] == []
}

test_fail_new_failure_outside_the_baseline_fails_the_gate if {
	f := _with_config(_report_facts("production", _high, _all_owners, []), {"baseline": ["EVA-3.1"]})
	result := report.assemble(f, _results(f, {"EVA-3.1", "EVA-3.2"}, set()))
	result.blocking == ["EVA-3.2"]
	result.gate == {"passed": false, "reasons": [
		"evaluation is at level 2, below its floor of 3 (unwaived: EVA-3.2)",
	]}
}

test_fail_baseline_never_covers_risk_or_waiver_validity if {
	f := _with_config(
		_report_facts("production", object.union(_high, {"prohibited_practices": ["social-scoring"]}), _all_owners, [_waiver("EVA-9.9", "2027-01-01")]),
		{"baseline": ["RISK-1", "WVR-1"]},
	)
	result := report.assemble(f, _results(f, set(), set()))
	result.blocking == ["RISK-1", "WVR-1"]
	result.gate.passed == false
}

# ---- aspirations ------------------------------------------------------------------------------

test_pass_aspirations_are_failures_above_the_next_level_and_the_floor if {
	# High tier (floors 3): evaluation stops at 3, the lowest level, so the system's next level
	# is 4; the level-5 failures lie beyond it and beyond every floor.
	f := _report_facts("production", _high, _all_owners, [])
	result := report.assemble(f, _results(f, {"EVA-4.1", "VIS-5.1", "COS-5.1"}, set()))
	result.levels == {"visibility": 4, "evaluation": 3, "cost": 4, "access": 5, "audit": 5}
	result.gate == _ok_gate
	result.aspirations == ["VIS-5.1", "COS-5.1"]
}

test_pass_aspirations_include_failures_the_baseline_accepts if {
	f := _with_config(_report_facts("production", _high, _all_owners, []), {"baseline": ["VIS-5.1"]})
	result := report.assemble(f, _results(f, {"EVA-4.1", "VIS-5.1"}, set()))
	result.aspirations == ["VIS-5.1"]
}

test_fail_floor_and_next_level_failures_are_never_aspirations if {
	# Critical tier (floors 4, cost 3): evaluation at 2 is the lowest, so the next level is 3.
	# EVA-3.2 is that next level and AUD-4.1 holds audit's floor of 4: both block, neither is
	# an aspiration. VIS-5.1 is above visibility's floor of 4; COS-4.1 above cost's floor of 3.
	f := _report_facts("production", _critical, _all_owners, [])
	result := report.assemble(f, _results(f, {"EVA-3.2", "AUD-4.1", "VIS-5.1", "COS-4.1"}, set()))
	result.levels == {"visibility": 4, "evaluation": 2, "cost": 3, "access": 5, "audit": 3}
	result.blocking == ["EVA-3.2", "AUD-4.1"]
	result.aspirations == ["VIS-5.1", "COS-4.1"]
}

test_fail_next_level_failure_without_a_floor_is_not_an_aspiration if {
	# Every dimension at 4: level 5 is the next level, so nothing is an aspiration.
	f := _report_facts("production", _high, _all_owners, [])
	result := report.assemble(f, _results(f, {"VIS-5.1", "EVA-5.1", "COS-5.1", "ACC-5.1", "AUD-5.1"}, set()))
	result.levels == _all(4)
	result.aspirations == []
}

test_fail_gate_family_and_waived_controls_are_never_aspirations if {
	owners := object.remove(_all_owners, ["on_call"])
	f := _report_facts("production", _high, owners, [_waiver("COS-5.1", "2027-01-01")])
	result := report.assemble(f, _results(f, {"EVA-4.1", "COS-5.1"}, set()))
	[c.id | some c in _not_passing(result)] == ["EVA-4.1", "COS-5.1", "OWN-1"]
	result.aspirations == []
}

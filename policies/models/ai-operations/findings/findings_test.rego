package aimm.models.ai_operations.findings_test

import data.aimm.models.ai_operations.findings

# _mature: a production agent with every fact the findings read in good order.
_mature := {
	"manifest": {
		"metadata": {"owners": {"technical": "te", "business": "bo"}},
		"system": {"type": "agent", "lifecycle": "production"},
		"risk": {"autonomy": "act-autonomously"},
		"posture": {
			"evaluation": {"suites": [{"name": "golden", "path": "evals/golden.yaml"}]},
			"cost": {"attribution": "per-request"},
			"audit": {"postmortem_template": "docs/postmortem.md"},
		},
	},
	"evidence": {"docs/postmortem.md": {"exists": true, "detail": "docs/postmortem.md found"}},
}

_good := {"observability": 3, "llmops": 3, "governance": 3, "agent-operations": 3}

# _bare: a production autonomous agent with only its technical owner and no posture.
_bare := {
	"manifest": {
		"metadata": {"owners": {"technical": "te"}},
		"system": {"type": "agent", "lifecycle": "production"},
		"risk": {"autonomy": "act-autonomously"},
		"posture": {"evaluation": {"suites": [{"name": "golden", "path": "evals/golden.yaml"}]}},
	},
	"evidence": {},
}

_low := {"observability": 1, "llmops": 2, "governance": 1, "agent-operations": 2}

_ids(list) := [x.id | some x in list]

_with_cost(c) := json.patch(_bare, [{"op": "add", "path": "/manifest/posture/cost", "value": c}])

test_pass_no_findings_for_a_mature_system if {
	findings.findings_of(_mature, _good) == []
}

test_fail_every_finding_for_a_bare_autonomous_agent if {
	_ids(findings.findings_of(_bare, _low)) == [
		"experimental-in-production", "quality-only", "engineering-only-ownership",
		"no-cost-operations", "autonomous-agent-weak-controls", "incidents-not-learned",
	]
}

test_fail_experimental_in_production if {
	findings.findings_of(_bare, _low)[0] == {
		"id": "experimental-in-production",
		"title": "In production without readiness standards",
		"message": concat("", [
			"system.lifecycle is production but governance is at L1 Experimental: ",
			"no production readiness review is on record (GOP-2.1)",
		]),
	}
}

test_fail_quality_only if {
	findings.findings_of(_bare, _low)[1] == {
		"id": "quality-only",
		"title": "Model quality is measured but production is not observed",
		"message": concat("", [
			"posture.evaluation.suites lists 1 suite(s) but observability is at L1 Experimental: ",
			"production behaviour, cost and policy events go unwatched",
		]),
	}
}

test_fail_engineering_only_ownership if {
	findings.findings_of(_bare, _low)[2] == {
		"id": "engineering-only-ownership",
		"title": "Only engineering owns the system",
		"message": concat("", [
			"metadata.owners names no business, data, security or support owner; ",
			"only engineering answers for the system",
		]),
	}
}

test_fail_no_cost_operations if {
	findings.findings_of(_bare, _low)[3] == {
		"id": "no-cost-operations",
		"title": "Cost is neither attributed, alerted on nor capped",
		"message": concat("", [
			"posture.cost.attribution is not set, posture.cost.alerts.enabled is not set and ",
			"posture.cost.limits.enforcement is not set: nothing would notice a cost spike",
		]),
	}
}

test_fail_autonomous_agent_weak_controls if {
	findings.findings_of(_bare, _low)[4] == {
		"id": "autonomous-agent-weak-controls",
		"title": "An autonomous agent runs below governed agent operations",
		"message": concat("", [
			"risk.autonomy is act-autonomously but agent-operations is at L2 Repeatable; ",
			"L3 Governed adds human approval for high-impact actions, an action audit trail, ",
			"workflow tracking and a safe stop",
		]),
	}
}

test_fail_incidents_not_learned if {
	findings.findings_of(_bare, _low)[5] == {
		"id": "incidents-not-learned",
		"title": "Incidents do not feed back into the system",
		"message": concat("", [
			"posture.audit.postmortem_template is not declared and ",
			"posture.evaluation.regression.includes_production_samples is not set: ",
			"production failures do not reach the runbooks or the evaluations",
		]),
	}
}

test_pass_lifecycle_and_type_scope_the_findings if {
	experiment := json.patch(_bare, [
		{"op": "replace", "path": "/manifest/system/lifecycle", "value": "experiment"},
		{"op": "replace", "path": "/manifest/system/type", "value": "rag"},
	])
	_ids(findings.findings_of(experiment, _low)) == ["quality-only", "engineering-only-ownership"]
}

test_pass_a_capped_or_alerted_cost_is_cost_operations if {
	alerted := _with_cost({"alerts": {"enabled": true}})
	not "no-cost-operations" in _ids(findings.findings_of(alerted, _low))
	capped := _with_cost({"limits": {"enforcement": "client"}})
	not "no-cost-operations" in _ids(findings.findings_of(capped, _low))
}

test_pass_level_findings_need_the_levels if {
	_ids(findings.findings_of(_bare, {})) == ["engineering-only-ownership", "no-cost-operations", "incidents-not-learned"]
}

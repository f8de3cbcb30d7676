# Generated cases, reviewed by hand: both sides of every control, whole outcomes.
package aimm.models.ai_operations.observability_test

import data.aimm.models.ai_operations.observability

_files := {
	"ok.md": {"exists": true, "detail": "ok.md found"},
	"gone.md": {"exists": false, "detail": "gone.md does not exist"},
}

_nothing := {"manifest": {}, "evidence": {}, "today": "2026-11-21"}

# _sys: a system of type t with posture p.
_sys(t, p) := {
	"manifest": {"system": {"type": t}, "posture": p},
	"evidence": _files,
	"today": "2026-11-21",
}

test_pass_aob_2_1 if {
	observability.aob_2_1(_sys("rag", {"visibility": {"logs": "centralized"}})) == {
		"pass": true,
		"message": "posture.visibility.logs is \"centralized\"; level 2 needs centralized",
	}
}

test_fail_aob_2_1_scattered if {
	observability.aob_2_1(_sys("rag", {"visibility": {"logs": "scattered"}})) == {
		"pass": false,
		"message": "posture.visibility.logs is \"scattered\"; level 2 needs centralized",
	}
}

test_fail_aob_2_1_absent if {
	observability.aob_2_1(_nothing) == {
		"pass": false,
		"message": "posture.visibility.logs is not set; level 2 needs centralized",
	}
}

test_pass_aob_3_1 if {
	observability.aob_3_1(_sys("rag", {"visibility": {"tracing": {"enabled": true, "spans": ["model_call"]}}})) == {
		"pass": true,
		"message": concat("", [
			"posture.visibility.tracing.enabled is true; level 3 needs true; ",
			"posture.visibility.tracing.spans is [model_call]; level 3 needs it to include ",
			"model_call",
		]),
	}
}

test_fail_aob_3_1_without_model_call if {
	observability.aob_3_1(_sys("rag", {"visibility": {"tracing": {"enabled": true, "spans": ["retrieval"]}}})) == {
		"pass": false,
		"message": concat("", [
			"posture.visibility.tracing.enabled is true; level 3 needs true; ",
			"posture.visibility.tracing.spans is [retrieval]; level 3 needs it to include ",
			"model_call",
		]),
	}
}

test_fail_aob_3_1_disabled if {
	observability.aob_3_1(_sys("rag", {"visibility": {"tracing": {"enabled": false, "spans": ["model_call"]}}})) == {
		"pass": false,
		"message": concat("", [
			"posture.visibility.tracing.enabled is false; level 3 needs true; ",
			"posture.visibility.tracing.spans is [model_call]; level 3 needs it to include ",
			"model_call",
		]),
	}
}

test_fail_aob_3_1_absent if {
	observability.aob_3_1(_nothing) == {
		"pass": false,
		"message": concat("", [
			"posture.visibility.tracing.enabled is not set; level 3 needs true; ",
			"posture.visibility.tracing.spans is not set; level 3 needs it to include ",
			"model_call",
		]),
	}
}

test_pass_aob_3_2_rag if {
	observability.aob_3_2(_sys("rag", {"visibility": {"tracing": {"spans": ["model_call", "retrieval"]}}})) == {
		"pass": true,
		"message": concat("", [
			"posture.visibility.tracing.spans is [model_call, retrieval]; system.type is ",
			"\"rag\", so level 3 needs it to include retrieval",
		]),
	}
}

test_fail_aob_3_2_rag_without_retrieval if {
	observability.aob_3_2(_sys("rag", {"visibility": {"tracing": {"spans": ["model_call", "tool_call"]}}})) == {
		"pass": false,
		"message": concat("", [
			"posture.visibility.tracing.spans is [model_call, tool_call]; system.type is ",
			"\"rag\", so level 3 needs it to include retrieval",
		]),
	}
}

test_pass_aob_3_2_agent if {
	observability.aob_3_2(_sys("multi-agent", {"visibility": {"tracing": {"spans": ["tool_call"]}}})) == {
		"pass": true,
		"message": concat("", [
			"posture.visibility.tracing.spans is [tool_call]; system.type is \"multi-agent\", ",
			"so level 3 needs it to include tool_call",
		]),
	}
}

test_fail_aob_3_2_agent_without_tool_call if {
	observability.aob_3_2(_sys("agent", {"visibility": {"tracing": {"spans": ["model_call"]}}})) == {
		"pass": false,
		"message": concat("", [
			"posture.visibility.tracing.spans is [model_call]; system.type is \"agent\", so ",
			"level 3 needs it to include tool_call",
		]),
	}
}

test_pass_aob_3_2_llm_app_not_applicable if {
	observability.aob_3_2(_sys("llm-app", {"visibility": {}})) == {
		"pass": true,
		"message": "not applicable: system.type is llm-app, not rag, agent or multi-agent",
	}
}

test_fail_aob_3_2_no_type if {
	observability.aob_3_2(_nothing) == {
		"pass": false,
		"message": concat("", [
			"posture.visibility.tracing.spans is not set; system.type is not set, so level 3 ",
			"needs it to include tool_call",
		]),
	}
}

test_pass_aob_3_3 if {
	f := _sys("rag", {"visibility": {"metrics": ["quality", "latency_p95", "cost_per_request", "policy_events"]}})
	observability.aob_3_3(f) == {
		"pass": true,
		"message": concat("", [
			"posture.visibility.metrics is [quality, latency_p95, cost_per_request, ",
			"policy_events]; level 3 needs it to include quality, cost_per_request, ",
			"policy_events and one of latency_p50, latency_p95, latency_p99",
		]),
	}
}

test_fail_aob_3_3_without_policy_events if {
	f := _sys("rag", {"visibility": {"metrics": ["quality", "latency_p95", "cost_per_request"]}})
	observability.aob_3_3(f) == {
		"pass": false,
		"message": concat("", [
			"posture.visibility.metrics is [quality, latency_p95, cost_per_request]; level 3 ",
			"needs it to include quality, cost_per_request, policy_events and one of ",
			"latency_p50, latency_p95, latency_p99",
		]),
	}
}

test_fail_aob_3_3_without_latency if {
	f := _sys("rag", {"visibility": {"metrics": ["quality", "cost_per_request", "policy_events"]}})
	observability.aob_3_3(f) == {
		"pass": false,
		"message": concat("", [
			"posture.visibility.metrics is [quality, cost_per_request, policy_events]; level ",
			"3 needs it to include quality, cost_per_request, policy_events and one of ",
			"latency_p50, latency_p95, latency_p99",
		]),
	}
}

test_fail_aob_3_3_absent if {
	observability.aob_3_3(_nothing) == {
		"pass": false,
		"message": concat("", [
			"posture.visibility.metrics is not set; level 3 needs it to include quality, ",
			"cost_per_request, policy_events and one of latency_p50, latency_p95, latency_p99",
		]),
	}
}

test_pass_aob_4_1 if {
	observability.aob_4_1(_sys("rag", {"visibility": {"alerts": {"enabled": true, "routed_to_owner": true}}})) == {
		"pass": true,
		"message": concat("", [
			"posture.visibility.alerts.enabled is true; level 4 needs true; ",
			"posture.visibility.alerts.routed_to_owner is true; level 4 needs true",
		]),
	}
}

test_fail_aob_4_1_not_routed if {
	observability.aob_4_1(_sys("rag", {"visibility": {"alerts": {"enabled": true, "routed_to_owner": false}}})) == {
		"pass": false,
		"message": concat("", [
			"posture.visibility.alerts.enabled is true; level 4 needs true; ",
			"posture.visibility.alerts.routed_to_owner is false; level 4 needs true",
		]),
	}
}

test_fail_aob_4_1_absent if {
	observability.aob_4_1(_nothing) == {
		"pass": false,
		"message": concat("", [
			"posture.visibility.alerts.enabled is not set; level 4 needs true; ",
			"posture.visibility.alerts.routed_to_owner is not set; level 4 needs true",
		]),
	}
}

test_pass_aob_4_2 if {
	observability.aob_4_2(_sys("rag", {"visibility": {"tracing": {"spans": ["policy_decision"]}}})) == {
		"pass": true,
		"message": concat("", [
			"posture.visibility.tracing.spans is [policy_decision]; level 4 needs it to ",
			"include policy_decision",
		]),
	}
}

test_fail_aob_4_2_absent if {
	observability.aob_4_2(_nothing) == {
		"pass": false,
		"message": "posture.visibility.tracing.spans is not set; level 4 needs it to include policy_decision",
	}
}

test_pass_aob_4_3 if {
	observability.aob_4_3(_sys("rag", {"visibility": {"metrics": ["user_feedback"]}})) == {
		"pass": true,
		"message": "posture.visibility.metrics is [user_feedback]; level 4 needs it to include user_feedback",
	}
}

test_fail_aob_4_3_without_feedback if {
	observability.aob_4_3(_sys("rag", {"visibility": {"metrics": ["quality"]}})) == {
		"pass": false,
		"message": "posture.visibility.metrics is [quality]; level 4 needs it to include user_feedback",
	}
}

test_pass_aob_5_1 if {
	observability.aob_5_1(_sys("rag", {"visibility": {"anomaly_detection": true}})) == {
		"pass": true,
		"message": "posture.visibility.anomaly_detection is true; level 5 needs true",
	}
}

test_fail_aob_5_1_absent if {
	observability.aob_5_1(_nothing) == {
		"pass": false,
		"message": "posture.visibility.anomaly_detection is not set; level 5 needs true",
	}
}

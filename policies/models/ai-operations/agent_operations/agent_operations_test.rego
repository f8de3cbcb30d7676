# Generated cases, reviewed by hand: both sides of every control, whole outcomes.
package aimm.models.ai_operations.agent_operations_test

import data.aimm.models.ai_operations.agent_operations

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

# _acting: an agent with autonomy a and posture.agent p.
_acting(a, p) := {
	"manifest": {"system": {"type": "agent"}, "risk": {"autonomy": a}, "posture": {"agent": p}},
	"evidence": {},
	"today": "2026-11-21",
}

test_pass_ago_2_1_allowlist if {
	agent_operations.ago_2_1(_sys("agent", {"agent": {"tool_permissions": "allowlist"}})) == {
		"pass": true,
		"message": "posture.agent.tool_permissions is \"allowlist\"; level 2 needs allowlist, scoped or adaptive",
	}
}

test_pass_ago_2_1_adaptive if {
	agent_operations.ago_2_1(_sys("multi-agent", {"agent": {"tool_permissions": "adaptive"}})) == {
		"pass": true,
		"message": "posture.agent.tool_permissions is \"adaptive\"; level 2 needs allowlist, scoped or adaptive",
	}
}

test_fail_ago_2_1_none if {
	agent_operations.ago_2_1(_sys("agent", {"agent": {"tool_permissions": "none"}})) == {
		"pass": false,
		"message": "posture.agent.tool_permissions is \"none\"; level 2 needs allowlist, scoped or adaptive",
	}
}

test_fail_ago_2_1_absent if {
	agent_operations.ago_2_1(_sys("agent", {"agent": {}})) == {
		"pass": false,
		"message": "posture.agent.tool_permissions is not set; level 2 needs allowlist, scoped or adaptive",
	}
}

test_pass_ago_2_1_rag_not_applicable if {
	agent_operations.ago_2_1(_sys("rag", {"agent": {}})) == {
		"pass": true,
		"message": "not applicable: system.type is rag, not agent or multi-agent",
	}
}

test_fail_ago_2_1_no_type if {
	agent_operations.ago_2_1(_nothing) == {
		"pass": false,
		"message": "posture.agent.tool_permissions is not set; level 2 needs allowlist, scoped or adaptive",
	}
}

test_pass_ago_3_1_suggests if {
	agent_operations.ago_3_1(_acting("suggest", {})) == {
		"pass": true,
		"message": "risk.autonomy is suggest, so every action waits for a person",
	}
}

test_pass_ago_3_1_acts_with_approval if {
	agent_operations.ago_3_1(_acting("act-with-approval", {})) == {
		"pass": true,
		"message": "risk.autonomy is act-with-approval, so every action waits for a person",
	}
}

test_pass_ago_3_1_autonomous_with_high_impact_approval if {
	agent_operations.ago_3_1(_acting("act-autonomously", {"human_approval": "high-impact"})) == {
		"pass": true,
		"message": concat("", [
			"risk.autonomy is \"act-autonomously\"; posture.agent.human_approval is ",
			"\"high-impact\"; level 3 needs high-impact or every-action",
		]),
	}
}

test_fail_ago_3_1_autonomous_without_approval if {
	agent_operations.ago_3_1(_acting("act-autonomously", {"human_approval": "none"})) == {
		"pass": false,
		"message": concat("", [
			"risk.autonomy is \"act-autonomously\"; posture.agent.human_approval is \"none\"; ",
			"level 3 needs high-impact or every-action",
		]),
	}
}

test_fail_ago_3_1_autonomous_absent if {
	agent_operations.ago_3_1(_acting("act-autonomously", {})) == {
		"pass": false,
		"message": concat("", [
			"risk.autonomy is \"act-autonomously\"; posture.agent.human_approval is not set; ",
			"level 3 needs high-impact or every-action",
		]),
	}
}

test_pass_ago_3_1_classical_not_applicable if {
	agent_operations.ago_3_1(_sys("classical-ml", {"agent": {}})) == {
		"pass": true,
		"message": "not applicable: system.type is classical-ml, not agent or multi-agent",
	}
}

test_pass_ago_3_2 if {
	agent_operations.ago_3_2(_sys("agent", {"audit": {"audit_trail": {"covers": ["tool_calls"]}}})) == {
		"pass": true,
		"message": "posture.audit.audit_trail.covers is [tool_calls]; level 3 needs it to include tool_calls",
	}
}

test_fail_ago_3_2_without_tool_calls if {
	agent_operations.ago_3_2(_sys("agent", {"audit": {"audit_trail": {"covers": ["prompts"]}}})) == {
		"pass": false,
		"message": "posture.audit.audit_trail.covers is [prompts]; level 3 needs it to include tool_calls",
	}
}

test_pass_ago_3_2_copilot_not_applicable if {
	agent_operations.ago_3_2(_sys("copilot", {"audit": {}})) == {
		"pass": true,
		"message": "not applicable: system.type is copilot, not agent or multi-agent",
	}
}

test_pass_ago_3_3 if {
	agent_operations.ago_3_3(_sys("agent", {"agent": {"workflow_tracking": true}})) == {
		"pass": true,
		"message": "posture.agent.workflow_tracking is true; level 3 needs true",
	}
}

test_fail_ago_3_3_absent if {
	agent_operations.ago_3_3(_sys("agent", {"agent": {}})) == {
		"pass": false,
		"message": "posture.agent.workflow_tracking is not set; level 3 needs true",
	}
}

test_pass_ago_3_4_manual if {
	agent_operations.ago_3_4(_sys("agent", {"agent": {"safe_stop": "manual"}})) == {
		"pass": true,
		"message": "posture.agent.safe_stop is \"manual\"; level 3 needs manual or automatic",
	}
}

test_fail_ago_3_4_none if {
	agent_operations.ago_3_4(_sys("agent", {"agent": {"safe_stop": "none"}})) == {
		"pass": false,
		"message": "posture.agent.safe_stop is \"none\"; level 3 needs manual or automatic",
	}
}

test_pass_ago_4_1_scoped if {
	agent_operations.ago_4_1(_sys("agent", {"agent": {"tool_permissions": "scoped"}})) == {
		"pass": true,
		"message": "posture.agent.tool_permissions is \"scoped\"; level 4 needs scoped or adaptive",
	}
}

test_fail_ago_4_1_allowlist if {
	agent_operations.ago_4_1(_sys("agent", {"agent": {"tool_permissions": "allowlist"}})) == {
		"pass": false,
		"message": "posture.agent.tool_permissions is \"allowlist\"; level 4 needs scoped or adaptive",
	}
}

test_pass_ago_4_2 if {
	agent_operations.ago_4_2(_sys("agent", {"agent": {"safe_stop": "automatic"}})) == {
		"pass": true,
		"message": "posture.agent.safe_stop is \"automatic\"; level 4 needs automatic",
	}
}

test_fail_ago_4_2_manual if {
	agent_operations.ago_4_2(_sys("agent", {"agent": {"safe_stop": "manual"}})) == {
		"pass": false,
		"message": "posture.agent.safe_stop is \"manual\"; level 4 needs automatic",
	}
}

test_pass_ago_4_3 if {
	agent_operations.ago_4_3(_sys("agent", {"agent": {"rollback": true}})) == {
		"pass": true,
		"message": "posture.agent.rollback is true; level 4 needs true",
	}
}

test_fail_ago_4_3_absent if {
	agent_operations.ago_4_3(_sys("agent", {"agent": {}})) == {
		"pass": false,
		"message": "posture.agent.rollback is not set; level 4 needs true",
	}
}

test_pass_ago_5_1 if {
	agent_operations.ago_5_1(_sys("agent", {"agent": {"tool_permissions": "adaptive"}})) == {
		"pass": true,
		"message": "posture.agent.tool_permissions is \"adaptive\"; level 5 needs adaptive",
	}
}

test_fail_ago_5_1_scoped if {
	agent_operations.ago_5_1(_sys("agent", {"agent": {"tool_permissions": "scoped"}})) == {
		"pass": false,
		"message": "posture.agent.tool_permissions is \"scoped\"; level 5 needs adaptive",
	}
}

test_pass_ago_5_1_llm_app_not_applicable if {
	agent_operations.ago_5_1(_sys("llm-app", {"agent": {}})) == {
		"pass": true,
		"message": "not applicable: system.type is llm-app, not agent or multi-agent",
	}
}

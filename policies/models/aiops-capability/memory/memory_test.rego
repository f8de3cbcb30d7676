# Generated from the ladders of rungs.rego, reviewed by hand: both sides of every control
# (the smallest facts that reach the control's level, and the rung just below), whole outcomes.
package aimm.models.aiops_capability.memory_test

import data.aimm.models.aiops_capability.memory

# _posture: an agent with posture p (and an evaluation suite file that exists).
_posture(p) := {
	"manifest": {"system": {"type": "agent"}, "posture": p},
	"evidence": {"evals/suite.yaml": {"exists": true, "detail": "evals/suite.yaml found"}},
	"today": "2026-11-21",
}

# _observed: an agent whose manifest has observations o and no posture.
_observed(o) := {"manifest": {"system": {"type": "agent"}, "observations": o}, "today": "2026-11-21"}

# _bare: an agent that declares nothing.
_bare := {"manifest": {"system": {"type": "agent"}}, "today": "2026-11-21"}

test_pass_mem_1_1_rung_1 if {
	memory.mem_1_1(_posture({"memory": {"context": "conversation"}})) == {
		"message": concat("", [
			"posture.memory.context is \"conversation\", retrieval is not set, ",
			"persistent_user_memory is not set; level 1 needs memory.context ",
			"conversation or managed-window (or retrieval, or persistent memory)",
		]),
		"pass": true,
	}
}

test_fail_mem_1_1_absent if {
	memory.mem_1_1(_bare) == {
		"message": concat("", [
			"posture.memory.context is not set, retrieval is not set, ",
			"persistent_user_memory is not set; level 1 needs memory.context ",
			"conversation or managed-window (or retrieval, or persistent memory)",
		]),
		"pass": false,
	}
}

test_pass_mem_1_2_rung_1 if {
	memory.mem_1_2(_posture({"memory": {"retrieval": "manual"}})) == {
		"message": concat("", [
			"posture.memory.retrieval is \"manual\", knowledge_refresh is not set; ",
			"level 1 needs memory.retrieval manual, static-docs, vector or ",
			"knowledge-graph",
		]),
		"pass": true,
	}
}

test_fail_mem_1_2_absent if {
	memory.mem_1_2(_bare) == {
		"message": concat("", [
			"posture.memory.retrieval is not set, knowledge_refresh is not set; ",
			"level 1 needs memory.retrieval manual, static-docs, vector or ",
			"knowledge-graph",
		]),
		"pass": false,
	}
}

test_pass_mem_2_1_rung_2 if {
	memory.mem_2_1(_posture({"memory": {"context": "managed-window"}})) == {
		"message": concat("", [
			"posture.memory.context is \"managed-window\", retrieval is not set, ",
			"persistent_user_memory is not set; level 2 needs memory.context ",
			"managed-window (or retrieval, or persistent memory)",
		]),
		"pass": true,
	}
}

test_fail_mem_2_1_rung_1 if {
	memory.mem_2_1(_posture({"memory": {"context": "conversation"}})) == {
		"message": concat("", [
			"posture.memory.context is \"conversation\", retrieval is not set, ",
			"persistent_user_memory is not set; level 2 needs memory.context ",
			"managed-window (or retrieval, or persistent memory)",
		]),
		"pass": false,
	}
}

test_pass_mem_2_2_rung_2 if {
	memory.mem_2_2(_posture({"memory": {"retrieval": "static-docs"}})) == {
		"message": concat("", [
			"posture.memory.retrieval is \"static-docs\", knowledge_refresh is not ",
			"set; level 2 needs memory.retrieval static-docs, vector or ",
			"knowledge-graph",
		]),
		"pass": true,
	}
}

test_fail_mem_2_2_rung_1 if {
	memory.mem_2_2(_posture({"memory": {"retrieval": "manual"}})) == {
		"message": concat("", [
			"posture.memory.retrieval is \"manual\", knowledge_refresh is not set; ",
			"level 2 needs memory.retrieval static-docs, vector or knowledge-graph",
		]),
		"pass": false,
	}
}

test_pass_mem_2_3_rung_2 if {
	memory.mem_2_3(_posture({"memory": {"personalization": "basic"}})) == {
		"message": concat("", [
			"posture.memory.personalization is \"basic\"; level 2 needs ",
			"memory.personalization basic, profile or deep",
		]),
		"pass": true,
	}
}

test_fail_mem_2_3_absent if {
	memory.mem_2_3(_bare) == {
		"message": concat("", [
			"posture.memory.personalization is not set; level 2 needs ",
			"memory.personalization basic, profile or deep",
		]),
		"pass": false,
	}
}

test_pass_mem_3_1_rung_3 if {
	memory.mem_3_1(_posture({"memory": {"retrieval": "vector"}})) == {
		"message": concat("", [
			"posture.memory.context is not set, retrieval is \"vector\", ",
			"persistent_user_memory is not set; level 3 needs memory.retrieval ",
			"vector or knowledge-graph (or persistent_user_memory true)",
		]),
		"pass": true,
	}
}

test_fail_mem_3_1_rung_2 if {
	memory.mem_3_1(_posture({"memory": {"context": "managed-window"}})) == {
		"message": concat("", [
			"posture.memory.context is \"managed-window\", retrieval is not set, ",
			"persistent_user_memory is not set; level 3 needs memory.retrieval ",
			"vector or knowledge-graph (or persistent_user_memory true)",
		]),
		"pass": false,
	}
}

test_pass_mem_3_2_rung_3 if {
	memory.mem_3_2(_posture({"memory": {"retrieval": "vector"}})) == {
		"message": concat("", [
			"posture.memory.retrieval is \"vector\", knowledge_refresh is not set; ",
			"level 3 needs memory.retrieval vector or knowledge-graph",
		]),
		"pass": true,
	}
}

test_fail_mem_3_2_rung_2 if {
	memory.mem_3_2(_posture({"memory": {"retrieval": "static-docs"}})) == {
		"message": concat("", [
			"posture.memory.retrieval is \"static-docs\", knowledge_refresh is not ",
			"set; level 3 needs memory.retrieval vector or knowledge-graph",
		]),
		"pass": false,
	}
}

test_pass_mem_3_3_rung_3 if {
	memory.mem_3_3(_posture({"memory": {"personalization": "profile"}})) == {
		"message": concat("", [
			"posture.memory.personalization is \"profile\"; level 3 needs ",
			"memory.personalization profile or deep",
		]),
		"pass": true,
	}
}

test_fail_mem_3_3_rung_2 if {
	memory.mem_3_3(_posture({"memory": {"personalization": "basic"}})) == {
		"message": concat("", [
			"posture.memory.personalization is \"basic\"; level 3 needs ",
			"memory.personalization profile or deep",
		]),
		"pass": false,
	}
}

test_pass_mem_4_1_rung_4 if {
	memory.mem_4_1(_posture({"memory": {"persistent_user_memory": true}})) == {
		"message": concat("", [
			"posture.memory.context is not set, retrieval is not set, ",
			"persistent_user_memory is true; level 4 needs ",
			"memory.persistent_user_memory true",
		]),
		"pass": true,
	}
}

test_fail_mem_4_1_rung_3 if {
	memory.mem_4_1(_posture({"memory": {"retrieval": "vector"}})) == {
		"message": concat("", [
			"posture.memory.context is not set, retrieval is \"vector\", ",
			"persistent_user_memory is not set; level 4 needs ",
			"memory.persistent_user_memory true",
		]),
		"pass": false,
	}
}

test_pass_mem_4_2_rung_4 if {
	memory.mem_4_2(_posture({"memory": {"retrieval": "knowledge-graph"}})) == {
		"message": concat("", [
			"posture.memory.retrieval is \"knowledge-graph\", knowledge_refresh is ",
			"not set; level 4 needs memory.retrieval knowledge-graph",
		]),
		"pass": true,
	}
}

test_fail_mem_4_2_rung_3 if {
	memory.mem_4_2(_posture({"memory": {"retrieval": "vector"}})) == {
		"message": concat("", [
			"posture.memory.retrieval is \"vector\", knowledge_refresh is not set; ",
			"level 4 needs memory.retrieval knowledge-graph",
		]),
		"pass": false,
	}
}

test_pass_mem_4_3_rung_4 if {
	memory.mem_4_3(_posture({"memory": {"personalization": "deep"}})) == {
		"message": concat("", [
			"posture.memory.personalization is \"deep\"; level 4 needs ",
			"memory.personalization deep",
		]),
		"pass": true,
	}
}

test_fail_mem_4_3_rung_3 if {
	memory.mem_4_3(_posture({"memory": {"personalization": "profile"}})) == {
		"message": concat("", [
			"posture.memory.personalization is \"profile\"; level 4 needs ",
			"memory.personalization deep",
		]),
		"pass": false,
	}
}

test_pass_mem_5_2_rung_5 if {
	memory.mem_5_2(_posture({"memory": {"retrieval": "vector", "knowledge_refresh": "continuous"}})) == {
		"message": concat("", [
			"posture.memory.retrieval is \"vector\", knowledge_refresh is ",
			"\"continuous\"; level 5 needs memory.retrieval vector or knowledge-graph ",
			"with knowledge_refresh continuous",
		]),
		"pass": true,
	}
}

test_fail_mem_5_2_rung_4 if {
	memory.mem_5_2(_posture({"memory": {"retrieval": "knowledge-graph"}})) == {
		"message": concat("", [
			"posture.memory.retrieval is \"knowledge-graph\", knowledge_refresh is ",
			"not set; level 5 needs memory.retrieval vector or knowledge-graph with ",
			"knowledge_refresh continuous",
		]),
		"pass": false,
	}
}

test_pass_mem_5_1_measured if {
	memory.mem_5_1(_observed({"measured_on": "2026-11-01", "kpis": {"self_improvement_rate": 0.01}})) == {
		"message": concat("", [
			"observations.kpis.self_improvement_rate is 0.01, measured on ",
			"2026-11-01 (20 days before today); level 5 needs at least 0.01 ",
			"measured within 90 days (runtime evidence: posture declarations alone ",
			"cannot reach level 5)",
		]),
		"pass": true,
	}
}

test_fail_mem_5_1_stale if {
	memory.mem_5_1(_observed({"measured_on": "2026-01-05", "kpis": {"self_improvement_rate": 0.01}})) == {
		"message": concat("", [
			"observations.kpis.self_improvement_rate is 0.01, measured on ",
			"2026-01-05, 320 days before today: older than the 90-day limit, so ",
			"they count as absent; level 5 needs at least 0.01 measured within 90 ",
			"days (runtime evidence: posture declarations alone cannot reach level ",
			"5)",
		]),
		"pass": false,
	}
}

test_fail_mem_5_1_short if {
	memory.mem_5_1(_observed({"measured_on": "2026-11-01", "kpis": {"self_improvement_rate": -0.04}})) == {
		"message": concat("", [
			"observations.kpis.self_improvement_rate is -0.04, measured on ",
			"2026-11-01 (20 days before today); level 5 needs at least 0.01 ",
			"measured within 90 days (runtime evidence: posture declarations alone ",
			"cannot reach level 5)",
		]),
		"pass": false,
	}
}

test_fail_mem_5_1_not_measured if {
	memory.mem_5_1(_bare) == {
		"message": concat("", [
			"observations.kpis.self_improvement_rate is not measured; level 5 needs ",
			"at least 0.01 measured within 90 days (runtime evidence: posture ",
			"declarations alone cannot reach level 5)",
		]),
		"pass": false,
	}
}

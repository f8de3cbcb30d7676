# Generated from the ladders of rungs.rego, reviewed by hand: both sides of every control
# (the smallest facts that reach the control's level, and the rung just below), whole outcomes.
package aimm.models.aiops_capability.orchestration_test

import data.aimm.models.aiops_capability.orchestration

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

test_pass_orc_1_1_rung_1 if {
	orchestration.orc_1_1(_posture({"orchestration": {"workflow": "sequential"}})) == {
		"message": concat("", [
			"posture.orchestration.workflow is \"sequential\"; level 1 needs ",
			"orchestration.workflow sequential, chain, graph or multi-agent",
		]),
		"pass": true,
	}
}

test_fail_orc_1_1_absent if {
	orchestration.orc_1_1(_bare) == {
		"message": concat("", [
			"posture.orchestration.workflow is not set; level 1 needs ",
			"orchestration.workflow sequential, chain, graph or multi-agent",
		]),
		"pass": false,
	}
}

test_pass_orc_2_1_rung_2 if {
	orchestration.orc_2_1(_posture({"orchestration": {"workflow": "chain"}})) == {
		"message": concat("", [
			"posture.orchestration.workflow is \"chain\"; level 2 needs ",
			"orchestration.workflow chain, graph or multi-agent",
		]),
		"pass": true,
	}
}

test_fail_orc_2_1_rung_1 if {
	orchestration.orc_2_1(_posture({"orchestration": {"workflow": "sequential"}})) == {
		"message": concat("", [
			"posture.orchestration.workflow is \"sequential\"; level 2 needs ",
			"orchestration.workflow chain, graph or multi-agent",
		]),
		"pass": false,
	}
}

test_pass_orc_2_2_rung_2 if {
	orchestration.orc_2_2(_posture({"orchestration": {"tools": "limited"}})) == {
		"message": concat("", [
			"posture.orchestration.tools is \"limited\"; level 2 needs ",
			"orchestration.tools limited, rich or dynamic",
		]),
		"pass": true,
	}
}

test_fail_orc_2_2_rung_1 if {
	orchestration.orc_2_2(_posture({"orchestration": {"tools": "predefined"}})) == {
		"message": concat("", [
			"posture.orchestration.tools is \"predefined\"; level 2 needs ",
			"orchestration.tools limited, rich or dynamic",
		]),
		"pass": false,
	}
}

test_pass_orc_2_3_rung_2 if {
	orchestration.orc_2_3(_posture({"orchestration": {"escalation": "manual"}})) == {
		"message": concat("", [
			"posture.orchestration.escalation is \"manual\"; level 2 needs ",
			"orchestration.escalation manual, structured or confidence-based",
		]),
		"pass": true,
	}
}

test_fail_orc_2_3_absent if {
	orchestration.orc_2_3(_bare) == {
		"message": concat("", [
			"posture.orchestration.escalation is not set; level 2 needs ",
			"orchestration.escalation manual, structured or confidence-based",
		]),
		"pass": false,
	}
}

test_pass_orc_3_1_rung_3 if {
	orchestration.orc_3_1(_posture({"orchestration": {"workflow": "graph"}})) == {
		"message": concat("", [
			"posture.orchestration.workflow is \"graph\"; level 3 needs ",
			"orchestration.workflow graph or multi-agent",
		]),
		"pass": true,
	}
}

test_fail_orc_3_1_rung_2 if {
	orchestration.orc_3_1(_posture({"orchestration": {"workflow": "chain"}})) == {
		"message": concat("", [
			"posture.orchestration.workflow is \"chain\"; level 3 needs ",
			"orchestration.workflow graph or multi-agent",
		]),
		"pass": false,
	}
}

test_pass_orc_3_2_rung_3 if {
	orchestration.orc_3_2(_posture({"orchestration": {"tools": "rich"}})) == {
		"message": concat("", [
			"posture.orchestration.tools is \"rich\"; level 3 needs ",
			"orchestration.tools rich or dynamic",
		]),
		"pass": true,
	}
}

test_fail_orc_3_2_rung_2 if {
	orchestration.orc_3_2(_posture({"orchestration": {"tools": "limited"}})) == {
		"message": concat("", [
			"posture.orchestration.tools is \"limited\"; level 3 needs ",
			"orchestration.tools rich or dynamic",
		]),
		"pass": false,
	}
}

test_pass_orc_3_3_rung_3 if {
	orchestration.orc_3_3(_posture({"orchestration": {"escalation": "structured"}})) == {
		"message": concat("", [
			"posture.orchestration.escalation is \"structured\"; level 3 needs ",
			"orchestration.escalation structured or confidence-based",
		]),
		"pass": true,
	}
}

test_fail_orc_3_3_rung_2 if {
	orchestration.orc_3_3(_posture({"orchestration": {"escalation": "manual"}})) == {
		"message": concat("", [
			"posture.orchestration.escalation is \"manual\"; level 3 needs ",
			"orchestration.escalation structured or confidence-based",
		]),
		"pass": false,
	}
}

test_pass_orc_4_1_rung_4 if {
	orchestration.orc_4_1(_posture({"orchestration": {"workflow": "multi-agent"}})) == {
		"message": concat("", [
			"posture.orchestration.workflow is \"multi-agent\"; level 4 needs ",
			"orchestration.workflow multi-agent",
		]),
		"pass": true,
	}
}

test_fail_orc_4_1_rung_3 if {
	orchestration.orc_4_1(_posture({"orchestration": {"workflow": "graph"}})) == {
		"message": concat("", [
			"posture.orchestration.workflow is \"graph\"; level 4 needs ",
			"orchestration.workflow multi-agent",
		]),
		"pass": false,
	}
}

test_pass_orc_4_2_rung_4 if {
	orchestration.orc_4_2(_posture({"orchestration": {"tools": "dynamic"}})) == {
		"message": concat("", [
			"posture.orchestration.tools is \"dynamic\"; level 4 needs ",
			"orchestration.tools dynamic",
		]),
		"pass": true,
	}
}

test_fail_orc_4_2_rung_3 if {
	orchestration.orc_4_2(_posture({"orchestration": {"tools": "rich"}})) == {
		"message": concat("", [
			"posture.orchestration.tools is \"rich\"; level 4 needs ",
			"orchestration.tools dynamic",
		]),
		"pass": false,
	}
}

test_pass_orc_4_3_rung_4 if {
	orchestration.orc_4_3(_posture({"orchestration": {"escalation": "confidence-based"}})) == {
		"message": concat("", [
			"posture.orchestration.escalation is \"confidence-based\"; level 4 needs ",
			"orchestration.escalation confidence-based",
		]),
		"pass": true,
	}
}

test_fail_orc_4_3_rung_3 if {
	orchestration.orc_4_3(_posture({"orchestration": {"escalation": "structured"}})) == {
		"message": concat("", [
			"posture.orchestration.escalation is \"structured\"; level 4 needs ",
			"orchestration.escalation confidence-based",
		]),
		"pass": false,
	}
}

test_pass_orc_5_1_measured if {
	orchestration.orc_5_1(_observed({"measured_on": "2026-11-01", "kpis": {"human_intervention_rate": 0.01}})) == {
		"message": concat("", [
			"observations.kpis.human_intervention_rate is 0.01, measured on ",
			"2026-11-01 (20 days before today); level 5 needs at most 0.01 measured ",
			"within 90 days (runtime evidence: posture declarations alone cannot ",
			"reach level 5)",
		]),
		"pass": true,
	}
}

test_fail_orc_5_1_stale if {
	orchestration.orc_5_1(_observed({"measured_on": "2026-01-05", "kpis": {"human_intervention_rate": 0.01}})) == {
		"message": concat("", [
			"observations.kpis.human_intervention_rate is 0.01, measured on ",
			"2026-01-05, 320 days before today: older than the 90-day limit, so ",
			"they count as absent; level 5 needs at most 0.01 measured within 90 ",
			"days (runtime evidence: posture declarations alone cannot reach level ",
			"5)",
		]),
		"pass": false,
	}
}

test_fail_orc_5_1_short if {
	orchestration.orc_5_1(_observed({"measured_on": "2026-11-01", "kpis": {"human_intervention_rate": 0.06}})) == {
		"message": concat("", [
			"observations.kpis.human_intervention_rate is 0.06, measured on ",
			"2026-11-01 (20 days before today); level 5 needs at most 0.01 measured ",
			"within 90 days (runtime evidence: posture declarations alone cannot ",
			"reach level 5)",
		]),
		"pass": false,
	}
}

test_fail_orc_5_1_not_measured if {
	orchestration.orc_5_1(_bare) == {
		"message": concat("", [
			"observations.kpis.human_intervention_rate is not measured; level 5 ",
			"needs at most 0.01 measured within 90 days (runtime evidence: posture ",
			"declarations alone cannot reach level 5)",
		]),
		"pass": false,
	}
}

# Generated from the ladders of rungs.rego, reviewed by hand: both sides of every control
# (the smallest facts that reach the control's level, and the rung just below), whole outcomes.
package aimm.models.aiops_capability.gateway_test

import data.aimm.models.aiops_capability.gateway

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

test_pass_gwy_1_1_rung_1 if {
	gateway.gwy_1_1(_posture({"gateway": {"mode": "wrapper"}})) == {
		"message": concat("", [
			"posture.gateway.mode is \"wrapper\", all_traffic is not set, routing is ",
			"not set; level 1 needs gateway.mode wrapper or gateway",
		]),
		"pass": true,
	}
}

test_fail_gwy_1_1_absent if {
	gateway.gwy_1_1(_bare) == {
		"message": concat("", [
			"posture.gateway.mode is not set, all_traffic is not set, routing is ",
			"not set; level 1 needs gateway.mode wrapper or gateway",
		]),
		"pass": false,
	}
}

test_pass_gwy_1_2_rung_1 if {
	gateway.gwy_1_2(_posture({"gateway": {"provider_switch": "code-change"}})) == {
		"message": concat("", [
			"posture.gateway.provider_switch is \"code-change\"; level 1 needs ",
			"provider_switch code-change, config, automatic or learned",
		]),
		"pass": true,
	}
}

test_fail_gwy_1_2_absent if {
	gateway.gwy_1_2(_bare) == {
		"message": concat("", [
			"posture.gateway.provider_switch is not set; level 1 needs ",
			"provider_switch code-change, config, automatic or learned",
		]),
		"pass": false,
	}
}

test_pass_gwy_1_3_rung_1 if {
	gateway.gwy_1_3(_posture({"gateway": {"fallback": "manual"}})) == {
		"message": concat("", [
			"posture.gateway.fallback is \"manual\"; level 1 needs fallback manual, ",
			"automatic, quality-aware or proactive",
		]),
		"pass": true,
	}
}

test_fail_gwy_1_3_absent if {
	gateway.gwy_1_3(_bare) == {
		"message": concat("", [
			"posture.gateway.fallback is not set; level 1 needs fallback manual, ",
			"automatic, quality-aware or proactive",
		]),
		"pass": false,
	}
}

test_pass_gwy_2_1_rung_2 if {
	gateway.gwy_2_1(_posture({"gateway": {"mode": "gateway", "all_traffic": true}})) == {
		"message": concat("", [
			"posture.gateway.mode is \"gateway\", all_traffic is true, routing is not ",
			"set; level 2 needs gateway.mode gateway with all_traffic true",
		]),
		"pass": true,
	}
}

test_fail_gwy_2_1_rung_1 if {
	gateway.gwy_2_1(_posture({"gateway": {"mode": "wrapper"}})) == {
		"message": concat("", [
			"posture.gateway.mode is \"wrapper\", all_traffic is not set, routing is ",
			"not set; level 2 needs gateway.mode gateway with all_traffic true",
		]),
		"pass": false,
	}
}

test_pass_gwy_2_2_rung_2 if {
	gateway.gwy_2_2(_posture({"gateway": {"provider_switch": "config"}})) == {
		"message": concat("", [
			"posture.gateway.provider_switch is \"config\"; level 2 needs ",
			"provider_switch config, automatic or learned",
		]),
		"pass": true,
	}
}

test_fail_gwy_2_2_rung_1 if {
	gateway.gwy_2_2(_posture({"gateway": {"provider_switch": "code-change"}})) == {
		"message": concat("", [
			"posture.gateway.provider_switch is \"code-change\"; level 2 needs ",
			"provider_switch config, automatic or learned",
		]),
		"pass": false,
	}
}

test_pass_gwy_2_3_rung_2 if {
	gateway.gwy_2_3(_posture({"gateway": {"fallback": "automatic"}})) == {
		"message": concat("", [
			"posture.gateway.fallback is \"automatic\"; level 2 needs fallback ",
			"automatic, quality-aware or proactive",
		]),
		"pass": true,
	}
}

test_fail_gwy_2_3_rung_1 if {
	gateway.gwy_2_3(_posture({"gateway": {"fallback": "manual"}})) == {
		"message": concat("", [
			"posture.gateway.fallback is \"manual\"; level 2 needs fallback ",
			"automatic, quality-aware or proactive",
		]),
		"pass": false,
	}
}

test_pass_gwy_3_1_rung_3 if {
	gateway.gwy_3_1(_posture({"gateway": {"mode": "gateway", "all_traffic": true, "routing": "cost-aware"}})) == {
		"message": concat("", [
			"posture.gateway.mode is \"gateway\", all_traffic is true, routing is ",
			"\"cost-aware\"; level 3 needs gateway.mode gateway, all_traffic true and ",
			"routing cost-aware or learned",
		]),
		"pass": true,
	}
}

test_fail_gwy_3_1_rung_2 if {
	gateway.gwy_3_1(_posture({"gateway": {"mode": "gateway", "all_traffic": true}})) == {
		"message": concat("", [
			"posture.gateway.mode is \"gateway\", all_traffic is true, routing is not ",
			"set; level 3 needs gateway.mode gateway, all_traffic true and routing ",
			"cost-aware or learned",
		]),
		"pass": false,
	}
}

test_pass_gwy_3_2_rung_3 if {
	gateway.gwy_3_2(_posture({"gateway": {"provider_switch": "automatic"}})) == {
		"message": concat("", [
			"posture.gateway.provider_switch is \"automatic\"; level 3 needs ",
			"provider_switch automatic or learned",
		]),
		"pass": true,
	}
}

test_fail_gwy_3_2_rung_2 if {
	gateway.gwy_3_2(_posture({"gateway": {"provider_switch": "config"}})) == {
		"message": concat("", [
			"posture.gateway.provider_switch is \"config\"; level 3 needs ",
			"provider_switch automatic or learned",
		]),
		"pass": false,
	}
}

test_pass_gwy_3_3_rung_3 if {
	gateway.gwy_3_3(_posture({"gateway": {"fallback": "quality-aware"}})) == {
		"message": concat("", [
			"posture.gateway.fallback is \"quality-aware\"; level 3 needs fallback ",
			"quality-aware or proactive",
		]),
		"pass": true,
	}
}

test_fail_gwy_3_3_rung_2 if {
	gateway.gwy_3_3(_posture({"gateway": {"fallback": "automatic"}})) == {
		"message": concat("", [
			"posture.gateway.fallback is \"automatic\"; level 3 needs fallback ",
			"quality-aware or proactive",
		]),
		"pass": false,
	}
}

test_pass_gwy_4_1_rung_4 if {
	gateway.gwy_4_1(_posture({"gateway": {"mode": "gateway", "all_traffic": true, "routing": "learned"}})) == {
		"message": concat("", [
			"posture.gateway.mode is \"gateway\", all_traffic is true, routing is ",
			"\"learned\"; level 4 needs gateway.mode gateway, all_traffic true and ",
			"routing learned",
		]),
		"pass": true,
	}
}

test_fail_gwy_4_1_rung_3 if {
	gateway.gwy_4_1(_posture({"gateway": {"mode": "gateway", "all_traffic": true, "routing": "cost-aware"}})) == {
		"message": concat("", [
			"posture.gateway.mode is \"gateway\", all_traffic is true, routing is ",
			"\"cost-aware\"; level 4 needs gateway.mode gateway, all_traffic true and ",
			"routing learned",
		]),
		"pass": false,
	}
}

test_pass_gwy_4_2_rung_4 if {
	gateway.gwy_4_2(_posture({"gateway": {"provider_switch": "learned"}})) == {
		"message": concat("", [
			"posture.gateway.provider_switch is \"learned\"; level 4 needs ",
			"provider_switch learned",
		]),
		"pass": true,
	}
}

test_fail_gwy_4_2_rung_3 if {
	gateway.gwy_4_2(_posture({"gateway": {"provider_switch": "automatic"}})) == {
		"message": concat("", [
			"posture.gateway.provider_switch is \"automatic\"; level 4 needs ",
			"provider_switch learned",
		]),
		"pass": false,
	}
}

test_pass_gwy_4_3_rung_4 if {
	gateway.gwy_4_3(_posture({"gateway": {"fallback": "proactive"}})) == {
		"message": concat("", [
			"posture.gateway.fallback is \"proactive\"; level 4 needs fallback ",
			"proactive",
		]),
		"pass": true,
	}
}

test_fail_gwy_4_3_rung_3 if {
	gateway.gwy_4_3(_posture({"gateway": {"fallback": "quality-aware"}})) == {
		"message": concat("", [
			"posture.gateway.fallback is \"quality-aware\"; level 4 needs fallback ",
			"proactive",
		]),
		"pass": false,
	}
}

test_pass_gwy_5_1_measured if {
	gateway.gwy_5_1(_observed({"measured_on": "2026-11-01", "kpis": {"system_health_score": 0.99}})) == {
		"message": concat("", [
			"observations.kpis.system_health_score is 0.99, measured on 2026-11-01 ",
			"(20 days before today); level 5 needs at least 0.99 measured within 90 ",
			"days (runtime evidence: posture declarations alone cannot reach level ",
			"5)",
		]),
		"pass": true,
	}
}

test_fail_gwy_5_1_stale if {
	gateway.gwy_5_1(_observed({"measured_on": "2026-01-05", "kpis": {"system_health_score": 0.99}})) == {
		"message": concat("", [
			"observations.kpis.system_health_score is 0.99, measured on 2026-01-05, ",
			"320 days before today: older than the 90-day limit, so they count as ",
			"absent; level 5 needs at least 0.99 measured within 90 days (runtime ",
			"evidence: posture declarations alone cannot reach level 5)",
		]),
		"pass": false,
	}
}

test_fail_gwy_5_1_short if {
	gateway.gwy_5_1(_observed({"measured_on": "2026-11-01", "kpis": {"system_health_score": 0.94}})) == {
		"message": concat("", [
			"observations.kpis.system_health_score is 0.9399999999999999, measured ",
			"on 2026-11-01 (20 days before today); level 5 needs at least 0.99 ",
			"measured within 90 days (runtime evidence: posture declarations alone ",
			"cannot reach level 5)",
		]),
		"pass": false,
	}
}

test_fail_gwy_5_1_not_measured if {
	gateway.gwy_5_1(_bare) == {
		"message": concat("", [
			"observations.kpis.system_health_score is not measured; level 5 needs ",
			"at least 0.99 measured within 90 days (runtime evidence: posture ",
			"declarations alone cannot reach level 5)",
		]),
		"pass": false,
	}
}

# Generated from the ladders of rungs.rego, reviewed by hand: both sides of every control
# (the smallest facts that reach the control's level, and the rung just below), whole outcomes.
package aimm.models.aiops_capability.security_test

import data.aimm.models.aiops_capability.security

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

test_pass_sec_1_2_rung_1 if {
	security.sec_1_2(_posture({"security": {"pii": "policy"}})) == {
		"message": concat("", [
			"posture.security.pii is \"policy\"; level 1 needs security.pii policy or ",
			"stronger",
		]),
		"pass": true,
	}
}

test_fail_sec_1_2_absent if {
	security.sec_1_2(_bare) == {
		"message": concat("", [
			"posture.security.pii is not set; level 1 needs security.pii policy or ",
			"stronger",
		]),
		"pass": false,
	}
}

test_pass_sec_1_3_rung_1 if {
	security.sec_1_3(_posture({"audit": {"records": "scattered"}})) == {
		"message": concat("", [
			"posture.audit.records is \"scattered\", audit_trail.mandatory is not ",
			"set, realtime is not set; level 1 needs audit.records scattered or ",
			"centralized",
		]),
		"pass": true,
	}
}

test_fail_sec_1_3_absent if {
	security.sec_1_3(_bare) == {
		"message": concat("", [
			"posture.audit.records is not set, audit_trail.mandatory is not set, ",
			"realtime is not set; level 1 needs audit.records scattered or ",
			"centralized",
		]),
		"pass": false,
	}
}

test_pass_sec_2_1_rung_2 if {
	security.sec_2_1(_posture({"gateway": {"mode": "gateway"}, "access": {"credentials": "individual"}})) == {
		"message": concat("", [
			"posture.access.credentials is \"individual\", rbac is not set, ",
			"gateway.mode is \"gateway\", security.zero_trust is not set; level 2 ",
			"needs gateway.mode gateway with access.credentials individual, scoped ",
			"or workload-identity",
		]),
		"pass": true,
	}
}

test_fail_sec_2_1_absent if {
	security.sec_2_1(_bare) == {
		"message": concat("", [
			"posture.access.credentials is not set, rbac is not set, gateway.mode ",
			"is not set, security.zero_trust is not set; level 2 needs gateway.mode ",
			"gateway with access.credentials individual, scoped or ",
			"workload-identity",
		]),
		"pass": false,
	}
}

test_pass_sec_2_2_rung_2 if {
	security.sec_2_2(_posture({"security": {"pii": "manual-review"}})) == {
		"message": concat("", [
			"posture.security.pii is \"manual-review\"; level 2 needs security.pii ",
			"manual-review or stronger",
		]),
		"pass": true,
	}
}

test_fail_sec_2_2_rung_1 if {
	security.sec_2_2(_posture({"security": {"pii": "policy"}})) == {
		"message": concat("", [
			"posture.security.pii is \"policy\"; level 2 needs security.pii ",
			"manual-review or stronger",
		]),
		"pass": false,
	}
}

test_pass_sec_2_3_rung_2 if {
	security.sec_2_3(_posture({"audit": {"records": "centralized"}})) == {
		"message": concat("", [
			"posture.audit.records is \"centralized\", audit_trail.mandatory is not ",
			"set, realtime is not set; level 2 needs audit.records centralized",
		]),
		"pass": true,
	}
}

test_fail_sec_2_3_rung_1 if {
	security.sec_2_3(_posture({"audit": {"records": "scattered"}})) == {
		"message": concat("", [
			"posture.audit.records is \"scattered\", audit_trail.mandatory is not ",
			"set, realtime is not set; level 2 needs audit.records centralized",
		]),
		"pass": false,
	}
}

test_pass_sec_3_1_rung_3 if {
	security.sec_3_1(_posture({"access": {"rbac": "fine-grained", "credentials": "scoped"}})) == {
		"message": concat("", [
			"posture.access.credentials is \"scoped\", rbac is \"fine-grained\", ",
			"gateway.mode is not set, security.zero_trust is not set; level 3 needs ",
			"access.rbac fine-grained with credentials scoped or workload-identity",
		]),
		"pass": true,
	}
}

test_fail_sec_3_1_rung_2 if {
	security.sec_3_1(_posture({"gateway": {"mode": "gateway"}, "access": {"credentials": "individual"}})) == {
		"message": concat("", [
			"posture.access.credentials is \"individual\", rbac is not set, ",
			"gateway.mode is \"gateway\", security.zero_trust is not set; level 3 ",
			"needs access.rbac fine-grained with credentials scoped or ",
			"workload-identity",
		]),
		"pass": false,
	}
}

test_pass_sec_3_2_rung_3 if {
	security.sec_3_2(_posture({"security": {"pii": "detection"}})) == {
		"message": concat("", [
			"posture.security.pii is \"detection\"; level 3 needs security.pii ",
			"detection, masking, dlp or auto-classify",
		]),
		"pass": true,
	}
}

test_fail_sec_3_2_rung_2 if {
	security.sec_3_2(_posture({"security": {"pii": "manual-review"}})) == {
		"message": concat("", [
			"posture.security.pii is \"manual-review\"; level 3 needs security.pii ",
			"detection, masking, dlp or auto-classify",
		]),
		"pass": false,
	}
}

test_pass_sec_3_3_rung_3 if {
	security.sec_3_3(_posture({"audit": {"records": "centralized", "audit_trail": {"mandatory": true}}})) == {
		"message": concat("", [
			"posture.audit.records is \"centralized\", audit_trail.mandatory is true, ",
			"realtime is not set; level 3 needs audit.records centralized and ",
			"audit_trail.mandatory true",
		]),
		"pass": true,
	}
}

test_fail_sec_3_3_rung_2 if {
	security.sec_3_3(_posture({"audit": {"records": "centralized"}})) == {
		"message": concat("", [
			"posture.audit.records is \"centralized\", audit_trail.mandatory is not ",
			"set, realtime is not set; level 3 needs audit.records centralized and ",
			"audit_trail.mandatory true",
		]),
		"pass": false,
	}
}

test_pass_sec_3_4_rung_3 if {
	security.sec_3_4(_posture({"security": {"guardrails": {"input": true, "output": true}}})) == {
		"message": concat("", [
			"posture.security.guardrails.input is true, guardrails.output is true, ",
			"guardrails.runtime is not set; level 3 needs security.guardrails input ",
			"and output true",
		]),
		"pass": true,
	}
}

test_fail_sec_3_4_absent if {
	security.sec_3_4(_bare) == {
		"message": concat("", [
			"posture.security.guardrails.input is not set, guardrails.output is not ",
			"set, guardrails.runtime is not set; level 3 needs security.guardrails ",
			"input and output true",
		]),
		"pass": false,
	}
}

test_pass_sec_4_1_rung_4 if {
	security.sec_4_1(_posture({
		"security": {
			"zero_trust": true,
		},
		"access": {
			"credentials": "workload-identity",
		},
	})) == {
		"message": concat("", [
			"posture.access.credentials is \"workload-identity\", rbac is not set, ",
			"gateway.mode is not set, security.zero_trust is true; level 4 needs ",
			"security.zero_trust true with access.credentials workload-identity",
		]),
		"pass": true,
	}
}

test_fail_sec_4_1_rung_3 if {
	security.sec_4_1(_posture({"access": {"rbac": "fine-grained", "credentials": "scoped"}})) == {
		"message": concat("", [
			"posture.access.credentials is \"scoped\", rbac is \"fine-grained\", ",
			"gateway.mode is not set, security.zero_trust is not set; level 4 needs ",
			"security.zero_trust true with access.credentials workload-identity",
		]),
		"pass": false,
	}
}

test_pass_sec_4_2_rung_4 if {
	security.sec_4_2(_posture({"security": {"pii": "dlp"}})) == {
		"message": concat("", [
			"posture.security.pii is \"dlp\"; level 4 needs security.pii dlp or ",
			"auto-classify",
		]),
		"pass": true,
	}
}

test_fail_sec_4_2_rung_3 if {
	security.sec_4_2(_posture({"security": {"pii": "detection"}})) == {
		"message": concat("", [
			"posture.security.pii is \"detection\"; level 4 needs security.pii dlp or ",
			"auto-classify",
		]),
		"pass": false,
	}
}

test_pass_sec_4_3_rung_4 if {
	security.sec_4_3(_posture({
		"audit": {
			"records": "centralized",
			"audit_trail": {
				"mandatory": true,
			},
			"realtime": true,
		},
	})) == {
		"message": concat("", [
			"posture.audit.records is \"centralized\", audit_trail.mandatory is true, ",
			"realtime is true; level 4 needs a complete audit trail (centralized, ",
			"mandatory) and audit.realtime true",
		]),
		"pass": true,
	}
}

test_fail_sec_4_3_rung_3 if {
	security.sec_4_3(_posture({"audit": {"records": "centralized", "audit_trail": {"mandatory": true}}})) == {
		"message": concat("", [
			"posture.audit.records is \"centralized\", audit_trail.mandatory is true, ",
			"realtime is not set; level 4 needs a complete audit trail ",
			"(centralized, mandatory) and audit.realtime true",
		]),
		"pass": false,
	}
}

test_pass_sec_4_4_rung_4 if {
	security.sec_4_4(_posture({"security": {"guardrails": {"input": true, "output": true, "runtime": true}}})) == {
		"message": concat("", [
			"posture.security.guardrails.input is true, guardrails.output is true, ",
			"guardrails.runtime is true; level 4 needs security.guardrails input, ",
			"output and runtime true",
		]),
		"pass": true,
	}
}

test_fail_sec_4_4_rung_3 if {
	security.sec_4_4(_posture({"security": {"guardrails": {"input": true, "output": true}}})) == {
		"message": concat("", [
			"posture.security.guardrails.input is true, guardrails.output is true, ",
			"guardrails.runtime is not set; level 4 needs security.guardrails ",
			"input, output and runtime true",
		]),
		"pass": false,
	}
}

test_pass_sec_5_2_rung_5 if {
	security.sec_5_2(_posture({"security": {"pii": "auto-classify"}})) == {
		"message": concat("", [
			"posture.security.pii is \"auto-classify\"; level 5 needs security.pii ",
			"auto-classify",
		]),
		"pass": true,
	}
}

test_fail_sec_5_2_rung_4 if {
	security.sec_5_2(_posture({"security": {"pii": "dlp"}})) == {
		"message": concat("", [
			"posture.security.pii is \"dlp\"; level 5 needs security.pii ",
			"auto-classify",
		]),
		"pass": false,
	}
}

test_pass_sec_5_1_measured if {
	security.sec_5_1(_observed({"measured_on": "2026-11-01", "kpis": {"autonomous_resolution_rate": 0.95}})) == {
		"message": concat("", [
			"observations.kpis.autonomous_resolution_rate is 0.95, measured on ",
			"2026-11-01 (20 days before today); level 5 needs at least 0.95 ",
			"measured within 90 days (runtime evidence: posture declarations alone ",
			"cannot reach level 5)",
		]),
		"pass": true,
	}
}

test_fail_sec_5_1_stale if {
	security.sec_5_1(_observed({"measured_on": "2026-01-05", "kpis": {"autonomous_resolution_rate": 0.95}})) == {
		"message": concat("", [
			"observations.kpis.autonomous_resolution_rate is 0.95, measured on ",
			"2026-01-05, 320 days before today: older than the 90-day limit, so ",
			"they count as absent; level 5 needs at least 0.95 measured within 90 ",
			"days (runtime evidence: posture declarations alone cannot reach level ",
			"5)",
		]),
		"pass": false,
	}
}

test_fail_sec_5_1_short if {
	security.sec_5_1(_observed({"measured_on": "2026-11-01", "kpis": {"autonomous_resolution_rate": 0.9}})) == {
		"message": concat("", [
			"observations.kpis.autonomous_resolution_rate is 0.9, measured on ",
			"2026-11-01 (20 days before today); level 5 needs at least 0.95 ",
			"measured within 90 days (runtime evidence: posture declarations alone ",
			"cannot reach level 5)",
		]),
		"pass": false,
	}
}

test_fail_sec_5_1_not_measured if {
	security.sec_5_1(_bare) == {
		"message": concat("", [
			"observations.kpis.autonomous_resolution_rate is not measured; level 5 ",
			"needs at least 0.95 measured within 90 days (runtime evidence: posture ",
			"declarations alone cannot reach level 5)",
		]),
		"pass": false,
	}
}

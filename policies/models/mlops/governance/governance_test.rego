# Generated cases, reviewed by hand: both sides of every control, whole outcomes.
package aimm.models.mlops.governance_test

import data.aimm.models.mlops.governance

_files := {
	"ok.md": {"exists": true, "detail": "ok.md found"},
	"gone.md": {"exists": false, "detail": "gone.md does not exist"},
}

_empty := {"manifest": {}, "evidence": {}, "today": "2026-11-21"}

# _f: a system of type t with posture p.
_f(t, p) := {
	"manifest": {"system": {"type": t}, "posture": p},
	"evidence": _files,
	"today": "2026-11-21",
}

# _o: a system with the owners o.
_o(o) := {"manifest": {"system": {"type": "rag"}, "metadata": {"owners": o}}, "evidence": {}, "today": "2026-11-21"}

# _reviewed: a risk assessment reviewed on d.
_reviewed(d) := _f("rag", {"governance": {"risk_assessment": {"reviewed_on": d}}})

test_pass_gvn_2_1 if {
	governance.gvn_2_1(_o({"technical": "ana", "on_call": "ml-oncall"})) == {
		"pass": true,
		"message": "metadata.owners.on_call is \"ml-oncall\"; level 2 needs metadata.owners.on_call set",
	}
}

test_fail_gvn_2_1_absent if {
	governance.gvn_2_1(_o({"technical": "ana"})) == {
		"pass": false,
		"message": "metadata.owners.on_call is not set; level 2 needs metadata.owners.on_call set",
	}
}

test_fail_gvn_2_1_blank if {
	governance.gvn_2_1(_o({"technical": "ana", "on_call": "  "})) == {
		"pass": false,
		"message": "metadata.owners.on_call is \"  \"; level 2 needs metadata.owners.on_call set",
	}
}

test_pass_gvn_2_2_periodic if {
	governance.gvn_2_2(_f("rag", {"governance": {"risk_assessment": {"refresh": "periodic"}}})) == {
		"pass": true,
		"message": "posture.governance.risk_assessment.refresh is \"periodic\"; level 2 needs periodic or per-change",
	}
}

test_pass_gvn_2_2_per_change if {
	governance.gvn_2_2(_f("rag", {"governance": {"risk_assessment": {"refresh": "per-change"}}})) == {
		"pass": true,
		"message": concat("", [
			"posture.governance.risk_assessment.refresh is \"per-change\"; level 2 needs ",
			"periodic or per-change",
		]),
	}
}

test_fail_gvn_2_2_none if {
	governance.gvn_2_2(_f("rag", {"governance": {"risk_assessment": {"refresh": "none"}}})) == {
		"pass": false,
		"message": "posture.governance.risk_assessment.refresh is \"none\"; level 2 needs periodic or per-change",
	}
}

test_fail_gvn_2_2_absent if {
	governance.gvn_2_2(_empty) == {
		"pass": false,
		"message": "posture.governance.risk_assessment.refresh is not set; level 2 needs periodic or per-change",
	}
}

test_pass_gvn_3_1 if {
	governance.gvn_3_1(_f("rag", {"audit": {"audit_trail": {"mandatory": true}}})) == {
		"pass": true,
		"message": "posture.audit.audit_trail.mandatory is true; level 3 needs true",
	}
}

test_fail_gvn_3_1_absent if {
	governance.gvn_3_1(_empty) == {
		"pass": false,
		"message": "posture.audit.audit_trail.mandatory is not set; level 3 needs true",
	}
}

test_pass_gvn_3_2 if {
	governance.gvn_3_2(_reviewed("2026-01-10")) == {
		"pass": true,
		"message": concat("", [
			"posture.governance.risk_assessment.reviewed_on is \"2026-01-10\"; level 3 needs a ",
			"date within 365 days before today (2026-11-21)",
		]),
	}
}

test_pass_gvn_3_2_today if {
	governance.gvn_3_2(_reviewed("2026-11-21")) == {
		"pass": true,
		"message": concat("", [
			"posture.governance.risk_assessment.reviewed_on is \"2026-11-21\"; level 3 needs a ",
			"date within 365 days before today (2026-11-21)",
		]),
	}
}

test_pass_gvn_3_2_365_days_ago if {
	governance.gvn_3_2(_reviewed("2025-11-21")) == {
		"pass": true,
		"message": concat("", [
			"posture.governance.risk_assessment.reviewed_on is \"2025-11-21\"; level 3 needs a ",
			"date within 365 days before today (2026-11-21)",
		]),
	}
}

test_fail_gvn_3_2_366_days_ago if {
	governance.gvn_3_2(_reviewed("2025-11-20")) == {
		"pass": false,
		"message": concat("", [
			"posture.governance.risk_assessment.reviewed_on is \"2025-11-20\"; level 3 needs a ",
			"date within 365 days before today (2026-11-21)",
		]),
	}
}

test_fail_gvn_3_2_future if {
	governance.gvn_3_2(_reviewed("2026-12-01")) == {
		"pass": false,
		"message": concat("", [
			"posture.governance.risk_assessment.reviewed_on is \"2026-12-01\"; level 3 needs a ",
			"date within 365 days before today (2026-11-21)",
		]),
	}
}

test_fail_gvn_3_2_not_a_date if {
	governance.gvn_3_2(_reviewed("2026-02-30")) == {
		"pass": false,
		"message": concat("", [
			"posture.governance.risk_assessment.reviewed_on is \"2026-02-30\"; level 3 needs a ",
			"date within 365 days before today (2026-11-21)",
		]),
	}
}

test_fail_gvn_3_2_absent if {
	governance.gvn_3_2(_empty) == {
		"pass": false,
		"message": concat("", [
			"posture.governance.risk_assessment.reviewed_on is not set; level 3 needs a date ",
			"within 365 days before today (2026-11-21)",
		]),
	}
}

test_pass_gvn_3_3 if {
	governance.gvn_3_3(_f("agent", {"agent": {"tool_catalog_governed": true}})) == {
		"pass": true,
		"message": "posture.agent.tool_catalog_governed is true; level 3 needs true",
	}
}

test_fail_gvn_3_3_absent if {
	governance.gvn_3_3(_f("multi-agent", {})) == {
		"pass": false,
		"message": "posture.agent.tool_catalog_governed is not set; level 3 needs true",
	}
}

test_pass_gvn_3_3_rag_not_applicable if {
	governance.gvn_3_3(_f("rag", {})) == {
		"pass": true,
		"message": concat("", [
			"not applicable: llm track (system.type is rag); no tools to govern: it applies ",
			"to agent and multi-agent systems",
		]),
	}
}

test_pass_gvn_3_3_classical_not_applicable if {
	governance.gvn_3_3(_f("classical-ml", {})) == {
		"pass": true,
		"message": concat("", [
			"not applicable: classical-ml track (system.type is classical-ml); it applies to ",
			"the llm track only",
		]),
	}
}

test_pass_gvn_4_1 if {
	governance.gvn_4_1(_f("rag", {"reproducibility": {"data_contracts": true}})) == {
		"pass": true,
		"message": "posture.reproducibility.data_contracts is true; level 4 needs true",
	}
}

test_fail_gvn_4_1_absent if {
	governance.gvn_4_1(_empty) == {
		"pass": false,
		"message": "posture.reproducibility.data_contracts is not set; level 4 needs true",
	}
}

test_pass_gvn_4_2_classical if {
	governance.gvn_4_2(_f("classical-ml", {"audit": {"audit_trail": {"covers": ["model_versions"]}}})) == {
		"pass": true,
		"message": "posture.audit.audit_trail.covers is [model_versions]; level 4 needs it to include model_versions",
	}
}

test_pass_gvn_4_2_llm if {
	governance.gvn_4_2(_f("rag", {"audit": {"audit_trail": {"covers": ["model_versions", "prompt_versions"]}}})) == {
		"pass": true,
		"message": concat("", [
			"posture.audit.audit_trail.covers is [model_versions, prompt_versions]; level 4 ",
			"needs it to include model_versions and prompt_versions",
		]),
	}
}

test_fail_gvn_4_2_llm_without_prompts if {
	governance.gvn_4_2(_f("rag", {"audit": {"audit_trail": {"covers": ["model_versions"]}}})) == {
		"pass": false,
		"message": concat("", [
			"posture.audit.audit_trail.covers is [model_versions]; level 4 needs it to ",
			"include model_versions and prompt_versions",
		]),
	}
}

test_fail_gvn_4_2_absent if {
	governance.gvn_4_2(_empty) == {
		"pass": false,
		"message": concat("", [
			"posture.audit.audit_trail.covers is not set; level 4 needs it to include ",
			"model_versions and prompt_versions",
		]),
	}
}

test_pass_gvn_5_1 if {
	governance.gvn_5_1(_o({"technical": "ana", "business": "bo", "on_call": "ml-oncall"})) == {
		"pass": true,
		"message": concat("", [
			"metadata.owners.business is \"bo\" and metadata.owners.on_call is \"ml-oncall\"; ",
			"level 5 needs metadata.owners.business and metadata.owners.on_call set",
		]),
	}
}

test_fail_gvn_5_1_no_business if {
	governance.gvn_5_1(_o({"technical": "ana", "on_call": "ml-oncall"})) == {
		"pass": false,
		"message": concat("", [
			"metadata.owners.business is not set and metadata.owners.on_call is \"ml-oncall\"; ",
			"level 5 needs metadata.owners.business and metadata.owners.on_call set",
		]),
	}
}

test_fail_gvn_5_1_absent if {
	governance.gvn_5_1(_empty) == {
		"pass": false,
		"message": concat("", [
			"metadata.owners.business is not set and metadata.owners.on_call is not set; ",
			"level 5 needs metadata.owners.business and metadata.owners.on_call set",
		]),
	}
}

test_pass_gvn_5_2 if {
	governance.gvn_5_2(_f("rag", {"governance": {"change_review": true}})) == {
		"pass": true,
		"message": "posture.governance.change_review is true; level 5 needs true",
	}
}

test_fail_gvn_5_2_absent if {
	governance.gvn_5_2(_empty) == {
		"pass": false,
		"message": "posture.governance.change_review is not set; level 5 needs true",
	}
}

test_pass_gvn_5_3 if {
	governance.gvn_5_3(_f("rag", {"governance": {"risk_assessment": {"refresh": "per-change"}}})) == {
		"pass": true,
		"message": "posture.governance.risk_assessment.refresh is \"per-change\"; level 5 needs per-change",
	}
}

test_fail_gvn_5_3_periodic if {
	governance.gvn_5_3(_f("rag", {"governance": {"risk_assessment": {"refresh": "periodic"}}})) == {
		"pass": false,
		"message": "posture.governance.risk_assessment.refresh is \"periodic\"; level 5 needs per-change",
	}
}

test_pass_gvn_5_4 if {
	governance.gvn_5_4(_f("rag", {"governance": {"docs_generated": true}})) == {
		"pass": true,
		"message": "posture.governance.docs_generated is true; level 5 needs true",
	}
}

test_fail_gvn_5_4_absent if {
	governance.gvn_5_4(_empty) == {
		"pass": false,
		"message": "posture.governance.docs_generated is not set; level 5 needs true",
	}
}

test_pass_gvn_5_5 if {
	governance.gvn_5_5(_f("classical-ml", {"audit": {"audit_trail": {"covers": ["retraining_decisions"]}}})) == {
		"pass": true,
		"message": concat("", [
			"posture.audit.audit_trail.covers is [retraining_decisions]; level 5 needs it to ",
			"include retraining_decisions",
		]),
	}
}

test_fail_gvn_5_5_not_covered if {
	governance.gvn_5_5(_f("classical-ml", {"audit": {"audit_trail": {"covers": ["model_versions"]}}})) == {
		"pass": false,
		"message": concat("", [
			"posture.audit.audit_trail.covers is [model_versions]; level 5 needs it to ",
			"include retraining_decisions",
		]),
	}
}

test_pass_gvn_5_5_llm_not_applicable if {
	governance.gvn_5_5(_f("rag", {"audit": {"audit_trail": {"covers": []}}})) == {
		"pass": true,
		"message": "not applicable: llm track (system.type is rag); it applies to the classical-ml track only",
	}
}

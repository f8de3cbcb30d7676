# Generated cases, reviewed by hand: both sides of every control, whole outcomes.
package aimm.models.ai_operations.governance_test

import data.aimm.models.ai_operations.governance

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

# _owned: a system with the owners o.
_owned(o) := {
	"manifest": {"system": {"type": "rag"}, "metadata": {"owners": o}},
	"evidence": _files,
	"today": "2026-11-21",
}

_five := {"business": "bo", "technical": "te", "data": "da", "security": "se", "support": "su"}

# _reviewed_on: a readiness review recorded in ok.md on d.
_reviewed_on(d) := _sys("rag", {"governance": {"readiness_review": {"record": "ok.md", "reviewed_on": d}}})

# _runbook: an incident runbook at path, and owners o.
_runbook(path, o) := {
	"manifest": {
		"system": {"type": "rag"},
		"metadata": {"owners": o},
		"posture": {"audit": {"incident_runbook": path}},
	},
	"evidence": _files,
	"today": "2026-11-21",
}

test_pass_gop_2_1 if {
	governance.gop_2_1(_sys("rag", {"governance": {"readiness_review": {"record": "ok.md"}}})) == {
		"pass": true,
		"message": "posture.governance.readiness_review.record is \"ok.md\" (ok.md found)",
	}
}

test_fail_gop_2_1_missing_file if {
	governance.gop_2_1(_sys("rag", {"governance": {"readiness_review": {"record": "gone.md"}}})) == {
		"pass": false,
		"message": concat("", [
			"posture.governance.readiness_review.record is \"gone.md\" (gone.md does not ",
			"exist); level 2 needs a review record that exists",
		]),
	}
}

test_fail_gop_2_1_absent if {
	governance.gop_2_1(_nothing) == {
		"pass": false,
		"message": concat("", [
			"posture.governance.readiness_review.record is not declared; level 2 needs a ",
			"review record that exists",
		]),
	}
}

test_pass_gop_3_1 if {
	governance.gop_3_1(_owned(_five)) == {
		"pass": true,
		"message": concat("", [
			"metadata.owners.business is \"bo\" and metadata.owners.technical is \"te\" and ",
			"metadata.owners.data is \"da\" and metadata.owners.security is \"se\" and ",
			"metadata.owners.support is \"su\"; level 3 needs metadata.owners.business, ",
			"metadata.owners.technical, metadata.owners.data, metadata.owners.security, ",
			"metadata.owners.support set",
		]),
	}
}

test_fail_gop_3_1_without_support if {
	governance.gop_3_1(_owned(object.remove(_five, ["support"]))) == {
		"pass": false,
		"message": concat("", [
			"metadata.owners.business is \"bo\" and metadata.owners.technical is \"te\" and ",
			"metadata.owners.data is \"da\" and metadata.owners.security is \"se\" and ",
			"metadata.owners.support is not set; level 3 needs metadata.owners.business, ",
			"metadata.owners.technical, metadata.owners.data, metadata.owners.security, ",
			"metadata.owners.support set",
		]),
	}
}

test_fail_gop_3_1_only_technical if {
	governance.gop_3_1(_owned({"technical": "te"})) == {
		"pass": false,
		"message": concat("", [
			"metadata.owners.business is not set and metadata.owners.technical is \"te\" and ",
			"metadata.owners.data is not set and metadata.owners.security is not set and ",
			"metadata.owners.support is not set; level 3 needs metadata.owners.business, ",
			"metadata.owners.technical, metadata.owners.data, metadata.owners.security, ",
			"metadata.owners.support set",
		]),
	}
}

test_pass_gop_3_2 if {
	governance.gop_3_2(_sys("rag", {"governance": {"data_access_review": "2026-03-01"}})) == {
		"pass": true,
		"message": concat("", [
			"posture.governance.data_access_review is \"2026-03-01\"; level 3 needs a date ",
			"within 365 days before today (2026-11-21)",
		]),
	}
}

test_fail_gop_3_2_stale if {
	governance.gop_3_2(_sys("rag", {"governance": {"data_access_review": "2025-03-01"}})) == {
		"pass": false,
		"message": concat("", [
			"posture.governance.data_access_review is \"2025-03-01\"; level 3 needs a date ",
			"within 365 days before today (2026-11-21)",
		]),
	}
}

test_fail_gop_3_2_absent if {
	governance.gop_3_2(_nothing) == {
		"pass": false,
		"message": concat("", [
			"posture.governance.data_access_review is not set; level 3 needs a date within ",
			"365 days before today (2026-11-21)",
		]),
	}
}

test_pass_gop_3_3 if {
	governance.gop_3_3(_reviewed_on("2026-06-01")) == {
		"pass": true,
		"message": concat("", [
			"posture.governance.readiness_review.reviewed_on is \"2026-06-01\"; level 3 needs a",
			" date within 365 days before today (2026-11-21)",
		]),
	}
}

test_fail_gop_3_3_stale if {
	governance.gop_3_3(_reviewed_on("2025-06-01")) == {
		"pass": false,
		"message": concat("", [
			"posture.governance.readiness_review.reviewed_on is \"2025-06-01\"; level 3 needs a",
			" date within 365 days before today (2026-11-21)",
		]),
	}
}

test_fail_gop_3_3_absent if {
	governance.gop_3_3(_nothing) == {
		"pass": false,
		"message": concat("", [
			"posture.governance.readiness_review.reviewed_on is not set; level 3 needs a date",
			" within 365 days before today (2026-11-21)",
		]),
	}
}

test_pass_gop_3_4 if {
	f := _sys("rag", {"audit": {"audit_trail": {"covers": ["approvals", "model_versions", "prompt_versions"]}}})
	governance.gop_3_4(f) == {
		"pass": true,
		"message": concat("", [
			"posture.audit.audit_trail.covers is [approvals, model_versions, ",
			"prompt_versions]; level 3 needs it to include approvals and model_versions and ",
			"prompt_versions",
		]),
	}
}

test_fail_gop_3_4_without_prompts if {
	governance.gop_3_4(_sys("rag", {"audit": {"audit_trail": {"covers": ["approvals", "model_versions"]}}})) == {
		"pass": false,
		"message": concat("", [
			"posture.audit.audit_trail.covers is [approvals, model_versions]; level 3 needs ",
			"it to include approvals and model_versions and prompt_versions",
		]),
	}
}

test_pass_gop_3_4_classical if {
	f := _sys("classical-ml", {"audit": {"audit_trail": {"covers": ["approvals", "model_versions"]}}})
	governance.gop_3_4(f) == {
		"pass": true,
		"message": concat("", [
			"posture.audit.audit_trail.covers is [approvals, model_versions]; level 3 needs ",
			"it to include approvals and model_versions",
		]),
	}
}

test_fail_gop_3_4_absent if {
	governance.gop_3_4(_nothing) == {
		"pass": false,
		"message": concat("", [
			"posture.audit.audit_trail.covers is not set; level 3 needs it to include ",
			"approvals and model_versions and prompt_versions",
		]),
	}
}

test_pass_gop_3_5 if {
	governance.gop_3_5(_runbook("ok.md", {"technical": "te", "on_call": "oncall"})) == {
		"pass": true,
		"message": concat("", [
			"posture.audit.incident_runbook is \"ok.md\" (ok.md found); metadata.owners.on_call",
			" is \"oncall\"; level 3 needs metadata.owners.on_call set",
		]),
	}
}

test_fail_gop_3_5_missing_runbook if {
	governance.gop_3_5(_runbook("gone.md", {"technical": "te", "on_call": "oncall"})) == {
		"pass": false,
		"message": concat("", [
			"posture.audit.incident_runbook is \"gone.md\" (gone.md does not exist); level 3 ",
			"needs an incident runbook that exists; metadata.owners.on_call is \"oncall\"; ",
			"level 3 needs metadata.owners.on_call set",
		]),
	}
}

test_fail_gop_3_5_no_on_call if {
	governance.gop_3_5(_runbook("ok.md", {"technical": "te"})) == {
		"pass": false,
		"message": concat("", [
			"posture.audit.incident_runbook is \"ok.md\" (ok.md found); metadata.owners.on_call",
			" is not set; level 3 needs metadata.owners.on_call set",
		]),
	}
}

test_pass_gop_4_1 if {
	governance.gop_4_1(_sys("rag", {"delivery": {"deploy_gate": "policy"}})) == {
		"pass": true,
		"message": "posture.delivery.deploy_gate is \"policy\"; level 4 needs policy",
	}
}

test_fail_gop_4_1_manual_review if {
	governance.gop_4_1(_sys("rag", {"delivery": {"deploy_gate": "manual-review"}})) == {
		"pass": false,
		"message": "posture.delivery.deploy_gate is \"manual-review\"; level 4 needs policy",
	}
}

test_pass_gop_4_2 if {
	governance.gop_4_2(_sys("rag", {"audit": {"audit_trail": {"covers": ["policy_decisions", "incidents"]}}})) == {
		"pass": true,
		"message": concat("", [
			"posture.audit.audit_trail.covers is [policy_decisions, incidents]; level 4 needs",
			" it to include policy_decisions and incidents",
		]),
	}
}

test_fail_gop_4_2_without_incidents if {
	governance.gop_4_2(_sys("rag", {"audit": {"audit_trail": {"covers": ["policy_decisions"]}}})) == {
		"pass": false,
		"message": concat("", [
			"posture.audit.audit_trail.covers is [policy_decisions]; level 4 needs it to ",
			"include policy_decisions and incidents",
		]),
	}
}

test_pass_gop_4_3 if {
	governance.gop_4_3(_reviewed_on("2026-06-01")) == {
		"pass": true,
		"message": concat("", [
			"posture.governance.readiness_review.reviewed_on is \"2026-06-01\"; level 4 needs a",
			" date within 180 days before today (2026-11-21)",
		]),
	}
}

test_fail_gop_4_3_older_than_180_days if {
	governance.gop_4_3(_reviewed_on("2026-05-01")) == {
		"pass": false,
		"message": concat("", [
			"posture.governance.readiness_review.reviewed_on is \"2026-05-01\"; level 4 needs a",
			" date within 180 days before today (2026-11-21)",
		]),
	}
}

test_pass_gop_4_4 if {
	governance.gop_4_4(_sys("rag", {"cost": {"limits": {"enforcement": "server"}}})) == {
		"pass": true,
		"message": "posture.cost.limits.enforcement is \"server\"; level 4 needs server",
	}
}

test_fail_gop_4_4_client if {
	governance.gop_4_4(_sys("rag", {"cost": {"limits": {"enforcement": "client"}}})) == {
		"pass": false,
		"message": "posture.cost.limits.enforcement is \"client\"; level 4 needs server",
	}
}

test_fail_gop_4_4_absent if {
	governance.gop_4_4(_nothing) == {
		"pass": false,
		"message": "posture.cost.limits.enforcement is not set; level 4 needs server",
	}
}

test_pass_gop_4_5 if {
	governance.gop_4_5(_sys("rag", {"governance": {"executive_reporting": true}})) == {
		"pass": true,
		"message": "posture.governance.executive_reporting is true; level 4 needs true",
	}
}

test_fail_gop_4_5_absent if {
	governance.gop_4_5(_nothing) == {
		"pass": false,
		"message": "posture.governance.executive_reporting is not set; level 4 needs true",
	}
}

test_pass_gop_4_6 if {
	governance.gop_4_6(_sys("rag", {"audit": {"postmortem_template": "ok.md"}})) == {
		"pass": true,
		"message": "posture.audit.postmortem_template is \"ok.md\" (ok.md found)",
	}
}

test_fail_gop_4_6_missing_file if {
	governance.gop_4_6(_sys("rag", {"audit": {"postmortem_template": "gone.md"}})) == {
		"pass": false,
		"message": concat("", [
			"posture.audit.postmortem_template is \"gone.md\" (gone.md does not exist); level 4",
			" needs a postmortem template that exists",
		]),
	}
}

test_fail_gop_4_6_absent if {
	governance.gop_4_6(_nothing) == {
		"pass": false,
		"message": concat("", [
			"posture.audit.postmortem_template is not declared; level 4 needs a postmortem ",
			"template that exists",
		]),
	}
}

test_pass_gop_5_1 if {
	governance.gop_5_1(_sys("rag", {"governance": {"risk_assessment": {"refresh": "per-change"}}})) == {
		"pass": true,
		"message": "posture.governance.risk_assessment.refresh is \"per-change\"; level 5 needs per-change",
	}
}

test_fail_gop_5_1_periodic if {
	governance.gop_5_1(_sys("rag", {"governance": {"risk_assessment": {"refresh": "periodic"}}})) == {
		"pass": false,
		"message": "posture.governance.risk_assessment.refresh is \"periodic\"; level 5 needs per-change",
	}
}

test_pass_gop_5_2 if {
	governance.gop_5_2(_sys("rag", {"audit": {"continuous_compliance": true}})) == {
		"pass": true,
		"message": "posture.audit.continuous_compliance is true; level 5 needs true",
	}
}

test_fail_gop_5_2_absent if {
	governance.gop_5_2(_nothing) == {
		"pass": false,
		"message": "posture.audit.continuous_compliance is not set; level 5 needs true",
	}
}

package aimm.core.compliance_test

import data.aimm.core.compliance

# _cpt_facts: a facts document with a compliance section and the evidence Python found.
_cpt_facts(c, evidence) := {"manifest": {"compliance": c}, "evidence": evidence, "today": "2026-11-21"}

_cpt_found(path) := {path: {"exists": true, "detail": concat("", [path, " found"])}}

_cpt_missing(path) := {path: {"exists": false, "detail": concat("", [path, " does not exist"])}}

_cpt_evidence(verified, contradicted, unverified) := {
	"verified": verified, "contradicted": contradicted, "unverified": unverified,
}

_cpt_claim(fact, path, probe, detail) := {"fact": fact, "path": path, "probe": probe, "detail": detail}

# _cpt_probed: a document the probes read (document, and history when dated is a date).
_cpt_probed(path, status, detail, dated) := {path: {"exists": true, "detail": "found", "probes": {
	"document": {"status": status, "detail": detail},
	"history": {
		"status": "verified", "detail": concat("", [path, " last changed on ", dated]),
		"last_changed": dated, "shallow": false,
	},
}}}

test_pass_compliance_document_file_exists if {
	f := _cpt_facts({"technical_documentation": "docs/td.md"}, _cpt_found("docs/td.md"))
	compliance.document(f, ["technical_documentation"], "needed") == {
		"pass": true,
		"message": "compliance.technical_documentation is \"docs/td.md\" (docs/td.md found)",
		"evidence": _cpt_evidence([], [], [_cpt_claim("/compliance/technical_documentation", "docs/td.md", "document", "docs/td.md found")]),
	}
}

test_pass_compliance_document_real_content if {
	f := _cpt_facts({"technical_documentation": "docs/td.md"}, _cpt_probed("docs/td.md", "verified", "300 words", "2020-01-01"))
	compliance.document(f, ["technical_documentation"], "needed") == {
		"pass": true,
		"message": "compliance.technical_documentation is \"docs/td.md\" (found)",
		"evidence": _cpt_evidence(
			[_cpt_claim("/compliance/technical_documentation", "docs/td.md", "document", "300 words")],
			[], [],
		),
	}
}

test_fail_compliance_document_placeholder if {
	said := "docs/td.md is a placeholder (\"Draft, see Confluence\"); at least 20 are needed"
	f := _cpt_facts({"technical_documentation": "docs/td.md"}, _cpt_probed("docs/td.md", "contradicted", said, "2026-11-01"))
	compliance.document(f, ["technical_documentation"], "Art. 11 needs it") == {
		"pass": false,
		"message": concat("", ["compliance.technical_documentation is \"docs/td.md\" (", said, "); Art. 11 needs it"]),
		"evidence": _cpt_evidence(
			[],
			[_cpt_claim("/compliance/technical_documentation", "docs/td.md", "document", said)],
			[],
		),
	}
}

test_fail_compliance_risk_record_stale if {
	f := _cpt_facts({"risk_management": "docs/r.md"}, _cpt_probed("docs/r.md", "verified", "300 words", "2024-01-10"))
	stale := "docs/r.md last changed on 2024-01-10, 1046 days before today; the limit is 365 days"
	compliance.document(f, ["risk_management"], "Art. 9 needs it") == {
		"pass": false,
		"message": concat("", ["compliance.risk_management is \"docs/r.md\" (", stale, "); Art. 9 needs it"]),
		"evidence": _cpt_evidence(
			[_cpt_claim("/compliance/risk_management", "docs/r.md", "document", "300 words")],
			[_cpt_claim("/compliance/risk_management", "docs/r.md", "history", stale)],
			[],
		),
	}
}

test_pass_compliance_risk_record_within_the_org_limit if {
	f := object.union(
		_cpt_facts({"impact_assessment": "docs/i.md"}, _cpt_probed("docs/i.md", "verified", "300 words", "2024-01-10")),
		{"config": {"evidence": {"staleness_days": {"impact_assessment": 1100}}}},
	)
	compliance.document(f, ["impact_assessment"], "needed") == {
		"pass": true,
		"message": "compliance.impact_assessment is \"docs/i.md\" (found)",
		"evidence": _cpt_evidence(
			[
				_cpt_claim("/compliance/impact_assessment", "docs/i.md", "document", "300 words"),
				_cpt_claim("/compliance/impact_assessment", "docs/i.md", "history", "docs/i.md last changed on 2024-01-10"),
			],
			[], [],
		),
	}
}

test_fail_compliance_document_declared_but_missing if {
	f := _cpt_facts({"technical_documentation": "docs/td.md"}, _cpt_missing("docs/td.md"))
	compliance.document(f, ["technical_documentation"], "Art. 11 needs it") == {
		"pass": false,
		"message": "compliance.technical_documentation is \"docs/td.md\" (docs/td.md does not exist); Art. 11 needs it",
		"evidence": _cpt_evidence(
			[], [_cpt_claim("/compliance/technical_documentation", "docs/td.md", "exists", "docs/td.md does not exist")],
			[],
		),
	}
}

test_fail_compliance_document_not_in_evidence_facts if {
	# A path Python did not verify never counts.
	f := _cpt_facts({"technical_documentation": "docs/td.md"}, {})
	compliance.document(f, ["technical_documentation"], "needed").pass == false
}

test_fail_compliance_document_absent_or_wrong_type if {
	compliance.document(_cpt_facts({}, {}), ["impact_assessment"], "needed") == {
		"pass": false,
		"message": "compliance.impact_assessment is not declared; needed",
	}
	compliance.document(_cpt_facts({"impact_assessment": 5}, {}), ["impact_assessment"], "needed") == {
		"pass": false,
		"message": "compliance.impact_assessment is 5 (not a string); needed",
	}
}

test_fail_compliance_document_without_compliance_section if {
	f := {"manifest": {}, "evidence": {}, "today": "2026-11-21"}
	compliance.document(f, ["risk_management"], "needed").pass == false
}

test_pass_compliance_oversight_all_parts if {
	c := {"human_oversight": {"can_stop": "duty-manager", "can_override": "underwriters", "procedure": "docs/o.md"}}
	compliance.oversight(_cpt_facts(c, _cpt_found("docs/o.md")), ["can_stop", "can_override", "procedure"], "needed") == {
		"pass": true,
		"message": concat(", ", [
			"compliance.human_oversight.can_stop is \"duty-manager\"",
			"compliance.human_oversight.can_override is \"underwriters\"",
			"compliance.human_oversight.procedure is \"docs/o.md\" (docs/o.md found)",
		]),
		"evidence": _cpt_evidence([], [], [_cpt_claim("/compliance/human_oversight/procedure", "docs/o.md", "document", "docs/o.md found")]),
	}
}

test_fail_compliance_oversight_procedure_empty if {
	c := {"human_oversight": {"can_stop": "duty-manager", "can_override": "underwriters", "procedure": "docs/o.md"}}
	ev := _cpt_probed("docs/o.md", "contradicted", "docs/o.md is empty", "2026-11-01")
	compliance.oversight(_cpt_facts(c, ev), ["can_stop", "can_override", "procedure"], "needed") == {
		"pass": false,
		"message": "compliance.human_oversight.procedure is \"docs/o.md\" (docs/o.md is empty); needed",
		"evidence": _cpt_evidence(
			[], [_cpt_claim("/compliance/human_oversight/procedure", "docs/o.md", "document", "docs/o.md is empty")],
			[],
		),
	}
}

test_pass_compliance_oversight_only_the_parts_asked_for if {
	c := {"human_oversight": {"can_stop": "on-call"}}
	compliance.oversight(_cpt_facts(c, {}), ["can_stop"], "needed").pass == true
}

test_fail_compliance_oversight_names_every_missing_part if {
	c := {"human_oversight": {"can_stop": " ", "procedure": "docs/o.md"}}
	parts := ["can_stop", "can_override", "procedure"]
	compliance.oversight(_cpt_facts(c, _cpt_missing("docs/o.md")), parts, "Art. 14 needs it") == {
		"pass": false,
		"message": concat("; ", [
			"compliance.human_oversight.can_stop is \" \"",
			"compliance.human_oversight.can_override is not set",
			"compliance.human_oversight.procedure is \"docs/o.md\" (docs/o.md does not exist)",
			"Art. 14 needs it",
		]),
		"evidence": _cpt_evidence(
			[], [_cpt_claim("/compliance/human_oversight/procedure", "docs/o.md", "exists", "docs/o.md does not exist")],
			[],
		),
	}
}

test_pass_compliance_retention_at_least if {
	compliance.retention(_cpt_facts({"log_retention_days": 184}, {}), 184, "needed") == {
		"pass": true,
		"message": "compliance.log_retention_days is 184, at least 184",
	}
}

test_fail_compliance_retention_too_short_absent_or_wrong_type if {
	compliance.retention(_cpt_facts({"log_retention_days": 183}, {}), 184, "Art. 19 needs 184") == {
		"pass": false,
		"message": "compliance.log_retention_days is 183; Art. 19 needs 184",
	}
	compliance.retention(_cpt_facts({}, {}), 184, "needed").message == "compliance.log_retention_days is not set; needed"
	compliance.retention(_cpt_facts({"log_retention_days": "400"}, {}), 184, "needed").pass == false
}

_cpt_deadlines := {"serious_incident": 15, "death": 10, "widespread_or_critical_infrastructure": 2}

test_pass_compliance_incident_within_deadlines if {
	deadlines := {"serious_incident": 15, "death": 7, "widespread_or_critical_infrastructure": 1}
	c := {"incident_reporting": {"procedure": "docs/si.md", "deadlines_days": deadlines}}
	compliance.incident(_cpt_facts(c, _cpt_found("docs/si.md")), _cpt_deadlines, "needed") == {
		"pass": true,
		"message": concat("; ", [
			"compliance.incident_reporting.procedure is \"docs/si.md\" (docs/si.md found)",
			"compliance.incident_reporting.deadlines_days.death is 7",
			"compliance.incident_reporting.deadlines_days.serious_incident is 15",
			"compliance.incident_reporting.deadlines_days.widespread_or_critical_infrastructure is 1",
		]),
		"evidence": _cpt_evidence([], [], [_cpt_claim("/compliance/incident_reporting/procedure", "docs/si.md", "document", "docs/si.md found")]),
	}
}

test_fail_compliance_incident_procedure_placeholder if {
	deadlines := {"serious_incident": 15, "death": 7, "widespread_or_critical_infrastructure": 1}
	c := {"incident_reporting": {"procedure": "docs/si.md", "deadlines_days": deadlines}}
	said := "docs/si.md is a placeholder (\"TBD\"); at least 20 are needed"
	compliance.incident(_cpt_facts(c, _cpt_probed("docs/si.md", "contradicted", said, "2026-11-01")), _cpt_deadlines, "needed") == {
		"pass": false,
		"message": concat("", ["compliance.incident_reporting.procedure is \"docs/si.md\" (", said, "); needed"]),
		"evidence": _cpt_evidence([], [_cpt_claim("/compliance/incident_reporting/procedure", "docs/si.md", "document", said)], []),
	}
}

test_pass_compliance_incident_without_deadlines_to_check if {
	c := {"incident_reporting": {"procedure": "docs/si.md"}}
	compliance.incident(_cpt_facts(c, _cpt_found("docs/si.md")), {}, "needed").pass == true
}

test_fail_compliance_incident_late_or_missing_deadlines if {
	c := {"incident_reporting": {"procedure": "docs/si.md", "deadlines_days": {"serious_incident": 30, "death": 10}}}
	compliance.incident(_cpt_facts(c, _cpt_found("docs/si.md")), _cpt_deadlines, "Art. 73 needs it") == {
		"pass": false,
		"message": concat("; ", [
			"compliance.incident_reporting.deadlines_days.serious_incident is 30, at most 15 allowed",
			concat(" ", [
				"compliance.incident_reporting.deadlines_days.widespread_or_critical_infrastructure",
				"is not set, at most 2 allowed",
			]),
			"Art. 73 needs it",
		]),
		"evidence": _cpt_evidence([], [], [_cpt_claim("/compliance/incident_reporting/procedure", "docs/si.md", "document", "docs/si.md found")]),
	}
}

test_fail_compliance_incident_procedure_missing if {
	c := {"incident_reporting": {"deadlines_days": _cpt_deadlines}}
	compliance.incident(_cpt_facts(c, {}), _cpt_deadlines, "needed") == {
		"pass": false,
		"message": "compliance.incident_reporting.procedure is not declared; needed",
	}
}

test_pass_compliance_conformity_completed_with_record if {
	c := {"conformity_assessment": {"status": "completed", "record": "docs/doc.md"}}
	compliance.conformity(_cpt_facts(c, _cpt_found("docs/doc.md")), "needed") == {
		"pass": true,
		"message": concat(" ", [
			"compliance.conformity_assessment.status is \"completed\";",
			"compliance.conformity_assessment.record is \"docs/doc.md\" (docs/doc.md found)",
		]),
		"evidence": _cpt_evidence([], [], [_cpt_claim("/compliance/conformity_assessment/record", "docs/doc.md", "document", "docs/doc.md found")]),
	}
}

test_fail_compliance_conformity_record_lorem_ipsum if {
	c := {"conformity_assessment": {"status": "completed", "record": "docs/doc.md"}}
	said := "docs/doc.md holds lorem ipsum filler"
	compliance.conformity(_cpt_facts(c, _cpt_probed("docs/doc.md", "contradicted", said, "2026-11-01")), "needed") == {
		"pass": false,
		"message": concat("", [
			"compliance.conformity_assessment.status is \"completed\"; ",
			"compliance.conformity_assessment.record is \"docs/doc.md\" (", said, "); needed",
		]),
		"evidence": _cpt_evidence([], [_cpt_claim("/compliance/conformity_assessment/record", "docs/doc.md", "document", said)], []),
	}
}

test_fail_compliance_conformity_in_progress_or_without_record if {
	c := {"conformity_assessment": {"status": "in-progress", "record": "docs/doc.md"}}
	compliance.conformity(_cpt_facts(c, _cpt_found("docs/doc.md")), "needed").pass == false
	done := {"conformity_assessment": {"status": "completed", "record": "docs/doc.md"}}
	compliance.conformity(_cpt_facts(done, _cpt_missing("docs/doc.md")), "Art. 43 needs it") == {
		"pass": false,
		"message": concat(" ", [
			"compliance.conformity_assessment.status is \"completed\";",
			"compliance.conformity_assessment.record is \"docs/doc.md\" (docs/doc.md does not",
			"exist); Art. 43 needs it",
		]),
		"evidence": _cpt_evidence(
			[], [_cpt_claim("/compliance/conformity_assessment/record", "docs/doc.md", "exists", "docs/doc.md does not exist")],
			[],
		),
	}
}

test_pass_compliance_declared_text if {
	compliance.declared_text(_cpt_facts({"eu_database_id": "EU-1"}, {}), ["eu_database_id"], "needed") == {
		"pass": true,
		"message": "compliance.eu_database_id is \"EU-1\" (declared)",
	}
}

test_fail_compliance_declared_text_blank_or_absent if {
	compliance.declared_text(_cpt_facts({"eu_database_id": ""}, {}), ["eu_database_id"], "needed").pass == false
	absent := compliance.declared_text(_cpt_facts({}, {}), ["eu_database_id"], "needed")
	absent.message == "compliance.eu_database_id is not set; needed"
}

test_pass_compliance_flag_true if {
	c := {"transparency": {"marks_generated_content": true}}
	compliance.flag(_cpt_facts(c, {}), ["transparency", "marks_generated_content"], "needed") == {
		"pass": true,
		"message": "compliance.transparency.marks_generated_content is true",
	}
}

test_fail_compliance_flag_false_string_or_absent if {
	path := ["transparency", "marks_generated_content"]
	compliance.flag(_cpt_facts({"transparency": {"marks_generated_content": false}}, {}), path, "needed").pass == false
	compliance.flag(_cpt_facts({"transparency": {"marks_generated_content": "true"}}, {}), path, "needed").pass == false
	compliance.flag(_cpt_facts({}, {}), path, "needed").message == concat(" ", [
		"compliance.transparency.marks_generated_content is not set; needed",
	])
}

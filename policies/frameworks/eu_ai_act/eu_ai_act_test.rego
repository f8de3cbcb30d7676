package aimm.frameworks.eu_ai_act_test

import data.aimm.core.frameworks
import data.aimm.frameworks.eu_ai_act

# _eut_facts: a manifest with a compliance section; every path in found exists.
_eut_facts(c, found) := {
	"manifest": {"compliance": c},
	"evidence": {p: {"exists": true, "detail": concat("", [p, " found"])} | some p in found},
	"today": "2026-11-21",
}

_eut_missing(c) := {"manifest": {"compliance": c}, "evidence": {}, "today": "2026-11-21"}

_eut_oversight := {"human_oversight": {
	"can_stop": "duty-manager", "can_override": "underwriters", "procedure": "docs/o.md",
}}

_eut_art73 := {"serious_incident": 15, "death": 10, "widespread_or_critical_infrastructure": 2}

_eut_ctx := {
	"category": "high-risk", "category_reason": "r", "roles": ["provider"], "roles_declared": true,
	"domain": "credit-scoring", "tier": "high", "autonomy": "suggest", "interacts": false,
	"generates": false, "public_service": false, "today": "2026-11-21", "enforce_upcoming": false,
}

_eut_fwd := {"id": "eu-ai-act", "title": "EU AI Act", "upcoming_control": "EU-0", "clauses": [], "governance": {}}

test_pass_eu_0_nothing_upcoming_is_unmet if {
	frameworks.upcoming_of(_eut_ctx, _eut_fwd, []) == {
		"pass": true,
		"message": "no EU AI Act obligation that applies to the system later is unmet",
	}
}

test_fail_eu_0_lists_unmet_upcoming_obligations if {
	out := frameworks.upcoming_of(_eut_ctx, _eut_fwd, [["2027-12-02", "EU-14 (Art. 14)"]])
	out.pass == false
	startswith(out.message, "not met yet: needed from 2027-12-02: EU-14 (Art. 14);")
}

test_pass_eu_4 if {
	eu_ai_act.eu_4(_eut_facts({"ai_literacy": "docs/l.md"}, ["docs/l.md"])).pass == true
}

test_fail_eu_4_missing_file if {
	eu_ai_act.eu_4(_eut_missing({"ai_literacy": "docs/l.md"})) == {
		"pass": false,
		"message": concat(" ", [
			"compliance.ai_literacy is \"docs/l.md\" (docs/l.md was not checked); Art. 4",
			"needs a record of the AI literacy measures",
		]),
		"evidence": {"verified": [], "unverified": [], "contradicted": [{
			"fact": "/compliance/ai_literacy", "path": "docs/l.md", "probe": "exists",
			"detail": "docs/l.md was not checked",
		}]},
	}
}

test_pass_eu_9 if {
	eu_ai_act.eu_9(_eut_facts({"risk_management": "docs/r.md"}, ["docs/r.md"])).pass == true
}

test_fail_eu_9_not_declared if {
	eu_ai_act.eu_9(_eut_missing({})) == {
		"pass": false,
		"message": "compliance.risk_management is not declared; Art. 9 needs the risk-management record",
	}
}

test_pass_eu_11 if {
	eu_ai_act.eu_11(_eut_facts({"technical_documentation": "docs/t.md"}, ["docs/t.md"])).pass == true
}

test_fail_eu_11_missing_file if {
	eu_ai_act.eu_11(_eut_missing({"technical_documentation": "docs/t.md"})).pass == false
}

test_pass_eu_14 if {
	eu_ai_act.eu_14(_eut_facts(_eut_oversight, ["docs/o.md"])).pass == true
}

test_fail_eu_14_without_who_can_stop if {
	c := {"human_oversight": {"can_override": "underwriters", "procedure": "docs/o.md"}}
	eu_ai_act.eu_14(_eut_facts(c, ["docs/o.md"])) == {
		"pass": false,
		"message": concat(" ", [
			"compliance.human_oversight.can_stop is not set; Art. 14 needs who can stop the",
			"system, who can override it, and the documented procedure",
		]),
		"evidence": {"verified": [], "contradicted": [], "unverified": [{
			"fact": "/compliance/human_oversight/procedure", "path": "docs/o.md", "probe": "document",
			"detail": "docs/o.md found",
		}]},
	}
}

test_pass_eu_19_six_months if {
	eu_ai_act.eu_19(_eut_missing({"log_retention_days": 184}), {"log_retention_days": 184}).pass == true
}

test_fail_eu_19_below_six_months if {
	eu_ai_act.eu_19(_eut_missing({"log_retention_days": 90}), {"log_retention_days": 184}) == {
		"pass": false,
		"message": "compliance.log_retention_days is 90; Art. 19 needs at least 184 days (six months)",
	}
}

test_pass_eu_26_2 if {
	eu_ai_act.eu_26_2(_eut_facts(_eut_oversight, ["docs/o.md"])).pass == true
}

test_fail_eu_26_2_without_procedure if {
	c := {"human_oversight": {"can_stop": "a", "can_override": "b"}}
	eu_ai_act.eu_26_2(_eut_missing(c)).pass == false
}

test_pass_eu_26_5 if {
	eu_ai_act.eu_26_5(_eut_facts({"incident_reporting": {"procedure": "docs/i.md"}}, ["docs/i.md"])).pass == true
}

test_fail_eu_26_5_not_declared if {
	eu_ai_act.eu_26_5(_eut_missing({"incident_reporting": {}})).pass == false
}

test_pass_eu_26_6 if {
	eu_ai_act.eu_26_6(_eut_missing({"log_retention_days": 400}), {"log_retention_days": 184}).pass == true
}

test_fail_eu_26_6_not_set if {
	eu_ai_act.eu_26_6(_eut_missing({}), {"log_retention_days": 184}).message == concat(" ", [
		"compliance.log_retention_days is not set; Art. 26(6) needs at least 184 days",
		"(six months)",
	])
}

test_pass_eu_26_11 if {
	c := {"transparency": {"affected_persons_notice": "docs/n.md"}}
	eu_ai_act.eu_26_11(_eut_facts(c, ["docs/n.md"])).pass == true
}

test_fail_eu_26_11_missing_file if {
	c := {"transparency": {"affected_persons_notice": "docs/n.md"}}
	eu_ai_act.eu_26_11(_eut_missing(c)).pass == false
}

test_fail_eu_26_11_the_chat_disclosure_is_not_the_notice if {
	# One file declared for Art. 50(1) does not answer Art. 26(11).
	c := {"transparency": {"notice": "docs/n.md"}}
	eu_ai_act.eu_26_11(_eut_facts(c, ["docs/n.md"])) == {
		"pass": false,
		"message": concat(" ", [
			"compliance.transparency.affected_persons_notice is not declared; Art. 26(11) needs",
			"the notice telling affected people a high-risk AI system is used",
		]),
	}
}

test_fail_eu_26_11_one_file_for_three_notices if {
	# The chat disclosure declared again as the affected-persons notice and the user information.
	c := {"transparency": {
		"notice": "docs/n.md", "affected_persons_notice": "docs/n.md", "user_information": "docs/n.md",
	}}
	out := eu_ai_act.eu_26_11(_eut_facts(c, ["docs/n.md"]))
	[out.pass, out.message] == [
		false,
		concat("", [
			"compliance.transparency.affected_persons_notice is \"docs/n.md\", the same file as ",
			"compliance.transparency.notice, compliance.transparency.user_information; each notice ",
			"needs a document of its own; Art. 26(11) needs the notice telling affected people a ",
			"high-risk AI system is used",
		]),
	]
	eu_ai_act.eu_50_1(_eut_facts(c, ["docs/n.md"])).pass == false
}

test_pass_eu_50_1_next_to_other_notices if {
	c := {"transparency": {"notice": "docs/n.md", "affected_persons_notice": "docs/a.md"}}
	eu_ai_act.eu_50_1(_eut_facts(c, ["docs/n.md", "docs/a.md"])).pass == true
	eu_ai_act.eu_26_11(_eut_facts(c, ["docs/n.md", "docs/a.md"])).pass == true
}

test_pass_eu_27 if {
	eu_ai_act.eu_27(_eut_facts({"impact_assessment": "docs/f.md"}, ["docs/f.md"])).pass == true
}

test_fail_eu_27_not_declared if {
	eu_ai_act.eu_27(_eut_missing({})).pass == false
}

test_pass_eu_43 if {
	c := {"conformity_assessment": {"status": "completed", "record": "docs/d.md"}}
	eu_ai_act.eu_43(_eut_facts(c, ["docs/d.md"])).pass == true
}

test_fail_eu_43_in_progress if {
	c := {"conformity_assessment": {"status": "in-progress"}}
	eu_ai_act.eu_43(_eut_missing(c)) == {
		"pass": false,
		"message": concat(" ", [
			"compliance.conformity_assessment.status is \"in-progress\";",
			"compliance.conformity_assessment.record is not declared; Art. 43 needs a",
			"completed conformity assessment with its record",
		]),
	}
}

test_pass_eu_49 if {
	eu_ai_act.eu_49(_eut_missing({"eu_database_id": "EU-AI-1"})).message == concat(" ", [
		"compliance.eu_database_id is \"EU-AI-1\" (declared)",
	])
}

test_fail_eu_49_not_set if {
	eu_ai_act.eu_49(_eut_missing({})).pass == false
}

test_pass_eu_50_1 if {
	eu_ai_act.eu_50_1(_eut_facts({"transparency": {"notice": "docs/n.md"}}, ["docs/n.md"])).pass == true
}

test_fail_eu_50_1_not_declared if {
	eu_ai_act.eu_50_1(_eut_missing({"transparency": {"marks_generated_content": true}})).pass == false
}

test_pass_eu_50_2 if {
	eu_ai_act.eu_50_2(_eut_missing({"transparency": {"marks_generated_content": true}})).pass == true
}

test_fail_eu_50_2_not_marked if {
	eu_ai_act.eu_50_2(_eut_missing({"transparency": {"marks_generated_content": false}})) == {
		"pass": false,
		"message": concat(" ", [
			"compliance.transparency.marks_generated_content is false; Art. 50(2) needs",
			"generated content marked as AI-generated",
		]),
	}
}

test_pass_eu_73 if {
	deadlines := {"serious_incident": 10, "death": 5, "widespread_or_critical_infrastructure": 2}
	c := {"incident_reporting": {
		"procedure": "docs/i.md", "deadlines_days": deadlines, "authority": "market-surveillance-authority",
	}}
	eu_ai_act.eu_73(_eut_facts(c, ["docs/i.md"]), _eut_art73).pass == true
}

test_pass_eu_73_ai_office_for_a_system_on_the_providers_own_model if {
	c := {"built_on_own_gpai_model": true, "incident_reporting": {
		"procedure": "docs/i.md", "deadlines_days": _eut_art73, "authority": "ai-office",
	}}
	eu_ai_act.eu_73(_eut_facts(c, ["docs/i.md"]), _eut_art73).pass == true
}

test_fail_eu_73_national_authority_for_a_system_on_the_providers_own_model if {
	c := {"built_on_own_gpai_model": true, "incident_reporting": {
		"procedure": "docs/i.md", "deadlines_days": _eut_art73, "authority": "market-surveillance-authority",
	}}
	out := eu_ai_act.eu_73(_eut_facts(c, ["docs/i.md"]), _eut_art73)
	out.pass == false
	endswith(out.message, concat(" ", [
		"compliance.incident_reporting.authority is \"market-surveillance-authority\"; Art. 73 with",
		"Art. 75 needs serious incidents reported to the ai-office (compliance.built_on_own_gpai_model",
		"is true)",
	]))
}

test_pass_eu_73_excepted_area_stays_national if {
	f := object.union(_eut_facts({"built_on_own_gpai_model": true}, []), {"manifest": {
		"risk": {"domain": "law-enforcement"}, "compliance": {"built_on_own_gpai_model": true},
	}})
	eu_ai_act.reporting_authority(f) == [
		"market-surveillance-authority", "risk.domain is law-enforcement, which stays with the national authority",
	]
}

test_fail_eu_73_deadline_too_long if {
	deadlines := {"serious_incident": 15, "death": 10, "widespread_or_critical_infrastructure": 3}
	c := {"incident_reporting": {"procedure": "docs/i.md", "deadlines_days": deadlines}}
	out := eu_ai_act.eu_73(_eut_facts(c, ["docs/i.md"]), _eut_art73)
	out.pass == false
	contains(out.message, "widespread_or_critical_infrastructure is 3, at most 2 allowed")
}

# ---- controls added with the missing obligations ------------------------------------------------

test_pass_eu_6_3 if {
	eu_ai_act.eu_6_3(_eut_missing({"profiling": false})).pass == true
}

test_fail_eu_6_3_profiling_undeclared if {
	eu_ai_act.eu_6_3(_eut_missing({"high_risk_exemption": {}})) == {
		"pass": false,
		"message": concat(" ", [
			"compliance.profiling is not set; Art. 6(3) keeps an Annex III system that profiles",
			"natural persons high-risk: the exemption needs compliance.profiling declared false",
		]),
	}
}

test_fail_eu_6_3_profiling if {
	eu_ai_act.eu_6_3(_eut_missing({"profiling": true})).pass == false
}

test_pass_eu_6_4 if {
	c := {"high_risk_exemption": {"assessment": "docs/x.md", "eu_database_id": "EU-AI-9"}}
	eu_ai_act.eu_6_4(_eut_facts(c, ["docs/x.md"])).pass == true
}

test_fail_eu_6_4_not_registered if {
	c := {"high_risk_exemption": {"assessment": "docs/x.md"}}
	out := eu_ai_act.eu_6_4(_eut_facts(c, ["docs/x.md"]))
	out.pass == false
	endswith(out.message, concat(" ", [
		"compliance.high_risk_exemption.eu_database_id is not set; Art. 49(2) needs the exempted",
		"system registered in the EU database",
	]))
}

test_pass_eu_10 if {
	eu_ai_act.eu_10(_eut_facts({"data_governance": "docs/d.md"}, ["docs/d.md"])).pass == true
}

test_fail_eu_10_not_declared if {
	eu_ai_act.eu_10(_eut_missing({})) == {
		"pass": false,
		"message": concat(" ", [
			"compliance.data_governance is not declared; Art. 10 needs the documentation of the",
			"training, validation and test data",
		]),
	}
}

test_fail_eu_10_stale if {
	f := object.union(_eut_facts({"data_governance": "docs/d.md"}, []), {"evidence": {"docs/d.md": {
		"exists": true, "detail": "docs/d.md found",
		"probes": {"history": {"status": "verified", "detail": "x", "last_changed": "2025-01-01"}},
	}}})
	out := eu_ai_act.eu_10(f)
	out.pass == false
	contains(out.message, "last changed on 2025-01-01, 689 days before today; the limit is 365 days")
}

test_pass_eu_13 if {
	eu_ai_act.eu_13(_eut_facts({"instructions_for_use": "docs/u.md"}, ["docs/u.md"])).pass == true
}

test_fail_eu_13_placeholder if {
	f := object.union(_eut_facts({"instructions_for_use": "docs/u.md"}, []), {"evidence": {"docs/u.md": {
		"exists": true, "detail": "docs/u.md found",
		"probes": {"document": {"status": "contradicted", "detail": "docs/u.md is a placeholder (\"TBD\")"}},
	}}})
	out := eu_ai_act.eu_13(f)
	out.pass == false
	out.message == concat(" ", [
		"compliance.instructions_for_use is \"docs/u.md\" (docs/u.md is a placeholder (\"TBD\"));",
		"Art. 13 needs the instructions for use for deployers",
	])
}

test_pass_eu_15 if {
	eu_ai_act.eu_15(_eut_facts({"accuracy_metrics": "docs/a.md"}, ["docs/a.md"])).pass == true
}

test_fail_eu_15_not_declared if {
	eu_ai_act.eu_15(_eut_missing({})).pass == false
}

test_pass_eu_16 if {
	eu_ai_act.eu_16(_eut_missing({"provider_contact": "Bank AG, Mainzer Str. 1, Frankfurt"})).pass == true
}

test_fail_eu_16_not_set if {
	eu_ai_act.eu_16(_eut_missing({})).pass == false
}

test_pass_eu_17 if {
	eu_ai_act.eu_17(_eut_facts({"quality_management": "docs/q.md"}, ["docs/q.md"])).pass == true
}

test_fail_eu_17_missing_file if {
	eu_ai_act.eu_17(_eut_missing({"quality_management": "docs/q.md"})).pass == false
}

test_pass_eu_18 if {
	eu_ai_act.eu_18(_eut_missing({"documentation_retention_years": 10}), {"documentation_retention_years": 10}) == {
		"pass": true, "message": "compliance.documentation_retention_years is 10, at least 10",
	}
}

test_fail_eu_18_short if {
	eu_ai_act.eu_18(_eut_missing({"documentation_retention_years": 5}), {"documentation_retention_years": 10}) == {
		"pass": false,
		"message": "compliance.documentation_retention_years is 5; Art. 18 needs documentation kept for 10 years",
	}
}

test_pass_eu_20 if {
	eu_ai_act.eu_20(_eut_facts({"corrective_actions": "docs/c.md"}, ["docs/c.md"])).pass == true
}

test_fail_eu_20_not_declared if {
	eu_ai_act.eu_20(_eut_missing({})).pass == false
}

test_pass_eu_22 if {
	eu_ai_act.eu_22(_eut_missing({"authorised_representative": "EU Rep GmbH, Berlin"})).pass == true
}

test_fail_eu_22_not_set if {
	eu_ai_act.eu_22(_eut_missing({})).pass == false
}

test_pass_eu_26_1 if {
	eu_ai_act.eu_26_1(_eut_facts({"instructions_for_use": "docs/u.md"}, ["docs/u.md"])).pass == true
}

test_fail_eu_26_1_not_declared if {
	eu_ai_act.eu_26_1(_eut_missing({})).pass == false
}

test_pass_eu_26_4 if {
	eu_ai_act.eu_26_4(_eut_facts({"data_governance": "docs/d.md"}, ["docs/d.md"])).pass == true
}

test_fail_eu_26_4_not_declared if {
	eu_ai_act.eu_26_4(_eut_missing({})).pass == false
}

test_pass_eu_26_7 if {
	eu_ai_act.eu_26_7(_eut_facts({"workers_informed": "docs/w.md"}, ["docs/w.md"])).pass == true
}

test_fail_eu_26_7_not_declared if {
	eu_ai_act.eu_26_7(_eut_missing({})).pass == false
}

test_pass_eu_26_8 if {
	eu_ai_act.eu_26_8(_eut_missing({"use_registration_id": "EU-USE-7"})).pass == true
}

test_fail_eu_26_8_not_set if {
	eu_ai_act.eu_26_8(_eut_missing({})).pass == false
}

test_pass_eu_47 if {
	c := {"declaration_of_conformity": "docs/doc.md", "documentation_retention_years": 10}
	eu_ai_act.eu_47(_eut_facts(c, ["docs/doc.md"]), {"documentation_retention_years": 10}).pass == true
}

test_fail_eu_47_kept_too_briefly if {
	c := {"declaration_of_conformity": "docs/doc.md", "documentation_retention_years": 3}
	out := eu_ai_act.eu_47(_eut_facts(c, ["docs/doc.md"]), {"documentation_retention_years": 10})
	out.pass == false
	endswith(out.message, concat(" ", [
		"compliance.documentation_retention_years is 3; Art. 47(1) needs the declaration kept for",
		"10 years",
	]))
}

test_fail_eu_47_the_assessment_record_is_not_the_declaration if {
	c := {"conformity_assessment": {"status": "completed", "record": "docs/a.md"}, "documentation_retention_years": 10}
	eu_ai_act.eu_47(_eut_facts(c, ["docs/a.md"]), {"documentation_retention_years": 10}).pass == false
}

test_pass_eu_48 if {
	eu_ai_act.eu_48(_eut_missing({"ce_marking": true})).pass == true
}

test_fail_eu_48_not_affixed if {
	eu_ai_act.eu_48(_eut_missing({})).pass == false
}

test_pass_eu_49_law_enforcement_non_public_section if {
	f := {"manifest": {"risk": {"domain": "law-enforcement"}, "compliance": {"eu_database_id": "EU-AI-3"}}, "evidence": {}}
	eu_ai_act.eu_49(f) == {"pass": true, "message": concat(" ", [
		"compliance.eu_database_id is \"EU-AI-3\" (declared) (law-enforcement entries go into the",
		"database's secure non-public section, Art. 49(4))",
	])}
}

test_pass_eu_49_5 if {
	eu_ai_act.eu_49_5(_eut_missing({"national_registration_id": "DE-KRITIS-12"})).pass == true
}

test_fail_eu_49_5_not_set if {
	eu_ai_act.eu_49_5(_eut_missing({"eu_database_id": "EU-AI-1"})).pass == false
}

test_pass_eu_50_3 if {
	c := {"transparency": {"exposure_notice": "docs/e.md"}}
	eu_ai_act.eu_50_3(_eut_facts(c, ["docs/e.md"])).pass == true
}

test_fail_eu_50_3_not_declared if {
	eu_ai_act.eu_50_3(_eut_missing({"transparency": {"notice": "docs/n.md"}})).pass == false
}

test_pass_eu_50_4 if {
	c := {"transparency": {"deep_fake_disclosure": "docs/df.md"}}
	eu_ai_act.eu_50_4(_eut_facts(c, ["docs/df.md"])).pass == true
}

test_fail_eu_50_4_not_declared if {
	eu_ai_act.eu_50_4(_eut_missing({})).pass == false
}

test_pass_eu_52 if {
	c := {"gpai_model": {"commission_notification": "docs/n.md"}}
	eu_ai_act.eu_52(_eut_facts(c, ["docs/n.md"]), {"notification_days": 14}).pass == true
}

test_fail_eu_52_not_declared if {
	eu_ai_act.eu_52(_eut_missing({"gpai_model": {}}), {"notification_days": 14}) == {
		"pass": false,
		"message": concat(" ", [
			"compliance.gpai_model.commission_notification is not declared; Art. 52(1) needs the",
			"notification to the Commission, due within 14 days of meeting the threshold",
		]),
	}
}

test_pass_eu_53_1 if {
	c := {"gpai_model": {"technical_documentation": "docs/t.md", "downstream_information": "docs/d.md"}}
	eu_ai_act.eu_53_1(_eut_facts(c, ["docs/t.md", "docs/d.md"])).pass == true
}

test_fail_eu_53_1_no_downstream_information if {
	c := {"gpai_model": {"technical_documentation": "docs/t.md"}}
	eu_ai_act.eu_53_1(_eut_facts(c, ["docs/t.md"])).pass == false
}

test_pass_eu_53_2 if {
	c := {"gpai_model": {"copyright_policy": "docs/c.md", "training_content_summary": "docs/s.md"}}
	eu_ai_act.eu_53_2(_eut_facts(c, ["docs/c.md", "docs/s.md"])).pass == true
}

test_fail_eu_53_2_no_summary if {
	c := {"gpai_model": {"copyright_policy": "docs/c.md"}}
	eu_ai_act.eu_53_2(_eut_facts(c, ["docs/c.md"])).pass == false
}

test_pass_eu_55_1 if {
	c := {"gpai_model": {"adversarial_testing": "docs/r.md"}}
	eu_ai_act.eu_55_1(_eut_facts(c, ["docs/r.md"])).pass == true
}

test_fail_eu_55_1_not_declared if {
	eu_ai_act.eu_55_1(_eut_missing({"gpai_model": {}})).pass == false
}

test_pass_eu_55_2 if {
	c := {"gpai_model": {"systemic_risk_assessment": "docs/s.md"}}
	eu_ai_act.eu_55_2(_eut_facts(c, ["docs/s.md"])).pass == true
}

test_fail_eu_55_2_not_declared if {
	eu_ai_act.eu_55_2(_eut_missing({"gpai_model": {}})).pass == false
}

test_pass_eu_55_3 if {
	c := {"gpai_model": {"incident_reporting": "docs/i.md"}}
	eu_ai_act.eu_55_3(_eut_facts(c, ["docs/i.md"])).pass == true
}

test_fail_eu_55_3_not_declared if {
	eu_ai_act.eu_55_3(_eut_missing({"gpai_model": {}})).pass == false
}

test_pass_eu_55_4 if {
	c := {"gpai_model": {"security_measures": "docs/sec.md"}}
	eu_ai_act.eu_55_4(_eut_facts(c, ["docs/sec.md"])).pass == true
}

test_fail_eu_55_4_not_declared if {
	eu_ai_act.eu_55_4(_eut_missing({"gpai_model": {}})).pass == false
}

test_pass_eu_72 if {
	eu_ai_act.eu_72(_eut_facts({"post_market_monitoring_plan": "docs/p.md"}, ["docs/p.md"])).pass == true
}

test_fail_eu_72_not_declared if {
	eu_ai_act.eu_72(_eut_missing({})).pass == false
}

test_pass_eu_86 if {
	eu_ai_act.eu_86(_eut_facts({"explanation_procedure": "docs/x.md"}, ["docs/x.md"])).pass == true
}

test_fail_eu_86_not_declared if {
	eu_ai_act.eu_86(_eut_missing({})).pass == false
}

test_fail_eu_43_modified_after_the_assessment if {
	c := {
		"substantially_modified": "2027-03-01",
		"conformity_assessment": {"status": "completed", "record": "docs/d.md", "completed_on": "2026-10-01"},
	}
	out := eu_ai_act.eu_43(_eut_facts(c, ["docs/d.md"]))
	out.pass == false
	contains(out.message, concat(" ", [
		"compliance.substantially_modified is 2027-03-01, after the assessment completed on",
		"2026-10-01, so a new conformity assessment is needed",
	]))
}

test_pass_eu_43_assessed_after_the_modification if {
	c := {
		"substantially_modified": "2026-09-01",
		"conformity_assessment": {"status": "completed", "record": "docs/d.md", "completed_on": "2026-10-01"},
	}
	eu_ai_act.eu_43(_eut_facts(c, ["docs/d.md"])).pass == true
}

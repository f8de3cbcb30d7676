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
	eu_ai_act.eu_26_11(_eut_facts({"transparency": {"notice": "docs/n.md"}}, ["docs/n.md"])).pass == true
}

test_fail_eu_26_11_missing_file if {
	eu_ai_act.eu_26_11(_eut_missing({"transparency": {"notice": "docs/n.md"}})).pass == false
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
	c := {"incident_reporting": {"procedure": "docs/i.md", "deadlines_days": deadlines}}
	eu_ai_act.eu_73(_eut_facts(c, ["docs/i.md"]), _eut_art73).pass == true
}

test_fail_eu_73_deadline_too_long if {
	deadlines := {"serious_incident": 15, "death": 10, "widespread_or_critical_infrastructure": 3}
	c := {"incident_reporting": {"procedure": "docs/i.md", "deadlines_days": deadlines}}
	out := eu_ai_act.eu_73(_eut_facts(c, ["docs/i.md"]), _eut_art73)
	out.pass == false
	contains(out.message, "widespread_or_critical_infrastructure is 3, at most 2 allowed")
}

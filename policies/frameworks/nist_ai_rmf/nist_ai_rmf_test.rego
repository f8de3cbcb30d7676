package aimm.frameworks.nist_ai_rmf_test

import data.aimm.frameworks.nist_ai_rmf

_nistt_facts(c, found) := {
	"manifest": {"compliance": c},
	"evidence": {p: {"exists": true, "detail": concat("", [p, " found"])} | some p in found},
	"today": "2026-11-21",
}

test_pass_nist_1 if {
	nist_ai_rmf.nist_1(_nistt_facts({"risk_management": "r.md"}, ["r.md"])).pass == true
}

test_fail_nist_1_not_declared if {
	nist_ai_rmf.nist_1(_nistt_facts({}, [])) == {
		"pass": false,
		"message": "compliance.risk_management is not declared; GOVERN 1 needs the system's risk-management record",
	}
}

test_pass_nist_2 if {
	nist_ai_rmf.nist_2(_nistt_facts({"ai_literacy": "l.md"}, ["l.md"])).pass == true
}

test_fail_nist_2_missing_file if {
	nist_ai_rmf.nist_2(_nistt_facts({"ai_literacy": "l.md"}, [])).pass == false
}

test_pass_nist_3_roles_without_procedure if {
	nist_ai_rmf.nist_3(_nistt_facts({"human_oversight": {"can_stop": "a", "can_override": "b"}}, [])).pass == true
}

test_fail_nist_3_without_override if {
	nist_ai_rmf.nist_3(_nistt_facts({"human_oversight": {"can_stop": "a"}}, [])).pass == false
}

test_pass_nist_4 if {
	nist_ai_rmf.nist_4(_nistt_facts({"impact_assessment": "i.md"}, ["i.md"])).pass == true
}

test_fail_nist_4_not_declared if {
	nist_ai_rmf.nist_4(_nistt_facts({}, [])).pass == false
}

test_pass_nist_5 if {
	nist_ai_rmf.nist_5(_nistt_facts({"human_oversight": {"can_stop": "a", "procedure": "o.md"}}, ["o.md"])).pass == true
}

test_fail_nist_5_procedure_missing if {
	nist_ai_rmf.nist_5(_nistt_facts({"human_oversight": {"can_stop": "a", "procedure": "o.md"}}, [])).pass == false
}

test_pass_nist_6 if {
	nist_ai_rmf.nist_6(_nistt_facts({"incident_reporting": {"procedure": "i.md"}}, ["i.md"])).pass == true
}

test_fail_nist_6_not_declared if {
	nist_ai_rmf.nist_6(_nistt_facts({}, [])).pass == false
}

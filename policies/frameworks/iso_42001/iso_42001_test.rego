package aimm.frameworks.iso_42001_test

import data.aimm.frameworks.iso_42001

_isot_facts(c, found) := {
	"manifest": {"compliance": c},
	"evidence": {p: {"exists": true, "detail": concat("", [p, " found"])} | some p in found},
	"today": "2026-11-21",
}

test_pass_iso_1 if {
	iso_42001.iso_1(_isot_facts({"ai_literacy": "l.md"}, ["l.md"])).pass == true
}

test_fail_iso_1_not_declared if {
	iso_42001.iso_1(_isot_facts({}, [])) == {
		"pass": false,
		"message": "compliance.ai_literacy is not declared; A.4.6 needs the record of competences and training",
	}
}

test_pass_iso_2 if {
	iso_42001.iso_2(_isot_facts({"impact_assessment": "i.md"}, ["i.md"])).pass == true
}

test_fail_iso_2_missing_file if {
	iso_42001.iso_2(_isot_facts({"impact_assessment": "i.md"}, [])).pass == false
}

test_pass_iso_3 if {
	iso_42001.iso_3(_isot_facts({"technical_documentation": "t.md"}, ["t.md"])).pass == true
}

test_fail_iso_3_not_declared if {
	iso_42001.iso_3(_isot_facts({}, [])).pass == false
}

test_pass_iso_4 if {
	c := {"transparency": {"notice": "n.md", "user_information": "u.md"}}
	iso_42001.iso_4(_isot_facts(c, ["n.md", "u.md"])).pass == true
}

test_fail_iso_4_missing_file if {
	iso_42001.iso_4(_isot_facts({"transparency": {"user_information": "u.md"}}, [])).pass == false
}

test_fail_iso_4_the_chat_disclosure_is_not_the_user_information if {
	iso_42001.iso_4(_isot_facts({"transparency": {"notice": "n.md"}}, ["n.md"])) == {
		"pass": false,
		"message": concat("", [
			"compliance.transparency.user_information is not declared; ",
			"A.8.2 needs the system documentation and information for users",
		]),
	}
}

test_fail_iso_4_one_file_for_two_notices if {
	c := {"transparency": {"notice": "docs/n.md", "user_information": "./docs/n.md"}}
	iso_42001.iso_4(_isot_facts(c, ["docs/n.md", "./docs/n.md"])).message == concat("", [
		"compliance.transparency.user_information is \"./docs/n.md\", the same file as ",
		"compliance.transparency.notice; each notice needs a document of its own; ",
		"A.8.2 needs the system documentation and information for users",
	])
}

test_pass_iso_5 if {
	iso_42001.iso_5(_isot_facts({"incident_reporting": {"procedure": "i.md"}}, ["i.md"])).pass == true
}

test_fail_iso_5_not_declared if {
	iso_42001.iso_5(_isot_facts({"incident_reporting": {}}, [])).pass == false
}

test_pass_iso_6 if {
	c := {"human_oversight": {"can_stop": "a", "can_override": "b", "procedure": "o.md"}}
	iso_42001.iso_6(_isot_facts(c, ["o.md"])).pass == true
}

test_fail_iso_6_without_override if {
	c := {"human_oversight": {"can_stop": "a", "procedure": "o.md"}}
	iso_42001.iso_6(_isot_facts(c, ["o.md"])).pass == false
}

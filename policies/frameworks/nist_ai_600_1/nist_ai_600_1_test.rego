package aimm.frameworks.nist_ai_600_1_test

import data.aimm.frameworks.nist_ai_600_1

_gait_facts(c, found) := {
	"manifest": {"compliance": c},
	"evidence": {p: {"exists": true, "detail": concat("", [p, " found"])} | some p in found},
	"today": "2026-11-21",
}

test_pass_genai_1 if {
	c := {"human_oversight": {"can_stop": "on-call", "can_override": "editor"}}
	nist_ai_600_1.genai_1(_gait_facts(c, [])) == {
		"pass": true,
		"message": "compliance.human_oversight.can_stop is \"on-call\", compliance.human_oversight.can_override is \"editor\"",
	}
}

test_fail_genai_1_without_override if {
	c := {"human_oversight": {"can_stop": "on-call"}}
	nist_ai_600_1.genai_1(_gait_facts(c, [])) == {
		"pass": false,
		"message": concat("", [
			"compliance.human_oversight.can_override is not set; ",
			"risk 7 (human-AI configuration) needs the roles that oversee the system and may intervene",
		]),
	}
}

test_pass_genai_2 if {
	c := {"transparency": {"marks_generated_content": true}}
	nist_ai_600_1.genai_2(_gait_facts(c, [])) == {
		"pass": true,
		"message": "compliance.transparency.marks_generated_content is true",
	}
}

test_fail_genai_2_not_marked if {
	c := {"transparency": {"marks_generated_content": false}}
	nist_ai_600_1.genai_2(_gait_facts(c, [])) == {
		"pass": false,
		"message": concat("", [
			"compliance.transparency.marks_generated_content is false; ",
			"risk 8 (information integrity) needs generated content marked as AI-generated",
		]),
	}
}

test_pass_genai_3 if {
	c := {"incident_reporting": {"procedure": "docs/incidents.md"}}
	nist_ai_600_1.genai_3(_gait_facts(c, ["docs/incidents.md"])).pass == true
}

test_fail_genai_3_not_declared if {
	nist_ai_600_1.genai_3(_gait_facts({}, [])) == {
		"pass": false,
		"message": concat("", [
			"compliance.incident_reporting.procedure is not declared; ",
			"incident disclosure needs the documented incident procedure",
		]),
	}
}

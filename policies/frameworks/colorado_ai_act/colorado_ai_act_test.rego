package aimm.frameworks.colorado_ai_act_test

import data.aimm.frameworks.colorado_ai_act

_cot_facts(c, found) := {
	"manifest": {"compliance": c},
	"evidence": {p: {"exists": true, "detail": concat("", [p, " found"])} | some p in found},
	"today": "2027-01-02",
}

test_pass_co_1 if {
	colorado_ai_act.co_1(_cot_facts({"documentation_retention_years": 3}, []), {"records_retention_years": 3}) == {
		"pass": true, "message": "compliance.documentation_retention_years is 3, at least 3",
	}
}

test_fail_co_1_short if {
	colorado_ai_act.co_1(_cot_facts({"documentation_retention_years": 2}, []), {"records_retention_years": 3}) == {
		"pass": false,
		"message": "compliance.documentation_retention_years is 2; SB 26-189 needs compliance records kept for 3 years",
	}
}

test_pass_co_2 if {
	c := {"explanation_procedure": "docs/explanations.md"}
	colorado_ai_act.co_2(_cot_facts(c, ["docs/explanations.md"])).pass == true
}

test_fail_co_2_not_declared if {
	colorado_ai_act.co_2(_cot_facts({}, [])) == {
		"pass": false,
		"message": concat("", [
			"compliance.explanation_procedure is not declared; ",
			"SB 26-189 needs the procedure that explains adverse decisions",
		]),
	}
}

test_pass_co_3 if {
	c := {"instructions_for_use": "docs/use.md"}
	colorado_ai_act.co_3(_cot_facts(c, ["docs/use.md"])).pass == true
}

test_fail_co_3_not_declared if {
	colorado_ai_act.co_3(_cot_facts({}, [])) == {
		"pass": false,
		"message": concat("", [
			"compliance.instructions_for_use is not declared; ",
			"SB 26-189 needs the developer's documentation for deployers",
		]),
	}
}

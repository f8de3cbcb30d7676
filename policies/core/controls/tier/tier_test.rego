package aimm.core.controls.tier_test

import data.aimm.core.controls.tier

_domains := [
	"biometrics", "critical-infrastructure", "education", "employment", "essential-services",
	"credit-scoring", "insurance", "law-enforcement", "migration", "justice", "democratic-processes",
]

# _risk builds the four scored facts in a general domain.
_risk(autonomy, sensitivity, exposure, criticality) := {
	"domain": "general",
	"autonomy": autonomy,
	"data_sensitivity": sensitivity,
	"exposure": exposure,
	"criticality": criticality,
}

_tier_facts(risk) := {
	"manifest": {"system": {"type": "agent", "lifecycle": "production"}, "risk": risk},
	"evidence": {},
	"today": "2026-11-21",
}

# Score 2 (low), 3 and 4 (medium), 5 and 6 (high), 7 (critical).
_s0 := _risk("suggest", "public", "internal", "low")

_s2 := _risk("suggest", "personal", "internal", "low")

_s3 := _risk("suggest", "personal", "internal", "medium")

_s4 := _risk("suggest", "personal", "internal", "high")

_s5 := _risk("act-with-approval", "personal", "internal", "high")

_s6 := _risk("act-with-approval", "personal", "customers", "high")

_s7 := _risk("act-autonomously", "personal", "customers", "high")

_s10 := _risk("act-autonomously", "special-category", "public", "critical")

_plus(risk, extra) := object.union(risk, extra)

test_pass_score_bands if {
	scores := [tier.score(_tier_facts(r)) | some r in [_s0, _s2, _s3, _s4, _s5, _s6, _s7, _s10]]
	scores == [0, 2, 3, 4, 5, 6, 7, 10]
}

test_pass_boundary_2_3 if {
	tier.computed(_tier_facts(_s2)) == "low"
	tier.computed(_tier_facts(_s3)) == "medium"
}

test_pass_boundary_4_5 if {
	tier.computed(_tier_facts(_s4)) == "medium"
	tier.computed(_tier_facts(_s5)) == "high"
}

test_pass_boundary_6_7 if {
	tier.computed(_tier_facts(_s6)) == "high"
	tier.computed(_tier_facts(_s7)) == "critical"
}

test_pass_extremes if {
	tier.computed(_tier_facts(_s0)) == "low"
	tier.computed(_tier_facts(_s10)) == "critical"
}

test_pass_internal_and_public_sensitivity_weigh_the_same if {
	tier.score(_tier_facts(_risk("suggest", "internal", "internal", "low"))) == 0
	tier.score(_tier_facts(_risk("suggest", "confidential", "public", "low"))) == 3
}

test_pass_every_annex_iii_domain_is_at_least_high if {
	every d in _domains {
		tier.computed(_tier_facts(_plus(_s0, {"domain": d}))) == "high"
	}
}

test_pass_annex_iii_domain_acting_autonomously_is_critical if {
	every d in _domains {
		risk := _plus(_risk("act-autonomously", "public", "internal", "low"), {"domain": d})
		tier.computed(_tier_facts(risk)) == "critical"
	}
}

test_pass_domain_keeps_a_higher_score_tier if {
	risk := _plus(_s7, {"domain": "education", "autonomy": "act-with-approval"})
	tier.computed(_tier_facts(risk)) == "high"
	tier.computed(_tier_facts(_plus(_s10, {"domain": "education", "autonomy": "suggest"}))) == "critical"
}

test_pass_general_domain_does_not_raise if {
	tier.computed(_tier_facts(_risk("act-autonomously", "public", "internal", "low"))) == "low"
	not tier.regulated(_tier_facts(_s0))
	tier.regulated(_tier_facts(_plus(_s0, {"domain": "justice"})))
}

test_pass_declared_absent if {
	f := _tier_facts(_s5)
	tier.declared(f) == null
	tier.effective(f) == "high"
	tier.risk_2(f) == {
		"pass": true,
		"message": "risk.declared_tier is not set; the computed tier high (score 5) is used",
	}
}

test_pass_risk_2_declared_above_computed_is_used if {
	f := _tier_facts(_plus(_s3, {"declared_tier": "critical"}))
	tier.computed(f) == "medium"
	tier.declared(f) == "critical"
	tier.effective(f) == "critical"
	tier.risk_2(f) == {
		"pass": true,
		"message": "risk.declared_tier is critical, not lower than the computed tier medium (score 3)",
	}
}

test_pass_declared_equal_to_computed if {
	f := _tier_facts(_plus(_s5, {"declared_tier": "high"}))
	tier.effective(f) == "high"
	tier.risk_2(f).pass == true
}

test_fail_risk_2_declared_below_computed if {
	f := _tier_facts(_plus(_s6, {"declared_tier": "low"}))
	tier.effective(f) == "high"
	tier.risk_2(f) == {"pass": false, "message": concat("", [
		"risk.declared_tier is low, lower than the computed tier high (score 6); ",
		"declare high or remove declared_tier",
	])}
}

test_fail_declared_below_domain_raised_tier if {
	f := _tier_facts(_plus(_s0, {"domain": "employment", "declared_tier": "medium"}))
	tier.effective(f) == "high"
	tier.risk_2(f) == {"pass": false, "message": concat("", [
		"risk.declared_tier is medium, lower than the computed tier high (score 0, domain employment); ",
		"declare high or remove declared_tier",
	])}
}

test_fail_declared_unknown_value if {
	f := _tier_facts(_plus(_s5, {"declared_tier": "extreme"}))
	tier.declared(f) == null
	tier.effective(f) == "high"
	tier.risk_2(f) == {
		"pass": false,
		"message": "risk.declared_tier is \"extreme\"; expected one of low, medium, high, critical",
	}
}

test_fail_unknown_risk_value_fails_closed if {
	f := _tier_facts(_plus(_s5, {"autonomy": "yolo"}))
	not tier.score(f)
	not tier.computed(f)
	not tier.effective(f)
	tier.risk_2(f) == {
		"pass": false,
		"message": "risk.autonomy is \"yolo\"; expected one of act-autonomously, act-with-approval, suggest",
	}
}

test_fail_missing_risk_fact_fails_closed if {
	f := _tier_facts(object.remove(_s5, ["criticality"]))
	not tier.score(f)
	tier.risk_2(f).pass == false
	tier.risk_2(f).message == "risk.criticality is null; expected one of critical, high, low, medium"
}

test_pass_risk_1_not_prohibited if {
	f := _tier_facts(_plus(_s5, {"prohibited_practices": []}))
	not tier.is_prohibited(f)
	not tier.is_prohibited(_tier_facts(_s5))
	tier.risk_1(f) == {"pass": true, "message": "risk.prohibited_practices is empty"}
}

test_fail_risk_1_prohibited if {
	f := _tier_facts(_plus(_s0, {"prohibited_practices": ["social-scoring"], "declared_tier": "low"}))
	tier.is_prohibited(f)
	tier.effective(f) == "prohibited"
	tier.computed(f) == "low"
	tier.risk_1(f) == {"pass": false, "message": concat("", [
		"risk.prohibited_practices lists social-scoring; ",
		"a prohibited practice fails the gate and cannot be waived",
	])}
	tier.prohibited_summary(f) == "risk.prohibited_practices lists social-scoring"
}

test_fail_prohibited_wrong_type_fails_closed if {
	tier.is_prohibited(_tier_facts(_plus(_s0, {"prohibited_practices": "social-scoring"})))
}

test_pass_results_are_published_for_input if {
	# results is a partial object over input: empty when there is no input, never an error.
	count(tier.results) >= 0
}

test_pass_higher_and_rank if {
	tier.higher("low", "high") == "high"
	tier.higher("critical", "medium") == "critical"
	tier.rank("low") == 0
	not tier.rank("prohibited")
	tier.top == "critical"
}

test_pass_computed_from_score_matches_computed if {
	f := _tier_facts(_s7)
	tier.computed_from_score(f, tier.score(f)) == tier.computed(f)
	tier.computed_from_score(f, 2) == "low"
	tier.computed_from_score(_tier_facts(_plus(_s0, {"domain": "employment"})), 0) == "high"
}

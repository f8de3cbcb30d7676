# The self-assessment read back from facts: the seed's bands, the derived answers, claims that
# lack facts, and the notes on the capability profile and level 5.
package aimm.models.aiops_capability.assessment_test

import data.aimm.models.aiops_capability.assessment

_claiming(posture, answers) := {
	"manifest": {
		"system": {"type": "agent"},
		"posture": posture,
		"assessment": {"aiops-capability": {"answers": answers, "assessed_on": "2026-11-20"}},
	},
	"today": "2026-11-21",
}

_facts_only(posture) := {"manifest": {"system": {"type": "agent"}, "posture": posture}, "today": "2026-11-21"}

test_pass_band_edges if {
	assessment.band(0) == 0
	assessment.band(10) == 0
	assessment.band(11) == 1
	assessment.band(30) == 2
	assessment.band(31) == 3
	assessment.band(50) == 4
	assessment.band(51) == 5
	assessment.band(60) == 5
}

test_fail_band_outside_the_scale if {
	not assessment.band(61)
}

test_pass_derivable_max_leaves_out_claims_only if {
	# q6 and q12 can reach 5 from facts, q11 4, the other nine 4: 5 + 5 + 10 * 4 = 50.
	assessment.derivable_max == 50
}

test_pass_score_sections if {
	answers := {
		"q1": 2, "q2": 2, "q3": 3, "q4": 3, "q5": 3, "q6": 3,
		"q7": 4, "q8": 4, "q9": 3, "q10": 3, "q11": 4, "q12": 4,
	}
	assessment.score(answers) == {
		"total": 38, "level": 3, "name": "Systematic",
		"sections": [
			{"id": "gateway", "title": "Gateway and access", "score": 4},
			{"id": "observability", "title": "Observability", "score": 6},
			{"id": "memory", "title": "Memory and knowledge", "score": 6},
			{"id": "orchestration", "title": "Orchestration", "score": 8},
			{"id": "cost", "title": "Cost management", "score": 6},
			{"id": "security", "title": "Security", "score": 8},
		],
	}
}

test_pass_facts_only_has_no_claim if {
	a := assessment.assessment_of(_facts_only({"security": {"pii": "detection"}}))
	a.evidenced.total == 3
	a.evidenced.level == 0
	not a.claimed
	not a.gaps
}

test_pass_claim_backed_by_facts if {
	a := assessment.assessment_of(_claiming({"security": {"pii": "detection"}}, {"q12": 3}))
	a.claimed.total == 3
	a.evidenced.total == 3
	a.gaps == []
}

test_fail_claim_without_facts if {
	a := assessment.assessment_of(_claiming({"security": {"pii": "detection"}}, {"q1": 2, "q12": 4}))
	a.claimed.total == 6
	a.evidenced.total == 3
	a.gaps == [
		{
			"question": "q1", "short": "access path", "claimed": 2, "evidenced": 0,
			"needs": "gateway.mode gateway with all_traffic true",
		},
		{
			"question": "q12", "short": "sensitive data", "claimed": 4, "evidenced": 3,
			"needs": "security.pii dlp or auto-classify",
		},
	]
}

test_fail_claim_only_answer if {
	a := assessment.assessment_of(_claiming({}, {"q7": 5}))
	a.gaps == [{
		"question": "q7", "short": "workflow complexity", "claimed": 5, "evidenced": 0,
		"needs": "a claim only: no fact can show this answer",
	}]
}

test_pass_notes_name_the_profile_and_level_5 if {
	assessment.notes_of(_facts_only({})) == [
		concat("", [
			"memory and orchestration describe what the system is built to do, not how well it is run: ",
			"a capability profile, with no floor in any tier",
		]),
		concat("", [
			"level 5 needs runtime evidence: each level-5 cell reads a measured indicator under ",
			"observations.kpis (measured within 90 days), so posture declarations alone reach at most level 4",
		]),
	]
}

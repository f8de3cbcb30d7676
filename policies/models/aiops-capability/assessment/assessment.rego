# The self-assessment of the aiops-capability pack (seed 001), read back from the facts: each
# of the twelve answers is derived as its question's rung (the highest option whose facts hold,
# aimm.models.aiops_capability.rungs), summed into the seed's 0-60 score and band, and shown
# beside the answers the team claimed (manifest assessment.aiops-capability, written by aimm
# assess). Claims never change a level or the gate: only the facts do. Queried after the report
# is assembled (model.yaml report); not a control package.
package aimm.models.aiops_capability.assessment

import data.aimm.core.lib
import data.aimm.models.aiops_capability.rungs

_model := data.aimm.models.aiops_capability.model

_questionnaire := _model.questionnaire

# The grid row each question reads (its rung is the derived answer).
_rows := {
	"q1": "access", "q2": "fallback", "q3": "trace", "q4": "quality", "q5": "sessions",
	"q6": "knowledge", "q7": "workflow", "q8": "tools", "q9": "spend", "q10": "budget",
	"q11": "access_control", "q12": "pii",
}

# assessment is the derived score, and the claimed one beside it when the manifest has answers.
assessment := assessment_of(input)

# notes are what the report says of the pack itself: the capability profile, and that level 5
# is out of reach of declarations.
notes := notes_of(input)

# derived is each question's answer as the facts show it.
derived(f) := {
	"q1": rungs.access(f), "q2": rungs.fallback(f), "q3": rungs.trace(f), "q4": rungs.quality(f),
	"q5": rungs.sessions(f), "q6": rungs.knowledge(f), "q7": rungs.workflow(f), "q8": rungs.tools(f),
	"q9": rungs.spend(f), "q10": rungs.budget(f), "q11": rungs.access_control(f), "q12": rungs.pii(f),
}

# claimed is the team's answers (q1..q12, 0-5; a question left out counts 0); undefined
# without an assessment.
claimed(f) := {q.id: n |
	some q in _questionnaire.questions
	n := _answer(answers, q.id)
} if {
	answers := _answers(f)
}

_answers(f) := a if {
	a := lib.get(f, ["assessment", "aiops-capability", "answers"], null)
	is_object(a)
}

_answer(answers, id) := n if {
	n := answers[id]
	is_number(n)
} else := 0

assessment_of(f) := object.union(_evidenced_part(ev), _claimed_part(f, ev)) if {
	ev := derived(f)
}

_evidenced_part(ev) := {
	"evidenced": score(ev),
	"derivable_max": derivable_max,
	"questions": [entry |
		some q in _questionnaire.questions
		n := ev[q.id]
		entry := {"id": q.id, "short": q.short, "evidenced": n}
	],
}

_claimed_part(f, ev) := {
	"claimed": score(cl),
	"assessed_on": lib.get(f, ["assessment", "aiops-capability", "assessed_on"], null),
	"assessed_by": lib.get(f, ["assessment", "aiops-capability", "assessed_by"], null),
	"questions": [entry |
		some q in _questionnaire.questions
		c := cl[q.id]
		e := ev[q.id]
		entry := {"id": q.id, "short": q.short, "claimed": c, "evidenced": e}
	],
	"gaps": [gap |
		some q in _questionnaire.questions
		c := cl[q.id]
		e := ev[q.id]
		c > e
		gap := {"question": q.id, "short": q.short, "claimed": c, "evidenced": e, "needs": _needs(q, c)}
	],
} if {
	cl := claimed(f)
} else := {}

# score is a set of answers as the seed adds them up: the total (0-60), its band's level and
# name, and each section's score (out of 10).
score(answers) := {
	"total": total,
	"level": level,
	"name": _level_name(level),
	"sections": [{"id": s.id, "title": s.title, "score": n} |
		some s in _questionnaire.sections
		n := sum([a | some id in s.questions; a := answers[id]])
	],
} if {
	total := sum([n | some id; n := answers[id]])
	level := band(total)
}

# band is the level a total names (the seed's 0-10 L0 .. 51-60 L5).
band(total) := b.level if {
	some b in _questionnaire.bands
	total >= b.min
	total <= b.max
}

_level_name(level) := entry.name if {
	some entry in _model.levels
	entry.level == level
}

# derivable_max is the highest total facts can show: options marked claim_only never count.
derivable_max := sum([top |
	some q in _questionnaire.questions
	scores := {o.score | some o in q.options; not o.claim_only}
	top := _highest_score(scores)
])

# rego-cpp: max() compares numbers as text; these are single digits, walked.
_highest_score(scores) := n if {
	some n in scores
	every m in scores {
		m <= n
	}
}

# _needs says what the facts need to show a claimed answer.
_needs(q, answer) := "a claim only: no fact can show this answer" if {
	some o in q.options
	o.score == answer
	o.claim_only == true
} else := rungs.need(_rows[q.id], answer)

notes_of(f) := [
	concat("", [
		concat(" and ", _model.capability_profile),
		" describe what the system is built to do, not how well it is run: a capability",
		" profile, with no floor in any tier",
	]),
	concat("", [
		"level 5 needs runtime evidence: each level-5 cell reads a measured indicator under",
		" observations.kpis (measured within ", lib.show(lib.observation_limit(f)),
		" days), so posture declarations alone reach at most level 4",
	]),
]

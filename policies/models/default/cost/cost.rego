# Cost controls (COS-*): the cost row of the maturity grid (manifest-v1, section 2).
# Each control is a function of the facts document f and returns lib.outcome(ok, message).
# Absent facts read as their weakest value (an absent limit is no limit at that scope);
# a fact of the wrong type fails, never passes.
package aimm.models.default.cost

import data.aimm.core.lib

results["COS-2.1"] := cos_2_1(input)

results["COS-3.1"] := cos_3_1(input)

results["COS-3.2"] := cos_3_2(input)

results["COS-4.1"] := cos_4_1(input)

results["COS-4.2"] := cos_4_2(input)

results["COS-4.3"] := cos_4_3(input)

results["COS-5.1"] := cos_5_1(input)

results["COS-5.2"] := cos_5_2(input)

_dim := "cost"

# COS-2.1, L2 "dashboards is per-team or central".
cos_2_1(f) := lib.one_of(f, _dim, ["dashboards"], {"per-team", "central"}, 2, "per-team or central")

# COS-3.1, L3 "dashboards central".
cos_3_1(f) := lib.one_of(f, _dim, ["dashboards"], {"central"}, 3, "central")

# COS-3.2, L3 "alerts enabled with at least one threshold" (a threshold is a number).
cos_3_2(f) := lib.outcome(ok, lib.needs(observed, 3, _alerts_need)) if {
	p := lib.posture_of(f, _dim)
	ok := _alerts(p)
	observed := concat(" and ", [
		lib.fact(p, _dim, ["alerts", "enabled"], "boolean"),
		lib.fact(p, _dim, ["alerts", "thresholds"], "array"),
	])
} else := lib.unreadable(_dim, ["alerts"], 3, _alerts_need)

_alerts_need := "alerts.enabled true and at least one number in alerts.thresholds"

_alerts(p) if {
	lib.is_true(object.get(p, ["alerts", "enabled"], false))
	thresholds := object.get(p, ["alerts", "thresholds"], [])
	is_array(thresholds)
	some t in thresholds
	is_number(t)
} else := false

# COS-4.1, L4 "limits.enforcement is server".
cos_4_1(f) := lib.one_of(f, _dim, ["limits", "enforcement"], {"server"}, 4, "server")

# COS-4.2, L4 "org, project and user limits all set" (each a number >= 0). A classical ML
# system has no users spending tokens: a per-model or per-job compute budget takes the place of
# the per-user limit.
cos_4_2(f) := _ml_set(p, _ml_problems(p)) if {
	lib.classical_ml(f)
	p := lib.posture_of(f, _dim)
} else := _all_set(p, _limit_problems(p, _scopes)) if {
	p := lib.posture_of(f, _dim)
} else := lib.unreadable(_dim, ["limits"], 4, _set_need)

_ml_set_need := concat(" ", [lib.type_note, "level 4 needs limits.org, limits.project and limits.model or limits.job set"])

_ml_set(p, problems) := lib.outcome(true, concat("; ", [_limits_fact(p, _ml_scopes(p)), _ml_set_need])) if {
	count(problems) == 0
} else := lib.outcome(false, concat("; ", array.concat(problems, [_ml_set_need])))

# _ml_scopes are the classical scopes that hold a valid limit, in order from the smallest.
_ml_scopes(p) := [s | some s in _ml_chain; _limit(p, s)]

_ml_chain := ["job", "model", "project", "org"]

# _ml_problems: org and project must be valid limits, and model or job must be set.
_ml_problems(p) := array.concat(_limit_problems(p, ["org", "project"]), _budget_problem(p))

_budget_problem(p) := [] if {
	some s in ["model", "job"]
	_limit(p, s)
} else := [concat("", [
	lib.fact(p, _dim, ["limits", "model"], "number"), " and ",
	lib.fact(p, _dim, ["limits", "job"], "number"),
])]

# _all_set decides COS-4.2 from the problems with org, project and user, computed once.
_all_set(p, problems) := lib.outcome(true, lib.needs(_limits_fact(p, _scopes), 4, _set_need)) if {
	count(problems) == 0
} else := lib.outcome(false, lib.needs(concat("; ", problems), 4, _set_need))

_scopes := ["org", "project", "user"]

_set_need := "limits.org, limits.project and limits.user all set"

# COS-4.3, L4 "user <= project <= org, and session <= user when session is set".
# Fails when org, project or user is not set, or when session is set but not a valid limit.
# For a classical ML system: job <= model <= project <= org, over the scopes that are set.
cos_4_3(f) := _ml_composes(p, _ml_problems(p)) if {
	lib.classical_ml(f)
	p := lib.posture_of(f, _dim)
} else := _composes(p, _limit_problems(p, array.concat(_scopes, _session_scope(p)))) if {
	p := lib.posture_of(f, _dim)
} else := lib.unreadable(_dim, ["limits"], 4, _compose_need)

_ml_compose_need := concat(" ", [lib.type_note, "level 4 needs job <= model <= project <= org (for those set)"])

_ml_composes(p, problems) := lib.outcome(false, concat("; ", array.concat(problems, [_ml_compose_need]))) if {
	count(problems) > 0
} else := lib.outcome(true, concat("; ", [_ml_chain_text(p, set), _ml_compose_need])) if {
	set := _ml_scopes(p)
	count(_ml_violations(p, set)) == 0
} else := lib.outcome(false, concat("; ", array.concat(_ml_violations(p, set), [_ml_compose_need]))) if {
	set := _ml_scopes(p)
}

# _ml_violations compares each set scope with the next set scope above it.
_ml_violations(p, set) := [v |
	some i in numbers.range(0, count(set) - 2)
	lower := set[i]
	upper := set[i + 1]
	_limit(p, lower) > _limit(p, upper)
	v := concat("", [
		lib.fact_name(_dim, ["limits", lower]), " is ", lib.show(_limit(p, lower)), ", above ",
		upper, " ", lib.show(_limit(p, upper)),
	])
]

# _ml_chain_text: "posture.cost.limits has job 50 <= model 2000 <= project 8000 <= org 50000".
_ml_chain_text(p, set) := concat("", [
	lib.fact_name(_dim, ["limits"]), " has ",
	concat(" <= ", [text | some s in set; text := concat(" ", [s, lib.show(_limit(p, s))])]),
])

# _composes decides COS-4.3 once every limit it compares is valid.
_composes(p, problems) := lib.outcome(false, lib.needs(concat("; ", problems), 4, _compose_need)) if {
	count(problems) > 0
} else := _compose_outcome(p, _violations(p))

_compose_outcome(p, violations) := lib.outcome(true, lib.needs(_composed(p), 4, _compose_need)) if {
	count(violations) == 0
} else := lib.outcome(false, lib.needs(concat("; ", violations), 4, _compose_need))

_compose_need := "user <= project <= org, and session <= user when session is set"

# _session_scope: session is checked only when it is set.
_session_scope(p) := ["session"] if {
	lib.present(p, ["limits", "session"])
} else := []

# _violations lists every pair of limits that does not compose; all values are valid numbers here.
_violations(p) := [v |
	some pair in [["user", "project"], ["project", "org"], ["session", "user"]]
	lower := _limit(p, pair[0])
	upper := _limit(p, pair[1])
	lower > upper
	v := concat("", [
		lib.fact_name(_dim, ["limits", pair[0]]), " is ", lib.show(lower), ", above ",
		pair[1], " ", lib.show(upper),
	])
]

# _composed: "posture.cost.limits has user 200 <= project 8000 <= org 50000, session 5 <= user 200".
_composed(p) := concat("", [
	lib.fact_name(_dim, ["limits"]), " has user ", lib.show(_limit(p, "user")),
	" <= project ", lib.show(_limit(p, "project")),
	" <= org ", lib.show(_limit(p, "org")), ", ", _session_text(p),
])

_session_text(p) := concat("", ["session ", lib.show(s), " <= user ", lib.show(_limit(p, "user"))]) if {
	s := _limit(p, "session")
} else := "no session limit"

# _limit is a valid limit (a number >= 0) at one scope; undefined otherwise.
_limit(p, scope) := x if {
	x := object.get(p, ["limits", scope], null)
	is_number(x)
	x >= 0
}

# _limits_fact: "posture.cost.limits has org 50000, project 8000, user 200".
_limits_fact(p, scopes) := concat("", [
	lib.fact_name(_dim, ["limits"]), " has ",
	concat(", ", [text | some s in scopes; text := concat(" ", [s, lib.show(_limit(p, s))])]),
])

# _limit_problems says, for each scope that is not a valid limit, how it reads.
_limit_problems(p, scopes) := [problem |
	some s in scopes
	not _limit(p, s)
	problem := _limit_problem(p, s)
]

_limit_problem(p, scope) := concat("", [
	lib.fact_name(_dim, ["limits", scope]), " is ", lib.show(x), " (below 0)",
]) if {
	x := object.get(p, ["limits", scope], null)
	is_number(x)
} else := lib.fact(p, _dim, ["limits", scope], "number")

# COS-5.1, L5 "unit_economics enabled with unit agent-run or task".
cos_5_1(f) := lib.outcome(ok, lib.needs(observed, 5, _unit_need)) if {
	p := lib.posture_of(f, _dim)
	ok := _unit_economics(p)
	observed := concat(" and ", [
		lib.fact(p, _dim, ["unit_economics", "enabled"], "boolean"),
		lib.fact(p, _dim, ["unit_economics", "unit"], "string"),
	])
} else := lib.unreadable(_dim, ["unit_economics"], 5, _unit_need)

_unit_need := "unit_economics.enabled true and unit_economics.unit agent-run or task"

_unit_economics(p) if {
	lib.is_true(object.get(p, ["unit_economics", "enabled"], false))
	lib.string_in(object.get(p, ["unit_economics", "unit"], "none"), {"agent-run", "task"})
} else := false

# COS-5.2, L5 "attribution is per-request or per-agent-run".
cos_5_2(f) := lib.one_of(f, _dim, ["attribution"], {"per-request", "per-agent-run"}, 5, "per-request or per-agent-run")

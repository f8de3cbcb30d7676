# Cost controls (COS-*): the cost row of the maturity grid (manifest-v1, section 2).
# Each control is a function of the facts document f and returns lib.outcome(ok, message).
# Absent facts read as their weakest value (an absent limit is no limit at that scope);
# a fact of the wrong type fails, never passes.
package aimm.controls.cost

import data.aimm.lib

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
cos_2_1(f) := _one_of(f, ["dashboards"], {"per-team", "central"}, 2, "per-team or central")

# COS-3.1, L3 "dashboards central".
cos_3_1(f) := _one_of(f, ["dashboards"], {"central"}, 3, "central")

# COS-3.2, L3 "alerts enabled with at least one threshold" (a threshold is a number).
cos_3_2(f) := lib.outcome(ok, _msg(observed, 3, _alerts_need)) if {
	ok := _alerts(f)
	observed := concat(" and ", [
		_fact(f, ["alerts", "enabled"], "boolean"),
		_fact(f, ["alerts", "thresholds"], "array"),
	])
} else := _unreadable(["alerts"], 3, _alerts_need)

_alerts_need := "alerts.enabled true and at least one number in alerts.thresholds"

_alerts(f) := true if {
	lib.is_true(lib.posture(f, _dim, ["alerts", "enabled"], false))
	thresholds := lib.posture(f, _dim, ["alerts", "thresholds"], [])
	is_array(thresholds)
	some t in thresholds
	is_number(t)
} else := false

# COS-4.1, L4 "limits.enforcement is server".
cos_4_1(f) := _one_of(f, ["limits", "enforcement"], {"server"}, 4, "server")

# COS-4.2, L4 "org, project and user limits all set" (each a number >= 0).
cos_4_2(f) := lib.outcome(true, _msg(_limits_fact(f, _scopes), 4, _set_need)) if {
	count(_limit_problems(f, _scopes)) == 0
} else := lib.outcome(false, _msg(concat("; ", _limit_problems(f, _scopes)), 4, _set_need)) if {
	count(_limit_problems(f, _scopes)) > 0
} else := _unreadable(["limits"], 4, _set_need)

_scopes := ["org", "project", "user"]

_set_need := "limits.org, limits.project and limits.user all set"

# COS-4.3, L4 "user <= project <= org, and session <= user when session is set".
# Fails when org, project or user is not set, or when session is set but not a valid limit.
cos_4_3(f) := lib.outcome(false, _msg(concat("; ", problems), 4, _compose_need)) if {
	problems := _limit_problems(f, array.concat(_scopes, _session_scope(f)))
	count(problems) > 0
} else := lib.outcome(true, _msg(_composed(f), 4, _compose_need)) if {
	count(_violations(f)) == 0
} else := lib.outcome(false, _msg(concat("; ", _violations(f)), 4, _compose_need)) if {
	count(_violations(f)) > 0
} else := _unreadable(["limits"], 4, _compose_need)

_compose_need := "user <= project <= org, and session <= user when session is set"

# _session_scope: session is checked only when it is set.
_session_scope(f) := ["session"] if {
	_present(f, ["posture", _dim, "limits", "session"])
} else := []

# _violations lists every pair of limits that does not compose; all values are valid numbers here.
_violations(f) := [v |
	some pair in [["user", "project"], ["project", "org"], ["session", "user"]]
	lower := _limit(f, pair[0])
	upper := _limit(f, pair[1])
	lower > upper
	v := concat("", [
		_name(["limits", pair[0]]), " is ", lib.show(lower), ", above ",
		pair[1], " ", lib.show(upper),
	])
]

# _composed: "posture.cost.limits has user 200 <= project 8000 <= org 50000, session 5 <= user 200".
_composed(f) := concat("", [
	_name(["limits"]), " has user ", lib.show(_limit(f, "user")),
	" <= project ", lib.show(_limit(f, "project")),
	" <= org ", lib.show(_limit(f, "org")), ", ", _session_text(f),
])

_session_text(f) := concat("", ["session ", lib.show(s), " <= user ", lib.show(_limit(f, "user"))]) if {
	s := _limit(f, "session")
} else := "no session limit"

# _limit is a valid limit (a number >= 0) at one scope; undefined otherwise.
_limit(f, scope) := x if {
	x := lib.posture(f, _dim, ["limits", scope], null)
	is_number(x)
	x >= 0
}

# _limits_fact: "posture.cost.limits has org 50000, project 8000, user 200".
_limits_fact(f, scopes) := concat("", [
	_name(["limits"]), " has ",
	concat(", ", [text | some s in scopes; text := concat(" ", [s, lib.show(_limit(f, s))])]),
])

# _limit_problems says, for each scope that is not a valid limit, how it reads.
_limit_problems(f, scopes) := [p |
	some s in scopes
	not _limit(f, s)
	p := _limit_problem(f, s)
]

_limit_problem(f, scope) := concat("", [_name(["limits", scope]), " is ", lib.show(x), " (below 0)"]) if {
	x := lib.posture(f, _dim, ["limits", scope], null)
	is_number(x)
} else := _fact(f, ["limits", scope], "number")

# COS-5.1, L5 "unit_economics enabled with unit agent-run or task".
cos_5_1(f) := lib.outcome(ok, _msg(observed, 5, _unit_need)) if {
	ok := _unit_economics(f)
	observed := concat(" and ", [
		_fact(f, ["unit_economics", "enabled"], "boolean"),
		_fact(f, ["unit_economics", "unit"], "string"),
	])
} else := _unreadable(["unit_economics"], 5, _unit_need)

_unit_need := "unit_economics.enabled true and unit_economics.unit agent-run or task"

_unit_economics(f) := true if {
	lib.is_true(lib.posture(f, _dim, ["unit_economics", "enabled"], false))
	_in(lib.posture(f, _dim, ["unit_economics", "unit"], "none"), {"agent-run", "task"})
} else := false

# COS-5.2, L5 "attribution is per-request or per-agent-run".
cos_5_2(f) := _one_of(f, ["attribution"], {"per-request", "per-agent-run"}, 5, "per-request or per-agent-run")

# --- fact helpers: the same block in every posture package (a candidate for aimm.lib) ---

# _one_of: the fact is one of the allowed strings.
_one_of(f, path, allowed, level, need) := lib.outcome(ok, _msg(observed, level, need)) if {
	ok := _in(lib.posture(f, _dim, path, "none"), allowed)
	observed := _fact(f, path, "string")
} else := _unreadable(path, level, need)

# _true: the fact is the boolean true.
_true(f, path, level) := lib.outcome(ok, _msg(observed, level, "true")) if {
	ok := _yes(lib.posture(f, _dim, path, false))
	observed := _fact(f, path, "boolean")
} else := _unreadable(path, level, "true")

# _at_least: the fact is a number of at least n.
_at_least(f, path, n, level) := lib.outcome(ok, _msg(observed, level, need)) if {
	need := concat("", ["at least ", lib.show(n)])
	ok := _ge(lib.posture(f, _dim, path, 0), n)
	observed := _fact(f, path, "number")
} else := _unreadable(path, level, concat("", ["at least ", lib.show(n)]))

# _includes_outcome: the fact is a list that includes item.
_includes_outcome(f, path, item, level) := lib.outcome(ok, _msg(observed, level, need)) if {
	need := concat("", ["it to include ", item])
	ok := _includes(f, path, item)
	observed := _fact(f, path, "array")
} else := _unreadable(path, level, concat("", ["it to include ", item]))

# _evidence: the fact names a file that the checker found inside the repository.
_evidence(f, path, level, need) := lib.outcome(true, _file(f, path, p)) if {
	p := lib.posture(f, _dim, path, null)
	lib.evidence_ok(f, p)
} else := lib.outcome(false, _msg(_file(f, path, p), level, need)) if {
	p := lib.posture(f, _dim, path, null)
	lib.has_text(p)
} else := lib.outcome(false, _msg(observed, level, need)) if {
	observed := _declared(f, path)
} else := _unreadable(path, level, need)

# _file: "<fact> is "<path>" (<what the evidence check found>)".
_file(f, path, p) := concat("", [_name(path), " is ", lib.quoted(p), " (", lib.evidence_detail(f, p), ")"])

# _declared: like _fact for a path-valued fact, but an absent path is "not declared".
_declared(f, path) := concat("", [_name(path), " is not declared"]) if {
	not _present(f, array.concat(["posture", _dim], path))
} else := _fact(f, path, "string")

# _msg joins what was observed with what the level needs.
_msg(observed, level, need) := concat("", [observed, "; level ", lib.show(level), " needs ", need])

# _unreadable is the fail-closed outcome when a fact cannot be read at all.
_unreadable(path, level, need) := lib.outcome(false, _msg(
	concat("", [_name(path), " could not be read"]),
	level, need,
))

_name(path) := concat(".", array.concat(["posture", _dim], path))

_in(x, allowed) := true if {
	is_string(x)
	x in allowed
} else := false

_yes(x) := true if {
	lib.is_true(x)
} else := false

_ge(x, n) := true if {
	is_number(x)
	x >= n
} else := false

_includes(f, path, item) := true if {
	v := lib.posture(f, _dim, path, [])
	is_array(v)
	item in v
} else := false

_present(f, path) if lib.get(f, path, 0) == lib.get(f, path, 1)

# _fact says how a posture fact of this dimension reads, in the manifest's terms.
_fact(f, path, want) := _fact_at(f, array.concat(["posture", _dim], path), want)

# _fact_at: "<path> is <value>", "<path> is not set", or "<path> is <value> (not a <type>)".
_fact_at(f, path, want) := concat("", [concat(".", path), " is not set"]) if {
	not _present(f, path)
} else := concat("", [concat(".", path), " is ", _render(v)]) if {
	v := lib.get(f, path, null)
	type_name(v) == want
} else := concat("", [concat(".", path), " is ", _render(lib.get(f, path, null)), " (not ", _a(want), ")"])

_a(t) := concat("", ["an ", t]) if {
	t in {"array", "object"}
} else := concat("", ["a ", t])

# _render shows a value as YAML would: strings quoted, lists in brackets; never via sprintf.
_render(v) := lib.quoted(v) if {
	is_string(v)
} else := concat("", ["[", concat(", ", [text | some e in v; text := _item(e)]), "]"]) if {
	is_array(v)
} else := "an object" if {
	is_object(v)
} else := lib.show(v)

_item(e) := e if {
	is_string(e)
} else := type_name(e) if {
	type_name(e) in {"array", "object", "set"}
} else := lib.show(e)

# Framework profiles (EU AI Act, NIST AI RMF, ISO/IEC 42001): which clauses apply to a system and
# why, from when, the floors they add, the wrapper every governance control goes through, and the
# audit's obligations matrix. Profiles are data (lib.model.frameworks, built by aimm.core.frameworks
# from controls/frameworks/); a run enforces the ones input.config.profiles names, and
# input.config.enforce_upcoming counts obligations before their date. Without profiles nothing
# here is evaluated (profile_floor is undefined), so a plain check is unchanged.
#
# Functions that read profile data take it as a parameter (governed_by, upcoming_of, floor_of,
# obligations_of), so tests call them with literal data; thin wrappers look the data up.
package aimm.core.frameworks

import data.aimm.core.controls.tier
import data.aimm.core.lib

# ---- which profiles, and the facts applicability reads -------------------------------------

# requested_profiles is input.config.profiles ([] when absent or not a list).
requested_profiles(f) := ps if {
	ps := object.get(f, ["config", "profiles"], [])
	is_array(ps)
} else := []

# is_active holds when framework fw is requested and its profile is loaded in this run's data.
is_active(f, fw) if {
	fw in requested_profiles(f)
	lib.model.frameworks[fw]
}

# active_profiles are the requested profiles that are loaded, in request order.
active_profiles(f) := [fw | some fw in requested_profiles(f); lib.model.frameworks[fw]]

# context gathers, once, the facts every applicability test reads.
context(f) := context_with_tier(f, _fw_tier(f))

# context_with_tier is context for a tier already computed (scoring the tier is most of the cost).
context_with_tier(f, t) := {
	"category": category.category,
	"category_reason": category.reason,
	"roles": _fw_roles(f),
	"roles_declared": _fw_has_roles(f),
	"domain": lib.get(f, ["risk", "domain"], null),
	"tier": t,
	"autonomy": lib.get(f, ["risk", "autonomy"], null),
	"interacts": _fw_truth(lib.get(f, ["risk", "interacts_with_humans"], false)),
	"generates": _fw_truth(lib.get(f, ["compliance", "generates_content"], false)),
	"public_service": _fw_truth(lib.get(f, ["compliance", "public_service"], false)),
	"today": object.get(f, "today", null),
	"enforce_upcoming": _fw_truth(object.get(f, ["config", "enforce_upcoming"], false)),
} if {
	category := eu_category(f)
}

_fw_truth(x) if {
	x == true
} else := false

_fw_has_roles(f) if {
	rs := lib.get(f, ["compliance", "roles"], null)
	is_array(rs)
	count(rs) > 0
} else := false

# _fw_roles are the declared roles; undeclared roles count as every role (fail closed).
_fw_roles(f) := rs if {
	rs := lib.get(f, ["compliance", "roles"], null)
	is_array(rs)
	count(rs) > 0
} else := ["provider", "deployer"]

# _fw_tier is the effective risk tier, or the strictest one when it cannot be computed.
_fw_tier(f) := t if {
	t := tier.effective(f)
} else := tier.top

# eu_category is the EU AI Act risk category the manifest implies, with the reason: prohibited
# (Art. 5), high-risk (an Annex III domain), transparency (Art. 50: interacts with people or
# generates content), else minimal. The tool's risk tier is not the legal category: a critical
# tier in the general domain is not high-risk under the Act.
eu_category(f) := {"category": "prohibited", "reason": tier.prohibited_summary(f)} if {
	tier.is_prohibited(f)
} else := {"category": "high-risk", "reason": concat("", [
	"risk.domain is ", lib.show(lib.get(f, ["risk", "domain"], null)), ", an Annex III area",
])} if {
	tier.regulated(f)
} else := {"category": "transparency", "reason": "risk.interacts_with_humans is true"} if {
	lib.get(f, ["risk", "interacts_with_humans"], false) == true
} else := {"category": "transparency", "reason": "compliance.generates_content is true"} if {
	lib.get(f, ["compliance", "generates_content"], false) == true
} else := {"category": "minimal", "reason": concat("", [
	"risk.domain is general and the system neither interacts with people ",
	"nor generates content",
])}

# ---- applicability -----------------------------------------------------------------------------

_fw_condition_keys := [
	"eu_risk_categories", "roles", "domains", "public_service",
	"interacts_with_people", "generates_content", "autonomy", "tiers",
]

# applicability says whether a clause's conditions (when) hold for the context, and why:
# {"applies": bool, "reason": string}. Every condition must hold, and one any_of set if given.
applicability(ctx, when) := _fw_verdict(checks) if {
	own := [c | some key in _fw_condition_keys; w := when[key]; c := _fw_condition(ctx, key, w)]
	checks := array.concat(own, _fw_alternatives(ctx, when))
}

_fw_verdict(checks) := {"applies": true, "reason": "applies to every system"} if {
	count(checks) == 0
} else := {"applies": true, "reason": concat("; ", [c.text | some c in checks])} if {
	count([c | some c in checks; c.ok != true]) == 0
} else := {"applies": false, "reason": concat("; ", [c.text | some c in checks; c.ok != true])}

# _fw_alternatives is [] without any_of, else one check: the first set that holds, or none.
_fw_alternatives(ctx, when) := [] if {
	not when.any_of
} else := [{"ok": true, "text": held[0]}] if {
	held := [t |
		some alt in when.any_of
		checks := [c | some key in _fw_condition_keys; w := alt[key]; c := _fw_condition(ctx, key, w)]
		count([c | some c in checks; c.ok != true]) == 0
		t := concat(" and ", [c.text | some c in checks])
	]
	count(held) > 0
} else := [{"ok": false, "text": concat("", ["none of these holds: ", concat(" / ", texts)])}] if {
	texts := [t |
		some alt in when.any_of
		checks := [c | some key in _fw_condition_keys; w := alt[key]; c := _fw_condition(ctx, key, w)]
		t := concat(" and ", [c.text | some c in checks; c.ok != true])
	]
}

_fw_condition(ctx, key, w) := _fw_listed(ctx.category, w, "the EU risk category", ctx.category_reason) if {
	key == "eu_risk_categories"
} else := _fw_role_check(ctx, w) if {
	key == "roles"
} else := _fw_listed(ctx.domain, w, "risk.domain", "") if {
	key == "domains"
} else := _fw_flag(ctx.public_service, w, "compliance.public_service") if {
	key == "public_service"
} else := _fw_flag(ctx.interacts, w, "risk.interacts_with_humans") if {
	key == "interacts_with_people"
} else := _fw_flag(ctx.generates, w, "compliance.generates_content") if {
	key == "generates_content"
} else := _fw_listed(ctx.autonomy, w, "risk.autonomy", "") if {
	key == "autonomy"
} else := _fw_listed(ctx.tier, w, "the risk tier", "") if {
	key == "tiers"
} else := {"ok": false, "text": concat("", ["unknown applicability condition ", key])}

_fw_in(x, xs) if {
	x in xs
} else := false

# _fw_listed: "<name> is <value> (<why>)", and ", not <allowed>" when it is not listed.
_fw_listed(value, allowed, name, why) := {"ok": ok, "text": text} if {
	ok := _fw_in(value, allowed)
	text := concat("", [name, " is ", lib.show(value), _fw_why(why), _fw_not_listed(ok, allowed)])
}

_fw_why(why) := "" if {
	why == ""
} else := concat("", [" (", why, ")"])

_fw_not_listed(ok, allowed) := "" if {
	ok == true
} else := concat("", [", not ", concat(" or ", allowed)])

_fw_flag(value, wanted, name) := {"ok": ok, "text": concat("", [name, " is ", lib.show(value)])} if {
	ok := _fw_same(value, wanted)
}

_fw_same(a, b) if {
	a == b
} else := false

_fw_role_check(ctx, wanted) := {"ok": ok, "text": text} if {
	ctx.roles_declared == true
	ok := count([r | some r in ctx.roles; r in wanted]) > 0
	text := concat("", ["compliance.roles is ", lib.show(ctx.roles), _fw_not_listed(ok, wanted)])
} else := {"ok": true, "text": concat("", [
	"compliance.roles is not declared, so the duties of every role apply (", concat(" or ", wanted), ")",
])}

# ---- dates ---------------------------------------------------------------------------------------

# in_force holds when a clause's date (YYYY-MM-DD) is on or before today; a null date (voluntary
# frameworks) is in force as soon as the profile is chosen. No today: not in force.
in_force(_, date) if is_null(date)

in_force(ctx, date) if {
	is_string(date)
	is_string(ctx.today)
	date <= ctx.today
}

# enforced_now: in force, or counted early because input.config.enforce_upcoming is true.
enforced_now(ctx, date) if in_force(ctx, date)

enforced_now(ctx, _) if ctx.enforce_upcoming == true

_fw_in_force(ctx, date) if {
	in_force(ctx, date)
} else := false

# ---- governance controls -------------------------------------------------------------------------

# governed is what a framework package publishes as its results: for each governance control
# with an outcome in raw (control id -> its own outcome, before applicability and dates), the
# outcome governed_by reports, plus the framework's upcoming-obligations control (e.g. EU-0).
# Each clause's applicability is judged once. A control whose own outcome is missing or has no
# boolean pass is left out, so the report fails it closed.
governed(ctx, fw, raw) := governed_of(ctx, lib.model.frameworks[fw], raw)

governed_of(ctx, fwd, raw) := object.union(own, _fw_upcoming_entry(fwd, outcome)) if {
	judged := [[id, g, a, o] |
		some clause in fwd.clauses
		some id in clause.controls
		g := fwd.governance[id]
		o := raw[id]
		is_boolean(o.pass)
		a := applicability(ctx, g.when)
	]
	own := {id: r | some x in judged; id := x[0]; r := governed_by(ctx, x[1], x[2], x[3])}
	pending := [[x[1].applies_from, concat("", [x[0], " (", x[1].clause, ")"])] |
		some x in judged
		_fw_pending(ctx, x[1], x[2], x[3])
	]
	outcome := upcoming_of(ctx, fwd, pending)
}

_fw_upcoming_entry(fwd, outcome) := {id: outcome} if {
	id := fwd.upcoming_control
	is_string(id)
} else := {}

# governed_by is what one governance control reports: its own outcome o, unless its clause (g, the
# profile's governance entry; a, its applicability) does not apply (pass, "not applicable: why"),
# or is not in force and not enforced early (pass, "upcoming": the date and whether it is met
# already, so a gate never fails on it).
governed_by(ctx, g, a, o) := lib.outcome(true, concat("", ["not applicable: ", a.reason])) if {
	a.applies == false
} else := {
	"pass": true,
	"message": concat("", [
		"upcoming: ", g.clause, " applies from ", lib.show(g.applies_from),
		" and is not enforced before then; ", _fw_state(o), ": ", lib.show(o.message),
	]),
	# The control's own outcome, for the audit's matrix (the report keeps pass and message).
	"own": o,
} if {
	not enforced_now(ctx, g.applies_from)
} else := o

_fw_state(o) := "already met" if {
	o.pass == true
} else := "not met yet"

# _fw_pending holds for a control whose clause applies but is not in force (nor enforced early)
# and whose own outcome does not pass.
_fw_pending(ctx, g, a, o) if {
	o.pass != true
	a.applies == true
	not enforced_now(ctx, g.applies_from)
}

# upcoming_of is the outcome of the upcoming-obligations control: it fails, listing them by date,
# when pending ([date, "EU-9 (Art. 9)"] pairs) is not empty. It is reported, never gating (its
# family is not a gate family). Under enforce_upcoming it passes: those obligations then gate
# through their own controls.
upcoming_of(ctx, fwd, pending) := lib.outcome(true, concat("", [
	"input.config.enforce_upcoming is true: ", fwd.title,
	" obligations are enforced before their dates by their own controls",
])) if {
	ctx.enforce_upcoming == true
} else := lib.outcome(true, concat("", [
	"no ", fwd.title, " obligation that applies to the system later is unmet",
])) if {
	count(pending) == 0
} else := lib.outcome(false, concat("", [
	"not met yet: ", concat("; ", by_date),
	"; each control's message says what is missing, and aimm audit --framework ", fwd.id,
	" also lists the grid levels these clauses need",
])) if {
	dates := sort({p[0] | some p in pending})
	by_date := [text |
		some date in dates
		ids := [p[1] | some p in pending; p[0] == date]
		text := concat("", ["needed from ", lib.show(date), ": ", concat(", ", ids)])
	]
}

# ---- floors ----------------------------------------------------------------------------------------

# profile_floor is the floor an enforced profile sets for dimension d of a system whose floors
# row is t (the tier; the strictest for a prohibited system): the highest level that an
# applicable clause in force (or enforced early) needs. Undefined without profiles or when no
# clause sets one, so aimm.core.floors keeps its own floor.
profile_floor(f, t, d) := n if {
	count(requested_profiles(f)) > 0
	fwds := [fwd | some fw in active_profiles(f); fwd := lib.model.frameworks[fw]]
	n := floor_of(context_with_tier(f, t), fwds, d)
}

floor_of(ctx, fwds, d) := ranked[0] if {
	# rego-cpp: x[param] inside a comprehension reads param as an unbound key; bind it first.
	dim := d
	levels := {l |
		some fwd in fwds
		some clause in fwd.clauses
		l := clause.levels[dim]
		enforced_now(ctx, clause.applies_from)
		a := applicability(ctx, clause.when)
		a.applies == true
	}

	# rego-cpp: no max(), which compares numbers as text; walk the levels downwards instead.
	ranked := [l | some l in numbers.range(lib.top_level, lib.bottom_level); l in levels]
	count(ranked) > 0
}

# ---- the obligations matrix (aimm audit) ---------------------------------------------------------

# matrix is what the audit queries: the frameworks and context it judged and one entry per clause
# of every active profile, from input.report, the assembled report of the same facts
# (aimm.core.report.assembled).
# A governance control reports "upcoming" (a pass) before its clause's date; for it the matrix
# reads the control's own outcome from input.outcomes (the control outcomes of the same run, as
# the engine collected them) to say whether the obligation is met already.
matrix := {
	"frameworks": [id | some fwd in fwds; id := fwd.id],
	"context": context_view(ctx),
	"obligations": obligations_of(ctx, fwds, input.report, object.get(input, "outcomes", {})),
} if {
	ctx := context(input)
	fwds := [fwd | some fw in active_profiles(input); fwd := lib.model.frameworks[fw]]
}

context_view(ctx) := {
	"eu_risk_category": ctx.category,
	"eu_risk_category_reason": ctx.category_reason,
	"roles": ctx.roles,
	"roles_declared": ctx.roles_declared,
	"tier": ctx.tier,
	"today": ctx.today,
	"enforce_upcoming": ctx.enforce_upcoming,
}

# obligations_of judges every clause: applicable or not (and why), in force or not, each
# requirement (a grid level or a control) with its status, the outcome (met, partially-evidenced,
# waived, unmet) and
# the status (not-applicable, upcoming unless enforced early, or the outcome). outcomes maps a
# control id to the outcome its package published.
obligations_of(ctx, fwds, report, outcomes) := [entry |
	some fwd in fwds

	# rego-cpp: `some id, g in` does not parse inside a comprehension; bind the key first.
	later := {id | some id; g := fwd.governance[id]; not enforced_now(ctx, g.applies_from)}
	some clause in fwd.clauses
	entry := _fw_obligation(ctx, index, levels, failing, later, own, clause, fwd.id)
] if {
	# Only what the clauses read, kept small.
	# rego-cpp: handing the whole report and every outcome to the per-clause function made the
	# matrix twice as slow (lookups are linear in an object's size).
	needed := {id | some fwd in fwds; some clause in fwd.clauses; some id in clause.controls}
	index := {c.id: {"status": c.status, "message": c.message} | some c in report.controls; c.id in needed}
	failing := [{"id": c.id, "dimension": c.dimension, "level": c.level, "status": c.status} |
		some c in report.controls
		c.status != "pass"
		is_number(c.level)
	]
	own := {id: o.own | some id in needed; o := outcomes[id]; o.own}
	levels := report.levels
}

_fw_dimensions := [d.id | some d in lib.model.dimensions]

_fw_obligation(ctx, index, levels, failing, later, own, clause, fw) := {
	"framework": fw,
	"clause": clause.id,
	"applies": a.applies,
	"reason": a.reason,
	"applies_from": clause.applies_from,
	"in_force": force,
	"requirements": requirements,
	"outcome": outcome,
	"status": _fw_status(ctx, a.applies, force, outcome),
} if {
	a := applicability(ctx, clause.when)
	force := _fw_in_force(ctx, clause.applies_from)
	level_reqs := [r | some d in _fw_dimensions; n := clause.levels[d]; r := _fw_level_requirement(levels, failing, d, n)]
	control_reqs := [r | some id in clause.controls; r := _fw_control_requirement(later, own, index, id)]
	requirements := array.concat(level_reqs, control_reqs)
	outcome := _fw_outcome(requirements)
}

_fw_status(ctx, applies, force, outcome) := "not-applicable" if {
	applies != true
} else := "upcoming" if {
	force != true
	ctx.enforce_upcoming != true
} else := outcome

# A clause whose requirements all pass is "met" only when a control of its own (a document, a
# declared fact, a check) evidences it; one evidenced only through grid levels is
# "partially-evidenced": the levels show the practices, not the clause's own record.
_fw_outcome(requirements) := "unmet" if {
	some r in requirements
	not r.status in {"pass", "waived"}
} else := "waived" if {
	some r in requirements
	r.status == "waived"
} else := "partially-evidenced" if {
	count(requirements) > 0
	count([r | some r in requirements; r.kind == "control"]) == 0
} else := "met"

# A grid level requirement passes when the dimension reaches it; below it, it is waived when
# every control holding the dimension down (at or below the level) is validly waived.
_fw_level_requirement(levels, failing, d, n) := {
	"kind": "level", "dimension": d, "min_level": n, "level": level, "status": status,
	"controls": holding, "detail": concat("", [d, " is at level ", lib.show(level), _fw_holding(holding)]),
} if {
	level := object.get(levels, d, lib.bottom_level)
	holding := [h.id | some h in failing; h.dimension == d; is_number(h.level); h.level <= n]
	unwaived := [h.id | some h in failing; h.dimension == d; is_number(h.level); h.level <= n; h.status != "waived"]
	status := _fw_level_status(level, n, holding, unwaived)
}

_fw_holding(holding) := "" if {
	count(holding) == 0
} else := concat("", [" (not passing: ", concat(", ", holding), ")"])

_fw_level_status(level, n, holding, unwaived) := "pass" if {
	is_number(level)
	level >= n
} else := "waived" if {
	count(holding) > 0
	count(unwaived) == 0
} else := "fail"

# A control requirement has the control's status in the report, except for a governance control
# whose clause is not enforced yet (in later): the report says "upcoming", so its own outcome is
# read.
_fw_control_requirement(later, own, index, id) := {
	"kind": "control", "id": id, "status": _fw_raw_status(o), "detail": lib.show(o.message),
} if {
	id in later
	o := own[id]
	is_boolean(o.pass)
} else := {
	"kind": "control", "id": id, "status": c.status, "detail": lib.show(c.message),
} if {
	c := index[id]
} else := {
	"kind": "control", "id": id, "status": "fail",
	"detail": "the control was not evaluated in this run (fails closed)",
}

_fw_raw_status(o) := "pass" if {
	o.pass == true
} else := "fail"

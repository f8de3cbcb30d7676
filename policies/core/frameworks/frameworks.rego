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
	"flags": _fw_flags(f),
	"dates": {
		"placed_on_market": _fw_date(lib.get(f, ["compliance", "placed_on_market"], null)),
		"gpai_placed_on_market": _fw_date(lib.get(f, ["compliance", "gpai_model", "placed_on_market"], null)),
		"substantially_modified": _fw_date(lib.get(f, ["compliance", "substantially_modified"], null)),
	},
} if {
	category := eu_category(f)
}

_fw_truth(x) if {
	x == true
} else := false

_fw_date(x) := x if {
	is_string(x)
	regex.match(`^[0-9]{4}-[0-9]{2}-[0-9]{2}$`, x)
} else := null

# _fw_flag_facts: each boolean applicability condition, the compliance fact it reads and its
# value when undeclared. established_in_eu is true unless declared otherwise; the others false.
_fw_flag_facts := {
	"public_authority": [["compliance", "public_authority"], false],
	"established_in_eu": [["compliance", "established_in_eu"], true],
	"workplace_use": [["compliance", "workplace_use"], false],
	"emotion_recognition": [["compliance", "emotion_recognition"], false],
	"biometric_categorisation": [["compliance", "biometric_categorisation"], false],
	"deep_fakes": [["compliance", "deep_fakes"], false],
	"public_interest_text": [["compliance", "public_interest_text"], false],
	"human_editorial_control": [["compliance", "human_editorial_control"], false],
	"profiling": [["compliance", "profiling"], false],
	"built_on_own_gpai_model": [["compliance", "built_on_own_gpai_model"], false],
	"gpai_systemic_risk": [["compliance", "gpai_model", "systemic_risk"], false],
	"gpai_open_source": [["compliance", "gpai_model", "open_source"], false],
}

# _fw_flags are the boolean facts applicability reads, plus four derived ones: annex_iii (an
# Annex III domain, exemption or not), high_risk_exemption and gpai_model (the section is
# declared) and consequential_decisions (declared, or implied by the domain, as the manifest
# schema documents).
_fw_flags(f) := object.union(
	# rego-cpp: `some k, v in` does not parse inside a comprehension; bind the key first.
	{key: v | some key; entry := _fw_flag_facts[key]; v := _fw_flag_value(f, entry[0], entry[1])},
	{
		"annex_iii": _fw_annex_iii(f),
		"high_risk_exemption": _fw_yes(is_object(lib.get(f, ["compliance", "high_risk_exemption"], null))),
		"gpai_model": _fw_yes(is_object(lib.get(f, ["compliance", "gpai_model"], null))),
		"consequential_decisions": _fw_consequential(f),
	},
)

# _fw_consequential: the system makes or substantially factors in consequential decisions about
# consumers: declared so, or its domain is one where decisions are consequential either way.
_fw_consequential(f) if {
	lib.get(f, ["compliance", "consequential_decisions"], false) == true
} else if {
	lib.get(f, ["risk", "domain"], "") in _fw_consequential_domains
} else := false

_fw_consequential_domains := {"employment", "education", "credit-scoring", "insurance", "essential-services"}

_fw_annex_iii(f) if {
	tier.regulated(f)
} else := false

_fw_flag_value(f, path, default_value) := v if {
	v := lib.get(f, path, default_value)
	is_boolean(v)
} else := default_value

_fw_yes(x) if {
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
# (Art. 5), high-risk (an Annex III domain, unless the provider documents the Art. 6(3)
# exemption and declares that the system does not profile people), transparency (Art. 50:
# interacts with people or generates content), else minimal. The tool's risk tier is not the
# legal category: a critical tier in the general domain is not high-risk under the Act, and an
# exempted Annex III system keeps its high tier for the grid's floors.
eu_category(f) := {"category": "prohibited", "reason": tier.prohibited_summary(f)} if {
	tier.is_prohibited(f)
} else := {"category": "high-risk", "reason": concat("", [
	"risk.domain is ", lib.show(lib.get(f, ["risk", "domain"], null)), ", an Annex III area",
	_fw_exemption_refused(f),
])} if {
	tier.regulated(f)
	not exempted(f)
} else := _fw_lower_category(f, _fw_exemption_note(f))

_fw_lower_category(f, note) := {"category": "transparency", "reason": concat("", [
	note, "risk.interacts_with_humans is true",
])} if {
	lib.get(f, ["risk", "interacts_with_humans"], false) == true
} else := {"category": "transparency", "reason": concat("", [note, "compliance.generates_content is true"])} if {
	lib.get(f, ["compliance", "generates_content"], false) == true
} else := {"category": "minimal", "reason": concat("", [note, _fw_minimal_reason(f)])}

_fw_minimal_reason(f) := "the system neither interacts with people nor generates content" if {
	exempted(f)
} else := concat("", [
	"risk.domain is general and the system neither interacts with people ",
	"nor generates content",
])

# exempted holds when an Annex III system's provider claims the Art. 6(3) exemption
# (compliance.high_risk_exemption) and declares that it does not profile natural persons:
# profiling keeps it high-risk, and an undeclared profiling fact is not a "no" (fail closed).
exempted(f) if {
	tier.regulated(f)
	is_object(lib.get(f, ["compliance", "high_risk_exemption"], null))
	lib.get(f, ["compliance", "profiling"], null) == false
}

_fw_exemption_note(f) := concat("", [
	"risk.domain is ", lib.show(lib.get(f, ["risk", "domain"], null)),
	", an Annex III area, but the Art. 6(3) exemption is declared and compliance.profiling is false; ",
]) if {
	exempted(f)
} else := ""

# _fw_exemption_refused says why a declared exemption does not hold.
_fw_exemption_refused(f) := "" if {
	not is_object(lib.get(f, ["compliance", "high_risk_exemption"], null))
} else := "; the Art. 6(3) exemption is declared but the system profiles natural persons, which keeps it high-risk" if {
	lib.get(f, ["compliance", "profiling"], null) == true
} else := "; the Art. 6(3) exemption is declared but compliance.profiling is not declared false"

# ---- applicability -----------------------------------------------------------------------------

_fw_condition_keys := [
	"eu_risk_categories", "roles", "domains", "public_service",
	"interacts_with_people", "generates_content", "autonomy", "tiers",
	"annex_iii", "public_authority", "established_in_eu", "workplace_use", "emotion_recognition",
	"biometric_categorisation", "deep_fakes", "public_interest_text", "human_editorial_control",
	"profiling", "high_risk_exemption", "built_on_own_gpai_model", "gpai_model", "gpai_systemic_risk",
	"gpai_open_source", "consequential_decisions",
]

# _fw_flag_labels name each derived boolean condition as the reports show it.
_fw_flag_labels := {
	"annex_iii": "risk.domain is an Annex III area",
	"high_risk_exemption": "compliance.high_risk_exemption is declared",
	"gpai_model": "compliance.gpai_model is declared",
	"consequential_decisions": concat("", [
		"the system makes consequential decisions (compliance.consequential_decisions, or risk.domain ",
		"employment, education, credit-scoring, insurance or essential-services)",
	]),
}

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
} else := _fw_derived(ctx.flags[key], w, _fw_flag_labels[key]) if {
	_fw_flag_labels[key]
} else := _fw_flag(ctx.flags[key], w, _fw_fact_label(key)) if {
	_fw_flag_facts[key]
} else := {"ok": false, "text": concat("", ["unknown applicability condition ", key])}

_fw_fact_label(key) := concat(".", _fw_flag_facts[key][0])

# _fw_derived: "<label>" when the derived condition holds, "not: <label>" when it does not.
_fw_derived(value, wanted, label) := {"ok": ok, "text": text} if {
	ok := _fw_same(value, wanted)
	text := _fw_derived_text(value, label)
}

_fw_derived_text(value, label) := label if {
	value == true
} else := concat("", ["not: ", label])

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

# judge is a clause (or a governance entry: it carries its clause's when, applies_from and
# transition) judged for the context: {"applies", "reason", "from", "note"}, its applicability
# with the clause's transitional rule (Art. 111) applied, and the date it applies from for this
# system, with a note when that date is not the clause's own.
judge(ctx, c) := _fw_transition(ctx, c, applicability(ctx, c.when), object.get(c, "transition", null))

_fw_transition(ctx, c, a, t) := object.union(a, {"from": c.applies_from, "note": ""}) if {
	a.applies == false
} else := object.union(a, {"from": c.applies_from, "note": ""}) if {
	not is_object(t)
} else := _fw_transition_rule(ctx, c, a, t, _fw_placed(ctx, t))

_fw_placed(ctx, t) := ctx.dates.gpai_placed_on_market if {
	t.fact == "gpai_placed_on_market"
} else := ctx.dates.placed_on_market

_fw_placed_fact(t) := "compliance.gpai_model.placed_on_market" if {
	t.fact == "gpai_placed_on_market"
} else := "compliance.placed_on_market"

# An undeclared placing date, or one on or after the cut-off, keeps the clause's own date.
_fw_transition_rule(ctx, c, a, t, placed) := object.union(a, {"from": c.applies_from, "note": ""}) if {
	not is_string(placed)
} else := object.union(a, {"from": c.applies_from, "note": ""}) if {
	placed >= t.placed_before
} else := object.union(a, {"from": t.applies_from, "note": concat("", [
	_fw_placed_fact(t), " is ", placed, ", before ", t.placed_before, ", so it applies from ",
	t.applies_from, " (", t.ref, ")",
])}) if {
	is_string(t.applies_from)
} else := object.union(a, {"from": c.applies_from, "note": concat("", [
	_fw_placed_fact(t), " is ", placed, ", before ", t.placed_before,
	", but compliance.substantially_modified is ", m, ", so it is caught (", t.ref, ")",
])}) if {
	m := ctx.dates.substantially_modified
	is_string(m)
	m >= t.placed_before
} else := object.union(a, {"from": t.public_authority_from, "note": concat("", [
	_fw_placed_fact(t), " is ", placed, ", before ", t.placed_before,
	", and it is used by a public authority, so it applies from ", t.public_authority_from,
	" (", t.ref, ")",
])}) if {
	is_string(t.public_authority_from)
	ctx.flags.public_authority == true
} else := {"applies": false, "from": c.applies_from, "note": "", "reason": concat("", [
	a.reason, "; but ", _fw_placed_fact(t), " is ", placed, ", before ", t.placed_before,
	", and the system has not been substantially modified since (compliance.substantially_modified), ",
	"so it is not caught (", t.ref, ")",
])}

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
		a := judge(ctx, g)
	]
	own := {id: r | some x in judged; id := x[0]; r := governed_by(ctx, x[1], x[2], x[3])}
	pending := [[x[2].from, concat("", [x[0], " (", x[1].clause, ")"])] |
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
# profile's governance entry; a, its judgement) does not apply (pass, "not applicable: why"),
# or is not in force and not enforced early (pass, "upcoming": the date and whether it is met
# already, so a gate never fails on it).
governed_by(ctx, g, a, o) := lib.outcome(true, concat("", ["not applicable: ", a.reason])) if {
	a.applies == false
} else := {
	"pass": true,
	"message": concat("", [
		"upcoming: ", g.clause, " applies from ", lib.show(_fw_from(g, a)), _fw_note(a),
		" and is not enforced before then; ", _fw_state(o), ": ", lib.show(o.message),
	]),
	# The control's own outcome, for the audit's matrix (the report keeps pass and message).
	"own": o,
} if {
	not enforced_now(ctx, _fw_from(g, a))
} else := o

# _fw_from is the date a judged clause applies from (the clause's own without a judgement).
_fw_from(g, a) := object.get(a, "from", g.applies_from)

_fw_note(a) := concat("", [" (", a.note, ")"]) if {
	lib.has_text(object.get(a, "note", ""))
} else := ""

_fw_state(o) := "already met" if {
	o.pass == true
} else := "not met yet"

# _fw_pending holds for a control whose clause applies but is not in force (nor enforced early)
# and whose own outcome does not pass.
_fw_pending(ctx, g, a, o) if {
	o.pass != true
	a.applies == true
	not enforced_now(ctx, _fw_from(g, a))
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

# profile_floors are the floors enforced profiles set for a system whose floors row is t (the
# tier; the strictest for a prohibited system), per dimension: "all", the highest level an
# applicable clause in force (or enforced early) needs, and "law", the same over the statutory
# profiles only (a regulation's: waivers and disabled controls never lower it). Dimensions no
# clause sets are left out; without profiles both are empty, so aimm.core.floors keeps its own.
profile_floors(f, t) := {"all": {}, "law": {}} if {
	count(requested_profiles(f)) == 0
} else := floors_of(context_with_tier(f, t), [fwd | some fw in active_profiles(f); fwd := lib.model.frameworks[fw]])

# profile_floor is profile_floors' "all" for one dimension (undefined when no clause sets one).
profile_floor(f, t, d) := profile_floors(f, t).all[d]

floors_of(ctx, fwds) := {"all": _fw_highest(needs, false), "law": _fw_highest(needs, true)} if {
	needs := [[clause.levels, _fw_yes(object.get(fwd, "statutory", false))] |
		some fwd in fwds
		some clause in fwd.clauses
		count(object.keys(clause.levels)) > 0
		j := judge(ctx, clause)
		j.applies == true
		enforced_now(ctx, j.from)
	]
}

# floor_of is floors_of's "all" for one dimension (kept for callers that ask per dimension).
floor_of(ctx, fwds, d) := floors_of(ctx, fwds).all[d]

# _fw_highest maps each dimension to the highest level the needs ask for (law_only: only
# statutory needs).
# rego-cpp: no max(), which compares numbers as text; walk the levels downwards instead.
_fw_highest(needs, law_only) := {d: ranked[0] |
	some d in _fw_dimensions
	levels := {l | some x in needs; _fw_counts(x[1], law_only); l := x[0][d]}
	ranked := [l | some l in numbers.range(lib.top_level, lib.bottom_level); l in levels]
	count(ranked) > 0
}

_fw_counts(_, law_only) if law_only == false

_fw_counts(statutory, law_only) if {
	law_only == true
	statutory == true
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
	"placed_on_market": ctx.dates.placed_on_market,
	"substantially_modified": ctx.dates.substantially_modified,
}

# obligations_of judges every clause: applicable or not (and why), from when for this system,
# in force or not, each requirement (a grid level or a control) with its status, the outcome
# (met, partially-evidenced, waived, unmet, not-assessed), the status (not-applicable,
# not-assessed, upcoming unless enforced early, or the outcome) and the accepted risks (the
# waivers behind a requirement). A regulation's clause is never "waived": a waiver there only
# records who accepted the risk of an unmet obligation, until when. outcomes maps a control id
# to the outcome its package published.
obligations_of(ctx, fwds, report, outcomes) := [entry |
	some fwd in fwds
	fw := fwd.id
	gov := object.get(fwd, "governance", {})
	statutory := _fw_yes(object.get(fwd, "statutory", false))
	some clause in fwd.clauses
	entry := _fw_obligation(ctx, index, levels, failing, own, clause, fw, gov, statutory)
] if {
	# Only what the clauses read, kept small.
	# rego-cpp: handing the whole report and every outcome to the per-clause function made the
	# matrix twice as slow (lookups are linear in an object's size).
	needed := {id | some fwd in fwds; some clause in fwd.clauses; some id in clause.controls}
	index := {c.id: e | some c in report.controls; c.id in needed; e := _fw_index_entry(c)}
	failing := [{"id": c.id, "dimension": c.dimension, "level": c.level, "status": c.status, "waiver": w} |
		some c in report.controls
		c.status != "pass"
		is_number(c.level)
		w := _fw_waiver_of(c)
	]
	own := {id: o.own | some id in needed; o := outcomes[id]; o.own}
	levels := report.levels
}

_fw_index_entry(c) := {"status": c.status, "message": c.message, "waiver": _fw_waiver_of(c)}

# _fw_waiver_of is the waiver behind a control entry of the report: the valid waiver of a waived
# control, or the one recorded on a statutory control it could not lift (risk_accepted); null
# when there is none.
_fw_waiver_of(c) := _fw_waiver(c.id, c.waiver) if {
	is_object(c.waiver)
} else := _fw_waiver(c.id, c.risk_accepted) if {
	is_object(c.risk_accepted)
} else := null

_fw_waiver(id, w) := {
	"control": id,
	"approved_by": object.get(w, "approved_by", null),
	"expires": object.get(w, "expires", null),
	"reason": object.get(w, "reason", null),
}

_fw_dimensions := [d.id | some d in lib.model.dimensions]

_fw_obligation(ctx, index, levels, failing, own, clause, fw, gov, statutory) := {
	"framework": fw,
	"clause": clause.id,
	"applies": j.applies,
	"reason": j.reason,
	"applies_from": j.from,
	"date_note": j.note,
	"in_force": force,
	"requirements": requirements,
	"outcome": outcome,
	"status": _fw_status(ctx, j, force, outcome),
	"risk_accepted": _fw_risk_accepted(requirements, statutory),
} if {
	j := judge(ctx, clause)
	force := _fw_in_force(ctx, j.from)
	later := _fw_later(ctx, j.from)
	requirements := _fw_requirements(clause, levels, failing, later, own, index, gov)
	outcome := _fw_outcome(clause, requirements, statutory)
}

# _fw_risk_accepted lists the waivers behind a regulation's clause: they record who accepted the
# risk of an unmet obligation, until when. A voluntary framework's waivers make its clause
# "waived" instead (they stay listed on their requirements).
_fw_risk_accepted(requirements, statutory) := [w | some r in requirements; some w in object.get(r, "waivers", [])] if {
	statutory == true
} else := []

_fw_later(ctx, date) := false if {
	enforced_now(ctx, date)
} else := true

# _fw_requirements: none for a clause aimm cannot evidence; else one per grid level, then one
# per control.
_fw_requirements(clause, levels, failing, later, own, index, gov) := [] if {
	clause.assessed == false
} else := array.concat(level_reqs, control_reqs) if {
	level_reqs := [r | some d in _fw_dimensions; n := clause.levels[d]; r := _fw_level_requirement(levels, failing, d, n)]
	control_reqs := [r |
		some id in clause.controls
		r := _fw_control_requirement(_fw_own_later(later, gov, id), own, index, id)
	]
}

# _fw_own_later: the control is this profile's governance control and its clause is not enforced
# yet, so the report says "upcoming" and its own outcome is read instead.
_fw_own_later(later, gov, id) if {
	later == true
	gov[id]
} else := false

_fw_status(ctx, j, force, outcome) := "not-applicable" if {
	j.applies != true
} else := "not-assessed" if {
	outcome == "not-assessed"
} else := "upcoming" if {
	force != true
	ctx.enforce_upcoming != true
} else := outcome

# A clause whose requirements all pass is "met" only when a control of its own (a document, a
# declared fact, a check) evidences it; one evidenced only through grid levels is
# "partially-evidenced": the levels show the practices, not the clause's own record. A waived
# requirement makes a voluntary framework's clause "waived" and a regulation's "unmet" (the
# waiver is listed as accepted risk).
_fw_outcome(clause, requirements, statutory) := "not-assessed" if {
	clause.assessed == false
} else := "unmet" if {
	some r in requirements
	not r.status in {"pass", "waived"}
} else := "unmet" if {
	statutory == true
	some r in requirements
	r.status == "waived"
} else := "waived" if {
	some r in requirements
	r.status == "waived"
} else := "partially-evidenced" if {
	count(requirements) > 0
	count([r | some r in requirements; r.kind == "control"]) == 0
} else := "met"

# A grid level requirement passes when the dimension reaches it; below it, it is waived when
# every control holding the dimension down (at or below the level) is validly waived.
_fw_level_requirement(levels, failing, d, n) := object.union(
	{
		"kind": "level", "dimension": d, "min_level": n, "level": level, "status": status,
		"controls": holding, "detail": concat("", [d, " is at level ", lib.show(level), _fw_holding(holding)]),
	},
	_fw_waivers_key(waivers),
) if {
	level := object.get(levels, d, lib.bottom_level)
	holding := [h.id | some h in failing; h.dimension == d; is_number(h.level); h.level <= n]
	unwaived := [h.id | some h in failing; h.dimension == d; is_number(h.level); h.level <= n; h.status != "waived"]
	status := _fw_level_status(level, n, holding, unwaived)
	waivers := _fw_level_waivers(status, failing, d, n)
}

_fw_level_waivers(status, failing, d, n) := [h.waiver |
	some h in failing
	h.dimension == d
	is_number(h.level)
	h.level <= n
	h.status == "waived"
	is_object(h.waiver)
] if {
	status == "waived"
} else := []

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
# whose clause is not enforced yet (own_later): the report says "upcoming", so its own outcome
# is read. A waiver behind it (a waived control, or one recorded on a statutory control it
# could not lift) is listed.
_fw_control_requirement(own_later, own, index, id) := {
	"kind": "control", "id": id, "status": _fw_raw_status(o), "detail": lib.show(o.message),
} if {
	own_later == true
	o := own[id]
	is_boolean(o.pass)
} else := object.union(
	{
		"kind": "control", "id": id, "status": c.status, "detail": lib.show(c.message),
	},
	_fw_waivers_key(_fw_listed_waiver(c.waiver)),
) if {
	c := index[id]
} else := {
	"kind": "control", "id": id, "status": "fail",
	"detail": "the control was not evaluated in this run (fails closed)",
}

# _fw_waivers_key lists the waivers behind a requirement only when there are some, so audits
# without waivers keep their shape.
_fw_waivers_key(ws) := {} if {
	count(ws) == 0
} else := {"waivers": ws}

_fw_listed_waiver(w) := [w] if {
	is_object(w)
} else := []

_fw_raw_status(o) := "pass" if {
	o.pass == true
} else := "fail"

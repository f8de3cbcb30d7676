# Shared helpers for every aimm policy package: reading facts with defaults,
# checking evidence, and building control outcomes and messages in one shape.
#
# rego-cpp: `with input as ...` segfaults on rules that use !=, arithmetic or partial objects,
# so every control is a function of the facts document (f) and tests call it on literal facts.
# rego-cpp: a name defined with different arities in two packages can segfault, so names are
# unique across packages, tests included.
package aimm.core.lib

# model_id names the maturity model being evaluated: the engine (embedded or an OPA server)
# passes it as input.model. Policy tests run without input and see the default model.
model_id := m if {
	m := input.model
	is_string(m)
} else := "default"

# The evaluated model's data (controls/<model>/ merged with controls/core/), its compact
# catalog and the catalog order, as the engine loads them under data.aimm.models.<id>.
model := data.aimm.models[model_id].model

catalog := data.aimm.models[model_id].catalog

catalog_order := data.aimm.models[model_id].catalog_order

# The model's lowest and highest levels (1 and 5 for the default model; a model may start at
# 0). Every system is at least at the lowest level, which has no criteria.
bottom_level := model.levels[0].level

top_level := model.levels[count(model.levels) - 1].level

# outcome is the one shape every control returns.
outcome(ok, message) := {"pass": ok, "message": message}

# get reads a manifest fact at path (an array of keys), or the default when absent.
get(f, path, default_value) := object.get(f.manifest, path, default_value)

# posture reads a fact inside one posture dimension.
posture(f, dimension, path, default_value) := get(f, array.concat(["posture", dimension], path), default_value)

# is_true holds only for the boolean true, so a string "true" never passes.
is_true(x) if x == true

# has_text holds for a string with something other than white space.
has_text(x) if {
	is_string(x)
	trim_space(x) != ""
}

# evidence_ok holds when Python found the declared path as a file inside the repository.
# rego-cpp: f.evidence[path] with the parameter path walks every key and copies each value (the
# probes' reports made that cost most of an evidence control); object.get looks the key up.
evidence_ok(f, path) if {
	is_string(path)
	object.get(f, ["evidence", path, "exists"], false) == true
}

# ---- evidence probes ------------------------------------------------------------------------
#
# Python's evidence probes read what a declared file holds and report, per path and probe,
# input.evidence[path].probes[<probe id>] = {"status": s, "detail": "...", ...facts}, where s is
# "verified" (the file bears the claim out), "contradicted" (it does not: the control relying
# on it fails) or "unverified" (the probe could not tell: an unknown format, no git history).
# With --no-verify-evidence there are no probes and every status reads "unverified".

# probe is one probe's report on a declared path, or an unverified one when it did not run.
probe(f, path, id) := p if {
	is_string(path)

	# rego-cpp: object.get, not f.evidence[path] (see evidence_ok).
	p := object.get(f, ["evidence", path, "probes", id], null)
	is_object(p)
	p.status in {"verified", "contradicted", "unverified"}
} else := {"status": "unverified", "detail": "not probed"}

# probe_status is one probe's status on a declared path ("unverified" when it did not run).
probe_status(f, path, id) := probe(f, path, id).status

# contradicted holds when a probe found that the file does not bear out the claim.
contradicted(f, path, id) if probe_status(f, path, id) == "contradicted"

# ---- claims: the facts a control relied on, and what the probes made of them ----------------
#
# A control that relies on declared evidence reports each fact it checked as a claim
# {"fact": <JSON pointer>, "path": <declared path>, "probe": <id>, "status": s, "detail": "..."}
# ("exists" stands for Python's check that the path is there) and returns
# with_claims(outcome, claims): the outcome plus "evidence": {"verified": [...],
# "contradicted": [...], "unverified": [...]} (each list the claims without their status).
# The report shows those lists per control; a contradicted claim always fails its control.

# claim is one checked fact.
claim(fact, path, id, status, detail) := {
	"fact": fact, "path": path, "probe": id, "status": status, "detail": detail,
}

# pointer is the JSON pointer of a fact under a posture dimension: /posture/<dimension>/<path>.
pointer(dimension, path) := concat("/", array.concat(["", "posture", dimension], tokens)) if {
	tokens := [t | some k in path; t := _token(k)]
}

_token(k) := k if {
	is_string(k)
} else := format_int(k, 10)

# with_claims adds the claims, grouped by status, to an outcome (unchanged without claims).
with_claims(o, claims) := o if {
	count(claims) == 0
} else := object.union(o, {"evidence": {
	"verified": _claims_with(claims, "verified"),
	"contradicted": _claims_with(claims, "contradicted"),
	"unverified": _claims_with(claims, "unverified"),
}})

_claims_with(claims, status) := [x |
	some c in claims
	c.status == status
	x := object.remove(c, ["status"])
]

# contradictions are the details of the contradicted claims, in order.
contradictions(claims) := [c.detail | some c in claims; c.status == "contradicted"]

# exists_claim: a declared path's existence as a claim (contradicted when it is not there).
exists_claim(f, fact, path) := claim(fact, path, "exists", "verified", evidence_detail(f, path)) if {
	evidence_ok(f, path)
} else := claim(fact, path, "exists", "contradicted", evidence_detail(f, path))

# reported is one probe's report on a path, or, when the probe did not run, an unverified one
# saying why the path does or does not count. Claims read it once and pass it on.
# rego-cpp: every lookup and call costs; re-reading the report in each else branch was most of
# the cost of the evidence claims.
reported(f, path, id) := p if {
	is_string(path)

	# rego-cpp: object.get, not f.evidence[path] (see evidence_ok).
	p := object.get(f, ["evidence", path, "probes", id], null)
	is_object(p)
	p.status in {"verified", "contradicted", "unverified"}
	is_string(p.detail)
} else := {"status": "unverified", "detail": evidence_detail(f, path)}

# report_claim: a probe's report as a claim, as the probe reported it.
report_claim(fact, path, id, p) := claim(fact, path, id, p.status, p.detail)

# probe_claim: one probe's report on a path as a claim (unverified, with the path's evidence
# detail, when the probe did not run).
probe_claim(f, fact, path, id) := report_claim(fact, path, id, reported(f, path, id))

# probe_detail is what a probe said about a path, else why the path does or does not count.
probe_detail(f, path, id) := reported(f, path, id).detail

# ---- documents: real content, and not older than the org allows ------------------------------

# staleness_limit is the most days a document of this kind (incident_runbook, risk_management,
# impact_assessment) may go unchanged: input.config.evidence.staleness_days[kind], else 365.
staleness_limit(f, kind) := n if {
	n := object.get(f, ["config", "evidence", "staleness_days", kind], null)
	is_number(n)
} else := 365

# last_changed is the date git last changed the file (YYYY-MM-DD); undefined when unknown.
last_changed(f, path) := changed_on(reported(f, path, "history"))

# changed_on is the date in a history report; undefined when unknown or not a date.
changed_on(h) := d if {
	d := h.last_changed
	is_string(d)
	regex.match(`^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$`, d)
}

# age_days is how many days before today the file last changed; undefined when unknown.
age_days(f, path) := days_between(last_changed(f, path), f.today) if is_string(f.today)

# stale holds when the file last changed longer ago than its kind's limit allows.
stale(f, path, kind) if age_days(f, path) > staleness_limit(f, kind)

# history_claim is the last-change date as a claim: contradicted when stale, else as the
# history probe reported it (verified with a date from a full clone, unverified otherwise).
history_claim(f, fact, path, kind) := _history_claim(f, fact, path, kind, reported(f, path, "history"))

_history_claim(f, fact, path, kind, h) := claim(fact, path, "history", "contradicted", detail) if {
	is_string(f.today)
	changed := changed_on(h)
	age := days_between(changed, f.today)
	limit := staleness_limit(f, kind)
	age > limit
	detail := concat("", [
		path, " last changed on ", changed, ", ", show(age),
		" days before today; the limit is ", show(limit), " days",
	])
} else := report_claim(fact, path, "history", h)

# document_claims are the claims about a declared document: that it exists, that it holds real
# content, and (for kinds with a staleness limit, history true) that it changed recently enough.
document_claims(f, fact, path, kind, history) := [claim(fact, path, "exists", "contradicted", evidence_detail(f, path))] if {
	not evidence_ok(f, path)
} else := [probe_claim(f, fact, path, "document"), history_claim(f, fact, path, kind)] if {
	history == true
} else := [probe_claim(f, fact, path, "document")]

# evidence_detail says why a declared path does or does not count.
evidence_detail(f, path) := d if {
	is_string(path)

	# rego-cpp: object.get, not f.evidence[path] (see evidence_ok).
	d := object.get(f, ["evidence", path, "detail"], null)
	is_string(d)
} else := concat("", [show(path), " was not checked"])

# show renders a value for a message. Strings go through concat, never sprintf.
# rego-cpp: sprintf leaves quotes unescaped when it formats a string, breaking the JSON output.
# Strings and numbers come first: they are most messages, and each test costs a built-in call.
show(x) := x if {
	is_string(x)
} else := _number(x) if {
	is_number(x)
} else := concat(", ", [_scalar(e) | some e in x]) if {
	is_array(x)
} else := _scalar(x)

_scalar(x) := x if {
	is_string(x)
} else := "null" if {
	is_null(x)
} else := "true" if {
	x == true
} else := "false" if {
	x == false
} else := _number(x) if {
	is_number(x)
} else := sprintf("%v", [x])

# _number renders a number as rego-cpp's sprintf("%v") does, on every engine. Whole numbers
# below 2^31 use format_int: sprintf is not compiled into OPA's Wasm (each call goes out to
# the host, ~0.2 ms) and they are nearly every number in a message; OPA's Wasm format_int
# aborts beyond 32 bits (and writes -2^31 as "--2147483648"). For other numbers
# rego-cpp's "%v" is "%.16g" for a float and the exact digits for an integer, while OPA's "%v"
# gives a float 17 digits where a double needs them and the exponent form from 10^6 on, and
# its "%.16g" does not format integers: so floats (written with "." or an exponent, as
# json.marshal shows on both engines) use "%.16g", integers "%v". The bounds come first:
# rego-cpp's round fails on the largest doubles.
_number(x) := format_int(x, 10) if {
	x < 2147483648
	x > -2147483648
	x == round(x)
} else := sprintf("%.16g", [x]) if {
	_float_text(json.marshal(x))
} else := sprintf("%v", [x])

_float_text(s) if contains(s, ".")

_float_text(s) if contains(lower(s), "e")

# quoted renders a value as it would appear in YAML for a message.
quoted(x) := concat("", ["\"", x, "\""]) if is_string(x)

else := show(x)

# days_between returns whole days from date a to date b (both YYYY-MM-DD).
days_between(a, b) := (time.parse_ns("2006-01-02", b) - time.parse_ns("2006-01-02", a)) / 86400000000000

# --- posture facts: reading one dimension's facts and phrasing what they say ---
# Every grid control reads facts under posture.<dimension> and says what it observed and what
# its level needs. The helpers below take the dimension as a parameter so each package keeps
# only its own criteria. Controls read the posture object once (posture_of) and pass that
# small object on.
# rego-cpp: keys are looked up in O(size), so re-reading f.manifest adds up.

# posture_of is one dimension's posture object. Anything but an object reads as {}, so each
# fact in it is absent (its weakest value); undefined when f has no manifest at all.
posture_of(f, dimension) := p if {
	p := object.get(f.manifest, ["posture", dimension], {})
	is_object(p)
} else := {} if is_object(f.manifest)

# fact_name is a posture fact as the manifest names it: "posture.<dimension>.<path>".
fact_name(dimension, path) := concat(".", array.concat(["posture", dimension], path))

# needs joins what was observed with what the level needs.
needs(observed, level, need) := concat("", [observed, "; level ", show(level), " needs ", need])

# unreadable is the fail-closed outcome when a posture fact cannot be read at all.
unreadable(dimension, path, level, need) := outcome(false, needs(
	concat("", [fact_name(dimension, path), " could not be read"]),
	level, need,
))

# present holds when object o has a value at path, even null or false.
present(o, path) if object.get(o, path, 0) == object.get(o, path, 1)

# reads says how the value at path in object o reads, under the given name:
# "<name> is <value>", "<name> is not set", or "<name> is <value> (not a <type>)".
reads(o, path, name, want) := concat("", [name, " is ", render(v), _type_note(v, want)]) if {
	v := object.get(o, path, null)
	v != null
} else := concat("", [name, " is not set"]) if {
	not present(o, path)
} else := concat("", [name, " is null", _type_note(null, want)])

_type_note(v, want) := "" if {
	type_name(v) == want
} else := concat("", [" (not ", a_type(want), ")"])

# fact says how a fact in posture object p of the dimension reads.
fact(p, dimension, path, want) := reads(p, path, fact_name(dimension, path), want)

# manifest_fact says how a fact anywhere in the manifest reads, e.g. system.type.
manifest_fact(f, path, want) := reads(f.manifest, path, concat(".", path), want)

# a_type names a type with its article: "a string", "an array".
a_type(t) := concat("", ["an ", t]) if {
	t in {"array", "object"}
} else := concat("", ["a ", t])

# render shows a value as YAML would: strings quoted, lists in brackets; never via sprintf.
render(v) := quoted(v) if {
	is_string(v)
} else := concat("", ["[", concat(", ", [text | some e in v; text := _render_item(e)]), "]"]) if {
	is_array(v)
} else := "an object" if {
	is_object(v)
} else := show(v)

# _render_item shows a list item; nested collections by their type only.
_render_item(e) := e if {
	is_string(e)
} else := type_name(e) if {
	type_name(e) in {"array", "object", "set"}
} else := show(e)

# file_detail: "\"<path>\" (<what the evidence check found>)".
file_detail(f, path) := concat("", [quoted(path), " (", evidence_detail(f, path), ")"])

# Tests that are always true or false, never undefined, so an outcome always has a pass value.

# string_in: x is a string among allowed.
string_in(x, allowed) if {
	is_string(x)
	x in allowed
} else := false

# number_at_least: x is a number of at least n.
number_at_least(x, n) if {
	is_number(x)
	x >= n
} else := false

# list_has: v is a list that includes item.
list_has(v, item) if {
	is_array(v)
	item in v
} else := false

_truth(x) if {
	is_true(x)
} else := false

# --- control outcomes for one posture fact; each fails closed as unreadable ---

# one_of: the fact is one of the allowed strings (absent reads as "none").
one_of(f, dimension, path, allowed, level, need) := outcome(ok, needs(observed, level, need)) if {
	p := posture_of(f, dimension)
	ok := string_in(object.get(p, path, "none"), allowed)
	observed := fact(p, dimension, path, "string")
} else := unreadable(dimension, path, level, need)

# true_fact: the fact is the boolean true.
true_fact(f, dimension, path, level) := outcome(ok, needs(observed, level, "true")) if {
	p := posture_of(f, dimension)
	ok := _truth(object.get(p, path, false))
	observed := fact(p, dimension, path, "boolean")
} else := unreadable(dimension, path, level, "true")

# at_least: the fact is a number of at least n.
at_least(f, dimension, path, n, level) := outcome(ok, needs(observed, level, need)) if {
	p := posture_of(f, dimension)
	need := concat("", ["at least ", show(n)])
	ok := number_at_least(object.get(p, path, 0), n)
	observed := fact(p, dimension, path, "number")
} else := unreadable(dimension, path, level, concat("", ["at least ", show(n)]))

# includes: the fact is a list that includes item.
includes(f, dimension, path, item, level) := outcome(ok, needs(observed, level, need)) if {
	p := posture_of(f, dimension)
	need := concat("", ["it to include ", item])
	ok := list_has(object.get(p, path, []), item)
	observed := fact(p, dimension, path, "array")
} else := unreadable(dimension, path, level, concat("", ["it to include ", item]))

# includes_when: like includes, but only when the manifest fact at when_path is one of
# when_values (described as when_text). Not applicable only when that fact is a string
# outside when_values; an absent or malformed one fails closed.
includes_when(f, dimension, path, item, level, when_path, when_values, when_text) := outcome(true, msg) if {
	v := get(f, when_path, null)
	is_string(v)
	not v in when_values
	msg := concat("", ["not applicable: ", concat(".", when_path), " is ", v, ", not ", when_text])
} else := outcome(ok, concat("; ", [observed, because])) if {
	p := posture_of(f, dimension)
	ok := list_has(object.get(p, path, []), item)
	observed := fact(p, dimension, path, "array")
	because := concat("", [
		manifest_fact(f, when_path, "string"),
		", so level ", show(level), " needs it to include ", item,
	])
} else := unreadable(dimension, path, level, concat("", ["it to include ", item]))

# ---- system types ----------------------------------------------------------------------------

# classical_ml holds for a classical ML system (system.type classical-ml): a criterion that only
# makes sense for LLM systems (prompts in the audit trail, per-user spend, model-call spans) is
# then judged by its classical equivalent (the catalog's by_type entries say which and why).
classical_ml(f) if get(f, ["system", "type"], null) == "classical-ml"

# type_note: "; system.type is "classical-ml", so" for the classical criteria's messages.
type_note := "system.type is \"classical-ml\", so"

# evidence_file: the fact names a file that the checker found inside the repository.
evidence_file(f, dimension, path, level, need) := _file_outcome(f, p, dimension, path, level, need) if {
	p := posture_of(f, dimension)
} else := unreadable(dimension, path, level, need)

_file_outcome(f, p, dimension, path, level, need) := outcome(true, _file_fact(f, dimension, path, x)) if {
	x := object.get(p, path, null)
	evidence_ok(f, x)
} else := outcome(false, needs(_file_fact(f, dimension, path, x), level, need)) if {
	x := object.get(p, path, null)
	has_text(x)
} else := outcome(false, needs(_declared_fact(p, dimension, path), level, need))

# _file_fact: "<fact> is "<path>" (<what the evidence check found>)".
_file_fact(f, dimension, path, x) := concat("", [fact_name(dimension, path), " is ", file_detail(f, x)])

# _declared_fact: like fact for a path-valued fact, but an absent path is "not declared".
_declared_fact(p, dimension, path) := concat("", [fact_name(dimension, path), " is not declared"]) if {
	not present(p, path)
} else := fact(p, dimension, path, "string")

# checked_file: evidence_file with the claims about the file. A contradicted claim (other than
# the file's absence, which evidence_file already fails on) fails the control and is named.
checked_file(f, dimension, path, level, need, claims) := with_claims(o, claims) if {
	found := [c.detail | some c in claims; c.status == "contradicted"; c.probe != "exists"]
	o := _checked_outcome(f, dimension, path, level, need, found)
}

_checked_outcome(f, dimension, path, level, need, found) := evidence_file(f, dimension, path, level, need) if {
	count(found) == 0
} else := outcome(false, needs(concat("", [_checked_fact(f, dimension, path), " (", concat("; ", found), ")"]), level, need))

_checked_fact(f, dimension, path) := concat("", [fact_name(dimension, path), " is ", quoted(x)]) if {
	x := object.get(posture_of(f, dimension), path, null)
}

# posture_document: a document declared at a posture fact (postmortem template, incident
# runbook): it exists, holds real content and, with history true, changed within the
# staleness limit of its kind.
posture_document(f, dimension, path, level, need, kind, history) := checked_file(
	f, dimension, path, level, need,
	_document_claims_of(f, pointer(dimension, path), x, kind, history),
) if {
	x := object.get(posture_of(f, dimension), path, null)
} else := evidence_file(f, dimension, path, level, need)

_document_claims_of(f, fact, x, kind, history) := document_claims(f, fact, x, kind, history) if {
	has_text(x)
} else := []

# ---- observations: measurements of the running system ----------------------------------------
#
# The manifest's observations section holds what was measured (delivery metrics, KPIs) and when
# (measured_on). Measurements older than the staleness limit count as absent: a control that
# needs a measurement then fails the way it would without one.

# calendar_date holds for a real calendar date written YYYY-MM-DD, so time.parse_ns never fails
# on it (a built-in error would abort the query).
calendar_date(s) if {
	is_string(s)
	regex.match(`^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$`, s)
	parts := split(s, "-")
	parts[2] <= _days_in_month[parts[1]]
	not _not_leap_day(parts)
}

_days_in_month := {
	"01": "31", "02": "29", "03": "31", "04": "30", "05": "31", "06": "30",
	"07": "31", "08": "31", "09": "30", "10": "31", "11": "30", "12": "31",
}

_not_leap_day(parts) if {
	parts[1] == "02"
	parts[2] == "29"
	not _leap_year(to_number(parts[0]))
}

_leap_year(y) if {
	y % 4 == 0
	y % 100 != 0
}

_leap_year(y) if y % 400 == 0

# observation_limit is the most days measurements may be old: the org config's
# evidence.staleness_days.observations, else 90.
observation_limit(f) := n if {
	n := object.get(f, ["config", "evidence", "staleness_days", "observations"], null)
	is_number(n)
} else := 90

# observed_on is observations.measured_on when it is a real date; undefined otherwise.
observed_on(f) := d if {
	d := object.get(f.manifest, ["observations", "measured_on"], null)
	calendar_date(d)
}

# observation_age is how many days before today the observations were measured.
observation_age(f) := days_between(observed_on(f), f.today) if calendar_date(f.today)

# observations_fresh holds when the measurements were taken on or before today, within the limit.
observations_fresh(f) if {
	age := observation_age(f)
	age >= 0
	age <= observation_limit(f)
}

# observation_note says when the observations were measured and whether they count:
# "measured on 2026-11-01 (20 days before today)", or why they count as absent.
observation_note(f) := concat("", [
	"measured on ", observed_on(f), " (", show(observation_age(f)), " days before today)",
]) if {
	observations_fresh(f)
} else := concat("", [
	"measured on ", observed_on(f), ", ", show(observation_age(f)), " days before today: older than the ",
	show(observation_limit(f)), "-day limit, so they count as absent",
]) if {
	observation_age(f) > observation_limit(f)
} else := concat("", ["measured on ", observed_on(f), ", after today: they count as absent"]) if {
	observation_age(f) < 0
} else := "observations.measured_on is not set to a real date, so no measurement counts"

# observation is a measured value at path below observations (e.g. ["kpis", "x"]) when the
# observations are fresh; undefined when absent, stale or not a number.
observation(f, path) := v if {
	observations_fresh(f)
	v := object.get(f.manifest, array.concat(["observations"], path), null)
	is_number(v)
}

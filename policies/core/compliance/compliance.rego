# Governance facts (the manifest's compliance section): checks shared by the framework packages
# (eu_ai_act, nist_ai_rmf, iso_42001). Each framework calls them with its own clause's wording, so
# a team declares a fact once and every framework reads it. Paths are evidence: Python verifies
# them (input.evidence) and a check passes on a path only when the file exists and the evidence
# probes contradict nothing about it (real content, not a placeholder; the risk-management record
# and the impact assessment changed within the org's staleness limit); a declared path whose
# file is missing always fails. An absent fact counts as not done.
package aimm.core.compliance

import data.aimm.core.lib

# compliance_of is the compliance section ({} when absent or not a mapping); undefined without
# a manifest (fail closed).
compliance_of(f) := c if {
	c := object.get(f.manifest, "compliance", {})
	is_object(c)
} else := {} if is_object(f.manifest)

# fact_label names a compliance fact as the manifest does: "compliance.<path>".
fact_label(path) := concat(".", array.concat(["compliance"], path))

# document: compliance.<path> names a file that exists inside the repository and holds what a
# document should (see _cp_claims).
document(f, path, need) := lib.with_claims(_cp_document_outcome(f, path, need, claims), claims) if {
	claims := _cp_claims(f, path)
}

_cp_document_outcome(f, path, need, claims) := lib.outcome(true, _cp_file_of(f, path, x, claims)) if {
	x := object.get(compliance_of(f), path, null)
	lib.evidence_ok(f, x)
	count(lib.contradictions(claims)) == 0
} else := lib.outcome(false, concat("; ", [_cp_file_of(f, path, x, claims), need])) if {
	x := object.get(compliance_of(f), path, null)
	lib.has_text(x)
} else := lib.outcome(false, concat("; ", [_cp_absent(compliance_of(f), path), need]))

# _cp_claims are the claims about the document declared at compliance.<path> ([] when not
# declared): it exists, it holds real content, and for the risk-management record and the
# impact assessment it changed within input.config.evidence.staleness_days.
_cp_claims(f, path) := lib.document_claims(f, _cp_pointer(path), x, kind, kind in _cp_dated) if {
	x := object.get(compliance_of(f), path, null)
	lib.has_text(x)
	kind := concat(".", path)
} else := []

_cp_pointer(path) := concat("/", array.concat(["", "compliance"], path))

# notice: compliance.transparency.<kind> is a document (see document) that is not also declared
# for another notice: each notice tells different people different things at a different time,
# so one file never counts for two (EU AI Act Arts. 26(11), 50(1), 50(3), 50(4); ISO/IEC 42001
# A.8.2).
notice(f, kind, need) := lib.with_claims(lib.outcome(false, concat("; ", [shared, need])), claims) if {
	x := object.get(compliance_of(f), ["transparency", kind], null)
	lib.has_text(x)
	others := [fact_label(["transparency", k]) |
		some k in _cp_notices
		k != kind
		_cp_same_file(object.get(compliance_of(f), ["transparency", k], null), x)
	]
	count(others) > 0
	shared := concat("", [
		fact_label(["transparency", kind]), " is ", lib.quoted(x), ", the same file as ", concat(", ", others),
		"; each notice needs a document of its own",
	])
	claims := _cp_claims(f, ["transparency", kind])
} else := document(f, ["transparency", kind], need)

_cp_notices := ["notice", "affected_persons_notice", "user_information", "exposure_notice", "deep_fake_disclosure"]

# _cp_same_file: two declared paths name the same file (a leading "./" aside).
_cp_same_file(a, b) if {
	is_string(a)
	is_string(b)
	trim_prefix(a, "./") == trim_prefix(b, "./")
}

# The documents that must be kept current: their last change in git is checked against
# input.config.evidence.staleness_days[<kind>] (default 365 days).
_cp_dated := {
	"risk_management", "impact_assessment", "data_governance", "instructions_for_use", "accuracy_metrics",
	"quality_management", "post_market_monitoring_plan", "gpai_model.adversarial_testing",
	"gpai_model.systemic_risk_assessment",
}

# _cp_document_ok: the declared document exists and no claim about it is contradicted.
_cp_document_ok(f, path) if {
	lib.evidence_ok(f, object.get(compliance_of(f), path, null))
	count(lib.contradictions(_cp_claims(f, path))) == 0
}

# _cp_file: compliance.<path> is "<path>" (<what the evidence check found>), or what the
# probes contradicted when they did.
_cp_file(f, path, x) := _cp_file_of(f, path, x, _cp_claims(f, path))

_cp_file_of(f, path, x, claims) := concat("", [fact_label(path), " is ", lib.quoted(x), " (", concat("; ", found), ")"]) if {
	found := [c.detail | some c in claims; c.status == "contradicted"; c.probe != "exists"]
	count(found) > 0
} else := concat("", [fact_label(path), " is ", lib.file_detail(f, x)])

# _cp_absent: how an undeclared (or wrongly typed) path fact reads.
_cp_absent(c, path) := concat("", [fact_label(path), " is not declared"]) if {
	not lib.present(c, path)
} else := lib.reads(c, path, fact_label(path), "string")

# oversight: compliance.human_oversight declares each of parts: can_stop and can_override (who,
# as non-empty text) and procedure (a file that exists).
oversight(f, parts, need) := lib.with_claims(_cp_oversight(f, parts, need), claims) if {
	"procedure" in parts
	claims := _cp_claims(f, ["human_oversight", "procedure"])
} else := _cp_oversight(f, parts, need)

_cp_oversight(f, parts, need) := lib.outcome(true, concat(", ", seen)) if {
	c := compliance_of(f)
	problems := [p | some part in parts; p := _cp_oversight_problem(f, c, part)]
	count(problems) == 0
	seen := [s | some part in parts; s := _cp_oversight_fact(f, c, part)]
} else := lib.outcome(false, concat("; ", array.concat(problems, [need]))) if {
	c := compliance_of(f)
	problems := [p | some part in parts; p := _cp_oversight_problem(f, c, part)]
}

# _cp_oversight_problem is defined (how the part reads) when the part is missing.
_cp_oversight_problem(f, c, part) := _cp_oversight_fact(f, c, part) if {
	not _cp_oversight_ok(f, c, part)
}

_cp_oversight_ok(f, _, part) if {
	part == "procedure"
	_cp_document_ok(f, ["human_oversight", "procedure"])
}

_cp_oversight_ok(_, c, part) if {
	part != "procedure"
	lib.has_text(object.get(c, ["human_oversight", part], null))
}

_cp_oversight_fact(f, c, part) := _cp_document_fact(f, c, ["human_oversight", "procedure"]) if {
	part == "procedure"
} else := lib.reads(c, ["human_oversight", part], fact_label(["human_oversight", part]), "string")

# retention: compliance.log_retention_days is a number of at least min_days.
retention(f, min_days, need) := lib.outcome(true, concat("", [observed, ", at least ", lib.show(min_days)])) if {
	c := compliance_of(f)
	lib.number_at_least(object.get(c, "log_retention_days", null), min_days)
	observed := lib.reads(c, ["log_retention_days"], "compliance.log_retention_days", "number")
} else := lib.outcome(false, concat("; ", [observed, need])) if {
	observed := lib.reads(compliance_of(f), ["log_retention_days"], "compliance.log_retention_days", "number")
}

# incident: compliance.incident_reporting.procedure is a file that exists and every deadline in
# maximum_days ({name: days}) is declared in deadlines_days as a number of at most that many days.
incident(f, maximum_days, need) := lib.with_claims(
	_cp_incident(f, maximum_days, need),
	_cp_claims(f, ["incident_reporting", "procedure"]),
)

_cp_incident(f, maximum_days, need) := lib.outcome(true, concat("; ", array.concat([file], within))) if {
	c := compliance_of(f)
	_cp_document_ok(f, ["incident_reporting", "procedure"])
	file := _cp_file(f, ["incident_reporting", "procedure"], object.get(c, ["incident_reporting", "procedure"], null))
	names := sort(object.keys(maximum_days))
	late := [p | some name in names; p := _cp_late(c, name, maximum_days[name])]
	count(late) == 0
	within := [t | some name in names; t := _cp_deadline_fact(c, name)]
} else := lib.outcome(false, concat("; ", array.concat(problems, [need]))) if {
	c := compliance_of(f)
	names := sort(object.keys(maximum_days))
	late := [p | some name in names; p := _cp_late(c, name, maximum_days[name])]
	file_problems := [p | p := _cp_procedure_problem(f, c)]
	problems := array.concat(file_problems, late)
}

_cp_procedure_problem(f, c) := _cp_document_fact(f, c, ["incident_reporting", "procedure"]) if {
	not _cp_document_ok(f, ["incident_reporting", "procedure"])
}

_cp_document_fact(f, c, path) := _cp_file(f, path, x) if {
	x := object.get(c, path, null)
	lib.has_text(x)
} else := _cp_absent(c, path)

_cp_deadline_fact(c, name) := lib.reads(
	c, ["incident_reporting", "deadlines_days", name],
	fact_label(["incident_reporting", "deadlines_days", name]), "number",
)

# _cp_late is defined (a message) when deadline name is undeclared, not a number or too long.
_cp_late(c, name, most) := concat("", [_cp_deadline_fact(c, name), ", at most ", lib.show(most), " allowed"]) if {
	v := object.get(c, ["incident_reporting", "deadlines_days", name], null)
	not _cp_within(v, most)
}

_cp_within(v, most) if {
	is_number(v)
	v >= 0
	v <= most
}

# conformity: compliance.conformity_assessment.status is completed, its record is a document
# with real content, and no substantial modification (compliance.substantially_modified) came
# after the assessment was completed (completed_on): a substantial modification needs a new one.
conformity(f, need) := lib.with_claims(_cp_conformity(f, need), _cp_claims(f, ["conformity_assessment", "record"]))

_cp_conformity(f, need) := lib.outcome(true, concat("; ", array.concat([status, record], _cp_modified_facts(c)))) if {
	c := compliance_of(f)
	object.get(c, ["conformity_assessment", "status"], null) == "completed"
	_cp_document_ok(f, ["conformity_assessment", "record"])
	not _cp_modified_since(c)
	status := _cp_status(c)
	record := _cp_document_fact(f, c, ["conformity_assessment", "record"])
} else := lib.outcome(false, concat("; ", problems)) if {
	c := compliance_of(f)
	record := _cp_document_fact(f, c, ["conformity_assessment", "record"])
	problems := array.concat([_cp_status(c), record], array.concat(_cp_modified_problem(c), [need]))
}

# _cp_modified_since holds when the system was substantially modified after the assessment was
# completed (both dates declared; dates compare as YYYY-MM-DD text).
_cp_modified_since(c) if {
	m := object.get(c, "substantially_modified", null)
	done := object.get(c, ["conformity_assessment", "completed_on"], null)
	is_string(m)
	is_string(done)
	m > done
}

_cp_modified_facts(c) := [concat("", [
	"compliance.conformity_assessment.completed_on is ", done,
	", not before compliance.substantially_modified (", m, ")",
])] if {
	m := object.get(c, "substantially_modified", null)
	done := object.get(c, ["conformity_assessment", "completed_on"], null)
	is_string(m)
	is_string(done)
} else := []

_cp_modified_problem(c) := [concat("", [
	"compliance.substantially_modified is ", object.get(c, "substantially_modified", null),
	", after the assessment completed on ", object.get(c, ["conformity_assessment", "completed_on"], null),
	", so a new conformity assessment is needed",
])] if {
	_cp_modified_since(c)
} else := []

# all_of combines outcomes that must all pass (one control checking several facts): it passes
# when each does, its message joins theirs, and their evidence claims are kept.
all_of(outcomes) := object.union(
	lib.outcome(count([o | some o in outcomes; o.pass != true]) == 0, concat("; ", [o.message | some o in outcomes])),
	_cp_merged_evidence(outcomes),
)

_cp_merged_evidence(outcomes) := {} if {
	count([o | some o in outcomes; o.evidence]) == 0
} else := {"evidence": {
	"verified": [c | some o in outcomes; some c in object.get(o, ["evidence", "verified"], [])],
	"contradicted": [c | some o in outcomes; some c in object.get(o, ["evidence", "contradicted"], [])],
	"unverified": [c | some o in outcomes; some c in object.get(o, ["evidence", "unverified"], [])],
}}

# rego-cpp: a function named like one of an imported package (number_at_least, one_of in
# aimm.core.lib) crashed the compiler, so these helpers have names of their own.

# minimum: compliance.<path> is a number of at least n.
minimum(f, path, n, need) := lib.outcome(true, concat("", [observed, ", at least ", lib.show(n)])) if {
	c := compliance_of(f)
	lib.number_at_least(object.get(c, path, null), n)
	observed := lib.reads(c, path, fact_label(path), "number")
} else := lib.outcome(false, concat("; ", [observed, need])) if {
	observed := lib.reads(compliance_of(f), path, fact_label(path), "number")
}

# maximum: compliance.<path> is a number from 0 to n.
maximum(f, path, n, need) := lib.outcome(true, concat("", [observed, ", at most ", lib.show(n)])) if {
	c := compliance_of(f)
	v := object.get(c, path, null)
	_cp_within(v, n)
	observed := lib.reads(c, path, fact_label(path), "number")
} else := lib.outcome(false, concat("; ", [observed, need])) if {
	observed := lib.reads(compliance_of(f), path, fact_label(path), "number")
}

# declared_false: compliance.<path> is declared as the boolean false (an absent fact is not a "no").
declared_false(f, path, need) := lib.outcome(true, observed) if {
	c := compliance_of(f)
	object.get(c, path, null) == false
	observed := lib.reads(c, path, fact_label(path), "boolean")
} else := lib.outcome(false, concat("; ", [observed, need])) if {
	observed := lib.reads(compliance_of(f), path, fact_label(path), "boolean")
}

# choice: compliance.<path> is one of the allowed strings.
choice(f, path, allowed, need) := lib.outcome(true, observed) if {
	c := compliance_of(f)
	object.get(c, path, null) in allowed
	observed := lib.reads(c, path, fact_label(path), "string")
} else := lib.outcome(false, concat("; ", [observed, need])) if {
	observed := lib.reads(compliance_of(f), path, fact_label(path), "string")
}

# date_within: compliance.<path> is a date (YYYY-MM-DD) on or before today and no more than
# `years` years before it (a one-year limit lets an audit on 2026-03-01 serve until 2027-03-01).
date_within(f, path, years, need) := lib.outcome(true, concat("", [
	observed, ", within ", lib.show(years), " year(s) of today (", f.today, ")",
])) if {
	c := compliance_of(f)
	d := object.get(c, path, null)
	_cp_recent(d, f.today, years)
	observed := lib.reads(c, path, fact_label(path), "string")
} else := lib.outcome(false, concat("; ", [observed, need])) if {
	observed := lib.reads(compliance_of(f), path, fact_label(path), "string")
}

_cp_recent(d, today, years) if {
	is_string(d)
	is_string(today)
	regex.match(`^[0-9]{4}-[0-9]{2}-[0-9]{2}$`, d)
	d <= today
	limit := time.add_date(time.parse_ns("2006-01-02", d), years, 0, 0)
	limit >= time.parse_ns("2006-01-02", today)
}

_cp_status(c) := lib.reads(c, ["conformity_assessment", "status"], "compliance.conformity_assessment.status", "string")

# declared_text: compliance.<path> is non-empty text (a declared fact aimm cannot verify).
declared_text(f, path, need) := lib.outcome(true, concat("", [observed, " (declared)"])) if {
	c := compliance_of(f)
	lib.has_text(object.get(c, path, null))
	observed := lib.reads(c, path, fact_label(path), "string")
} else := lib.outcome(false, concat("; ", [observed, need])) if {
	observed := lib.reads(compliance_of(f), path, fact_label(path), "string")
}

# flag: compliance.<path> is the boolean true.
flag(f, path, need) := lib.outcome(true, observed) if {
	c := compliance_of(f)
	object.get(c, path, false) == true
	observed := lib.reads(c, path, fact_label(path), "boolean")
} else := lib.outcome(false, concat("; ", [observed, need])) if {
	observed := lib.reads(compliance_of(f), path, fact_label(path), "boolean")
}

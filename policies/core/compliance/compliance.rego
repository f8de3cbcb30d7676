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

_cp_dated := {"risk_management", "impact_assessment"}

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

# conformity: compliance.conformity_assessment.status is completed and its record is a file that
# exists (a completed assessment has a declaration to show).
conformity(f, need) := lib.with_claims(_cp_conformity(f, need), _cp_claims(f, ["conformity_assessment", "record"]))

_cp_conformity(f, need) := lib.outcome(true, concat("; ", [status, record])) if {
	c := compliance_of(f)
	object.get(c, ["conformity_assessment", "status"], null) == "completed"
	_cp_document_ok(f, ["conformity_assessment", "record"])
	status := _cp_status(c)
	record := _cp_document_fact(f, c, ["conformity_assessment", "record"])
} else := lib.outcome(false, concat("; ", [_cp_status(c), record, need])) if {
	c := compliance_of(f)
	record := _cp_document_fact(f, c, ["conformity_assessment", "record"])
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

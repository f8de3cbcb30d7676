package aimm.lib_test

import data.aimm.lib

_facts := {
	"manifest": {"posture": {"visibility": {"dashboards": "central", "tracing": {"coverage": 90}}}},
	"evidence": {
		"docs/runbook.md": {"exists": true, "detail": "found"},
		"docs/missing.md": {"exists": false, "detail": "docs/missing.md does not exist"},
	},
}

test_pass_get_present if {
	lib.get(_facts, ["posture", "visibility", "dashboards"], "none") == "central"
}

test_pass_get_default_when_absent if {
	lib.get(_facts, ["posture", "cost", "dashboards"], "none") == "none"
}

test_pass_posture_reads_nested if {
	lib.posture(_facts, "visibility", ["tracing", "coverage"], 0) == 90
}

test_pass_is_true_only_boolean if {
	lib.is_true(true)
	not lib.is_true("true")
	not lib.is_true(1)
}

test_pass_has_text if {
	lib.has_text("otel")
	not lib.has_text("   ")
	not lib.has_text(3)
}

test_pass_evidence_ok if {
	lib.evidence_ok(_facts, "docs/runbook.md")
}

test_fail_evidence_missing_or_undeclared if {
	not lib.evidence_ok(_facts, "docs/missing.md")
	not lib.evidence_ok(_facts, "docs/unknown.md")
	not lib.evidence_ok(_facts, null)
}

test_pass_evidence_detail if {
	lib.evidence_detail(_facts, "docs/missing.md") == "docs/missing.md does not exist"
	lib.evidence_detail(_facts, "x.md") == "x.md was not checked"
}

test_pass_show if {
	lib.show("none") == "none"
	lib.show(80) == "80"
	lib.show(0.5) == "0.5"
	lib.show(true) == "true"
	lib.show(null) == "null"
	lib.show(["a", "b"]) == "a, b"
}

test_pass_quoted if {
	lib.quoted("none") == "\"none\""
	lib.quoted(3) == "3"
}

test_pass_days_between if {
	lib.days_between("2026-11-21", "2026-11-21") == 0
	lib.days_between("2026-11-21", "2026-12-21") == 30
	lib.days_between("2026-11-21", "2026-11-20") == -1
}

test_pass_outcome_shape if {
	lib.outcome(false, "m") == {"pass": false, "message": "m"}
}

package aimm.core.lib_test

import data.aimm.core.lib

_lib_facts := {
	"manifest": {"posture": {"visibility": {"dashboards": "central", "tracing": {"coverage": 90}}}},
	"evidence": {
		"docs/runbook.md": {"exists": true, "detail": "found"},
		"docs/missing.md": {"exists": false, "detail": "docs/missing.md does not exist"},
	},
}

test_pass_get_present if {
	lib.get(_lib_facts, ["posture", "visibility", "dashboards"], "none") == "central"
}

test_pass_get_default_when_absent if {
	lib.get(_lib_facts, ["posture", "cost", "dashboards"], "none") == "none"
}

test_pass_posture_reads_nested if {
	lib.posture(_lib_facts, "visibility", ["tracing", "coverage"], 0) == 90
}

test_pass_is_true_only_boolean if {
	lib.is_true(true)
	every v in _lib_not_true {
		not lib.is_true(v)
	}
}

# OPA's type checker infers is_true(boolean) from `x == true` and rejects literal "true" or 1
# as arguments (opa check --strict); values read from a collection are typed any.
_lib_not_true := ["true", 1, null, false]

test_pass_has_text if {
	lib.has_text("otel")
	not lib.has_text("   ")
	not lib.has_text(3)
}

test_pass_evidence_ok if {
	lib.evidence_ok(_lib_facts, "docs/runbook.md")
}

test_fail_evidence_missing_or_undeclared if {
	not lib.evidence_ok(_lib_facts, "docs/missing.md")
	not lib.evidence_ok(_lib_facts, "docs/unknown.md")
	not lib.evidence_ok(_lib_facts, null)
}

test_pass_evidence_detail if {
	lib.evidence_detail(_lib_facts, "docs/missing.md") == "docs/missing.md does not exist"
	lib.evidence_detail(_lib_facts, "x.md") == "x.md was not checked"
}

test_pass_show if {
	lib.show("none") == "none"
	lib.show(80) == "80"
	lib.show(0.5) == "0.5"
	lib.show(true) == "true"
	lib.show(null) == "null"
	lib.show(["a", "b"]) == "a, b"
}

test_pass_show_numbers_and_scalars if {
	lib.show(-7) == "-7"
	lib.show(3.0) == "3"
	lib.show(2147483647) == "2147483647"
	lib.show(-2147483648) == "-2147483648"
	lib.show(2147483648) == "2147483648"
	lib.show(3000000000.0) == "3000000000"
	lib.show(999999999999999) == "999999999999999"
	lib.show(1000000000000000) == "1000000000000000"
	lib.show(2.5e-7) == "2.5e-07"
	lib.show(1234567.5) == "1234567.5"
	lib.show(0.30000000000000004) == "0.3"
	lib.show(1.5e+15) == "1500000000000000"
	lib.show(1.5e+16) == "1.5e+16"
	lib.show(123456789012345678901234567890) == "123456789012345678901234567890"
	lib.show(1.2345678901234567e+300) == "1.234567890123457e+300"
	lib.show(10000000000000001) == "10000000000000001"
	lib.show([1, true, false, null, 2.5]) == "1, true, false, null, 2.5"
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

# --- posture fact helpers ---

# _lib_doc is an input document with one visibility posture and a system type.
_lib_doc(vis) := {
	"manifest": {"system": {"type": "agent"}, "posture": {"visibility": vis}},
	"evidence": {
		"docs/runbook.md": {"exists": true, "detail": "docs/runbook.md found"},
		"docs/missing.md": {"exists": false, "detail": "docs/missing.md does not exist"},
	},
}

_lib_no_manifest := {"evidence": {}}

test_pass_posture_of_reads_the_dimension if {
	lib.posture_of(_lib_doc({"dashboards": "central"}), "visibility") == {"dashboards": "central"}
}

test_pass_posture_of_absent_or_not_an_object_is_empty if {
	lib.posture_of(_lib_doc({}), "cost") == {}
	lib.posture_of(_lib_doc(["central"]), "visibility") == {}
	lib.posture_of({"manifest": {"posture": "none"}}, "visibility") == {}
}

test_fail_posture_of_without_a_manifest_is_undefined if {
	not lib.posture_of(_lib_no_manifest, "visibility")
}

test_pass_fact_name if {
	lib.fact_name("visibility", ["tracing", "coverage"]) == "posture.visibility.tracing.coverage"
}

test_pass_needs if {
	lib.needs("x is \"none\"", 2, "central") == "x is \"none\"; level 2 needs central"
}

test_fail_unreadable if {
	lib.unreadable("audit", ["export"], 3, "true") == {
		"pass": false,
		"message": "posture.audit.export could not be read; level 3 needs true",
	}
}

test_pass_present if {
	lib.present({"a": {"b": null}}, ["a", "b"])
	lib.present({"a": {"b": false}}, ["a", "b"])
}

test_fail_present_when_absent if {
	not lib.present({"a": {}}, ["a", "b"])
	not lib.present({"a": "text"}, ["a", "b"])
}

test_pass_reads_a_value_of_the_wanted_type if {
	lib.reads({"a": {"b": "central"}}, ["a", "b"], "x.y", "string") == "x.y is \"central\""
	lib.reads({"a": {"b": 80}}, ["a", "b"], "x.y", "number") == "x.y is 80"
}

test_fail_reads_absent_null_and_wrong_type if {
	lib.reads({}, ["a", "b"], "x.y", "string") == "x.y is not set"
	lib.reads({"a": {"b": null}}, ["a", "b"], "x.y", "string") == "x.y is null (not a string)"
	lib.reads({"a": {"b": "80"}}, ["a", "b"], "x.y", "number") == "x.y is \"80\" (not a number)"
	lib.reads({"a": {"b": false}}, ["a", "b"], "x.y", "array") == "x.y is false (not an array)"
}

test_pass_fact if {
	p := {"tracing": {"coverage": 90}}
	lib.fact(p, "visibility", ["tracing", "coverage"], "number") == "posture.visibility.tracing.coverage is 90"
}

test_fail_fact_not_set if {
	lib.fact({}, "cost", ["dashboards"], "string") == "posture.cost.dashboards is not set"
}

test_pass_manifest_fact if {
	lib.manifest_fact(_lib_doc({}), ["system", "type"], "string") == "system.type is \"agent\""
}

test_fail_manifest_fact_absent if {
	lib.manifest_fact(_lib_doc({}), ["risk", "autonomy"], "string") == "risk.autonomy is not set"
}

test_pass_a_type if {
	lib.a_type("string") == "a string"
	lib.a_type("array") == "an array"
	lib.a_type("object") == "an object"
}

test_pass_render if {
	lib.render("central") == "\"central\""
	lib.render(["a", 1, ["x"], {"k": 1}, null]) == "[a, 1, array, object, null]"
	lib.render({"k": 1}) == "an object"
	lib.render(0.5) == "0.5"
	lib.render(true) == "true"
}

test_pass_file_detail if {
	lib.file_detail(_lib_doc({}), "docs/runbook.md") == "\"docs/runbook.md\" (docs/runbook.md found)"
	lib.file_detail(_lib_doc({}), "x.md") == "\"x.md\" (x.md was not checked)"
}

test_pass_string_in if {
	lib.string_in("central", {"per-team", "central"}) == true
}

test_fail_string_in if {
	lib.string_in("none", {"central"}) == false
	lib.string_in(["central"], {"central"}) == false
}

test_pass_number_at_least if {
	lib.number_at_least(80, 80) == true
}

test_fail_number_at_least if {
	lib.number_at_least(79, 80) == false
	lib.number_at_least("99", 80) == false
}

test_pass_list_has if {
	lib.list_has(["model_call", "tool_call"], "tool_call") == true
}

test_fail_list_has if {
	lib.list_has(["model_call"], "tool_call") == false
	lib.list_has("tool_call", "tool_call") == false
}

# --- control outcomes ---

test_pass_one_of if {
	doc := _lib_doc({"dashboards": "central"})
	lib.one_of(doc, "visibility", ["dashboards"], {"per-team", "central"}, 2, "per-team or central") == {
		"pass": true,
		"message": "posture.visibility.dashboards is \"central\"; level 2 needs per-team or central",
	}
}

test_fail_one_of_absent if {
	lib.one_of(_lib_doc({}), "visibility", ["dashboards"], {"central"}, 3, "central") == {
		"pass": false,
		"message": "posture.visibility.dashboards is not set; level 3 needs central",
	}
}

test_fail_one_of_wrong_type if {
	lib.one_of(_lib_doc({"dashboards": ["central"]}), "visibility", ["dashboards"], {"central"}, 3, "central") == {
		"pass": false,
		"message": "posture.visibility.dashboards is [central] (not a string); level 3 needs central",
	}
}

test_fail_one_of_without_a_manifest if {
	lib.one_of(_lib_no_manifest, "visibility", ["dashboards"], {"central"}, 3, "central") == {
		"pass": false,
		"message": "posture.visibility.dashboards could not be read; level 3 needs central",
	}
}

test_pass_true_fact if {
	lib.true_fact(_lib_doc({"tracing": {"enabled": true}}), "visibility", ["tracing", "enabled"], 3) == {
		"pass": true,
		"message": "posture.visibility.tracing.enabled is true; level 3 needs true",
	}
}

test_fail_true_fact_string if {
	lib.true_fact(_lib_doc({"tracing": {"enabled": "true"}}), "visibility", ["tracing", "enabled"], 3) == {
		"pass": false,
		"message": "posture.visibility.tracing.enabled is \"true\" (not a boolean); level 3 needs true",
	}
}

test_pass_at_least if {
	lib.at_least(_lib_doc({"tracing": {"coverage": 80}}), "visibility", ["tracing", "coverage"], 80, 3) == {
		"pass": true,
		"message": "posture.visibility.tracing.coverage is 80; level 3 needs at least 80",
	}
}

test_fail_at_least if {
	lib.at_least(_lib_doc({"tracing": {"coverage": 79.5}}), "visibility", ["tracing", "coverage"], 80, 3) == {
		"pass": false,
		"message": "posture.visibility.tracing.coverage is 79.5; level 3 needs at least 80",
	}
}

test_pass_includes if {
	doc := _lib_doc({"tracing": {"spans": ["model_call"]}})
	lib.includes(doc, "visibility", ["tracing", "spans"], "model_call", 3) == {
		"pass": true,
		"message": "posture.visibility.tracing.spans is [model_call]; level 3 needs it to include model_call",
	}
}

test_fail_includes_not_a_list if {
	lib.includes(_lib_doc({"tracing": {"spans": "model_call"}}), "visibility", ["tracing", "spans"], "model_call", 3) == {
		"pass": false,
		"message": concat("", [
			"posture.visibility.tracing.spans is \"model_call\" (not an array); ",
			"level 3 needs it to include model_call",
		]),
	}
}

test_pass_includes_when_not_applicable if {
	spans := ["tracing", "spans"]
	lib.includes_when(_lib_doc({}), "visibility", spans, "retrieval", 4, ["system", "type"], {"rag"}, "rag") == {
		"pass": true,
		"message": "not applicable: system.type is agent, not rag",
	}
}

test_pass_includes_when_applicable if {
	doc := _lib_doc({"tracing": {"spans": ["tool_call"]}})
	spans := ["tracing", "spans"]
	lib.includes_when(doc, "visibility", spans, "tool_call", 4, ["system", "type"], {"agent"}, "agent") == {
		"pass": true,
		"message": concat("", [
			"posture.visibility.tracing.spans is [tool_call]; ",
			"system.type is \"agent\", so level 4 needs it to include tool_call",
		]),
	}
}

test_fail_includes_when_condition_absent if {
	spans := ["tracing", "spans"]
	lib.includes_when(_lib_doc({}), "visibility", spans, "approvals", 4, ["risk", "autonomy"], {"act"}, "act") == {
		"pass": false,
		"message": concat("", [
			"posture.visibility.tracing.spans is not set; ",
			"risk.autonomy is not set, so level 4 needs it to include approvals",
		]),
	}
}

test_pass_evidence_file if {
	lib.evidence_file(_lib_doc({"runbook": "docs/runbook.md"}), "visibility", ["runbook"], 4, "a runbook") == {
		"pass": true,
		"message": "posture.visibility.runbook is \"docs/runbook.md\" (docs/runbook.md found)",
	}
}

test_fail_evidence_file_missing if {
	lib.evidence_file(_lib_doc({"runbook": "docs/missing.md"}), "visibility", ["runbook"], 4, "a runbook") == {
		"pass": false,
		"message": concat("", [
			"posture.visibility.runbook is \"docs/missing.md\" (docs/missing.md does not exist); ",
			"level 4 needs a runbook",
		]),
	}
}

test_fail_evidence_file_not_declared if {
	lib.evidence_file(_lib_doc({}), "visibility", ["runbook"], 4, "a runbook") == {
		"pass": false,
		"message": "posture.visibility.runbook is not declared; level 4 needs a runbook",
	}
}

test_fail_evidence_file_blank_or_wrong_type if {
	lib.evidence_file(_lib_doc({"runbook": " "}), "visibility", ["runbook"], 4, "a runbook") == {
		"pass": false,
		"message": "posture.visibility.runbook is \" \"; level 4 needs a runbook",
	}
	lib.evidence_file(_lib_doc({"runbook": 3}), "visibility", ["runbook"], 4, "a runbook") == {
		"pass": false,
		"message": "posture.visibility.runbook is 3 (not a string); level 4 needs a runbook",
	}
}

# ---- evidence probes ------------------------------------------------------------------------

_probed := {"evidence": {"evals/a.yaml": {"exists": true, "detail": "found", "probes": {
	"eval_suite": {"status": "contradicted", "detail": "holds 0 cases; 120 declared", "cases": 0},
	"odd": {"status": "maybe", "detail": "not a status"},
}}}}

test_pass_probe_reports_what_the_probe_found if {
	lib.probe(_probed, "evals/a.yaml", "eval_suite") == {
		"status": "contradicted", "detail": "holds 0 cases; 120 declared", "cases": 0,
	}
	lib.contradicted(_probed, "evals/a.yaml", "eval_suite")
}

test_fail_probe_not_run_or_malformed_is_unverified if {
	lib.probe_status(_probed, "evals/a.yaml", "document") == "unverified"
	lib.probe_status(_probed, "evals/a.yaml", "odd") == "unverified"
	lib.probe_status(_probed, "missing.yaml", "eval_suite") == "unverified"
	lib.probe_status(_probed, 42, "eval_suite") == "unverified"
	not lib.contradicted(_probed, "evals/b.yaml", "eval_suite")
}

# ---- claims and documents ---------------------------------------------------------------------

_claimed := lib.claim("/posture/audit/incident_runbook", "docs/r.md", "document", "verified", "ok")

test_pass_with_claims_groups_by_status if {
	bad := lib.claim("/posture/audit/incident_runbook", "docs/r.md", "history", "contradicted", "old")
	lib.with_claims(lib.outcome(true, "m"), [_claimed, bad]) == {
		"pass": true, "message": "m", "evidence": {
			"verified": [{"fact": "/posture/audit/incident_runbook", "path": "docs/r.md", "probe": "document", "detail": "ok"}],
			"contradicted": [{"fact": "/posture/audit/incident_runbook", "path": "docs/r.md", "probe": "history", "detail": "old"}],
			"unverified": [],
		},
	}
	lib.contradictions([_claimed, bad]) == ["old"]
}

test_fail_with_claims_adds_nothing_without_claims if {
	lib.with_claims(lib.outcome(false, "m"), []) == {"pass": false, "message": "m"}
}

test_pass_pointer if {
	lib.pointer("evaluation", ["ci_gate", "workflow"]) == "/posture/evaluation/ci_gate/workflow"
	lib.pointer("evaluation", ["suites", 2, "path"]) == "/posture/evaluation/suites/2/path"
}

_dated_doc(date) := {
	"today": "2026-11-21",
	"evidence": {"docs/r.md": {"exists": true, "detail": "found", "probes": {
		"history": {"status": "verified", "detail": "dated", "last_changed": date, "shallow": false},
	}}},
}

test_pass_staleness_limit_default_and_configured if {
	lib.staleness_limit({}, "incident_runbook") == 365
	lib.staleness_limit({"config": {"evidence": {"staleness_days": {"incident_runbook": 30}}}}, "incident_runbook") == 30
	lib.staleness_limit({"config": {"evidence": {"staleness_days": {"incident_runbook": "30"}}}}, "incident_runbook") == 365
}

test_fail_stale_after_the_limit if {
	lib.stale(_dated_doc("2025-11-20"), "docs/r.md", "incident_runbook")
	lib.age_days(_dated_doc("2025-11-20"), "docs/r.md") == 366
}

test_pass_not_stale_at_the_limit_or_unknown if {
	not lib.stale(_dated_doc("2025-11-21"), "docs/r.md", "incident_runbook")
	not lib.stale(_dated_doc("unknown"), "docs/r.md", "incident_runbook")
	not lib.stale(_dated_doc("2025-13-01"), "docs/r.md", "incident_runbook")
}

test_pass_document_claims_of_a_missing_file if {
	f := {"evidence": {"docs/r.md": {"exists": false, "detail": "docs/r.md does not exist"}}}
	lib.document_claims(f, "/x", "docs/r.md", "incident_runbook", true) == [
		lib.claim("/x", "docs/r.md", "exists", "contradicted", "docs/r.md does not exist"),
	]
}

test_pass_document_claims_unprobed_are_unverified if {
	f := {"evidence": {"docs/r.md": {"exists": true, "detail": "docs/r.md not verified (--no-verify-evidence)"}}}
	lib.document_claims(f, "/x", "docs/r.md", "incident_runbook", false) == [
		lib.claim("/x", "docs/r.md", "document", "unverified", "docs/r.md not verified (--no-verify-evidence)"),
	]
}

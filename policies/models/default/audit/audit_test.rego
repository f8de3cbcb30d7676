package aimm.models.default.audit_test

import data.aimm.models.default.audit

_empty := {"manifest": {}, "evidence": {}}

_aud_facts(a) := {"manifest": {"system": {"type": "llm-app"}, "posture": {"audit": a}}, "evidence": {}}

_covers(manifest, covers) := {
	"manifest": object.union(manifest, {"posture": {"audit": {"audit_trail": {"covers": covers}}}}),
	"evidence": {},
}

_with_evidence(a, ev) := {"manifest": {"posture": {"audit": a}}, "evidence": ev}

_found := {"exists": true, "detail": "found"}

_base := "level 4 needs it to include prompts, responses and model_versions"

_postmortem_need := "level 4 needs a postmortem template declared and present as a file in the repository"

_runbook_need := "level 4 needs an incident runbook declared and present as a file in the repository"

_evidence(verified, contradicted, unverified) := {
	"verified": verified, "contradicted": contradicted, "unverified": unverified,
}

_claim(fact, path, probe, detail) := {"fact": fact, "path": path, "probe": probe, "detail": detail}

_pm := "/posture/audit/postmortem_template"

_rb := "/posture/audit/incident_runbook"

# _doc is an existing document with the document probe's report (and, with a date, history's).
_doc(status, detail) := {"exists": true, "detail": "found", "probes": {"document": {"status": status, "detail": detail}}}

_dated(date) := {"exists": true, "detail": "found", "probes": {
	"document": {"status": "verified", "detail": "docs/runbook.md holds 80 words of prose", "words": 80},
	"history": {
		"status": "verified", "detail": concat("", ["docs/runbook.md last changed on ", date, " (git log)"]),
		"last_changed": date, "shallow": false,
	},
}}

# _runbook_on is the runbook with the given evidence, judged on 2026-11-21 with the config.
_runbook_on(ev, config) := {
	"manifest": {"posture": {"audit": {"incident_runbook": "docs/runbook.md"}}},
	"evidence": {"docs/runbook.md": ev},
	"today": "2026-11-21",
	"config": config,
}

# AUD-2.1

test_pass_aud_2_1 if {
	audit.aud_2_1(_aud_facts({"records": "scattered"})) == {
		"pass": true,
		"message": "posture.audit.records is \"scattered\"; level 2 needs scattered or centralized",
	}
}

test_fail_aud_2_1_none if {
	audit.aud_2_1(_aud_facts({"records": "none"})) == {
		"pass": false,
		"message": "posture.audit.records is \"none\"; level 2 needs scattered or centralized",
	}
}

test_fail_aud_2_1_absent if {
	audit.aud_2_1(_empty) == {
		"pass": false,
		"message": "posture.audit.records is not set; level 2 needs scattered or centralized",
	}
}

# AUD-3.1

test_pass_aud_3_1 if {
	audit.aud_3_1(_aud_facts({"records": "centralized"})) == {
		"pass": true,
		"message": "posture.audit.records is \"centralized\"; level 3 needs centralized",
	}
}

test_fail_aud_3_1_scattered if {
	audit.aud_3_1(_aud_facts({"records": "scattered"})) == {
		"pass": false,
		"message": "posture.audit.records is \"scattered\"; level 3 needs centralized",
	}
}

# AUD-3.2

test_pass_aud_3_2_exactly_90 if {
	audit.aud_3_2(_aud_facts({"retention_days": 90})) == {
		"pass": true,
		"message": "posture.audit.retention_days is 90; level 3 needs at least 90",
	}
}

test_fail_aud_3_2_89 if {
	audit.aud_3_2(_aud_facts({"retention_days": 89})) == {
		"pass": false,
		"message": "posture.audit.retention_days is 89; level 3 needs at least 90",
	}
}

test_fail_aud_3_2_string if {
	audit.aud_3_2(_aud_facts({"retention_days": "400"})) == {
		"pass": false,
		"message": "posture.audit.retention_days is \"400\" (not a number); level 3 needs at least 90",
	}
}

test_fail_aud_3_2_absent if {
	audit.aud_3_2(_empty) == {
		"pass": false,
		"message": "posture.audit.retention_days is not set; level 3 needs at least 90",
	}
}

# AUD-3.3

test_pass_aud_3_3 if {
	audit.aud_3_3(_aud_facts({"export": true})) == {
		"pass": true,
		"message": "posture.audit.export is true; level 3 needs true",
	}
}

test_fail_aud_3_3_false if {
	audit.aud_3_3(_aud_facts({"export": false})) == {
		"pass": false,
		"message": "posture.audit.export is false; level 3 needs true",
	}
}

# AUD-4.1

test_pass_aud_4_1 if {
	audit.aud_4_1(_aud_facts({"audit_trail": {"mandatory": true}})) == {
		"pass": true,
		"message": "posture.audit.audit_trail.mandatory is true; level 4 needs true",
	}
}

test_fail_aud_4_1_string_true if {
	audit.aud_4_1(_aud_facts({"audit_trail": {"mandatory": "true"}})) == {
		"pass": false,
		"message": "posture.audit.audit_trail.mandatory is \"true\" (not a boolean); level 4 needs true",
	}
}

test_fail_aud_4_1_absent if {
	audit.aud_4_1(_empty) == {
		"pass": false,
		"message": "posture.audit.audit_trail.mandatory is not set; level 4 needs true",
	}
}

# AUD-4.2

test_pass_aud_4_2 if {
	audit.aud_4_2(_aud_facts({"audit_trail": {"immutable": true}})) == {
		"pass": true,
		"message": "posture.audit.audit_trail.immutable is true; level 4 needs true",
	}
}

test_fail_aud_4_2_false if {
	audit.aud_4_2(_aud_facts({"audit_trail": {"mandatory": true, "immutable": false}})) == {
		"pass": false,
		"message": "posture.audit.audit_trail.immutable is false; level 4 needs true",
	}
}

# AUD-4.3

test_pass_aud_4_3 if {
	audit.aud_4_3(_covers({}, ["prompts", "responses", "model_versions"])) == {
		"pass": true,
		"message": concat("", [
			"posture.audit.audit_trail.covers is [prompts, responses, model_versions]; ",
			_base,
		]),
	}
}

test_fail_aud_4_3_missing_model_versions if {
	audit.aud_4_3(_covers({}, ["prompts", "responses", "tool_calls"])) == {
		"pass": false,
		"message": concat("", [
			"posture.audit.audit_trail.covers is [prompts, responses, tool_calls]; ",
			_base, " (missing model_versions)",
		]),
	}
}

test_fail_aud_4_3_absent if {
	audit.aud_4_3(_empty) == {
		"pass": false,
		"message": concat("", [
			"posture.audit.audit_trail.covers is not set; ",
			_base, " (missing prompts, responses, model_versions)",
		]),
	}
}

test_fail_aud_4_3_wrong_type if {
	audit.aud_4_3(_covers({}, "prompts, responses, model_versions")) == {
		"pass": false,
		"message": concat("", [
			"posture.audit.audit_trail.covers is \"prompts, responses, model_versions\" (not an array); ",
			_base, " (missing prompts, responses, model_versions)",
		]),
	}
}

# AUD-4.4

test_pass_aud_4_4 if {
	audit.aud_4_4(_covers({"system": {"type": "agent"}}, ["tool_calls"])) == {
		"pass": true,
		"message": concat("", [
			"posture.audit.audit_trail.covers is [tool_calls]; ",
			"system.type is \"agent\", so level 4 needs it to include tool_calls",
		]),
	}
}

test_pass_aud_4_4_not_applicable if {
	audit.aud_4_4(_covers({"system": {"type": "rag"}}, [])) == {
		"pass": true,
		"message": "not applicable: system.type is rag, not agent or multi-agent",
	}
}

test_fail_aud_4_4_multi_agent_without_tool_calls if {
	audit.aud_4_4(_covers({"system": {"type": "multi-agent"}}, ["prompts"])) == {
		"pass": false,
		"message": concat("", [
			"posture.audit.audit_trail.covers is [prompts]; ",
			"system.type is \"multi-agent\", so level 4 needs it to include tool_calls",
		]),
	}
}

test_fail_aud_4_4_type_absent_fails_closed if {
	audit.aud_4_4(_empty) == {
		"pass": false,
		"message": concat("", [
			"posture.audit.audit_trail.covers is not set; ",
			"system.type is not set, so level 4 needs it to include tool_calls",
		]),
	}
}

# AUD-4.5

test_pass_aud_4_5 if {
	audit.aud_4_5(_covers({"risk": {"autonomy": "act-with-approval"}}, ["approvals"])) == {
		"pass": true,
		"message": concat("", [
			"posture.audit.audit_trail.covers is [approvals]; ",
			"risk.autonomy is \"act-with-approval\", so level 4 needs it to include approvals",
		]),
	}
}

test_pass_aud_4_5_not_applicable if {
	audit.aud_4_5(_covers({"risk": {"autonomy": "act-autonomously"}}, [])) == {
		"pass": true,
		"message": "not applicable: risk.autonomy is act-autonomously, not act-with-approval",
	}
}

test_pass_aud_4_5_not_applicable_suggest if {
	audit.aud_4_5(_covers({"risk": {"autonomy": "suggest"}}, [])) == {
		"pass": true,
		"message": "not applicable: risk.autonomy is suggest, not act-with-approval",
	}
}

test_fail_aud_4_5_without_approvals if {
	audit.aud_4_5(_covers({"risk": {"autonomy": "act-with-approval"}}, ["prompts"])) == {
		"pass": false,
		"message": concat("", [
			"posture.audit.audit_trail.covers is [prompts]; ",
			"risk.autonomy is \"act-with-approval\", so level 4 needs it to include approvals",
		]),
	}
}

test_fail_aud_4_5_autonomy_absent_fails_closed if {
	audit.aud_4_5(_empty) == {
		"pass": false,
		"message": concat("", [
			"posture.audit.audit_trail.covers is not set; ",
			"risk.autonomy is not set, so level 4 needs it to include approvals",
		]),
	}
}

# AUD-4.6

test_pass_aud_4_6 if {
	audit.aud_4_6(_with_evidence({"postmortem_template": "docs/pm.md"}, {"docs/pm.md": _found})) == {
		"pass": true,
		"message": "posture.audit.postmortem_template is \"docs/pm.md\" (found)",
		"evidence": _evidence([], [], [_claim(_pm, "docs/pm.md", "document", "found")]),
	}
}

test_pass_aud_4_6_real_content if {
	ev := {"docs/pm.md": _doc("verified", "docs/pm.md holds 50 words of prose")}
	audit.aud_4_6(_with_evidence({"postmortem_template": "docs/pm.md"}, ev)) == {
		"pass": true,
		"message": "posture.audit.postmortem_template is \"docs/pm.md\" (found)",
		"evidence": _evidence([_claim(_pm, "docs/pm.md", "document", "docs/pm.md holds 50 words of prose")], [], []),
	}
}

test_fail_aud_4_6_placeholder if {
	detail := "docs/pm.md is a placeholder (\"TODO\"); at least 20 are needed"
	ev := {"docs/pm.md": _doc("contradicted", detail)}
	audit.aud_4_6(_with_evidence({"postmortem_template": "docs/pm.md"}, ev)) == {
		"pass": false,
		"message": concat("", ["posture.audit.postmortem_template is \"docs/pm.md\" (", detail, "); ", _postmortem_need]),
		"evidence": _evidence([], [_claim(_pm, "docs/pm.md", "document", detail)], []),
	}
}

test_fail_aud_4_6_missing_file if {
	ev := {"docs/pm.md": {"exists": false, "detail": "docs/pm.md does not exist"}}
	audit.aud_4_6(_with_evidence({"postmortem_template": "docs/pm.md"}, ev)) == {
		"pass": false,
		"message": concat("", [
			"posture.audit.postmortem_template is \"docs/pm.md\" (docs/pm.md does not exist); ",
			_postmortem_need,
		]),
		"evidence": _evidence([], [_claim(_pm, "docs/pm.md", "exists", "docs/pm.md does not exist")], []),
	}
}

test_fail_aud_4_6_escapes_repository if {
	ev := {"../pm.md": {"exists": false, "detail": "../pm.md is outside the repository"}}
	audit.aud_4_6(_with_evidence({"postmortem_template": "../pm.md"}, ev)) == {
		"pass": false,
		"message": concat("", [
			"posture.audit.postmortem_template is \"../pm.md\" (../pm.md is outside the repository); ",
			_postmortem_need,
		]),
		"evidence": _evidence([], [_claim(_pm, "../pm.md", "exists", "../pm.md is outside the repository")], []),
	}
}

test_fail_aud_4_6_not_declared if {
	audit.aud_4_6(_empty) == {
		"pass": false,
		"message": concat("", ["posture.audit.postmortem_template is not declared; ", _postmortem_need]),
	}
}

# AUD-4.7

test_pass_aud_4_7 if {
	ev := {"docs/runbook.md": {"exists": true, "detail": "not verified"}}
	audit.aud_4_7(_with_evidence({"incident_runbook": "docs/runbook.md"}, ev)) == {
		"pass": true,
		"message": "posture.audit.incident_runbook is \"docs/runbook.md\" (not verified)",
		"evidence": _evidence([], [], [
			_claim(_rb, "docs/runbook.md", "document", "not verified"),
			_claim(_rb, "docs/runbook.md", "history", "not verified"),
		]),
	}
}

test_pass_aud_4_7_changed_this_year if {
	audit.aud_4_7(_runbook_on(_dated("2026-03-01"), {})) == {
		"pass": true,
		"message": "posture.audit.incident_runbook is \"docs/runbook.md\" (found)",
		"evidence": _evidence(
			[
				_claim(_rb, "docs/runbook.md", "document", "docs/runbook.md holds 80 words of prose"),
				_claim(_rb, "docs/runbook.md", "history", "docs/runbook.md last changed on 2026-03-01 (git log)"),
			],
			[], [],
		),
	}
}

test_fail_aud_4_7_untouched_for_three_years if {
	stale := "docs/runbook.md last changed on 2023-11-01, 1116 days before today; the limit is 365 days"
	audit.aud_4_7(_runbook_on(_dated("2023-11-01"), {})) == {
		"pass": false,
		"message": concat("", ["posture.audit.incident_runbook is \"docs/runbook.md\" (", stale, "); ", _runbook_need]),
		"evidence": _evidence(
			[_claim(_rb, "docs/runbook.md", "document", "docs/runbook.md holds 80 words of prose")],
			[_claim(_rb, "docs/runbook.md", "history", stale)],
			[],
		),
	}
}

test_fail_aud_4_7_older_than_the_org_allows if {
	config := {"evidence": {"staleness_days": {"incident_runbook": 90}}}
	stale := "docs/runbook.md last changed on 2026-03-01, 265 days before today; the limit is 90 days"
	audit.aud_4_7(_runbook_on(_dated("2026-03-01"), config)) == {
		"pass": false,
		"message": concat("", ["posture.audit.incident_runbook is \"docs/runbook.md\" (", stale, "); ", _runbook_need]),
		"evidence": _evidence(
			[_claim(_rb, "docs/runbook.md", "document", "docs/runbook.md holds 80 words of prose")],
			[_claim(_rb, "docs/runbook.md", "history", stale)],
			[],
		),
	}
}

test_pass_aud_4_7_date_unknown_is_unverified if {
	ev := {"exists": true, "detail": "found", "probes": {
		"document": {"status": "verified", "detail": "docs/runbook.md holds 80 words of prose"},
		"history": {
			"status": "unverified", "detail": "docs/runbook.md: last change date unknown (not in a git checkout)",
			"last_changed": "unknown", "shallow": false,
		},
	}}
	audit.aud_4_7(_runbook_on(ev, {})) == {
		"pass": true,
		"message": "posture.audit.incident_runbook is \"docs/runbook.md\" (found)",
		"evidence": _evidence(
			[_claim(_rb, "docs/runbook.md", "document", "docs/runbook.md holds 80 words of prose")],
			[],
			[_claim(_rb, "docs/runbook.md", "history", "docs/runbook.md: last change date unknown (not in a git checkout)")],
		),
	}
}

test_fail_aud_4_7_empty if {
	ev := _doc("contradicted", "docs/runbook.md is empty")
	audit.aud_4_7(_runbook_on(ev, {})) == {
		"pass": false,
		"message": concat("", [
			"posture.audit.incident_runbook is \"docs/runbook.md\" (docs/runbook.md is empty); ", _runbook_need,
		]),
		"evidence": _evidence([], [_claim(_rb, "docs/runbook.md", "document", "docs/runbook.md is empty")], [
			_claim(_rb, "docs/runbook.md", "history", "found"),
		]),
	}
}

test_fail_aud_4_7_missing_file if {
	ev := {"docs/runbook.md": {"exists": false, "detail": "docs/runbook.md does not exist"}}
	audit.aud_4_7(_with_evidence({"incident_runbook": "docs/runbook.md"}, ev)) == {
		"pass": false,
		"message": concat("", [
			"posture.audit.incident_runbook is \"docs/runbook.md\" (docs/runbook.md does not exist); ",
			_runbook_need,
		]),
		"evidence": _evidence([], [_claim(_rb, "docs/runbook.md", "exists", "docs/runbook.md does not exist")], []),
	}
}

test_fail_aud_4_7_not_in_evidence if {
	audit.aud_4_7(_with_evidence({"incident_runbook": "docs/runbook.md"}, {})) == {
		"pass": false,
		"message": concat("", [
			"posture.audit.incident_runbook is \"docs/runbook.md\" (docs/runbook.md was not checked); ",
			_runbook_need,
		]),
		"evidence": _evidence([], [_claim(_rb, "docs/runbook.md", "exists", "docs/runbook.md was not checked")], []),
	}
}

test_fail_aud_4_7_not_declared if {
	audit.aud_4_7(_empty) == {
		"pass": false,
		"message": concat("", ["posture.audit.incident_runbook is not declared; ", _runbook_need]),
	}
}

test_fail_aud_4_7_wrong_type if {
	audit.aud_4_7(_with_evidence({"incident_runbook": true}, {})) == {
		"pass": false,
		"message": concat("", ["posture.audit.incident_runbook is true (not a string); ", _runbook_need]),
	}
}

# AUD-5.1

test_pass_aud_5_1 if {
	audit.aud_5_1(_aud_facts({"continuous_compliance": true})) == {
		"pass": true,
		"message": "posture.audit.continuous_compliance is true; level 5 needs true",
	}
}

test_fail_aud_5_1_absent if {
	audit.aud_5_1(_empty) == {
		"pass": false,
		"message": "posture.audit.continuous_compliance is not set; level 5 needs true",
	}
}

test_fail_aud_5_1_string if {
	audit.aud_5_1(_aud_facts({"continuous_compliance": "yes"})) == {
		"pass": false,
		"message": "posture.audit.continuous_compliance is \"yes\" (not a boolean); level 5 needs true",
	}
}

# ---- classical ML: inputs, scores and model versions instead of prompts and responses --------

_ml_covers(covers) := {"manifest": {"system": {"type": "classical-ml"}, "posture": {"audit": {"audit_trail": {"covers": covers}}}}}

_ml_base := "system.type is \"classical-ml\", so level 4 needs it to include inputs, scores and model_versions"

test_pass_aud_4_3_classical_inputs_scores_versions if {
	audit.aud_4_3(_ml_covers(["inputs", "scores", "model_versions"])) == {
		"pass": true,
		"message": concat("", ["posture.audit.audit_trail.covers is [inputs, scores, model_versions]; ", _ml_base]),
	}
}

test_fail_aud_4_3_classical_missing_scores if {
	audit.aud_4_3(_ml_covers(["inputs", "model_versions"])) == {
		"pass": false,
		"message": concat("", [
			"posture.audit.audit_trail.covers is [inputs, model_versions]; ", _ml_base, " (missing scores)",
		]),
	}
}

test_fail_aud_4_3_llm_unchanged_by_classical_terms if {
	audit.aud_4_3(_covers({"system": {"type": "rag"}}, ["inputs", "scores", "model_versions"])).pass == false
}

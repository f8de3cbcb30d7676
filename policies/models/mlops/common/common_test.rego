package aimm.models.mlops.common_test

import data.aimm.models.mlops.common

_of_type(t) := {"manifest": {"system": {"type": t}}, "evidence": {}, "today": "2026-11-21"}

_no_type := {"manifest": {}, "evidence": {}, "today": "2026-11-21"}

_fail := {"pass": false, "message": "criterion failed"}

test_pass_track_of_llm_types if {
	[common.track_of(_of_type(t)) | some t in ["llm-app", "rag", "agent", "multi-agent", "copilot"]] == [
		"llm", "llm", "llm", "llm", "llm",
	]
}

test_pass_track_of_classical if {
	common.track_of(_of_type("classical-ml")) == "classical-ml"
}

test_fail_track_of_missing_or_unknown_type_is_unknown if {
	common.track_of(_no_type) == "unknown"
	common.track_of(_of_type("robot")) == "unknown"
}

test_pass_only_on_its_track_keeps_the_outcome if {
	common.only(_of_type("rag"), "llm", _fail) == _fail
}

test_pass_only_on_the_other_track_is_not_applicable if {
	common.only(_of_type("classical-ml"), "llm", _fail) == {
		"pass": true,
		"message": "not applicable: classical-ml track (system.type is classical-ml); it applies to the llm track only",
	}
}

test_fail_only_without_a_track_keeps_the_outcome if {
	common.only(_no_type, "classical-ml", _fail) == _fail
}

test_pass_is_date if {
	common.is_date("2024-02-29")
	common.is_date("2000-02-29")
	common.is_date("2026-12-31")
}

test_fail_is_date if {
	not common.is_date("2026-02-29")
	not common.is_date("1900-02-29")
	not common.is_date("2026-04-31")
	not common.is_date("2026-13-01")
	not common.is_date("2026-1-01")
	not common.is_date(20261121)
}

test_pass_recent_within_the_window if {
	common.recent(_no_type, "2026-11-21", 0)
	common.recent(_no_type, "2026-05-25", 180)
}

test_fail_recent_outside_the_window_or_not_dates if {
	common.recent(_no_type, "2026-05-24", 180) == false
	common.recent(_no_type, "2026-11-22", 365) == false
	common.recent(_no_type, "yesterday", 365) == false
	common.recent({"manifest": {}, "today": "soon"}, "2026-11-21", 365) == false
}

test_pass_file_outside_posture if {
	common.file(
		{"manifest": {"a": {"b": "x.md"}}, "evidence": {"x.md": {"exists": true, "detail": "x.md found"}}},
		["a", "b"], 5, "a file",
	) == {"pass": true, "message": "a.b is \"x.md\" (x.md found)"}
}

test_fail_file_wrong_type if {
	common.file({"manifest": {"a": {"b": 3}}, "evidence": {}}, ["a", "b"], 5, "a file") == {
		"pass": false,
		"message": "a.b is 3 (not a string); level 5 needs a file",
	}
}

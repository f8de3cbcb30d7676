package aimm.models.ai_operations.common_test

import data.aimm.models.ai_operations.common

_kind(t) := {"manifest": {"system": {"type": t}}, "evidence": {}, "today": "2026-11-21"}

_outcome := {"pass": false, "message": "criterion failed"}

test_pass_for_types_keeps_the_outcome_for_its_types if {
	common.for_types(_kind("agent"), common.agents, "agent or multi-agent", _outcome) == _outcome
	common.for_types(_kind("multi-agent"), common.agents, "agent or multi-agent", _outcome) == _outcome
}

test_pass_for_types_other_types_are_not_applicable if {
	common.for_types(_kind("rag"), common.agents, "agent or multi-agent", _outcome) == {
		"pass": true,
		"message": "not applicable: system.type is rag, not agent or multi-agent",
	}
}

test_fail_for_types_without_a_type_keeps_the_outcome if {
	common.for_types({"manifest": {}, "evidence": {}}, common.agents, "agent", _outcome) == _outcome
}

test_pass_owners_all_named if {
	f := {"manifest": {"metadata": {"owners": {"data": "d", "support": "s"}}}}
	common.owners(f, ["data", "support"], 3) == {
		"pass": true,
		"message": concat("", [
			"metadata.owners.data is \"d\" and metadata.owners.support is \"s\"; ",
			"level 3 needs metadata.owners.data, metadata.owners.support set",
		]),
	}
}

test_fail_owners_wrong_type if {
	f := {"manifest": {"metadata": {"owners": {"data": 7}}}}
	common.owners(f, ["data"], 3) == {
		"pass": false,
		"message": "metadata.owners.data is 7 (not a string); level 3 needs metadata.owners.data set",
	}
}

test_fail_covers_not_a_list if {
	f := {"manifest": {"posture": {"audit": {"audit_trail": {"covers": "tool_calls"}}}}}
	common.covers(f, ["tool_calls"], 3) == {
		"pass": false,
		"message": concat("", [
			"posture.audit.audit_trail.covers is \"tool_calls\" (not an array); ",
			"level 3 needs it to include tool_calls",
		]),
	}
}

test_pass_recent if {
	common.recent({"today": "2026-11-21"}, "2025-11-21", 365)
}

test_fail_recent if {
	common.recent({"today": "2026-11-21"}, "2025-11-20", 365) == false
	common.recent({"today": "2026-11-21"}, "2026-02-29", 365) == false
	common.recent({}, "2026-11-21", 365) == false
}

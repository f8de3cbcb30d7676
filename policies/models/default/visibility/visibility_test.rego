package aimm.models.default.visibility_test

import data.aimm.models.default.visibility

_empty := {"manifest": {}, "evidence": {}}

_vis_facts(v) := {"manifest": {"system": {"type": "llm-app"}, "posture": {"visibility": v}}, "evidence": {}}

_typed(t, v) := {"manifest": {"system": {"type": t}, "posture": {"visibility": v}}, "evidence": {}}

_cov(n) := _vis_facts({"tracing": {"coverage": n}})

_spans(t, s) := _typed(t, {"tracing": {"spans": s}})

# VIS-2.1

test_pass_vis_2_1 if {
	visibility.vis_2_1(_vis_facts({"dashboards": "per-team"})) == {
		"pass": true,
		"message": "posture.visibility.dashboards is \"per-team\"; level 2 needs per-team or central",
	}
}

test_pass_vis_2_1_central if {
	visibility.vis_2_1(_vis_facts({"dashboards": "central"})) == {
		"pass": true,
		"message": "posture.visibility.dashboards is \"central\"; level 2 needs per-team or central",
	}
}

test_fail_vis_2_1_none if {
	visibility.vis_2_1(_vis_facts({"dashboards": "none"})) == {
		"pass": false,
		"message": "posture.visibility.dashboards is \"none\"; level 2 needs per-team or central",
	}
}

test_fail_vis_2_1_absent if {
	visibility.vis_2_1(_empty) == {
		"pass": false,
		"message": "posture.visibility.dashboards is not set; level 2 needs per-team or central",
	}
}

test_fail_vis_2_1_wrong_type if {
	visibility.vis_2_1(_vis_facts({"dashboards": ["central"]})) == {
		"pass": false,
		"message": "posture.visibility.dashboards is [central] (not a string); level 2 needs per-team or central",
	}
}

# VIS-3.1

test_pass_vis_3_1 if {
	visibility.vis_3_1(_vis_facts({"dashboards": "central"})) == {
		"pass": true,
		"message": "posture.visibility.dashboards is \"central\"; level 3 needs central",
	}
}

test_fail_vis_3_1_per_team if {
	visibility.vis_3_1(_vis_facts({"dashboards": "per-team"})) == {
		"pass": false,
		"message": "posture.visibility.dashboards is \"per-team\"; level 3 needs central",
	}
}

test_fail_vis_3_1_absent if {
	visibility.vis_3_1(_empty) == {
		"pass": false,
		"message": "posture.visibility.dashboards is not set; level 3 needs central",
	}
}

# VIS-3.2

test_pass_vis_3_2 if {
	visibility.vis_3_2(_vis_facts({"tracing": {"enabled": true}})) == {
		"pass": true,
		"message": "posture.visibility.tracing.enabled is true; level 3 needs true",
	}
}

test_fail_vis_3_2_false if {
	visibility.vis_3_2(_vis_facts({"tracing": {"enabled": false}})) == {
		"pass": false,
		"message": "posture.visibility.tracing.enabled is false; level 3 needs true",
	}
}

test_fail_vis_3_2_string_true if {
	visibility.vis_3_2(_vis_facts({"tracing": {"enabled": "true"}})) == {
		"pass": false,
		"message": "posture.visibility.tracing.enabled is \"true\" (not a boolean); level 3 needs true",
	}
}

test_fail_vis_3_2_absent if {
	visibility.vis_3_2(_empty) == {
		"pass": false,
		"message": "posture.visibility.tracing.enabled is not set; level 3 needs true",
	}
}

test_fail_vis_3_2_null if {
	visibility.vis_3_2(_vis_facts({"tracing": {"enabled": null}})) == {
		"pass": false,
		"message": "posture.visibility.tracing.enabled is null (not a boolean); level 3 needs true",
	}
}

# VIS-3.3

test_pass_vis_3_3 if {
	visibility.vis_3_3(_cov(80)) == {
		"pass": true,
		"message": "posture.visibility.tracing.coverage is 80; level 3 needs at least 80",
	}
}

test_fail_vis_3_3_below_80 if {
	visibility.vis_3_3(_cov(79)) == {
		"pass": false,
		"message": "posture.visibility.tracing.coverage is 79; level 3 needs at least 80",
	}
}

test_fail_vis_3_3_fraction_below_80 if {
	visibility.vis_3_3(_cov(79.5)) == {
		"pass": false,
		"message": "posture.visibility.tracing.coverage is 79.5; level 3 needs at least 80",
	}
}

test_fail_vis_3_3_string if {
	visibility.vis_3_3(_cov("90")) == {
		"pass": false,
		"message": "posture.visibility.tracing.coverage is \"90\" (not a number); level 3 needs at least 80",
	}
}

test_fail_vis_3_3_absent if {
	visibility.vis_3_3(_empty) == {
		"pass": false,
		"message": "posture.visibility.tracing.coverage is not set; level 3 needs at least 80",
	}
}

test_fail_vis_3_3_tracing_not_a_mapping if {
	visibility.vis_3_3(_vis_facts({"tracing": "yes"})) == {
		"pass": false,
		"message": "posture.visibility.tracing.coverage is not set; level 3 needs at least 80",
	}
}

test_fail_vis_3_3_no_manifest if {
	visibility.vis_3_3({"evidence": {}}) == {
		"pass": false,
		"message": "posture.visibility.tracing.coverage could not be read; level 3 needs at least 80",
	}
}

# VIS-3.4

test_pass_vis_3_4 if {
	visibility.vis_3_4(_vis_facts({"tracing": {"spans": ["model_call", "retrieval"]}})) == {
		"pass": true,
		"message": concat("", [
			"posture.visibility.tracing.spans is [model_call, retrieval]; ",
			"level 3 needs it to include model_call",
		]),
	}
}

test_fail_vis_3_4_missing_model_call if {
	visibility.vis_3_4(_vis_facts({"tracing": {"spans": ["retrieval"]}})) == {
		"pass": false,
		"message": "posture.visibility.tracing.spans is [retrieval]; level 3 needs it to include model_call",
	}
}

test_fail_vis_3_4_empty if {
	visibility.vis_3_4(_vis_facts({"tracing": {"spans": []}})) == {
		"pass": false,
		"message": "posture.visibility.tracing.spans is []; level 3 needs it to include model_call",
	}
}

test_fail_vis_3_4_string if {
	visibility.vis_3_4(_vis_facts({"tracing": {"spans": "model_call"}})) == {
		"pass": false,
		"message": concat("", [
			"posture.visibility.tracing.spans is \"model_call\" (not an array); ",
			"level 3 needs it to include model_call",
		]),
	}
}

test_fail_vis_3_4_absent if {
	visibility.vis_3_4(_empty) == {
		"pass": false,
		"message": "posture.visibility.tracing.spans is not set; level 3 needs it to include model_call",
	}
}

# VIS-4.1

test_pass_vis_4_1 if {
	visibility.vis_4_1(_vis_facts({"tracing": {"propagation": true}})) == {
		"pass": true,
		"message": "posture.visibility.tracing.propagation is true; level 4 needs true",
	}
}

test_fail_vis_4_1_absent if {
	visibility.vis_4_1(_empty) == {
		"pass": false,
		"message": "posture.visibility.tracing.propagation is not set; level 4 needs true",
	}
}

test_fail_vis_4_1_number if {
	visibility.vis_4_1(_vis_facts({"tracing": {"propagation": 1}})) == {
		"pass": false,
		"message": "posture.visibility.tracing.propagation is 1 (not a boolean); level 4 needs true",
	}
}

# VIS-4.2

test_pass_vis_4_2 if {
	visibility.vis_4_2(_vis_facts({"instrumentation_standard": "opentelemetry-genai"})) == {
		"pass": true,
		"message": concat("", [
			"posture.visibility.instrumentation_standard is \"opentelemetry-genai\"; ",
			"level 4 needs the name of a standard (a non-empty string)",
		]),
	}
}

test_fail_vis_4_2_absent if {
	visibility.vis_4_2(_empty) == {
		"pass": false,
		"message": concat("", [
			"posture.visibility.instrumentation_standard is not set; ",
			"level 4 needs the name of a standard (a non-empty string)",
		]),
	}
}

test_fail_vis_4_2_blank if {
	visibility.vis_4_2(_vis_facts({"instrumentation_standard": "  "})) == {
		"pass": false,
		"message": concat("", [
			"posture.visibility.instrumentation_standard is \"  \"; ",
			"level 4 needs the name of a standard (a non-empty string)",
		]),
	}
}

test_fail_vis_4_2_wrong_type if {
	visibility.vis_4_2(_vis_facts({"instrumentation_standard": true})) == {
		"pass": false,
		"message": concat("", [
			"posture.visibility.instrumentation_standard is true (not a string); ",
			"level 4 needs the name of a standard (a non-empty string)",
		]),
	}
}

# VIS-4.3

test_pass_vis_4_3 if {
	visibility.vis_4_3(_cov(95)) == {
		"pass": true,
		"message": "posture.visibility.tracing.coverage is 95; level 4 needs at least 95",
	}
}

test_fail_vis_4_3_below_95 if {
	visibility.vis_4_3(_cov(94)) == {
		"pass": false,
		"message": "posture.visibility.tracing.coverage is 94; level 4 needs at least 95",
	}
}

test_fail_vis_4_3_absent if {
	visibility.vis_4_3(_empty) == {
		"pass": false,
		"message": "posture.visibility.tracing.coverage is not set; level 4 needs at least 95",
	}
}

# VIS-4.4

test_pass_vis_4_4 if {
	visibility.vis_4_4(_spans("agent", ["model_call", "tool_call"])) == {
		"pass": true,
		"message": concat("", [
			"posture.visibility.tracing.spans is [model_call, tool_call]; ",
			"system.type is \"agent\", so level 4 needs it to include tool_call",
		]),
	}
}

test_pass_vis_4_4_not_applicable if {
	visibility.vis_4_4(_spans("llm-app", [])) == {
		"pass": true,
		"message": "not applicable: system.type is llm-app, not agent or multi-agent",
	}
}

test_pass_vis_4_4_not_applicable_rag if {
	visibility.vis_4_4(_spans("rag", ["model_call"])) == {
		"pass": true,
		"message": "not applicable: system.type is rag, not agent or multi-agent",
	}
}

test_fail_vis_4_4_multi_agent_without_tool_call if {
	visibility.vis_4_4(_spans("multi-agent", ["model_call", "agent_step"])) == {
		"pass": false,
		"message": concat("", [
			"posture.visibility.tracing.spans is [model_call, agent_step]; ",
			"system.type is \"multi-agent\", so level 4 needs it to include tool_call",
		]),
	}
}

test_fail_vis_4_4_type_absent_fails_closed if {
	visibility.vis_4_4(_empty) == {
		"pass": false,
		"message": concat("", [
			"posture.visibility.tracing.spans is not set; ",
			"system.type is not set, so level 4 needs it to include tool_call",
		]),
	}
}

# VIS-4.5

test_pass_vis_4_5 if {
	visibility.vis_4_5(_spans("rag", ["model_call", "retrieval"])) == {
		"pass": true,
		"message": concat("", [
			"posture.visibility.tracing.spans is [model_call, retrieval]; ",
			"system.type is \"rag\", so level 4 needs it to include retrieval",
		]),
	}
}

test_pass_vis_4_5_not_applicable if {
	visibility.vis_4_5(_spans("agent", ["model_call"])) == {
		"pass": true,
		"message": "not applicable: system.type is agent, not rag",
	}
}

test_fail_vis_4_5_rag_without_retrieval if {
	visibility.vis_4_5(_spans("rag", ["model_call"])) == {
		"pass": false,
		"message": concat("", [
			"posture.visibility.tracing.spans is [model_call]; ",
			"system.type is \"rag\", so level 4 needs it to include retrieval",
		]),
	}
}

test_fail_vis_4_5_type_not_a_string if {
	visibility.vis_4_5(_spans(["rag"], [])) == {
		"pass": false,
		"message": concat("", [
			"posture.visibility.tracing.spans is []; ",
			"system.type is [rag] (not a string), so level 4 needs it to include retrieval",
		]),
	}
}

# VIS-5.1

test_pass_vis_5_1 if {
	visibility.vis_5_1(_vis_facts({"agent_readable_traces": true})) == {
		"pass": true,
		"message": "posture.visibility.agent_readable_traces is true; level 5 needs true",
	}
}

test_fail_vis_5_1_absent if {
	visibility.vis_5_1(_empty) == {
		"pass": false,
		"message": "posture.visibility.agent_readable_traces is not set; level 5 needs true",
	}
}

test_fail_vis_5_1_string if {
	visibility.vis_5_1(_vis_facts({"agent_readable_traces": "yes"})) == {
		"pass": false,
		"message": "posture.visibility.agent_readable_traces is \"yes\" (not a boolean); level 5 needs true",
	}
}

# ---- classical ML: prediction logging instead of model-call spans ------------------------------

_ml_spans(spans) := {"manifest": {"system": {"type": "classical-ml"}, "posture": {"visibility": {"tracing": {"spans": spans}}}}}

_ml_span_need := "system.type is \"classical-ml\", so level 3 needs it to include prediction (or model_call)"

test_pass_vis_3_4_classical_prediction_logging if {
	visibility.vis_3_4(_ml_spans(["prediction", "feature_fetch"])) == {
		"pass": true,
		"message": concat("", ["posture.visibility.tracing.spans is [prediction, feature_fetch]; ", _ml_span_need]),
	}
}

test_fail_vis_3_4_classical_without_predictions if {
	visibility.vis_3_4(_ml_spans(["feature_fetch"])) == {
		"pass": false,
		"message": concat("", ["posture.visibility.tracing.spans is [feature_fetch]; ", _ml_span_need]),
	}
}

test_fail_vis_3_4_llm_prediction_span_is_not_a_model_call if {
	visibility.vis_3_4(_vis_facts({"tracing": {"spans": ["prediction"]}})) == {
		"pass": false,
		"message": "posture.visibility.tracing.spans is [prediction]; level 3 needs it to include model_call",
	}
}

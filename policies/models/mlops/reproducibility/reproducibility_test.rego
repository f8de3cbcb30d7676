# Generated cases, reviewed by hand: both sides of every control, whole outcomes.
package aimm.models.mlops.reproducibility_test

import data.aimm.models.mlops.reproducibility

_files := {
	"ok.md": {"exists": true, "detail": "ok.md found"},
	"gone.md": {"exists": false, "detail": "gone.md does not exist"},
}

_empty := {"manifest": {}, "evidence": {}, "today": "2026-11-21"}

# _f: a system of type t with posture p.
_f(t, p) := {
	"manifest": {"system": {"type": t}, "posture": p},
	"evidence": _files,
	"today": "2026-11-21",
}

# _retrieving: an agent that traces retrieval spans, with posture.reproducibility r.
_retrieving(r) := _f("agent", {"reproducibility": r, "visibility": {"tracing": {"spans": ["retrieval"]}}})

test_pass_rpr_2_1_shared if {
	reproducibility.rpr_2_1(_f("rag", {"reproducibility": {"experiment_tracking": "shared"}})) == {
		"pass": true,
		"message": "posture.reproducibility.experiment_tracking is \"shared\"; level 2 needs shared",
	}
}

test_fail_rpr_2_1_ad_hoc if {
	reproducibility.rpr_2_1(_f("rag", {"reproducibility": {"experiment_tracking": "ad-hoc"}})) == {
		"pass": false,
		"message": "posture.reproducibility.experiment_tracking is \"ad-hoc\"; level 2 needs shared",
	}
}

test_fail_rpr_2_1_absent if {
	reproducibility.rpr_2_1(_empty) == {
		"pass": false,
		"message": "posture.reproducibility.experiment_tracking is not set; level 2 needs shared",
	}
}

test_fail_rpr_2_1_wrong_type if {
	reproducibility.rpr_2_1(_f("rag", {"reproducibility": {"experiment_tracking": ["shared"]}})) == {
		"pass": false,
		"message": "posture.reproducibility.experiment_tracking is [shared] (not a string); level 2 needs shared",
	}
}

test_pass_rpr_2_2 if {
	reproducibility.rpr_2_2(_f("rag", {"reproducibility": {"data_versioned": true}})) == {
		"pass": true,
		"message": "posture.reproducibility.data_versioned is true; level 2 needs true",
	}
}

test_fail_rpr_2_2_false if {
	reproducibility.rpr_2_2(_f("rag", {"reproducibility": {"data_versioned": false}})) == {
		"pass": false,
		"message": "posture.reproducibility.data_versioned is false; level 2 needs true",
	}
}

test_fail_rpr_2_2_absent if {
	reproducibility.rpr_2_2(_empty) == {
		"pass": false,
		"message": "posture.reproducibility.data_versioned is not set; level 2 needs true",
	}
}

test_fail_rpr_2_2_string_true if {
	reproducibility.rpr_2_2(_f("rag", {"reproducibility": {"data_versioned": "true"}})) == {
		"pass": false,
		"message": "posture.reproducibility.data_versioned is \"true\" (not a boolean); level 2 needs true",
	}
}

test_pass_rpr_2_3_from_run if {
	reproducibility.rpr_2_3(_f("rag", {"reproducibility": {"rebuild": "from-run"}})) == {
		"pass": true,
		"message": "posture.reproducibility.rebuild is \"from-run\"; level 2 needs from-run or on-demand",
	}
}

test_pass_rpr_2_3_on_demand if {
	reproducibility.rpr_2_3(_f("rag", {"reproducibility": {"rebuild": "on-demand"}})) == {
		"pass": true,
		"message": "posture.reproducibility.rebuild is \"on-demand\"; level 2 needs from-run or on-demand",
	}
}

test_fail_rpr_2_3_manual if {
	reproducibility.rpr_2_3(_f("rag", {"reproducibility": {"rebuild": "manual"}})) == {
		"pass": false,
		"message": "posture.reproducibility.rebuild is \"manual\"; level 2 needs from-run or on-demand",
	}
}

test_fail_rpr_2_3_absent if {
	reproducibility.rpr_2_3(_empty) == {
		"pass": false,
		"message": "posture.reproducibility.rebuild is not set; level 2 needs from-run or on-demand",
	}
}

test_pass_rpr_2_4_store if {
	reproducibility.rpr_2_4(_f("rag", {"reproducibility": {"registry": "store"}})) == {
		"pass": true,
		"message": "posture.reproducibility.registry is \"store\"; level 2 needs store or staged",
	}
}

test_pass_rpr_2_4_staged if {
	reproducibility.rpr_2_4(_f("rag", {"reproducibility": {"registry": "staged"}})) == {
		"pass": true,
		"message": "posture.reproducibility.registry is \"staged\"; level 2 needs store or staged",
	}
}

test_fail_rpr_2_4_none if {
	reproducibility.rpr_2_4(_f("rag", {"reproducibility": {"registry": "none"}})) == {
		"pass": false,
		"message": "posture.reproducibility.registry is \"none\"; level 2 needs store or staged",
	}
}

test_fail_rpr_2_4_absent if {
	reproducibility.rpr_2_4(_empty) == {
		"pass": false,
		"message": "posture.reproducibility.registry is not set; level 2 needs store or staged",
	}
}

test_pass_rpr_2_5_container if {
	reproducibility.rpr_2_5(_f("rag", {"reproducibility": {"deploy_artifact": "container"}})) == {
		"pass": true,
		"message": concat("", [
			"posture.reproducibility.deploy_artifact is \"container\"; level 2 needs script, ",
			"package or container (not a notebook)",
		]),
	}
}

test_pass_rpr_2_5_script if {
	reproducibility.rpr_2_5(_f("rag", {"reproducibility": {"deploy_artifact": "script"}})) == {
		"pass": true,
		"message": concat("", [
			"posture.reproducibility.deploy_artifact is \"script\"; level 2 needs script, ",
			"package or container (not a notebook)",
		]),
	}
}

test_fail_rpr_2_5_notebook if {
	reproducibility.rpr_2_5(_f("rag", {"reproducibility": {"deploy_artifact": "notebook"}})) == {
		"pass": false,
		"message": concat("", [
			"posture.reproducibility.deploy_artifact is \"notebook\"; level 2 needs script, ",
			"package or container (not a notebook)",
		]),
	}
}

test_fail_rpr_2_5_absent if {
	reproducibility.rpr_2_5(_empty) == {
		"pass": false,
		"message": concat("", [
			"posture.reproducibility.deploy_artifact is not set; level 2 needs script, ",
			"package or container (not a notebook)",
		]),
	}
}

test_pass_rpr_3_1 if {
	reproducibility.rpr_3_1(_f("rag", {"reproducibility": {"data_quality_checks": true}})) == {
		"pass": true,
		"message": "posture.reproducibility.data_quality_checks is true; level 3 needs true",
	}
}

test_fail_rpr_3_1_absent if {
	reproducibility.rpr_3_1(_empty) == {
		"pass": false,
		"message": "posture.reproducibility.data_quality_checks is not set; level 3 needs true",
	}
}

test_pass_rpr_3_2 if {
	reproducibility.rpr_3_2(_f("rag", {"reproducibility": {"rebuild": "on-demand"}})) == {
		"pass": true,
		"message": "posture.reproducibility.rebuild is \"on-demand\"; level 3 needs on-demand",
	}
}

test_fail_rpr_3_2_from_run if {
	reproducibility.rpr_3_2(_f("rag", {"reproducibility": {"rebuild": "from-run"}})) == {
		"pass": false,
		"message": "posture.reproducibility.rebuild is \"from-run\"; level 3 needs on-demand",
	}
}

test_fail_rpr_3_2_absent if {
	reproducibility.rpr_3_2(_empty) == {
		"pass": false,
		"message": "posture.reproducibility.rebuild is not set; level 3 needs on-demand",
	}
}

test_pass_rpr_3_3_classical_feature_store if {
	reproducibility.rpr_3_3(_f("classical-ml", {"reproducibility": {"feature_store": true}})) == {
		"pass": true,
		"message": "posture.reproducibility.feature_store is true; level 3 needs true",
	}
}

test_fail_rpr_3_3_classical_without_feature_store if {
	reproducibility.rpr_3_3(_f("classical-ml", {"reproducibility": {"retrieval_governed": true}})) == {
		"pass": false,
		"message": "posture.reproducibility.feature_store is not set; level 3 needs true",
	}
}

test_pass_rpr_3_3_rag_governed if {
	reproducibility.rpr_3_3(_f("rag", {"reproducibility": {"retrieval_governed": true}})) == {
		"pass": true,
		"message": "posture.reproducibility.retrieval_governed is true; level 3 needs true",
	}
}

test_fail_rpr_3_3_rag_not_governed if {
	reproducibility.rpr_3_3(_f("rag", {"reproducibility": {"feature_store": true}})) == {
		"pass": false,
		"message": "posture.reproducibility.retrieval_governed is not set; level 3 needs true",
	}
}

test_pass_rpr_3_3_agent_retrieving_governed if {
	reproducibility.rpr_3_3(_retrieving({"retrieval_governed": true})) == {
		"pass": true,
		"message": "posture.reproducibility.retrieval_governed is true; level 3 needs true",
	}
}

test_fail_rpr_3_3_agent_retrieving_not_governed if {
	reproducibility.rpr_3_3(_retrieving({})) == {
		"pass": false,
		"message": "posture.reproducibility.retrieval_governed is not set; level 3 needs true",
	}
}

test_pass_rpr_3_3_llm_app_without_retrieval if {
	reproducibility.rpr_3_3(_f("llm-app", {"reproducibility": {}})) == {
		"pass": true,
		"message": concat("", [
			"not applicable: llm track (system.type is llm-app); no retrieval stack to ",
			"govern: the type is not rag and posture.visibility.tracing.spans does not ",
			"include retrieval",
		]),
	}
}

test_pass_rpr_3_3_no_track_either_stack if {
	f := {"manifest": {"posture": {"reproducibility": {"feature_store": true}}}, "evidence": {}}
	reproducibility.rpr_3_3(f) == {
		"pass": true,
		"message": concat("", [
			"posture.reproducibility.feature_store is true; level 3 needs true; ",
			"posture.reproducibility.retrieval_governed is not set; level 3 needs true",
		]),
	}
}

test_fail_rpr_3_3_no_track_neither_stack if {
	reproducibility.rpr_3_3(_empty) == {
		"pass": false,
		"message": concat("", [
			"posture.reproducibility.feature_store is not set; level 3 needs true; ",
			"posture.reproducibility.retrieval_governed is not set; level 3 needs true",
		]),
	}
}

test_pass_rpr_3_4 if {
	reproducibility.rpr_3_4(_f("rag", {"prompts": {"versioned": true, "path": "ok.md"}})) == {
		"pass": true,
		"message": concat("", [
			"posture.prompts.versioned is true; level 3 needs true; posture.prompts.path is ",
			"\"ok.md\" (ok.md found)",
		]),
	}
}

test_fail_rpr_3_4_missing_file if {
	reproducibility.rpr_3_4(_f("rag", {"prompts": {"versioned": true, "path": "gone.md"}})) == {
		"pass": false,
		"message": concat("", [
			"posture.prompts.versioned is true; level 3 needs true; posture.prompts.path is ",
			"\"gone.md\" (gone.md does not exist); level 3 needs a prompt file that exists",
		]),
	}
}

test_fail_rpr_3_4_not_versioned if {
	reproducibility.rpr_3_4(_f("copilot", {"prompts": {"versioned": false, "path": "ok.md"}})) == {
		"pass": false,
		"message": concat("", [
			"posture.prompts.versioned is false; level 3 needs true; posture.prompts.path is ",
			"\"ok.md\" (ok.md found)",
		]),
	}
}

test_fail_rpr_3_4_absent if {
	reproducibility.rpr_3_4(_f("agent", {})) == {
		"pass": false,
		"message": concat("", [
			"posture.prompts.versioned is not set; level 3 needs true; posture.prompts.path ",
			"is not declared; level 3 needs a prompt file that exists",
		]),
	}
}

test_pass_rpr_3_4_classical_not_applicable if {
	reproducibility.rpr_3_4(_f("classical-ml", {})) == {
		"pass": true,
		"message": concat("", [
			"not applicable: classical-ml track (system.type is classical-ml); it applies to ",
			"the llm track only",
		]),
	}
}

test_fail_rpr_3_4_no_track if {
	reproducibility.rpr_3_4(_empty) == {
		"pass": false,
		"message": concat("", [
			"posture.prompts.versioned is not set; level 3 needs true; posture.prompts.path ",
			"is not declared; level 3 needs a prompt file that exists",
		]),
	}
}

test_pass_rpr_4_1_partial if {
	reproducibility.rpr_4_1(_f("rag", {"reproducibility": {"lineage": "partial"}})) == {
		"pass": true,
		"message": "posture.reproducibility.lineage is \"partial\"; level 4 needs partial or full",
	}
}

test_pass_rpr_4_1_full if {
	reproducibility.rpr_4_1(_f("rag", {"reproducibility": {"lineage": "full"}})) == {
		"pass": true,
		"message": "posture.reproducibility.lineage is \"full\"; level 4 needs partial or full",
	}
}

test_fail_rpr_4_1_none if {
	reproducibility.rpr_4_1(_f("rag", {"reproducibility": {"lineage": "none"}})) == {
		"pass": false,
		"message": "posture.reproducibility.lineage is \"none\"; level 4 needs partial or full",
	}
}

test_fail_rpr_4_1_absent if {
	reproducibility.rpr_4_1(_empty) == {
		"pass": false,
		"message": "posture.reproducibility.lineage is not set; level 4 needs partial or full",
	}
}

test_pass_rpr_5_1 if {
	reproducibility.rpr_5_1(_f("rag", {"reproducibility": {"lineage": "full"}})) == {
		"pass": true,
		"message": "posture.reproducibility.lineage is \"full\"; level 5 needs full",
	}
}

test_fail_rpr_5_1_partial if {
	reproducibility.rpr_5_1(_f("rag", {"reproducibility": {"lineage": "partial"}})) == {
		"pass": false,
		"message": "posture.reproducibility.lineage is \"partial\"; level 5 needs full",
	}
}

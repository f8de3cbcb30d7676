# Both sides of every ladder control: whole outcomes, messages included.
package aimm.models.ai_platform.platform_test

import data.aimm.models.ai_platform.platform

test_pass_plt_2_1_boundary_doc if {
	platform.plt_2_1({
		"manifest": {
			"system": {
				"type": "rag",
				"lifecycle": "production",
			},
			"posture": {
				"platform": {
					"boundary_doc": "ok.md",
				},
			},
		},
		"evidence": {
			"ok.md": {
				"exists": true,
				"detail": "ok.md found",
				"probes": {
					"document": {
						"status": "verified",
						"detail": "ok.md holds 120 words",
					},
				},
			},
			"gone.md": {
				"exists": false,
				"detail": "gone.md does not exist",
			},
		},
		"today": "2026-11-21",
	}) == {
		"evidence": {
			"contradicted": [],
			"unverified": [],
			"verified": [
				{
					"detail": "ok.md holds 120 words",
					"fact": "/posture/platform/boundary_doc",
					"path": "ok.md",
					"probe": "document",
				},
			],
		},
		"message": "posture.platform.boundary_doc is \"ok.md\" (ok.md found)",
		"pass": true,
	}
}

test_fail_plt_2_1_absent if {
	platform.plt_2_1({
		"manifest": {
			"system": {
				"type": "rag",
				"lifecycle": "production",
			},
			"posture": {},
		},
		"evidence": {
			"ok.md": {
				"exists": true,
				"detail": "ok.md found",
				"probes": {
					"document": {
						"status": "verified",
						"detail": "ok.md holds 120 words",
					},
				},
			},
			"gone.md": {
				"exists": false,
				"detail": "gone.md does not exist",
			},
		},
		"today": "2026-11-21",
	}) == {
		"message": "posture.platform.boundary_doc is not declared; level 2 needs a boundary document that exists",
		"pass": false,
	}
}

test_fail_plt_2_1_missing_file if {
	platform.plt_2_1({
		"manifest": {
			"system": {
				"type": "rag",
				"lifecycle": "production",
			},
			"posture": {
				"platform": {
					"boundary_doc": "gone.md",
				},
			},
		},
		"evidence": {
			"ok.md": {
				"exists": true,
				"detail": "ok.md found",
				"probes": {
					"document": {
						"status": "verified",
						"detail": "ok.md holds 120 words",
					},
				},
			},
			"gone.md": {
				"exists": false,
				"detail": "gone.md does not exist",
			},
		},
		"today": "2026-11-21",
	}) == {
		"evidence": {
			"contradicted": [
				{
					"detail": "gone.md does not exist",
					"fact": "/posture/platform/boundary_doc",
					"path": "gone.md",
					"probe": "exists",
				},
			],
			"unverified": [],
			"verified": [],
		},
		"message": "posture.platform.boundary_doc is \"gone.md\" (gone.md does not exist); level 2 needs a boundary document that exists",
		"pass": false,
	}
}

test_pass_plt_2_2_on_platform if {
	platform.plt_2_2({
		"manifest": {
			"system": {
				"type": "rag",
				"lifecycle": "production",
			},
			"posture": {
				"platform": {
					"on_platform": true,
				},
			},
		},
		"evidence": {
			"ok.md": {
				"exists": true,
				"detail": "ok.md found",
				"probes": {
					"document": {
						"status": "verified",
						"detail": "ok.md holds 120 words",
					},
				},
			},
			"gone.md": {
				"exists": false,
				"detail": "gone.md does not exist",
			},
		},
		"today": "2026-11-21",
	}) == {
		"message": "posture.platform.on_platform is true; level 2 needs true",
		"pass": true,
	}
}

test_fail_plt_2_2_absent if {
	platform.plt_2_2({
		"manifest": {
			"system": {
				"type": "rag",
				"lifecycle": "production",
			},
			"posture": {},
		},
		"evidence": {
			"ok.md": {
				"exists": true,
				"detail": "ok.md found",
				"probes": {
					"document": {
						"status": "verified",
						"detail": "ok.md holds 120 words",
					},
				},
			},
			"gone.md": {
				"exists": false,
				"detail": "gone.md does not exist",
			},
		},
		"today": "2026-11-21",
	}) == {
		"message": "posture.platform.on_platform is not set; level 2 needs true",
		"pass": false,
	}
}

test_fail_plt_2_2_wrong_type if {
	platform.plt_2_2({
		"manifest": {
			"system": {
				"type": "rag",
				"lifecycle": "production",
			},
			"posture": {
				"platform": {
					"on_platform": "yes",
				},
			},
		},
		"evidence": {
			"ok.md": {
				"exists": true,
				"detail": "ok.md found",
				"probes": {
					"document": {
						"status": "verified",
						"detail": "ok.md holds 120 words",
					},
				},
			},
			"gone.md": {
				"exists": false,
				"detail": "gone.md does not exist",
			},
		},
		"today": "2026-11-21",
	}) == {
		"message": "posture.platform.on_platform is \"yes\" (not a boolean); level 2 needs true",
		"pass": false,
	}
}

test_pass_plt_2_3_first_come if {
	platform.plt_2_3({
		"manifest": {
			"system": {
				"type": "rag",
				"lifecycle": "production",
			},
			"posture": {
				"platform": {
					"gpu_scheduling": "first-come",
				},
			},
		},
		"evidence": {
			"ok.md": {
				"exists": true,
				"detail": "ok.md found",
				"probes": {
					"document": {
						"status": "verified",
						"detail": "ok.md holds 120 words",
					},
				},
			},
			"gone.md": {
				"exists": false,
				"detail": "gone.md does not exist",
			},
		},
		"today": "2026-11-21",
	}) == {
		"message": "posture.platform.gpu_scheduling is \"first-come\"; level 2 needs first-come, queued or not-used",
		"pass": true,
	}
}

test_pass_plt_2_3_not_used if {
	platform.plt_2_3({
		"manifest": {
			"system": {
				"type": "rag",
				"lifecycle": "production",
			},
			"posture": {
				"platform": {
					"gpu_scheduling": "not-used",
				},
			},
		},
		"evidence": {
			"ok.md": {
				"exists": true,
				"detail": "ok.md found",
				"probes": {
					"document": {
						"status": "verified",
						"detail": "ok.md holds 120 words",
					},
				},
			},
			"gone.md": {
				"exists": false,
				"detail": "gone.md does not exist",
			},
		},
		"today": "2026-11-21",
	}) == {
		"message": "posture.platform.gpu_scheduling is \"not-used\"; level 2 needs first-come, queued or not-used",
		"pass": true,
	}
}

test_fail_plt_2_3_informal if {
	platform.plt_2_3({
		"manifest": {
			"system": {
				"type": "rag",
				"lifecycle": "production",
			},
			"posture": {
				"platform": {
					"gpu_scheduling": "informal",
				},
			},
		},
		"evidence": {
			"ok.md": {
				"exists": true,
				"detail": "ok.md found",
				"probes": {
					"document": {
						"status": "verified",
						"detail": "ok.md holds 120 words",
					},
				},
			},
			"gone.md": {
				"exists": false,
				"detail": "gone.md does not exist",
			},
		},
		"today": "2026-11-21",
	}) == {
		"message": "posture.platform.gpu_scheduling is \"informal\"; level 2 needs first-come, queued or not-used",
		"pass": false,
	}
}

test_pass_plt_2_4_shared if {
	platform.plt_2_4({
		"manifest": {
			"system": {
				"type": "rag",
				"lifecycle": "production",
			},
			"posture": {
				"reproducibility": {
					"experiment_tracking": "shared",
				},
			},
		},
		"evidence": {
			"ok.md": {
				"exists": true,
				"detail": "ok.md found",
				"probes": {
					"document": {
						"status": "verified",
						"detail": "ok.md holds 120 words",
					},
				},
			},
			"gone.md": {
				"exists": false,
				"detail": "gone.md does not exist",
			},
		},
		"today": "2026-11-21",
	}) == {
		"message": "posture.reproducibility.experiment_tracking is \"shared\"; level 2 needs shared",
		"pass": true,
	}
}

test_fail_plt_2_4_ad_hoc if {
	platform.plt_2_4({
		"manifest": {
			"system": {
				"type": "rag",
				"lifecycle": "production",
			},
			"posture": {
				"reproducibility": {
					"experiment_tracking": "ad-hoc",
				},
			},
		},
		"evidence": {
			"ok.md": {
				"exists": true,
				"detail": "ok.md found",
				"probes": {
					"document": {
						"status": "verified",
						"detail": "ok.md holds 120 words",
					},
				},
			},
			"gone.md": {
				"exists": false,
				"detail": "gone.md does not exist",
			},
		},
		"today": "2026-11-21",
	}) == {
		"message": "posture.reproducibility.experiment_tracking is \"ad-hoc\"; level 2 needs shared",
		"pass": false,
	}
}

test_pass_plt_2_5_from_run if {
	platform.plt_2_5({
		"manifest": {
			"system": {
				"type": "rag",
				"lifecycle": "production",
			},
			"posture": {
				"reproducibility": {
					"rebuild": "from-run",
				},
			},
		},
		"evidence": {
			"ok.md": {
				"exists": true,
				"detail": "ok.md found",
				"probes": {
					"document": {
						"status": "verified",
						"detail": "ok.md holds 120 words",
					},
				},
			},
			"gone.md": {
				"exists": false,
				"detail": "gone.md does not exist",
			},
		},
		"today": "2026-11-21",
	}) == {
		"message": "posture.reproducibility.rebuild is \"from-run\"; level 2 needs from-run or on-demand",
		"pass": true,
	}
}

test_fail_plt_2_5_manual if {
	platform.plt_2_5({
		"manifest": {
			"system": {
				"type": "rag",
				"lifecycle": "production",
			},
			"posture": {
				"reproducibility": {
					"rebuild": "manual",
				},
			},
		},
		"evidence": {
			"ok.md": {
				"exists": true,
				"detail": "ok.md found",
				"probes": {
					"document": {
						"status": "verified",
						"detail": "ok.md holds 120 words",
					},
				},
			},
			"gone.md": {
				"exists": false,
				"detail": "gone.md does not exist",
			},
		},
		"today": "2026-11-21",
	}) == {
		"message": "posture.reproducibility.rebuild is \"manual\"; level 2 needs from-run or on-demand",
		"pass": false,
	}
}

test_pass_plt_2_6_versioned if {
	platform.plt_2_6({
		"manifest": {
			"system": {
				"type": "rag",
				"lifecycle": "production",
			},
			"posture": {
				"reproducibility": {
					"data_versioned": true,
				},
			},
		},
		"evidence": {
			"ok.md": {
				"exists": true,
				"detail": "ok.md found",
				"probes": {
					"document": {
						"status": "verified",
						"detail": "ok.md holds 120 words",
					},
				},
			},
			"gone.md": {
				"exists": false,
				"detail": "gone.md does not exist",
			},
		},
		"today": "2026-11-21",
	}) == {
		"message": "posture.reproducibility.data_versioned is true; level 2 needs true",
		"pass": true,
	}
}

test_fail_plt_2_6_absent if {
	platform.plt_2_6({
		"manifest": {
			"system": {
				"type": "rag",
				"lifecycle": "production",
			},
			"posture": {},
		},
		"evidence": {
			"ok.md": {
				"exists": true,
				"detail": "ok.md found",
				"probes": {
					"document": {
						"status": "verified",
						"detail": "ok.md holds 120 words",
					},
				},
			},
			"gone.md": {
				"exists": false,
				"detail": "gone.md does not exist",
			},
		},
		"today": "2026-11-21",
	}) == {
		"message": "posture.reproducibility.data_versioned is not set; level 2 needs true",
		"pass": false,
	}
}

test_pass_plt_2_7_store if {
	platform.plt_2_7({
		"manifest": {
			"system": {
				"type": "rag",
				"lifecycle": "production",
			},
			"posture": {
				"reproducibility": {
					"registry": "store",
				},
			},
		},
		"evidence": {
			"ok.md": {
				"exists": true,
				"detail": "ok.md found",
				"probes": {
					"document": {
						"status": "verified",
						"detail": "ok.md holds 120 words",
					},
				},
			},
			"gone.md": {
				"exists": false,
				"detail": "gone.md does not exist",
			},
		},
		"today": "2026-11-21",
	}) == {
		"message": "posture.reproducibility.registry is \"store\"; level 2 needs store or staged",
		"pass": true,
	}
}

test_fail_plt_2_7_none if {
	platform.plt_2_7({
		"manifest": {
			"system": {
				"type": "rag",
				"lifecycle": "production",
			},
			"posture": {
				"reproducibility": {
					"registry": "none",
				},
			},
		},
		"evidence": {
			"ok.md": {
				"exists": true,
				"detail": "ok.md found",
				"probes": {
					"document": {
						"status": "verified",
						"detail": "ok.md holds 120 words",
					},
				},
			},
			"gone.md": {
				"exists": false,
				"detail": "gone.md does not exist",
			},
		},
		"today": "2026-11-21",
	}) == {
		"message": "posture.reproducibility.registry is \"none\"; level 2 needs store or staged",
		"pass": false,
	}
}

test_pass_plt_2_8_ci_gate if {
	platform.plt_2_8({
		"manifest": {
			"system": {
				"type": "rag",
				"lifecycle": "production",
			},
			"posture": {
				"evaluation": {
					"ci_gate": {
						"enabled": true,
					},
				},
			},
		},
		"evidence": {
			"ok.md": {
				"exists": true,
				"detail": "ok.md found",
				"probes": {
					"document": {
						"status": "verified",
						"detail": "ok.md holds 120 words",
					},
				},
			},
			"gone.md": {
				"exists": false,
				"detail": "gone.md does not exist",
			},
		},
		"today": "2026-11-21",
	}) == {
		"message": "posture.evaluation.ci_gate.enabled is true; level 2 needs true",
		"pass": true,
	}
}

test_fail_plt_2_8_disabled if {
	platform.plt_2_8({
		"manifest": {
			"system": {
				"type": "rag",
				"lifecycle": "production",
			},
			"posture": {
				"evaluation": {
					"ci_gate": {
						"enabled": false,
					},
				},
			},
		},
		"evidence": {
			"ok.md": {
				"exists": true,
				"detail": "ok.md found",
				"probes": {
					"document": {
						"status": "verified",
						"detail": "ok.md holds 120 words",
					},
				},
			},
			"gone.md": {
				"exists": false,
				"detail": "gone.md does not exist",
			},
		},
		"today": "2026-11-21",
	}) == {
		"message": "posture.evaluation.ci_gate.enabled is false; level 2 needs true",
		"pass": false,
	}
}

test_pass_plt_2_9_per_team if {
	platform.plt_2_9({
		"manifest": {
			"system": {
				"type": "rag",
				"lifecycle": "production",
			},
			"posture": {
				"cost": {
					"attribution": "per-team",
				},
			},
		},
		"evidence": {
			"ok.md": {
				"exists": true,
				"detail": "ok.md found",
				"probes": {
					"document": {
						"status": "verified",
						"detail": "ok.md holds 120 words",
					},
				},
			},
			"gone.md": {
				"exists": false,
				"detail": "gone.md does not exist",
			},
		},
		"today": "2026-11-21",
	}) == {
		"message": "posture.cost.attribution is \"per-team\"; level 2 needs per-team or finer",
		"pass": true,
	}
}

test_pass_plt_2_9_per_request if {
	platform.plt_2_9({
		"manifest": {
			"system": {
				"type": "rag",
				"lifecycle": "production",
			},
			"posture": {
				"cost": {
					"attribution": "per-request",
				},
			},
		},
		"evidence": {
			"ok.md": {
				"exists": true,
				"detail": "ok.md found",
				"probes": {
					"document": {
						"status": "verified",
						"detail": "ok.md holds 120 words",
					},
				},
			},
			"gone.md": {
				"exists": false,
				"detail": "gone.md does not exist",
			},
		},
		"today": "2026-11-21",
	}) == {
		"message": "posture.cost.attribution is \"per-request\"; level 2 needs per-team or finer",
		"pass": true,
	}
}

test_fail_plt_2_9_invoice if {
	platform.plt_2_9({
		"manifest": {
			"system": {
				"type": "rag",
				"lifecycle": "production",
			},
			"posture": {
				"cost": {
					"attribution": "invoice",
				},
			},
		},
		"evidence": {
			"ok.md": {
				"exists": true,
				"detail": "ok.md found",
				"probes": {
					"document": {
						"status": "verified",
						"detail": "ok.md holds 120 words",
					},
				},
			},
			"gone.md": {
				"exists": false,
				"detail": "gone.md does not exist",
			},
		},
		"today": "2026-11-21",
	}) == {
		"message": "posture.cost.attribution is \"invoice\"; level 2 needs per-team or finer",
		"pass": false,
	}
}

test_pass_plt_3_1_golden_path if {
	platform.plt_3_1({
		"manifest": {
			"system": {
				"type": "rag",
				"lifecycle": "production",
			},
			"posture": {
				"platform": {
					"golden_path": "rag-service-v2",
				},
			},
		},
		"evidence": {
			"ok.md": {
				"exists": true,
				"detail": "ok.md found",
				"probes": {
					"document": {
						"status": "verified",
						"detail": "ok.md holds 120 words",
					},
				},
			},
			"gone.md": {
				"exists": false,
				"detail": "gone.md does not exist",
			},
		},
		"today": "2026-11-21",
	}) == {
		"message": "posture.platform.golden_path is \"rag-service-v2\"",
		"pass": true,
	}
}

test_fail_plt_3_1_absent if {
	platform.plt_3_1({
		"manifest": {
			"system": {
				"type": "rag",
				"lifecycle": "production",
			},
			"posture": {},
		},
		"evidence": {
			"ok.md": {
				"exists": true,
				"detail": "ok.md found",
				"probes": {
					"document": {
						"status": "verified",
						"detail": "ok.md holds 120 words",
					},
				},
			},
			"gone.md": {
				"exists": false,
				"detail": "gone.md does not exist",
			},
		},
		"today": "2026-11-21",
	}) == {
		"message": "posture.platform.golden_path is not set; level 3 needs the id of the golden-path template the system started from",
		"pass": false,
	}
}

test_fail_plt_3_1_blank if {
	platform.plt_3_1({
		"manifest": {
			"system": {
				"type": "rag",
				"lifecycle": "production",
			},
			"posture": {
				"platform": {
					"golden_path": "  ",
				},
			},
		},
		"evidence": {
			"ok.md": {
				"exists": true,
				"detail": "ok.md found",
				"probes": {
					"document": {
						"status": "verified",
						"detail": "ok.md holds 120 words",
					},
				},
			},
			"gone.md": {
				"exists": false,
				"detail": "gone.md does not exist",
			},
		},
		"today": "2026-11-21",
	}) == {
		"message": "posture.platform.golden_path is \"  \"; level 3 needs the id of the golden-path template the system started from",
		"pass": false,
	}
}

test_pass_plt_3_2_policy if {
	platform.plt_3_2({
		"manifest": {
			"system": {
				"type": "rag",
				"lifecycle": "production",
			},
			"posture": {
				"delivery": {
					"deploy_gate": "policy",
				},
			},
		},
		"evidence": {
			"ok.md": {
				"exists": true,
				"detail": "ok.md found",
				"probes": {
					"document": {
						"status": "verified",
						"detail": "ok.md holds 120 words",
					},
				},
			},
			"gone.md": {
				"exists": false,
				"detail": "gone.md does not exist",
			},
		},
		"today": "2026-11-21",
	}) == {
		"message": "posture.delivery.deploy_gate is \"policy\"; level 3 needs policy",
		"pass": true,
	}
}

test_fail_plt_3_2_manual_review if {
	platform.plt_3_2({
		"manifest": {
			"system": {
				"type": "rag",
				"lifecycle": "production",
			},
			"posture": {
				"delivery": {
					"deploy_gate": "manual-review",
				},
			},
		},
		"evidence": {
			"ok.md": {
				"exists": true,
				"detail": "ok.md found",
				"probes": {
					"document": {
						"status": "verified",
						"detail": "ok.md holds 120 words",
					},
				},
			},
			"gone.md": {
				"exists": false,
				"detail": "gone.md does not exist",
			},
		},
		"today": "2026-11-21",
	}) == {
		"message": "posture.delivery.deploy_gate is \"manual-review\"; level 3 needs policy",
		"pass": false,
	}
}

test_pass_plt_3_3_staged if {
	platform.plt_3_3({
		"manifest": {
			"system": {
				"type": "rag",
				"lifecycle": "production",
			},
			"posture": {
				"reproducibility": {
					"registry": "staged",
				},
			},
		},
		"evidence": {
			"ok.md": {
				"exists": true,
				"detail": "ok.md found",
				"probes": {
					"document": {
						"status": "verified",
						"detail": "ok.md holds 120 words",
					},
				},
			},
			"gone.md": {
				"exists": false,
				"detail": "gone.md does not exist",
			},
		},
		"today": "2026-11-21",
	}) == {
		"message": "posture.reproducibility.registry is \"staged\"; level 3 needs staged",
		"pass": true,
	}
}

test_fail_plt_3_3_store if {
	platform.plt_3_3({
		"manifest": {
			"system": {
				"type": "rag",
				"lifecycle": "production",
			},
			"posture": {
				"reproducibility": {
					"registry": "store",
				},
			},
		},
		"evidence": {
			"ok.md": {
				"exists": true,
				"detail": "ok.md found",
				"probes": {
					"document": {
						"status": "verified",
						"detail": "ok.md holds 120 words",
					},
				},
			},
			"gone.md": {
				"exists": false,
				"detail": "gone.md does not exist",
			},
		},
		"today": "2026-11-21",
	}) == {
		"message": "posture.reproducibility.registry is \"store\"; level 3 needs staged",
		"pass": false,
	}
}

test_pass_plt_3_4_manual if {
	platform.plt_3_4({
		"manifest": {
			"system": {
				"type": "rag",
				"lifecycle": "production",
			},
			"posture": {
				"delivery": {
					"canary": "manual",
				},
			},
		},
		"evidence": {
			"ok.md": {
				"exists": true,
				"detail": "ok.md found",
				"probes": {
					"document": {
						"status": "verified",
						"detail": "ok.md holds 120 words",
					},
				},
			},
			"gone.md": {
				"exists": false,
				"detail": "gone.md does not exist",
			},
		},
		"today": "2026-11-21",
	}) == {
		"message": "posture.delivery.canary is \"manual\"; level 3 needs manual or automated",
		"pass": true,
	}
}

test_fail_plt_3_4_none if {
	platform.plt_3_4({
		"manifest": {
			"system": {
				"type": "rag",
				"lifecycle": "production",
			},
			"posture": {
				"delivery": {
					"canary": "none",
				},
			},
		},
		"evidence": {
			"ok.md": {
				"exists": true,
				"detail": "ok.md found",
				"probes": {
					"document": {
						"status": "verified",
						"detail": "ok.md holds 120 words",
					},
				},
			},
			"gone.md": {
				"exists": false,
				"detail": "gone.md does not exist",
			},
		},
		"today": "2026-11-21",
	}) == {
		"message": "posture.delivery.canary is \"none\"; level 3 needs manual or automated",
		"pass": false,
	}
}

test_pass_plt_3_5_automated if {
	platform.plt_3_5({
		"manifest": {
			"system": {
				"type": "rag",
				"lifecycle": "production",
			},
			"posture": {
				"delivery": {
					"rollback": "automated",
				},
			},
		},
		"evidence": {
			"ok.md": {
				"exists": true,
				"detail": "ok.md found",
				"probes": {
					"document": {
						"status": "verified",
						"detail": "ok.md holds 120 words",
					},
				},
			},
			"gone.md": {
				"exists": false,
				"detail": "gone.md does not exist",
			},
		},
		"today": "2026-11-21",
	}) == {
		"message": "posture.delivery.rollback is \"automated\"; level 3 needs automated",
		"pass": true,
	}
}

test_fail_plt_3_5_manual if {
	platform.plt_3_5({
		"manifest": {
			"system": {
				"type": "rag",
				"lifecycle": "production",
			},
			"posture": {
				"delivery": {
					"rollback": "manual",
				},
			},
		},
		"evidence": {
			"ok.md": {
				"exists": true,
				"detail": "ok.md found",
				"probes": {
					"document": {
						"status": "verified",
						"detail": "ok.md holds 120 words",
					},
				},
			},
			"gone.md": {
				"exists": false,
				"detail": "gone.md does not exist",
			},
		},
		"today": "2026-11-21",
	}) == {
		"message": "posture.delivery.rollback is \"manual\"; level 3 needs automated",
		"pass": false,
	}
}

test_pass_plt_3_6_continuous if {
	platform.plt_3_6({
		"manifest": {
			"system": {
				"type": "rag",
				"lifecycle": "production",
			},
			"posture": {
				"delivery": {
					"pipeline": "continuous",
				},
			},
		},
		"evidence": {
			"ok.md": {
				"exists": true,
				"detail": "ok.md found",
				"probes": {
					"document": {
						"status": "verified",
						"detail": "ok.md holds 120 words",
					},
				},
			},
			"gone.md": {
				"exists": false,
				"detail": "gone.md does not exist",
			},
		},
		"today": "2026-11-21",
	}) == {
		"message": "posture.delivery.pipeline is \"continuous\"; level 3 needs continuous",
		"pass": true,
	}
}

test_fail_plt_3_6_ci if {
	platform.plt_3_6({
		"manifest": {
			"system": {
				"type": "rag",
				"lifecycle": "production",
			},
			"posture": {
				"delivery": {
					"pipeline": "ci",
				},
			},
		},
		"evidence": {
			"ok.md": {
				"exists": true,
				"detail": "ok.md found",
				"probes": {
					"document": {
						"status": "verified",
						"detail": "ok.md holds 120 words",
					},
				},
			},
			"gone.md": {
				"exists": false,
				"detail": "gone.md does not exist",
			},
		},
		"today": "2026-11-21",
	}) == {
		"message": "posture.delivery.pipeline is \"ci\"; level 3 needs continuous",
		"pass": false,
	}
}

test_pass_plt_3_7_central if {
	platform.plt_3_7({
		"manifest": {
			"system": {
				"type": "rag",
				"lifecycle": "production",
			},
			"posture": {
				"cost": {
					"dashboards": "central",
				},
			},
		},
		"evidence": {
			"ok.md": {
				"exists": true,
				"detail": "ok.md found",
				"probes": {
					"document": {
						"status": "verified",
						"detail": "ok.md holds 120 words",
					},
				},
			},
			"gone.md": {
				"exists": false,
				"detail": "gone.md does not exist",
			},
		},
		"today": "2026-11-21",
	}) == {
		"message": "posture.cost.dashboards is \"central\"; level 3 needs central",
		"pass": true,
	}
}

test_fail_plt_3_7_per_team if {
	platform.plt_3_7({
		"manifest": {
			"system": {
				"type": "rag",
				"lifecycle": "production",
			},
			"posture": {
				"cost": {
					"dashboards": "per-team",
				},
			},
		},
		"evidence": {
			"ok.md": {
				"exists": true,
				"detail": "ok.md found",
				"probes": {
					"document": {
						"status": "verified",
						"detail": "ok.md holds 120 words",
					},
				},
			},
			"gone.md": {
				"exists": false,
				"detail": "gone.md does not exist",
			},
		},
		"today": "2026-11-21",
	}) == {
		"message": "posture.cost.dashboards is \"per-team\"; level 3 needs central",
		"pass": false,
	}
}

test_pass_plt_3_8_checks if {
	platform.plt_3_8({
		"manifest": {
			"system": {
				"type": "rag",
				"lifecycle": "production",
			},
			"posture": {
				"reproducibility": {
					"data_quality_checks": true,
				},
			},
		},
		"evidence": {
			"ok.md": {
				"exists": true,
				"detail": "ok.md found",
				"probes": {
					"document": {
						"status": "verified",
						"detail": "ok.md holds 120 words",
					},
				},
			},
			"gone.md": {
				"exists": false,
				"detail": "gone.md does not exist",
			},
		},
		"today": "2026-11-21",
	}) == {
		"message": "posture.reproducibility.data_quality_checks is true; level 3 needs true",
		"pass": true,
	}
}

test_fail_plt_3_8_absent if {
	platform.plt_3_8({
		"manifest": {
			"system": {
				"type": "rag",
				"lifecycle": "production",
			},
			"posture": {},
		},
		"evidence": {
			"ok.md": {
				"exists": true,
				"detail": "ok.md found",
				"probes": {
					"document": {
						"status": "verified",
						"detail": "ok.md holds 120 words",
					},
				},
			},
			"gone.md": {
				"exists": false,
				"detail": "gone.md does not exist",
			},
		},
		"today": "2026-11-21",
	}) == {
		"message": "posture.reproducibility.data_quality_checks is not set; level 3 needs true",
		"pass": false,
	}
}

test_pass_plt_3_9_quality if {
	platform.plt_3_9({
		"manifest": {
			"system": {
				"type": "rag",
				"lifecycle": "production",
			},
			"posture": {
				"visibility": {
					"metrics": [
						"error_rate",
						"quality",
					],
				},
			},
		},
		"evidence": {
			"ok.md": {
				"exists": true,
				"detail": "ok.md found",
				"probes": {
					"document": {
						"status": "verified",
						"detail": "ok.md holds 120 words",
					},
				},
			},
			"gone.md": {
				"exists": false,
				"detail": "gone.md does not exist",
			},
		},
		"today": "2026-11-21",
	}) == {
		"message": "posture.visibility.metrics is [error_rate, quality]; level 3 needs it to include quality",
		"pass": true,
	}
}

test_fail_plt_3_9_no_quality if {
	platform.plt_3_9({
		"manifest": {
			"system": {
				"type": "rag",
				"lifecycle": "production",
			},
			"posture": {
				"visibility": {
					"metrics": [
						"error_rate",
					],
				},
			},
		},
		"evidence": {
			"ok.md": {
				"exists": true,
				"detail": "ok.md found",
				"probes": {
					"document": {
						"status": "verified",
						"detail": "ok.md holds 120 words",
					},
				},
			},
			"gone.md": {
				"exists": false,
				"detail": "gone.md does not exist",
			},
		},
		"today": "2026-11-21",
	}) == {
		"message": "posture.visibility.metrics is [error_rate]; level 3 needs it to include quality",
		"pass": false,
	}
}

test_pass_plt_4_1_full if {
	platform.plt_4_1({
		"manifest": {
			"system": {
				"type": "rag",
				"lifecycle": "production",
			},
			"posture": {
				"reproducibility": {
					"lineage": "full",
				},
			},
		},
		"evidence": {
			"ok.md": {
				"exists": true,
				"detail": "ok.md found",
				"probes": {
					"document": {
						"status": "verified",
						"detail": "ok.md holds 120 words",
					},
				},
			},
			"gone.md": {
				"exists": false,
				"detail": "gone.md does not exist",
			},
		},
		"today": "2026-11-21",
	}) == {
		"message": "posture.reproducibility.lineage is \"full\"; level 4 needs full",
		"pass": true,
	}
}

test_fail_plt_4_1_partial if {
	platform.plt_4_1({
		"manifest": {
			"system": {
				"type": "rag",
				"lifecycle": "production",
			},
			"posture": {
				"reproducibility": {
					"lineage": "partial",
				},
			},
		},
		"evidence": {
			"ok.md": {
				"exists": true,
				"detail": "ok.md found",
				"probes": {
					"document": {
						"status": "verified",
						"detail": "ok.md holds 120 words",
					},
				},
			},
			"gone.md": {
				"exists": false,
				"detail": "gone.md does not exist",
			},
		},
		"today": "2026-11-21",
	}) == {
		"message": "posture.reproducibility.lineage is \"partial\"; level 4 needs full",
		"pass": false,
	}
}

test_pass_plt_4_2_generated if {
	platform.plt_4_2({
		"manifest": {
			"system": {
				"type": "rag",
				"lifecycle": "production",
			},
			"posture": {
				"governance": {
					"docs_generated": true,
				},
			},
		},
		"evidence": {
			"ok.md": {
				"exists": true,
				"detail": "ok.md found",
				"probes": {
					"document": {
						"status": "verified",
						"detail": "ok.md holds 120 words",
					},
				},
			},
			"gone.md": {
				"exists": false,
				"detail": "gone.md does not exist",
			},
		},
		"today": "2026-11-21",
	}) == {
		"message": "posture.governance.docs_generated is true; level 4 needs true",
		"pass": true,
	}
}

test_fail_plt_4_2_absent if {
	platform.plt_4_2({
		"manifest": {
			"system": {
				"type": "rag",
				"lifecycle": "production",
			},
			"posture": {},
		},
		"evidence": {
			"ok.md": {
				"exists": true,
				"detail": "ok.md found",
				"probes": {
					"document": {
						"status": "verified",
						"detail": "ok.md holds 120 words",
					},
				},
			},
			"gone.md": {
				"exists": false,
				"detail": "gone.md does not exist",
			},
		},
		"today": "2026-11-21",
	}) == {
		"message": "posture.governance.docs_generated is not set; level 4 needs true",
		"pass": false,
	}
}

test_pass_plt_4_3_model_card if {
	platform.plt_4_3({
		"manifest": {
			"system": {
				"type": "rag",
				"lifecycle": "production",
			},
			"posture": {
				"governance": {
					"model_card": "ok.md",
				},
			},
		},
		"evidence": {
			"ok.md": {
				"exists": true,
				"detail": "ok.md found",
				"probes": {
					"document": {
						"status": "verified",
						"detail": "ok.md holds 120 words",
					},
				},
			},
			"gone.md": {
				"exists": false,
				"detail": "gone.md does not exist",
			},
		},
		"today": "2026-11-21",
	}) == {
		"evidence": {
			"contradicted": [],
			"unverified": [],
			"verified": [
				{
					"detail": "ok.md holds 120 words",
					"fact": "/posture/governance/model_card",
					"path": "ok.md",
					"probe": "document",
				},
			],
		},
		"message": "posture.governance.model_card is \"ok.md\" (ok.md found)",
		"pass": true,
	}
}

test_fail_plt_4_3_missing_file if {
	platform.plt_4_3({
		"manifest": {
			"system": {
				"type": "rag",
				"lifecycle": "production",
			},
			"posture": {
				"governance": {
					"model_card": "gone.md",
				},
			},
		},
		"evidence": {
			"ok.md": {
				"exists": true,
				"detail": "ok.md found",
				"probes": {
					"document": {
						"status": "verified",
						"detail": "ok.md holds 120 words",
					},
				},
			},
			"gone.md": {
				"exists": false,
				"detail": "gone.md does not exist",
			},
		},
		"today": "2026-11-21",
	}) == {
		"evidence": {
			"contradicted": [
				{
					"detail": "gone.md does not exist",
					"fact": "/posture/governance/model_card",
					"path": "gone.md",
					"probe": "exists",
				},
			],
			"unverified": [],
			"verified": [],
		},
		"message": "posture.governance.model_card is \"gone.md\" (gone.md does not exist); level 4 needs a model card that exists",
		"pass": false,
	}
}

test_fail_plt_4_3_absent if {
	platform.plt_4_3({
		"manifest": {
			"system": {
				"type": "rag",
				"lifecycle": "production",
			},
			"posture": {},
		},
		"evidence": {
			"ok.md": {
				"exists": true,
				"detail": "ok.md found",
				"probes": {
					"document": {
						"status": "verified",
						"detail": "ok.md holds 120 words",
					},
				},
			},
			"gone.md": {
				"exists": false,
				"detail": "gone.md does not exist",
			},
		},
		"today": "2026-11-21",
	}) == {
		"message": "posture.governance.model_card is not declared; level 4 needs a model card that exists",
		"pass": false,
	}
}

test_pass_plt_4_4_sbom if {
	platform.plt_4_4({
		"manifest": {
			"system": {
				"type": "rag",
				"lifecycle": "production",
			},
			"posture": {
				"governance": {
					"supply_chain": {
						"sbom": true,
					},
				},
			},
		},
		"evidence": {
			"ok.md": {
				"exists": true,
				"detail": "ok.md found",
				"probes": {
					"document": {
						"status": "verified",
						"detail": "ok.md holds 120 words",
					},
				},
			},
			"gone.md": {
				"exists": false,
				"detail": "gone.md does not exist",
			},
		},
		"today": "2026-11-21",
	}) == {
		"message": "posture.governance.supply_chain.sbom is true; level 4 needs true",
		"pass": true,
	}
}

test_fail_plt_4_4_absent if {
	platform.plt_4_4({
		"manifest": {
			"system": {
				"type": "rag",
				"lifecycle": "production",
			},
			"posture": {
				"governance": {
					"supply_chain": {},
				},
			},
		},
		"evidence": {
			"ok.md": {
				"exists": true,
				"detail": "ok.md found",
				"probes": {
					"document": {
						"status": "verified",
						"detail": "ok.md holds 120 words",
					},
				},
			},
			"gone.md": {
				"exists": false,
				"detail": "gone.md does not exist",
			},
		},
		"today": "2026-11-21",
	}) == {
		"message": "posture.governance.supply_chain.sbom is not set; level 4 needs true",
		"pass": false,
	}
}

test_pass_plt_4_5_signed if {
	platform.plt_4_5({
		"manifest": {
			"system": {
				"type": "rag",
				"lifecycle": "production",
			},
			"posture": {
				"governance": {
					"supply_chain": {
						"signed_artifacts": true,
					},
				},
			},
		},
		"evidence": {
			"ok.md": {
				"exists": true,
				"detail": "ok.md found",
				"probes": {
					"document": {
						"status": "verified",
						"detail": "ok.md holds 120 words",
					},
				},
			},
			"gone.md": {
				"exists": false,
				"detail": "gone.md does not exist",
			},
		},
		"today": "2026-11-21",
	}) == {
		"message": "posture.governance.supply_chain.signed_artifacts is true; level 4 needs true",
		"pass": true,
	}
}

test_fail_plt_4_5_unsigned if {
	platform.plt_4_5({
		"manifest": {
			"system": {
				"type": "rag",
				"lifecycle": "production",
			},
			"posture": {
				"governance": {
					"supply_chain": {
						"signed_artifacts": false,
					},
				},
			},
		},
		"evidence": {
			"ok.md": {
				"exists": true,
				"detail": "ok.md found",
				"probes": {
					"document": {
						"status": "verified",
						"detail": "ok.md holds 120 words",
					},
				},
			},
			"gone.md": {
				"exists": false,
				"detail": "gone.md does not exist",
			},
		},
		"today": "2026-11-21",
	}) == {
		"message": "posture.governance.supply_chain.signed_artifacts is false; level 4 needs true",
		"pass": false,
	}
}

test_pass_plt_4_6_chargeback if {
	platform.plt_4_6({
		"manifest": {
			"system": {
				"type": "rag",
				"lifecycle": "production",
			},
			"posture": {
				"cost": {
					"chargeback": true,
				},
			},
		},
		"evidence": {
			"ok.md": {
				"exists": true,
				"detail": "ok.md found",
				"probes": {
					"document": {
						"status": "verified",
						"detail": "ok.md holds 120 words",
					},
				},
			},
			"gone.md": {
				"exists": false,
				"detail": "gone.md does not exist",
			},
		},
		"today": "2026-11-21",
	}) == {
		"message": "posture.cost.chargeback is true; level 4 needs true",
		"pass": true,
	}
}

test_fail_plt_4_6_absent if {
	platform.plt_4_6({
		"manifest": {
			"system": {
				"type": "rag",
				"lifecycle": "production",
			},
			"posture": {},
		},
		"evidence": {
			"ok.md": {
				"exists": true,
				"detail": "ok.md found",
				"probes": {
					"document": {
						"status": "verified",
						"detail": "ok.md holds 120 words",
					},
				},
			},
			"gone.md": {
				"exists": false,
				"detail": "gone.md does not exist",
			},
		},
		"today": "2026-11-21",
	}) == {
		"message": "posture.cost.chargeback is not set; level 4 needs true",
		"pass": false,
	}
}

test_pass_plt_4_7_blocking if {
	platform.plt_4_7({
		"manifest": {
			"system": {
				"type": "rag",
				"lifecycle": "production",
			},
			"posture": {
				"evaluation": {
					"ci_gate": {
						"enabled": true,
						"blocking": true,
					},
				},
			},
		},
		"evidence": {
			"ok.md": {
				"exists": true,
				"detail": "ok.md found",
				"probes": {
					"document": {
						"status": "verified",
						"detail": "ok.md holds 120 words",
					},
				},
			},
			"gone.md": {
				"exists": false,
				"detail": "gone.md does not exist",
			},
		},
		"today": "2026-11-21",
	}) == {
		"message": "posture.evaluation.ci_gate.blocking is true; level 4 needs true",
		"pass": true,
	}
}

test_fail_plt_4_7_not_blocking if {
	platform.plt_4_7({
		"manifest": {
			"system": {
				"type": "rag",
				"lifecycle": "production",
			},
			"posture": {
				"evaluation": {
					"ci_gate": {
						"enabled": true,
						"blocking": false,
					},
				},
			},
		},
		"evidence": {
			"ok.md": {
				"exists": true,
				"detail": "ok.md found",
				"probes": {
					"document": {
						"status": "verified",
						"detail": "ok.md holds 120 words",
					},
				},
			},
			"gone.md": {
				"exists": false,
				"detail": "gone.md does not exist",
			},
		},
		"today": "2026-11-21",
	}) == {
		"message": "posture.evaluation.ci_gate.blocking is false; level 4 needs true",
		"pass": false,
	}
}

test_pass_plt_4_8_contracts if {
	platform.plt_4_8({
		"manifest": {
			"system": {
				"type": "rag",
				"lifecycle": "production",
			},
			"posture": {
				"reproducibility": {
					"data_contracts": true,
				},
			},
		},
		"evidence": {
			"ok.md": {
				"exists": true,
				"detail": "ok.md found",
				"probes": {
					"document": {
						"status": "verified",
						"detail": "ok.md holds 120 words",
					},
				},
			},
			"gone.md": {
				"exists": false,
				"detail": "gone.md does not exist",
			},
		},
		"today": "2026-11-21",
	}) == {
		"message": "posture.reproducibility.data_contracts is true; level 4 needs true",
		"pass": true,
	}
}

test_fail_plt_4_8_absent if {
	platform.plt_4_8({
		"manifest": {
			"system": {
				"type": "rag",
				"lifecycle": "production",
			},
			"posture": {},
		},
		"evidence": {
			"ok.md": {
				"exists": true,
				"detail": "ok.md found",
				"probes": {
					"document": {
						"status": "verified",
						"detail": "ok.md holds 120 words",
					},
				},
			},
			"gone.md": {
				"exists": false,
				"detail": "gone.md does not exist",
			},
		},
		"today": "2026-11-21",
	}) == {
		"message": "posture.reproducibility.data_contracts is not set; level 4 needs true",
		"pass": false,
	}
}

test_pass_plt_4_9_automated if {
	platform.plt_4_9({
		"manifest": {
			"system": {
				"type": "rag",
				"lifecycle": "production",
			},
			"posture": {
				"delivery": {
					"canary": "automated",
				},
			},
		},
		"evidence": {
			"ok.md": {
				"exists": true,
				"detail": "ok.md found",
				"probes": {
					"document": {
						"status": "verified",
						"detail": "ok.md holds 120 words",
					},
				},
			},
			"gone.md": {
				"exists": false,
				"detail": "gone.md does not exist",
			},
		},
		"today": "2026-11-21",
	}) == {
		"message": "posture.delivery.canary is \"automated\"; level 4 needs automated",
		"pass": true,
	}
}

test_fail_plt_4_9_manual if {
	platform.plt_4_9({
		"manifest": {
			"system": {
				"type": "rag",
				"lifecycle": "production",
			},
			"posture": {
				"delivery": {
					"canary": "manual",
				},
			},
		},
		"evidence": {
			"ok.md": {
				"exists": true,
				"detail": "ok.md found",
				"probes": {
					"document": {
						"status": "verified",
						"detail": "ok.md holds 120 words",
					},
				},
			},
			"gone.md": {
				"exists": false,
				"detail": "gone.md does not exist",
			},
		},
		"today": "2026-11-21",
	}) == {
		"message": "posture.delivery.canary is \"manual\"; level 4 needs automated",
		"pass": false,
	}
}

test_pass_plt_5_1_inner_source if {
	platform.plt_5_1({
		"manifest": {
			"system": {
				"type": "rag",
				"lifecycle": "production",
			},
			"posture": {
				"platform": {
					"contributions": "inner-source",
				},
			},
		},
		"evidence": {
			"ok.md": {
				"exists": true,
				"detail": "ok.md found",
				"probes": {
					"document": {
						"status": "verified",
						"detail": "ok.md holds 120 words",
					},
				},
			},
			"gone.md": {
				"exists": false,
				"detail": "gone.md does not exist",
			},
		},
		"today": "2026-11-21",
	}) == {
		"message": "posture.platform.contributions is \"inner-source\"; level 5 needs inner-source",
		"pass": true,
	}
}

test_fail_plt_5_1_requests if {
	platform.plt_5_1({
		"manifest": {
			"system": {
				"type": "rag",
				"lifecycle": "production",
			},
			"posture": {
				"platform": {
					"contributions": "requests",
				},
			},
		},
		"evidence": {
			"ok.md": {
				"exists": true,
				"detail": "ok.md found",
				"probes": {
					"document": {
						"status": "verified",
						"detail": "ok.md holds 120 words",
					},
				},
			},
			"gone.md": {
				"exists": false,
				"detail": "gone.md does not exist",
			},
		},
		"today": "2026-11-21",
	}) == {
		"message": "posture.platform.contributions is \"requests\"; level 5 needs inner-source",
		"pass": false,
	}
}

test_pass_plt_5_2_triggered if {
	platform.plt_5_2({
		"manifest": {
			"system": {
				"type": "rag",
				"lifecycle": "production",
			},
			"posture": {
				"delivery": {
					"retraining": {
						"mode": "triggered",
					},
				},
			},
		},
		"evidence": {
			"ok.md": {
				"exists": true,
				"detail": "ok.md found",
				"probes": {
					"document": {
						"status": "verified",
						"detail": "ok.md holds 120 words",
					},
				},
			},
			"gone.md": {
				"exists": false,
				"detail": "gone.md does not exist",
			},
		},
		"today": "2026-11-21",
	}) == {
		"message": "posture.delivery.retraining.mode is \"triggered\"; level 5 needs triggered",
		"pass": true,
	}
}

test_fail_plt_5_2_scheduled if {
	platform.plt_5_2({
		"manifest": {
			"system": {
				"type": "rag",
				"lifecycle": "production",
			},
			"posture": {
				"delivery": {
					"retraining": {
						"mode": "scheduled",
					},
				},
			},
		},
		"evidence": {
			"ok.md": {
				"exists": true,
				"detail": "ok.md found",
				"probes": {
					"document": {
						"status": "verified",
						"detail": "ok.md holds 120 words",
					},
				},
			},
			"gone.md": {
				"exists": false,
				"detail": "gone.md does not exist",
			},
		},
		"today": "2026-11-21",
	}) == {
		"message": "posture.delivery.retraining.mode is \"scheduled\"; level 5 needs triggered",
		"pass": false,
	}
}

test_pass_plt_5_3_queued_forecast if {
	platform.plt_5_3({
		"manifest": {
			"system": {
				"type": "rag",
				"lifecycle": "production",
			},
			"posture": {
				"platform": {
					"gpu_scheduling": "queued",
				},
				"cost": {
					"forecasting": true,
				},
			},
		},
		"evidence": {
			"ok.md": {
				"exists": true,
				"detail": "ok.md found",
				"probes": {
					"document": {
						"status": "verified",
						"detail": "ok.md holds 120 words",
					},
				},
			},
			"gone.md": {
				"exists": false,
				"detail": "gone.md does not exist",
			},
		},
		"today": "2026-11-21",
	}) == {
		"message": "posture.platform.gpu_scheduling is \"queued\", posture.cost.forecasting is true; level 5 needs queued (or not-used) and forecasting true",
		"pass": true,
	}
}

test_pass_plt_5_3_not_used_forecast if {
	platform.plt_5_3({
		"manifest": {
			"system": {
				"type": "rag",
				"lifecycle": "production",
			},
			"posture": {
				"platform": {
					"gpu_scheduling": "not-used",
				},
				"cost": {
					"forecasting": true,
				},
			},
		},
		"evidence": {
			"ok.md": {
				"exists": true,
				"detail": "ok.md found",
				"probes": {
					"document": {
						"status": "verified",
						"detail": "ok.md holds 120 words",
					},
				},
			},
			"gone.md": {
				"exists": false,
				"detail": "gone.md does not exist",
			},
		},
		"today": "2026-11-21",
	}) == {
		"message": "posture.platform.gpu_scheduling is \"not-used\", posture.cost.forecasting is true; level 5 needs queued (or not-used) and forecasting true",
		"pass": true,
	}
}

test_fail_plt_5_3_no_forecast if {
	platform.plt_5_3({
		"manifest": {
			"system": {
				"type": "rag",
				"lifecycle": "production",
			},
			"posture": {
				"platform": {
					"gpu_scheduling": "queued",
				},
			},
		},
		"evidence": {
			"ok.md": {
				"exists": true,
				"detail": "ok.md found",
				"probes": {
					"document": {
						"status": "verified",
						"detail": "ok.md holds 120 words",
					},
				},
			},
			"gone.md": {
				"exists": false,
				"detail": "gone.md does not exist",
			},
		},
		"today": "2026-11-21",
	}) == {
		"message": "posture.platform.gpu_scheduling is \"queued\", posture.cost.forecasting is not set; level 5 needs queued (or not-used) and forecasting true",
		"pass": false,
	}
}

test_fail_plt_5_3_first_come if {
	platform.plt_5_3({
		"manifest": {
			"system": {
				"type": "rag",
				"lifecycle": "production",
			},
			"posture": {
				"platform": {
					"gpu_scheduling": "first-come",
				},
				"cost": {
					"forecasting": true,
				},
			},
		},
		"evidence": {
			"ok.md": {
				"exists": true,
				"detail": "ok.md found",
				"probes": {
					"document": {
						"status": "verified",
						"detail": "ok.md holds 120 words",
					},
				},
			},
			"gone.md": {
				"exists": false,
				"detail": "gone.md does not exist",
			},
		},
		"today": "2026-11-21",
	}) == {
		"message": "posture.platform.gpu_scheduling is \"first-come\", posture.cost.forecasting is true; level 5 needs queued (or not-used) and forecasting true",
		"pass": false,
	}
}

test_pass_plt_5_4_measured if {
	platform.plt_5_4({
		"manifest": {
			"system": {
				"type": "rag",
				"lifecycle": "production",
			},
			"posture": {
				"delivery": {
					"dora_tracked": true,
				},
			},
			"observations": {
				"measured_on": "2026-11-01",
				"dora": {
					"deploy_frequency": "weekly",
					"lead_time_hours": 6,
				},
			},
		},
		"evidence": {
			"ok.md": {
				"exists": true,
				"detail": "ok.md found",
				"probes": {
					"document": {
						"status": "verified",
						"detail": "ok.md holds 120 words",
					},
				},
			},
			"gone.md": {
				"exists": false,
				"detail": "gone.md does not exist",
			},
		},
		"today": "2026-11-21",
	}) == {
		"message": "posture.delivery.dora_tracked is true; observations.dora.deploy_frequency is \"weekly\", lead_time_hours is 6, measured on 2026-11-01 (20 days before today)",
		"pass": true,
	}
}

test_fail_plt_5_4_not_measured if {
	platform.plt_5_4({
		"manifest": {
			"system": {
				"type": "rag",
				"lifecycle": "production",
			},
			"posture": {
				"delivery": {
					"dora_tracked": true,
				},
			},
		},
		"evidence": {
			"ok.md": {
				"exists": true,
				"detail": "ok.md found",
				"probes": {
					"document": {
						"status": "verified",
						"detail": "ok.md holds 120 words",
					},
				},
			},
			"gone.md": {
				"exists": false,
				"detail": "gone.md does not exist",
			},
		},
		"today": "2026-11-21",
	}) == {
		"message": "posture.delivery.dora_tracked is true; observations.dora is not measured; level 5 needs dora_tracked true and measured deploy_frequency and lead_time_hours within the staleness limit",
		"pass": false,
	}
}

test_fail_plt_5_4_stale if {
	platform.plt_5_4({
		"manifest": {
			"system": {
				"type": "rag",
				"lifecycle": "production",
			},
			"posture": {
				"delivery": {
					"dora_tracked": true,
				},
			},
			"observations": {
				"measured_on": "2026-01-01",
				"dora": {
					"deploy_frequency": "weekly",
					"lead_time_hours": 6,
				},
			},
		},
		"evidence": {
			"ok.md": {
				"exists": true,
				"detail": "ok.md found",
				"probes": {
					"document": {
						"status": "verified",
						"detail": "ok.md holds 120 words",
					},
				},
			},
			"gone.md": {
				"exists": false,
				"detail": "gone.md does not exist",
			},
		},
		"today": "2026-11-21",
	}) == {
		"message": "posture.delivery.dora_tracked is true; observations.dora.deploy_frequency is \"weekly\", lead_time_hours is 6, measured on 2026-01-01, 324 days before today: older than the 90-day limit, so they count as absent; level 5 needs dora_tracked true and measured deploy_frequency and lead_time_hours within the staleness limit",
		"pass": false,
	}
}

test_fail_plt_5_4_untracked if {
	platform.plt_5_4({
		"manifest": {
			"system": {
				"type": "rag",
				"lifecycle": "production",
			},
			"posture": {},
			"observations": {
				"measured_on": "2026-11-01",
				"dora": {
					"deploy_frequency": "weekly",
					"lead_time_hours": 6,
				},
			},
		},
		"evidence": {
			"ok.md": {
				"exists": true,
				"detail": "ok.md found",
				"probes": {
					"document": {
						"status": "verified",
						"detail": "ok.md holds 120 words",
					},
				},
			},
			"gone.md": {
				"exists": false,
				"detail": "gone.md does not exist",
			},
		},
		"today": "2026-11-21",
	}) == {
		"message": "posture.delivery.dora_tracked is not set; observations.dora.deploy_frequency is \"weekly\", lead_time_hours is 6, measured on 2026-11-01 (20 days before today); level 5 needs dora_tracked true and measured deploy_frequency and lead_time_hours within the staleness limit",
		"pass": false,
	}
}

test_fail_plt_5_4_no_lead_time if {
	platform.plt_5_4({
		"manifest": {
			"system": {
				"type": "rag",
				"lifecycle": "production",
			},
			"posture": {
				"delivery": {
					"dora_tracked": true,
				},
			},
			"observations": {
				"measured_on": "2026-11-01",
				"dora": {
					"deploy_frequency": "weekly",
				},
			},
		},
		"evidence": {
			"ok.md": {
				"exists": true,
				"detail": "ok.md found",
				"probes": {
					"document": {
						"status": "verified",
						"detail": "ok.md holds 120 words",
					},
				},
			},
			"gone.md": {
				"exists": false,
				"detail": "gone.md does not exist",
			},
		},
		"today": "2026-11-21",
	}) == {
		"message": "posture.delivery.dora_tracked is true; observations.dora.deploy_frequency is \"weekly\", lead_time_hours is not set, measured on 2026-11-01 (20 days before today); level 5 needs dora_tracked true and measured deploy_frequency and lead_time_hours within the staleness limit",
		"pass": false,
	}
}

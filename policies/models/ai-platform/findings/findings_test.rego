package aimm.models.ai_platform.findings_test

import data.aimm.models.ai_platform.findings

_cells := data.aimm.models.ai_platform.model.cells.platform

_ids := [id | some n in numbers.range(2, 5); some id in _cells[format_int(n, 10)]]

# _from3: every control of levels 3-5; failing them holds every area at level 2.
_from3 := {id | some n in numbers.range(3, 5); some id in _cells[format_int(n, 10)]}

# _report: every control passes except those in failing.
_ap_report(failing) := {"controls": [{"id": id, "status": s} | some id in _ids; s := _state(id, failing)]}

_state(id, failing) := "fail" if id in failing

else := "pass"

_ap_doc(manifest) := {"manifest": manifest, "evidence": {}, "today": "2026-11-21"}

# _system: a production system with posture p; _clean: on the platform and a golden path, rebuilt
# from its runs, with a staged registry (no finding holds for it).
_system(p) := _ap_doc({"system": {"type": "rag", "lifecycle": "production"}, "posture": p})

_clean := {
	"platform": {"on_platform": true, "golden_path": "batch-v1"},
	"reproducibility": {"rebuild": "from-run", "registry": "staged", "experiment_tracking": "shared"},
}

_ids_of(list) := [x.id | some x in list]

test_fail_no_finding_for_a_clean_system if {
	findings.findings_of(_system(_clean), _ap_report(_from3)) == []
}

test_pass_notebook_hub_when_shared_but_not_rebuildable if {
	p := {"platform": {"on_platform": true, "golden_path": "x"}, "reproducibility": {
		"experiment_tracking": "shared", "registry": "staged", "rebuild": "manual",
	}}
	[x] := findings.findings_of(_system(p), _ap_report(_from3 | {"PLT-2.5"}))
	x == {
		"id": "notebook-hub-platform",
		"title": "Shared compute taken for a platform",
		"controls": ["PLT-2.5"],
		"message": concat("", [
			"posture.platform.on_platform is true and posture.reproducibility.experiment_tracking ",
			"is \"shared\", but posture.reproducibility.rebuild is \"manual\": no model is rebuilt ",
			"from a logged run (PLT-2.5)",
		]),
	}
}

test_fail_notebook_hub_without_shared_infrastructure if {
	p := {"reproducibility": {"registry": "staged", "rebuild": "manual"}}
	_ids_of(findings.findings_of(_system(p), _ap_report(_from3 | {"PLT-2.2", "PLT-2.5"}))) == []
}

# rego-cpp: object.union does not merge nested objects, so the posture is written out.
_store_registry := {
	"platform": {"on_platform": true, "golden_path": "batch-v1"},
	"reproducibility": {"rebuild": "from-run", "registry": "store", "experiment_tracking": "shared"},
}

test_pass_registry_without_gates_in_production if {
	p := _store_registry
	[x] := findings.findings_of(_system(p), _ap_report(_from3))
	x.id == "registry-without-gates"
	x.controls == ["PLT-3.3"]
}

test_fail_registry_without_gates_outside_production if {
	p := _store_registry
	f := _ap_doc({"system": {"type": "rag", "lifecycle": "pilot"}, "posture": p})
	findings.findings_of(f, _ap_report(_from3)) == []
}

test_pass_long_tail_off_path if {
	p := {"platform": {"on_platform": true}, "reproducibility": {"rebuild": "from-run", "registry": "staged"}}
	[x] := findings.findings_of(_system(p), _ap_report(_from3))
	x.message == concat("", [
		"posture.platform.on_platform is true but posture.platform.golden_path is not set: ",
		"tell the platform team which case its golden paths miss (PLT-3.1)",
	])
}

test_fail_long_tail_when_off_the_platform if {
	p := {"reproducibility": {"rebuild": "from-run", "registry": "staged"}}
	findings.findings_of(_system(p), _ap_report(_from3)) == []
}

# Off the platform, serving is at level 1: lopsidedness holds as well.
test_pass_governance_without_adoption if {
	p := object.union(_clean, {"platform": {"on_platform": false}})
	got := findings.findings_of(_system(p), _ap_report({"PLT-2.2", "PLT-5.1"}))
	_ids_of(got) == ["governance-without-adoption", "lopsided-areas"]
	got[0].message == "the governance area is at L5 Self-improving but posture.platform.on_platform is not true (PLT-2.2)"
}

test_fail_governance_without_adoption_below_level_4 if {
	p := object.union(_clean, {"platform": {"on_platform": false}})
	_ids_of(findings.findings_of(_system(p), _ap_report({"PLT-2.2", "PLT-4.1"}))) == ["lopsided-areas"]
}

test_pass_lopsided_areas_names_the_lowest_area if {
	[x] := findings.findings_of(_system(_clean), _ap_report({"PLT-2.6"}))
	x.id == "lopsided-areas"
	x.message == "Training is at L5 Self-improving but Data is at L1 Ad-hoc; raise Data first"
}

test_fail_areas_one_level_apart_are_not_lopsided if {
	findings.findings_of(_system(_clean), _ap_report(_from3 | {"PLT-2.6"})) == []
}

_gated(rate, measured_on) := _ap_doc({
	"system": {"type": "rag", "lifecycle": "production"},
	"posture": object.union(_clean, {"delivery": {"deploy_gate": "policy"}}),
	"observations": {"measured_on": measured_on, "dora": {"change_failure_rate": rate}},
})

test_pass_gates_too_loose_with_a_high_measured_failure_rate if {
	[x] := findings.findings_of(_gated(0.25, "2026-11-01"), _ap_report(_from3))
	x.message == concat("", [
		"posture.delivery.deploy_gate is \"policy\" but observations.dora.change_failure_rate is 0.25 ",
		"(measured on 2026-11-01 (20 days before today)): tighten the gate's criteria (PLT-3.2)",
	])
}

test_fail_gates_too_loose_at_15_percent if {
	findings.findings_of(_gated(0.15, "2026-11-01"), _ap_report(_from3)) == []
}

test_fail_gates_too_loose_from_stale_numbers if {
	findings.findings_of(_gated(0.4, "2026-01-01"), _ap_report(_from3)) == []
}

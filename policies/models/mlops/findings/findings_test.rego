package aimm.models.mlops.findings_test

import data.aimm.models.mlops.findings

_axes(r, e, d, o, g) := {"reproducibility": r, "evaluation": e, "deployment": d, "observability": o, "governance": g}

_of_type(t) := {"manifest": {"system": {"type": t}}, "evidence": {}}

_failing(id, dim, level) := {"id": id, "dimension": dim, "level": level, "status": "fail"}

# Evaluation at L3: by the general criteria it would be at L4 (its first general hole is
# EVL-5.1), but the LLM criterion EVL-4.4 fails.
_lagging := {
	"levels": _axes(3, 3, 3, 3, 3),
	"controls": [
		_failing("RPR-4.1", "reproducibility", 4),
		_failing("EVL-4.4", "evaluation", 4),
		_failing("EVL-5.1", "evaluation", 5),
		_failing("DPL-4.1", "deployment", 4),
		_failing("MON-4.3", "observability", 4),
		_failing("GVN-4.1", "governance", 4),
	],
}

test_pass_no_findings_for_an_even_system if {
	findings.findings_of(_of_type("rag"), {"levels": _axes(3, 3, 4, 3, 4), "controls": []}) == []
}

test_fail_lopsided_axes if {
	findings.findings_of(_of_type("classical-ml"), {"levels": _axes(3, 2, 4, 3, 2), "controls": []}) == [{
		"id": "lopsided-axes",
		"title": "The axes are two or more levels apart",
		"message": concat("", [
			"deployment is at L4 Continuous deployment but evaluation is at L2 Reproducible; ",
			"raise evaluation first",
		]),
	}]
}

test_fail_llm_track_lags if {
	findings.findings_of(_of_type("rag"), _lagging) == [{
		"id": "llm-track-lags",
		"title": "LLM-specific criteria hold this system below its platform",
		"message": concat("", [
			"evaluation would be at L4 Continuous deployment by the general criteria but is held at ",
			"L3 Continuous integration by the LLM criteria EVL-4.4",
		]),
	}]
}

test_pass_llm_track_lags_is_for_llm_systems_only if {
	findings.findings_of(_of_type("classical-ml"), _lagging) == []
}

test_pass_no_lag_when_a_general_criterion_also_fails if {
	r := object.union(_lagging, {"controls": array.concat(_lagging.controls, [_failing("EVL-4.2", "evaluation", 4)])})
	findings.findings_of(_of_type("rag"), r) == []
}

# Generated cases, reviewed by hand: both sides of every control, whole outcomes.
package aimm.models.mlops.observability_test

import data.aimm.models.mlops.observability

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

test_pass_mon_2_1 if {
	observability.mon_2_1(_f("rag", {"visibility": {"metrics": ["error_rate", "latency_p95"]}})) == {
		"pass": true,
		"message": concat("", [
			"posture.visibility.metrics is [error_rate, latency_p95]; level 2 needs it to ",
			"include error_rate and one of latency_p50, latency_p95, latency_p99",
		]),
	}
}

test_fail_mon_2_1_no_latency if {
	observability.mon_2_1(_f("rag", {"visibility": {"metrics": ["error_rate", "quality"]}})) == {
		"pass": false,
		"message": concat("", [
			"posture.visibility.metrics is [error_rate, quality]; level 2 needs it to include",
			" error_rate and one of latency_p50, latency_p95, latency_p99",
		]),
	}
}

test_fail_mon_2_1_no_error_rate if {
	observability.mon_2_1(_f("rag", {"visibility": {"metrics": ["latency_p50"]}})) == {
		"pass": false,
		"message": concat("", [
			"posture.visibility.metrics is [latency_p50]; level 2 needs it to include ",
			"error_rate and one of latency_p50, latency_p95, latency_p99",
		]),
	}
}

test_fail_mon_2_1_absent if {
	observability.mon_2_1(_empty) == {
		"pass": false,
		"message": concat("", [
			"posture.visibility.metrics is not set; level 2 needs it to include error_rate ",
			"and one of latency_p50, latency_p95, latency_p99",
		]),
	}
}

test_fail_mon_2_1_wrong_type if {
	observability.mon_2_1(_f("rag", {"visibility": {"metrics": "error_rate"}})) == {
		"pass": false,
		"message": concat("", [
			"posture.visibility.metrics is \"error_rate\" (not an array); level 2 needs it to ",
			"include error_rate and one of latency_p50, latency_p95, latency_p99",
		]),
	}
}

test_pass_mon_3_1 if {
	observability.mon_3_1(_f("rag", {"visibility": {"metrics": ["quality"]}})) == {
		"pass": true,
		"message": "posture.visibility.metrics is [quality]; level 3 needs it to include quality",
	}
}

test_fail_mon_3_1_without_quality if {
	observability.mon_3_1(_f("rag", {"visibility": {"metrics": ["drift"]}})) == {
		"pass": false,
		"message": "posture.visibility.metrics is [drift]; level 3 needs it to include quality",
	}
}

test_pass_mon_3_2 if {
	observability.mon_3_2(_f("rag", {"visibility": {"metrics": ["drift"]}})) == {
		"pass": true,
		"message": "posture.visibility.metrics is [drift]; level 3 needs it to include drift",
	}
}

test_fail_mon_3_2_absent if {
	observability.mon_3_2(_empty) == {
		"pass": false,
		"message": "posture.visibility.metrics is not set; level 3 needs it to include drift",
	}
}

test_pass_mon_3_3 if {
	observability.mon_3_3(_f("rag", {"visibility": {"metrics": ["cost_per_request", "latency_p95"]}})) == {
		"pass": true,
		"message": concat("", [
			"posture.visibility.metrics is [cost_per_request, latency_p95]; level 3 needs it ",
			"to include cost_per_request and latency_p95",
		]),
	}
}

test_fail_mon_3_3_no_latency_p95 if {
	observability.mon_3_3(_f("rag", {"visibility": {"metrics": ["cost_per_request", "latency_p50"]}})) == {
		"pass": false,
		"message": concat("", [
			"posture.visibility.metrics is [cost_per_request, latency_p50]; level 3 needs it ",
			"to include cost_per_request and latency_p95",
		]),
	}
}

test_pass_mon_3_3_classical_not_applicable if {
	observability.mon_3_3(_f("classical-ml", {"visibility": {}})) == {
		"pass": true,
		"message": concat("", [
			"not applicable: classical-ml track (system.type is classical-ml); it applies to ",
			"the llm track only",
		]),
	}
}

test_pass_mon_4_1 if {
	observability.mon_4_1(_f("classical-ml", {"visibility": {"metrics": ["training_serving_skew"]}})) == {
		"pass": true,
		"message": concat("", [
			"posture.visibility.metrics is [training_serving_skew]; level 4 needs it to ",
			"include training_serving_skew",
		]),
	}
}

test_fail_mon_4_1_without_skew if {
	observability.mon_4_1(_f("classical-ml", {"visibility": {"metrics": ["drift"]}})) == {
		"pass": false,
		"message": "posture.visibility.metrics is [drift]; level 4 needs it to include training_serving_skew",
	}
}

test_pass_mon_4_1_llm_not_applicable if {
	observability.mon_4_1(_f("rag", {"visibility": {}})) == {
		"pass": true,
		"message": "not applicable: llm track (system.type is rag); it applies to the classical-ml track only",
	}
}

test_pass_mon_4_2_per_feature if {
	observability.mon_4_2(_f("rag", {"cost": {"attribution": "per-feature"}})) == {
		"pass": true,
		"message": concat("", [
			"posture.cost.attribution is \"per-feature\"; level 4 needs per-feature, ",
			"per-request or per-agent-run",
		]),
	}
}

test_pass_mon_4_2_per_request if {
	observability.mon_4_2(_f("agent", {"cost": {"attribution": "per-request"}})) == {
		"pass": true,
		"message": concat("", [
			"posture.cost.attribution is \"per-request\"; level 4 needs per-feature, ",
			"per-request or per-agent-run",
		]),
	}
}

test_fail_mon_4_2_per_app if {
	observability.mon_4_2(_f("rag", {"cost": {"attribution": "per-app"}})) == {
		"pass": false,
		"message": "posture.cost.attribution is \"per-app\"; level 4 needs per-feature, per-request or per-agent-run",
	}
}

test_pass_mon_4_2_classical_not_applicable if {
	observability.mon_4_2(_f("classical-ml", {})) == {
		"pass": true,
		"message": concat("", [
			"not applicable: classical-ml track (system.type is classical-ml); it applies to ",
			"the llm track only",
		]),
	}
}

test_pass_mon_4_3 if {
	observability.mon_4_3(_f("rag", {"visibility": {"metrics": ["latency_p99"]}})) == {
		"pass": true,
		"message": "posture.visibility.metrics is [latency_p99]; level 4 needs it to include latency_p99",
	}
}

test_fail_mon_4_3_p95_only if {
	observability.mon_4_3(_f("rag", {"visibility": {"metrics": ["latency_p95"]}})) == {
		"pass": false,
		"message": "posture.visibility.metrics is [latency_p95]; level 4 needs it to include latency_p99",
	}
}

test_pass_mon_4_4 if {
	observability.mon_4_4(_f("rag", {"visibility": {"anomaly_detection": true}})) == {
		"pass": true,
		"message": "posture.visibility.anomaly_detection is true; level 4 needs true",
	}
}

test_fail_mon_4_4_absent if {
	observability.mon_4_4(_empty) == {
		"pass": false,
		"message": "posture.visibility.anomaly_detection is not set; level 4 needs true",
	}
}

test_pass_mon_5_1 if {
	observability.mon_5_1(_f("rag", {"evaluation": {"fairness_monitoring": true}})) == {
		"pass": true,
		"message": "posture.evaluation.fairness_monitoring is true; level 5 needs true",
	}
}

test_fail_mon_5_1_absent if {
	observability.mon_5_1(_empty) == {
		"pass": false,
		"message": "posture.evaluation.fairness_monitoring is not set; level 5 needs true",
	}
}

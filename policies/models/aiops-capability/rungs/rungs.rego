# The rungs of the aiops-capability pack (seed 001): for each row of the seed's assessment
# grid, the highest answer (0-5) whose facts hold. The twelve self-assessment questions are
# rows (q1 .. q12); the grid adds four (provider switch, personalisation, human in the loop,
# audit trail, guardrails). A grid control passes when its row's rung reaches the control's
# level, and the assessment derives each answer as its question's rung, so the grid and the
# questionnaire read the same facts the same way. Not a control package: it publishes no results.
#
# A rung is the highest option whose own facts hold, not a count of options held in a row:
# tracing is a stronger answer than centralised logs, and a system that traces but keeps no
# other logs still reaches the tracing rung. A fact of the wrong type reads as absent (rung 0).
package aimm.models.aiops_capability.rungs

import data.aimm.core.lib

# ---- shared -------------------------------------------------------------------------------

# rego-cpp: a function named rank aborts the compiler (std::out_of_range), hence rung_of.
# rung_of is the rung of a string fact by its value (ranks: value -> rung), 0 when absent or not
# one of the values.
rung_of(p, key, ranks) := n if {
	v := object.get(p, key, null)
	is_string(v)
	n := ranks[v]
} else := 0

# reached is a grid control's outcome: pass when the row's rung n reaches the level; the
# message says what the row's facts read (seen) and what the level needs.
reached(n, seen, row, level) := lib.outcome(n >= level, lib.needs(seen, level, need(row, level)))

# ---- q1 access path (gateway) -------------------------------------------------------------

access(f) := _access(lib.posture_of(f, "gateway"))

_access(g) := 4 if {
	_unified(g)
	object.get(g, "routing", "static") == "learned"
} else := 3 if {
	_unified(g)
	object.get(g, "routing", "static") in {"cost-aware", "learned"}
} else := 2 if {
	_unified(g)
} else := 1 if {
	object.get(g, "mode", "direct") in {"wrapper", "gateway"}
} else := 0

_unified(g) if {
	object.get(g, "mode", "direct") == "gateway"
	object.get(g, "all_traffic", false) == true
}

access_seen(f) := concat(", ", [
	lib.fact(g, "gateway", ["mode"], "string"),
	lib.reads(g, ["all_traffic"], "all_traffic", "boolean"),
	lib.reads(g, ["routing"], "routing", "string"),
]) if {
	g := lib.posture_of(f, "gateway")
}

# ---- provider switch (gateway) ------------------------------------------------------------

switch(f) := rung_of(lib.posture_of(f, "gateway"), "provider_switch", {
	"code-change": 1, "config": 2, "automatic": 3, "learned": 4,
})

switch_seen(f) := lib.fact(lib.posture_of(f, "gateway"), "gateway", ["provider_switch"], "string")

# ---- q2 provider outage (gateway) ---------------------------------------------------------

fallback(f) := rung_of(lib.posture_of(f, "gateway"), "fallback", {
	"manual": 1, "automatic": 2, "quality-aware": 3, "proactive": 4,
})

fallback_seen(f) := lib.fact(lib.posture_of(f, "gateway"), "gateway", ["fallback"], "string")

# ---- q3 request tracing (observability) ---------------------------------------------------

trace(f) := _trace(lib.posture_of(f, "visibility"))

_trace(v) := 4 if {
	_traced(v)
	object.get(v, "anomaly_detection", false) == true
} else := 3 if {
	_traced(v)
} else := rung_of(v, "logs", {"scattered": 1, "centralized": 2})

_traced(v) if {
	t := object.get(v, "tracing", {})
	object.get(t, "enabled", false) == true
	lib.list_has(object.get(t, "spans", []), "model_call")
	lib.number_at_least(object.get(t, "coverage", 0), 80)
}

trace_seen(f) := concat(", ", [
	lib.fact(v, "visibility", ["logs"], "string"),
	lib.reads(v, ["tracing", "enabled"], "tracing.enabled", "boolean"),
	lib.reads(v, ["tracing", "spans"], "tracing.spans", "array"),
	lib.reads(v, ["tracing", "coverage"], "tracing.coverage", "number"),
	lib.reads(v, ["anomaly_detection"], "anomaly_detection", "boolean"),
]) if {
	v := lib.posture_of(f, "visibility")
}

# ---- q4 output quality (observability) ----------------------------------------------------

quality(f) := _quality(f, lib.posture_of(f, "evaluation"))

_quality(f, e) := 4 if {
	_automated(f, e)
	object.get(e, ["online", "enabled"], false) == true
	object.get(e, ["regression", "includes_production_samples"], false) == true
} else := 3 if {
	_automated(f, e)
} else := 2 if {
	object.get(e, "human_feedback", false) == true
} else := 2 if {
	object.get(e, "manual_review", "none") == "scheduled"
} else := rung_of(e, "manual_review", {"ad-hoc": 1})

# _automated: evaluation runs in CI over at least one suite that exists, and whose probe did not
# find it contradicting its claim (an empty or overclaimed suite).
_automated(f, e) if {
	object.get(e, ["ci_gate", "enabled"], false) == true
	some s in object.get(e, "suites", [])
	path := object.get(s, "path", null)
	lib.evidence_ok(f, path)
	not lib.contradicted(f, path, "eval_suite")
}

quality_seen(f) := concat(", ", [
	lib.fact(e, "evaluation", ["manual_review"], "string"),
	lib.reads(e, ["human_feedback"], "human_feedback", "boolean"),
	lib.reads(e, ["ci_gate", "enabled"], "ci_gate.enabled", "boolean"),
	concat("", ["suites found: ", lib.show(_suites_found(f, e))]),
	lib.reads(e, ["online", "enabled"], "online.enabled", "boolean"),
	lib.reads(
		e, ["regression", "includes_production_samples"],
		"regression.includes_production_samples", "boolean",
	),
]) if {
	e := lib.posture_of(f, "evaluation")
}

_suites_found(f, e) := count([path |
	some s in object.get(e, "suites", [])
	path := object.get(s, "path", null)
	lib.evidence_ok(f, path)
	not lib.contradicted(f, path, "eval_suite")
])

# ---- q5 memory across sessions (memory) ---------------------------------------------------

sessions(f) := _sessions(lib.posture_of(f, "memory"))

_sessions(m) := 4 if {
	object.get(m, "persistent_user_memory", false) == true
} else := 3 if {
	object.get(m, "retrieval", "none") in {"vector", "knowledge-graph"}
} else := rung_of(m, "context", {"conversation": 1, "managed-window": 2})

sessions_seen(f) := concat(", ", [
	lib.fact(m, "memory", ["context"], "string"),
	lib.reads(m, ["retrieval"], "retrieval", "string"),
	lib.reads(m, ["persistent_user_memory"], "persistent_user_memory", "boolean"),
]) if {
	m := lib.posture_of(f, "memory")
}

# ---- q6 organisational knowledge (memory) -------------------------------------------------

knowledge(f) := _knowledge(lib.posture_of(f, "memory"))

_knowledge(m) := 5 if {
	object.get(m, "retrieval", "none") in {"vector", "knowledge-graph"}
	object.get(m, "knowledge_refresh", "manual") == "continuous"
} else := rung_of(m, "retrieval", {"manual": 1, "static-docs": 2, "vector": 3, "knowledge-graph": 4})

knowledge_seen(f) := concat(", ", [
	lib.fact(m, "memory", ["retrieval"], "string"),
	lib.reads(m, ["knowledge_refresh"], "knowledge_refresh", "string"),
]) if {
	m := lib.posture_of(f, "memory")
}

# ---- personalisation (memory) -------------------------------------------------------------

personalization(f) := rung_of(lib.posture_of(f, "memory"), "personalization", {"basic": 2, "profile": 3, "deep": 4})

personalization_seen(f) := lib.fact(lib.posture_of(f, "memory"), "memory", ["personalization"], "string")

# ---- q7 workflow complexity (orchestration) -----------------------------------------------

workflow(f) := rung_of(lib.posture_of(f, "orchestration"), "workflow", {
	"sequential": 1, "chain": 2, "graph": 3, "multi-agent": 4,
})

workflow_seen(f) := lib.fact(lib.posture_of(f, "orchestration"), "orchestration", ["workflow"], "string")

# ---- q8 tool use (orchestration) ----------------------------------------------------------

tools(f) := rung_of(lib.posture_of(f, "orchestration"), "tools", {
	"predefined": 1, "limited": 2, "rich": 3, "dynamic": 4,
})

tools_seen(f) := lib.fact(lib.posture_of(f, "orchestration"), "orchestration", ["tools"], "string")

# ---- human in the loop (orchestration) ----------------------------------------------------

hitl(f) := rung_of(lib.posture_of(f, "orchestration"), "escalation", {
	"manual": 2, "structured": 3, "confidence-based": 4,
})

hitl_seen(f) := lib.fact(lib.posture_of(f, "orchestration"), "orchestration", ["escalation"], "string")

# ---- q9 cost understanding (cost) ---------------------------------------------------------

spend(f) := _spend(lib.posture_of(f, "cost"))

_spend(c) := 4 if {
	_spend_rank(c) == 3
	object.get(c, "forecasting", false) == true
} else := _spend_rank(c)

_spend_rank(c) := rung_of(c, "attribution", {
	"invoice": 1, "per-team": 1, "per-app": 2, "per-feature": 2, "per-request": 3, "per-agent-run": 3,
})

spend_seen(f) := concat(", ", [
	lib.fact(c, "cost", ["attribution"], "string"),
	lib.reads(c, ["forecasting"], "forecasting", "boolean"),
]) if {
	c := lib.posture_of(f, "cost")
}

# ---- q10 budget control (cost) ------------------------------------------------------------

budget(f) := _budget(lib.posture_of(f, "cost"))

_budget(c) := 4 if {
	_enforced_limit(c)
	object.get(c, "forecasting", false) == true
} else := 3 if {
	_enforced_limit(c)
} else := 2 if {
	object.get(c, ["alerts", "enabled"], false) == true
	_has_thresholds(object.get(c, ["alerts", "thresholds"], []))
} else := 1 if {
	object.get(c, "budget_review", false) == true
} else := 0

# _enforced_limit: the gateway enforces a spend limit that is actually set.
_enforced_limit(c) if {
	object.get(c, ["limits", "enforcement"], "none") == "server"
	some key in ["org", "project", "user", "session", "model", "job"]
	v := object.get(c, ["limits", key], null)
	is_number(v)
	v > 0
}

_has_thresholds(t) if {
	is_array(t)
	count(t) > 0
}

budget_seen(f) := concat(", ", [
	lib.fact(c, "cost", ["budget_review"], "boolean"),
	lib.reads(c, ["alerts", "enabled"], "alerts.enabled", "boolean"),
	lib.reads(c, ["alerts", "thresholds"], "alerts.thresholds", "array"),
	lib.reads(c, ["limits", "enforcement"], "limits.enforcement", "string"),
	concat("", ["limits set: ", lib.show(_limits_set(c))]),
	lib.reads(c, ["forecasting"], "forecasting", "boolean"),
]) if {
	c := lib.posture_of(f, "cost")
}

_limits_set(c) := count([key |
	some key in ["org", "project", "user", "session", "model", "job"]
	v := object.get(c, ["limits", key], null)
	is_number(v)
	v > 0
])

# ---- q11 access control (security) --------------------------------------------------------
# The seed's answers 0 (no controls) and 1 (shared API keys) are the same fact
# (posture.access.credentials shared, the weakest), so rung 1 is never derived.

access_control(f) := 4 if {
	lib.posture(f, "security", ["zero_trust"], false) == true
	lib.posture(f, "access", ["credentials"], "shared") == "workload-identity"
} else := 3 if {
	lib.posture(f, "access", ["rbac"], "none") == "fine-grained"
	lib.posture(f, "access", ["credentials"], "shared") in {"scoped", "workload-identity"}
} else := 2 if {
	lib.posture(f, "gateway", ["mode"], "direct") == "gateway"
	lib.posture(f, "access", ["credentials"], "shared") in {"individual", "scoped", "workload-identity"}
} else := 0 if {
	is_object(f.manifest)
}

access_control_seen(f) := concat(", ", [
	lib.fact(a, "access", ["credentials"], "string"),
	lib.reads(a, ["rbac"], "rbac", "string"),
	lib.reads(lib.posture_of(f, "gateway"), ["mode"], "gateway.mode", "string"),
	lib.reads(lib.posture_of(f, "security"), ["zero_trust"], "security.zero_trust", "boolean"),
]) if {
	a := lib.posture_of(f, "access")
}

# ---- q12 sensitive data (security) --------------------------------------------------------

pii(f) := rung_of(lib.posture_of(f, "security"), "pii", {
	"policy": 1, "manual-review": 2, "detection": 3, "masking": 3, "dlp": 4, "auto-classify": 5,
})

pii_seen(f) := lib.fact(lib.posture_of(f, "security"), "security", ["pii"], "string")

# ---- audit trail (security) ---------------------------------------------------------------

audit(f) := _audit(lib.posture_of(f, "audit"))

_audit(a) := 4 if {
	_complete_trail(a)
	object.get(a, "realtime", false) == true
} else := 3 if {
	_complete_trail(a)
} else := rung_of(a, "records", {"scattered": 1, "centralized": 2})

_complete_trail(a) if {
	object.get(a, "records", "none") == "centralized"
	object.get(a, ["audit_trail", "mandatory"], false) == true
}

audit_seen(f) := concat(", ", [
	lib.fact(a, "audit", ["records"], "string"),
	lib.reads(a, ["audit_trail", "mandatory"], "audit_trail.mandatory", "boolean"),
	lib.reads(a, ["realtime"], "realtime", "boolean"),
]) if {
	a := lib.posture_of(f, "audit")
}

# ---- guardrails (security) ----------------------------------------------------------------

guardrails(f) := _guardrails(object.get(lib.posture_of(f, "security"), "guardrails", {}))

_guardrails(g) := 4 if {
	_filters(g)
	object.get(g, "runtime", false) == true
} else := 3 if {
	_filters(g)
} else := 0

_filters(g) if {
	object.get(g, "input", false) == true
	object.get(g, "output", false) == true
}

guardrails_seen(f) := concat(", ", [
	lib.fact(s, "security", ["guardrails", "input"], "boolean"),
	lib.reads(s, ["guardrails", "output"], "guardrails.output", "boolean"),
	lib.reads(s, ["guardrails", "runtime"], "guardrails.runtime", "boolean"),
]) if {
	s := lib.posture_of(f, "security")
}

# ---- level 5: runtime evidence ------------------------------------------------------------
# The seed's level 5 is self-improving, autonomous operation. No declaration can show that, so
# each level-5 cell needs a measurement of the running system: an indicator under
# observations.kpis, measured within the staleness limit. Posture facts alone reach level 4.

# runtime is the outcome of "observations.kpis.<key> is at least (or at most) target".
runtime(f, key, at_least, target) := lib.outcome(ok, concat("", [
	_kpi_seen(f, key), "; level 5 needs ", _bound(at_least), " ", lib.show(target),
	" measured within ", lib.show(lib.observation_limit(f)),
	" days (runtime evidence: posture declarations alone cannot reach level 5)",
])) if {
	ok := _kpi_ok(f, key, at_least, target)
}

_bound(true) := "at least"

_bound(false) := "at most"

_kpi_ok(f, key, true, target) if {
	lib.observation(f, ["kpis", key]) >= target
} else := false

_kpi_ok(f, key, false, target) if {
	lib.observation(f, ["kpis", key]) <= target
} else := false

_kpi_seen(f, key) := concat("", [
	"observations.kpis.", key, " is ", lib.show(v), ", ", lib.observation_note(f),
]) if {
	v := object.get(f.manifest, ["observations", "kpis", key], null)
	is_number(v)
	lib.observed_on(f)
} else := concat("", ["observations.kpis.", key, " is not measured"])

# ---- what each rung needs, for the controls' messages and the assessment's gaps ------------

need_texts := {
	"access": {
		"1": "gateway.mode wrapper or gateway",
		"2": "gateway.mode gateway with all_traffic true",
		"3": "gateway.mode gateway, all_traffic true and routing cost-aware or learned",
		"4": "gateway.mode gateway, all_traffic true and routing learned",
	},
	"switch": {
		"1": "provider_switch code-change, config, automatic or learned",
		"2": "provider_switch config, automatic or learned",
		"3": "provider_switch automatic or learned",
		"4": "provider_switch learned",
	},
	"fallback": {
		"1": "fallback manual, automatic, quality-aware or proactive",
		"2": "fallback automatic, quality-aware or proactive",
		"3": "fallback quality-aware or proactive",
		"4": "fallback proactive",
	},
	"trace": {
		"1": "logs scattered or centralized (or full tracing)",
		"2": "logs centralized (or full tracing)",
		"3": "tracing.enabled true with model_call spans and coverage at least 80",
		"4": "full tracing (enabled, model_call spans, coverage at least 80) and anomaly_detection true",
	},
	"quality": {
		"1": "manual_review ad-hoc or scheduled (or a stronger answer)",
		"2": "human_feedback true or manual_review scheduled (or automated evaluation)",
		"3": "ci_gate.enabled true and an evaluation suite that exists",
		"4": "automated evaluation, online.enabled true and regression.includes_production_samples true",
	},
	"sessions": {
		"1": "memory.context conversation or managed-window (or retrieval, or persistent memory)",
		"2": "memory.context managed-window (or retrieval, or persistent memory)",
		"3": "memory.retrieval vector or knowledge-graph (or persistent_user_memory true)",
		"4": "memory.persistent_user_memory true",
	},
	"knowledge": {
		"1": "memory.retrieval manual, static-docs, vector or knowledge-graph",
		"2": "memory.retrieval static-docs, vector or knowledge-graph",
		"3": "memory.retrieval vector or knowledge-graph",
		"4": "memory.retrieval knowledge-graph",
		"5": "memory.retrieval vector or knowledge-graph with knowledge_refresh continuous",
	},
	"personalization": {
		"2": "memory.personalization basic, profile or deep",
		"3": "memory.personalization profile or deep",
		"4": "memory.personalization deep",
	},
	"workflow": {
		"1": "orchestration.workflow sequential, chain, graph or multi-agent",
		"2": "orchestration.workflow chain, graph or multi-agent",
		"3": "orchestration.workflow graph or multi-agent",
		"4": "orchestration.workflow multi-agent",
	},
	"tools": {
		"1": "orchestration.tools predefined, limited, rich or dynamic",
		"2": "orchestration.tools limited, rich or dynamic",
		"3": "orchestration.tools rich or dynamic",
		"4": "orchestration.tools dynamic",
	},
	"hitl": {
		"2": "orchestration.escalation manual, structured or confidence-based",
		"3": "orchestration.escalation structured or confidence-based",
		"4": "orchestration.escalation confidence-based",
	},
	"spend": {
		"1": "cost.attribution invoice or finer",
		"2": "cost.attribution per-app, per-feature, per-request or per-agent-run",
		"3": "cost.attribution per-request or per-agent-run",
		"4": "cost.attribution per-request or per-agent-run and forecasting true",
	},
	"budget": {
		"1": "cost.budget_review true (or alerts, or enforced limits)",
		"2": "cost.alerts enabled with thresholds (or enforced limits)",
		"3": "cost.limits.enforcement server with a limit above 0",
		"4": "enforced limits (server, a limit above 0) and forecasting true",
	},
	"access_control": {
		"1": "no fact tells shared API keys from no control at all: answer 1 is a claim only",
		"2": "gateway.mode gateway with access.credentials individual, scoped or workload-identity",
		"3": "access.rbac fine-grained with credentials scoped or workload-identity",
		"4": "security.zero_trust true with access.credentials workload-identity",
	},
	"pii": {
		"1": "security.pii policy or stronger",
		"2": "security.pii manual-review or stronger",
		"3": "security.pii detection, masking, dlp or auto-classify",
		"4": "security.pii dlp or auto-classify",
		"5": "security.pii auto-classify",
	},
	"audit": {
		"1": "audit.records scattered or centralized",
		"2": "audit.records centralized",
		"3": "audit.records centralized and audit_trail.mandatory true",
		"4": "a complete audit trail (centralized, mandatory) and audit.realtime true",
	},
	"guardrails": {
		"3": "security.guardrails input and output true",
		"4": "security.guardrails input, output and runtime true",
	},
}

# need is what a row's rung needs at a level.
need(row, level) := need_texts[row][format_int(level, 10)]

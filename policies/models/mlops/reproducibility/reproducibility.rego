# Reproducibility controls (RPR-*) of the mlops pack (seed 004; controls/mlops/).
# Each control is a function of the facts document f and returns lib.outcome(ok, message).
# Absent facts read as their weakest value; a fact of the wrong type fails, never passes.
package aimm.models.mlops.reproducibility

import data.aimm.core.lib
import data.aimm.models.mlops.common

results["RPR-2.1"] := rpr_2_1(input)

results["RPR-2.2"] := rpr_2_2(input)

results["RPR-2.3"] := rpr_2_3(input)

results["RPR-2.4"] := rpr_2_4(input)

results["RPR-2.5"] := rpr_2_5(input)

results["RPR-3.1"] := rpr_3_1(input)

results["RPR-3.2"] := rpr_3_2(input)

results["RPR-3.3"] := rpr_3_3(input)

results["RPR-3.4"] := rpr_3_4(input)

results["RPR-4.1"] := rpr_4_1(input)

results["RPR-5.1"] := rpr_5_1(input)

_dim := "reproducibility"

# RPR-2.1, L2 "experiment_tracking is shared".
rpr_2_1(f) := lib.one_of(f, _dim, ["experiment_tracking"], {"shared"}, 2, "shared")

# RPR-2.2, L2 "data_versioned".
rpr_2_2(f) := lib.true_fact(f, _dim, ["data_versioned"], 2)

# RPR-2.3, L2 "rebuild is from-run or on-demand".
rpr_2_3(f) := lib.one_of(f, _dim, ["rebuild"], {"from-run", "on-demand"}, 2, "from-run or on-demand")

# RPR-2.4, L2 "registry is store or staged".
rpr_2_4(f) := lib.one_of(f, _dim, ["registry"], {"store", "staged"}, 2, "store or staged")

# RPR-2.5, L2 "deploy_artifact is not a notebook" (absent reads as notebook, the weakest).
rpr_2_5(f) := lib.outcome(ok, lib.needs(observed, 2, _artifact_need)) if {
	p := lib.posture_of(f, _dim)
	ok := lib.string_in(object.get(p, "deploy_artifact", "notebook"), {"script", "package", "container"})
	observed := lib.fact(p, _dim, ["deploy_artifact"], "string")
} else := lib.unreadable(_dim, ["deploy_artifact"], 2, _artifact_need)

_artifact_need := "script, package or container (not a notebook)"

# RPR-3.1, L3 "data_quality_checks".
rpr_3_1(f) := lib.true_fact(f, _dim, ["data_quality_checks"], 3)

# RPR-3.2, L3 "rebuild is on-demand".
rpr_3_2(f) := lib.one_of(f, _dim, ["rebuild"], {"on-demand"}, 3, "on-demand")

# RPR-3.3, L3, one criterion per track: a feature store for classical ML, a governed retrieval
# stack for LLM systems that retrieve (type rag, or retrieval spans traced); an LLM system
# without retrieval has no such stack to govern.
rpr_3_3(f) := lib.true_fact(f, _dim, ["feature_store"], 3) if {
	common.track_of(f) == "classical-ml"
} else := lib.true_fact(f, _dim, ["retrieval_governed"], 3) if {
	_retrieves(f)
} else := common.not_applicable(f, concat("", [
	"no retrieval stack to govern: the type is not rag and ",
	"posture.visibility.tracing.spans does not include retrieval",
])) if {
	common.track_of(f) == "llm"
} else := _both_stacks(f)

_retrieves(f) if lib.get(f, ["system", "type"], null) == "rag"

_retrieves(f) if lib.list_has(lib.get(f, ["posture", "visibility", "tracing", "spans"], []), "retrieval")

# _both_stacks: a system on no track (fail closed) needs one of the two.
_both_stacks(f) := lib.outcome(ok, concat("; ", [a.message, b.message])) if {
	a := lib.true_fact(f, _dim, ["feature_store"], 3)
	b := lib.true_fact(f, _dim, ["retrieval_governed"], 3)
	ok := _either(a.pass, b.pass)
}

_either(a, b) if {
	true in {a, b}
} else := false

# RPR-3.4, L3, LLM track: "prompts versioned, and the prompt file exists".
rpr_3_4(f) := common.only(f, "llm", _prompts(f))

_prompts(f) := lib.outcome(ok, concat("; ", [versioned.message, file.message])) if {
	versioned := lib.true_fact(f, "prompts", ["versioned"], 3)
	file := lib.evidence_file(f, "prompts", ["path"], 3, "a prompt file that exists")
	ok := _both(versioned.pass, file.pass)
}

_both(a, b) if {
	a == true
	b == true
} else := false

# RPR-4.1, L4 "lineage is partial or full".
rpr_4_1(f) := lib.one_of(f, _dim, ["lineage"], {"partial", "full"}, 4, "partial or full")

# RPR-5.1, L5 "lineage is full".
rpr_5_1(f) := lib.one_of(f, _dim, ["lineage"], {"full"}, 5, "full")

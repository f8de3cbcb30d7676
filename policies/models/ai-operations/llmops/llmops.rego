# LLMOps controls (LOP-*) of the ai-operations pack (seed 003; controls/ai-operations/).
# Each control is a function of the facts document f and returns lib.outcome(ok, message).
# Absent facts read as their weakest value; a fact of the wrong type fails, never passes.
package aimm.models.ai_operations.llmops

import data.aimm.core.lib
import data.aimm.models.ai_operations.common

results["LOP-2.1"] := lop_2_1(input)

results["LOP-2.2"] := lop_2_2(input)

results["LOP-3.1"] := lop_3_1(input)

results["LOP-3.2"] := lop_3_2(input)

results["LOP-3.3"] := lop_3_3(input)

results["LOP-3.4"] := lop_3_4(input)

results["LOP-4.1"] := lop_4_1(input)

results["LOP-4.2"] := lop_4_2(input)

results["LOP-4.3"] := lop_4_3(input)

results["LOP-4.4"] := lop_4_4(input)

results["LOP-5.1"] := lop_5_1(input)

_eval := "evaluation"

_delivery := "delivery"

_llm_text := "an LLM-backed type (a classical-ml model has no prompts)"

# LOP-2.1, L2 "prompt templates shared" (LLM-backed types).
lop_2_1(f) := common.for_types(f, common.llm_types, _llm_text, lib.one_of(f, "prompts", ["templates"], {"shared"}, 2, "shared"))

# LOP-2.2, L2 "manual_review is ad-hoc or scheduled".
lop_2_2(f) := lib.one_of(f, _eval, ["manual_review"], {"ad-hoc", "scheduled"}, 2, "ad-hoc or scheduled")

# LOP-3.1, L3 "prompts versioned, and the prompt file exists" (LLM-backed types).
lop_3_1(f) := common.for_types(f, common.llm_types, _llm_text, _prompts(f))

_prompts(f) := lib.outcome(ok, concat("; ", [versioned.message, file.message])) if {
	versioned := lib.true_fact(f, "prompts", ["versioned"], 3)
	file := lib.evidence_file(f, "prompts", ["path"], 3, "a prompt file that exists")
	ok := _both(versioned.pass, file.pass)
}

# LOP-3.2, L3 "at least one suite, every suite path exists".
lop_3_2(f) := lib.outcome(ok, msg) if {
	p := lib.posture_of(f, _eval)
	suites := object.get(p, "suites", [])
	is_array(suites)
	count(suites) > 0
	missing := [s | some s in suites; not lib.evidence_ok(f, object.get(s, "path", null))]
	ok := count(missing) == 0
	msg := _suites_message(f, suites, missing)
} else := lib.outcome(false, lib.needs(_no_suites(f), 3, _suites_need))

_suites_need := "at least one suite whose path exists"

_suites_message(_, suites, []) := concat("", [
	"posture.evaluation.suites has ", lib.show(count(suites)), " suite(s); every path exists",
])

# rego-cpp: the label is bound in the comprehension's body; as the value term, the function
# call read the evidence wrongly (every file "was not checked").
_suites_message(f, suites, missing) := lib.needs(
	concat("", [
		"posture.evaluation.suites has ", lib.show(count(suites)), " suite(s); missing: ",
		concat(", ", [label | some s in missing; label := _suite_label(f, s)]),
	]),
	3, _suites_need,
) if count(missing) > 0

_suite_label(f, s) := lib.file_detail(f, s.path) if {
	is_object(s)
	is_string(s.path)
} else := "a suite without a path"

_no_suites(f) := lib.fact(lib.posture_of(f, _eval), _eval, ["suites"], "array") if {
	lib.posture_of(f, _eval)
} else := "posture.evaluation.suites could not be read"

# LOP-3.3, L3 "deploy_gate is manual-review or policy".
lop_3_3(f) := lib.one_of(f, _delivery, ["deploy_gate"], {"manual-review", "policy"}, 3, "manual-review or policy")

# LOP-3.4, L3 "rollback is manual or automated".
lop_3_4(f) := lib.one_of(f, _delivery, ["rollback"], {"manual", "automated"}, 3, "manual or automated")

# LOP-4.1, L4 "ci_gate enabled, blocking, and its workflow exists".
lop_4_1(f) := lib.outcome(ok, concat("; ", [enabled.message, blocking.message, workflow.message])) if {
	enabled := lib.true_fact(f, _eval, ["ci_gate", "enabled"], 4)
	blocking := lib.true_fact(f, _eval, ["ci_gate", "blocking"], 4)
	workflow := lib.evidence_file(f, _eval, ["ci_gate", "workflow"], 4, "a CI workflow file that exists")
	ok := count([x | some x in [enabled, blocking, workflow]; x.pass != true]) == 0
}

# LOP-4.2, L4 "human_feedback".
lop_4_2(f) := lib.true_fact(f, _eval, ["human_feedback"], 4)

# LOP-4.3, L4 "retrieval_checks" (rag only).
lop_4_3(f) := common.for_types(f, {"rag"}, "rag", lib.true_fact(f, _eval, ["retrieval_checks"], 4))

# LOP-4.4, L4 "rollback is automated".
lop_4_4(f) := lib.one_of(f, _delivery, ["rollback"], {"automated"}, 4, "automated")

# LOP-5.1, L5 "online evaluation enabled with a sampling rate above 0".
lop_5_1(f) := lib.outcome(ok, lib.needs(observed, 5, _online_need)) if {
	p := lib.posture_of(f, _eval)
	enabled := object.get(p, ["online", "enabled"], false)
	rate := object.get(p, ["online", "sampling_rate"], 0)
	ok := _both(enabled == true, _positive(rate))
	observed := concat(" and ", [
		lib.fact(p, _eval, ["online", "enabled"], "boolean"),
		lib.fact(p, _eval, ["online", "sampling_rate"], "number"),
	])
} else := lib.unreadable(_eval, ["online"], 5, _online_need)

_online_need := "online.enabled true and online.sampling_rate above 0"

_positive(x) if {
	is_number(x)
	x > 0
} else := false

_both(a, b) if {
	a == true
	b == true
} else := false

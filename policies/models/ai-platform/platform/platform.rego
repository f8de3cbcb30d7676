# The ladder's controls (PLT-*) of the ai-platform pack (seed 002; controls/ai-platform/).
# Each control is a function of the facts document f and returns lib.outcome(ok, message).
# Absent facts read as their weakest value; a fact of the wrong type fails, never passes.
package aimm.models.ai_platform.platform

import data.aimm.core.lib

results["PLT-2.1"] := plt_2_1(input)

results["PLT-2.2"] := plt_2_2(input)

results["PLT-2.3"] := plt_2_3(input)

results["PLT-2.4"] := plt_2_4(input)

results["PLT-2.5"] := plt_2_5(input)

results["PLT-2.6"] := plt_2_6(input)

results["PLT-2.7"] := plt_2_7(input)

results["PLT-2.8"] := plt_2_8(input)

results["PLT-2.9"] := plt_2_9(input)

results["PLT-3.1"] := plt_3_1(input)

results["PLT-3.2"] := plt_3_2(input)

results["PLT-3.3"] := plt_3_3(input)

results["PLT-3.4"] := plt_3_4(input)

results["PLT-3.5"] := plt_3_5(input)

results["PLT-3.6"] := plt_3_6(input)

results["PLT-3.7"] := plt_3_7(input)

results["PLT-3.8"] := plt_3_8(input)

results["PLT-3.9"] := plt_3_9(input)

results["PLT-4.1"] := plt_4_1(input)

results["PLT-4.2"] := plt_4_2(input)

results["PLT-4.3"] := plt_4_3(input)

results["PLT-4.4"] := plt_4_4(input)

results["PLT-4.5"] := plt_4_5(input)

results["PLT-4.6"] := plt_4_6(input)

results["PLT-4.7"] := plt_4_7(input)

results["PLT-4.8"] := plt_4_8(input)

results["PLT-4.9"] := plt_4_9(input)

results["PLT-5.1"] := plt_5_1(input)

results["PLT-5.2"] := plt_5_2(input)

results["PLT-5.3"] := plt_5_3(input)

results["PLT-5.4"] := plt_5_4(input)

# ---- level 2, Repeatable --------------------------------------------------------------------

# PLT-2.1 [developer-experience] the platform/product boundary document exists with real content.
plt_2_1(f) := lib.posture_document(
	f, "platform", ["boundary_doc"], 2,
	"a boundary document that exists", "boundary_doc", false,
)

# PLT-2.2 [serving] the system runs on the shared platform.
plt_2_2(f) := lib.true_fact(f, "platform", ["on_platform"], 2)

# PLT-2.3 [training] GPU time from a shared, scheduled pool (or no GPU work of its own).
plt_2_3(f) := lib.one_of(
	f, "platform", ["gpu_scheduling"], {"first-come", "queued", "not-used"}, 2,
	"first-come, queued or not-used",
)

# PLT-2.4 [training] experiments in the shared tracker.
plt_2_4(f) := lib.one_of(f, "reproducibility", ["experiment_tracking"], {"shared"}, 2, "shared")

# PLT-2.5 [registry] the model can be rebuilt from a logged run.
plt_2_5(f) := lib.one_of(f, "reproducibility", ["rebuild"], {"from-run", "on-demand"}, 2, "from-run or on-demand")

# PLT-2.6 [data] training data is versioned.
plt_2_6(f) := lib.true_fact(f, "reproducibility", ["data_versioned"], 2)

# PLT-2.7 [registry] versions are kept in a registry.
plt_2_7(f) := lib.one_of(f, "reproducibility", ["registry"], {"store", "staged"}, 2, "store or staged")

# PLT-2.8 [training] CI evaluates the model before merge.
plt_2_8(f) := lib.true_fact(f, "evaluation", ["ci_gate", "enabled"], 2)

# PLT-2.9 [observability] spend attributed at least to a team.
plt_2_9(f) := lib.one_of(
	f, "cost", ["attribution"], _per_team_or_finer, 2,
	"per-team or finer",
)

_per_team_or_finer := {"per-team", "per-app", "per-feature", "per-request", "per-agent-run"}

# ---- level 3, Managed -----------------------------------------------------------------------

# PLT-3.1 [developer-experience] the system started from a golden-path template.
plt_3_1(f) := lib.outcome(true, concat("", ["posture.platform.golden_path is ", lib.quoted(g)])) if {
	g := lib.posture(f, "platform", ["golden_path"], null)
	lib.has_text(g)
} else := lib.outcome(false, lib.needs(
	lib.fact(lib.posture_of(f, "platform"), "platform", ["golden_path"], "string"), 3,
	"the id of the golden-path template the system started from",
))

# PLT-3.2 [governance] a policy gate blocks deploys without evaluation evidence.
plt_3_2(f) := lib.one_of(f, "delivery", ["deploy_gate"], {"policy"}, 3, "policy")

# PLT-3.3 [registry] the registry promotes through gated stages.
plt_3_3(f) := lib.one_of(f, "reproducibility", ["registry"], {"staged"}, 3, "staged")

# PLT-3.4 [serving] canary rollout.
plt_3_4(f) := lib.one_of(f, "delivery", ["canary"], {"manual", "automated"}, 3, "manual or automated")

# PLT-3.5 [serving] automated rollback.
plt_3_5(f) := lib.one_of(f, "delivery", ["rollback"], {"automated"}, 3, "automated")

# PLT-3.6 [training] continuous delivery of model changes.
plt_3_6(f) := lib.one_of(f, "delivery", ["pipeline"], {"continuous"}, 3, "continuous")

# PLT-3.7 [observability] spend per team on a live central dashboard.
plt_3_7(f) := lib.one_of(f, "cost", ["dashboards"], {"central"}, 3, "central")

# PLT-3.8 [data] data quality checks on ingestion.
plt_3_8(f) := lib.true_fact(f, "reproducibility", ["data_quality_checks"], 3)

# PLT-3.9 [observability] model quality monitored in production.
plt_3_9(f) := lib.includes(f, "visibility", ["metrics"], "quality", 3)

# ---- level 4, Governed ----------------------------------------------------------------------

# PLT-4.1 [governance] full lineage.
plt_4_1(f) := lib.one_of(f, "reproducibility", ["lineage"], {"full"}, 4, "full")

# PLT-4.2 [governance] the evidence pack is generated.
plt_4_2(f) := lib.true_fact(f, "governance", ["docs_generated"], 4)

# PLT-4.3 [governance] the model card exists with real content.
plt_4_3(f) := lib.posture_document(
	f, "governance", ["model_card"], 4,
	"a model card that exists", "model_card", false,
)

# PLT-4.4 [governance] a bill of materials with every release.
plt_4_4(f) := lib.true_fact(f, "governance", ["supply_chain", "sbom"], 4)

# PLT-4.5 [registry] signed artefacts.
plt_4_5(f) := lib.true_fact(f, "governance", ["supply_chain", "signed_artifacts"], 4)

# PLT-4.6 [observability] chargeback.
plt_4_6(f) := lib.true_fact(f, "cost", ["chargeback"], 4)

# PLT-4.7 [training] failing evaluations block the change.
plt_4_7(f) := lib.true_fact(f, "evaluation", ["ci_gate", "blocking"], 4)

# PLT-4.8 [data] data contracts.
plt_4_8(f) := lib.true_fact(f, "reproducibility", ["data_contracts"], 4)

# PLT-4.9 [serving] the canary is driven by metrics.
plt_4_9(f) := lib.one_of(f, "delivery", ["canary"], {"automated"}, 4, "automated")

# ---- level 5, Self-improving ----------------------------------------------------------------

# PLT-5.1 [developer-experience] inner-source contributions.
plt_5_1(f) := lib.one_of(f, "platform", ["contributions"], {"inner-source"}, 5, "inner-source")

# PLT-5.2 [training] quality signals trigger retraining.
plt_5_2(f) := lib.one_of(f, "delivery", ["retraining", "mode"], {"triggered"}, 5, "triggered")

# PLT-5.3 [serving] capacity planned from forecasts: a GPU queue (or no GPU work) and forecasts.
plt_5_3(f) := lib.outcome(_capacity_planned(f), lib.needs(
	_seen([
		lib.fact(lib.posture_of(f, "platform"), "platform", ["gpu_scheduling"], "string"),
		lib.fact(lib.posture_of(f, "cost"), "cost", ["forecasting"], "boolean"),
	]),
	5, "queued (or not-used) and forecasting true",
))

_capacity_planned(f) if {
	lib.one_of(f, "platform", ["gpu_scheduling"], {"queued", "not-used"}, 5, "queued").pass == true
	lib.true_fact(f, "cost", ["forecasting"], 5).pass == true
} else := false

# PLT-5.4 [observability] delivery metrics tracked and measured (runtime evidence): dora_tracked
# and fresh observations.dora with deploy_frequency and lead_time_hours.
plt_5_4(f) := lib.outcome(true, concat("", [
	"posture.delivery.dora_tracked is true; observations.dora.deploy_frequency is ",
	lib.quoted(freq), ", lead_time_hours is ", lib.show(lead), ", ", lib.observation_note(f),
])) if {
	lib.posture(f, "delivery", ["dora_tracked"], false) == true
	freq := _measured_frequency(f)
	lead := lib.observation(f, ["dora", "lead_time_hours"])
} else := lib.outcome(false, lib.needs(
	concat("; ", [lib.fact(lib.posture_of(f, "delivery"), "delivery", ["dora_tracked"], "boolean"), _dora_seen(f)]),
	5, "dora_tracked true and measured deploy_frequency and lead_time_hours within the staleness limit",
))

# _measured_frequency is observations.dora.deploy_frequency when the observations are fresh.
_measured_frequency(f) := v if {
	lib.observations_fresh(f)
	v := object.get(f.manifest, ["observations", "dora", "deploy_frequency"], null)
	is_string(v)
}

# _dora_seen says what observations.dora holds and whether it counts.
_dora_seen(f) := "observations.dora is not measured" if {
	object.get(f.manifest, ["observations", "dora"], null) == null
} else := concat(", ", [
	lib.reads(f.manifest, ["observations", "dora", "deploy_frequency"], "observations.dora.deploy_frequency", "string"),
	lib.reads(f.manifest, ["observations", "dora", "lead_time_hours"], "lead_time_hours", "number"),
	lib.observation_note(f),
])

_seen(parts) := concat(", ", parts)

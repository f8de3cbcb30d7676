package aimm.core.frameworks_test

import data.aimm.core.frameworks

# _fwt_manifest: a manifest with the risk facts applicability reads; risk_extra overrides risk
# facts, compliance is the compliance section.
# rego-cpp: object.union is shallow, so nested sections are built whole.
_fwt_manifest(domain, autonomy, risk_extra, compliance) := {
	"apiVersion": "aimm/v1", "kind": "AISystem",
	"metadata": {"name": "x", "team": "t", "owners": {"technical": "a@b.c"}},
	"system": {"type": "classical-ml", "lifecycle": "production"},
	"risk": object.union(
		{
			"domain": domain, "autonomy": autonomy, "data_sensitivity": "personal",
			"exposure": "customers", "criticality": "high",
		},
		risk_extra,
	),
	"compliance": compliance,
}

_fwt_facts(m, config) := {"manifest": m, "evidence": {}, "today": "2026-11-21", "config": config}

# _fwt_flags: the boolean facts of a manifest that declares none of them.
_fwt_flags := {
	"public_authority": false, "established_in_eu": true, "workplace_use": false,
	"emotion_recognition": false, "biometric_categorisation": false, "deep_fakes": false,
	"public_interest_text": false, "human_editorial_control": false, "profiling": false,
	"built_on_own_gpai_model": false, "gpai_systemic_risk": false, "gpai_open_source": false,
	"consequential_decisions": false, "annex_iii": false, "high_risk_exemption": false,
	"gpai_model": false,
}

_fwt_no_dates := {"placed_on_market": null, "gpai_placed_on_market": null, "substantially_modified": null}

# _fwt_ctx: a context as frameworks.context builds it, with the given overrides.
_fwt_ctx(overrides) := object.union(
	{
		"category": "high-risk", "category_reason": "risk.domain is credit-scoring, an Annex III area",
		"roles": ["provider"], "roles_declared": true, "domain": "credit-scoring", "tier": "high",
		"autonomy": "suggest", "interacts": false, "generates": false, "public_service": false,
		"today": "2026-11-21", "enforce_upcoming": false,
		"flags": object.union(_fwt_flags, {"annex_iii": true}), "dates": _fwt_no_dates,
	},
	overrides,
)

# ---- context and the EU risk category --------------------------------------------------------

test_pass_frameworks_context_reads_the_manifest if {
	m := _fwt_manifest("credit-scoring", "act-with-approval", {}, {"roles": ["deployer"], "public_service": true})
	ctx := frameworks.context(_fwt_facts(m, {"profiles": ["eu-ai-act"], "enforce_upcoming": true}))
	ctx == {
		"category": "high-risk", "category_reason": "risk.domain is credit-scoring, an Annex III area",
		"roles": ["deployer"], "roles_declared": true, "domain": "credit-scoring", "tier": "high",
		"autonomy": "act-with-approval", "interacts": false, "generates": false,
		"public_service": true, "today": "2026-11-21", "enforce_upcoming": true,
		# credit-scoring: consequential decisions whether declared or not.
		"flags": object.union(_fwt_flags, {"annex_iii": true, "consequential_decisions": true}),
		"dates": {"placed_on_market": null, "gpai_placed_on_market": null, "substantially_modified": null},
	}
}

test_pass_frameworks_undeclared_roles_count_as_every_role if {
	ctx := frameworks.context(_fwt_facts(_fwt_manifest("general", "suggest", {}, {}), {}))
	ctx.roles == ["provider", "deployer"]
	ctx.roles_declared == false
	ctx.enforce_upcoming == false
}

test_pass_frameworks_eu_category_by_facts if {
	frameworks.eu_category(_fwt_facts(_fwt_manifest("employment", "suggest", {}, {}), {})).category == "high-risk"
	chat := _fwt_manifest("general", "suggest", {"interacts_with_humans": true}, {})
	facts := _fwt_facts(chat, {})
	frameworks.eu_category(facts) == {"category": "transparency", "reason": "risk.interacts_with_humans is true"}
	gen := _fwt_manifest("general", "suggest", {}, {"generates_content": true})
	frameworks.eu_category(_fwt_facts(gen, {})).category == "transparency"
	frameworks.eu_category(_fwt_facts(_fwt_manifest("general", "suggest", {}, {}), {})).category == "minimal"
}

test_fail_frameworks_prohibited_practice_is_prohibited_whatever_the_domain if {
	m := _fwt_manifest("general", "suggest", {"prohibited_practices": ["social-scoring"]}, {})
	frameworks.eu_category(_fwt_facts(m, {})).category == "prohibited"
}

test_pass_frameworks_critical_tier_in_general_domain_is_not_high_risk if {
	m := _fwt_manifest("general", "act-autonomously", {"criticality": "critical", "exposure": "public"}, {})
	ctx := frameworks.context(_fwt_facts(m, {}))
	ctx.tier == "critical"
	ctx.category == "minimal"
}

# ---- applicability -------------------------------------------------------------------------------

test_pass_frameworks_applicability_every_condition_holds if {
	when := {"eu_risk_categories": ["high-risk"], "roles": ["provider"]}
	frameworks.applicability(_fwt_ctx({}), when) == {
		"applies": true,
		"reason": concat(" ", [
			"the EU risk category is high-risk (risk.domain is credit-scoring, an Annex III",
			"area); compliance.roles is provider",
		]),
	}
	frameworks.applicability(_fwt_ctx({}), {}) == {"applies": true, "reason": "applies to every system"}
}

test_fail_frameworks_applicability_names_the_conditions_that_fail if {
	when := {"eu_risk_categories": ["high-risk"], "roles": ["deployer"], "tiers": ["critical"]}
	frameworks.applicability(_fwt_ctx({}), when) == {
		"applies": false,
		"reason": "compliance.roles is provider, not deployer; the risk tier is high, not critical",
	}
}

test_pass_frameworks_undeclared_roles_apply_fail_closed if {
	ctx := _fwt_ctx({"roles": ["provider", "deployer"], "roles_declared": false})
	a := frameworks.applicability(ctx, {"roles": ["deployer"]})
	a.applies == true
	a.reason == "compliance.roles is not declared, so the duties of every role apply (deployer)"
}

test_pass_frameworks_any_of_one_alternative_holds if {
	when := {"roles": ["deployer"], "any_of": [{"public_service": true}, {"domains": ["credit-scoring", "insurance"]}]}
	ctx := _fwt_ctx({"roles": ["deployer"]})
	frameworks.applicability(ctx, when) == {
		"applies": true,
		"reason": "compliance.roles is deployer; risk.domain is credit-scoring",
	}
}

test_fail_frameworks_any_of_no_alternative_holds if {
	when := {"any_of": [{"public_service": true}, {"domains": ["credit-scoring", "insurance"]}]}
	ctx := _fwt_ctx({"domain": "employment"})
	frameworks.applicability(ctx, when) == {
		"applies": false,
		"reason": concat(" ", [
			"none of these holds: compliance.public_service is false / risk.domain is",
			"employment, not credit-scoring or insurance",
		]),
	}
}

# A condition the policy does not know never excludes a system: the obligation applies (fail
# closed). The profile schema rejects unknown conditions before data reaches the policy.
test_pass_frameworks_unknown_condition_applies_fail_closed if {
	frameworks.applicability(_fwt_ctx({}), {"colour": ["red"]}) == {"applies": true, "reason": "applies to every system"}
	frameworks.applicability(_fwt_ctx({}), {"any_of": [{"colour": ["red"]}, {"tiers": ["low"]}]}).applies == true
}

test_pass_frameworks_flags_and_lists if {
	ctx := _fwt_ctx({"interacts": true, "autonomy": "act-autonomously"})
	acting := ["act-with-approval", "act-autonomously"]
	frameworks.applicability(ctx, {"interacts_with_people": true, "autonomy": acting}).applies == true
	gen := frameworks.applicability(ctx, {"generates_content": true})
	gen == {"applies": false, "reason": "compliance.generates_content is false"}
}

# ---- dates -------------------------------------------------------------------------------------------

test_pass_frameworks_in_force_on_and_after_the_date if {
	frameworks.in_force(_fwt_ctx({"today": "2027-12-02"}), "2027-12-02")
	frameworks.in_force(_fwt_ctx({"today": "2028-01-01"}), "2027-12-02")
	frameworks.in_force(_fwt_ctx({}), null)
}

test_fail_frameworks_not_in_force_before_the_date_or_without_today if {
	not frameworks.in_force(_fwt_ctx({"today": "2027-12-01"}), "2027-12-02")
	not frameworks.in_force(_fwt_ctx({"today": null}), "2027-12-02")
	not frameworks.enforced_now(_fwt_ctx({"today": "2027-12-01"}), "2027-12-02")
	frameworks.enforced_now(_fwt_ctx({"today": "2027-12-01", "enforce_upcoming": true}), "2027-12-02")
}

# ---- governance controls ---------------------------------------------------------------------------

_fwt_g := {"clause": "Art. 9", "applies_from": "2027-12-02", "when": {"roles": ["provider"]}, "figures": {}}

_fwt_fail := {"pass": false, "message": "compliance.risk_management is not declared"}

test_pass_frameworks_governed_not_applicable if {
	ctx := _fwt_ctx({"roles": ["deployer"]})
	a := frameworks.applicability(ctx, _fwt_g.when)
	frameworks.governed_by(ctx, _fwt_g, a, _fwt_fail) == {
		"pass": true,
		"message": "not applicable: compliance.roles is deployer, not provider",
	}
}

test_pass_frameworks_governed_upcoming_does_not_fail if {
	ctx := _fwt_ctx({})
	a := frameworks.applicability(ctx, _fwt_g.when)
	frameworks.governed_by(ctx, _fwt_g, a, _fwt_fail) == {
		"pass": true,
		"message": concat(" ", [
			"upcoming: Art. 9 applies from 2027-12-02 and is not enforced before then; not",
			"met yet: compliance.risk_management is not declared",
		]),
		"own": _fwt_fail,
	}
}

test_fail_frameworks_governed_in_force_or_enforced_early_reports_the_outcome if {
	late := _fwt_ctx({"today": "2027-12-02"})
	frameworks.governed_by(late, _fwt_g, frameworks.applicability(late, _fwt_g.when), _fwt_fail) == _fwt_fail
	early := _fwt_ctx({"enforce_upcoming": true})
	frameworks.governed_by(early, _fwt_g, frameworks.applicability(early, _fwt_g.when), _fwt_fail) == _fwt_fail
}

_fwt_fwd := {
	"id": "eu-ai-act", "title": "EU AI Act", "upcoming_control": "EU-0",
	"clauses": [
		{"id": "Art. 4", "applies_from": "2025-02-02", "when": {}, "levels": {}, "controls": ["EU-4"]},
		{
			"id": "Art. 9", "applies_from": "2027-12-02", "when": {"roles": ["provider"]},
			"levels": {"evaluation": 4}, "controls": ["EU-9"],
		},
		{"id": "Art. 5", "applies_from": "2025-02-02", "when": {}, "levels": {}, "controls": ["RISK-1"]},
	],
	"governance": {
		"EU-4": {"clause": "Art. 4", "applies_from": "2025-02-02", "when": {}, "figures": {}},
		"EU-9": _fwt_g,
	},
}

test_pass_frameworks_governed_of_publishes_each_control_and_the_upcoming_one if {
	raw := {"EU-4": {"pass": true, "message": "ok"}, "EU-9": _fwt_fail}
	frameworks.governed_of(_fwt_ctx({}), _fwt_fwd, raw) == {
		"EU-4": {"pass": true, "message": "ok"},
		"EU-9": {
			"pass": true, "message": concat(" ", [
				"upcoming: Art. 9 applies from 2027-12-02 and is not enforced before then; not",
				"met yet: compliance.risk_management is not declared",
			]),
			"own": _fwt_fail,
		},
		"EU-0": {"pass": false, "message": concat(" ", [
			"not met yet: needed from 2027-12-02: EU-9 (Art. 9); each control's message says",
			"what is missing, and aimm audit --framework eu-ai-act also lists the grid levels",
			"these clauses need",
		])},
	}
}

test_fail_frameworks_governed_of_leaves_out_an_unevaluable_control if {
	# EU-9's own outcome has no boolean pass: it is not published, so the report fails it closed.
	raw := {"EU-4": {"pass": true, "message": "ok"}, "EU-9": {"message": "?"}}
	out := frameworks.governed_of(_fwt_ctx({}), _fwt_fwd, raw)
	not out["EU-9"]
	out["EU-0"].pass == true
}

test_pass_frameworks_upcoming_passes_when_enforced_early if {
	frameworks.upcoming_of(_fwt_ctx({"enforce_upcoming": true}), _fwt_fwd, [["2027-12-02", "EU-9 (Art. 9)"]]) == {
		"pass": true,
		"message": concat(" ", [
			"input.config.enforce_upcoming is true: EU AI Act obligations are enforced before",
			"their dates by their own controls",
		]),
	}
}

test_fail_frameworks_upcoming_lists_by_date if {
	pending := [["2027-12-02", "EU-9 (Art. 9)"], ["2026-12-02", "EU-50.2 (Art. 50(2))"], ["2027-12-02", "EU-11 (Art. 11)"]]
	out := frameworks.upcoming_of(_fwt_ctx({}), _fwt_fwd, pending)
	out.pass == false
	startswith(out.message, concat(" ", [
		"not met yet: needed from 2026-12-02: EU-50.2 (Art. 50(2)); needed from",
		"2027-12-02: EU-9 (Art. 9), EU-11 (Art. 11); ",
	]))
}

# ---- floors ----------------------------------------------------------------------------------------

test_pass_frameworks_floor_of_takes_the_highest_enforced_level if {
	fwd := {"clauses": [
		{"id": "a", "applies_from": null, "when": {}, "levels": {"audit": 3}, "controls": []},
		{"id": "b", "applies_from": "2025-01-01", "when": {}, "levels": {"audit": 4, "access": 4}, "controls": []},
		{"id": "c", "applies_from": "2027-12-02", "when": {}, "levels": {"audit": 5}, "controls": []},
		{"id": "d", "applies_from": null, "when": {"roles": ["deployer"]}, "levels": {"audit": 5}, "controls": []},
	]}
	frameworks.floor_of(_fwt_ctx({}), [fwd], "audit") == 4
	frameworks.floor_of(_fwt_ctx({"enforce_upcoming": true}), [fwd], "audit") == 5
	frameworks.floor_of(_fwt_ctx({}), [fwd], "access") == 4
}

test_fail_frameworks_floor_of_undefined_without_a_clause if {
	fwd := {"clauses": [{"id": "a", "applies_from": null, "when": {}, "levels": {"audit": 3}, "controls": []}]}
	not frameworks.floor_of(_fwt_ctx({}), [fwd], "cost")
	not frameworks.floor_of(_fwt_ctx({}), [], "audit")
}

test_fail_frameworks_no_profile_floor_without_profiles if {
	f := _fwt_facts(_fwt_manifest("credit-scoring", "suggest", {}, {}), {})
	not frameworks.profile_floor(f, "high", "audit")
}

# ---- the obligations matrix ---------------------------------------------------------------------

_fwt_report := {
	"levels": {"visibility": 3, "evaluation": 3, "cost": 3, "access": 3, "audit": 3},
	"controls": [
		{"id": "EVA-4.2", "dimension": "evaluation", "level": 4, "status": "fail", "message": "blocking is false"},
		{"id": "EVA-5.1", "dimension": "evaluation", "level": 5, "status": "fail", "message": "online off"},
		{"id": "EU-4", "dimension": "eu-ai-act", "level": null, "status": "pass", "message": "ok"},
		{"id": "EU-9", "dimension": "eu-ai-act", "level": null, "status": "fail", "message": "missing"},
	],
}

test_pass_frameworks_obligations_statuses if {
	out := frameworks.obligations_of(_fwt_ctx({}), [_fwt_fwd], _fwt_report, {})
	[[o.clause, o.applies, o.in_force, o.outcome, o.status] | some o in out] == [
		["Art. 4", true, true, "met", "met"],
		["Art. 9", true, false, "unmet", "upcoming"],
		["Art. 5", true, true, "unmet", "unmet"],
	]
}

test_fail_frameworks_obligation_with_a_control_missing_from_the_report_is_unmet if {
	out := frameworks.obligations_of(_fwt_ctx({}), [_fwt_fwd], _fwt_report, {})
	out[2].requirements == [{
		"kind": "control", "id": "RISK-1", "status": "fail",
		"detail": "the control was not evaluated in this run (fails closed)",
	}]
}

test_fail_frameworks_level_requirement_names_what_holds_it_down if {
	out := frameworks.obligations_of(_fwt_ctx({"enforce_upcoming": true}), [_fwt_fwd], _fwt_report, {})
	out[1].status == "unmet"
	out[1].requirements[0] == {
		"kind": "level", "dimension": "evaluation", "min_level": 4, "level": 3, "status": "fail",
		"controls": ["EVA-4.2"], "detail": "evaluation is at level 3 (not passing: EVA-4.2)",
	}
}

test_pass_frameworks_level_held_down_only_by_waivers_is_waived if {
	report := {
		"levels": {"evaluation": 3},
		"controls": [
			{"id": "EVA-4.2", "dimension": "evaluation", "level": 4, "status": "waived", "message": "w"},
			{"id": "EU-9", "dimension": "eu-ai-act", "level": null, "status": "pass", "message": "ok"},
		],
	}
	out := frameworks.obligations_of(_fwt_ctx({"today": "2028-01-01"}), [_fwt_fwd], report, {})
	out[1].requirements[0].status == "waived"
	out[1].status == "waived"
}

_fwt_cpo_waiver := {"approved_by": "cpo@example.com", "expires": "2028-03-31", "reason": "Q1"}

# EU-9 as the report has it when a valid waiver covers it: waived in a voluntary framework, a
# failure with the waiver kept as risk_accepted in a regulation's.
_fwt_waived_report(entry) := {
	"levels": {"evaluation": 4},
	"controls": [object.union({"id": "EU-9", "dimension": "eu-ai-act", "level": null, "message": "missing"}, entry)],
}

test_fail_frameworks_statutory_waiver_is_unmet_with_the_risk_accepted if {
	fwd := object.union(_fwt_fwd, {"statutory": true})
	report := _fwt_waived_report({"status": "fail", "risk_accepted": _fwt_cpo_waiver})
	out := frameworks.obligations_of(_fwt_ctx({"today": "2028-01-01"}), [fwd], report, {})
	[out[1].clause, out[1].outcome, out[1].status] == ["Art. 9", "unmet", "unmet"]
	out[1].risk_accepted == [object.union({"control": "EU-9"}, _fwt_cpo_waiver)]
}

test_fail_frameworks_statutory_waived_level_is_unmet if {
	fwd := object.union(_fwt_fwd, {"statutory": true})
	report := {
		"levels": {"evaluation": 3},
		"controls": [
			{"id": "EVA-4.2", "dimension": "evaluation", "level": 4, "status": "waived", "message": "w", "waiver": _fwt_cpo_waiver},
			{"id": "EU-9", "dimension": "eu-ai-act", "level": null, "status": "pass", "message": "ok"},
		],
	}
	out := frameworks.obligations_of(_fwt_ctx({"today": "2028-01-01"}), [fwd], report, {})
	[out[1].requirements[0].status, out[1].status] == ["waived", "unmet"]
	out[1].risk_accepted == [object.union({"control": "EVA-4.2"}, _fwt_cpo_waiver)]
}

test_pass_frameworks_voluntary_waiver_is_waived_without_risk_accepted if {
	report := _fwt_waived_report({"status": "waived", "waiver": _fwt_cpo_waiver})
	out := frameworks.obligations_of(_fwt_ctx({"today": "2028-01-01"}), [_fwt_fwd], report, {})
	[out[1].outcome, out[1].status, out[1].risk_accepted] == ["waived", "waived", []]
	out[1].requirements[1].waivers == [object.union({"control": "EU-9"}, _fwt_cpo_waiver)]
}

test_pass_frameworks_not_applicable_clause if {
	out := frameworks.obligations_of(_fwt_ctx({"roles": ["deployer"]}), [_fwt_fwd], _fwt_report, {})
	out[1].status == "not-applicable"
	out[1].reason == "compliance.roles is deployer, not provider"
}

test_pass_frameworks_levels_only_clause_is_partially_evidenced if {
	fwd := {
		"id": "x", "clauses": [
			{"id": "levels-only", "applies_from": null, "when": {}, "levels": {"audit": 3}, "controls": []},
			{"id": "with-control", "applies_from": null, "when": {}, "levels": {"audit": 3}, "controls": ["EU-4"]},
		],
		"governance": {},
	}
	out := frameworks.obligations_of(_fwt_ctx({}), [fwd], _fwt_report, {})
	[[o.clause, o.outcome, o.status] | some o in out] == [
		["levels-only", "partially-evidenced", "partially-evidenced"],
		["with-control", "met", "met"],
	]
}

test_fail_frameworks_levels_only_clause_below_its_level_is_unmet if {
	fwd := {
		"id": "x", "clauses": [
			{"id": "levels-only", "applies_from": null, "when": {}, "levels": {"evaluation": 4}, "controls": []},
		],
		"governance": {},
	}
	out := frameworks.obligations_of(_fwt_ctx({}), [fwd], _fwt_report, {})
	[out[0].outcome, out[0].status] == ["unmet", "unmet"]
}

test_fail_frameworks_upcoming_obligation_reads_the_controls_own_outcome if {
	# The check reports EU-9 as an upcoming pass; the matrix judges its own outcome.
	own_report := {
		"levels": {"evaluation": 4},
		"controls": [{"id": "EU-9", "dimension": "eu-ai-act", "level": null, "status": "pass", "message": "upcoming: ..."}],
	}
	raws := {"EU-9": {"pass": true, "message": "upcoming: ...", "own": _fwt_fail}}
	out := frameworks.obligations_of(_fwt_ctx({}), [_fwt_fwd], own_report, raws)
	[out[1].status, out[1].outcome] == ["upcoming", "unmet"]
	out[1].requirements[1] == {
		"kind": "control", "id": "EU-9", "status": "fail",
		"detail": "compliance.risk_management is not declared",
	}

	# In force, the report's status stands (a waiver would show here).
	late := frameworks.obligations_of(_fwt_ctx({"today": "2027-12-02"}), [_fwt_fwd], own_report, raws)
	[late[1].status, late[1].requirements[1].status] == ["met", "pass"]
}

test_pass_frameworks_consequential_decisions_from_the_domain_or_the_fact if {
	employment := _fwt_facts(_fwt_manifest("employment", "suggest", {}, {}), {})
	frameworks.context(employment).flags.consequential_decisions == true
	declared := _fwt_facts(_fwt_manifest("general", "suggest", {}, {"consequential_decisions": true}), {})
	frameworks.context(declared).flags.consequential_decisions == true
}

test_fail_frameworks_consequential_decisions_not_in_a_general_domain if {
	general := _fwt_facts(_fwt_manifest("general", "suggest", {}, {}), {})
	frameworks.context(general).flags.consequential_decisions == false
}

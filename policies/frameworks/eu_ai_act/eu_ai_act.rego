# EU AI Act governance controls (controls/frameworks/eu-ai-act/controls.yaml). Each control is a
# compliance check worded for its clause; frameworks.governed then decides from the profile
# whether the clause applies to the system and whether it is in force on input.today. Results are
# published only when the profile is enforced (input.config.profiles lists eu-ai-act), so a plain
# check never evaluates them. Figures (retention periods, reporting deadlines) are profile data.
# The family is statutory: a waiver on these controls records accepted risk, never a pass
# (aimm.core.report).
package aimm.frameworks.eu_ai_act

import data.aimm.core.compliance
import data.aimm.core.frameworks
import data.aimm.core.lib

_eu_fw := "eu-ai-act"

_eu_on if frameworks.is_active(input, _eu_fw)

results := frameworks.governed(frameworks.context(input), _eu_fw, eu_raw) if _eu_on

# _eu_figures are the numbers a control's clause sets, from the profile.
_eu_figures(id) := lib.model.frameworks[_eu_fw].governance[id].figures

# eu_raw is each control's own outcome, before applicability and dates; frameworks.governed
# turns it into the published results (and adds EU-0, the upcoming obligations).
eu_raw["EU-4"] := eu_4(input)

eu_raw["EU-6.3"] := eu_6_3(input)

eu_raw["EU-6.4"] := eu_6_4(input)

eu_raw["EU-9"] := eu_9(input)

eu_raw["EU-10"] := eu_10(input)

eu_raw["EU-11"] := eu_11(input)

eu_raw["EU-13"] := eu_13(input)

eu_raw["EU-14"] := eu_14(input)

eu_raw["EU-15"] := eu_15(input)

eu_raw["EU-16"] := eu_16(input)

eu_raw["EU-17"] := eu_17(input)

eu_raw["EU-18"] := eu_18(input, _eu_figures("EU-18"))

eu_raw["EU-19"] := eu_19(input, _eu_figures("EU-19"))

eu_raw["EU-20"] := eu_20(input)

eu_raw["EU-22"] := eu_22(input)

eu_raw["EU-26.1"] := eu_26_1(input)

eu_raw["EU-26.2"] := eu_26_2(input)

eu_raw["EU-26.4"] := eu_26_4(input)

eu_raw["EU-26.5"] := eu_26_5(input)

eu_raw["EU-26.6"] := eu_26_6(input, _eu_figures("EU-26.6"))

eu_raw["EU-26.7"] := eu_26_7(input)

eu_raw["EU-26.8"] := eu_26_8(input)

eu_raw["EU-26.11"] := eu_26_11(input)

eu_raw["EU-27"] := eu_27(input)

eu_raw["EU-43"] := eu_43(input)

eu_raw["EU-47"] := eu_47(input, _eu_figures("EU-47"))

eu_raw["EU-48"] := eu_48(input)

eu_raw["EU-49"] := eu_49(input)

eu_raw["EU-49.5"] := eu_49_5(input)

eu_raw["EU-50.1"] := eu_50_1(input)

eu_raw["EU-50.2"] := eu_50_2(input)

eu_raw["EU-50.3"] := eu_50_3(input)

eu_raw["EU-50.4"] := eu_50_4(input)

eu_raw["EU-52"] := eu_52(input, _eu_figures("EU-52"))

eu_raw["EU-53.1"] := eu_53_1(input)

eu_raw["EU-53.2"] := eu_53_2(input)

eu_raw["EU-55.1"] := eu_55_1(input)

eu_raw["EU-55.2"] := eu_55_2(input)

eu_raw["EU-55.3"] := eu_55_3(input)

eu_raw["EU-55.4"] := eu_55_4(input)

eu_raw["EU-72"] := eu_72(input)

eu_raw["EU-73"] := eu_73(input, _eu_figures("EU-73"))

eu_raw["EU-86"] := eu_86(input)

# EU-4: a record of the AI literacy measures exists.
eu_4(f) := compliance.document(f, ["ai_literacy"], "Art. 4 needs a record of the AI literacy measures")

# EU-6.3: a system claiming the Art. 6(3) exemption declares that it does not profile people.
eu_6_3(f) := compliance.declared_false(f, ["profiling"], concat("", [
	"Art. 6(3) keeps an Annex III system that profiles natural persons high-risk: ",
	"the exemption needs compliance.profiling declared false",
]))

# EU-6.4: the exemption assessment is documented and the system registered (Art. 49(2)).
eu_6_4(f) := compliance.all_of([
	compliance.document(f, ["high_risk_exemption", "assessment"], "Art. 6(4) needs the documented assessment"),
	compliance.declared_text(
		f, ["high_risk_exemption", "eu_database_id"],
		"Art. 49(2) needs the exempted system registered in the EU database",
	),
])

# EU-9: the risk-management record exists.
eu_9(f) := compliance.document(f, ["risk_management"], "Art. 9 needs the risk-management record")

# EU-10: the data governance record exists and is current.
eu_10(f) := compliance.document(
	f, ["data_governance"],
	"Art. 10 needs the documentation of the training, validation and test data",
)

# EU-11: the technical documentation exists.
eu_11(f) := compliance.document(
	f, ["technical_documentation"],
	"Art. 11 needs the technical documentation (Annex IV)",
)

# EU-13: the instructions for use exist.
eu_13(f) := compliance.document(f, ["instructions_for_use"], "Art. 13 needs the instructions for use for deployers")

# EU-14: oversight names who can stop and who can override the system, and its procedure exists.
eu_14(f) := compliance.oversight(
	f, ["can_stop", "can_override", "procedure"],
	"Art. 14 needs who can stop the system, who can override it, and the documented procedure",
)

# EU-15: the declared accuracy metrics are documented and current.
eu_15(f) := compliance.document(
	f, ["accuracy_metrics"],
	"Art. 15(3) needs the accuracy metrics declared in the instructions for use",
)

# EU-16: the provider's name and contact address are given.
eu_16(f) := compliance.declared_text(
	f, ["provider_contact"],
	"Art. 16(b) needs the provider's name, registered trade name and contact address",
)

# EU-17: the quality management system is documented and current.
eu_17(f) := compliance.document(
	f, ["quality_management"],
	"Art. 17 needs the quality management system's written policies and procedures",
)

# EU-18: documentation is kept for ten years.
eu_18(f, figures) := compliance.minimum(f, ["documentation_retention_years"], figures.documentation_retention_years, concat("", [
	"Art. 18 needs documentation kept for ", lib.show(figures.documentation_retention_years), " years",
]))

# EU-19: generated logs are kept at least six months.
eu_19(f, figures) := compliance.retention(f, figures.log_retention_days, concat("", [
	"Art. 19 needs at least ", lib.show(figures.log_retention_days), " days (six months)",
]))

# EU-20: the corrective-action procedure exists.
eu_20(f) := compliance.document(
	f, ["corrective_actions"],
	"Art. 20 needs the procedure to correct, withdraw, disable or recall the system and inform others",
)

# EU-22: a provider outside the Union names its authorised representative.
eu_22(f) := compliance.declared_text(
	f, ["authorised_representative"],
	"Art. 22 needs an authorised representative established in the Union",
)

# EU-26.1: the deployer holds the instructions for use it follows.
eu_26_1(f) := compliance.document(
	f, ["instructions_for_use"],
	"Art. 26(1) needs the provider's instructions for use the deployer follows",
)

# EU-26.2: the deployer has assigned oversight to named roles, with a procedure.
eu_26_2(f) := compliance.oversight(
	f, ["can_stop", "can_override", "procedure"],
	"Art. 26(2) needs oversight assigned to named people with a documented procedure",
)

# EU-26.4: the deployer's input data checks are documented and current.
eu_26_4(f) := compliance.document(
	f, ["data_governance"],
	"Art. 26(4) needs the checks that input data is relevant and representative",
)

# EU-26.5: the deployer's serious-incident procedure exists.
eu_26_5(f) := compliance.document(
	f, ["incident_reporting", "procedure"],
	"Art. 26(5) needs a procedure to suspend the system and inform the provider of serious incidents",
)

# EU-26.6: the deployer keeps logs at least six months.
eu_26_6(f, figures) := compliance.retention(f, figures.log_retention_days, concat("", [
	"Art. 26(6) needs at least ", lib.show(figures.log_retention_days), " days (six months)",
]))

# EU-26.7: workers' representatives were informed before workplace use.
eu_26_7(f) := compliance.document(
	f, ["workers_informed"],
	"Art. 26(7) needs the record of informing workers' representatives before use",
)

# EU-26.8: a public authority registered its use.
eu_26_8(f) := compliance.declared_text(
	f, ["use_registration_id"],
	"Art. 26(8) needs the public authority's use registered in the EU database",
)

# EU-26.11: the notice to affected people exists (not the chat disclosure of Art. 50(1)).
eu_26_11(f) := compliance.notice(
	f, "affected_persons_notice",
	"Art. 26(11) needs the notice telling affected people a high-risk AI system is used",
)

# EU-27: the fundamental rights impact assessment exists.
eu_27(f) := compliance.document(
	f, ["impact_assessment"],
	"Art. 27 needs the fundamental rights impact assessment",
)

# EU-43: the conformity assessment is completed, recorded and not overtaken by a substantial
# modification.
eu_43(f) := compliance.conformity(f, "Art. 43 needs a completed conformity assessment with its record")

# EU-47: the declaration of conformity exists and documentation is kept ten years.
eu_47(f, figures) := compliance.all_of([
	compliance.document(f, ["declaration_of_conformity"], "Art. 47 needs the EU declaration of conformity"),
	compliance.minimum(f, ["documentation_retention_years"], figures.documentation_retention_years, concat("", [
		"Art. 47(1) needs the declaration kept for ", lib.show(figures.documentation_retention_years), " years",
	])),
])

# EU-48: the CE marking is affixed.
eu_48(f) := compliance.flag(f, ["ce_marking"], "Art. 48 needs the CE marking affixed")

# EU-49: the EU database registration is declared; law enforcement and migration entries sit in
# the database's non-public section.
eu_49(f) := o if {
	base := compliance.declared_text(f, ["eu_database_id"], "Art. 49(1) needs the EU database registration")
	o := _eu_registration_section(f, base)
}

_eu_registration_section(f, o) := object.union(o, {"message": concat("", [
	o.message, " (", lib.show(lib.get(f, ["risk", "domain"], null)),
	" entries go into the database's secure non-public section, Art. 49(4))",
])}) if {
	lib.get(f, ["risk", "domain"], null) in {"law-enforcement", "migration"}
} else := o

# EU-49.5: a critical infrastructure system is registered nationally.
eu_49_5(f) := compliance.declared_text(
	f, ["national_registration_id"],
	"Art. 49(5) needs the critical infrastructure system registered at national level",
)

# EU-50.1: the AI interaction disclosure exists.
eu_50_1(f) := compliance.notice(
	f, "notice",
	"Art. 50(1) needs the disclosure that people interact with an AI system",
)

# EU-50.2: generated content is marked machine-readably.
eu_50_2(f) := compliance.flag(
	f, ["transparency", "marks_generated_content"],
	"Art. 50(2) needs generated content marked as AI-generated",
)

# EU-50.3: people exposed to emotion recognition or biometric categorisation are informed.
eu_50_3(f) := compliance.notice(
	f, "exposure_notice",
	"Art. 50(3) needs the notice to people exposed to emotion recognition or biometric categorisation",
)

# EU-50.4: deep fakes and AI-written public-interest text are disclosed.
eu_50_4(f) := compliance.notice(
	f, "deep_fake_disclosure",
	"Art. 50(4) needs how deep fakes and AI-written public-interest text are disclosed",
)

# EU-52: the Commission was notified of a model with systemic risk.
eu_52(f, figures) := compliance.document(f, ["gpai_model", "commission_notification"], concat("", [
	"Art. 52(1) needs the notification to the Commission, due within ",
	lib.show(figures.notification_days), " days of meeting the threshold",
]))

# EU-53.1: the model's technical documentation and downstream information exist.
eu_53_1(f) := compliance.all_of([
	compliance.document(f, ["gpai_model", "technical_documentation"], "Art. 53(1)(a) needs the model's technical documentation (Annex XI)"),
	compliance.document(f, ["gpai_model", "downstream_information"], "Art. 53(1)(b) needs the information for downstream providers (Annex XII)"),
])

# EU-53.2: the copyright policy and the training content summary exist.
eu_53_2(f) := compliance.all_of([
	compliance.document(f, ["gpai_model", "copyright_policy"], "Art. 53(1)(c) needs the copyright policy"),
	compliance.document(f, ["gpai_model", "training_content_summary"], "Art. 53(1)(d) needs the public training content summary"),
])

# EU-55.1: adversarial testing of the model is documented and current.
eu_55_1(f) := compliance.document(
	f, ["gpai_model", "adversarial_testing"],
	"Art. 55(1)(a) needs documented adversarial testing of the model",
)

# EU-55.2: the systemic risk assessment is documented and current.
eu_55_2(f) := compliance.document(
	f, ["gpai_model", "systemic_risk_assessment"],
	"Art. 55(1)(b) needs the assessment of Union-level systemic risks",
)

# EU-55.3: model incidents are tracked and reported to the AI Office.
eu_55_3(f) := compliance.document(
	f, ["gpai_model", "incident_reporting"],
	"Art. 55(1)(c) needs the procedure reporting serious incidents to the AI Office",
)

# EU-55.4: the model's security measures are documented.
eu_55_4(f) := compliance.document(
	f, ["gpai_model", "security_measures"],
	"Art. 55(1)(d) needs the cybersecurity measures for the model and its infrastructure",
)

# EU-72: the post-market monitoring plan is kept current.
eu_72(f) := compliance.document(
	f, ["post_market_monitoring_plan"],
	"Art. 72 needs the post-market monitoring plan",
)

# EU-73: the serious-incident procedure exists, its deadlines are within Art. 73's, and it reports
# to the authority Art. 75 names.
eu_73(f, figures) := compliance.all_of([
	compliance.incident(f, figures, "Art. 73 needs a reporting procedure with deadlines of at most 15, 10 and 2 days"),
	compliance.choice(f, ["incident_reporting", "authority"], [authority], concat("", [
		"Art. 73 with Art. 75 needs serious incidents reported to the ", authority, " (", why, ")",
	])),
]) if {
	[authority, why] := reporting_authority(f)
}

# reporting_authority is the authority serious incidents go to, and why: the AI Office for a
# system built on the same provider's general-purpose model (amended Art. 75(1), (1a)), except
# in the areas the amendment leaves to national authorities; else the market surveillance
# authority of the Member State where the incident occurred.
reporting_authority(f) := ["ai-office", "compliance.built_on_own_gpai_model is true"] if {
	lib.get(f, ["compliance", "built_on_own_gpai_model"], false) == true
	not lib.get(f, ["risk", "domain"], null) in _eu_national_areas
} else := ["market-surveillance-authority", _eu_national_reason(f)]

# The areas where the national market surveillance authority keeps competence even for systems
# on the provider's own general-purpose model (Annex III point 2, law enforcement, border
# control, justice and democratic processes).
_eu_national_areas := {"critical-infrastructure", "law-enforcement", "migration", "justice", "democratic-processes"}

_eu_national_reason(f) := concat("", [
	"risk.domain is ", lib.show(lib.get(f, ["risk", "domain"], null)),
	", which stays with the national authority",
]) if {
	lib.get(f, ["compliance", "built_on_own_gpai_model"], false) == true
} else := "the system is not built on the provider's own general-purpose model"

# EU-86: affected people can get an explanation of a decision.
eu_86(f) := compliance.document(
	f, ["explanation_procedure"],
	"Art. 86 needs the procedure to explain individual decisions to affected people",
)

# EU AI Act governance controls (controls/frameworks/eu-ai-act/controls.yaml). Each control is a
# compliance check worded for its clause; frameworks.governed then decides from the profile
# whether the clause applies to the system and whether it is in force on input.today. Results are
# published only when the profile is enforced (input.config.profiles lists eu-ai-act), so a plain
# check never evaluates them. Figures (retention days, reporting deadlines) are profile data.
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

eu_raw["EU-9"] := eu_9(input)

eu_raw["EU-11"] := eu_11(input)

eu_raw["EU-14"] := eu_14(input)

eu_raw["EU-19"] := eu_19(input, _eu_figures("EU-19"))

eu_raw["EU-26.2"] := eu_26_2(input)

eu_raw["EU-26.5"] := eu_26_5(input)

eu_raw["EU-26.6"] := eu_26_6(input, _eu_figures("EU-26.6"))

eu_raw["EU-26.11"] := eu_26_11(input)

eu_raw["EU-27"] := eu_27(input)

eu_raw["EU-43"] := eu_43(input)

eu_raw["EU-49"] := eu_49(input)

eu_raw["EU-50.1"] := eu_50_1(input)

eu_raw["EU-50.2"] := eu_50_2(input)

eu_raw["EU-73"] := eu_73(input, _eu_figures("EU-73"))

# EU-4: a record of the AI literacy measures exists.
eu_4(f) := compliance.document(f, ["ai_literacy"], "Art. 4 needs a record of the AI literacy measures")

# EU-9: the risk-management record exists.
eu_9(f) := compliance.document(f, ["risk_management"], "Art. 9 needs the risk-management record")

# EU-11: the technical documentation exists.
eu_11(f) := compliance.document(
	f, ["technical_documentation"],
	"Art. 11 needs the technical documentation (Annex IV)",
)

# EU-14: oversight names who can stop and who can override the system, and its procedure exists.
eu_14(f) := compliance.oversight(
	f, ["can_stop", "can_override", "procedure"],
	"Art. 14 needs who can stop the system, who can override it, and the documented procedure",
)

# EU-19: generated logs are kept at least six months.
eu_19(f, figures) := compliance.retention(f, figures.log_retention_days, concat("", [
	"Art. 19 needs at least ", lib.show(figures.log_retention_days), " days (six months)",
]))

# EU-26.2: the deployer has assigned oversight to named roles, with a procedure.
eu_26_2(f) := compliance.oversight(
	f, ["can_stop", "can_override", "procedure"],
	"Art. 26(2) needs oversight assigned to named people with a documented procedure",
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

# EU-26.11: the notice to affected people exists.
eu_26_11(f) := compliance.document(
	f, ["transparency", "notice"],
	"Art. 26(11) needs the notice telling affected people a high-risk AI system is used",
)

# EU-27: the fundamental rights impact assessment exists.
eu_27(f) := compliance.document(
	f, ["impact_assessment"],
	"Art. 27 needs the fundamental rights impact assessment",
)

# EU-43: the conformity assessment is completed and its record exists.
eu_43(f) := compliance.conformity(f, "Art. 43 needs a completed conformity assessment with its record")

# EU-49: the EU database registration is declared.
eu_49(f) := compliance.declared_text(f, ["eu_database_id"], "Art. 49 needs the EU database registration")

# EU-50.1: the AI interaction disclosure exists.
eu_50_1(f) := compliance.document(
	f, ["transparency", "notice"],
	"Art. 50(1) needs the disclosure that people interact with an AI system",
)

# EU-50.2: generated content is marked machine-readably.
eu_50_2(f) := compliance.flag(
	f, ["transparency", "marks_generated_content"],
	"Art. 50(2) needs generated content marked as AI-generated",
)

# EU-73: the serious-incident procedure exists and its deadlines are within Art. 73's.
eu_73(f, figures) := compliance.incident(
	f, figures,
	"Art. 73 needs a reporting procedure with deadlines of at most 15, 10 and 2 days",
)

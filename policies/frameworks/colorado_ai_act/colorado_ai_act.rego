# Colorado SB 26-189 governance controls (controls/frameworks/colorado-ai-act/controls.yaml): the
# same compliance checks as the other frameworks, worded for their duty; frameworks.governed
# decides from the profile whether the duty applies (consequential decisions, role) and whether
# it is in force on input.today. Results are published only when the profile is enforced. The
# family is statutory: a waiver records accepted risk, never a pass.
package aimm.frameworks.colorado_ai_act

import data.aimm.core.compliance
import data.aimm.core.frameworks
import data.aimm.core.lib

_co_fw := "colorado-ai-act"

_co_on if frameworks.is_active(input, _co_fw)

results := frameworks.governed(frameworks.context(input), _co_fw, co_raw) if _co_on

# _co_figures are the numbers a control's clause sets, from the profile.
_co_figures(id) := lib.model.frameworks[_co_fw].governance[id].figures

co_raw["CO-1"] := co_1(input, _co_figures("CO-1"))

co_raw["CO-2"] := co_2(input)

co_raw["CO-3"] := co_3(input)

# CO-1 (records): compliance records are kept long enough.
co_1(f, figures) := compliance.minimum(f, ["documentation_retention_years"], figures.records_retention_years, concat("", [
	"SB 26-189 needs compliance records kept for ", lib.show(figures.records_retention_years), " years",
]))

# CO-2 (adverse-outcome explanation): the explanation procedure exists.
co_2(f) := compliance.document(
	f, ["explanation_procedure"],
	"SB 26-189 needs the procedure that explains adverse decisions",
)

# CO-3 (developer documentation): the documentation for deployers exists.
co_3(f) := compliance.document(
	f, ["instructions_for_use"],
	"SB 26-189 needs the developer's documentation for deployers",
)

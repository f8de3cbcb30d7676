# NIST AI RMF governance controls (controls/frameworks/nist-ai-rmf/controls.yaml): the same
# compliance checks as the other frameworks, worded for their subcategory; frameworks.governed
# decides from the profile whether the subcategory applies (tier, autonomy). Results are
# published only when the profile is enforced (input.config.profiles lists nist-ai-rmf).
package aimm.frameworks.nist_ai_rmf

import data.aimm.core.compliance
import data.aimm.core.frameworks

_nist_fw := "nist-ai-rmf"

_nist_on if frameworks.is_active(input, _nist_fw)

results := frameworks.governed(frameworks.context(input), _nist_fw, nist_raw) if _nist_on

# nist_raw is each control's own outcome, before applicability (frameworks.governed decides it).
nist_raw["NIST-1"] := nist_1(input)

nist_raw["NIST-2"] := nist_2(input)

nist_raw["NIST-3"] := nist_3(input)

nist_raw["NIST-4"] := nist_4(input)

nist_raw["NIST-5"] := nist_5(input)

nist_raw["NIST-6"] := nist_6(input)

# NIST-1 (GOVERN 1): the system's risk-management record exists.
nist_1(f) := compliance.document(f, ["risk_management"], "GOVERN 1 needs the system's risk-management record")

# NIST-2 (GOVERN 2): the training record exists.
nist_2(f) := compliance.document(
	f, ["ai_literacy"],
	"GOVERN 2 needs a record of the training of the people accountable for the system",
)

# NIST-3 (GOVERN 3.2): oversight roles are named.
nist_3(f) := compliance.oversight(
	f, ["can_stop", "can_override"],
	"GOVERN 3.2 needs the roles that oversee the system and may intervene",
)

# NIST-4 (MAP 5): the impact assessment exists.
nist_4(f) := compliance.document(f, ["impact_assessment"], "MAP 5 needs the documented impact assessment")

# NIST-5 (MANAGE 2.4): who can disengage the system, and how, is documented.
nist_5(f) := compliance.oversight(
	f, ["can_stop", "procedure"],
	"MANAGE 2.4 needs who can disengage the system and the documented procedure",
)

# NIST-6 (MANAGE 4.3): the incident procedure exists.
nist_6(f) := compliance.document(
	f, ["incident_reporting", "procedure"],
	"MANAGE 4.3 needs the incident tracking and communication procedure",
)

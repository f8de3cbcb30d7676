# ISO/IEC 42001 governance controls (controls/frameworks/iso-42001/controls.yaml): the same
# compliance checks as the other frameworks, worded for their Annex A control; frameworks.governed
# decides from the profile whether the control applies (tier, autonomy, interaction). Results are
# published only when the profile is enforced (input.config.profiles lists iso-42001).
package aimm.frameworks.iso_42001

import data.aimm.core.compliance
import data.aimm.core.frameworks

_iso_fw := "iso-42001"

_iso_on if frameworks.is_active(input, _iso_fw)

results := frameworks.governed(frameworks.context(input), _iso_fw, iso_raw) if _iso_on

# iso_raw is each control's own outcome, before applicability (frameworks.governed decides it).
iso_raw["ISO-1"] := iso_1(input)

iso_raw["ISO-2"] := iso_2(input)

iso_raw["ISO-3"] := iso_3(input)

iso_raw["ISO-4"] := iso_4(input)

iso_raw["ISO-5"] := iso_5(input)

iso_raw["ISO-6"] := iso_6(input)

# ISO-1 (A.4.6): the competence and training record exists.
iso_1(f) := compliance.document(f, ["ai_literacy"], "A.4.6 needs the record of competences and training")

# ISO-2 (A.5.3): the impact assessment is documented.
iso_2(f) := compliance.document(f, ["impact_assessment"], "A.5.3 needs the documented impact assessment")

# ISO-3 (A.6.2.7): the technical documentation exists.
iso_3(f) := compliance.document(f, ["technical_documentation"], "A.6.2.7 needs the technical documentation")

# ISO-4 (A.8.2): the system documentation and information for users exists, a document of its own
# (the Art. 50(1) disclosure that people talk to an AI is not the information A.8.2 asks for).
iso_4(f) := compliance.notice(f, "user_information", "A.8.2 needs the system documentation and information for users")

# ISO-5 (A.8.4): the incident communication plan exists.
iso_5(f) := compliance.document(
	f, ["incident_reporting", "procedure"],
	"A.8.4 needs the incident communication plan",
)

# ISO-6 (A.9.2): who can stop and override the system, and how, is documented.
iso_6(f) := compliance.oversight(
	f, ["can_stop", "can_override", "procedure"],
	"A.9.2 needs who can stop and override the system and the documented procedure",
)

# NIST AI 600-1 governance controls (controls/frameworks/nist-ai-600-1/controls.yaml): the same
# compliance checks as the other frameworks, worded for the generative AI risk they evidence;
# frameworks.governed decides from the profile whether the risk applies (generated content, tier).
# Results are published only when the profile is enforced (input.config.profiles lists it).
package aimm.frameworks.nist_ai_600_1

import data.aimm.core.compliance
import data.aimm.core.frameworks

_genai_fw := "nist-ai-600-1"

_genai_on if frameworks.is_active(input, _genai_fw)

results := frameworks.governed(frameworks.context(input), _genai_fw, genai_raw) if _genai_on

# genai_raw is each control's own outcome, before applicability (frameworks.governed decides it).
genai_raw["GENAI-1"] := genai_1(input)

genai_raw["GENAI-2"] := genai_2(input)

genai_raw["GENAI-3"] := genai_3(input)

# GENAI-1 (risk 7, human-AI configuration): oversight roles are named.
genai_1(f) := compliance.oversight(
	f, ["can_stop", "can_override"],
	"risk 7 (human-AI configuration) needs the roles that oversee the system and may intervene",
)

# GENAI-2 (risk 8, information integrity): generated content is marked.
genai_2(f) := compliance.flag(
	f, ["transparency", "marks_generated_content"],
	"risk 8 (information integrity) needs generated content marked as AI-generated",
)

# GENAI-3 (incident disclosure): the incident procedure exists.
genai_3(f) := compliance.document(
	f, ["incident_reporting", "procedure"],
	"incident disclosure needs the documented incident procedure",
)

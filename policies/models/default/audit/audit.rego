# Audit controls (AUD-*): the audit row of the maturity grid (manifest-v1, section 2).
# Each control is a function of the facts document f and returns lib.outcome(ok, message).
# Absent facts read as their weakest value; a fact of the wrong type fails, never passes.
# Declared paths pass only when f.evidence says the file exists inside the repository and no
# evidence probe contradicts what it should hold.
package aimm.models.default.audit

import data.aimm.core.lib

results["AUD-2.1"] := aud_2_1(input)

results["AUD-3.1"] := aud_3_1(input)

results["AUD-3.2"] := aud_3_2(input)

results["AUD-3.3"] := aud_3_3(input)

results["AUD-4.1"] := aud_4_1(input)

results["AUD-4.2"] := aud_4_2(input)

results["AUD-4.3"] := aud_4_3(input)

results["AUD-4.4"] := aud_4_4(input)

results["AUD-4.5"] := aud_4_5(input)

results["AUD-4.6"] := aud_4_6(input)

results["AUD-4.7"] := aud_4_7(input)

results["AUD-5.1"] := aud_5_1(input)

_dim := "audit"

_covers_path := ["audit_trail", "covers"]

# AUD-2.1, L2 "records is scattered or centralized".
aud_2_1(f) := lib.one_of(f, _dim, ["records"], {"scattered", "centralized"}, 2, "scattered or centralized")

# AUD-3.1, L3 "records centralized".
aud_3_1(f) := lib.one_of(f, _dim, ["records"], {"centralized"}, 3, "centralized")

# AUD-3.2, L3 "retention_days >= 90".
aud_3_2(f) := lib.at_least(f, _dim, ["retention_days"], 90, 3)

# AUD-3.3, L3 "export".
aud_3_3(f) := lib.true_fact(f, _dim, ["export"], 3)

# AUD-4.1, L4 "audit_trail mandatory".
aud_4_1(f) := lib.true_fact(f, _dim, ["audit_trail", "mandatory"], 4)

# AUD-4.2, L4 "audit_trail immutable".
aud_4_2(f) := lib.true_fact(f, _dim, ["audit_trail", "immutable"], 4)

# AUD-4.3, L4 "covers includes prompts, responses and model_versions". A classical ML system
# has no prompts or responses: its inputs, scores and model versions are the equivalent.
aud_4_3(f) := _classical_outcome(lib.fact(p, _dim, _covers_path, "array"), _missing_items(p, _classical_items)) if {
	lib.classical_ml(f)
	p := lib.posture_of(f, _dim)
} else := _base_outcome(lib.fact(p, _dim, _covers_path, "array"), _missing_base(p)) if {
	p := lib.posture_of(f, _dim)
} else := lib.unreadable(_dim, _covers_path, 4, _base_need)

_classical_items := ["inputs", "scores", "model_versions"]

_classical_need := concat(" ", [lib.type_note, "level 4 needs it to include inputs, scores and model_versions"])

_classical_outcome(observed, missing) := lib.outcome(true, concat("; ", [observed, _classical_need])) if {
	count(missing) == 0
} else := lib.outcome(false, concat("; ", [observed, need])) if {
	need := concat("", [_classical_need, " (missing ", concat(", ", missing), ")"])
}

_missing_items(p, items) := [m |
	covers := object.get(p, _covers_path, [])
	some m in items
	not lib.list_has(covers, m)
]

_base_outcome(observed, missing) := lib.outcome(true, lib.needs(observed, 4, _base_need)) if {
	count(missing) == 0
} else := lib.outcome(false, lib.needs(observed, 4, need)) if {
	need := concat("", [_base_need, " (missing ", concat(", ", missing), ")"])
}

_missing_base(p) := [m |
	covers := object.get(p, _covers_path, [])
	some m in ["prompts", "responses", "model_versions"]
	not lib.list_has(covers, m)
]

_base_need := "it to include prompts, responses and model_versions"

# AUD-4.4, L4 "plus tool_calls when type is agent or multi-agent".
aud_4_4(f) := _covers_when(f, ["system", "type"], {"agent", "multi-agent"}, "agent or multi-agent", "tool_calls")

# AUD-4.5, L4 "plus approvals when autonomy is act-with-approval".
aud_4_5(f) := _covers_when(f, ["risk", "autonomy"], {"act-with-approval"}, "act-with-approval", "approvals")

# _covers_when: covers must include item when the manifest fact at path is one of values
# (see lib.includes_when).
_covers_when(f, path, values, values_text, item) := lib.includes_when(
	f, _dim, _covers_path, item, 4,
	path, values, values_text,
)

# AUD-4.6, L4 "postmortem_template exists", with real content (the document probe).
aud_4_6(f) := lib.posture_document(f, _dim, ["postmortem_template"], 4, _postmortem_need, "postmortem_template", false)

_postmortem_need := "a postmortem template declared and present as a file in the repository"

# AUD-4.7, L4 "incident_runbook exists", with real content, changed within the org's
# staleness limit for runbooks (input.config.evidence.staleness_days.incident_runbook).
aud_4_7(f) := lib.posture_document(f, _dim, ["incident_runbook"], 4, _runbook_need, "incident_runbook", true)

_runbook_need := "an incident runbook declared and present as a file in the repository"

# AUD-5.1, L5 "continuous_compliance".
aud_5_1(f) := lib.true_fact(f, _dim, ["continuous_compliance"], 5)

# Shared by the ai-operations pack's controls: outcomes of criteria that apply to some system
# types only, owners and date facts. Not a control package: it publishes no results.
package aimm.models.ai_operations.common

import data.aimm.core.lib

# for_types(f, types, text, o) is the outcome o when system.type is one of types (or missing,
# failing closed), else a pass saying the criterion does not apply.
for_types(f, types, text, o) := lib.outcome(true, concat("", [
	"not applicable: system.type is ", ty, ", not ", text,
])) if {
	ty := lib.get(f, ["system", "type"], null)
	is_string(ty)
	not ty in types
} else := o

# agents is the scope of the agent-operations domain: model.yaml's applies_to, read here so the
# policies and the reports draw the scope from one place.
agents := {t |
	some d in data.aimm.models.ai_operations.model.dimensions
	d.id == "agent-operations"
	some t in d.applies_to.types
}

# llm_types are the system types with prompts; classical-ml has none.
llm_types := {"llm-app", "rag", "agent", "multi-agent", "copilot"}

# owners(f, roles, level) is the outcome of "every named role of metadata.owners is set".
owners(f, roles, level) := lib.outcome(ok, lib.needs(observed, level, need)) if {
	need := concat("", ["metadata.owners.", concat(", metadata.owners.", roles), " set"])
	ok := count([r | some r in roles; not lib.has_text(lib.get(f, ["metadata", "owners", r], null))]) == 0
	observed := concat(" and ", [text |
		some r in roles
		text := lib.manifest_fact(f, ["metadata", "owners", r], "string")
	])
}

# covers(f, items, level) is the outcome of "audit_trail.covers includes every one of items".
covers(f, items, level) := lib.outcome(ok, lib.needs(observed, level, _covers_need(items))) if {
	p := lib.posture_of(f, "audit")
	list := object.get(p, ["audit_trail", "covers"], [])
	ok := count([i | some i in items; not lib.list_has(list, i)]) == 0
	observed := lib.fact(p, "audit", ["audit_trail", "covers"], "array")
} else := lib.unreadable("audit", ["audit_trail", "covers"], level, _covers_need(items))

_covers_need(items) := concat("", ["it to include ", concat(" and ", items)])

# dated(f, path, n, level) is the outcome of "the date at path is within n days before today".
dated(f, path, n, level) := lib.outcome(ok, lib.needs(observed, level, need)) if {
	need := concat("", ["a date within ", lib.show(n), " days before today (", lib.show(f.today), ")"])
	ok := recent(f, lib.get(f, path, null), n)
	observed := lib.manifest_fact(f, path, "string")
}

# recent is true when d is a date at most n days before today (not after it). Both must be
# real calendar dates, so time.parse_ns never fails (a built-in error aborts the query).
recent(f, d, n) if {
	is_date(d)
	is_date(f.today)
	age := lib.days_between(d, f.today)
	age >= 0
	age <= n
} else := false

# is_date holds for a real calendar date written YYYY-MM-DD.
is_date(s) if {
	is_string(s)
	regex.match(`^[0-9]{4}-[0-9]{2}-[0-9]{2}$`, s)
	parts := split(s, "-")
	parts[2] >= "01"
	parts[2] <= _month_days[parts[1]]
	not _bad_leap_day(parts)
}

_month_days := {
	"01": "31", "02": "29", "03": "31", "04": "30", "05": "31", "06": "30",
	"07": "31", "08": "31", "09": "30", "10": "31", "11": "30", "12": "31",
}

_bad_leap_day(parts) if {
	parts[1] == "02"
	parts[2] == "29"
	not _leap(to_number(parts[0]))
}

_leap(y) if {
	y % 4 == 0
	y % 100 != 0
}

_leap(y) if y % 400 == 0

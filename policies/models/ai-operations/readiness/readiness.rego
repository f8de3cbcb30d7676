# The seed's readiness checklist by phase and its ownership matrix (model.yaml checklist and
# ownership), for reports. Queried after the report is assembled, with the pack's report as
# input.report (its controls are read); not a control package.
package aimm.models.ai_operations.readiness

import data.aimm.core.lib

_model := data.aimm.models.ai_operations.model

# checklist is [{phase, title, items: [{id, title, status, controls, open, note}]}].
checklist := checklist_of(_controls(input))

# ownership is [{role, owner}], owner null when the role is not named.
ownership := ownership_of(input)

_controls(f) := c if {
	c := f.report.controls
	is_array(c)
} else := []

# checklist_of: an item passes when every control it names passes in the report (a control
# the report lacks counts as not passing); an item naming no control passes (its note says
# why). open lists the item's controls that do not pass.
checklist_of(controls) := [phase |
	statuses := {c.id: s | some c in controls; s := c.status}
	some p in _model.checklist
	items := [item |
		some i in p.items
		open := [id | some id in i.controls; object.get(statuses, id, "missing") != "pass"]
		status := _status(open)
		item := object.union(
			{"id": i.id, "title": i.title, "status": status, "controls": i.controls, "open": open},
			_note(i),
		)
	]
	phase := {"phase": p.phase, "title": p.title, "items": items}
]

_status([]) := "pass"

_status(open) := "fail" if count(open) > 0

_note(i) := {"note": i.note} if is_string(i.note)

else := {}

# ownership_of: each role of the matrix with the owner the manifest names, or null.
ownership_of(f) := [row |
	some r in _model.ownership
	owner := _named_owner(f, r.field)
	row := {"role": r.role, "owner": owner}
]

_named_owner(f, pointer) := v if {
	path := array.slice(split(pointer, "/"), 1, 4)
	v := lib.get(f, path, null)
	lib.has_text(v)
} else := null

# The raw result (docs/architecture.md, manifest-v1 sections 2, 4 and 5): collects every
# control result published under data.aimm.controls, then derives statuses, levels, floors,
# the gate and the next steps. assemble is a function, so tests call it on literal facts.
#
# rego-cpp 1.5.2 notes for this file: min/max/sort compare numbers as text, so nothing here
# sorts numbers (sort keys are zero-padded strings, descending loops use numbers.range);
# function calls are bound in comprehension bodies, never used as an object comprehension
# value; `some k, v in` is not used inside array comprehensions.
package aimm.report

import data.aimm.controls.tier
import data.aimm.controls.waivers
import data.aimm.floors
import data.aimm.lib

# collected maps a control id to its outcome, from every aimm.controls.<name> package.
collected[id] := r if {
	some pkg, id
	r := data.aimm.controls[pkg].results[id]
}

result := assemble(input, collected)

assemble(f, results) := {
	"tier": t,
	"tier_computed": _computed(f),
	"tier_declared": tier.declared(f),
	"risk_score": _score(f),
	"levels": levels,
	"floors": fl,
	"floors_enforced": enforced,
	"controls": controls,
	"next_steps": _next_steps(results, levels, fl, enforced, controls),
	"gate": _gate(f, results, valid, levels, fl, enforced, controls),
	"waivers": _waiver_list(f),
} if {
	t := _tier(f)
	valid := waivers.valid_waivers(f)
	levels := _levels(results)
	fl := floors.floors(f, t)
	enforced := _enforced(f)
	controls := [entry | some id in _catalog_order; entry := _entry(results, valid, id)]
}

# ---- tier ---------------------------------------------------------------------------------

# _tier falls back to the strictest tier when the risk facts cannot be scored (fail closed).
_tier(f) := t if {
	t := tier.effective(f)
} else := tier.top

_computed(f) := t if {
	t := tier.computed(f)
} else := null

_score(f) := s if {
	s := tier.score(f)
} else := null

_enforced(f) := true if {
	floors.enforced(f)
} else := false

_retired(f) if lib.get(f, ["system", "lifecycle"], null) == "retired"

# ---- control statuses -----------------------------------------------------------------------

_dimensions := [d.id | some d in data.model.dimensions]

_families := array.concat(_dimensions, [g.id | some g in data.model.gate_families])

# _evaluated holds when a control produced an outcome whose pass is a boolean.
_evaluated(results, id) if is_boolean(results[id].pass)

_passed(results, id) if results[id].pass == true

# _waivable: grid dimensions are waivable; a gate family only when the model says so.
_waivable(family) if family in _dimensions

_waivable(family) if {
	some g in data.model.gate_families
	g.id == family
	g.waivable == true
}

# _family is the catalog dimension of a control, or the grid dimension whose cells name it.
_family(id) := data.catalog[id].dimension if {
	data.catalog[id]
} else := d if {
	some d in _dimensions
	some ids in data.model.cells[d]
	id in ids
} else := "unknown"

# _status is pass (raw pass), waived (evaluated, waivable, validly waived) or fail. A control
# without an outcome is never waived: it could not be evaluated (fail closed).
_status(results, valid, id) := "pass" if {
	_passed(results, id)
} else := "waived" if {
	_evaluated(results, id)
	_waivable(_family(id))
	valid[id]
} else := "fail"

_message(results, id) := "control could not be evaluated" if {
	not _evaluated(results, id)
} else := m if {
	m := results[id].message
	is_string(m)
} else := "control returned no message"

_entry(results, valid, id) := object.union(base, _waiver_field(valid, id, base.status)) if {
	c := data.catalog[id]
	base := {
		"id": id,
		"dimension": c.dimension,
		"level": c.level,
		"status": _status(results, valid, id),
		"message": _message(results, id),
	}
}

_waiver_field(valid, id, "waived") := {"waiver": valid[id]}

_waiver_field(_, _, status) := {} if status != "waived"

# _catalog_order: dimensions then gate families in model order, then level, then id (ids
# compare by length first so VIS-4.10 follows VIS-4.9). Keys are zero-padded strings.
_catalog_order := [key[3] | some key in sort(_catalog_keys)]

_catalog_keys := [key |
	some id in object.keys(data.catalog)
	c := data.catalog[id]
	key := [_pad(_family_index(c.dimension)), _pad(_number(c.level)), _pad(count(id)), id]
]

_family_index(family) := i if {
	some i, x in _families
	x == family
} else := count(_families)

_number(x) := x if is_number(x)

else := 0

_pad(n) := format_int(n + 1000000, 10)

# ---- levels ---------------------------------------------------------------------------------

# A dimension is at level N when every control of every cell 2..N passes (waivers never count).
_levels(results) := {d: n | some d in _dimensions; n := _level(results, d)}

_level(results, d) := 1 + count([l | some l in _grid_levels; count(_holes(results, d, 2, l)) == 0])

_grid_levels := numbers.range(2, floors.top_level) if floors.top_level >= 2

else := []

# _cell lists the control ids of one cell (empty when the model has none).
_cell(d, level) := object.get(data.model.cells, [d, format_int(level, 10)], [])

# _holes lists the controls of cells from..to of a dimension that did not pass, in order.
_holes(results, d, from, to) := [id |
	some l in numbers.range(from, to)
	some id in _cell(d, l)
	not _passed(results, id)
]

# ---- gate -----------------------------------------------------------------------------------

_gate(f, results, valid, levels, fl, enforced, controls) := {"passed": passed, "reasons": reasons} if {
	reasons := _reasons(f, results, valid, levels, fl, enforced, controls)
	passed := count(reasons) == 0
}

# Retired systems fail only when prohibited.
_reasons(f, results, valid, levels, fl, enforced, controls) := _prohibited_reasons(f) if {
	_retired(f)
} else := array.concat(
	array.concat(_prohibited_reasons(f), _floor_reasons(results, valid, levels, fl, enforced)),
	_family_reasons(f, enforced, controls),
)

_prohibited_reasons(f) := [concat("", ["prohibited: ", tier.prohibited_summary(f)])] if {
	tier.is_prohibited(f)
} else := []

# An enforced floor fails the gate when some control that keeps it unmet has no valid waiver.
_floor_reasons(results, valid, levels, fl, true) := [reason |
	some d in _dimensions
	levels[d] < fl[d]
	blockers := [id |
		some id in _holes(results, d, levels[d] + 1, fl[d])
		_status(results, valid, id) == "fail"
	]
	count(blockers) > 0
	reason := concat("", [
		d, " is at level ", lib.show(levels[d]), ", below its floor of ", lib.show(fl[d]),
		" (unwaived: ", concat(", ", blockers), ")",
	])
]

_floor_reasons(_, _, _, _, false) := []

# Gate-family controls that fail: "always" families everywhere but retired, "floors" families
# where floors are enforced. RISK-1 is already the "prohibited: ..." reason.
_family_reasons(f, enforced, controls) := [concat("", [c.id, ": ", c.message]) |
	some c in controls
	c.status == "fail"
	_gating(c.dimension, enforced)
	not _prohibited_control(f, c.id)
]

_gating(family, enforced) if {
	some g in data.model.gate_families
	g.id == family
	_enforces(g.enforce, enforced)
}

_enforces(mode, enforced) if {
	mode == "floors"
	enforced == true
}

# Anything but "floors" (the default model says "always") gates in every lifecycle.
_enforces(mode, _) if mode != "floors"

_prohibited_control(f, id) if {
	tier.is_prohibited(f)
	id == tier.prohibited_control
}

# ---- next steps -----------------------------------------------------------------------------

# First what unmet enforced floors need (biggest gap first, then model order), then the next
# level of the lowest dimension, then gate-family controls that do not pass.
_next_steps(results, levels, fl, enforced, controls) := steps if {
	floor_steps := _floor_steps(results, levels, fl, enforced)
	level_steps := _level_steps(results, levels, {s.control | some s in floor_steps})
	steps := array.concat(array.concat(floor_steps, level_steps), _gate_steps(controls))
}

_floor_steps(results, levels, fl, true) := [step |
	some gap in numbers.range(floors.top_level - 1, 1)
	gap > 0
	some d in _dimensions
	fl[d] - levels[d] == gap
	some l in numbers.range(levels[d] + 1, fl[d])
	some id in _cell(d, l)
	not _passed(results, id)
	step := {"control": id, "dimension": d, "level": l, "reason": "floor"}
]

_floor_steps(_, _, _, false) := []

_level_steps(results, levels, listed) := [step |
	d := _lowest(levels)
	next := levels[d] + 1
	next <= floors.top_level
	some id in _cell(d, next)
	not _passed(results, id)
	not id in listed
	step := {"control": id, "dimension": d, "level": next, "reason": "next-level"}
]

# _lowest is the dimension at the lowest level, the first in model order on a tie.
_lowest(levels) := d if {
	some i, d in _dimensions
	not _lower_elsewhere(levels, i, levels[d])
}

_lower_elsewhere(levels, _, n) if {
	some other in _dimensions
	levels[other] < n
}

_lower_elsewhere(levels, i, n) if {
	some j, other in _dimensions
	j < i
	levels[other] == n
}

_gate_steps(controls) := [step |
	some c in controls
	c.status != "pass"
	c.dimension in _gate_family_ids
	step := {"control": c.id, "dimension": c.dimension, "level": null, "reason": "gate"}
]

_gate_family_ids := {g.id | some g in data.model.gate_families}

# ---- waivers --------------------------------------------------------------------------------

_waiver_list(f) := [entry |
	some w in waivers.declared(f)
	entry := {
		"control": _waiver_field_value(w, "control"),
		"status": waivers.waiver_status(f, w),
		"expires": _waiver_field_value(w, "expires"),
		"days_left": waivers.days_left(f, w),
		"approved_by": _waiver_field_value(w, "approved_by"),
		"reason": _waiver_field_value(w, "reason"),
	}
]

_waiver_field_value(w, k) := v if {
	is_object(w)
	v := w[k]
} else := null

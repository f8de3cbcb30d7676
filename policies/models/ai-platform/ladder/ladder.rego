# The ladder's reading for one system (ai-platform pack, seed 002): the level of each capability
# area (model.yaml areas), the unlock move of the next level (model.yaml leverage) and the next
# steps with that move first, then the lowest area's. Queried after the report is assembled, with
# the pack's report as input.report (levels, controls, next_steps); not a control package.
package aimm.models.ai_platform.ladder

_model := data.aimm.models.ai_platform.model

_catalog := data.aimm.models.ai_platform.catalog

_bottom := _model.levels[0].level

_top := _model.levels[count(_model.levels) - 1].level

# areas is [{id, title, level, name}] in model order.
areas := areas_of(_report(input))

# unlock is {level, from, move, controls, open} for the next level, or null at the top.
unlock := unlock_of(_report(input))

# next_steps: the unlock move's open controls first (reason "unlock"), then the report's other
# steps, those of the lowest area first (the seed: build the lowest area's move first).
next_steps := next_steps_of(_report(input))

_report(f) := r if {
	r := f.report
	is_object(r)
} else := {}

_statuses(report) := {c.id: s |
	some c in object.get(report, "controls", [])
	s := c.status
}

# object.get, never statuses[id]: OPA hoists the ref out of the negation
# (open-policy-agent/opa#7558), so a control absent from the report counts as open.
_is_open(statuses, id) if not object.get(statuses, id, null) in {"pass", "disabled"}

# areas_of: each area's level. An area is at the highest level below its lowest open level where
# it has a control of its own (or at the bottom); at the top when none of its controls is open.
# A level where the area has no control is reached only with the next level where it has one
# (an area with criteria at levels 2, 3 and 5 is not at level 4 until level 5 holds, so a sparse
# area does not run ahead of the others), or when the whole ladder is at that level or above.
areas_of(report) := [a |
	some area in _model.areas
	n := area_level(_statuses(report), area, ladder_level(report))
	a := {"id": area.id, "title": area.title, "level": n, "name": level_name(n)}
]

# No min(): rego-cpp compares numbers as text, so levels are found by range.
area_level(statuses, area, ladder) := reached[0] if {
	levels := {n | some id in area.controls; n := object.get(_catalog, [id, "level"], _top)}
	holes := {n | some id in area.controls; _is_open(statuses, id); n := object.get(_catalog, [id, "level"], _top)}
	lows := [n | some n in numbers.range(_bottom + 1, _top); n in holes]
	count(lows) > 0
	reached := [n | some n in numbers.range(lows[0] - 1, _bottom); _own_level(levels, n, ladder)]
} else := _top

_own_level(_, n, ladder) if n <= ladder

_own_level(levels, n, _) if n in levels

level_name(n) := concat("", ["L", format_int(n, 10), " ", l.name]) if {
	some l in _model.levels
	l.level == n
}

# The ladder's level (its single dimension), the bottom when the report has none.
ladder_level(report) := n if {
	n := object.get(report, ["levels", _model.dimensions[0].id], null)
	is_number(n)
} else := _bottom

unlock_of(report) := u if {
	current := ladder_level(report)
	some e in _model.leverage
	e.level == current + 1
	statuses := _statuses(report)
	open := [id | some id in e.controls; _is_open(statuses, id)]
	u := {"level": e.level, "from": current, "move": e.upgrade, "controls": e.controls, "open": open}
} else := null

# _area_of_control: control id -> its area's level.
_area_levels(report) := {id: n |
	statuses := _statuses(report)
	ladder := ladder_level(report)
	some area in _model.areas
	n := area_level(statuses, area, ladder)
	some id in area.controls
}

next_steps_of(report) := array.concat(first, rest) if {
	u := unlock_of(report)
	is_object(u)
	open := {id | some id in u.open}
	first := [step |
		some id in u.open
		dimension := object.get(_catalog, [id, "dimension"], null)
		level := object.get(_catalog, [id, "level"], null)
		step := {"control": id, "dimension": dimension, "level": level, "reason": "unlock"}
	]
	rest := _by_area([s | some s in object.get(report, "next_steps", []); not open[s.control]], report)
} else := _by_area(object.get(report, "next_steps", []), report)

# _by_area orders steps by their control's area level, lowest first, keeping the report's order
# within a level; steps of controls without an area (the gate families) come last.
_by_area(steps, report) := array.concat(grouped, others) if {
	levels := _area_levels(report)
	grouped := [s |
		some n in numbers.range(_bottom, _top)
		some s in steps
		object.get(levels, s.control, -1) == n
	]
	others := [s | some s in steps; object.get(levels, s.control, -1) == -1]
}

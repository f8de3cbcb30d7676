# The seed's highest-leverage upgrade (model.yaml leverage) for one system, and the pack's next
# steps with that upgrade first. Queried after the report is assembled, with the pack's report
# as input.report (its levels, controls and next_steps); not a control package.
package aimm.models.mlops.leverage

_model := data.aimm.models.mlops.model

_catalog := data.aimm.models.mlops.catalog

_bottom := _model.levels[0].level

_top := _model.levels[count(_model.levels) - 1].level

# upgrade is {level, from, upgrade, controls, open} for the evaluated system, or null at the
# top level.
upgrade := upgrade_of(_report(input))

# next_steps are the report's next steps with the upgrade's open controls first (reason
# "leverage"), each control listed once.
next_steps := next_steps_of(_report(input))

_report(f) := r if {
	r := f.report
	is_object(r)
} else := {}

# upgrade_of: the leverage entry that reaches one level above the system's lowest axis, with
# the entry's controls that do not pass (open). A control the org config disables is never
# open: the team cannot act on it.
upgrade_of(report) := u if {
	lowest := lowest_level(object.get(report, "levels", {}))
	some e in _model.leverage
	e.level == lowest + 1
	statuses := _statuses(report)
	open := [id | some id in e.controls; _is_open(statuses, id)]
	u := {"level": e.level, "from": lowest, "upgrade": e.upgrade, "controls": e.controls, "open": open}
} else := null

# lowest_level is the lowest level among the model's dimensions in levels (a dimension
# missing from levels counts as the bottom level). No min(): rego-cpp compares numbers as text.
lowest_level(levels) := lows[0] if {
	present := {n | some d in _model.dimensions; n := object.get(levels, d.id, _bottom)}
	lows := [n | some n in numbers.range(_bottom, _top); n in present]
	count(lows) > 0
} else := _bottom

_statuses(report) := {c.id: s |
	some c in object.get(report, "controls", [])
	s := c.status
}

# object.get, never statuses[id]: OPA hoists the ref out of the negation
# (open-policy-agent/opa#7558), so a control absent from the report was never open.
_is_open(statuses, id) if not object.get(statuses, id, null) in {"pass", "disabled"}

# rego-cpp: the step's fields are read with object.get, not with a helper: a function whose
# name another module uses with another arity (waivers' _field/2) crashes the compiler.
next_steps_of(report) := steps if {
	u := upgrade_of(report)
	is_object(u)
	open := {id | some id in u.open}
	first := [step |
		some id in u.open
		dimension := object.get(_catalog, [id, "dimension"], null)
		level := object.get(_catalog, [id, "level"], null)
		step := {"control": id, "dimension": dimension, "level": level, "reason": "leverage"}
	]
	rest := [s | some s in object.get(report, "next_steps", []); not open[s.control]]
	steps := array.concat(first, rest)
} else := object.get(report, "next_steps", [])

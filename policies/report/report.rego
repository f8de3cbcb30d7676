# The raw result (docs/architecture.md, manifest-v1 sections 2, 4 and 5): collects every
# control result published under data.aimm.controls, then derives statuses, levels, floors,
# the gate and the next steps. assemble is a function, so tests call it on literal facts.
#
# rego-cpp 1.5.2 notes for this file: min/max/sort compare numbers as text, so nothing here
# sorts or takes the min of numbers (descending loops use numbers.range); function calls are
# bound in comprehension bodies, never used as an object comprehension value; `some k, v in`
# is not used inside comprehensions.
#
# Performance on rego-cpp, where every expression costs microseconds and looking a key up in
# an object costs its size: results and the catalog are indexed once per control, in one pass
# over data.catalog_order (the catalog order, supplied as data so it is not sorted on every
# query). After that pass everything reads small structures: the controls that do not pass,
# and per dimension its holes (dims). Loop invariants are bound outside comprehensions
# (rego-cpp evaluates a comprehension's leading expressions again for every element), and the
# tier score and the waiver statuses are computed once.
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

# result is the single-query form (what OPA evaluates).
result := assemble(input, collected)

# assembled is what the embedded engine queries: it evaluates each control package on its own
# (rego-cpp's lookups are linear, so one big query is quadratic) and passes the outcomes in.
assembled := assemble(input, input.results)

assemble(f, results) := {
	"tier": t,
	"tier_computed": computed,
	"tier_declared": declared,
	"risk_score": score,
	"levels": levels,
	"floors": fl,
	"floors_enforced": enforced,
	"controls": controls,
	"next_steps": _next_steps(dims, enforced, gate_failing),
	"gate": _gate(f, dims, enforced, gate_failing),
	"blocking": _blocking(f, dims, enforced, gate_failing),
	"waivers": _waiver_list(f, declared_waivers),
} if {
	score := _score(f)
	computed := _computed(f, score)
	declared := tier.declared(f)
	t := _effective(f, computed, declared)
	fl := floors.floors(f, t)
	enforced := _enforced(f)
	declared_waivers := [[w, status] | some w in waivers.declared(f); status := waivers.waiver_status(f, w)]
	entries := _control_entries(results, _valid_waivers(declared_waivers))
	controls := _apply_disabled(entries, _disabled(f))

	# Everything below reads the controls that do not pass (usually a handful), not results.
	# A baselined failure keeps status fail in the report but reads "baselined" from here on,
	# so it holds its level back without failing the gate.
	failing := _apply_baseline([c | some c in controls; c.status in _open_statuses], _baselined(f))
	gate_failing := [c | some c in failing; c.dimension in _gate_family_ids]
	statuses := _hole_statuses(results, failing)
	dims := [x |
		some g in _grid
		d := g[0]
		holes := [h |
			some cell in g[1]
			some id in cell[1]
			s := statuses[id]
			h := {"id": id, "level": cell[0], "status": s}
		]
		n := _level_of(holes)
		x := {"id": d, "level": n, "floor": fl[d], "holes": holes}
	]
	levels := {x.id: n | some x in dims; n := x.level}
}

# ---- tier ---------------------------------------------------------------------------------

_score(f) := s if {
	s := tier.score(f)
} else := null

# _computed is tier.computed(f) from the score already computed (scoring is most of the cost
# of each tier function, so it is done once). null when the risk facts cannot be scored.
_computed(f, score) := t if {
	not is_null(score)
	t := tier.computed_from_score(f, score)
} else := null

# _effective is tier.effective(f) from the computed and declared tiers: prohibited, else the
# higher of the two. It falls back to the strictest tier when the risk facts cannot be scored
# (fail closed).
_effective(f, computed, declared) := "prohibited" if {
	tier.is_prohibited(f)
} else := tier.top if {
	is_null(computed)
} else := computed if {
	is_null(declared)
} else := tier.higher(computed, declared)

_enforced(f) := true if {
	floors.enforced(f)
} else := false

_retired(f) if lib.get(f, ["system", "lifecycle"], null) == "retired"

# ---- control statuses -----------------------------------------------------------------------

_dimensions := [d.id | some d in data.model.dimensions]

_gate_family_ids := {g.id | some g in data.model.gate_families}

# Grid dimensions are waivable; a gate family only when the model says so.
_waivable_families := {d | some d in _dimensions} | {g.id |
	some g in data.model.gate_families
	g.waivable == true
}

# _controls is the report's controls in catalog order: one pass over data.catalog_order that
# indexes results and the catalog once per control. When some control has no outcome, the
# direct pass drops it and the second pass reads it as null (it fails closed in _entry).
_control_entries(results, valid) := direct if {
	direct := [entry |
		some id in data.catalog_order
		c := data.catalog[id]
		o := results[id]
		entry := _control_entry(id, c, o, valid)
	]
	count(direct) == count(data.catalog_order)
} else := [entry |
	some id in data.catalog_order
	c := data.catalog[id]
	o := _outcome_of(results, id)
	entry := _control_entry(id, c, o, valid)
]

_outcome_of(results, id) := o if {
	o := results[id]
} else := null

# _entry is one control of the report, from its catalog entry c and its outcome o (null when
# the control produced none). The status is pass (raw pass), waived (evaluated, waivable,
# validly waived) or fail; a control without an outcome is never waived (fail closed). The
# first two clauses are the common cases, decided in as few steps as possible.
_control_entry(id, c, o, valid) := {
	"id": id, "dimension": c.dimension, "level": c.level, "status": "pass", "message": o.message,
} if {
	o.pass == true
	is_string(o.message)
} else := {
	"id": id, "dimension": c.dimension, "level": c.level, "status": "fail", "message": o.message,
} if {
	o.pass == false
	is_string(o.message)
	not valid[id]
} else := {
	"id": id, "dimension": c.dimension, "level": c.level, "status": "pass", "message": _outcome_message(o),
} if {
	o.pass == true
} else := {
	"id": id, "dimension": c.dimension, "level": c.level, "status": "waived", "message": _outcome_message(o),
	"waiver": w,
} if {
	is_boolean(o.pass)
	c.dimension in _waivable_families
	w := valid[id]
} else := {
	"id": id, "dimension": c.dimension, "level": c.level, "status": "fail", "message": _outcome_message(o),
}

# ---- org config: disabled controls and the baseline ------------------------------------------

# Statuses that hold a level back: disabled controls (org config) do not.
_open_statuses := {"fail", "waived"}

# _disabled maps each control the org config disables to its reason (input.config.disabled).
_disabled(f) := d if {
	d := object.get(f, ["config", "disabled"], {})
	is_object(d)
} else := {}

# _apply_disabled reports disabled controls as such, with the org's reason. Only controls a
# waiver could cover can be disabled (never the risk tier or waiver validity).
_apply_disabled(entries, disabled) := entries if {
	count(disabled) == 0
} else := [e |
	some entry in entries
	e := _disabled_entry(entry, disabled)
]

_disabled_entry(entry, disabled) := {
	"id": entry.id, "dimension": entry.dimension, "level": entry.level, "status": "disabled",
	"message": concat("", ["disabled by the org config: ", reason]),
} if {
	reason := disabled[entry.id]
	is_string(reason)
	entry.dimension in _waivable_families
} else := entry

# _baselined is the set of control ids whose failures the baseline accepts
# (input.config.baseline, from aimm check --baseline FILE).
_baselined(f) := {id | some id in b} if {
	b := object.get(f, ["config", "baseline"], [])
	is_array(b)
} else := set()

# _apply_baseline marks accepted failures "baselined"; like waivers, a baseline never covers
# the risk tier or waiver validity.
_apply_baseline(failing, baselined) := failing if {
	count(baselined) == 0
} else := [c |
	some entry in failing
	c := _baseline_entry(entry, baselined)
]

_baseline_entry(entry, baselined) := object.union(entry, {"status": "baselined"}) if {
	entry.status == "fail"
	entry.id in baselined
	entry.dimension in _waivable_families
} else := entry

_outcome_message(o) := "control could not be evaluated" if {
	not is_boolean(o.pass)
} else := m if {
	m := o.message
	is_string(m)
} else := "control returned no message"

# ---- levels ---------------------------------------------------------------------------------

_grid_levels := numbers.range(2, floors.top_level) if floors.top_level >= 2

else := []

# _level_keys pairs each grid level with its key in data.model.cells.
_level_keys := [[l, format_int(l, 10)] | some l in _grid_levels]

# _grid lists, per dimension in model order, its cells 2..top as [level, control ids].
_grid := [[d, cells] |
	some d in _dimensions
	row := object.get(data.model.cells, d, {})
	cells := [[k[0], ids] | some k in _level_keys; ids := row[k[1]]]
]

_grid_ids := [id | some g in _grid; some cell in g[1]; some id in cell[1]]

# _hole_statuses maps each cell control that does not pass (its outcome's pass is not true)
# to its status, fail or waived. For catalog controls those are the failing ones; a cell
# naming a control outside the catalog (never in the default model) is read from results,
# and is never waived (a valid waiver names a catalog control).
_hole_statuses(results, failing) := {c.id: s | some c in failing; s := c.status} if {
	count(object.filter(data.catalog, _grid_ids)) == count(_grid_ids)
} else := object.union(
	{id: "fail" | some id in _grid_ids; not data.catalog[id]; not results[id].pass == true},
	{c.id: s | some c in failing; s := c.status},
)

# A dimension is at level N when every control of every cell 2..N passes (waivers never
# count): one below its first hole (holes are in level order), or the top level without any.
_level_of(holes) := holes[0].level - 1 if {
	count(holes) > 0
} else := count(_grid_levels) + 1

# ---- gate -----------------------------------------------------------------------------------

_gate(f, dims, enforced, gate_failing) := {"passed": passed, "reasons": reasons} if {
	reasons := _reasons(f, dims, enforced, gate_failing)
	passed := count(reasons) == 0
}

# Retired systems fail only when prohibited.
_reasons(f, dims, enforced, gate_failing) := _prohibited_reasons(f) if {
	_retired(f)
} else := array.concat(
	array.concat(_prohibited_reasons(f), _floor_reasons(dims, enforced)),
	_family_reasons(f, enforced, gate_failing),
)

_prohibited_reasons(f) := [concat("", ["prohibited: ", tier.prohibited_summary(f)])] if {
	tier.is_prohibited(f)
} else := []

# An enforced floor fails the gate when some control that keeps it unmet has no valid waiver.
_floor_reasons(dims, true) := [reason |
	some x in dims
	x.level < x.floor
	blockers := [h.id | some h in x.holes; h.level <= x.floor; h.status == "fail"]
	count(blockers) > 0
	reason := concat("", [
		x.id, " is at level ", lib.show(x.level), ", below its floor of ", lib.show(x.floor),
		" (unwaived: ", concat(", ", blockers), ")",
	])
]

_floor_reasons(_, false) := []

# _blocking lists the controls that fail the gate, for reporters that mark them (SARIF
# errors, GitHub annotations): the same rules as the reasons, as control ids. It is empty
# exactly when the gate passes.
_blocking(f, dims, enforced, gate_failing) := [c.id |
	some c in gate_failing
	c.status == "fail"
	c.id == _prohibited_control(f)
] if {
	_retired(f)
} else := array.concat(_floor_blockers(dims, enforced), _family_blockers(enforced, gate_failing))

_floor_blockers(dims, true) := [h.id |
	some x in dims
	x.level < x.floor
	some h in x.holes
	h.level <= x.floor
	h.status == "fail"
]

_floor_blockers(_, false) := []

_family_blockers(enforced, gate_failing) := blockers if {
	gating := {g.id | some g in data.model.gate_families; _enforces(g.enforce, enforced)}
	blockers := [c.id | some c in gate_failing; c.status == "fail"; c.dimension in gating]
}

# Gate-family controls that fail: "always" families everywhere but retired, "floors" families
# where floors are enforced. RISK-1 is already the "prohibited: ..." reason. (Invariants are
# bound outside the comprehension: rego-cpp evaluates them again for every element.)
_family_reasons(f, enforced, gate_failing) := reasons if {
	gating := {g.id | some g in data.model.gate_families; _enforces(g.enforce, enforced)}
	skip := _prohibited_control(f)
	reasons := [concat("", [c.id, ": ", c.message]) |
		some c in gate_failing
		c.status == "fail"
		c.dimension in gating
		c.id != skip
	]
}

_enforces(mode, enforced) if {
	mode == "floors"
	enforced == true
}

# Anything but "floors" (the default model says "always") gates in every lifecycle.
_enforces(mode, _) if mode != "floors"

# _prohibited_control is the control the "prohibited: ..." reason stands for, or null.
_prohibited_control(f) := tier.prohibited_control if {
	tier.is_prohibited(f)
} else := null

# ---- next steps -----------------------------------------------------------------------------

# First what unmet enforced floors need (biggest gap first, then model order), then the next
# level of every dimension tied at the lowest level (model order), then gate-family controls
# that do not pass.
_next_steps(dims, enforced, gate_failing) := steps if {
	floor_steps := _floor_steps(dims, enforced)
	level_steps := _level_steps(dims, {s.control | some s in floor_steps})
	steps := array.concat(array.concat(floor_steps, level_steps), _gate_steps(gate_failing))
}

# Each generator depends on the one before it (gap, then its group, then a step), so no
# engine can reorder them: rego-cpp was seen to reorder two independent generators
# (some gap ...; some x ...) depending on the modules compiled before this one.
_floor_steps(dims, true) := steps if {
	below := [x | some x in dims; x.level < x.floor]
	groups := [group |
		some gap in numbers.range(floors.top_level - 1, 1)
		gap > 0
		group := _floor_steps_with_gap(below, gap)
	]
	steps := [step | some group in groups; some step in group]
}

_floor_steps(_, false) := []

_floor_steps_with_gap(below, gap) := [step |
	some x in below
	x.floor - x.level == gap
	some h in x.holes
	h.level <= x.floor
	step := {"control": h.id, "dimension": x.id, "level": h.level, "reason": "floor"}
]

# The next level of every dimension at the lowest level, skipping controls already listed.
# (No min(): rego-cpp compares numbers as text.)
_level_steps(dims, listed) := steps if {
	present := {x.level | some x in dims}
	lows := [n | some n in numbers.range(1, floors.top_level); n in present]
	lowest := lows[0]
	steps := [step |
		some x in dims
		x.level == lowest
		some h in x.holes
		h.level == lowest + 1
		not h.id in listed
		step := {"control": h.id, "dimension": x.id, "level": h.level, "reason": "next-level"}
	]
} else := []

_gate_steps(gate_failing) := [step |
	some c in gate_failing
	step := {"control": c.id, "dimension": c.dimension, "level": null, "reason": "gate"}
]

# ---- waivers --------------------------------------------------------------------------------

# _valid_waivers is waivers.valid_waivers(f) from the statuses already computed for the waiver
# list (waiver_status is costly on rego-cpp, and valid_waivers computes it several times per
# waiver): each control with a valid waiver maps to the one expiring last, the first in
# manifest order on a tie. A test checks both agree.
_valid_waivers(declared_waivers) := {c: w |
	some v in current
	c := v.control
	w := _latest_waiver(current, c)
} if {
	current := [p[0] | some p in declared_waivers; p[1] == "valid"]
}

_latest_waiver(current, c) := latest[0] if {
	latest := [w |
		some w in current
		w.control == c
		not _expires_later(current, c, w.expires)
	]
}

_expires_later(current, c, date) if {
	some v in current
	v.control == c
	v.expires > date
}

# _waiver_list reports every declared waiver with its status, in manifest order.
_waiver_list(f, declared_waivers) := [entry |
	some p in declared_waivers
	w := p[0]
	entry := {
		"control": _waiver_field_value(w, "control"),
		"status": p[1],
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

# The raw result (docs/architecture.md, manifest-v1 sections 2, 4 and 5): collects every
# control result published by the policy packages, then derives statuses, levels, floors,
# the gate and the next steps. assemble is a function, so tests call it on literal facts.
#
# rego-cpp: min/max/sort compare numbers as text (min({2, 10}) is 10), so nothing here sorts
# or takes the min of numbers: descending loops walk numbers.range.
# rego-cpp: a function call as the value term of an object comprehension errors, so calls are
# bound in comprehension bodies; `some k, v in` does not parse inside a comprehension.
#
# rego-cpp: performance shapes this file. Every expression costs microseconds and looking a key up in
# an object costs its size: results and the catalog are indexed once per control, in one pass
# over lib.catalog_order (the catalog order, supplied as data so it is not sorted on every
# query). After that pass everything reads small structures: the controls that do not pass,
# and per dimension its holes (dims). Loop invariants are bound outside comprehensions
# (rego-cpp evaluates a comprehension's leading expressions again for every element), and the
# tier score and the waiver statuses are computed once.
package aimm.core.report

import data.aimm.core.controls.tier
import data.aimm.core.controls.waivers
import data.aimm.core.floors
import data.aimm.core.lib

# collected maps a control id to its outcome, from every package that publishes results: the
# core controls (risk tier, ownership, waivers), the evaluated model's packages, the framework
# profiles' and custom policies' (aimm.controls.<name>).
collected[id] := r if {
	some pkg, id
	r := data.aimm.core.controls[pkg].results[id]
}

collected[id] := r if {
	some pkg, id
	r := data.aimm.models[lib.model_id][pkg].results[id]
}

collected[id] := r if {
	some pkg, id
	r := data.aimm.frameworks[pkg].results[id]
}

collected[id] := r if {
	some pkg, id
	r := data.aimm.controls[pkg].results[id]
}

# result is the single-query form (what OPA evaluates).
result := assemble(input, collected)

# evaluation is result with the outcomes it was assembled from (the audit reads both): what
# the WebAssembly engine queries, once per manifest and model.
evaluation := {"outcomes": collected, "report": result}

# assembled is what the embedded engine queries: it evaluates each control package on its own
# and passes the outcomes in.
# rego-cpp: object lookups are linear, so one query over every package costs quadratically.
assembled := assemble(input, input.results)

assemble(f, results) := object.union(report, _baseline_summary(f, controls)) if {
	score := _score(f)
	computed := _computed(f, score)
	declared := tier.declared(f)
	t := tier.effective_of(f, computed, declared)
	bounds := floors.bounds(f, t)
	fl := bounds.floors
	enforced := _enforced(f)
	statuses := waivers.statuses(f)
	entries := _control_entries(results, waivers.valid_of(statuses))
	controls := _apply_baseline(_apply_disabled(entries, _disabled(f)), _baselined(f))

	# Everything below reads the controls that do not pass (usually a handful), not results,
	# each with the status it has for levels and the gate: fail, waived, baselined (a failure
	# the baseline accepts) or disabled (by the org config).
	open := [c | some entry in controls; entry.status != "pass"; c := _open_entry(entry)]
	gate_failing := [c | some c in open; c.dimension in _gate_family_ids; c.status != "disabled"]
	hole_statuses := _hole_statuses(results, open)
	dims := [x |
		some g in _grid
		d := g[0]
		holes := [h |
			some cell in g[1]
			some id in cell[1]
			s := hole_statuses[id]
			h := {"id": id, "level": cell[0], "status": s}
		]
		n := _level_of(holes)
		x := {
			"id": d, "level": n, "floor": fl[d], "statutory": bounds.statutory[d], "law": bounds.law[d],
			"holes": holes,
		}
	]
	levels := {x.id: n | some x in dims; n := x.level}
	gate_items := _gate_items(f, dims, enforced, gate_failing)
	blocking := [id | some i in gate_items; some id in i.controls]
	report := {
		"tier": t,
		"tier_computed": computed,
		"tier_declared": declared,
		"risk_score": score,
		"levels": levels,
		"floors": fl,
		"floors_enforced": enforced,
		"controls": controls,
		"next_steps": _next_steps(dims, enforced, gate_failing),
		"gate": {"passed": count(gate_items) == 0, "reasons": [i.reason | some i in gate_items]},
		"blocking": blocking,
		"aspirations": _aspirations(open, dims, blocking),
		"waivers": _waiver_list(f, statuses),
	}
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

_enforced(f) if {
	floors.enforced(f)
} else := false

_retired(f) if lib.get(f, ["system", "lifecycle"], null) == "retired"

# ---- control statuses -----------------------------------------------------------------------

_dimensions := [d.id | some d in lib.model.dimensions]

_gate_family_ids := {g.id | some g in lib.model.gate_families}

# A regulation's gate family (an enforced profile's, statutory: true): a waiver on its controls
# records accepted risk and never lifts the failure.
_statutory_families := {g.id | some g in lib.model.gate_families; g.statutory == true}

# Grid dimensions are waivable; a gate family only when the model says so.
_waivable_families := {d | some d in _dimensions} | {g.id |
	some g in lib.model.gate_families
	g.waivable == true
}

# _controls is the report's controls in catalog order: one pass over lib.catalog_order that
# indexes results and the catalog once per control. When some control has no outcome, the
# direct pass drops it and the second pass reads it as null (it fails closed in _entry).
_control_entries(results, valid) := direct if {
	direct := [entry |
		some id in lib.catalog_order
		c := lib.catalog[id]
		o := results[id]
		entry := _control_entry(id, c, o, valid)
	]
	count(direct) == count(lib.catalog_order)
} else := [entry |
	some id in lib.catalog_order
	c := lib.catalog[id]
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
	"risk_accepted": w,
} if {
	is_boolean(o.pass)
	c.dimension in _statutory_families
	w := valid[id]
} else := {
	"id": id, "dimension": c.dimension, "level": c.level, "status": "fail", "message": _outcome_message(o),
}

# ---- org config: disabled controls and the baseline ------------------------------------------

# _disabled maps each control the org config disables to its reason (input.config.disabled).
_disabled(f) := d if {
	d := object.get(f, ["config", "disabled"], {})
	is_object(d)
} else := {}

# _apply_disabled reports disabled controls as such, with the org's reason. Only controls a
# waiver could cover can be disabled (never the risk tier or waiver validity). A disabled
# control still holds its level back (the level is computed as if it failed); it spares the
# gate like a waiver, except below a floor the law sets.
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

# disabled_problems maps each control the org config disables but the model refuses to its
# reason: "unknown" (not in the catalog) or the family it belongs to when that family cannot
# be disabled. Python turns them into located errors before any manifest is checked.
disabled_problems := disabled_problems_of(input)

disabled_problems_of(f) := {id: problem |
	disabled := _disabled(f)
	some id
	disabled[id]
	problem := _disabled_problem(id)
}

_disabled_problem(id) := "unknown" if {
	not lib.catalog[id]
} else := c.dimension if {
	c := lib.catalog[id]
	not c.dimension in _waivable_families
}

# _baselined is the set of control ids whose failures the baseline accepts
# (input.config.baseline, from aimm check --baseline FILE).
_baselined(f) := {id | some id in b} if {
	b := object.get(f, ["config", "baseline"], [])
	is_array(b)
} else := set()

# _apply_baseline marks the failures the baseline accepts ("baselined": true; the status
# stays fail). Like waivers, a baseline never covers the risk tier or waiver validity.
_apply_baseline(controls, baselined) := controls if {
	count(baselined) == 0
} else := [c |
	some entry in controls
	c := _baseline_entry(entry, baselined)
]

_baseline_entry(entry, baselined) := object.union(entry, {"baselined": true}) if {
	entry.status == "fail"
	entry.id in baselined
	entry.dimension in _waivable_families
} else := entry

# _baseline_summary is the report's baseline block when a baseline is in use: the ids it
# accepts for this manifest, and those that no longer fail (stale entries to remove).
_baseline_summary(f, controls) := {"baseline": {
	"accepted": sort([id | some id in b]),
	"no_longer_failing": sort([id | some id in b; not id in still]),
}} if {
	b := object.get(f, ["config", "baseline"], null)
	is_array(b)
	still := {c.id | some c in controls; c.baselined == true}
} else := {}

# _open_entry is a control that does not pass, with the status levels and the gate read:
# an accepted failure reads "baselined" (it holds its level back, never the gate).
_open_entry(entry) := object.union(entry, {"status": "baselined"}) if {
	entry.baselined == true
} else := entry

_outcome_message(o) := "control could not be evaluated" if {
	not _boolean_pass(o)
} else := m if {
	m := o.message
	is_string(m)
} else := "control returned no message"

# _boolean_pass: o is an outcome with a boolean pass. A helper, never `not is_boolean(o.pass)`:
# OPA hoists o.pass out of the negation (open-policy-agent/opa#7558), so a missing outcome or
# pass made that clause undefined instead of true.
_boolean_pass(o) if is_boolean(o.pass)

# ---- levels ---------------------------------------------------------------------------------

_grid_levels := numbers.range(lib.bottom_level + 1, lib.top_level) if lib.top_level > lib.bottom_level

else := []

# _level_keys pairs each grid level with its key in lib.model.cells.
_level_keys := [[l, format_int(l, 10)] | some l in _grid_levels]

# _grid lists, per dimension in model order, its cells 2..top as [level, control ids].
_grid := [[d, cells] |
	some d in _dimensions
	row := object.get(lib.model.cells, d, {})
	cells := [[k[0], ids] | some k in _level_keys; ids := row[k[1]]]
]

_grid_ids := [id | some g in _grid; some cell in g[1]; some id in cell[1]]

# _hole_statuses maps each cell control that does not pass to its status (fail, waived,
# baselined or disabled). For catalog controls those are the open ones; a cell naming a
# control outside the catalog (never in a built-in model) is read from results, and is never
# waived (a valid waiver names a catalog control).
_hole_statuses(results, open) := {c.id: s | some c in open; s := c.status} if {
	count(object.filter(lib.catalog, _grid_ids)) == count(_grid_ids)
} else := object.union(
	{id: "fail" | some id in _grid_ids; not lib.catalog[id]; not results[id].pass == true},
	{c.id: s | some c in open; s := c.status},
)

# A dimension is at level N when every control of every cell 2..N passes (waivers never
# count): one below its first hole (holes are in level order), or the top level without any.
_level_of(holes) := holes[0].level - 1 if {
	count(holes) > 0
} else := lib.top_level

# ---- gate -----------------------------------------------------------------------------------

# _gate_items are the reasons the gate fails, each with the controls behind it (the report's
# gate.reasons and blocking come from here, so they cannot disagree). Retired systems fail
# only when prohibited.
_gate_items(f, dims, enforced, gate_failing) := _prohibited_items(f) if {
	_retired(f)
} else := array.concat(
	array.concat(_prohibited_items(f), _floor_items(dims, enforced)),
	_family_items(f, enforced, gate_failing),
)

_prohibited_items(f) := [{
	"reason": concat("", ["prohibited: ", tier.prohibited_summary(f)]),
	"controls": [tier.prohibited_control],
}] if {
	tier.is_prohibited(f)
} else := []

# An enforced floor fails the gate when some control that keeps it unmet has no valid waiver
# (a baseline, like a waiver, spares it); a control the org config disables spares it only
# above the floor the law sets.
_floor_items(dims, true) := [item |
	some x in dims
	x.level < x.floor
	blocking := [h | some h in x.holes; h.level <= x.floor; _blocks_floor(h, x)]
	count(blocking) > 0
	item := {"reason": _floor_reason(x, blocking), "controls": [h.id | some h in blocking]}
]

# _floor_reason names what keeps the floor unmet: unwaived controls, and waived ones below the
# floor an enforced regulation sets (a waiver does not lift a legal floor).
_floor_reason(x, blocking) := concat("", [
	x.id, " is at level ", lib.show(x.level), ", below its floor of ", lib.show(x.floor),
	" (", concat("; ", array.concat(_unwaived_part(plain), _legal_part(legal))), ")",
]) if {
	plain := [h.id | some h in blocking; h.status != "waived"]
	legal := [h.id | some h in blocking; h.status == "waived"]
}

_unwaived_part(ids) := [] if {
	count(ids) == 0
} else := [concat("", ["unwaived: ", concat(", ", ids)])]

_legal_part(ids) := [] if {
	count(ids) == 0
} else := [concat("", [
	"waived, but the floor is set by an enforced regulation, which a waiver does not lift: ",
	concat(", ", ids),
])]

_floor_items(_, false) := []

_blocks_floor(h, _) if h.status == "fail"

_blocks_floor(h, x) if {
	h.status == "disabled"
	h.level <= x.statutory
}

_blocks_floor(h, x) if {
	h.status == "waived"
	h.level <= x.law
}

# Gate-family controls that fail: "always" families everywhere but retired, "floors" families
# where floors are enforced. RISK-1 is already the "prohibited: ..." reason. (Invariants are
# bound outside the comprehension.)
# rego-cpp: a comprehension evaluates its leading expressions again for every element.
_family_items(f, enforced, gate_failing) := items if {
	gating := {g.id | some g in lib.model.gate_families; _enforces(g.enforce, enforced)}
	skip := _prohibited_control(f)
	items := [{"reason": concat("", [c.id, ": ", c.message]), "controls": [c.id]} |
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

# ---- aspirations ----------------------------------------------------------------------------

# _aspirations lists, in catalog order, the failing controls (accepted by a baseline or not)
# that lie beyond what the system works on next: above the system's next level (one above its
# lowest dimension, the level the next steps aim at) and above their own dimension's floor.
# Reports show them as aspirations, not failures: they never block the gate, and a control a
# floor needs, or the next level needs, is never one. Controls outside the grid (gate
# families, profiles, custom controls without a grid dimension) are never aspirations.
# rego-cpp: a comprehension evaluates its leading expressions again for every element, so the
# invariants are bound outside it.
_aspirations(open, dims, blocking) := ids if {
	next := _lowest_level(dims) + 1
	reach := {x.id: r | some x in dims; r := _reach(next, x.floor)}
	ids := [c.id |
		some c in open
		c.status in {"fail", "baselined"}
		is_number(c.level)
		c.level > reach[c.dimension]
		not c.id in blocking
	]
}

# rego-cpp: no min(), which compares numbers as text; the levels are walked upwards.
_lowest_level(dims) := lows[0] if {
	present := {x.level | some x in dims}
	lows := [n | some n in numbers.range(lib.bottom_level, lib.top_level); n in present]
	count(lows) > 0
} else := lib.top_level

# _reach is the higher of the system's next level and a dimension's floor.
_reach(next, floor) := next if next >= floor

else := floor

# ---- next steps -----------------------------------------------------------------------------

# First what unmet enforced floors need (biggest gap first, then model order), then the next
# level of every dimension tied at the lowest level (model order), then gate-family controls
# that do not pass. A control the org config disables is never a step: the team cannot act.
_next_steps(dims, enforced, gate_failing) := steps if {
	floor_steps := _floor_steps(dims, enforced)
	level_steps := _level_steps(dims, {s.control | some s in floor_steps})
	steps := array.concat(array.concat(floor_steps, level_steps), _gate_steps(gate_failing))
}

# Each generator depends on the one before it (gap, then its group, then a step), so no
# engine can reorder them.
# rego-cpp: it was seen to reorder two independent generators
# (some gap ...; some x ...) depending on the modules compiled before this one.
_floor_steps(dims, true) := steps if {
	below := [x | some x in dims; x.level < x.floor]
	groups := [group |
		some gap in numbers.range(lib.top_level - lib.bottom_level, 1)
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
	h.status != "disabled"
	step := {"control": h.id, "dimension": x.id, "level": h.level, "reason": "floor"}
]

# The next level of every dimension at the lowest level, skipping controls already listed.
# rego-cpp: no min(), which compares numbers as text; the levels are walked upwards.
_level_steps(dims, listed) := steps if {
	present := {x.level | some x in dims}
	lows := [n | some n in numbers.range(lib.bottom_level, lib.top_level); n in present]
	lowest := lows[0]
	steps := [step |
		some x in dims
		x.level == lowest
		some h in x.holes
		h.level == lowest + 1
		h.status != "disabled"
		not h.id in listed
		step := {"control": h.id, "dimension": x.id, "level": h.level, "reason": "next-level"}
	]
} else := []

_gate_steps(gate_failing) := [step |
	some c in gate_failing
	step := {"control": c.id, "dimension": c.dimension, "level": null, "reason": "gate"}
]

# ---- waivers --------------------------------------------------------------------------------

# _waiver_list reports every declared waiver with its status, in manifest order.
_waiver_list(f, declared_waivers) := [entry |
	some p in declared_waivers
	w := p[0]
	entry := object.union(
		{
			"control": _waiver_field_value(w, "control"),
			"status": p[1],
			"expires": _waiver_field_value(w, "expires"),
			"days_left": waivers.days_left(f, w),
			"approved_by": _waiver_field_value(w, "approved_by"),
			"reason": _waiver_field_value(w, "reason"),
		},
		_waiver_scope(_waiver_field_value(w, "control")),
	)
]

# _waiver_scope marks a waiver on a regulation's governance control: it records accepted risk
# and does not lift the failure (risk_accepted_only). Nothing is added elsewhere, so reports
# without a regulation's profile are unchanged.
_waiver_scope(id) := {"risk_accepted_only": true} if {
	is_string(id)
	lib.catalog[id].dimension in _statutory_families
} else := {}

_waiver_field_value(w, k) := v if {
	is_object(w)
	v := w[k]
} else := null

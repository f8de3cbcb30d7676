# The ai-platform pack's org-scope controls (PLO-*): the seed's criteria that are shares of the
# whole organisation, evaluated by aimm scan and aggregate over every system the org report
# holds, never by aimm check (one manifest cannot show a share).
#
# input: {"systems": [...], "inventory": {...}}. Each system is the org report's record for this
# pack: {"system", "team", "lifecycle", "controls": {id: status}} with the statuses of the
# per-system controls the shares are made of (PLT-2.2 on the platform, PLT-3.1 started on a
# golden path). "inventory" is the org config's (production_systems: how many AI systems the
# organisation runs in production, its own count; absent: the inventory share is not
# assessable). Each control returns lib.outcome(ok, message); shares compare whole numbers
# (count * 10 >= total * 7), never fractions.
#
# It lives apart from the model's packages (policies/org/<model>/, package aimm.org.<key>):
# per-system evaluation never needs it, so aimm.org.orgscope compiles it with core/lib alone,
# once per scan or aggregate, and aimm policy test runs its tests the same way.
package aimm.org.ai_platform

import data.aimm.core.lib

org_results["PLO-2.1"] := plo_2_1(input)

org_results["PLO-3.1"] := plo_3_1(input)

org_results["PLO-4.1"] := plo_4_1(input)

_systems(o) := [s | some s in object.get(o, "systems", []); is_object(s)]

_production(o) := [s | some s in _systems(o); object.get(s, "lifecycle", null) == "production"]

# New workloads: systems not yet in production nor retired (experiment, pilot).
_new(o) := [s | some s in _systems(o); object.get(s, "lifecycle", null) in {"experiment", "pilot"}]

_passing_of(systems, control) := [s | some s in systems; object.get(s, ["controls", control], null) == "pass"]

_share(part, whole) := concat("", [lib.show(count(part)), " of ", lib.show(count(whole))])

# PLO-2.1 the inventory (the systems aimm sees) lists at least 70% of production AI systems.
plo_2_1(o) := lib.outcome(false, concat("", [
	"inventory.production_systems is not set in the org config: the share of production ",
	"systems in the inventory is not assessable",
])) if {
	_inventory_count(o) == 0
} else := lib.outcome(ok, concat("", [
	"the inventory lists ", lib.show(count(_production(o))), " production systems of the ",
	lib.show(total), " the org config counts (needs 70%)",
])) if {
	total := _inventory_count(o)
	ok := (count(_production(o)) * 10) >= (total * 7)
}

# _inventory_count is the org's own count of production AI systems, 0 when it gives none.
_inventory_count(o) := n if {
	n := object.get(object.get(o, "inventory", {}), "production_systems", null)
	is_number(n)
	n > 0
} else := 0

# PLO-3.1 at least 40% of new workloads start on a golden path (PLT-3.1), without a mandate.
plo_3_1(o) := lib.outcome(false, "no new system (experiment or pilot) to measure golden-path adoption on") if {
	count(_new(o)) == 0
} else := lib.outcome(ok, concat("", [
	_share(on, _new(o)), " new systems started on a golden path (needs 40%)",
])) if {
	on := _passing_of(_new(o), "PLT-3.1")
	ok := (count(on) * 10) >= (count(_new(o)) * 4)
}

# PLO-4.1 at least 80% of production workloads run on the platform (PLT-2.2).
plo_4_1(o) := lib.outcome(false, "no production system to measure platform adoption on") if {
	count(_production(o)) == 0
} else := lib.outcome(ok, concat("", [
	_share(on, _production(o)), " production systems run on the platform (needs 80%)",
])) if {
	on := _passing_of(_production(o), "PLT-2.2")
	ok := (count(on) * 10) >= (count(_production(o)) * 8)
}

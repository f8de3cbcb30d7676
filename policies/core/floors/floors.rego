# Floors (manifest-v1 section 4): the minimum level per dimension for a tier, from
# lib.model.floors, raised by lib.model.regulatory_floors in a regulated domain, and
# adjustable by an org config (input.config.floors[tier][dimension]) and raised by a minimum
# level given on the command line (input.config.min_levels[dimension]), and by an enforced
# framework profile (input.config.profiles, see aimm.core.frameworks).
package aimm.core.floors

import data.aimm.core.controls.tier
import data.aimm.core.frameworks
import data.aimm.core.lib

# floors returns {dimension: minimum level} for a tier.
floors(f, t) := _floors_with(f, row, frameworks.profile_floors(f, row)) if {
	row := _row(t)
}

# bounds are, for a tier, each dimension's floor, its statutory part (the regulatory floor of a
# regulated domain and every enforced profile's: nothing lowers it, and a control the org config
# disables still holds it) and its legal part (what an enforced regulation's profile sets: a
# waiver does not lift it either), the enforced profiles judged once.
bounds(f, t) := {
	"floors": _floors_with(f, row, pf),
	"statutory": {d: level | some dim in lib.model.dimensions; d := dim.id; level := _statutory_of(f, d, pf)},
	"law": {d: level | some dim in lib.model.dimensions; d := dim.id; level := _lift(pf.law, d, lib.bottom_level)},
} if {
	row := _row(t)
	pf := frameworks.profile_floors(f, row)
}

# rego-cpp: a function call as the value term of an object comprehension inside a function
# errors, so the value is bound in the body.
_floors_with(f, row, pf) := {d: level |
	some dim in lib.model.dimensions
	d := dim.id
	level := _floor(f, row, d, pf)
}

# enforced holds where floors fail the gate (pilot and production in the default model).
enforced(f) if lib.get(f, ["system", "lifecycle"], null) in lib.model.enforced_lifecycles

# _row is the floors row for a tier: prohibited, or any tier without a row, takes the
# strictest tier's row (fail closed).
_row(t) := t if {
	lib.model.floors[t]
} else := tier.top

_floor(f, row, d, pf) := _lift(
	pf.all, d,
	_minimum(f, d, _regulatory(f, d, _org(f, row, d, object.get(lib.model.floors, [row, d], lib.bottom_level)))),
)

# statutory is the part of a dimension's floor that the law sets (a regulated domain's floor,
# or an enforced framework profile's), or the lowest level when none does. Nothing lowers it,
# and a control the org config disables still holds it (aimm.core.report).
statutory(f, t, d) := _statutory_of(f, d, frameworks.profile_floors(f, _row(t)))

_statutory_of(f, d, pf) := _lift(pf.all, d, _regulatory(f, d, lib.bottom_level))

# law is the part of a dimension's floor that an enforced regulation's profile sets (the EU AI
# Act's, not a voluntary framework's), or the lowest level: below it a waiver records accepted
# risk but does not spare the gate.
law(f, t, d) := _lift(pf.law, d, lib.bottom_level) if {
	pf := frameworks.profile_floors(f, _row(t))
}

# _lift raises a floor to what an enforced framework profile needs (aimm check --profile): the
# level levels[d] gives, when higher. It never lowers one, and without profiles (levels empty)
# it changes nothing.
# rego-cpp: a function named _raise crashed the compiler (segmentation fault).
_lift(levels, d, level) := p if {
	p := levels[d]
	p > level
} else := level

# _minimum applies a gate-wide minimum level (`aimm check --min-level`): config.min_levels[d]
# raises the floor of every tier; it never lowers one.
_minimum(f, d, level) := m if {
	m := object.get(f, ["config", "min_levels", d], null)
	is_number(m)
	m > level
	m <= lib.top_level
} else := level

# _org applies an org override: it can only raise the default, unless
# config.allow_lower_floors is true, in which case it replaces it. A value that is not a
# whole number from the lowest to the top level is ignored.
_org(f, row, d, default_floor) := o if {
	o := _override(f, row, d)
	_allow_lower(f)
} else := o if {
	o := _override(f, row, d)
	o > default_floor
} else := default_floor

_override(f, row, d) := o if {
	o := object.get(f, ["config", "floors", row, d], null)
	is_number(o)
	o == floor(o)
	o >= lib.bottom_level
	o <= lib.top_level
}

_allow_lower(f) if object.get(f, ["config", "allow_lower_floors"], false) == true

# _regulatory raises a floor to the regulatory floor in a regulated domain, then to the
# model's floor for the system's deployment (deployment_floors, e.g. air-gapped); an org
# config never lowers either.
_regulatory(f, d, level) := _deployed(f, d, _regulated(f, d, level))

_regulated(f, d, level) := r if {
	tier.regulated(f)
	r := lib.model.regulatory_floors[d]
	r > level
} else := level

# object.get: a model without deployment_floors, or a manifest without system.deployment,
# leaves the floor as it is.
_deployed(f, d, level) := r if {
	deployment := lib.get(f, ["system", "deployment"], null)
	is_string(deployment)
	r := object.get(lib.model, ["deployment_floors", deployment, d], null)
	is_number(r)
	r > level
} else := level

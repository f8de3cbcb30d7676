# Ownership readiness (manifest-v1 section 4): production systems need an on-call path;
# high, critical (and prohibited) tiers also need a business and a security owner. An org
# config can require more owners (input.config.required_owners, OWN-4).
# A control that does not apply passes and says why.
package aimm.core.controls.ownership

import data.aimm.core.controls.tier
import data.aimm.core.lib

results["OWN-1"] := own_1(input)

results["OWN-2"] := own_2(input)

results["OWN-3"] := own_3(input)

results["OWN-4"] := own_4(input)

# OWN-1: production needs metadata.owners.on_call.
own_1(f) := _owner(f, "on_call", "system.lifecycle is production") if {
	_lifecycle(f) == "production"
} else := lib.outcome(true, concat("", [
	"not applicable: system.lifecycle is ", lib.show(_lifecycle(f)),
	"; metadata.owners.on_call is needed in production",
]))

# OWN-2: tiers high and above need metadata.owners.business.
own_2(f) := _by_tier(f, "business")

# OWN-3: tiers high and above need metadata.owners.security.
own_3(f) := _by_tier(f, "security")

_lifecycle(f) := lib.get(f, ["system", "lifecycle"], null)

# _tier is the effective tier, or unknown when the risk facts are invalid.
_tier(f) := t if {
	t := tier.effective(f)
} else := "unknown"

# Only low and medium are exempt: an unknown tier needs the owners too (fail closed).
_exempt_tiers := {"low", "medium"}

# The tier is computed once per control: scoring is the costly part of these checks.
_by_tier(f, role) := _by_tier_of(f, role, _tier(f))

_by_tier_of(f, role, t) := lib.outcome(true, concat("", [
	"not applicable: the tier is ", t, "; metadata.owners.", role, " is needed from tier high",
])) if {
	t in _exempt_tiers
} else := _owner(f, role, concat("", ["the tier is ", t]))

_owner(f, role, why) := lib.outcome(true, concat("", ["metadata.owners.", role, " is ", value])) if {
	value := lib.get(f, ["metadata", "owners", role], null)
	lib.has_text(value)
} else := lib.outcome(false, concat("", [
	"metadata.owners.", role, " is not set; it is required because ", why,
]))

# OWN-4: the owners the org config requires for this tier and lifecycle are set.
own_4(f) := lib.outcome(true, "not applicable: the org config requires no extra owners") if {
	count(_org_rules(f)) == 0
} else := _org_owners(f, _applicable_rules(f, _tier(f), _lifecycle(f)), _tier(f), _lifecycle(f))

_org_rules(f) := r if {
	r := object.get(f, ["config", "required_owners"], [])
	is_array(r)
} else := []

# _applicable_rules are the requirements whose tiers and lifecycles (absent: all) include the
# system's. An unknown tier matches every tier-scoped rule (fail closed).
_applicable_rules(f, t, lc) := [r |
	some r in _org_rules(f)
	_scope_matches(r, "tiers", t, "unknown")
	_scope_matches(r, "lifecycles", lc, null)
]

_scope_matches(r, key, _, _) if not r[key]

_scope_matches(r, key, value, _) if value in r[key]

_scope_matches(r, key, value, unknown) if {
	r[key]
	value == unknown
}

_org_owners(f, rules, t, lc) := lib.outcome(true, concat("", [
	"not applicable: no org owner requirement covers tier ", t, " in lifecycle ", lib.show(lc),
])) if {
	count(rules) == 0
} else := lib.outcome(false, concat("", [
	"the org config requires ", concat(", ", [concat("", ["metadata.owners.", role]) | some role in missing]),
	" for tier ", t, " in lifecycle ", lib.show(lc), "; not set",
])) if {
	missing := _missing_roles(f, rules)
	count(missing) > 0
} else := lib.outcome(true, concat("", [
	"the owners the org config requires are set: ",
	concat(", ", [concat("", ["metadata.owners.", role]) | some role in _roles(rules)]),
]))

_roles(rules) := sort({role | some r in rules; role := r.role})

_missing_roles(f, rules) := [role |
	some role in _roles(rules)
	not lib.has_text(lib.get(f, ["metadata", "owners", role], null))
]

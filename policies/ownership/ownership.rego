# Ownership readiness (manifest-v1 section 4): production systems need an on-call path;
# high, critical (and prohibited) tiers also need a business and a security owner.
# A control that does not apply passes and says why.
package aimm.controls.ownership

import data.aimm.controls.tier
import data.aimm.lib

results["OWN-1"] := own_1(input)

results["OWN-2"] := own_2(input)

results["OWN-3"] := own_3(input)

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

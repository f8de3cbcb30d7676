# Access controls (ACC-*): the access row of the maturity grid (manifest-v1, section 2).
# Each control is a function of the facts document f and returns lib.outcome(ok, message).
# Absent facts read as their weakest value (an absent max_age_days is no maximum);
# a fact of the wrong type fails, never passes.
package aimm.models.default.access

import data.aimm.core.lib

results["ACC-2.1"] := acc_2_1(input)

results["ACC-2.2"] := acc_2_2(input)

results["ACC-3.1"] := acc_3_1(input)

results["ACC-3.2"] := acc_3_2(input)

results["ACC-4.1"] := acc_4_1(input)

results["ACC-4.2"] := acc_4_2(input)

results["ACC-5.1"] := acc_5_1(input)

results["ACC-5.2"] := acc_5_2(input)

_dim := "access"

# ACC-2.1, L2 "credentials is individual, scoped or workload-identity".
acc_2_1(f) := lib.one_of(
	f, _dim, ["credentials"], {"individual", "scoped", "workload-identity"}, 2,
	"individual, scoped or workload-identity",
)

# ACC-2.2, L2 "sso is partial or full".
acc_2_2(f) := lib.one_of(f, _dim, ["sso"], {"partial", "full"}, 2, "partial or full")

# ACC-3.1, L3 "sso full".
acc_3_1(f) := lib.one_of(f, _dim, ["sso"], {"full"}, 3, "full")

# ACC-3.2, L3 "rbac coarse or fine-grained".
acc_3_2(f) := lib.one_of(f, _dim, ["rbac"], {"coarse", "fine-grained"}, 3, "coarse or fine-grained")

# ACC-4.1, L4 "rbac fine-grained".
acc_4_1(f) := lib.one_of(f, _dim, ["rbac"], {"fine-grained"}, 4, "fine-grained")

# ACC-4.2, L4 "credentials scoped or workload-identity".
acc_4_2(f) := lib.one_of(f, _dim, ["credentials"], {"scoped", "workload-identity"}, 4, "scoped or workload-identity")

# ACC-5.1, L5 "policy_as_code".
acc_5_1(f) := lib.true_fact(f, _dim, ["policy_as_code"], 5)

# ACC-5.2, L5 "key_rotation automated with max_age_days <= 90" (max_age_days set, 0 to 90).
acc_5_2(f) := lib.outcome(ok, lib.needs(observed, 5, _rotation_need)) if {
	p := lib.posture_of(f, _dim)
	ok := _rotation(p)
	observed := concat(" and ", [
		lib.fact(p, _dim, ["key_rotation", "automated"], "boolean"),
		lib.fact(p, _dim, ["key_rotation", "max_age_days"], "number"),
	])
} else := lib.unreadable(_dim, ["key_rotation"], 5, _rotation_need)

_rotation_need := "key_rotation.automated true and key_rotation.max_age_days set and at most 90"

_rotation(p) if {
	lib.is_true(object.get(p, ["key_rotation", "automated"], false))
	days := object.get(p, ["key_rotation", "max_age_days"], null)
	is_number(days)
	days >= 0
	days <= 90
} else := false

package aimm.models.default.access_test

import data.aimm.models.default.access

_empty := {"manifest": {}, "evidence": {}}

_acc_facts(a) := {"manifest": {"posture": {"access": a}}, "evidence": {}}

_rotation(r) := _acc_facts({"key_rotation": r})

_rotation_need := "level 5 needs key_rotation.automated true and key_rotation.max_age_days set and at most 90"

# ACC-2.1

test_pass_acc_2_1 if {
	access.acc_2_1(_acc_facts({"credentials": "individual"})) == {
		"pass": true,
		"message": concat("", [
			"posture.access.credentials is \"individual\"; ",
			"level 2 needs individual, scoped or workload-identity",
		]),
	}
}

test_pass_acc_2_1_workload_identity if {
	access.acc_2_1(_acc_facts({"credentials": "workload-identity"})) == {
		"pass": true,
		"message": concat("", [
			"posture.access.credentials is \"workload-identity\"; ",
			"level 2 needs individual, scoped or workload-identity",
		]),
	}
}

test_fail_acc_2_1_shared if {
	access.acc_2_1(_acc_facts({"credentials": "shared"})) == {
		"pass": false,
		"message": "posture.access.credentials is \"shared\"; level 2 needs individual, scoped or workload-identity",
	}
}

test_fail_acc_2_1_personal if {
	access.acc_2_1(_acc_facts({"credentials": "personal"})) == {
		"pass": false,
		"message": "posture.access.credentials is \"personal\"; level 2 needs individual, scoped or workload-identity",
	}
}

test_fail_acc_2_1_absent if {
	access.acc_2_1(_empty) == {
		"pass": false,
		"message": "posture.access.credentials is not set; level 2 needs individual, scoped or workload-identity",
	}
}

# ACC-2.2

test_pass_acc_2_2 if {
	access.acc_2_2(_acc_facts({"sso": "partial"})) == {
		"pass": true,
		"message": "posture.access.sso is \"partial\"; level 2 needs partial or full",
	}
}

test_fail_acc_2_2_none if {
	access.acc_2_2(_acc_facts({"sso": "none"})) == {
		"pass": false,
		"message": "posture.access.sso is \"none\"; level 2 needs partial or full",
	}
}

test_fail_acc_2_2_boolean if {
	access.acc_2_2(_acc_facts({"sso": true})) == {
		"pass": false,
		"message": "posture.access.sso is true (not a string); level 2 needs partial or full",
	}
}

test_fail_acc_2_2_absent if {
	access.acc_2_2(_empty) == {
		"pass": false,
		"message": "posture.access.sso is not set; level 2 needs partial or full",
	}
}

# ACC-3.1

test_pass_acc_3_1 if {
	access.acc_3_1(_acc_facts({"sso": "full"})) == {
		"pass": true,
		"message": "posture.access.sso is \"full\"; level 3 needs full",
	}
}

test_fail_acc_3_1_partial if {
	access.acc_3_1(_acc_facts({"sso": "partial"})) == {
		"pass": false,
		"message": "posture.access.sso is \"partial\"; level 3 needs full",
	}
}

# ACC-3.2

test_pass_acc_3_2 if {
	access.acc_3_2(_acc_facts({"rbac": "coarse"})) == {
		"pass": true,
		"message": "posture.access.rbac is \"coarse\"; level 3 needs coarse or fine-grained",
	}
}

test_fail_acc_3_2_none if {
	access.acc_3_2(_acc_facts({"rbac": "none"})) == {
		"pass": false,
		"message": "posture.access.rbac is \"none\"; level 3 needs coarse or fine-grained",
	}
}

test_fail_acc_3_2_absent if {
	access.acc_3_2(_empty) == {
		"pass": false,
		"message": "posture.access.rbac is not set; level 3 needs coarse or fine-grained",
	}
}

# ACC-4.1

test_pass_acc_4_1 if {
	access.acc_4_1(_acc_facts({"rbac": "fine-grained"})) == {
		"pass": true,
		"message": "posture.access.rbac is \"fine-grained\"; level 4 needs fine-grained",
	}
}

test_fail_acc_4_1_coarse if {
	access.acc_4_1(_acc_facts({"rbac": "coarse"})) == {
		"pass": false,
		"message": "posture.access.rbac is \"coarse\"; level 4 needs fine-grained",
	}
}

# ACC-4.2

test_pass_acc_4_2 if {
	access.acc_4_2(_acc_facts({"credentials": "scoped"})) == {
		"pass": true,
		"message": "posture.access.credentials is \"scoped\"; level 4 needs scoped or workload-identity",
	}
}

test_fail_acc_4_2_individual if {
	access.acc_4_2(_acc_facts({"credentials": "individual"})) == {
		"pass": false,
		"message": "posture.access.credentials is \"individual\"; level 4 needs scoped or workload-identity",
	}
}

# ACC-5.1

test_pass_acc_5_1 if {
	access.acc_5_1(_acc_facts({"policy_as_code": true})) == {
		"pass": true,
		"message": "posture.access.policy_as_code is true; level 5 needs true",
	}
}

test_fail_acc_5_1_string_true if {
	access.acc_5_1(_acc_facts({"policy_as_code": "true"})) == {
		"pass": false,
		"message": "posture.access.policy_as_code is \"true\" (not a boolean); level 5 needs true",
	}
}

test_fail_acc_5_1_absent if {
	access.acc_5_1(_empty) == {
		"pass": false,
		"message": "posture.access.policy_as_code is not set; level 5 needs true",
	}
}

# ACC-5.2

test_pass_acc_5_2_exactly_90 if {
	access.acc_5_2(_rotation({"automated": true, "max_age_days": 90})) == {
		"pass": true,
		"message": concat("", [
			"posture.access.key_rotation.automated is true and posture.access.key_rotation.max_age_days is 90; ",
			_rotation_need,
		]),
	}
}

test_fail_acc_5_2_91_days if {
	access.acc_5_2(_rotation({"automated": true, "max_age_days": 91})) == {
		"pass": false,
		"message": concat("", [
			"posture.access.key_rotation.automated is true and posture.access.key_rotation.max_age_days is 91; ",
			_rotation_need,
		]),
	}
}

test_fail_acc_5_2_no_maximum if {
	access.acc_5_2(_rotation({"automated": true})) == {
		"pass": false,
		"message": concat("", [
			"posture.access.key_rotation.automated is true and posture.access.key_rotation.max_age_days is not set; ",
			_rotation_need,
		]),
	}
}

test_fail_acc_5_2_not_automated if {
	access.acc_5_2(_rotation({"automated": false, "max_age_days": 30})) == {
		"pass": false,
		"message": concat("", [
			"posture.access.key_rotation.automated is false and posture.access.key_rotation.max_age_days is 30; ",
			_rotation_need,
		]),
	}
}

test_fail_acc_5_2_days_string if {
	access.acc_5_2(_rotation({"automated": true, "max_age_days": "30"})) == {
		"pass": false,
		"message": concat("", [
			"posture.access.key_rotation.automated is true and ",
			"posture.access.key_rotation.max_age_days is \"30\" (not a number); ",
			_rotation_need,
		]),
	}
}

test_fail_acc_5_2_negative_days if {
	access.acc_5_2(_rotation({"automated": true, "max_age_days": -1})) == {
		"pass": false,
		"message": concat("", [
			"posture.access.key_rotation.automated is true and posture.access.key_rotation.max_age_days is -1; ",
			_rotation_need,
		]),
	}
}

test_fail_acc_5_2_absent if {
	access.acc_5_2(_empty) == {
		"pass": false,
		"message": concat("", [
			"posture.access.key_rotation.automated is not set and ",
			"posture.access.key_rotation.max_age_days is not set; ",
			_rotation_need,
		]),
	}
}

package aimm.controls.xorg_test

import data.aimm.controls.xorg

_facts(labels) := {"manifest": {"metadata": {"name": "svc", "labels": labels}}, "evidence": {}}

test_pass_xorg_1_ticket if {
	xorg.xorg_1(_facts({"xorg-ticket": "LAUNCH-7"})) == {"pass": true, "message": "metadata.labels.xorg-ticket is LAUNCH-7"}
}

test_fail_xorg_1_no_ticket if {
	xorg.xorg_1(_facts({"xorg-ticket": " "})).pass == false
	xorg.xorg_1(_facts({})).pass == false
}

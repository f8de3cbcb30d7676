# Tests of the tiny model's controls, both sides of each (aimm policy test --model tiny).
package aimm.models.tiny.checks_test

import data.aimm.models.tiny.checks

_facts(posture) := {"manifest": {"posture": posture}, "evidence": {}}

test_pass_tlg_1_1 if checks.tlg_1_1(_facts({"visibility": {"dashboards": "central"}})).pass == true

test_fail_tlg_1_1 if checks.tlg_1_1(_facts({})).pass == false

test_pass_tlg_2_1 if checks.tlg_2_1(_facts({"visibility": {"tracing": {"enabled": true}}})).pass == true

test_fail_tlg_2_1 if checks.tlg_2_1(_facts({"visibility": {"tracing": {"enabled": false}}})).pass == false

test_pass_tts_1_1 if checks.tts_1_1(_facts({"evaluation": {"manual_review": "ad-hoc"}})).pass == true

test_fail_tts_1_1 if checks.tts_1_1(_facts({"evaluation": {"manual_review": "none"}})).pass == false

test_pass_tts_2_1 if checks.tts_2_1(_facts({"evaluation": {"ci_gate": {"blocking": true}}})).pass == true

test_fail_tts_2_1 if checks.tts_2_1(_facts({})).pass == false

# Fails on purpose (tests/cli/test_policy.py, with ../../policies/xgrid): XG-3.1 fails unlabelled.
package xtests.failing_test
import data.aimm.controls.xgrid

test_pass_catalog_has_xg if {
	data.aimm.models["default"].catalog["XG-3.1"].title == "The evaluation plan was reviewed by the XG board"
}

test_pass_wrong_expectation if {
	xgrid.xg_3_1({"manifest": {"metadata": {"name": "svc"}}, "evidence": {}}).pass == true
}

# A custom policy test that fails on purpose (tests/test_custom_policies.py runs it with
# ../../policies/xgrid): XG-3.1 does not pass without the label, so the expectation is wrong.
package xtests.failing_test

import data.aimm.controls.xgrid

test_pass_catalog_has_xg if data.catalog["XG-3.1"].title == "The evaluation plan was reviewed by the XG board"

test_pass_wrong_expectation if {
	xgrid.xg_3_1({"manifest": {"metadata": {"name": "svc"}}, "evidence": {}}).pass == true
}

package aimm.controls.xgrid_test

import data.aimm.controls.xgrid

_facts(labels) := {"manifest": {"metadata": {"name": "svc", "labels": labels}}, "evidence": {}}

test_pass_xg_3_1_reviewed if {
	xgrid.xg_3_1(_facts({"xg-reviewed": "yes"})) == {"pass": true, "message": "metadata.labels.xg-reviewed is yes"}
}

test_fail_xg_3_1_not_reviewed if {
	xgrid.xg_3_1(_facts({})) == {
		"pass": false,
		"message": "metadata.labels.xg-reviewed is null; level 3 at this org needs yes",
	}
}

# Custom tests run with the catalog their folder extends: XG-3.1 is in the evaluation cell.
test_pass_catalog_is_extended if {
	data.aimm.models["default"].catalog["XG-3.1"].level == 3
	data.aimm.models["default"].catalog["XG-3.1"].dimension == "evaluation"
	"XG-3.1" in data.aimm.models["default"].model.cells.evaluation["3"]
}

# A custom grid control for tests/check/test_custom_policies.py: XG-3.1 joins the evaluation cell at
# level 3 (catalog.yaml beside this file). It passes when metadata.labels.xg-reviewed is "yes".
package aimm.controls.xgrid

import data.aimm.core.lib

results["XG-3.1"] := xg_3_1(input)

xg_3_1(f) := lib.outcome(true, "metadata.labels.xg-reviewed is yes") if {
	lib.get(f, ["metadata", "labels", "xg-reviewed"], null) == "yes"
} else := lib.outcome(false, concat("", [
	"metadata.labels.xg-reviewed is ",
	lib.show(lib.get(f, ["metadata", "labels", "xg-reviewed"], null)),
	"; level 3 at this org needs yes",
]))

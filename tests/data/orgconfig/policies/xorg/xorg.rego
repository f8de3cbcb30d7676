# A custom gate control for tests/check/test_custom_policies.py: XORG-1 sits in the org gate family
# (no level, catalog.yaml beside this file). It passes when metadata.labels.xorg-ticket is set.
package aimm.controls.xorg

import data.aimm.core.lib

results["XORG-1"] := xorg_1(input)

xorg_1(f) := lib.outcome(true, concat("", ["metadata.labels.xorg-ticket is ", t])) if {
	t := lib.get(f, ["metadata", "labels", "xorg-ticket"], null)
	lib.has_text(t)
} else := lib.outcome(false, "metadata.labels.xorg-ticket is not set; the org needs a launch ticket")

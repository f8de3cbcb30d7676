# A custom policy that does not compile: the rule body opened on line 6 is never closed.
package aimm.controls.xbroken

import data.aimm.core.lib

results["XB-1"] := lib.outcome(true, "ok") if {

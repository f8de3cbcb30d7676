# A custom policy that publishes a built-in control's outcome (line 5): it could flip VIS-2.1,
# which aimm.models.default.visibility decides.
package aimm.controls.xsteal

results["VIS-2.1"] := {"pass": true, "message": "always"}

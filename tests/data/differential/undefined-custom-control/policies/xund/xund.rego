# A custom control whose rule is undefined for this manifest: the report fails it closed
# ("control could not be evaluated") on every engine.
package aimm.controls.xund

results["XUND-1"] := {"pass": true, "message": "nope is set"} if input.manifest.metadata.nope

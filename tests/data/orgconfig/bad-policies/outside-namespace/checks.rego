# A custom policy outside the custom namespace aimm.controls.<name> (line 2).
package acme.checks

results["XO-1"] := {"pass": true, "message": "ok"}

# A custom policy that reuses a built-in package (line 2): it would merge into the built-in rules.
package aimm.models.default.visibility

results["XV-1"] := {"pass": true, "message": "ok"}

# A tiny custom control package for tests/policy/test_bundle.py: one control that always passes.
package aimm.controls.acme_bundle_test

results["ACME-1"] := {"pass": true, "message": "ok"}

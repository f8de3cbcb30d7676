"""Working with the Rego policies themselves: the test runner and OPA bundles (``aimm policy``)."""

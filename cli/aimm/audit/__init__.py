"""aimm.audit.matrix."""

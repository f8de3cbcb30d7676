"""aimm.check."""

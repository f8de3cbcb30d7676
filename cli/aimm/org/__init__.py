"""aimm.org."""

"""aimm.core."""

"""aimm.policy."""

"""Output formats for reports, in a registry keyed by format name."""

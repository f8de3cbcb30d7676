"""The check feature: evaluate manifests, report in CI formats, baselines (``aimm check``)."""

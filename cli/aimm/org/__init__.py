"""The org roll-up: scan or aggregate many systems, the org report, its history (``aimm scan``,
``aimm aggregate``, ``aimm history``)."""

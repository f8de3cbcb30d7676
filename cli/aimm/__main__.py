"""``python -m aimm``: the same as the ``aimm`` command."""

from aimm.cli import entry

entry()

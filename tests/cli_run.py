"""Test helper: run the ``aimm`` CLI in process, as a user would, and capture its output."""

from __future__ import annotations

from click.testing import CliRunner

from aimm.cli import main


def run(args: list[str]) -> tuple[int, str, str]:
    """Run ``aimm ARGS`` in Click's isolation; return exit code, stdout, stderr."""
    runner = CliRunner()
    with runner.isolation() as streams:
        code = main(args)
    return code, streams[0].getvalue().decode(), streams[1].getvalue().decode()

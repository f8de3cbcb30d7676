"""Options shared by the org commands (``aimm scan``, ``aimm aggregate``)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

import click

from aimm.core.errors import UsageError
from aimm.org import formats as orgreporters
from aimm.org import rollup
from aimm.org.history import History
from aimm.org.records import SystemPosture, Unevaluated

F = TypeVar("F", bound=Callable[..., Any])
FAIL_ON = ("floors", "any-fail", "never")


def org_output_options(func: F) -> F:
    """``--format``, ``-o``, ``--output-dir``, ``--history``, ``--no-history``,
    ``--fail-on`` and ``--expiring-within``."""
    options = [
        click.option(
            "--format",
            "formats",
            multiple=True,
            type=click.Choice(orgreporters.names()),
            help="Org report format (default markdown). Repeat it with --output-dir.",
        ),
        click.option(
            "-o",
            "--output",
            type=click.Path(dir_okay=False, path_type=Path),
            default=None,
            help="Write the report to this file (atomically) instead of stdout.",
        ),
        click.option(
            "--output-dir",
            type=click.Path(file_okay=False, path_type=Path),
            default=None,
            help="Write one file per --format into this folder (aimm-org.html, ...).",
        ),
        click.option(
            "--history",
            "history",
            metavar="DB",
            default=None,
            help="Record a snapshot in this database (a file path for SQLite, or a "
            "SQLAlchemy URL such as postgresql://...). Default: .aimm/history.sqlite "
            "(see the command's help for where).",
        ),
        click.option(
            "--no-history",
            is_flag=True,
            help="Neither read nor record history (no trend).",
        ),
        click.option(
            "--fail-on",
            type=click.Choice(FAIL_ON),
            default="floors",
            show_default=True,
            help="floors: exit 1 when some system fails its gate; any-fail: also when any "
            "control fails; never: exit 0 unless something could not be evaluated (exit 2).",
        ),
        click.option(
            "--expiring-within",
            type=click.IntRange(min=0),
            default=30,
            show_default=True,
            metavar="DAYS",
            help="List valid waivers that expire within DAYS.",
        ),
    ]
    for option in reversed(options):
        func = option(func)
    return func


def chosen_formats(
    formats: tuple[str, ...], output: Path | None, output_dir: Path | None
) -> list[str]:
    """The formats to write (default markdown), checked against the output options."""
    chosen = list(dict.fromkeys(formats)) or ["markdown"]
    if len(chosen) > 1 and output_dir is None:
        raise UsageError("several --format values need --output-dir (one file per format)")
    if output is not None and output_dir is not None:
        raise UsageError("use either --output or --output-dir, not both")
    return chosen


def history_location(history: str | None, no_history: bool, default: Path) -> str | None:
    """The history database to use, or None with ``--no-history``."""
    if no_history and history is not None:
        raise UsageError("use either --history or --no-history, not both")
    if no_history:
        return None
    return history or str(default)


def publish(
    collect: Callable[[], tuple[list[SystemPosture], list[Unevaluated]]],
    *,
    today: date,
    history: str | None,
    formats: list[str],
    output: Path | None,
    output_dir: Path | None,
    expiring_within: int,
    fail_on: str,
) -> int:
    """Collect the systems, build the org report against the history (recording this
    run's snapshot), write or print it, and return the exit code (scan and aggregate)."""
    store = History(history) if history is not None else None
    try:
        systems, problems = collect()
        report = rollup.finish(
            systems, problems, today=today, history=store, expiring_days=expiring_within
        )
    finally:
        if store is not None:
            store.close()
    text = rollup.write(report, formats, output, output_dir)
    if text is not None:
        click.echo(text, nl=False)
    return int(report.exit_code(fail_on))

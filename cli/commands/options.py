"""Options shared by several commands."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from datetime import date, datetime
from typing import Any, TypeVar

import click

F = TypeVar("F", bound=Callable[..., Any])


def today_option(func: F) -> F:
    """``--today YYYY-MM-DD``: the date waivers are judged on (default: the current date)."""
    return click.option(
        "--today",
        type=click.DateTime(formats=["%Y-%m-%d"]),
        default=None,
        metavar="YYYY-MM-DD",
        help="Judge waiver expiry on this date instead of the current date (reproducible runs).",
    )(func)


def resolve_today(value: datetime | None) -> date:
    """The ``--today`` value as a date, defaulting to the current date."""
    return value.date() if value is not None else date.today()


def use_color(output_file: object | None = None) -> bool:
    """Colour only on an interactive terminal, without NO_COLOR, and not into a file."""
    if output_file is not None or os.environ.get("NO_COLOR") is not None:
        return False
    if os.environ.get("TERM") == "dumb":
        return False
    return sys.stdout.isatty()

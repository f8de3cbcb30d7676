"""From many systems to one org report: scan or aggregate, compare with history, write.

The library behind ``aimm scan`` and ``aimm aggregate``; the commands only parse options::

    from datetime import date
    from aimm.org.rollup import scan, finish
    systems, problems = scan(["/srv/checkouts"], today=date(2026, 11, 21), jobs=2)
    report = finish(systems, problems, today=date(2026, 11, 21), history=None)
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Callable, Iterator, Sequence
from datetime import date
from pathlib import Path
from typing import Any

from aimm.core.errors import UsageError
from aimm.core.files import write_atomic
from aimm.core.model import Model, load_model
from aimm.org import formats as orgreporters
from aimm.org.aggregate import collect, sources
from aimm.org.history import DEFAULT_FILE, History
from aimm.org.records import Candidate, SystemPosture, Unevaluated, merge
from aimm.org.report import EXPIRING_DAYS, OrgReport, build
from aimm.org.scan import ScanOptions, default_jobs, evaluate, find


def default_history(first: Path) -> Path:
    """Where the history is kept by default: ``.aimm/history.sqlite`` inside ``first``."""
    return first / DEFAULT_FILE


@contextlib.contextmanager
def progress_bar(total: int, enabled: bool) -> Iterator[Callable[[], None]]:
    """A progress bar on stderr (rich) while the block runs; yields ``advance()``.

    Disabled, it draws nothing and ``advance`` does nothing.
    """
    if not enabled or total == 0:
        yield lambda: None
        return
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    columns = (
        TextColumn("evaluating"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
    )
    with Progress(*columns, console=Console(stderr=True), transient=True) as progress:
        task = progress.add_task("scan", total=total)
        yield lambda: progress.advance(task)


def scan(
    roots: Sequence[str | Path],
    *,
    today: date,
    jobs: int | None = None,
    verify_evidence: bool = True,
    use_cache: bool = True,
    config: dict[str, Any] | None = None,
    progress: bool | None = None,
    config_file: Path | None = None,
    discover_config: bool = True,
    policy_dirs: Sequence[Path] = (),
) -> tuple[list[SystemPosture], list[Unevaluated]]:
    """Find and evaluate every manifest below ``roots``; compact postures and problems.

    Org configs apply as in ``aimm check``: ``config_file``, else ``AIMM_CONFIG``, else the
    nearest ``aimm-org.yaml`` (``discover_config=False`` ignores all but ``config_file``).
    ``progress`` None means: a progress bar when stderr is a terminal.
    """
    targets, problems = find([Path(r) for r in roots])
    if not targets and not problems:
        # Like aimm check on an empty folder: a mistyped root must not pass in CI.
        names = ", ".join(str(r) for r in roots)
        raise UsageError(f"no aimm.yaml found below {names}")
    options = ScanOptions(
        today=today,
        verify_evidence=verify_evidence,
        config=config,
        use_cache=use_cache,
        config_file=config_file,
        discover_config=discover_config,
        use_env=discover_config,
        policy_dirs=tuple(policy_dirs),
    )
    show = sys.stderr.isatty() if progress is None else progress
    candidates = [Candidate(p, 0) for p in problems]
    with (
        evaluate(targets, options, jobs=jobs or default_jobs()) as results,
        progress_bar(len(targets), show) as advance,
    ):
        for entry in results:
            candidates.append(Candidate(entry, 0))
            advance()
    return merge(candidates)


def aggregate(
    arguments: Sequence[str], model: Model | None = None
) -> tuple[list[SystemPosture], list[Unevaluated]]:
    """Read ``aimm check --format json`` reports (``[REPO=]PATH``; folders searched)."""
    found = sources(arguments)
    if not found:
        raise UsageError("no report files found (give JSON files or folders holding them)")
    dimensions = (model or load_model()).dimensions
    return merge(collect(found, dimensions))


def finish(
    systems: Sequence[SystemPosture],
    problems: Sequence[Unevaluated],
    *,
    today: date,
    history: History | None,
    expiring_days: int = EXPIRING_DAYS,
    model: Model | None = None,
) -> OrgReport:
    """Build the org report with the trend since the history's previous snapshot, and
    record this one (replacing a snapshot of the same date)."""
    previous = history.previous(today) if history is not None else None
    report = build(
        systems,
        problems,
        today=today,
        model=model or load_model(),
        previous=previous,
        expiring_days=expiring_days,
    )
    if history is not None:
        history.record(report)
    return report


def write(
    report: OrgReport, formats: Sequence[str], output: Path | None, output_dir: Path | None
) -> str | None:
    """Render and write the report; returns the text for stdout when there is no file.

    With ``output_dir``, every format is rendered before any file is written, so a failure
    leaves no partial set.
    """
    if output_dir is not None:
        output_dir.mkdir(parents=True, exist_ok=True)
        rendered = {fmt: orgreporters.get(fmt)(report) for fmt in formats}
        for fmt, text in rendered.items():
            write_atomic(output_dir / orgreporters.file_name(fmt), text)
        return None
    (fmt,) = formats
    text = orgreporters.get(fmt)(report)
    if output is None:
        return text
    write_atomic(output, text)
    return None

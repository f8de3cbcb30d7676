"""From many systems to the org report: compare with the history, record, write.

What ``aimm scan`` and ``aimm aggregate`` do once they hold the systems' postures::

    from datetime import date
    from aimm.org.scan import scan
    from aimm.org.publish import finish, write
    systems, problems = scan(["/srv/checkouts"], today=date(2026, 11, 21), jobs=2)
    report = finish(systems, problems, today=date(2026, 11, 21), history=None)
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from aimm.core.errors import ExitCode, UsageError
from aimm.core.files import destination, ensure_folder, write_all_atomic, write_atomic
from aimm.core.model import Model, ModelPath, load_model
from aimm.org import formats as org_formats
from aimm.org.history import History
from aimm.org.records import SystemPosture, Unevaluated, pack_loader
from aimm.org.report import EXPIRING_DAYS, OrgReport, TrendPoint, build, pack_ids


def finish(
    systems: Sequence[SystemPosture],
    problems: Sequence[Unevaluated],
    *,
    today: date,
    history: History | None,
    expiring_days: int = EXPIRING_DAYS,
    model: Model | None = None,
    installed: ModelPath | None = None,
    inventory: Mapping[str, Any] | None = None,
) -> OrgReport:
    """Build the org report with the trend since the history's previous snapshot of the
    same model and the chart over its snapshots, and record this one (replacing a snapshot of
    the same date and model). The other models the systems were evaluated for (found in
    ``installed``) get their own sections, trend and snapshots; ``inventory`` is the org
    config's, for org-scope controls."""
    model = model or load_model()
    load = pack_loader(installed or ModelPath())
    packs = {m: found for m in pack_ids(systems) if (found := load(m)) is not None}
    previous = history.previous(today, model.id) if history is not None else None
    report = build(
        systems,
        problems,
        today=today,
        model=model,
        previous=previous,
        expiring_days=expiring_days,
        history=_points(history, model),
        packs=packs,
        pack_previous={
            m: history.previous(today, m) if history is not None else None for m in packs
        },
        pack_history={m: _points(history, pack) for m, pack in packs.items()},
        inventory=inventory,
    )
    if history is not None:
        history.record(report)
        for pack_report in report.packs:
            history.record(pack_report)
    return report


def _points(history: History | None, model: Model) -> list[TrendPoint]:
    """The model's recorded snapshots as trend chart points (none without a history)."""
    if history is None:
        return []
    return [
        TrendPoint(p.taken_on, p.systems, p.passing, dict(p.levels))
        for p in history.org_series(list(model.dimensions), model.id)
    ]


def write(
    report: OrgReport, formats: Sequence[str], output: Path | None, output_dir: Path | None
) -> str | None:
    """Render and write the report; returns the text for stdout when there is no file.

    With ``output_dir``, every format is rendered before any file is written, so a failure
    leaves no partial set.
    """
    if output_dir is not None:
        rendered = {fmt: org_formats.get(fmt)(report) for fmt in formats}
        ensure_folder(output_dir, "--output-dir")
        write_all_atomic({output_dir / org_formats.file_name(f): t for f, t in rendered.items()})
        return None
    (fmt,) = formats
    text = org_formats.get(fmt)(report)
    if output is None:
        return text
    write_atomic(output, text)
    return None


Collect = Callable[[], tuple[list[SystemPosture], list[Unevaluated]]]


@dataclass(frozen=True)
class PublishRequest:
    """How ``aimm scan`` and ``aimm aggregate`` publish the org report (their options, typed)."""

    today: date
    model: Model
    history: str | None = None
    installed: ModelPath | None = None  # where the other models of the results are found
    formats: tuple[str, ...] = ()
    output: Path | None = None
    output_dir: Path | None = None
    expiring_within: int = EXPIRING_DAYS
    fail_on: str = "floors"
    # The org config's inventory counts (org-scope controls): from --config.
    inventory: Mapping[str, Any] = field(default_factory=dict)

    def chosen_formats(self) -> list[str]:
        """The formats to write (default markdown), checked against the output options."""
        chosen = list(dict.fromkeys(self.formats)) or ["markdown"]
        if len(chosen) > 1 and self.output_dir is None:
            raise UsageError("several --format values need --output-dir (one file per format)")
        if self.output is not None and self.output_dir is not None:
            raise UsageError("use either --output or --output-dir, not both")
        return chosen


def publish(collect: Collect, request: PublishRequest) -> tuple[str, ExitCode]:
    """Collect the systems, build the org report against the history (recording this run's
    snapshot), write it; the text for stdout (empty when written to files) and the exit code."""
    chosen = request.chosen_formats()
    # Outputs that will be refused are refused now, before the scan and the history write.
    if request.output is not None:
        destination(request.output)
    if request.output_dir is not None:
        for fmt in chosen:
            destination(request.output_dir / org_formats.file_name(fmt))
    store = History(request.history) if request.history is not None else None
    try:
        systems, problems = collect()
        report = finish(
            systems,
            problems,
            today=request.today,
            history=store,
            expiring_days=request.expiring_within,
            model=request.model,
            installed=request.installed,
            inventory=request.inventory,
        )
    finally:
        if store is not None:
            store.close()
    text = write(report, chosen, request.output, request.output_dir)
    return text or "", report.exit_code(request.fail_on)


def history_location(history: str | None, no_history: bool, default: Path) -> str | None:
    """The history database to use, or None with ``--no-history``."""
    if no_history and history is not None:
        raise UsageError("use either --history or --no-history, not both")
    if no_history:
        return None
    return history or str(default)

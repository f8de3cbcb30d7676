"""Benchmark the history at scale: N systems x M snapshots (default 10,000 x 50) on SQLite.

Builds the same snapshots twice, in two temporary files:

- the first schema (version 1: one row per system per dimension per snapshot, every name
  repeated in the row and the key), written with the v1 table definitions aimm still holds
  for its migration;
- the normalised schema (version 2), written through ``History.record`` as ``aimm scan``
  does (one transaction per snapshot).

Then prints, with ratios:

- the size of each file, and of the first one after aimm migrated it (open + VACUUM);
- ``aimm history``'s read (``History.org_series``: every snapshot's median level per
  dimension) against a plain read of the same rows (``SELECT`` and fetch with sqlite3, no
  processing), on the new schema; and the first schema's read pattern against a plain read
  of its rows, for comparison;
- the time to record one snapshot and to migrate the whole first-schema file.

    python benchmarks/history_bench.py [--systems 10000] [--snapshots 50] [--repeat 3]
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine

from aimm.org import history as store_module
from aimm.org.history import History

DIMENSIONS = ("visibility", "evaluation", "cost", "access", "audit")
MODEL = "default"


@dataclass(frozen=True)
class _Posture:
    repository: str
    system: str
    team: str
    business_unit: str | None
    tier: str | None
    gate_passed: bool
    levels: dict[str, int]
    floors: dict[str, int]


@dataclass(frozen=True)
class _Row:
    posture: _Posture


@dataclass(frozen=True)
class _Headline:
    systems: int
    passing: int
    unevaluated: int = 0


@dataclass(frozen=True)
class _Report:
    """What ``History.record`` reads of an OrgReport."""

    today: str
    systems: list[_Row]
    headline: _Headline
    model: str = MODEL
    dimensions: tuple[str, ...] = field(default=DIMENSIONS)


def snapshots(systems: int, count: int, seed: int = 7) -> Iterator[_Report]:
    """``count`` snapshots of ``systems`` systems, a week apart, levels drifting upwards."""
    rng = random.Random(seed)
    names = [
        (
            f"acme-platform/service-{i:05d}",
            f"system-{i:05d}",
            f"team-{i % 700:03d}",
            f"business-unit-{i % 40:02d}" if i % 9 else None,
            ("low", "medium", "high", "critical")[i % 4],
        )
        for i in range(systems)
    ]
    levels = [{d: rng.choice((1, 2, 2, 3, 3, 4)) for d in DIMENSIONS} for _ in range(systems)]
    floors = [dict.fromkeys(DIMENSIONS, 1 + (i % 4 > 1)) for i in range(systems)]
    day = date(2025, 12, 1)
    for _ in range(count):
        for held in levels:
            if rng.random() < 0.05:
                dim = rng.choice(DIMENSIONS)
                held[dim] = min(5, held[dim] + 1)
        rows = [
            _Row(_Posture(r, s, t, u, tier, lv["evaluation"] >= fl["evaluation"], dict(lv), fl))
            for (r, s, t, u, tier), lv, fl in zip(names, levels, floors, strict=True)
        ]
        passing = sum(row.posture.gate_passed for row in rows)
        yield _Report(day.isoformat(), rows, _Headline(systems, passing))
        day += timedelta(days=7)


def write_v1(path: Path, reports: list[_Report]) -> None:
    """The first schema, as aimm 0.1 wrote it."""
    engine = create_engine(f"sqlite:///{path}")
    store_module._v1.create_all(engine)
    engine.dispose()
    with sqlite3.connect(path) as db:
        for number, report in enumerate(reports, 1):
            db.execute(
                "insert into aimm_snapshots values (?, ?, ?, ?, ?, ?)",
                (number, report.today, MODEL, report.headline.systems, report.headline.passing, 0),
            )
            db.executemany(
                "insert into aimm_system_levels values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    (
                        number,
                        p.repository,
                        p.system,
                        d,
                        p.team,
                        p.business_unit,
                        p.tier,
                        p.gate_passed,
                        level,
                        p.floors[d],
                    )
                    for p in (row.posture for row in report.systems)
                    for d, level in p.levels.items()
                ),
            )


def v1_history_read(path: Path) -> list[tuple[str, dict[str, float]]]:
    """The first schema's ``aimm history`` read: per snapshot, its rows, then medians."""
    out = []
    with sqlite3.connect(path) as db:
        dated = db.execute("select id, taken_on from aimm_snapshots order by taken_on").fetchall()
        for snapshot_id, taken_on in dated:
            values: dict[str, list[int]] = defaultdict(list)
            for dim, level in db.execute(
                "select dimension, level from aimm_system_levels where snapshot_id = ?",
                (snapshot_id,),
            ):
                values[dim].append(level)
            out.append((taken_on, {d: float(statistics.median(v)) for d, v in values.items()}))
    return out


def plain_read(path: Path, query: str) -> int:
    """Fetch every row of ``query``, nothing else: the floor for reading them."""
    with sqlite3.connect(path) as db:
        return len(db.execute(query).fetchall())


def best(repeat: int, work: Callable[[], Any]) -> float:
    """The fastest of ``repeat`` runs, in seconds."""
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    return min(times)


def main(argv: list[str] | None = None) -> int:
    """Build both files, measure, print."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--systems", type=int, default=10_000)
    parser.add_argument("--snapshots", type=int, default=50)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    folder = Path(tempfile.mkdtemp(prefix="aimm-history-bench-"))
    try:
        reports = list(snapshots(args.systems, args.snapshots))
        v1, v2, migrated = folder / "v1.sqlite", folder / "v2.sqlite", folder / "migrated.sqlite"
        started = time.perf_counter()
        write_v1(v1, reports)
        print(f"first schema written in {time.perf_counter() - started:.1f} s")
        started = time.perf_counter()
        with History(str(v2)) as store:
            for report in reports:
                store.record(report)  # type: ignore[arg-type]  # what record reads of a report
        record_each = (time.perf_counter() - started) / len(reports)
        shutil.copy(v1, migrated)
        started = time.perf_counter()
        History(str(migrated)).close()
        migrate_time = time.perf_counter() - started

        sizes = {p: os.path.getsize(p) for p in (v1, v2, migrated)}
        rows_v1 = plain_read(v1, "select snapshot_id, dimension, level from aimm_system_levels")
        rows_v2 = plain_read(v2, "select snapshot_id, levels from aimm_posture")

        def read_v2() -> None:
            with History(str(v2), create=False) as store:
                store.org_series(list(DIMENSIONS), MODEL)

        plain_v2 = best(args.repeat, lambda: plain_read(v2, "select levels from aimm_posture"))
        history_v2 = best(args.repeat, read_v2)
        plain_v1 = best(
            args.repeat,
            lambda: plain_read(v1, "select dimension, level from aimm_system_levels"),
        )
        history_v1 = best(args.repeat, lambda: v1_history_read(v1))
        with History(str(v2), create=False) as store:
            new = [p.levels for p in store.org_series(list(DIMENSIONS), MODEL)]
        old = [levels for _, levels in v1_history_read(v1)]
        assert new == old, "the two schemas' histories differ"

        mb = 1024 * 1024
        print(f"{args.systems:,} systems x {args.snapshots} snapshots, {len(DIMENSIONS)} dims")
        print(f"size, first schema:      {sizes[v1] / mb:8.1f} MB ({rows_v1:,} rows)")
        print(f"size, normalised:        {sizes[v2] / mb:8.1f} MB ({rows_v2:,} rows)")
        print(f"size, first migrated:    {sizes[migrated] / mb:8.1f} MB")
        print(f"  ratio first / normalised:          {sizes[v1] / sizes[v2]:6.1f}x")
        print(f"aimm history read, normalised:  {history_v2 * 1000:8.0f} ms")
        print(f"plain read of its rows:         {plain_v2 * 1000:8.0f} ms")
        print(f"  ratio history / plain read:        {history_v2 / plain_v2:6.2f}x")
        print(f"aimm history read, first schema:{history_v1 * 1000:8.0f} ms")
        print(f"plain read of its rows:         {plain_v1 * 1000:8.0f} ms")
        print(f"  ratio history / plain read:        {history_v1 / plain_v1:6.2f}x")
        print(f"  ratio first / normalised history:  {history_v1 / history_v2:6.1f}x")
        print(f"record one snapshot: {record_each * 1000:.0f} ms; migrate the first file: "
              f"{migrate_time:.1f} s")  # fmt: skip
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Snapshots of the org report over time, through SQLAlchemy Core.

A history is any database SQLAlchemy reaches by URL: SQLite by default (a file path is
taken as ``sqlite:///<path>``), or a shared server (``postgresql://...``, with its driver
installed) with no code change. One snapshot per date: recording a date again replaces that
date's snapshot, so reruns on one day never duplicate. Each snapshot holds every system's
level and floor per dimension, its team, business unit, tier and gate; the trend compares a
report with the latest snapshot before its date.
"""

from __future__ import annotations

import os
import re
import statistics
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from types import TracebackType
from typing import Any

from sqlalchemy import (
    Boolean,
    Column,
    Date,
    Engine,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Table,
    create_engine,
    delete,
    func,
    inspect,
    select,
)
from sqlalchemy.exc import SQLAlchemyError

from aimm.core.errors import UsageError
from aimm.org.report import OrgReport, Snapshot, SnapshotSystem, number

DEFAULT_FILE = Path(".aimm") / "history.sqlite"

metadata = MetaData()
snapshots = Table(
    "aimm_snapshots",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("taken_on", Date, nullable=False, unique=True),
    Column("model", String(64), nullable=False),
    Column("systems", Integer, nullable=False),
    Column("passing", Integer, nullable=False),
    Column("could_not_evaluate", Integer, nullable=False),
)
system_levels = Table(
    "aimm_system_levels",
    metadata,
    Column("snapshot_id", Integer, ForeignKey("aimm_snapshots.id"), primary_key=True),
    Column("repository", String(512), primary_key=True),
    Column("system", String(128), primary_key=True),
    Column("dimension", String(64), primary_key=True),
    Column("team", String(256), nullable=False),
    Column("business_unit", String(256), nullable=True),
    Column("tier", String(32), nullable=True),
    Column("gate_passed", Boolean, nullable=False),
    Column("level", Integer, nullable=False),
    Column("floor", Integer, nullable=False),
)


_PASSWORD = re.compile(r"(://[^:/@\s]*:)[^@\s]*@")
OURS = {table.name: {c.name for c in table.columns} for table in (snapshots, system_levels)}


def redact(text: str) -> str:
    """``text`` with the password of any database URL in it replaced by ``***``."""
    return _PASSWORD.sub(r"\1***@", text)


def _check_not_linked(value: str, path: Path) -> None:
    """A history file, or the folder holding it, may not be a symbolic link: a repository
    that commits ``.aimm/history.sqlite`` as a link would have aimm write wherever it points."""
    for candidate in (path, path.parent):
        if str(candidate) not in ("", ".") and candidate.is_symlink():
            raise UsageError(
                f"history {value}: {candidate} is a symbolic link (to {os.readlink(candidate)}); "
                "aimm does not write through links: name the database file itself"
            )


def database_url(value: str, *, create: bool = True) -> str:
    """A database URL as given, or a file path as an SQLite URL (its folder created when
    ``create``)."""
    if "://" in value:
        return value
    given = Path(value).expanduser()
    _check_not_linked(value, given)
    if given.exists() and not given.is_file():
        raise UsageError(f"history {value}: is not a file")
    path = given.resolve()
    if create:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise UsageError(f"history {value}: cannot create its folder: {exc.strerror}") from exc
    return f"sqlite:///{path.as_posix()}"


def _failure(where: str, exc: BaseException) -> UsageError:
    text = str(getattr(exc, "orig", None) or exc).strip()
    first = text.splitlines()[0] if text else type(exc).__name__
    return UsageError(redact(f"history database {where}: {first}"))


def _damaged(where: str, exc: BaseException) -> UsageError:
    return UsageError(
        redact(f"history database {where}: a row is damaged ({exc}); repair or remove it")
    )


@dataclass(frozen=True)
class SeriesPoint:
    """One date of a series: the system's levels (or the org's medians) and its gate."""

    taken_on: str
    repository: str | None
    levels: dict[str, int | float]
    systems: int
    passing: int

    def as_dict(self) -> dict[str, Any]:
        """JSON view."""
        return {
            "date": self.taken_on,
            "repository": self.repository,
            "levels": dict(self.levels),
            "systems": self.systems,
            "passing": self.passing,
        }


class History:
    """A snapshot store at a database URL (or SQLite file path).

    Opening checks what is there before anything is written: a database that holds aimm's
    tables with other columns, only one of them, or (an SQLite file) only other tables is
    refused, so aimm never adds its tables to another application's database. With
    ``create=False`` (reading) nothing is ever created."""

    def __init__(self, location: str, *, create: bool = True) -> None:
        self.location = redact(location)
        url = database_url(location, create=create)
        try:
            self.engine: Engine = create_engine(url)
            # The tables are made when the first snapshot is recorded, not now: a run that
            # stops before then (Ctrl-C, a failing scan) leaves no half-made history.
            self._ready = self._check_tables(url, create)
        except SQLAlchemyError as exc:
            raise _failure(self.location, exc) from exc
        except ModuleNotFoundError as exc:  # the URL's database driver is not installed
            raise UsageError(
                f"history database {self.location}: its driver is not installed "
                f"(pip install {exc.name}), or use a SQLite file"
            ) from exc

    def _check_tables(self, url: str, create: bool) -> bool:
        """Whether aimm's tables are there (refusing a database that is not an aimm history,
        or, when not ``create``, one without a history)."""
        tables = set(inspect(self.engine).get_table_names())
        ours = tables & set(OURS)
        where = self.location
        if ours == set(OURS):
            for name, columns in OURS.items():
                found = {c["name"] for c in inspect(self.engine).get_columns(name)}
                if not columns <= found:
                    missing = ", ".join(sorted(columns - found))
                    raise UsageError(
                        f"history database {where}: not an aimm history (table {name} lacks "
                        f"{missing})"
                    )
            return True
        if ours:
            raise UsageError(
                f"history database {where}: damaged: it has {', '.join(sorted(ours))} but not "
                f"{', '.join(sorted(set(OURS) - ours))}"
            )
        if tables and url.startswith("sqlite"):
            raise UsageError(
                f"history database {where}: not an aimm history database (it holds other "
                f"tables: {', '.join(sorted(tables)[:5])}); name another file"
            )
        if not create:
            raise UsageError(f"history database {where}: holds no aimm history yet")
        return False

    def __enter__(self) -> History:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        """Release the connections."""
        self.engine.dispose()

    def record(self, report: OrgReport) -> None:
        """Store the report's snapshot under its date, replacing that date's snapshot."""
        taken_on = date.fromisoformat(report.today)
        rows = [
            {
                "repository": row.posture.repository,
                "system": row.posture.system,
                "dimension": dim,
                "team": row.posture.team,
                "business_unit": row.posture.business_unit,
                "tier": row.posture.tier,
                "gate_passed": row.posture.gate_passed,
                "level": level,
                "floor": row.posture.floors.get(dim, 1),
            }
            for row in report.systems
            for dim, level in row.posture.levels.items()
        ]
        try:
            if not self._ready:
                metadata.create_all(self.engine)
                self._ready = True
            with self.engine.begin() as conn:
                old = conn.execute(
                    select(snapshots.c.id).where(snapshots.c.taken_on == taken_on)
                ).scalar_one_or_none()
                if old is not None:
                    conn.execute(delete(system_levels).where(system_levels.c.snapshot_id == old))
                    conn.execute(delete(snapshots).where(snapshots.c.id == old))
                inserted = conn.execute(
                    snapshots.insert().values(
                        taken_on=taken_on,
                        model=report.model,
                        systems=report.headline.systems,
                        passing=report.headline.passing,
                        could_not_evaluate=report.headline.unevaluated,
                    )
                ).inserted_primary_key
                if inserted is None:
                    raise UsageError(f"history database {self.location}: no snapshot id returned")
                new_id = inserted[0]
                if rows:
                    conn.execute(
                        system_levels.insert(), [{**r, "snapshot_id": new_id} for r in rows]
                    )
        except SQLAlchemyError as exc:
            raise _failure(self.location, exc) from exc

    def previous(self, before: date) -> Snapshot | None:
        """The latest snapshot strictly before ``before``, or None."""
        if not self._ready:
            return None
        try:
            with self.engine.connect() as conn:
                found = conn.execute(
                    select(snapshots.c.id, snapshots.c.taken_on)
                    .where(snapshots.c.taken_on < before)
                    .order_by(snapshots.c.taken_on.desc())
                    .limit(1)
                ).first()
                if found is None:
                    return None
                result = conn.execute(
                    select(
                        system_levels.c.repository,
                        system_levels.c.system,
                        system_levels.c.team,
                        system_levels.c.business_unit,
                        system_levels.c.dimension,
                        system_levels.c.level,
                    ).where(system_levels.c.snapshot_id == found.id)
                )
                levels: dict[tuple[str, str], dict[str, int]] = defaultdict(dict)
                owners: dict[tuple[str, str], tuple[str, str | None]] = {}
                for repo, system, team, unit, dim, level in result:
                    levels[(repo, system)][dim] = _whole(level)
                    owners[(repo, system)] = (team, unit)
        except SQLAlchemyError as exc:
            raise _failure(self.location, exc) from exc
        except (ValueError, TypeError) as exc:
            raise _damaged(self.location, exc) from exc
        return Snapshot(
            found.taken_on.isoformat(),
            {key: SnapshotSystem(owners[key][0], owners[key][1], lv) for key, lv in levels.items()},
        )

    def latest_model(self) -> str | None:
        """The model of the latest snapshot (its dimensions head the series), if any."""
        query = select(snapshots.c.model).order_by(snapshots.c.taken_on.desc()).limit(1)
        try:
            with self.engine.connect() as conn:
                value = conn.execute(query).scalar_one_or_none()
        except SQLAlchemyError as exc:
            raise _failure(self.location, exc) from exc
        return str(value) if value else None

    def org_series(self, dimensions: list[str]) -> list[SeriesPoint]:
        """Per snapshot: systems, passing, and the median level of each dimension."""
        points = []
        try:
            with self.engine.connect() as conn:
                dates = [
                    (row.id, row.taken_on, row.systems, row.passing)
                    for row in conn.execute(
                        select(
                            snapshots.c.id,
                            snapshots.c.taken_on,
                            snapshots.c.systems,
                            snapshots.c.passing,
                        ).order_by(snapshots.c.taken_on)
                    )
                ]
                for snapshot_id, taken_on, systems, passing in dates:
                    values: dict[str, list[int]] = defaultdict(list)
                    for dim, level in conn.execute(
                        select(system_levels.c.dimension, system_levels.c.level).where(
                            system_levels.c.snapshot_id == snapshot_id
                        )
                    ):
                        values[dim].append(_whole(level))
                    medians = {
                        d: number(float(statistics.median(values[d])))
                        for d in dimensions
                        if values[d]
                    }
                    points.append(
                        SeriesPoint(taken_on.isoformat(), None, medians, systems, passing)
                    )
        except SQLAlchemyError as exc:
            raise _failure(self.location, exc) from exc
        except (ValueError, TypeError) as exc:
            raise _damaged(self.location, exc) from exc
        return points

    def system_series(self, system: str) -> list[SeriesPoint]:
        """Per snapshot holding ``system`` (in any repository): its levels and its gate."""
        query = (
            select(
                snapshots.c.taken_on,
                system_levels.c.repository,
                system_levels.c.dimension,
                system_levels.c.level,
                system_levels.c.gate_passed,
            )
            .join(snapshots, snapshots.c.id == system_levels.c.snapshot_id)
            .where(system_levels.c.system == system)
            .order_by(system_levels.c.repository, snapshots.c.taken_on)
        )
        points: dict[tuple[str, date], dict[str, Any]] = {}
        try:
            with self.engine.connect() as conn:
                for taken_on, repo, dim, level, passed in conn.execute(query):
                    point = points.setdefault((repo, taken_on), {"levels": {}, "passed": passed})
                    point["levels"][dim] = _whole(level)
        except SQLAlchemyError as exc:
            raise _failure(self.location, exc) from exc
        except (ValueError, TypeError) as exc:
            raise _damaged(self.location, exc) from exc
        return [
            SeriesPoint(taken_on.isoformat(), repo, p["levels"], 1, int(bool(p["passed"])))
            for (repo, taken_on), p in sorted(points.items())
        ]

    def count(self) -> int:
        """How many snapshots the history holds."""
        if not self._ready:
            return 0
        try:
            with self.engine.connect() as conn:
                return int(conn.execute(select(func.count()).select_from(snapshots)).scalar_one())
        except SQLAlchemyError as exc:
            raise _failure(self.location, exc) from exc


def _whole(value: object) -> int:
    """A level read back from the database: a whole number, else the row is damaged."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"level {value!r} is not a whole number")
    return value


def open_existing(location: str) -> History:
    """A history that must already exist (for reading, never creating anything): a missing
    file is a usage error."""
    given = Path(location).expanduser()
    if "://" not in location and not given.is_file() and not given.is_symlink():
        raise UsageError(
            f"no history at {location} (aimm scan and aimm aggregate record one; "
            "name it with --history)"
        )
    return History(location, create=False)


def format_series(points: list[SeriesPoint], dimensions: list[str], system: str | None) -> str:
    """Level over time as a text table: one row per date (and repository, for a system)."""
    if system is None:
        head = ["date", "systems", "passing", *dimensions]
        note = "median level per dimension"
    else:
        head = ["date", "repository", *dimensions, "gate"]
        note = f"levels of {system}"
    rows = []
    for p in points:
        levels = [str(p.levels.get(d, "")) for d in dimensions]
        if system is None:
            share = f"{p.passing} ({round(100 * p.passing / p.systems) if p.systems else 0}%)"
            rows.append([p.taken_on, str(p.systems), share, *levels])
        else:
            rows.append([p.taken_on, p.repository or "", *levels, "pass" if p.passing else "FAIL"])
    widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(head)]
    lines = [f"{len(points)} snapshots; {note}", ""]
    for row in [head, *rows]:
        cells = [
            c.ljust(w) if i == 0 or (system is not None and i == 1) else c.rjust(w)
            for i, (c, w) in enumerate(zip(row, widths, strict=True))
        ]
        lines.append("  ".join(cells).rstrip())
    return "\n".join(lines) + "\n"

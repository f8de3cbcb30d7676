"""Snapshots of the org report over time, through SQLAlchemy Core.

A history is any database SQLAlchemy reaches by URL: SQLite by default (a file path is
taken as ``sqlite:///<path>``), or a shared server (``postgresql://...``, with its driver
installed) with no code change. One snapshot per date and model: recording a date again for
the same model replaces that snapshot, so reruns on one day never duplicate. Each snapshot
holds every system's level and floor per dimension, its team, business unit, tier and gate;
the trend compares a report with the latest snapshot of its model before its date.

The tables (schema version 2) are normalised: names live once in their own tables
(``aimm_model``, ``aimm_team``, ``aimm_unit``, ``aimm_system`` keyed by integer ids), a
snapshot (``aimm_snapshot``) lists its dimensions once, and ``aimm_posture`` holds one row
per system per snapshot with the levels and floors packed one digit per dimension in the
snapshot's dimension order (a model's levels are 0-9: ``controls/model.schema.json``; ``-``
marks a dimension a system had no level for). 10,000 systems x 50 snapshots take about a
fifteenth of the first schema's space (``benchmarks/history_bench.py``).

``aimm_schema_version`` holds the version. A history of the first schema (version 1:
``aimm_snapshots`` and ``aimm_system_levels``, one row per system per dimension with every
name repeated) is migrated when opened, in one transaction: either every snapshot is moved
and the old tables dropped, or nothing changes. A history of a newer version is refused.
"""

from __future__ import annotations

import os
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from types import TracebackType
from typing import Any

from sqlalchemy import (
    Boolean,
    Column,
    Connection,
    Date,
    Engine,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Table,
    UniqueConstraint,
    create_engine,
    delete,
    event,
    func,
    inspect,
    select,
)
from sqlalchemy.exc import SQLAlchemyError

from aimm.core.errors import UsageError
from aimm.core.model import DEFAULT_MODEL
from aimm.org.report import OrgReport, Snapshot, SnapshotSystem, number

DEFAULT_FILE = Path(".aimm") / "history.sqlite"
SCHEMA_VERSION = 2
MISSING = "-"  # a dimension a system has no level for, in a packed string
_INSERT_BATCH = 5000

metadata = MetaData()
schema_version = Table(
    "aimm_schema_version",
    metadata,
    Column("version", Integer, nullable=False),
)
models = Table(
    "aimm_model",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("name", String(64), nullable=False, unique=True),
)
teams = Table(
    "aimm_team",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("name", String(256), nullable=False, unique=True),
)
units = Table(
    "aimm_unit",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("name", String(256), nullable=False, unique=True),
)
systems = Table(
    "aimm_system",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("repository", String(512), nullable=False),
    Column("name", String(128), nullable=False),
    UniqueConstraint("repository", "name", name="aimm_system_repository_name"),
)
snapshots = Table(
    "aimm_snapshot",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("taken_on", Date, nullable=False),
    Column("model_id", Integer, ForeignKey("aimm_model.id"), nullable=False),
    # The dimension ids, comma-separated, in the order of every packed string of the snapshot.
    Column("dimensions", String(1024), nullable=False),
    Column("systems", Integer, nullable=False),
    Column("passing", Integer, nullable=False),
    Column("could_not_evaluate", Integer, nullable=False),
    UniqueConstraint("taken_on", "model_id", name="aimm_snapshot_date_model"),
)
postures = Table(
    "aimm_posture",
    metadata,
    Column("snapshot_id", Integer, ForeignKey("aimm_snapshot.id"), primary_key=True),
    Column("system_id", Integer, ForeignKey("aimm_system.id"), primary_key=True),
    Column("team_id", Integer, ForeignKey("aimm_team.id"), nullable=False),
    Column("unit_id", Integer, ForeignKey("aimm_unit.id"), nullable=True),
    Column("tier", String(32), nullable=True),
    Column("gate_passed", Boolean, nullable=False),
    Column("levels", String(64), nullable=False),
    Column("floors", String(64), nullable=False),
    # SQLite: the primary key is the table (no separate rowid b-tree holding it again).
    sqlite_with_rowid=False,
)

# The first schema (version 1), read only to migrate it.
_v1 = MetaData()
v1_snapshots = Table(
    "aimm_snapshots",
    _v1,
    Column("id", Integer, primary_key=True),
    Column("taken_on", Date, nullable=False),
    Column("model", String(64), nullable=False),
    Column("systems", Integer, nullable=False),
    Column("passing", Integer, nullable=False),
    Column("could_not_evaluate", Integer, nullable=False),
)
v1_levels = Table(
    "aimm_system_levels",
    _v1,
    Column("snapshot_id", Integer, primary_key=True),
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
OURS = {table.name: {c.name for c in table.columns} for table in metadata.sorted_tables}
V1 = {table.name: {c.name for c in table.columns} for table in _v1.sorted_tables}


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


def _transactional_sqlite(engine: Engine) -> None:
    """Make SQLite's DDL transactional: Python's sqlite3 module commits before a CREATE or
    DROP on its own, which would let a migration stop half done. aimm begins every
    transaction itself instead (the recipe in SQLAlchemy's SQLite dialect documentation)."""

    @event.listens_for(engine, "connect")
    def _no_implicit_transactions(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None

    @event.listens_for(engine, "begin")
    def _begin(connection: Connection) -> None:
        connection.exec_driver_sql("BEGIN")


def pack(values: Sequence[int | None]) -> str:
    """Levels (or floors) as one digit per dimension; None is ``-``."""
    out = []
    for value in values:
        if value is None:
            out.append(MISSING)
        elif isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 9:
            raise ValueError(f"level {value!r} is not a whole number from 0 to 9")
        else:
            out.append(str(value))
    return "".join(out)


def unpack(packed: object, dimensions: Sequence[str]) -> dict[str, int]:
    """The levels of a packed string by dimension (a ``-`` left out); anything else than a
    digit or ``-`` per dimension is a damaged row (ValueError)."""
    if not isinstance(packed, str) or len(packed) != len(dimensions):
        raise ValueError(f"levels {packed!r} do not match the dimensions {','.join(dimensions)}")
    levels = {}
    for dimension, char in zip(dimensions, packed, strict=True):
        if char == MISSING:
            continue
        if not "0" <= char <= "9":
            raise ValueError(f"level {char!r} is not a whole number")
        levels[dimension] = ord(char) - 48
    return levels


def _dimensions_of(value: object) -> list[str]:
    if not isinstance(value, str) or not value:
        raise ValueError(f"dimensions {value!r} are not a list")
    return value.split(",")


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
    tables with other columns, only some of them, or (an SQLite file) only other tables is
    refused, so aimm never adds its tables to another application's database. A history of
    the first schema is migrated (atomically), one of a newer schema refused. With
    ``create=False`` (reading) no table is ever created."""

    def __init__(self, location: str, *, create: bool = True) -> None:
        self.location = redact(location)
        url = database_url(location, create=create)
        try:
            self.engine: Engine = create_engine(url)
            if self.engine.dialect.name == "sqlite":
                _transactional_sqlite(self.engine)
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

    def _columns_match(self, expected: dict[str, set[str]]) -> None:
        where = self.location
        for name, columns in expected.items():
            found = {c["name"] for c in inspect(self.engine).get_columns(name)}
            if not columns <= found:
                missing = ", ".join(sorted(columns - found))
                raise UsageError(
                    f"history database {where}: not an aimm history (table {name} lacks {missing})"
                )

    def _check_tables(self, url: str, create: bool) -> bool:
        """Whether aimm's tables are there (refusing a database that is not an aimm history,
        a newer one, or, when not ``create``, one without a history); migrates the first
        schema."""
        tables = set(inspect(self.engine).get_table_names())
        ours, old = tables & set(OURS), tables & set(V1)
        where = self.location
        if schema_version.name in tables:
            with self.engine.connect() as conn:
                found = conn.execute(select(func.max(schema_version.c.version))).scalar()
            if isinstance(found, int) and found > SCHEMA_VERSION:
                raise UsageError(
                    f"history database {where}: written by a newer aimm (schema version "
                    f"{found}; this aimm reads up to {SCHEMA_VERSION}); upgrade aimm"
                )
        if ours:
            if ours != set(OURS) or old:
                missing = sorted(set(OURS) - ours) or sorted(old)
                raise UsageError(
                    f"history database {where}: damaged: it has {', '.join(sorted(ours))} "
                    f"but {'not ' if ours != set(OURS) else 'also '}{', '.join(missing)}"
                )
            self._columns_match(OURS)
            with self.engine.connect() as conn:
                found = conn.execute(select(func.max(schema_version.c.version))).scalar()
            if found != SCHEMA_VERSION:
                raise UsageError(f"history database {where}: damaged: schema version {found!r}")
            return True
        if old:
            if old != set(V1):
                raise UsageError(
                    f"history database {where}: damaged: it has {', '.join(sorted(old))} but "
                    f"not {', '.join(sorted(set(V1) - old))}"
                )
            self._columns_match(V1)
            self._migrate()
            return True
        if tables and url.startswith("sqlite"):
            raise UsageError(
                f"history database {where}: not an aimm history database (it holds other "
                f"tables: {', '.join(sorted(tables)[:5])}); name another file"
            )
        if not create:
            raise UsageError(f"history database {where}: holds no aimm history yet")
        return False

    def _migrate(self) -> None:
        """Move every snapshot of the first schema into the normalised tables and drop the
        old ones, in one transaction (a failure, or a damaged row, changes nothing)."""
        try:
            with self.engine.begin() as conn:
                metadata.create_all(conn)
                names = _Names(conn)
                old = conn.execute(select(v1_snapshots).order_by(v1_snapshots.c.id)).all()
                for snap in old:
                    rows = conn.execute(
                        select(v1_levels)
                        .where(v1_levels.c.snapshot_id == snap.id)
                        .order_by(v1_levels.c.repository, v1_levels.c.system)
                    ).all()
                    dims = sorted({str(r.dimension) for r in rows})
                    by_system: dict[tuple[str, str], dict[str, Any]] = {}
                    for r in rows:
                        entry = by_system.setdefault(
                            (r.repository, r.system),
                            {"team": r.team, "unit": r.business_unit, "tier": r.tier,
                             "gate": bool(r.gate_passed), "levels": {}, "floors": {}},
                        )  # fmt: skip
                        entry["levels"][r.dimension] = _whole(r.level)
                        entry["floors"][r.dimension] = _whole(r.floor)
                    snapshot_id = _insert_snapshot(
                        conn,
                        taken_on=_day(snap.taken_on),
                        model_id=names.model(str(snap.model)),
                        dimensions=dims,
                        counts=(snap.systems, snap.passing, snap.could_not_evaluate),
                    )
                    _insert_postures(
                        conn,
                        names,
                        snapshot_id,
                        dims,
                        [
                            (
                                repo,
                                system,
                                e["team"],
                                e["unit"],
                                e["tier"],
                                e["gate"],
                                e["levels"],
                                e["floors"],
                            )
                            for (repo, system), e in by_system.items()
                        ],
                    )
                v1_levels.drop(conn)
                v1_snapshots.drop(conn)
                conn.execute(schema_version.insert().values(version=SCHEMA_VERSION))
        except SQLAlchemyError as exc:
            raise _failure(self.location, exc) from exc
        except (ValueError, TypeError) as exc:
            raise _damaged(self.location, exc) from exc
        if self.engine.dialect.name == "sqlite":
            self._vacuum()

    def _vacuum(self) -> None:
        """Give the dropped tables' pages back to the file system (SQLite keeps them
        otherwise: a migrated file would stay its old size). The data is committed by
        now, so a failure only leaves the file larger than it need be."""
        raw = self.engine.raw_connection()
        try:
            raw.driver_connection.execute("VACUUM")  # type: ignore[union-attr]
        except Exception:  # the history is intact either way
            return
        finally:
            raw.close()

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
        """Store the report's snapshot under its date and model, replacing that snapshot."""
        taken_on = date.fromisoformat(report.today)
        dims = list(report.dimensions)
        rows = [
            (
                row.posture.repository,
                row.posture.system,
                row.posture.team,
                row.posture.business_unit,
                row.posture.tier,
                row.posture.gate_passed,
                dict(row.posture.levels),
                {d: row.posture.floors.get(d, 1) for d in row.posture.levels},
            )
            for row in report.systems
        ]
        try:
            with self.engine.begin() as conn:
                if not self._ready:
                    metadata.create_all(conn)
                    conn.execute(schema_version.insert().values(version=SCHEMA_VERSION))
                names = _Names(conn)
                model_id = names.model(report.model)
                old = conn.execute(
                    select(snapshots.c.id).where(
                        snapshots.c.taken_on == taken_on, snapshots.c.model_id == model_id
                    )
                ).scalar_one_or_none()
                if old is not None:
                    conn.execute(delete(postures).where(postures.c.snapshot_id == old))
                    conn.execute(delete(snapshots).where(snapshots.c.id == old))
                counts = (
                    report.headline.systems,
                    report.headline.passing,
                    report.headline.unevaluated,
                )
                snapshot_id = _insert_snapshot(
                    conn, taken_on=taken_on, model_id=model_id, dimensions=dims, counts=counts
                )
                _insert_postures(conn, names, snapshot_id, dims, rows)
            self._ready = True
        except SQLAlchemyError as exc:
            raise _failure(self.location, exc) from exc
        except ValueError as exc:
            raise UsageError(f"history database {self.location}: cannot record: {exc}") from exc

    def previous(self, before: date, model: str = DEFAULT_MODEL) -> Snapshot | None:
        """The latest snapshot of ``model`` strictly before ``before``, or None."""
        if not self._ready:
            return None
        try:
            with self.engine.connect() as conn:
                found = conn.execute(
                    select(snapshots.c.id, snapshots.c.taken_on, snapshots.c.dimensions)
                    .join(models, models.c.id == snapshots.c.model_id)
                    .where(snapshots.c.taken_on < before, models.c.name == model)
                    .order_by(snapshots.c.taken_on.desc())
                    .limit(1)
                ).first()
                if found is None:
                    return None
                dims = _dimensions_of(found.dimensions)
                result = conn.execute(
                    select(
                        systems.c.repository,
                        systems.c.name,
                        teams.c.name,
                        units.c.name,
                        postures.c.levels,
                        postures.c.gate_passed,
                        postures.c.floors,
                    )
                    .select_from(postures)
                    .join(systems, systems.c.id == postures.c.system_id)
                    .join(teams, teams.c.id == postures.c.team_id)
                    .outerjoin(units, units.c.id == postures.c.unit_id)
                    .where(postures.c.snapshot_id == found.id)
                )
                held = {
                    (repo, system): SnapshotSystem(
                        team, unit, unpack(levels, dims), bool(gate), unpack(floors, dims)
                    )
                    for repo, system, team, unit, levels, gate, floors in result
                }
                taken_on = _day(found.taken_on)
        except SQLAlchemyError as exc:
            raise _failure(self.location, exc) from exc
        except (ValueError, TypeError) as exc:
            raise _damaged(self.location, exc) from exc
        return Snapshot(taken_on.isoformat(), held)

    def org_series(self, dimensions: list[str], model: str = DEFAULT_MODEL) -> list[SeriesPoint]:
        """Per snapshot of ``model``: systems, passing, and the median level of each
        dimension (none before the first snapshot is recorded)."""
        points: list[SeriesPoint] = []
        if not self._ready:
            return points
        try:
            with self.engine.connect() as conn:
                dated = conn.execute(
                    select(
                        snapshots.c.id,
                        snapshots.c.taken_on,
                        snapshots.c.dimensions,
                        snapshots.c.systems,
                        snapshots.c.passing,
                    )
                    .join(models, models.c.id == snapshots.c.model_id)
                    .where(models.c.name == model)
                    .order_by(snapshots.c.taken_on)
                ).all()
                # One query for every snapshot: the database counts the systems per distinct
                # packed string, so only the distinct combinations cross over.
                packed: dict[Any, Counter[Any]] = defaultdict(Counter)
                rows = conn.execute(
                    select(postures.c.snapshot_id, postures.c.levels, func.count())
                    .join(snapshots, snapshots.c.id == postures.c.snapshot_id)
                    .join(models, models.c.id == snapshots.c.model_id)
                    .where(models.c.name == model)
                    .group_by(postures.c.snapshot_id, postures.c.levels)
                )
                for snapshot_id, levels, times in rows:
                    packed[snapshot_id][levels] += int(times)
                for snapshot_id, taken_on, dims_text, count, passing in dated:
                    medians = _medians(packed[snapshot_id], _dimensions_of(dims_text), dimensions)
                    day = _day(taken_on).isoformat()
                    points.append(SeriesPoint(day, None, medians, count, passing))
        except SQLAlchemyError as exc:
            raise _failure(self.location, exc) from exc
        except (ValueError, TypeError) as exc:
            raise _damaged(self.location, exc) from exc
        return points

    def system_series(self, system: str, model: str = DEFAULT_MODEL) -> list[SeriesPoint]:
        """Per snapshot of ``model`` holding ``system`` (in any repository): its levels and
        its gate."""
        query = (
            select(
                snapshots.c.taken_on,
                snapshots.c.dimensions,
                systems.c.repository,
                postures.c.levels,
                postures.c.gate_passed,
            )
            .select_from(postures)
            .join(systems, systems.c.id == postures.c.system_id)
            .join(snapshots, snapshots.c.id == postures.c.snapshot_id)
            .join(models, models.c.id == snapshots.c.model_id)
            .where(systems.c.name == system, models.c.name == model)
        )
        points: list[tuple[str, date, dict[str, int | float], bool]] = []
        try:
            with self.engine.connect() as conn:
                for taken_on, dims_text, repo, levels, passed in conn.execute(query):
                    day = _day(taken_on)
                    unpacked: dict[str, int | float] = {**unpack(levels, _dimensions_of(dims_text))}
                    points.append((repo, day, unpacked, passed))
        except SQLAlchemyError as exc:
            raise _failure(self.location, exc) from exc
        except (ValueError, TypeError) as exc:
            raise _damaged(self.location, exc) from exc
        return [
            SeriesPoint(day.isoformat(), repo, dict(levels), 1, int(bool(passed)))
            for repo, day, levels, passed in sorted(points, key=lambda p: (p[0], p[1]))
        ]

    def count(self) -> int:
        """How many snapshots the history holds (of every model)."""
        if not self._ready:
            return 0
        try:
            with self.engine.connect() as conn:
                return int(conn.execute(select(func.count()).select_from(snapshots)).scalar_one())
        except SQLAlchemyError as exc:
            raise _failure(self.location, exc) from exc


class _Names:
    """Integer ids of models, teams, units and systems, created when first recorded."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn
        self._models = {n: i for i, n in conn.execute(select(models.c.id, models.c.name))}
        self._teams = {n: i for i, n in conn.execute(select(teams.c.id, teams.c.name))}
        self._units = {n: i for i, n in conn.execute(select(units.c.id, units.c.name))}
        self._systems = {
            (r, n): i
            for i, r, n in conn.execute(select(systems.c.id, systems.c.repository, systems.c.name))
        }

    def model(self, name: str) -> int:
        """The id of a model, added when new."""
        self._add(models, self._models, [name], lambda n: {"name": n})
        return int(self._models[name])

    def ids(
        self, rows: Iterable[tuple[str, str, str, str | None]]
    ) -> list[tuple[int, int, int | None]]:
        """``(system id, team id, unit id)`` for ``(repository, system, team, unit)`` rows,
        adding the names not seen before (one insert per table)."""
        held = list(rows)
        self._add(teams, self._teams, [r[2] for r in held], lambda n: {"name": n})
        units_named = [r[3] for r in held if r[3] is not None]
        self._add(units, self._units, units_named, lambda n: {"name": n})
        self._add(
            systems,
            self._systems,
            [(r[0], r[1]) for r in held],
            lambda k: {"repository": k[0], "name": k[1]},
        )
        return [
            (
                self._systems[(r[0], r[1])],
                self._teams[r[2]],
                self._units[r[3]] if r[3] is not None else None,
            )
            for r in held
        ]

    def _add(self, table: Table, known: dict[Any, int], keys: Iterable[Any], row: Any) -> None:
        new = [k for k in dict.fromkeys(keys) if k not in known]
        if not new:
            return
        for start in range(0, len(new), _INSERT_BATCH):
            self.conn.execute(table.insert(), [row(k) for k in new[start : start + _INSERT_BATCH]])
        columns = [c for c in table.columns if c.name != "id"]
        for found in self.conn.execute(select(table.c.id, *columns)):
            key = found[1] if len(columns) == 1 else tuple(found[1:])
            known[key] = found[0]


def _insert_snapshot(
    conn: Connection,
    *,
    taken_on: date,
    model_id: int,
    dimensions: Sequence[str],
    counts: tuple[int, int, int],
) -> int:
    if any("," in d for d in dimensions):
        raise ValueError(f"dimension ids may not hold commas: {', '.join(dimensions)}")
    inserted = conn.execute(
        snapshots.insert().values(
            taken_on=taken_on,
            model_id=model_id,
            dimensions=",".join(dimensions),
            systems=counts[0],
            passing=counts[1],
            could_not_evaluate=counts[2],
        )
    ).inserted_primary_key
    if inserted is None:
        raise SQLAlchemyError("no snapshot id returned")
    return int(inserted[0])


Row = tuple[str, str, str, "str | None", "str | None", bool, dict[str, int], dict[str, int]]


def _insert_postures(
    conn: Connection, names: _Names, snapshot_id: int, dims: Sequence[str], rows: Sequence[Row]
) -> None:
    ids = names.ids((r[0], r[1], r[2], r[3]) for r in rows)
    values = [
        {
            "snapshot_id": snapshot_id,
            "system_id": system_id,
            "team_id": team_id,
            "unit_id": unit_id,
            "tier": tier,
            "gate_passed": bool(gate),
            "levels": pack([levels.get(d) for d in dims]),
            "floors": pack([floors.get(d) for d in dims]),
        }
        for (system_id, team_id, unit_id), (_, _, _, _, tier, gate, levels, floors) in zip(
            ids, rows, strict=True
        )
    ]
    for start in range(0, len(values), _INSERT_BATCH):
        conn.execute(postures.insert(), values[start : start + _INSERT_BATCH])


def _medians(
    packed: Counter[Any], stored: Sequence[str], wanted: Sequence[str]
) -> dict[str, int | float]:
    """The median level of each wanted dimension over a snapshot's packed strings (counted:
    a snapshot holds few distinct combinations, so each is unpacked once, and the median is
    read off the counts of each level)."""
    counts: dict[str, Counter[int]] = defaultdict(Counter)
    for levels_text, times in packed.items():
        for dimension, level in unpack(levels_text, stored).items():
            counts[dimension][level] += times
    return {d: number(_median(counts[d])) for d in wanted if counts.get(d)}


def _median(counts: Counter[int]) -> float:
    """The median of the values ``counts`` holds (``statistics.median`` of them, as a
    float): the middle value, or the mean of the two middle ones."""
    ordered = sorted(counts.items())
    total = sum(counts.values())

    def nth(index: int) -> int:
        seen = 0
        for value, times in ordered:
            seen += times
            if index < seen:
                return value
        raise ValueError("no such value")

    if total % 2:
        return float(nth(total // 2))
    return (nth(total // 2 - 1) + nth(total // 2)) / 2


def _day(value: object) -> date:
    """A date read back from the database, else the row is damaged."""
    if not isinstance(value, date):
        raise ValueError(f"date {value!r} is not a date")
    return value


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

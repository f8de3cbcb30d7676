"""The normalised history (schema version 2): names stored once, one row per system per
snapshot, one snapshot per date and model; the first schema migrated atomically on open; a
newer schema refused. Every test runs on SQLite and on a real PostgreSQL server (``.ci/run``
starts one and sets ``AIMM_TEST_POSTGRES_URL``; without it the PostgreSQL half skips, except
in CI, where it fails)."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import create_engine, inspect, text

from aimm.core.errors import UsageError
from aimm.core.model import load_model
from aimm.org import history as store_module
from aimm.org.history import SCHEMA_VERSION, History, open_existing, pack, unpack
from aimm.org.publish import finish
from aimm.org.records import SystemPosture
from tests.support import run

URL = os.environ.get("AIMM_TEST_POSTGRES_URL", "")
IN_CI = os.environ.get("CI") == "true"
DIMENSIONS = ("visibility", "evaluation", "cost", "access", "audit")
V2_TABLES = sorted(store_module.OURS)


@pytest.fixture(params=["sqlite", "postgresql"])
def database(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """An empty history location: an SQLite file path, or a fresh schema on the test
    PostgreSQL server (dropped afterwards)."""
    if request.param == "sqlite":
        yield str(tmp_path / "history.sqlite")
        return
    if not URL:
        if IN_CI:
            pytest.fail("CI=true but AIMM_TEST_POSTGRES_URL is not set: .ci/run starts PostgreSQL")
        pytest.skip("no PostgreSQL server (set AIMM_TEST_POSTGRES_URL; .ci/run does)")
    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(URL)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    separator = "&" if "?" in URL else "?"
    try:
        yield f"{URL}{separator}options=-csearch_path%3D{schema}"
    finally:
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


def _url(location: str) -> str:
    return location if "://" in location else f"sqlite:///{location}"


def _tables(location: str) -> list[str]:
    engine = create_engine(_url(location))
    try:
        return sorted(inspect(engine).get_table_names())
    finally:
        engine.dispose()


def _system(name: str, level: int, passed: bool = True, repo: str = "repo") -> SystemPosture:
    return SystemPosture(
        repository=repo, path=f"{name}/aimm.yaml", system=name, team="t", business_unit="bu",
        lifecycle="production", tier="low", levels=dict.fromkeys(DIMENSIONS, level),
        floors=dict.fromkeys(DIMENSIONS, 1), floors_enforced=True, gate_passed=passed,
        any_failing=False, blockers=(), waivers=(), judged_on=None,
    )  # fmt: skip


def _write_v1(location: str, damaged: bool = False) -> None:
    """A history as the first schema wrote it: two dates, two systems (one in a unit-less
    team), every name repeated per dimension."""
    engine = create_engine(_url(location))
    store_module._v1.create_all(engine)
    rows = [
        {
            "snapshot_id": snapshot_id, "repository": f"repo-{system}", "system": system,
            "dimension": dim, "team": f"team-{system}",
            "business_unit": "bu" if system == "a" else None, "tier": "low",
            "gate_passed": system == "a", "level": level, "floor": 1,
        }
        for snapshot_id, levels in ((1, {"a": 2, "b": 1}), (2, {"a": 3, "b": 1}))
        for system, level in levels.items()
        for dim in DIMENSIONS
    ]  # fmt: skip
    with engine.begin() as conn:
        conn.execute(
            store_module.v1_snapshots.insert(),
            [
                {"id": 1, "taken_on": date(2026, 10, 1), "model": "default", "systems": 2,
                 "passing": 1, "could_not_evaluate": 0},
                {"id": 2, "taken_on": date(2026, 11, 1), "model": "default", "systems": 2,
                 "passing": 1, "could_not_evaluate": 1},
            ],
        )  # fmt: skip
        conn.execute(store_module.v1_levels.insert(), rows)
        if damaged:
            if engine.dialect.name == "postgresql":
                conn.execute(text("alter table aimm_system_levels alter column level type text"))
            conn.execute(text("update aimm_system_levels set level = 'high' where system = 'b'"))
    engine.dispose()


def test_a_first_schema_history_is_migrated_on_open(database: str) -> None:
    """Every snapshot moves to the new tables with the same levels, teams and gates; the old
    tables are gone and the version is recorded."""
    _write_v1(database)
    with open_existing(database) as store:
        series = store.org_series(list(DIMENSIONS))
        assert [(p.taken_on, p.systems, p.passing) for p in series] == [
            ("2026-10-01", 2, 1),
            ("2026-11-01", 2, 1),
        ]
        assert [p.levels["cost"] for p in series] == [1.5, 2]
        assert [(p.repository, p.levels["audit"], p.passing) for p in store.system_series("a")] == [
            ("repo-a", 2, 1),
            ("repo-a", 3, 1),
        ]
        previous = store.previous(date(2026, 12, 1))
        assert previous is not None and previous.taken_on == "2026-11-01"
        b = previous.systems[("repo-b", "b")]
        assert (b.team, b.business_unit, b.levels["access"]) == ("team-b", None, 1)
    assert _tables(database) == V2_TABLES
    engine = create_engine(_url(database))
    with engine.connect() as conn:
        assert conn.execute(text("select version from aimm_schema_version")).all() == [(2,)]
        # Names once: two systems, two teams, one unit, one model.
        counts = [
            conn.execute(text(f"select count(*) from {t}")).scalar()
            for t in ("aimm_system", "aimm_team", "aimm_unit", "aimm_model", "aimm_posture")
        ]
    engine.dispose()
    assert counts == [2, 2, 1, 1, 4]


def test_a_damaged_first_schema_history_is_left_as_it_was(database: str) -> None:
    """A row the migration cannot read stops it: exit 2 naming the database, and not one
    table changed (the migration is one transaction)."""
    _write_v1(database, damaged=True)
    before = _tables(database)
    with pytest.raises(UsageError, match="damaged"):
        History(database)
    assert _tables(database) == before == ["aimm_snapshots", "aimm_system_levels"]


def test_a_newer_schema_is_refused(database: str) -> None:
    """A history a newer aimm wrote is neither read nor written."""
    with History(database) as store:
        finish([_system("a", 2)], [], today=date(2026, 11, 1), history=store, model=load_model())
    engine = create_engine(_url(database))
    with engine.begin() as conn:
        conn.execute(text(f"update aimm_schema_version set version = {SCHEMA_VERSION + 1}"))
    engine.dispose()
    for opener in (History, open_existing):
        with pytest.raises(UsageError, match="newer aimm"):
            opener(database)


def test_snapshots_are_per_date_and_model(database: str) -> None:
    """Two models on one date are two snapshots; the trend and the series of each model
    read only its own; a rerun on a date replaces that model's snapshot only."""
    default = load_model()
    other = type(default)(  # the same grid under another id, as a user model would be
        "other", default.title, default.data, default.controls, default.by_id
    )
    with History(database) as store:
        finish([_system("a", 1)], [], today=date(2026, 10, 1), history=store, model=default)
        finish([_system("a", 4)], [], today=date(2026, 10, 1), history=store, model=other)
        report = finish(
            [_system("a", 2)], [], today=date(2026, 11, 1), history=store, model=default
        )
        again = finish([_system("a", 5)], [], today=date(2026, 11, 1), history=store, model=other)
        finish([_system("a", 5)], [], today=date(2026, 11, 1), history=store, model=other)
        assert store.count() == 4
        assert report.trend.previous == "2026-10-01"
        assert report.trend.counts()["up"] == 5  # 1 -> 2, not 4 -> 2
        assert again.trend.counts()["up"] == 5  # 4 -> 5
        assert [p.levels["cost"] for p in store.org_series(list(DIMENSIONS), "default")] == [1, 2]
        assert [p.levels["cost"] for p in store.org_series(list(DIMENSIONS), "other")] == [4, 5]
        assert [p.levels["cost"] for p in store.system_series("a", "other")] == [4, 5]


def test_names_are_stored_once(database: str) -> None:
    """However many snapshots, a system, a team and a unit are one row each."""
    with History(database) as store:
        for month in (8, 9, 10, 11):
            finish(
                [_system("a", 2), _system("b", 3)], [], today=date(2026, month, 1),
                history=store, model=load_model(),
            )  # fmt: skip
    engine = create_engine(_url(database))
    with engine.connect() as conn:
        rows = {
            t: conn.execute(text(f"select count(*) from {t}")).scalar()
            for t in ("aimm_system", "aimm_team", "aimm_unit", "aimm_posture", "aimm_snapshot")
        }
        packed = conn.execute(text("select distinct levels from aimm_posture")).scalars().all()
    engine.dispose()
    assert rows == {
        "aimm_system": 2, "aimm_team": 1, "aimm_unit": 1, "aimm_posture": 8, "aimm_snapshot": 4,
    }  # fmt: skip
    assert sorted(packed) == ["22222", "33333"]


def test_another_applications_tables_are_never_touched(database: str) -> None:
    """SQLite: a file with other tables is refused. PostgreSQL: aimm's tables sit beside
    another application's, which stay as they were."""
    engine = create_engine(_url(database))
    with engine.begin() as conn:
        conn.execute(text("create table users (id integer primary key, email text)"))
    engine.dispose()
    if "://" not in database:
        with pytest.raises(UsageError, match="not an aimm history"):
            History(database)
        assert _tables(database) == ["users"]
        return
    with History(database) as store:
        finish([_system("a", 2)], [], today=date(2026, 11, 1), history=store, model=load_model())
    assert _tables(database) == sorted([*V2_TABLES, "users"])


def test_some_of_aimms_tables_is_damaged(database: str) -> None:
    """Half a history (a table dropped by hand) is refused, not completed."""
    with History(database) as store:
        finish([_system("a", 2)], [], today=date(2026, 11, 1), history=store, model=load_model())
    engine = create_engine(_url(database))
    with engine.begin() as conn:
        conn.execute(text("drop table aimm_posture"))
    engine.dispose()
    with pytest.raises(UsageError, match="damaged"):
        History(database)


def test_packing_is_one_digit_per_dimension() -> None:
    """Levels 0-9, a missing one as '-'; anything else is refused or reads as damaged."""
    assert pack([0, 3, None, 9]) == "03-9"
    assert unpack("03-9", ["a", "b", "c", "d"]) == {"a": 0, "b": 3, "d": 9}
    for bad in ([10], [-1], [True], [2.5]):
        with pytest.raises(ValueError, match="0 to 9"):
            pack(bad)  # type: ignore[arg-type]
    for damaged in ("3x", "333", 33):
        with pytest.raises(ValueError):
            unpack(damaged, ["a", "b"])


def test_history_command_reads_a_model(tmp_path: Path) -> None:
    """aimm history --model shows that model's snapshots; an unknown model is exit 2."""
    location = str(tmp_path / "h.sqlite")
    with History(location) as store:
        finish([_system("a", 2)], [], today=date(2026, 11, 1), history=store, model=load_model())
    code, out, err = run(["history", "--history", location, "--format", "json"])
    assert code == 0, err
    assert '"date": "2026-11-01"' in out
    code, out, _ = run(["history", "--history", location, "--model", "default", "--system", "a"])
    assert code == 0 and "levels of a" in out
    code, _, err = run(["history", "--history", location, "--model", "nope"])
    assert code == 2 and "unknown model 'nope'" in err


def test_the_median_read_off_counts_is_statistics_median() -> None:
    """The series' medians come from level counts; they equal statistics.median's."""
    import random
    import statistics
    from collections import Counter

    from aimm.org.history import _median

    rng = random.Random(3)
    for _ in range(500):
        values = [rng.randint(0, 9) for _ in range(rng.randint(1, 40))]
        assert _median(Counter(values)) == float(statistics.median(values))

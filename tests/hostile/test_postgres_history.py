"""History on a real PostgreSQL server (``.ci/run`` starts one on loopback and sets
``AIMM_TEST_POSTGRES_URL``): the same snapshots, trend and refusals as on SQLite.

Without a server the tests skip, except in CI (``CI=true``), where they fail: a history
backend that is never tested where it matters is not tested."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from datetime import date

import pytest
from sqlalchemy import create_engine, text

from aimm.core.errors import UsageError
from aimm.core.model import load_model
from aimm.org.history import History, open_existing
from aimm.org.publish import finish
from aimm.org.records import SystemPosture

URL = os.environ.get("AIMM_TEST_POSTGRES_URL", "")
IN_CI = os.environ.get("CI") == "true"
DIMENSIONS = ("visibility", "evaluation", "cost", "access", "audit")


@pytest.fixture
def database() -> Iterator[str]:
    """A fresh schema on the test server, dropped afterwards; its URL."""
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


def _system(name: str, level: int, passed: bool = True) -> SystemPosture:
    return SystemPosture(
        repository="repo", path=f"{name}/aimm.yaml", system=name, team="t", business_unit="bu",
        lifecycle="production", tier="low", levels=dict.fromkeys(DIMENSIONS, level),
        floors=dict.fromkeys(DIMENSIONS, 1), floors_enforced=True, gate_passed=passed,
        any_failing=False, blockers=(), waivers=(), judged_on=None,
    )  # fmt: skip


def test_snapshots_trend_and_series_on_postgresql(database: str) -> None:
    """Two dates recorded; the trend compares them; a rerun on a date replaces it."""
    model = load_model()
    with History(database) as store:
        finish([_system("a", 2)], [], today=date(2026, 11, 1), history=store, model=model)
        report = finish(
            [_system("a", 3), _system("b", 1, passed=False)], [],
            today=date(2026, 11, 21), history=store, model=model,
        )  # fmt: skip
        finish(
            [_system("a", 3), _system("b", 1, passed=False)], [],
            today=date(2026, 11, 21), history=store, model=model,
        )  # fmt: skip
        assert store.count() == 2
    assert report.trend.previous == "2026-11-01"
    assert report.trend.counts() == {"up": 5, "down": 0, "new": 1, "gone": 0}
    with open_existing(database) as store:
        series = store.org_series(list(DIMENSIONS))
        assert [(p.taken_on, p.systems, p.passing) for p in series] == [
            ("2026-11-01", 1, 1),
            ("2026-11-21", 2, 1),
        ]
        assert [p.levels["cost"] for p in store.system_series("a")] == [2, 3]


def test_reading_an_empty_database_creates_nothing(database: str) -> None:
    """`aimm history` on a database without aimm's tables refuses and adds none."""
    with pytest.raises(UsageError, match="holds no aimm history"):
        open_existing(database)
    engine = create_engine(database)
    with engine.connect() as conn:
        tables = conn.execute(
            text("select table_name from information_schema.tables "
                 "where table_schema = current_schema()")
        ).all()  # fmt: skip
    engine.dispose()
    assert tables == []


def test_a_damaged_row_is_a_clear_input_error(database: str) -> None:
    """A level that is not a whole number: exit 2 naming the database, never a crash."""
    with History(database) as store:
        finish([_system("a", 2)], [], today=date(2026, 11, 1), history=store, model=load_model())
    engine = create_engine(database)
    with engine.begin() as conn:
        conn.execute(text("update aimm_posture set levels = 'high!'"))
    engine.dispose()
    with open_existing(database) as store, pytest.raises(UsageError, match="damaged"):
        store.org_series(list(DIMENSIONS))


def test_the_password_is_never_shown(database: str) -> None:
    """A connection that fails names the server, not the password."""
    bad = URL.replace("aimm@", "aimm:s3cr3t@").rsplit("/", 1)[0] + "/no_such_database"
    with pytest.raises(UsageError) as caught:
        History(bad)
    assert "s3cr3t" not in str(caught.value)
    assert "***" in str(caught.value)

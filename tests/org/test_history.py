"""The snapshot history through SQLAlchemy: one snapshot per date, previous, series."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from aimm.core.errors import UsageError
from aimm.core.model import load_model
from aimm.org.history import History, database_url, format_series, open_existing
from aimm.org.records import SystemPosture
from aimm.org.report import OrgReport, build

DIMS = ["visibility", "evaluation", "cost", "access", "audit"]


def _system(name: str, level: int, repository: str | None = None) -> SystemPosture:
    return SystemPosture(
        repository=repository or name,
        path="aimm.yaml",
        system=name,
        team="t",
        business_unit="bu",
        lifecycle="production",
        tier="medium",
        levels=dict.fromkeys(DIMS, level) | {"access": min(level + 1, 5)},
        floors=dict.fromkeys(DIMS, 2),
        floors_enforced=True,
        gate_passed=level >= 2,
        any_failing=False,
        blockers=(),
        waivers=(),
        judged_on=None,
    )


def _report(day: str, *systems: SystemPosture) -> OrgReport:
    return build(systems, [], today=date.fromisoformat(day), model=load_model())


def test_database_url_turns_paths_into_sqlite(tmp_path: Path) -> None:
    """URLs pass through; a path becomes an absolute SQLite URL with its folder created."""
    assert database_url("postgresql://u@h/db") == "postgresql://u@h/db"
    url = database_url(str(tmp_path / "new" / "h.sqlite"))
    assert url == f"sqlite:///{(tmp_path / 'new' / 'h.sqlite').as_posix()}"
    assert (tmp_path / "new").is_dir()


def test_same_day_replaces_and_previous_is_strictly_earlier(tmp_path: Path) -> None:
    """Recording a date twice keeps one snapshot (the last); previous() skips today."""
    with History(str(tmp_path / "h.sqlite")) as store:
        store.record(_report("2026-10-01", _system("a", 2), _system("b", 3)))
        store.record(_report("2026-11-01", _system("a", 1)))
        store.record(_report("2026-11-01", _system("a", 3), _system("c", 2)))
        assert store.count() == 2
        assert store.previous(date(2026, 10, 1)) is None
        latest = store.previous(date(2026, 11, 2))
        assert latest is not None and latest.taken_on == "2026-11-01"
        assert sorted(latest.systems) == [("a", "a"), ("c", "c")]
        assert latest.systems[("a", "a")].levels == {
            "visibility": 3,
            "evaluation": 3,
            "cost": 3,
            "access": 4,
            "audit": 3,
        }
        earlier = store.previous(date(2026, 11, 1))
        assert earlier is not None and earlier.taken_on == "2026-10-01"
        assert earlier.systems[("b", "b")].team == "t"


def test_series_for_the_org_and_for_one_system(tmp_path: Path) -> None:
    """Org medians per date; a system's levels per date and repository."""
    with History(str(tmp_path / "h.sqlite")) as store:
        store.record(_report("2026-10-01", _system("a", 1), _system("b", 3)))
        store.record(_report("2026-11-01", _system("a", 2), _system("b", 3), _system("a", 4, "x")))
        org = store.org_series(DIMS)
        assert [(p.taken_on, p.systems, p.passing) for p in org] == [
            ("2026-10-01", 2, 1),
            ("2026-11-01", 3, 3),
        ]
        assert org[0].levels["visibility"] == 2 and org[1].levels["visibility"] == 3
        points = store.system_series("a")
    assert [(p.taken_on, p.repository, p.levels["cost"], p.passing) for p in points] == [
        ("2026-10-01", "a", 1, 0),
        ("2026-11-01", "a", 2, 1),
        ("2026-11-01", "x", 4, 1),
    ]
    text = format_series(points, DIMS, "a")
    assert text.splitlines()[0] == "3 snapshots; levels of a"
    assert text.splitlines()[3].split() == ["2026-10-01", "a", "1", "1", "1", "2", "1", "FAIL"]


def test_org_series_text_has_a_row_per_date(tmp_path: Path) -> None:
    """The org table: date, systems, passing share, medians."""
    with History(str(tmp_path / "h.sqlite")) as store:
        store.record(_report("2026-10-01", _system("a", 1), _system("b", 3)))
        text = format_series(store.org_series(DIMS), DIMS, None)
    assert text.splitlines()[2].split() == [
        "date",
        "systems",
        "passing",
        "visibility",
        "evaluation",
        "cost",
        "access",
        "audit",
    ]
    assert text.splitlines()[3].split() == [
        "2026-10-01",
        "2",
        "1",
        "(50%)",
        "2",
        "2",
        "2",
        "3",
        "2",
    ]


def test_bad_locations_are_usage_errors(tmp_path: Path) -> None:
    """An unknown driver, a folder in the way and a missing history say so in one line."""
    with pytest.raises(UsageError, match="history database nosuchdb://x"):
        History("nosuchdb://x")
    (tmp_path / "f").write_text("x")
    with pytest.raises(UsageError, match="cannot create its folder"):
        History(str(tmp_path / "f" / "h.sqlite"))
    with pytest.raises(UsageError, match="no history at"):
        open_existing(str(tmp_path / "none.sqlite"))
    not_db = tmp_path / "not.sqlite"
    not_db.write_text("this is not a database, it is text " * 40)
    with pytest.raises(UsageError, match="history database"):
        History(str(not_db))

"""The shipped data: every model, catalog and profile file read through the signed cache
(:func:`aimm.core.resources.load_yaml`) is exactly what parsing it gives."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml

from aimm.core.resources import controls_dir, load_yaml

SHIPPED = sorted(controls_dir().rglob("*.yaml"))


def _entries(cache: Path) -> list[Path]:
    folder = cache / "shipped"
    return sorted(folder.iterdir()) if folder.is_dir() else []


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A cache folder and key of this test's own."""
    monkeypatch.setenv("AIMM_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("AIMM_CACHE_KEY", "test key")
    return tmp_path / "cache"


def test_every_shipped_file_reads_the_same_from_the_cache(cache: Path) -> None:
    assert len(SHIPPED) > 20
    for path in SHIPPED:
        parsed = yaml.safe_load(path.read_text(encoding="utf-8"))
        assert load_yaml(path) == parsed  # parsed, then stored
        assert load_yaml(path) == parsed  # read back from the entry
    assert len(_entries(cache)) == len(SHIPPED)


def test_dates_come_back_as_dates(cache: Path, tmp_path: Path) -> None:
    path = tmp_path / "dated.yaml"
    path.write_text("since: 2026-08-02\nlist: [2027-12-02, text]\n", encoding="utf-8")
    first = load_yaml(path)
    again = load_yaml(path)
    assert again == first == {"since": dt.date(2026, 8, 2), "list": [dt.date(2027, 12, 2), "text"]}
    assert isinstance(again["since"], dt.date)


def test_a_changed_file_is_parsed_again(cache: Path, tmp_path: Path) -> None:
    path = tmp_path / "data.yaml"
    path.write_text("a: 1\n", encoding="utf-8")
    assert load_yaml(path) == {"a": 1}
    path.write_text("a: 22\n", encoding="utf-8")  # another size: another entry
    assert load_yaml(path) == {"a": 22}


def test_a_forged_entry_is_never_read(cache: Path, tmp_path: Path) -> None:
    path = tmp_path / "data.yaml"
    path.write_text("level: 1\n", encoding="utf-8")
    load_yaml(path)
    (entry,) = _entries(cache)
    mac, _, body = entry.read_bytes().partition(b"\n")
    entry.write_bytes(mac + b"\n" + body.replace(b"1", b"5"))
    assert load_yaml(path) == {"level": 1}


def test_values_json_cannot_carry_are_not_cached(cache: Path, tmp_path: Path) -> None:
    path = tmp_path / "odd.yaml"
    path.write_text("1: one\nat: 2026-08-02T10:00:00\n", encoding="utf-8")
    assert load_yaml(path) == yaml.safe_load(path.read_text(encoding="utf-8"))
    assert _entries(cache) == []


def test_no_cache_writes_nothing(
    cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AIMM_NO_CACHE", "1")
    assert load_yaml(SHIPPED[0]) == yaml.safe_load(SHIPPED[0].read_text(encoding="utf-8"))
    assert not cache.exists()

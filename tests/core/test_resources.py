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


def test_a_remembered_value_is_computed_once_per_state_of_its_files(
    cache: Path, tmp_path: Path
) -> None:
    """remembered(): computed once, read back while the files stay as they were, computed
    again when one changes (content, a new file), and never read from a forged entry."""
    import os

    from aimm.core.resources import remembered

    folder = tmp_path / "model"
    (folder / "sub").mkdir(parents=True)
    source = folder / "sub" / "catalog.yaml"
    source.write_text("a\n", encoding="utf-8")
    calls: list[int] = []

    def settle() -> None:  # files written long enough ago to be remembered
        for path in folder.rglob("*.yaml"):
            os.utime(path, ns=(path.stat().st_mtime_ns - 10**10,) * 2)

    assert remembered("test", [folder], lambda: calls.append(1)) is None
    assert remembered("test", [folder], lambda: calls.append(1)) is None
    assert len(calls) == 2  # a file changed just now: never remembered yet
    calls.clear()
    settle()

    def compute() -> list[str]:
        calls.append(1)
        return sorted(p.read_text(encoding="utf-8") for p in folder.rglob("*.yaml"))

    assert remembered("test", [folder], compute) == ["a\n"]
    assert remembered("test", [folder], compute) == ["a\n"]
    assert len(calls) == 1
    source.write_text("b\n", encoding="utf-8")
    os.utime(source, ns=(1, 1))  # same size; the modification time tells the change
    assert remembered("test", [folder], compute) == ["b\n"]
    (folder / "new.yaml").write_text("c\n", encoding="utf-8")
    settle()
    assert remembered("test", [folder], compute) == ["b\n", "c\n"]
    assert len(calls) == 3
    for entry in _entries(cache):
        entry.write_bytes(b"forged\n" + b'["x"]')
    assert remembered("test", [folder], compute) == ["b\n", "c\n"]
    assert len(calls) == 4


def test_control_ids_and_the_module_verdict_follow_the_files(cache: Path, tmp_path: Path) -> None:
    """What start-up remembers (the installed models' control ids, whether the shipped
    module is current) equals what computing it gives, also for a user model added."""
    import shutil

    from aimm.core import wasm
    from aimm.core.model import ModelPath

    assert ModelPath().control_ids() == ModelPath().control_ids()
    computed = {c.id for m in ModelPath().ids() for c in ModelPath().load(m).controls}
    assert ModelPath().control_ids() == computed
    user = tmp_path / "models"
    shutil.copytree(Path(__file__).resolve().parents[1] / "data" / "models", user)
    with_user = ModelPath([user])
    assert with_user.control_ids() == {
        c.id for m in with_user.ids() for c in with_user.load(m).controls
    }
    assert with_user.control_ids() > ModelPath().control_ids()
    assert wasm.staleness() is None and wasm.staleness() is None

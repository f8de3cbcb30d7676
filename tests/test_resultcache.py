"""The policy result cache: keyed by engine and document, never stale, never fatal."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from aimm.checker import CheckOptions, check_file, input_document
from aimm.loader import load_manifest
from aimm.resultcache import CachingEngine, ResultCache, result_key, results_dir

BASE = Path(__file__).parent / "data" / "controls" / "base" / "aimm.yaml"


def test_key_is_canonical_and_covers_engine_and_document() -> None:
    """Key order does not matter; the engine digest and every value do."""
    doc = {"manifest": {"a": 1, "b": [1, 2]}, "today": "2026-11-21"}
    same = {"today": "2026-11-21", "manifest": {"b": [1, 2], "a": 1}}
    assert result_key("d1", doc) == result_key("d1", same)
    assert result_key("d1", doc) != result_key("d2", doc)
    assert result_key("d1", doc) != result_key("d1", {**doc, "today": "2026-11-22"})


def test_results_dir_follows_the_cache_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    """AIMM_NO_CACHE disables it; AIMM_CACHE_DIR moves it; else the XDG cache folder."""
    monkeypatch.setenv("AIMM_NO_CACHE", "1")
    assert results_dir() is None
    monkeypatch.delenv("AIMM_NO_CACHE")
    monkeypatch.setenv("AIMM_CACHE_DIR", "/x/cache")
    assert results_dir() == Path("/x/cache/results")
    monkeypatch.delenv("AIMM_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", "/x/xdg")
    assert results_dir() == Path("/x/xdg/aimm/results")


def test_cache_round_trip_and_damaged_entries(tmp_path: Path) -> None:
    """A stored value comes back; a damaged or non-object entry is a miss, not an error."""
    cache = ResultCache(tmp_path)
    key = "ab" + "0" * 62
    assert cache.get(key) is None
    cache.put(key, {"levels": {"cost": 3}})
    assert cache.get(key) == {"levels": {"cost": 3}}
    (tmp_path / "ab" / f"{key}.json").write_text("{not json")
    assert cache.get(key) is None
    (tmp_path / "ab" / f"{key}.json").write_text("[1, 2]")
    assert cache.get(key) is None
    assert (cache.hits, cache.misses) == (1, 3)


def test_unwritable_cache_is_ignored(tmp_path: Path) -> None:
    """A cache folder that cannot be created never fails a check."""
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    cache = ResultCache(blocker / "results")
    cache.put("cd" + "1" * 62, {"x": 1})
    assert cache.get("cd" + "1" * 62) is None


def test_caching_engine_answers_a_repeat_from_the_cache(tmp_path: Path) -> None:
    """The second evaluation of one document is a hit and gives the identical result; a
    different date is a different key (waiver expiry depends on it)."""
    engine = CachingEngine(ResultCache(tmp_path))
    options = CheckOptions(today=date(2026, 11, 21))
    first = check_file(BASE, engine, options)
    second = check_file(BASE, engine, options)
    assert engine.cache is not None
    assert (engine.cache.hits, engine.cache.misses) == (1, 1)
    assert first == second
    check_file(BASE, engine, CheckOptions(today=date(2026, 11, 22)))
    assert engine.cache.misses == 2


def test_cached_value_is_what_the_engine_computed(tmp_path: Path) -> None:
    """The stored entry is the engine's raw result under the documented key."""
    engine = CachingEngine(ResultCache(tmp_path))
    document = input_document(load_manifest(BASE), CheckOptions(today=date(2026, 11, 21)))
    raw = engine.evaluate(document)
    key = result_key(engine.digest, document)
    assert ResultCache(tmp_path).get(key) == raw
    assert CachingEngine(None).evaluate(document) == raw

"""The scan cache: results by content, never stale, never fatal."""

from __future__ import annotations

import os
import shutil
from datetime import date
from pathlib import Path

import pytest

from aimm.core.engine import Engine
from aimm.core.frameworks import engine_for
from aimm.core.model import load_model
from aimm.core.orgconfig import CONFIG_NAME, ConfigResolver
from aimm.core.pipeline import CheckOptions, Pipeline
from aimm.core.result import ManifestResult
from aimm.org.cache import JsonStore, ScanCache, cache_root, canonical, code_digest
from aimm.org.records import compact_entry, summarize
from tests.support import BASE, TODAY


@pytest.fixture
def system(tmp_path: Path) -> Path:
    """A writable copy of the all-passing base system; its manifest path."""
    shutil.copytree(BASE, tmp_path / "svc")
    return tmp_path / "svc" / "aimm.yaml"


def _checker(engine: Engine, options: CheckOptions, discover: bool = False) -> Pipeline:
    """A pipeline on the session's engine; org configs only where a test asks for them."""
    configs = ConfigResolver(discover=discover, use_env=False)
    return Pipeline(options, engine=engine, configs=configs)


def check_file(path: Path, engine: Engine, options: CheckOptions) -> ManifestResult:
    """What the pipeline (without the cache) says of one manifest."""
    return _checker(engine, options).check_file(path)


def test_cache_root_follows_the_cache_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    """AIMM_NO_CACHE disables it; AIMM_CACHE_DIR moves it; else the XDG cache folder."""
    monkeypatch.setenv("AIMM_NO_CACHE", "1")
    assert cache_root() is None
    monkeypatch.delenv("AIMM_NO_CACHE")
    monkeypatch.setenv("AIMM_CACHE_DIR", "/x/cache")
    assert cache_root() == Path("/x/cache/scan")
    monkeypatch.delenv("AIMM_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", "/x/xdg")
    assert cache_root() == Path("/x/xdg/aimm/scan")


def test_canonical_json_ignores_key_order() -> None:
    """Equal values, equal text; the code digest is stable within a run."""
    assert (
        canonical({"b": [1, 2], "a": 1})
        == canonical({"a": 1, "b": [1, 2]})
        == ('{"a":1,"b":[1,2]}')
    )
    assert code_digest() == code_digest() and len(code_digest()) == 64


def test_json_store_round_trip_damage_and_unwritable(tmp_path: Path) -> None:
    """Stored values come back; damaged entries are misses; a blocked folder is ignored."""
    store = JsonStore(tmp_path / "t")
    key = "ab" + "0" * 62
    assert store.get(key) is None
    store.put(key, {"levels": {"cost": 3}})
    assert store.get(key) == {"levels": {"cost": 3}}
    (tmp_path / "t" / "ab" / f"{key}.json").write_text("{not json")
    assert store.get(key) is None
    (tmp_path / "t" / "ab" / f"{key}.json").write_text("[1, 2]")
    assert store.get(key) is None
    (tmp_path / "file").write_text("x")
    blocked = JsonStore(tmp_path / "file" / "t")
    blocked.put(key, {"x": 1})
    assert blocked.get(key) is None


def test_compact_entry_summarizes_like_the_full_entry(system: Path, engine: Engine) -> None:
    """The cache keeps less than the contract entry, but the posture is the same."""
    full = check_file(system, engine, CheckOptions(today=TODAY)).as_dict()
    compact = compact_entry(full)
    assert "remediation" not in compact["controls"][0]

    def posture(entry: dict[str, object]) -> object:
        return summarize(
            entry, repository="r", path="aimm.yaml", model=load_model(), judged_on=None
        )

    assert posture(compact) == posture(full)


def test_repeat_is_a_hit_with_the_same_result(system: Path, engine: Engine, tmp_path: Path) -> None:
    """A second check of unchanged content is answered from the cache, identically; a new
    process-level cache over the same folder hits too."""
    options = CheckOptions(today=TODAY)
    cache = ScanCache(tmp_path / "c", _checker(engine, options))
    first = cache.check(system)
    assert (cache.hits, cache.misses) == (0, 1)
    assert cache.check(system) == first
    again = ScanCache(tmp_path / "c", _checker(engine, options))
    assert again.check(system) == first and again.hits == 1
    assert first == compact_entry(check_file(system, engine, options).as_dict())


@pytest.mark.parametrize("change", ["manifest", "evidence", "today", "config"])
def test_any_input_change_is_a_miss(
    change: str, system: Path, engine: Engine, tmp_path: Path
) -> None:
    """Editing the manifest, removing an evidence file, another date or another config each
    miss, and the fresh result is the checker's."""
    options = CheckOptions(today=TODAY)
    ScanCache(tmp_path / "c", _checker(engine, options)).check(system)
    if change == "manifest":
        text = system.read_text()
        assert "coverage: 99" in text
        system.write_text(text.replace("coverage: 99", "coverage: 60"))
    elif change == "evidence":
        os.unlink(system.parent / "docs" / "runbook.md")
    elif change == "today":
        # The date is in the key only where the result can depend on it (a regulatory
        # profile here; tests/core/test_cache_today.py covers the rest).
        options = CheckOptions(today=TODAY, config={"profiles": ["eu-ai-act"]})
        engine = engine_for(options.config)
        ScanCache(tmp_path / "c", _checker(engine, options)).check(system)
        options = CheckOptions(today=date(2027, 1, 1), config={"profiles": ["eu-ai-act"]})
    else:
        options = CheckOptions(today=TODAY, config={"min_levels": {"visibility": 5}})
    cache = ScanCache(tmp_path / "c", _checker(engine, options))
    entry = cache.check(system)
    assert (cache.hits, cache.misses) == (0, 1)
    assert entry == compact_entry(check_file(system, engine, options).as_dict())


def test_invalid_manifest_errors_are_cached(tmp_path: Path, engine: Engine) -> None:
    """A broken manifest's error is stored by content and given back without parsing."""
    broken = tmp_path / "aimm.yaml"
    broken.write_text("apiVersion: [unclosed\n")
    cache = ScanCache(tmp_path / "c", _checker(engine, CheckOptions(today=TODAY)))
    first = cache.check(broken)
    assert first["status"] == "error"
    assert cache.check(broken) == first and cache.hits == 1


def test_unreadable_paths_bypass_the_cache(tmp_path: Path, engine: Engine) -> None:
    """A folder, a FIFO or a dangling link named aimm.yaml is reported by the checker."""
    cache = ScanCache(tmp_path / "c", _checker(engine, CheckOptions(today=TODAY)))
    (tmp_path / "dir" / "aimm.yaml").mkdir(parents=True)
    os.mkfifo(tmp_path / "fifo.yaml")
    os.symlink("nowhere", tmp_path / "dangling.yaml")
    for path in (
        tmp_path / "dir" / "aimm.yaml",
        tmp_path / "fifo.yaml",
        tmp_path / "dangling.yaml",
    ):
        assert cache.check(path)["status"] == "error"
    assert (cache.hits, cache.misses) == (0, 0)
    assert not (tmp_path / "c").exists()


def test_an_org_config_change_is_never_served_from_the_cache(
    tmp_path: Path, engine: Engine, system: Path
) -> None:
    """The org config reaches the result key: raising a floor in aimm-org.yaml changes the
    cached verdict on the next scan, and a bad config is an error, not a cached pass."""
    options = CheckOptions(today=TODAY)
    manifest = system
    first = ScanCache(tmp_path / "c", _checker(engine, options, discover=True)).check(manifest)
    assert first["status"] == "evaluated"
    config = system.parent / CONFIG_NAME
    config.write_text(
        "apiVersion: aimm/v1\nkind: OrgConfig\nfloors:\n"
        + "".join(f"  {t}: {{visibility: 5}}\n" for t in ("low", "medium", "high", "critical")),
        encoding="utf-8",
    )
    raised = ScanCache(tmp_path / "c", _checker(engine, options, discover=True))
    entry = raised.check(manifest)
    assert (raised.hits, raised.misses) == (0, 1)
    assert entry["floors"]["visibility"] == 5
    config.write_text("apiVersion: aimm/v1\nkind: OrgConfig\nfloorz: {}\n", encoding="utf-8")
    broken = ScanCache(tmp_path / "c", _checker(engine, options, discover=True)).check(manifest)
    assert broken["status"] == "error"
    assert "unknown key 'floorz'" in broken["errors"][0]["message"]

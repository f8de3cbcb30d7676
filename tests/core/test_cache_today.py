"""The scan cache leaves ``today`` out of a result's key only where the result cannot depend
on it, so a nightly scan of unchanged manifests is warm and never serves a stale verdict."""

from __future__ import annotations

import re
import shutil
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml

from aimm.core.model import load_model
from aimm.core.orgconfig import ConfigResolver
from aimm.core.pipeline import CheckOptions, Pipeline
from aimm.core.resources import policies_dir
from aimm.core.wasm import WasmEngine
from aimm.org.cache import TODAY_READERS, ScanCache, today_matters
from aimm.org.records import compact_entry
from tests.core.differential import TESTS, canonical, fuzz, manifest_cases

BASE = TESTS / "data" / "controls" / "base"
DAY_1, DAY_2 = date(2026, 11, 21), date(2027, 3, 1)
WAIVER = {
    "control": "EVA-5.1",
    "reason": "online evaluation moves to the new platform",
    "approved_by": "cto@example.com",
    "expires": "2026-12-31",  # valid on DAY_1, expired on DAY_2
}


def _system(tmp_path: Path, edit: dict[str, Any] | None = None) -> Path:
    shutil.copytree(BASE, tmp_path / "svc")
    path = tmp_path / "svc" / "aimm.yaml"
    if edit:
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
        doc.update(edit)
        path.write_text(yaml.safe_dump(doc, sort_keys=False), encoding="utf-8")
    return path


def _scan(cache: Path, path: Path, today: date, **options: Any) -> tuple[dict[str, Any], int]:
    """The entry a scan on ``today`` gets for ``path``, and whether it came from the cache."""
    config = options.pop("config", None)
    pipeline = Pipeline(
        CheckOptions(today=today, config=config),
        configs=ConfigResolver(discover=False, use_env=False),
        **options,
    )
    store = ScanCache(cache, pipeline)
    entry = store.check(path)
    fresh = compact_entry(pipeline.check_file(path).as_dict())
    assert entry == fresh  # whatever the cache did, the entry is today's
    return entry, store.hits


def test_without_waivers_a_result_is_served_on_another_day(tmp_path: Path) -> None:
    path = _system(tmp_path)
    _, hits = _scan(tmp_path / "cache", path, DAY_1)
    assert hits == 0
    _, hits = _scan(tmp_path / "cache", path, DAY_2)
    assert hits == 1


def test_with_a_waiver_another_day_is_evaluated_again(tmp_path: Path) -> None:
    path = _system(tmp_path, {"waivers": [WAIVER]})
    before, _ = _scan(tmp_path / "cache", path, DAY_1)
    after, hits = _scan(tmp_path / "cache", path, DAY_2)
    assert hits == 0
    assert before != after  # the waiver expired in between: a cached entry would be wrong


def test_with_profiles_another_day_is_evaluated_again(tmp_path: Path) -> None:
    path = _system(tmp_path)
    config = {"profiles": ["eu-ai-act"]}
    _scan(tmp_path / "cache", path, DAY_1, config=config)
    _, hits = _scan(tmp_path / "cache", path, DAY_2, config=config)
    assert hits == 0


def test_with_custom_policies_another_day_is_evaluated_again(tmp_path: Path) -> None:
    path = _system(tmp_path)
    folders = [TESTS / "data" / "differential" / "undefined-custom-control" / "policies"]
    _scan(tmp_path / "cache", path, DAY_1, policy_dirs=folders)
    _, hits = _scan(tmp_path / "cache", path, DAY_2, policy_dirs=folders)
    assert hits == 0


def test_the_date_never_changes_a_result_it_is_left_out_of(tmp_path: Path) -> None:
    """Every example, case and 300 random manifests: where the key has no date, the raw
    result is the same on any date."""
    engine = WasmEngine(load_model())
    documents = [c.document for c in [*manifest_cases(tmp_path), *fuzz(300, seed=11)]]
    undated = [d for d in documents if not today_matters(d, custom_rego=False)]
    assert 100 < len(undated) < len(documents)  # both kinds are there
    for document in undated:
        results = {
            canonical(engine.evaluate({**document, "today": day}))
            for day in ("2024-02-29", "2026-11-21", "2031-01-01")
        }
        assert len(results) == 1, canonical(document)[:300]


def test_only_the_listed_packages_read_the_date() -> None:
    """A policy that starts reading input.today must be accounted for in today_matters."""
    readers = set()
    for path in policies_dir().rglob("*.rego"):
        if path.name.endswith("_test.rego"):
            continue
        code = "\n".join(line.split("#", 1)[0] for line in path.read_text("utf-8").splitlines())
        if re.search(r"\btoday\b", code):
            readers.add(path.relative_to(policies_dir()).as_posix())
    assert readers == set(TODAY_READERS)


def _dated(changed: str) -> dict[str, Any]:
    """An evidence document whose one file the history probe dates ``changed``."""
    return {"a": {"probes": {"history": {"last_changed": changed}}}}


@pytest.mark.parametrize(
    ("document", "custom", "matters"),
    [
        ({"manifest": {}, "config": {}}, False, False),
        ({"manifest": {"waivers": []}, "config": {}}, False, False),
        ({"manifest": {"waivers": [{}]}, "config": {}}, False, True),
        ({"manifest": {"waivers": "odd"}, "config": {}}, False, True),
        ({"manifest": {}, "config": {"profiles": ["eu-ai-act"]}}, False, True),
        ({"manifest": {}, "config": {}}, True, True),
        (
            {
                "manifest": {},
                "config": {},
                "evidence": {"a": {"probes": {"history": {"last_changed": "unknown"}}}},
            },
            False,
            False,
        ),
        (
            {
                "manifest": {},
                "config": {},
                "evidence": {"a": {"probes": {"history": {"last_changed": "2026-01-02"}}}},
            },
            False,
            True,
        ),
    ],
)
def test_today_matters(document: dict[str, Any], custom: bool, matters: bool) -> None:
    assert today_matters(document, custom) is matters
    assert today_matters(document, custom, ("default", "mlops")) is True  # packs read dates

"""The lying corpus (tests/data/lying): each manifest whose evidence does not hold what it
claims fails exactly the controls it should, and each of them names a contradicted fact.

Each case is laid over the honest base, committed to a fresh git repository (so the history
probe sees fixed dates) and checked on 2026-11-21; its failures beyond the base's must be
exactly those ``expect.json`` lists.
"""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from aimm.check.run import check_paths
from aimm.core import frameworks
from aimm.core.result import ManifestResult
from tests.core.probes.probe_fixtures import CORPUS, expect_of, materialise

CASES = sorted(p.name for p in CORPUS.iterdir() if (p / "expect.json").is_file())
TODAY = date(2026, 11, 21)

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


def check(manifest: Path, profile: str | None) -> ManifestResult:
    # Obligations not yet in force are enforced, so each clause gates through its own control.
    config = frameworks.profile_config((profile,) if profile else (), bool(profile))
    (result,) = check_paths([manifest], today=TODAY, config=config).results
    assert result.evaluated, result.errors
    return result


def failing(result: ManifestResult) -> set[str]:
    return {str(c["id"]) for c in result.controls if c["status"] == "fail"}


@pytest.fixture(scope="module")
def base_results(tmp_path_factory: pytest.TempPathFactory) -> dict[str | None, ManifestResult]:
    """The honest base, checked plainly and with each profile the corpus uses."""
    manifest = materialise("base", tmp_path_factory.mktemp("lying"))
    profiles = {expect_of(name).get("profile") for name in CASES}
    return {profile: check(manifest, profile) for profile in profiles}


def test_the_corpus_covers_every_probe() -> None:
    """At least 20 cases, and each probe has a case that contradicts it."""
    assert len(CASES) >= 20
    prefixes = {name.split("-")[0] for name in CASES}
    assert {"eval", "doc", "history", "workflow", "compliance"} <= prefixes


def test_the_base_is_honest(base_results: dict[str | None, ManifestResult]) -> None:
    """Nothing in the base is contradicted, and a plain check of it passes every control."""
    for result in base_results.values():
        lies = [c["id"] for c in result.controls if c.get("evidence", {}).get("contradicted")]
        assert lies == []
    assert failing(base_results[None]) == set()


@pytest.mark.parametrize("name", CASES)
def test_lying_manifest_fails_exactly_its_controls(
    name: str, tmp_path: Path, base_results: dict[str | None, ManifestResult]
) -> None:
    """The lie adds exactly the expected failures, each naming a contradicted fact."""
    expect = expect_of(name)
    base = base_results[expect.get("profile")]
    result = check(materialise(name, tmp_path), expect.get("profile"))
    assert failing(result) - failing(base) == set(expect["fails"])
    assert failing(base) - failing(result) == set()
    for control in result.controls:
        contradicted = control.get("evidence", {}).get("contradicted", [])
        if control["id"] in expect["fails"]:
            assert contradicted, f"{control['id']} fails without naming a contradicted fact"
            assert contradicted[0]["detail"] in control["message"] or any(
                c["detail"] in control["message"] for c in contradicted
            )
        elif control["status"] == "pass":
            assert contradicted == [], f"{control['id']} passes with a contradicted fact"

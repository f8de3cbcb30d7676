"""Scanning folders of checkouts: what is found, which repository, what could not be read."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from aimm.org import scan
from aimm.org.records import SystemPosture, Unevaluated
from aimm.org.scan import ScanOptions, Target, evaluate, find
from tests.support import BASE, TODAY


def _system(folder: Path, name: str) -> Path:
    """A copy of the passing base system under ``folder``, renamed."""
    shutil.copytree(BASE, folder)
    manifest = folder / "aimm.yaml"
    manifest.write_text(
        manifest.read_text().replace("name: base-agent", f"name: {name}", 1), encoding="utf-8"
    )
    assert f"name: {name}" in manifest.read_text()
    return manifest


@pytest.fixture
def checkouts(tmp_path: Path) -> Path:
    """A folder of checkouts: a plain repository, a git monorepo with a nested submodule,
    a checkout without .git holding two systems, and folders that must be skipped."""
    root = tmp_path / "src"
    _system(root / "alpha", "alpha")
    (root / "alpha" / ".git").mkdir()
    _system(root / "mono" / "services" / "one", "one")
    _system(root / "mono" / "vendor" / "lib", "lib")
    (root / "mono" / ".git").mkdir()
    (root / "mono" / "vendor" / "lib" / ".git").write_text("gitdir: ../../.git/modules/lib\n")
    _system(root / "plain" / "a", "plain-a")
    _system(root / "plain" / "b", "plain-b")
    _system(root / "alpha" / "node_modules" / "dep", "ignored-dep")
    _system(root / ".aimm" / "x", "ignored-history")
    return root


def test_find_names_each_manifest_repository_and_path(checkouts: Path) -> None:
    """Nearest .git inside the root wins (a .git file too); without one, the top-level folder."""
    targets, problems = find([checkouts])
    assert problems == []
    assert [(t.repository, t.path) for t in targets] == [
        ("alpha", "aimm.yaml"),
        ("mono", "services/one/aimm.yaml"),
        ("mono/vendor/lib", "aimm.yaml"),
        ("plain", "a/aimm.yaml"),
        ("plain", "b/aimm.yaml"),
    ]
    assert targets[0].manifest == checkouts / "alpha" / "aimm.yaml"


def test_overlapping_roots_scan_each_folder_once(checkouts: Path) -> None:
    """A root inside another root, or given twice, adds nothing."""
    once, _ = find([checkouts])
    twice, problems = find([checkouts, checkouts / "plain", checkouts])
    assert (twice, problems) == (once, [])


def test_root_that_is_a_repository_is_named_after_its_folder(tmp_path: Path) -> None:
    """Scanning one checkout: its manifests belong to it, named by the folder."""
    repo = tmp_path / "billing"
    _system(repo, "billing")
    _system(repo / "sub", "sub")
    (repo / ".git").mkdir()
    targets, _ = find([repo])
    assert [(t.repository, t.path) for t in targets] == [
        ("billing", "aimm.yaml"),
        ("billing", "sub/aimm.yaml"),
    ]


def test_symlinked_checkout_is_followed_once_and_a_loop_is_reported(checkouts: Path) -> None:
    """A link to a checkout outside the root is scanned; a link back up is a listed loop;
    a second link to a folder already scanned adds nothing."""
    outside = checkouts.parent / "elsewhere"
    _system(outside, "linked")
    (checkouts / "linked").symlink_to(outside, target_is_directory=True)
    (checkouts / "plain" / "a" / "up").symlink_to(checkouts / "plain", target_is_directory=True)
    (checkouts / "zz-again").symlink_to(checkouts / "alpha", target_is_directory=True)
    targets, problems = find([checkouts])
    assert ("linked", "aimm.yaml") in [(t.repository, t.path) for t in targets]
    assert len(targets) == 6
    assert problems == [
        Unevaluated(
            "plain",
            "a/up",
            f"symlink loop: up -> {checkouts / 'plain'} leads back to a folder it is in",
        )
    ]


def test_unreadable_folder_is_reported_and_the_walk_goes_on(
    checkouts: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A folder the scan may not list becomes a could-not-evaluate entry (simulated: the
    tests may run as root, whom permissions do not stop)."""
    real = os.scandir
    denied = checkouts / "mono" / "services"

    def scandir(path: os.PathLike[str] | str) -> object:
        if Path(path) == denied:
            raise PermissionError(13, "Permission denied")
        return real(path)

    monkeypatch.setattr(os, "scandir", scandir)
    targets, problems = find([checkouts])
    assert problems == [Unevaluated("mono", "services", "cannot read folder: Permission denied")]
    assert len(targets) == 4


def test_roots_that_are_not_folders_are_reported(tmp_path: Path) -> None:
    """A missing root and a file root are listed; nothing is raised."""
    (tmp_path / "file").write_text("x")
    _, problems = find([tmp_path / "missing", tmp_path / "file"])
    assert [p.message for p in problems] == [
        "cannot read: No such file or directory",
        "not a folder; scan takes folders",
    ]


def _run(targets: list[Target], jobs: int) -> list[SystemPosture | Unevaluated]:
    with evaluate(targets, ScanOptions(today=TODAY, use_cache=False), jobs=jobs) as results:
        return sorted(results, key=lambda e: (e.repository or "", e.path))


def test_broken_and_looping_manifests_are_listed_in_evaluation(tmp_path: Path) -> None:
    """Invalid YAML, a manifest link that loops and one that leads nowhere each become an
    entry with the loader's message; the valid one is evaluated."""
    root = tmp_path / "src"
    _system(root / "good", "good")
    (root / "broken").mkdir()
    (root / "broken" / "aimm.yaml").write_text("apiVersion: [unclosed\n")
    (root / "loop").mkdir()
    os.symlink("aimm.yaml", root / "loop" / "aimm.yaml")
    (root / "dangling").mkdir()
    os.symlink("nowhere.yaml", root / "dangling" / "aimm.yaml")
    targets, problems = find([root])
    assert problems == []
    entries = _run(targets, jobs=1)
    assert [type(e).__name__ for e in entries] == [
        "Unevaluated",
        "Unevaluated",
        "SystemPosture",
        "Unevaluated",
    ]
    messages = {e.repository: e.message for e in entries if isinstance(e, Unevaluated)}
    assert "symbolic links" in messages["loop"]
    assert "No such file or directory" in messages["dangling"]
    assert messages["broken"].startswith("line ")


def test_parallel_and_serial_give_the_same_postures(checkouts: Path) -> None:
    """Worker processes return the same compact results as one process."""
    targets, _ = find([checkouts])
    serial = _run(targets, jobs=1)
    assert _run(targets, jobs=2) == serial
    assert all(isinstance(e, SystemPosture) for e in serial)
    assert {e.judged_on for e in serial} == {"2026-11-21"}


def test_recycled_workers_give_the_same_postures(
    checkouts: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Workers replaced after every manifest (memory stays flat) change nothing."""
    targets, _ = find([checkouts])
    monkeypatch.setattr(scan, "RECYCLE_AFTER", 1)
    assert _run(targets, jobs=2) == _run(targets, jobs=1)


def test_default_jobs_is_the_usable_cores() -> None:
    """At least one, at most the machine's."""
    assert 1 <= scan.default_jobs() <= (os.cpu_count() or 1)


def test_workers_find_the_module_compiled_once_before_they_fork(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A scan with workers compiles the WebAssembly module once, on a thread of the parent
    that has ended before the workers start; the workers load it from the cache and give the
    results one process gives. Another engine compiles nothing."""
    from aimm.core.engines import EngineChoice

    monkeypatch.setenv("AIMM_CACHE_DIR", str(tmp_path / "cache"))
    assert scan._precompiling(EngineChoice("regopy", explicit=True)) is None
    root = tmp_path / "src"
    for name in ("a", "b", "c"):
        _system(root / name, name)
    targets, _ = find([root])
    together = _run(targets, jobs=2)
    (entry,) = (tmp_path / "cache" / "wasm").iterdir()  # one module, compiled once
    assert entry.name.endswith(".cwasm")
    assert together == _run(targets, jobs=1)
    thread = scan._precompiling(EngineChoice())
    assert thread is not None
    thread.join()
    assert not thread.is_alive()

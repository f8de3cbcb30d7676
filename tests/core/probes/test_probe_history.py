"""The history probe: last change dates from git, cached per run, with nothing executed."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from aimm.core import evidence
from aimm.core.probes import RunCache, history

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

MANIFEST = {
    "posture": {"audit": {"incident_runbook": "docs/runbook.md"}},
    "compliance": {"risk_management": "docs/risk.md"},
}


def _git(root: Path, *args: str, date: str = "2024-05-06T10:00:00", stdin: str = "") -> str:
    env = {
        **os.environ,
        "GIT_AUTHOR_DATE": date,
        "GIT_COMMITTER_DATE": date,
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.com",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.com",
        "GIT_CONFIG_GLOBAL": os.devnull,
    }
    done = subprocess.run(
        ["git", "-C", str(root), *args],
        check=True,
        env=env,
        capture_output=True,
        input=stdin.encode(),
    )
    return done.stdout.decode().strip()


def _repo(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    (root / "docs").mkdir(parents=True)
    _git(root, "init", "-q")
    (root / "docs" / "runbook.md").write_text("runbook\n")
    _git(root, "add", ".")
    _git(root, "commit", "-qm", "runbook", date="2023-02-03T10:00:00")
    (root / "docs" / "risk.md").write_text("risk\n")
    _git(root, "add", ".")
    _git(root, "commit", "-qm", "risk", date="2026-10-01T10:00:00")
    return root


def _count_git(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, ...]]:
    """The arguments of every git call the probe makes from now on (git still runs)."""
    calls: list[tuple[str, ...]] = []
    real = history.git

    def counting(where: Path, *args: str) -> str | None:
        calls.append(args)
        return real(where, *args)

    monkeypatch.setattr(history, "git", counting)
    return calls


def _shallow_clone(tmp_path: Path) -> Path:
    """A clone of tmp_path's repository (made by _repo) holding its newest commit only."""
    clone = tmp_path / "clone"
    subprocess.run(
        ["git", "clone", "-q", "--depth", "1", f"file://{tmp_path / 'repo'}", str(clone)],
        check=True,
        capture_output=True,
    )
    return clone


def test_last_change_dates_from_git(tmp_path: Path) -> None:
    """Each dated document gets the date of the last commit touching it."""
    root = _repo(tmp_path)
    facts = evidence.collect(MANIFEST, root / "aimm.yaml")
    assert facts["docs/runbook.md"].probes["history"] == {
        "status": "verified",
        "detail": "docs/runbook.md last changed on 2023-02-03 (git log)",
        "last_changed": "2023-02-03",
        "shallow": False,
    }
    assert facts["docs/risk.md"].probes["history"]["last_changed"] == "2026-10-01"


def test_untracked_file_has_no_date(tmp_path: Path) -> None:
    """A file no commit touches has an unknown date (unverified)."""
    root = _repo(tmp_path)
    (root / "docs" / "new.md").write_text("new\n")
    manifest = {"posture": {"audit": {"incident_runbook": "docs/new.md"}}}
    report = evidence.collect(manifest, root / "aimm.yaml")["docs/new.md"].probes["history"]
    assert (report["status"], report["last_changed"]) == ("unverified", "unknown")


def test_outside_a_git_checkout(tmp_path: Path) -> None:
    """Without .git the date is unknown, and git is not even asked."""
    folder = tmp_path / "loose"
    (folder / "docs").mkdir(parents=True)
    (folder / "docs" / "runbook.md").write_text("runbook\n")
    report = evidence.collect(MANIFEST, folder / "aimm.yaml")["docs/runbook.md"].probes["history"]
    assert report == {
        "status": "unverified",
        "detail": "docs/runbook.md: last change date unknown (not in a git checkout)",
        "last_changed": "unknown",
        "shallow": False,
    }


def test_answers_are_cached_per_repository_for_the_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two manifests naming the same runbook ask git once per run, for the history of the
    first one's files only; whether the clone is shallow is read from .git, not asked."""
    root = _repo(tmp_path)
    calls = _count_git(monkeypatch)
    cache = RunCache()
    manifest = {"posture": {"audit": {"incident_runbook": "docs/runbook.md"}}}
    for name in ("a.yaml", "b.yaml"):
        evidence.collect(manifest, root / name, cache=cache)
    assert calls == [
        (
            "log",
            f"--max-count={history.BATCH_COMMITS}",
            "--no-show-signature",
            "--no-renames",
            "--format=%x00aimm-commit %cs",
            "--name-only",
            "-z",
            "--full-history",
            "--",
            ":(literal)docs/runbook.md",
        )
    ]


def test_a_second_folder_of_the_repository_reads_the_whole_batch_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A monorepo: the first manifest reads its own files' history, every other manifest
    shares one read of the whole batch, and each gets the same dates as alone."""
    root = _repo(tmp_path)
    calls = _count_git(monkeypatch)
    cache = RunCache()
    (root / "svc-a").mkdir()
    (root / "svc-b").mkdir()
    manifest = {"posture": {"audit": {"incident_runbook": "../docs/runbook.md"}}}
    other = {"posture": {"audit": {"incident_runbook": "../docs/risk.md"}}}
    dates = [
        evidence.collect(data, root / folder / "aimm.yaml", cache=cache)
        for folder, data in (("svc-a", manifest), ("svc-b", other), ("svc-b", manifest))
    ]
    alone = [
        evidence.collect(data, root / folder / "aimm.yaml")
        for folder, data in (("svc-a", manifest), ("svc-b", other), ("svc-b", manifest))
    ]
    assert dates == alone
    assert dates[0]["../docs/runbook.md"].probes["history"]["last_changed"] == "2023-02-03"
    assert dates[1]["../docs/risk.md"].probes["history"]["last_changed"] == "2026-10-01"
    assert [c[-1] for c in calls[:2]] == [":(literal)docs/runbook.md", "-z"]
    assert len(calls) == 2 + 3  # the two reads of the shared run, then one per run alone


def test_shallowness_is_read_from_the_checkout(tmp_path: Path) -> None:
    """.git/shallow answers for a plain checkout as git itself does."""
    origin, clone = _repo(tmp_path), _shallow_clone(tmp_path)
    for root, shallow in ((origin, False), (clone, True)):
        assert history.is_shallow(root) is shallow
        assert history.git(root, "rev-parse", "--is-shallow-repository") == str(shallow).lower()


def test_shallow_clone_dates_are_unverified(tmp_path: Path) -> None:
    """In a shallow clone the date may be later than the real one: reported, unverified."""
    _repo(tmp_path)
    clone = _shallow_clone(tmp_path)
    report = evidence.collect(MANIFEST, clone / "aimm.yaml")["docs/runbook.md"].probes["history"]
    assert (report["status"], report["last_changed"], report["shallow"]) == (
        "unverified",
        "2026-10-01",
        True,
    )


def _signed_commit(root: Path) -> None:
    """Commit a change to the runbook as a commit carrying a (fake) PGP signature, so that
    showing signatures would run gpg.program."""
    (root / "docs" / "runbook.md").write_text("runbook v2\n")
    _git(root, "add", ".")
    tree, parent = _git(root, "write-tree"), _git(root, "rev-parse", "HEAD")
    when = "1714989600 +0000"  # 2024-05-06
    body = (
        f"tree {tree}\nparent {parent}\nauthor t <t@example.com> {when}\n"
        f"committer t <t@example.com> {when}\n"
        "gpgsig -----BEGIN PGP SIGNATURE-----\n \n AAAA\n -----END PGP SIGNATURE-----\n\nsigned\n"
    )
    _git(
        root,
        "update-ref",
        "HEAD",
        _git(root, "hash-object", "-t", "commit", "-w", "--stdin", stdin=body),
    )


def test_repository_config_runs_nothing(tmp_path: Path) -> None:
    """A hostile repository's config (signature checks with its own gpg.program, fsmonitor, a
    pager) makes the probe run no program."""
    root = _repo(tmp_path)
    _signed_commit(root)
    marker = tmp_path / "pwned"
    script = tmp_path / "evil.sh"
    script.write_text(f"#!/bin/sh\ntouch {marker}\n")
    script.chmod(0o755)
    for key, value in (
        ("log.showSignature", "true"),
        ("gpg.program", str(script)),
        ("core.fsmonitor", str(script)),
        ("core.pager", str(script)),
    ):
        _git(root, "config", key, value)
    # Without the probe's safeguards, reading this log runs the script:
    subprocess.run(["git", "-C", str(root), "log", "-1", "--format=%cs"], capture_output=True)
    assert marker.exists()
    marker.unlink()
    report = evidence.collect(MANIFEST, root / "aimm.yaml")["docs/runbook.md"].probes["history"]
    assert report["last_changed"] == "2024-05-06"
    assert not marker.exists()


def test_a_path_with_glob_characters_is_literal(tmp_path: Path) -> None:
    """A file named with glob characters is looked up literally, not as a pattern."""
    root = _repo(tmp_path)
    assert history.last_change(root, "docs/*.md") is None
    assert history.last_change(root, "docs/runbook.md") == "2023-02-03"


def test_older_changes_beyond_the_batch_are_asked_path_by_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With a history longer than one batch, a path the batch did not see is looked up alone,
    and gets the same date."""
    root = _repo(tmp_path)
    monkeypatch.setattr(history, "BATCH_COMMITS", 1)
    assert history.recent_changes(root) == ({"docs/risk.md": "2026-10-01"}, False)
    calls = _count_git(monkeypatch)
    facts = evidence.collect(MANIFEST, root / "aimm.yaml")
    assert facts["docs/runbook.md"].probes["history"]["last_changed"] == "2023-02-03"
    assert facts["docs/risk.md"].probes["history"]["last_changed"] == "2026-10-01"
    assert [c[0] for c in calls] == ["log", "log"]


def test_the_batch_reads_odd_file_names(tmp_path: Path) -> None:
    """Names with spaces and quotes come through git's NUL-separated output as they are."""
    root = _repo(tmp_path)
    (root / "docs" / 'run "book" v2.md').write_text("x\n")
    _git(root, "add", ".")
    _git(root, "commit", "-qm", "odd", date="2026-11-01T10:00:00")
    changed, complete = history.recent_changes(root)
    assert changed['docs/run "book" v2.md'] == "2026-11-01"
    assert complete


def test_a_history_git_cannot_read_costs_one_git_call(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A ``.git`` folder git does not recognise (a copied or broken checkout): one call finds
    that out, and every declared file's date is unknown, unverified."""
    root = _repo(tmp_path)
    shutil.rmtree(root / ".git")
    (root / ".git").mkdir()
    calls = _count_git(monkeypatch)
    facts = evidence.collect(MANIFEST, root / "aimm.yaml")
    for path in ("docs/runbook.md", "docs/risk.md"):
        probe = facts[path].probes["history"]
        assert (probe["status"], probe["last_changed"]) == ("unverified", history.UNKNOWN)
    assert [c[0] for c in calls] == ["log"]


def test_without_git_on_path_dates_are_unknown(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A checkout on a machine without git: the date is unknown, unverified, and the run
    goes on (no error from the missing program)."""
    root = _repo(tmp_path)
    empty = tmp_path / "no-programs"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    report = evidence.collect(MANIFEST, root / "aimm.yaml")["docs/runbook.md"].probes["history"]
    assert (report["status"], report["last_changed"]) == ("unverified", "unknown")
    assert "git is unavailable" in report["detail"]


def test_a_change_merged_with_our_side_kept_dates_as_in_the_whole_history(
    tmp_path: Path,
) -> None:
    """A branch that changed the runbook, merged keeping our side (``-s ours``): git's
    simplified history of the path would skip the branch's commit; the probe reads the full
    history, so the first manifest of a run gets the date the whole-history read gives."""
    root = _repo(tmp_path)
    _git(root, "checkout", "-qb", "side")
    (root / "docs" / "runbook.md").write_text("runbook, side\n")
    _git(root, "commit", "-qam", "side", date="2026-03-01T10:00:00")
    _git(root, "checkout", "-q", "-")
    _git(root, "merge", "-q", "-s", "ours", "side", "-m", "merge", date="2026-04-01T10:00:00")
    whole, _ = history.recent_changes(root)
    facts = evidence.collect(MANIFEST, root / "aimm.yaml")
    runbook = facts["docs/runbook.md"].probes["history"]["last_changed"]
    assert runbook == whole["docs/runbook.md"] == "2026-03-01"

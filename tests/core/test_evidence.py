"""Evidence paths count only as regular files inside the manifest's repository."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from aimm.core import evidence


def _repo(tmp_path: Path) -> tuple[Path, Path]:
    root = tmp_path / "repo"
    service = root / "services" / "billing"
    (root / ".git").mkdir(parents=True)
    (service / "docs").mkdir(parents=True)
    (service / "docs" / "runbook.md").write_text("# runbook\n")
    (root / "shared.md").write_text("shared\n")
    return root, service


def test_repository_root_is_nearest_git_ancestor(tmp_path: Path) -> None:
    """The root is the nearest folder holding .git."""
    root, service = _repo(tmp_path)
    assert evidence.repository_root(service) == root.resolve()


def test_repository_root_defaults_to_manifest_folder(tmp_path: Path) -> None:
    """Without .git anywhere above, the manifest's folder is the root."""
    folder = tmp_path / "loose"
    folder.mkdir()
    assert evidence.repository_root(folder) == folder.resolve()


@pytest.mark.parametrize(
    ("declared", "exists", "detail"),
    [
        ("docs/runbook.md", True, "docs/runbook.md found"),
        ("./docs/../docs/runbook.md", True, "found"),
        ("../../shared.md", True, "found"),  # inside the repository, above the manifest
        ("docs/missing.md", False, "does not exist"),
        ("docs", False, "not a regular file"),
        ("../../../outside.md", False, "outside the repository"),
        ("/etc/passwd", False, "absolute path"),
        ("C:\\Windows\\win.ini", False, "absolute path"),
        ("", False, "not a usable path"),
        ("docs/\x00runbook.md", False, "not a usable path"),
    ],
)
def test_check_path(tmp_path: Path, declared: str, exists: bool, detail: str) -> None:
    """Each kind of declared path is judged, with a reason naming it."""
    root, service = _repo(tmp_path)
    (tmp_path / "outside.md").write_text("outside\n")
    fact = evidence.check_path(declared, service, root)
    assert fact.exists is exists
    assert detail in fact.detail


def test_symlink_pointing_outside_does_not_count(tmp_path: Path) -> None:
    """A symlink inside the repository that points outside it is not evidence."""
    root, service = _repo(tmp_path)
    secret = tmp_path / "secret.md"
    secret.write_text("secret\n")
    os.symlink(secret, service / "docs" / "link.md")
    fact = evidence.check_path("docs/link.md", service, root)
    assert not fact.exists
    assert "outside the repository" in fact.detail


def test_symlink_inside_repository_counts(tmp_path: Path) -> None:
    """A symlink to a regular file inside the repository counts."""
    root, service = _repo(tmp_path)
    os.symlink(root / "shared.md", service / "docs" / "shared-link.md")
    assert evidence.check_path("docs/shared-link.md", service, root).exists


def test_declared_paths_in_field_order_without_repeats() -> None:
    """Suites, CI workflow, postmortem template and runbook are collected once each."""
    manifest = {
        "posture": {
            "evaluation": {
                "suites": [{"path": "evals/a.yaml"}, {"name": "no-path"}, {"path": "evals/a.yaml"}],
                "ci_gate": {"workflow": ".github/workflows/evals.yml"},
            },
            "audit": {"postmortem_template": "docs/pm.md", "incident_runbook": 7},
        }
    }
    assert evidence.declared_paths(manifest) == [
        "evals/a.yaml",
        ".github/workflows/evals.yml",
        "docs/pm.md",
    ]


def test_collect_without_verification_marks_everything_present(tmp_path: Path) -> None:
    """--no-verify-evidence treats declared paths as present."""
    manifest = {"posture": {"audit": {"incident_runbook": "nowhere.md"}}}
    facts = evidence.collect(manifest, tmp_path / "aimm.yaml", verify=False)
    assert facts["nowhere.md"].exists
    assert "not verified" in facts["nowhere.md"].detail


def test_collect_with_verification(tmp_path: Path) -> None:
    """Verification resolves paths against the manifest's folder."""
    _root, service = _repo(tmp_path)
    manifest = {
        "posture": {
            "audit": {"incident_runbook": "docs/runbook.md", "postmortem_template": "docs/pm.md"}
        }
    }
    facts = evidence.collect(manifest, service / "aimm.yaml")
    found = facts["docs/runbook.md"].as_dict()
    assert (found["exists"], found["detail"]) == (True, "docs/runbook.md found")
    probes = found["probes"]
    assert isinstance(probes, dict) and set(probes) == {"document", "history"}
    assert facts["docs/pm.md"].as_dict() == {"exists": False, "detail": "docs/pm.md does not exist"}

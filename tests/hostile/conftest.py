"""Fixtures of the hostile-input corpus: a warm bundle cache copied into every case."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.hostile.corpus import BASE, TODAY, write


@pytest.fixture(scope="session")
def warm_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A cache folder and a home holding the compiled bundles the corpus needs, so that no
    case pays for compiling the policies (each case gets its own copy)."""
    root = tmp_path_factory.mktemp("warm")
    work = root / "work"
    write(work / "svc" / "aimm.yaml", BASE)
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(root / "home"),
        "XDG_CACHE_HOME": str(root / "home" / ".cache"),
        "XDG_CONFIG_HOME": str(root / "home" / ".config"),
        "AIMM_CACHE_DIR": str(root / "cache"),
        "PYTHONPATH": os.pathsep.join(p for p in sys.path if p),
    }
    (root / "home").mkdir()
    commands = [
        ["check", "svc", "--today", TODAY],
        ["scan", ".", "--today", TODAY, "--no-history", "-o", "scan.json"],
        ["audit", "svc", "--framework", "eu-ai-act", "--today", TODAY],
        ["audit", "svc", "--framework", "nist-ai-rmf", "--today", TODAY],
    ]
    for argv in commands:
        subprocess.run(
            [sys.executable, "-m", "aimm", *argv],
            cwd=work,
            env=env,
            capture_output=True,
            check=False,
        )
    return root


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    """With AIMM_HOSTILE_LOG set, append one line per case (id, outcome, first failure line)
    to that file: the corpus's before/after tally."""
    log = os.environ.get("AIMM_HOSTILE_LOG")
    if not log or report.when != "call" or "test_case[" not in report.nodeid:
        return
    case = report.nodeid.split("test_case[", 1)[1].rstrip("]")
    first = ""
    if report.failed:
        text = str(report.longrepr).splitlines()
        first = next((ln.strip() for ln in reversed(text) if ln.startswith("E ")), "")[:300]
    with open(log, "a", encoding="utf-8") as fh:
        fh.write(f"{case}\t{report.outcome}\t{first}\n")

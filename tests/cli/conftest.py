"""Fixtures of the command-level tests."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.support import BASE


@pytest.fixture
def system(tmp_path: Path) -> Path:
    """A copy of the all-passing base system in a temporary folder."""
    target = tmp_path / "svc"
    shutil.copytree(BASE, target)
    return target


@pytest.fixture
def in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Run with the temporary folder as the working folder."""
    monkeypatch.chdir(tmp_path)
    return tmp_path

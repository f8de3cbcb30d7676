"""Shared pytest fixtures."""

from __future__ import annotations

from pathlib import Path

import pytest

DATA_DIR = Path(__file__).parent / "data"


@pytest.fixture
def data_dir() -> Path:
    """The folder of test data files (``tests/data``)."""
    return DATA_DIR


@pytest.fixture(autouse=True)
def _clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """The developer's or CI's own settings must not change what a test sees: an org config
    from AIMM_CONFIG, or the repository name CI puts in every report."""
    for name in (
        "AIMM_CONFIG",
        "AIMM_ENGINE",
        "AIMM_OPA_URL",
        "AIMM_OPA_TOKEN",
        "GITHUB_REPOSITORY",
        "CI_PROJECT_PATH",
    ):
        monkeypatch.delenv(name, raising=False)

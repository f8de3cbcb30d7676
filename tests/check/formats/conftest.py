"""The real reports the check formats are tested on, each evaluated once a session."""

from __future__ import annotations

import contextlib
import json
from pathlib import Path
from typing import Any

import pytest

from aimm.check.run import check_paths
from aimm.core.result import Report
from tests.check.formats.samples import BROKEN_MANIFEST, SYSTEMS
from tests.support import DATA, EXAMPLES, ROOT, TODAY


@pytest.fixture(scope="session")
def systems_report() -> Report:
    """``aimm check`` of :data:`SYSTEMS` from the repository root, judged on TODAY."""
    with contextlib.chdir(ROOT):
        return check_paths(SYSTEMS, today=TODAY)


@pytest.fixture(scope="session")
def broken_report(tmp_path_factory: pytest.TempPathFactory) -> Report:
    """A manifest with schema errors (three problems) next to a valid example."""
    folder = tmp_path_factory.mktemp("broken")
    (folder / "aimm.yaml").write_text(BROKEN_MANIFEST, encoding="utf-8")
    return check_paths([folder / "aimm.yaml", EXAMPLES / "claims-triage"], today=TODAY)


@pytest.fixture(scope="session")
def all_reports(systems_report: Report, broken_report: Report) -> dict[str, Report]:
    """The real reports by name, for parametrised tests."""
    return {"examples": systems_report, "broken": broken_report}


@pytest.fixture(scope="session")
def sarif_schema() -> dict[str, Any]:
    """The official SARIF 2.1.0 JSON schema (vendored test data)."""
    path: Path = DATA / "sarif-schema-2.1.0.json"
    schema: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return schema

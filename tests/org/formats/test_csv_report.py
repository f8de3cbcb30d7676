"""The CSV org report: one row per manifest, read back with the csv module."""

from __future__ import annotations

import csv
import io

from aimm.org.formats import csv_report
from tests.org.samples import example_report


def test_rows_read_back_with_the_csv_module() -> None:
    """A header, 13 evaluated rows in heatmap order, then the could-not-evaluate row."""
    report = example_report()
    rows = list(csv.DictReader(io.StringIO(csv_report.render(report))))
    assert [r["status"] for r in rows] == ["evaluated"] * 13 + ["error"]
    assert list(rows[0]) == csv_report.header(report)
    fraud = next(r for r in rows if r["system"] == "fraud-signals")
    assert (fraud["evaluation"], fraud["evaluation_floor"], fraud["below_floor"]) == (
        "2",
        "3",
        "evaluation",
    )
    assert (fraud["gate"], fraud["tier"], fraud["floors_enforced"]) == ("fail", "high", "yes")
    assert fraud["repository"] == "fraud-signals" and fraud["path"] == "aimm.yaml"
    assert next(r for r in rows if r["system"] == "support-bot")["moves"] == "evaluation:down"
    assert next(r for r in rows if r["system"] == "kb-search")["moves"] == "new"
    copilot = next(r for r in rows if r["system"] == "collections-copilot")
    assert copilot["spread"] == "3"
    assert rows[-1]["repository"] == "wiki-bot"
    assert rows[-1]["message"] == "line 3: /metadata: 'name' is required"


def test_monorepo_paths_are_relative_to_the_repository() -> None:
    """Both risk-platform systems name their folder inside the repository."""
    rows = list(csv.DictReader(io.StringIO(csv_report.render(example_report()))))
    assert sorted(r["path"] for r in rows if r["repository"] == "risk-platform") == [
        "services/model-doc-writer/aimm.yaml",
        "services/stress-test-narrator/aimm.yaml",
    ]

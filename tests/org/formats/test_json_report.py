"""The JSON org report: the whole model, parseable, deterministic."""

from __future__ import annotations

import dataclasses
import json

import pytest

from aimm.org.formats import json_report
from tests.org.samples import example_report, large_report


def test_json_holds_every_section() -> None:
    """Parses; the headline, systems, gaps, waivers and trend are those of the model."""
    report = example_report()
    data = json.loads(json_report.render(report))
    assert data == json.loads(json.dumps(report.as_dict()))
    assert data["headline"]["systems"] == 13
    assert data["headline"]["floor_misses_by_tier"]["high"] == 1
    assert len(data["systems"]) == 13
    assert data["lopsided"] == [
        {"repository": "collections-copilot", "system": "collections-copilot", "spread": 3}
    ]
    assert [w["system"] for w in data["waivers"]["expired"]] == ["kyc-doc-reader"]
    assert data["trend"]["counts"] == {"up": 1, "down": 1, "new": 1, "gone": 1}


def test_json_is_byte_stable() -> None:
    """Same inputs, same bytes, ending in a newline."""
    first = json_report.render(example_report())
    assert first == json_report.render(example_report()) and first.endswith("}\n")


@pytest.mark.parametrize("count", [0, 1, 40])
def test_rows_streamed_are_the_plain_dump(count: int) -> None:
    """Serialising the systems one by one gives exactly json.dumps of the whole model."""
    report = large_report(count) if count else example_report()
    if not count:
        report = dataclasses.replace(report, systems=())
    expected = json.dumps(report.as_dict(), indent=2, ensure_ascii=False) + "\n"
    assert json_report.render(report) == expected

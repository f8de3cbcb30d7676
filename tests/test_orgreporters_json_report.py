"""The JSON org report: the whole model, parseable, deterministic."""

from __future__ import annotations

import json

from org_samples import example_report

from aimm.orgreporters import json_report


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

"""JUnit XML, read back with junitparser: one suite per manifest, one case per control and the
gate."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from junitparser import JUnitXml, TestCase

from aimm.check.formats import junit
from aimm.core.result import Report
from tests.check.formats.samples import control_named, ctl, result_named, synthetic
from tests.support import TODAY

FORMATS = ("sarif", "junit", "github", "markdown")

# ---- JUnit ------------------------------------------------------------------------------------


def _junit(report: Report, tmp_path: Path) -> JUnitXml:
    path = tmp_path / "aimm.xml"
    path.write_text(junit.render(report, color=False), encoding="utf-8")
    return JUnitXml.fromfile(str(path))


def _cases(suite: Any) -> list[TestCase]:
    return list(suite)


@pytest.mark.parametrize("name", ["examples", "broken"])
def test_junit_counts_match_the_report(
    name: str, all_reports: dict[str, Report], tmp_path: Path
) -> None:
    """junitparser reads one suite per manifest whose counts and cases match the report."""
    report = all_reports[name]
    xml = _junit(report, tmp_path)
    suites = list(xml)
    assert len(suites) == len(report.results)
    for suite, result in zip(suites, report.results, strict=True):
        cases = _cases(suite)
        if not result.evaluated:
            assert (suite.name, suite.tests, suite.errors) == (result.path, 1, 1)
            [case] = cases
            assert case.name == "manifest"
            assert "ownerz" in case.result[0].message
            continue
        failing = sum(1 for c in result.controls if c["status"] == "fail")
        waived = sum(1 for c in result.controls if c["status"] in ("waived", "disabled"))
        gate_failures = 0 if result.gate_passed else 1
        assert suite.name == result.system
        assert suite.tests == len(result.controls) + 1 == len(cases)
        assert suite.failures == failing + gate_failures
        assert suite.skipped == waived
        assert sum(1 for c in cases if c.is_skipped) == waived
        assert sum(1 for c in cases if not c.is_passed and not c.is_skipped) == (
            failing + gate_failures
        )
    assert xml.tests == sum(s.tests for s in suites)
    assert xml.failures == sum(s.failures for s in suites)


def test_junit_cases_carry_control_details(systems_report: Report, tmp_path: Path) -> None:
    """Cases are named ``<ID> <title>`` in ``aimm.<dimension>``, with file and line."""
    xml = _junit(systems_report, tmp_path)
    suite = next(s for s in xml if s.name == "claims-triage")
    result = result_named(systems_report, "claims-triage")
    cases = {c.name.split(" ")[0]: c for c in _cases(suite)}
    waived = cases["COS-3.2"]
    assert waived.classname == "aimm.cost"
    assert waived.name == f"COS-3.2 {control_named(result, 'COS-3.2')['title']}"
    assert waived._elem.get("file") == result.path
    assert waived._elem.get("line") == str(control_named(result, "COS-3.2")["line"])
    assert waived.result[0].message.startswith(
        "waived until 2027-03-31 by cfo-office@example.com: Budget alerts"
    )
    failing = cases["EVA-4.4"]
    assert failing.result[0].type == "evaluation"
    assert failing.result[0].message == control_named(result, "EVA-4.4")["message"]
    assert control_named(result, "EVA-4.4")["remediation"] in (failing.result[0].text or "")


def test_junit_gate_case_fails_for_credit_scoring(systems_report: Report, tmp_path: Path) -> None:
    """Each suite ends with the gate case; it fails with the reasons only where the gate fails."""
    xml = _junit(systems_report, tmp_path)
    for suite in xml:
        gate = _cases(suite)[-1]
        assert gate.name == junit.GATE_CASE
        result = result_named(systems_report, suite.name)
        assert gate.is_passed == result.gate_passed
    credit = next(s for s in xml if s.name == "credit-scoring")
    gate = _cases(credit)[-1]
    reasons = result_named(systems_report, "credit-scoring").gate_reasons
    assert gate.result[0].message == "; ".join(reasons)
    assert "unwaived: EVA-4.2" in gate.result[0].message


def test_junit_survives_characters_xml_cannot_hold(tmp_path: Path) -> None:
    """Control characters in a message become U+FFFD; the document still parses."""
    control = ctl("VIS-5.1", "visibility", 5, message='bell\x07 nul\x00 <&> "quoted"')
    xml = _junit(Report((synthetic(controls=(control,)),), TODAY), tmp_path)
    [suite] = list(xml)
    case = _cases(suite)[0]
    assert case.result[0].message == 'bell\ufffd nul\ufffd <&> "quoted"'


def test_junit_starts_with_a_utf8_declaration(systems_report: Report) -> None:
    """The document declares UTF-8 and keeps attribute order fixed."""
    text = junit.render(systems_report, color=False)
    assert text.startswith('<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="aimm" tests=')

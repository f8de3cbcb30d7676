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
        # Only the controls that block the gate fail; every other non-passing one is skipped.
        blocking = {c["id"] for c in result.controls if c.get("blocks_gate") is True}
        not_passing = sum(1 for c in result.controls if c["status"] != "pass")
        gate_failures = 0 if result.gate_passed else 1
        assert suite.name == result.system
        assert suite.tests == len(result.controls) + 1 == len(cases)
        assert suite.failures == len(blocking) + gate_failures
        assert suite.skipped == not_passing - len(blocking)
        assert sum(1 for c in cases if c.is_skipped) == not_passing - len(blocking)
        failed = [c.name for c in cases if not c.is_passed and not c.is_skipped]
        assert {n.split(" ")[0] for n in failed} - {"GATE"} == blocking
        if result.gate_passed:
            assert (suite.failures, failed) == (0, [])
        else:
            assert blocking or result.gate_reasons
        for case in cases:
            control_id = case.name.split(" ")[0]
            if control_id in result.aspirations:
                assert case.is_skipped
                assert case.result[0].message.startswith("aspiration, does not block the gate (")
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
    # The waiver carries the cost floor: the message names it, its expiry and its approver.
    assert waived.result[0].message.startswith(
        "waived until 2027-03-31, approved by cfo-office@example.com: Budget alerts"
    )
    assert waived.result[0].message.endswith("; without it the gate would fail")
    # claims-triage passes its gate: EVA-4.4 (level 4, next level 3, floor 3) is an aspiration.
    aspiration = cases["EVA-4.4"]
    assert aspiration.is_skipped
    assert aspiration.result[0].message == (
        "aspiration, does not block the gate (level 4 is above the system's next level (3) and "
        f"the evaluation floor (3)): {control_named(result, 'EVA-4.4')['message']}"
    )
    assert not any(not c.is_passed and not c.is_skipped for c in _cases(suite))


def test_junit_blocking_control_is_a_failure_with_the_next_step(
    systems_report: Report, tmp_path: Path
) -> None:
    """credit-scoring's EVA-4.2 keeps an enforced floor unmet: a failure naming its dimension,
    its message and the remediation as text."""
    xml = _junit(systems_report, tmp_path)
    suite = next(s for s in xml if s.name == "credit-scoring")
    result = result_named(systems_report, "credit-scoring")
    failing = {c.name.split(" ")[0]: c for c in _cases(suite)}["EVA-4.2"]
    assert control_named(result, "EVA-4.2")["blocks_gate"] is True
    assert not failing.is_passed and not failing.is_skipped
    assert failing.result[0].type == "evaluation"
    assert failing.result[0].message == control_named(result, "EVA-4.2")["message"]
    assert control_named(result, "EVA-4.2")["remediation"] in (failing.result[0].text or "")


def test_junit_fail_on_any_fail_makes_every_failure_a_failure(tmp_path: Path) -> None:
    """With --fail-on any-fail a failure that does not block the gate fails the run, so JUnit
    shows it as a failure; by default it is skipped as not blocking."""
    control = ctl("VIS-4.1", "visibility", 4)
    result = synthetic(controls=(control,), gate_passed=True)
    [suite] = list(_junit(Report((result,), TODAY), tmp_path))
    case = _cases(suite)[0]
    assert case.is_skipped
    assert case.result[0].message == "failing, does not block the gate: VIS-4.1 message"
    assert suite.failures == 0
    [suite] = list(_junit(Report((result,), TODAY, fail_on="any-fail"), tmp_path))
    case = _cases(suite)[0]
    assert not case.is_passed and not case.is_skipped
    assert case.result[0].message == "VIS-4.1 message"
    assert suite.failures == 1


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
    control = ctl(
        "VIS-5.1", "visibility", 5, message='bell\x07 nul\x00 <&> "quoted"', blocks_gate=True
    )
    xml = _junit(Report((synthetic(controls=(control,)),), TODAY), tmp_path)
    [suite] = list(xml)
    case = _cases(suite)[0]
    assert case.result[0].message == 'bell\ufffd nul\ufffd <&> "quoted"'


def test_junit_starts_with_a_utf8_declaration(systems_report: Report) -> None:
    """The document declares UTF-8 and keeps attribute order fixed."""
    text = junit.render(systems_report, color=False)
    assert text.startswith('<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="aimm" tests=')

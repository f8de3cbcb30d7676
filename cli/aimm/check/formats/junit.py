"""JUnit XML for CI test dashboards (``--format junit``).

``<testsuites name="aimm">`` holds one ``<testsuite>`` per manifest, named after the system
(or the path when the manifest could not be read), and one more per further model. Every
control is a ``<testcase>`` (``classname="aimm.<dimension>"``, ``name="<ID> <title>"``, with
``file`` and ``line``). Only a control that blocks the gate (or the run, with ``--fail-on
any-fail``) holds ``<failure>`` (its message, with the remediation as text); every other
control that does not pass is ``<skipped>`` with the reason it does not fail the build: it
does not block the gate, it is an aspiration (above the system's next level and its
floor), a baseline accepts it, a waiver covers it (who approved it, until when), the org
config disables it, or its model is advisory (see :func:`aimm.check.formats._common.verdict`).
So a passing system's suite has no failure. One more testcase per manifest, ``GATE floors
and gate``, fails with the gate's reasons exactly when the gate fails. A manifest that cannot
be read is a suite with a single ``manifest`` testcase holding ``<error>``.

Built with :mod:`xml.etree.ElementTree` (attribute order is insertion order), no time
attributes, so the same report gives the same bytes. Characters XML 1.0 cannot carry are
replaced with U+FFFD.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import Any

from aimm.check.formats import register
from aimm.check.formats._common import (
    EVIDENCE_STATUSES,
    NOT_VERIFIED_NOTE,
    aspiration_reason,
    carries_gate,
    control_line,
    display_name,
    evidence_summary,
    verdict,
)
from aimm.core.errors import format_problem
from aimm.core.result import ManifestResult, Report
from aimm.core.text import xml_text

GATE_CASE = "GATE floors and gate"
DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>\n'


# Everything outside XML 1.0's Char production (C0 controls except tab/LF/CR, surrogates,
# U+FFFE and U+FFFF).
def xml_safe(text: object) -> str:
    """``text`` as a string XML 1.0 can hold (:func:`aimm.core.text.xml_text`)."""
    return xml_text(text)


def _sub(parent: ET.Element, tag: str, attrs: dict[str, str], text: str | None = None) -> None:
    element = ET.SubElement(parent, tag, {k: xml_safe(v) for k, v in attrs.items()})
    if text:
        element.text = xml_safe(text)


def _counts(element: ET.Element, tests: int, failures: int, errors: int, skipped: int) -> None:
    element.set("tests", str(tests))
    element.set("failures", str(failures))
    element.set("errors", str(errors))
    element.set("skipped", str(skipped))


def _control_case(
    suite: ET.Element, result: ManifestResult, control: dict[str, Any], found: str
) -> None:
    """One control's testcase; ``found`` is its verdict."""
    case = ET.SubElement(
        suite,
        "testcase",
        {
            "classname": xml_safe(f"aimm.{control.get('dimension')}"),
            "name": xml_safe(f"{control['id']} {control.get('title', '')}".strip()),
            "file": xml_safe(result.path),
            "line": str(control_line(control)),
        },
    )
    message = str(control.get("message", ""))
    if found == "blocking":
        _sub(
            case,
            "failure",
            {"message": message, "type": str(control.get("dimension"))},
            f"Next step: {control.get('remediation', '')}",
        )
    elif found == "waived":
        _sub(case, "skipped", {"message": _waiver_message(result, control)})
    elif found != "pass":
        _sub(case, "skipped", {"message": _skip_message(result, control, found, message)})
    _evidence_out(case, control)


def _skip_message(result: ManifestResult, control: dict[str, Any], found: str, text: str) -> str:
    """Why a control that does not pass does not fail the build, then its message."""
    if found == "aspiration":
        return f"aspiration, does not block the gate ({aspiration_reason(result, control)}): {text}"
    if found == "baselined":
        return f"failing, accepted by the baseline: {text}"
    if found == "advisory":
        return f"advisory model, does not gate: {text}"
    if found == "warning":
        return f"failing, does not block the gate: {text}"
    return text  # disabled: the message names the org config's reason


def _waiver_message(result: ManifestResult, control: dict[str, Any]) -> str:
    found = control.get("waiver")
    waiver: dict[str, Any] = found if isinstance(found, dict) else {}
    reason = " ".join(str(waiver.get("reason")).split())
    carries = "; without it the gate would fail" if carries_gate(result, control) else ""
    return (
        f"waived until {waiver.get('expires')}, approved by {waiver.get('approved_by')}: "
        f"{reason}{carries}"
    )


def _evidence_out(case: ET.Element, control: dict[str, Any]) -> None:
    """The facts the control relied on, one line each, contradicted first (system-out)."""
    block = control.get("evidence")
    if not isinstance(block, dict):
        return
    lines = [
        f"{status}: {item.get('fact')} ({item.get('probe')}): {item.get('detail')}"
        for status in EVIDENCE_STATUSES
        for item in block.get(status, [])
        if isinstance(item, dict)
    ]
    if lines:
        _sub(case, "system-out", {}, "\n".join(lines))


def _evaluated_suite(
    root: ET.Element,
    result: ManifestResult,
    model: str | None = None,
    verified: bool = True,
    fail_on: str = "floors",
) -> tuple[int, int, int]:
    """One manifest's suite; for a further model (``model``), one suite named after it whose
    failures are skipped when that model is advisory."""
    name = display_name(result) if model is None else f"{display_name(result)} [{model}]"
    advisory = model is not None and not result.gating
    suite = ET.SubElement(root, "testsuite", {"name": xml_safe(name)})
    verdicts = [verdict(result, c, fail_on) for c in result.controls]
    failures = verdicts.count("blocking")
    skipped = len(verdicts) - failures - verdicts.count("pass")
    failures += 0 if result.gate_passed or advisory else 1
    tests = len(result.controls) + 1
    _counts(suite, tests, failures, 0, skipped)
    suite.set("file", xml_safe(result.path))
    properties = ET.SubElement(suite, "properties")
    for name, value in (
        ("path", result.path),
        ("team", result.team),
        ("tier", result.tier),
        ("lifecycle", result.lifecycle),
        ("floors_enforced", str(result.floors_enforced).lower()),
        ("gate", "passed" if result.gate_passed else "failed"),
    ):
        _sub(properties, "property", {"name": name, "value": str(value)})
    if any(isinstance(c.get("evidence"), dict) for c in result.controls):
        summary = evidence_summary(result) if verified else NOT_VERIFIED_NOTE
        _sub(properties, "property", {"name": "evidence", "value": summary})
    for control, found in zip(result.controls, verdicts, strict=True):
        _control_case(suite, result, control, found)
    gate = ET.SubElement(
        suite,
        "testcase",
        {"classname": "aimm.gate", "name": GATE_CASE, "file": xml_safe(result.path), "line": "1"},
    )
    if not result.gate_passed and advisory:
        reasons = "; ".join(result.gate_reasons) or "gate failed"
        _sub(gate, "skipped", {"message": f"advisory model, does not gate: {reasons}"})
    elif not result.gate_passed:
        _sub(
            gate,
            "failure",
            {"message": "; ".join(result.gate_reasons) or "gate failed", "type": "gate"},
            "\n".join(result.gate_reasons),
        )
    return failures, skipped, tests


def _error_suite(root: ET.Element, result: ManifestResult) -> None:
    suite = ET.SubElement(root, "testsuite", {"name": xml_safe(result.path)})
    _counts(suite, 1, 0, 1, 0)
    suite.set("file", xml_safe(result.path))
    first = result.errors[0] if result.errors else None
    case = ET.SubElement(
        suite,
        "testcase",
        {
            "classname": "aimm.input",
            "name": "manifest",
            "file": xml_safe(result.path),
            "line": str(first.line if first and first.line else 1),
        },
    )
    lines = [format_problem(result.path, p) for p in result.errors] or ["invalid manifest"]
    _sub(case, "error", {"message": "; ".join(lines), "type": "input"}, "\n".join(lines))


def junit_tree(report: Report) -> ET.Element:
    """The ``<testsuites>`` element for a report."""
    root = ET.Element("testsuites", {"name": "aimm"})
    totals = [0, 0, 0, 0]  # tests, failures, errors, skipped
    for result in report.results:
        if result.evaluated:
            for one, model in [(result, None), *((o, o.model) for o in result.others)]:
                verified = report.evidence_verified
                failures, skipped, tests = _evaluated_suite(
                    root, one, model, verified, report.fail_on
                )
                totals = [totals[0] + tests, totals[1] + failures, totals[2], totals[3] + skipped]
        else:
            _error_suite(root, result)
            totals = [totals[0] + 1, totals[1], totals[2] + 1, totals[3]]
    _counts(root, *totals)
    return root


@register("junit")
def render(report: Report, *, color: bool = False) -> str:
    """One JUnit XML document, UTF-8, indented (``color`` is ignored)."""
    root = junit_tree(report)
    ET.indent(root, space="  ")
    return DECLARATION + ET.tostring(root, encoding="unicode") + "\n"

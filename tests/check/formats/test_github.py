"""GitHub workflow commands: annotations for gate blockers and input problems, expiring
waivers, escaping, the step summary."""

from __future__ import annotations

from datetime import date

import pytest

from aimm.check.formats import github, markdown
from aimm.check.run import check_paths
from aimm.core.engine import Engine
from aimm.core.errors import Problem
from aimm.core.orgconfig import ConfigResolver
from aimm.core.pipeline import CheckOptions, Pipeline
from aimm.core.result import ManifestResult, Report
from tests.check.formats.samples import control_named, ctl, result_named, synthetic
from tests.support import EXAMPLES, TODAY, dims

FORMATS = ("sarif", "junit", "github", "markdown")

# ---- GitHub workflow commands -----------------------------------------------------------------


def _github_report() -> Report:
    """A failing system (path with a comma) and a manifest with two input problems."""
    waiver = {
        "control": "COS-3.2",
        "reason": "moving platforms",
        "approved_by": "cfo@example.com",
        "expires": "2026-12-01",
    }
    controls = (
        ctl(
            "EVA-4.2",
            "evaluation",
            4,
            line=53,
            title="Evals block: merge, release",
            message="ci_gate.blocking is false, 100% sure\nreally",
            remediation="Make the job required.",
            blocks_gate=True,
        ),
        ctl("VIS-5.1", "visibility", 5, line=46),
        ctl("AUD-5.1", "audit", 5, line=80),
        ctl("COS-3.2", "cost", 3, "waived", line=57, waiver=waiver),
        ctl(
            "OWN-1",
            "ownership",
            None,
            line=9,
            title="A production system has an on-call escalation path",
            message="metadata.owners.on_call is not set",
            remediation="Set it.",
            blocks_gate=True,
        ),
        ctl("WVR-3", "waivers", None, "pass", line=72),
    )
    waivers = (
        {**waiver, "status": "valid", "days_left": 10},
        {"control": "ACC-4.1", "status": "valid", "expires": "2026-12-22", "days_left": 31},
        {"control": "EVA-5.1", "status": "expired", "expires": "2026-11-01", "days_left": -20},
    )
    evaluated = synthetic(
        path="svc/a,b/aimm.yaml",
        levels=dims(4, 3, 2, 3, 3),
        floors=dims(3, 4, 3, 3, 3),
        controls=controls,
        waivers=waivers,
        aspirations=("AUD-5.1",),
    )
    broken = ManifestResult(
        path="bad/aimm.yaml",
        status="error",
        errors=(Problem("unknown key 'x'", 6, "/x"), Problem("not a mapping")),
    )
    return Report((evaluated, broken), TODAY)


def test_github_exact_annotations() -> None:
    """Errors for gate blockers and input problems, a warning for the failure that does not
    block, nothing for the aspiration (AUD-5.1) or the waived control, a warning for the
    expiring waiver, a notice."""
    assert github.render(_github_report(), color=False).splitlines() == [
        "::error file=svc/a%2Cb/aimm.yaml,line=53,title=EVA-4.2 Evals block%3A merge%2C release"
        "::ci_gate.blocking is false, 100%25 sure%0Areally. Next step: Make the job required.",
        "::warning file=svc/a%2Cb/aimm.yaml,line=46,title=VIS-5.1 VIS-5.1 title (does not block "
        "the gate)::VIS-5.1 message. Next step: fix VIS-5.1",
        "::error file=svc/a%2Cb/aimm.yaml,line=9,title=OWN-1 A production system has an "
        "on-call escalation path::metadata.owners.on_call is not set. Next step: Set it.",
        "::warning file=svc/a%2Cb/aimm.yaml,line=72,title=Waiver expiring"
        "::waiver for COS-3.2 expires on 2026-12-01 (10 days)",
        "::error file=bad/aimm.yaml,line=6,title=Invalid manifest::/x: unknown key 'x'",
        "::error file=bad/aimm.yaml,line=1,title=Invalid manifest::not a mapping",
        "::notice::aimm: 2 manifest(s), 0 passed, 1 failed, 1 error(s)",
    ]


@pytest.mark.parametrize(
    ("warn_days", "expiring"),
    [(9, []), (10, ["COS-3.2"]), (30, ["COS-3.2"]), (31, ["COS-3.2", "ACC-4.1"])],
)
def test_github_waiver_window_is_inclusive(warn_days: int, expiring: list[str]) -> None:
    """Only valid waivers with at most ``warn_days`` left are announced; expired ones never."""
    text = github.render(_github_report(), color=False, warn_days=warn_days)
    warned = [
        line.split("waiver for ")[1].split(" ")[0]
        for line in text.splitlines()
        if line.startswith("::warning") and "title=Waiver expiring::" in line
    ]
    assert warned == expiring


@pytest.mark.parametrize(
    ("raw", "data", "prop"),
    [
        ("plain", "plain", "plain"),
        ("100%", "100%25", "100%25"),
        ("a\r\nb", "a%0D%0Ab", "a%0D%0Ab"),
        ("k: v, w", "k: v, w", "k%3A v%2C w"),
        ("%3A", "%253A", "%253A"),  # escaped first, so an encoded-looking value survives
    ],
)
def test_github_escaping(raw: str, data: str, prop: str) -> None:
    """Workflow-command escaping: data escapes % CR LF; properties also : and ,."""
    assert github.escape_data(raw) == data
    assert github.escape_property(raw) == prop


@pytest.mark.parametrize(("today", "warned"), [(TODAY, False), (date(2027, 3, 15), True)])
def test_github_claims_triage_waiver_warns_near_expiry(
    engine: Engine, today: date, warned: bool
) -> None:
    """The claims-triage waiver (expires 2027-03-31) is announced only inside 30 days."""
    pipeline = Pipeline(CheckOptions(today=today), engine=engine, configs=ConfigResolver())
    report = check_paths([EXAMPLES / "claims-triage"], today=today, pipeline=pipeline)
    warnings = [
        line for line in github.render(report, color=False).splitlines() if "::warning" in line
    ]
    if warned:
        assert len(warnings) == 1
        assert warnings[0].endswith("::waiver for COS-3.2 expires on 2027-03-31 (16 days)")
        assert "title=Waiver expiring" in warnings[0]
    else:
        assert warnings == []


def test_github_real_report_flags_the_floor_blockers(systems_report: Report) -> None:
    """On the examples, the only errors are the unwaived floor blockers: credit-scoring's two,
    and returns-assistant's one under the org config's raised evaluation floor."""
    lines = github.render(systems_report, color=False).splitlines()
    expected = [
        f"::error file={result.path},line={control_named(result, cid)['line']},title={cid} "
        for result, cid in (
            (result_named(systems_report, "credit-scoring"), "EVA-4.2"),
            (result_named(systems_report, "credit-scoring"), "AUD-4.2"),
            (result_named(systems_report, "returns-assistant"), "EVA-4.2"),
        )
    ]
    errors = [line for line in lines if line.startswith("::error")]
    assert len(errors) == 3
    assert all(e.startswith(x) for e, x in zip(errors, expected, strict=True))
    assert lines[-1] == "::notice::aimm: 12 manifest(s), 10 passed, 2 failed, 0 error(s)"


def test_github_step_summary_is_the_markdown_report(systems_report: Report) -> None:
    """The step summary is the Markdown report (within GitHub's 1 MiB)."""
    assert github.step_summary(systems_report) == markdown.render(systems_report, color=False)

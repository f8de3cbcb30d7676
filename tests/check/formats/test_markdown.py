"""The Markdown report (a pull-request comment): tables, verdicts, escaping, truncation to
fit a GitHub comment."""

from __future__ import annotations

from dataclasses import replace

import pytest

from aimm.check.formats import markdown
from aimm.core.errors import Problem
from aimm.core.result import ManifestResult, Report
from tests.check.formats.samples import ctl, synthetic
from tests.support import TODAY

FORMATS = ("sarif", "junit", "github", "markdown")

# ---- Markdown ---------------------------------------------------------------------------------


def test_markdown_tables_and_verdicts(systems_report: Report) -> None:
    """Title verdict, the grid rows with below-floor marked, gate reasons, failing, next steps."""
    text = markdown.render(systems_report, color=False)
    assert text.startswith(
        "## ❌ aimm: gate failed — 12 manifest(s): 10 passed, 2 failed, 0 error(s)"
    )
    credit = text[text.index("### ❌ credit-scoring") :].split("\n### ")[0]
    assert "| evaluation | L3 Observed | L4 | ❌ **below floor** |" in credit
    assert "| visibility | L3 Observed | L3 | ✅ ok |" in credit
    assert "**Gate: failed**" in credit
    assert "- evaluation is at level 3, below its floor of 4 (unwaived: EVA-4.2)" in credit
    # Red for exactly the blocking controls; the rest fold under not blocking / aspirations.
    blocking = credit[credit.index("**Blocking (2, fails the gate)**") :].split("\n\n")[1]
    assert [row.split("`")[1] for row in blocking.splitlines()[2:]] == ["EVA-4.2", "AUD-4.2"]
    assert "<summary><b>Failing, not blocking (6)</b></summary>" in credit
    assert (
        "<summary><b>Aspirations (7): above the next level (L4) and the floors, not blocking"
        "</b></summary>" in credit
    )
    assert "1. `EVA-4.2` (evaluation): " in credit
    assert "3. `VIS-4.1`" in credit and "4. " not in credit
    billing = text[text.index("### ✅ billing-agent") :].split("\n### ")[0]
    assert "**Failing, not blocking (5)**" in billing  # few failures: not folded away
    assert "Blocking (" not in billing and "Aspirations (" not in billing
    prompt_lab = text[text.index("### ✅ prompt-lab") :].split("\n### ")[0]
    assert "| visibility | L1 Experimenting | L2 | ⚠️ below floor (not enforced) |" in prompt_lab
    claims = text[text.index("### ✅ claims-triage") :].split("\n### ")[0]
    # A passing system whose failures are all aspirations: nothing blocking or failing shown
    # open, the aspirations folded, the waived floor naming its waiver, expiry and approver.
    assert "Blocking (" not in claims and "Failing, not blocking" not in claims
    assert (
        "<summary><b>Aspirations (14): above the next level (L3) and the floors, not blocking"
        "</b></summary>" in claims
    )
    assert (
        "| cost | L2 Adopted | L3 | ⚠️ below floor, waived: COS-3.2 until 2027-03-31, approved by "
        "cfo-office@example.com |" in claims
    )
    assert (
        "- `COS-3.2` waived until 2027-03-31, approved by cfo-office@example.com "
        "**(the gate passes because of it)**: " in claims
    )
    # failing systems first
    assert text.index("### ❌ credit-scoring") < text.index("### ✅ billing-agent")


def test_markdown_lists_input_errors_with_file_and_line(broken_report: Report) -> None:
    """Invalid manifests come first, one ``file:line`` problem per item."""
    text = markdown.render(broken_report, color=False)
    broken = next(r for r in broken_report.results if not r.evaluated)
    assert text.startswith(
        "## ❌ aimm: gate failed — 2 manifest(s): 1 passed, 0 failed, 1 error(s)"
    )
    assert "### ❌ Invalid manifests" in text
    assert f"- `{broken.path}:6: /metadata/ownerz: unknown key 'ownerz'" in text


def test_markdown_all_passed_title() -> None:
    """A report where every gate passed gets a ✅ title."""
    report = Report((synthetic(gate_passed=True),), TODAY)
    assert markdown.render(report, color=False).startswith(
        "## ✅ aimm: all gates passed — 1 manifest(s): 1 passed, 0 failed, 0 error(s)"
    )


def test_markdown_cells_are_escaped() -> None:
    """Pipes, HTML and newlines in manifest text cannot break the table."""
    control = ctl("VIS-5.1", "visibility", 5, message="a | b <script>\nc")
    text = markdown.render(Report((synthetic(controls=(control,)),), TODAY), color=False)
    assert "| a \\| b &lt;script&gt; c |" in text


def _huge(report: Report, copies: int) -> Report:
    results = tuple(
        replace(r, path=f"svc/{n}/aimm.yaml", system=f"{r.system}-{n}")
        for n in range(copies)
        for r in report.results
        if r.evaluated
    )
    return Report(results, report.today)


@pytest.mark.parametrize("limit", [markdown.GITHUB_COMMENT_LIMIT, 20_000])
def test_markdown_truncates_to_fit_a_comment(systems_report: Report, limit: int) -> None:
    """A huge report stays within the limit and says it was truncated."""
    report = _huge(systems_report, 60)
    text = markdown.render(report, color=False, max_chars=limit)
    assert markdown.size(text) <= limit
    assert "Truncated to fit a GitHub comment" in text
    assert "system(s) left out" in text
    assert text.startswith(
        f"## ❌ aimm: gate failed — {60 * len(systems_report.results)} manifest(s)"
    )
    assert "### ❌ credit-scoring-0" in text  # failing systems are kept first


def test_markdown_shortens_an_oversized_system() -> None:
    """A system too big for the comment keeps its header, grid and gate, with a note."""
    controls = tuple(
        ctl(f"VIS-{n}", "visibility", 5, message="x" * 500 + " ✅") for n in range(200)
    )
    text = markdown.render(Report((synthetic(controls=controls),), TODAY), color=False)
    assert markdown.size(text) <= markdown.GITHUB_COMMENT_LIMIT
    assert "| visibility | L3 Observed | L3 | ✅ ok |" in text
    assert "Failing controls" not in text
    assert "1 system(s) shortened to their grid" in text


def test_markdown_cuts_an_oversized_error_list() -> None:
    """Input errors beyond the limit are cut at a line, and the note is kept."""
    problems = tuple(Problem("y" * 300 + " ❌", n, f"/p{n}") for n in range(1, 400))
    broken = ManifestResult(path="bad/aimm.yaml", status="error", errors=problems)
    text = markdown.render(Report((broken,), TODAY), color=False)
    assert markdown.size(text) <= markdown.GITHUB_COMMENT_LIMIT
    assert text.endswith("> Truncated to fit a GitHub comment.\n")
    last_item = text.split("\n")[-5]  # whole lines only: the last item is complete
    assert last_item.startswith("- `bad/aimm.yaml:")
    assert last_item.endswith(" ❌`")


def test_markdown_untruncated_when_small(systems_report: Report) -> None:
    """The examples fit in one comment without a truncation note."""
    assert "Truncated" not in markdown.render(systems_report, color=False)

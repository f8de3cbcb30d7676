"""The regulated examples (examples/regulated/), audited end to end against their README.

Each folder holds one manifest with a compliance section and every evidence file it cites. The
table below is examples/regulated/README.md as data: the EU risk category and roles the audit
derives, the status counts and exit code of ``aimm audit --framework eu-ai-act`` on 2026-11-21
and on 2027-12-02 (when Annex III obligations apply), and the clauses with a notable status.
"""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path

import pytest
import yaml

from aimm.audit.matrix import AuditReport, SystemAudit, audit_paths
from aimm.core import evidence
from aimm.core.engine import Engine
from aimm.core.frameworks import engine_for
from aimm.core.result import Report
from tests.support import REGULATED, TODAY

BEFORE, AFTER = TODAY, date(2027, 12, 2)
MODELINE = "# yaml-language-server: $schema=../../../schemas/manifest.schema.json"


@dataclass(frozen=True)
class Verdict:
    """Status counts (met, partially-evidenced, unmet, waived, upcoming, not-applicable) and
    the exit code."""

    counts: tuple[int, int, int, int, int, int]
    exit_code: int
    notable: tuple[tuple[str, str], ...] = ()  # (clause, status)


@dataclass(frozen=True)
class Expected:
    category: str
    roles: tuple[str, ...]
    before: Verdict
    after: Verdict


EXPECTED: dict[str, Expected] = {
    "credit-risk-model": Expected(
        "high-risk",
        ("provider", "deployer"),
        Verdict((2, 0, 0, 0, 27, 17), 0, (("Art. 43", "upcoming"), ("Art. 26(11)", "upcoming"))),
        Verdict(
            (24, 0, 5, 0, 0, 17),
            1,
            (
                ("Art. 26(11)", "unmet"),
                ("Art. 43", "unmet"),
                ("Art. 47", "unmet"),
                ("Art. 48", "unmet"),
                ("Art. 49(1)", "unmet"),
                ("Art. 17", "met"),
                ("Art. 27", "met"),
            ),
        ),
    ),
    "cv-screening": Expected(
        "high-risk",
        ("deployer",),
        Verdict(
            (2, 0, 0, 0, 8, 36), 0, (("Art. 26(5)", "upcoming"), ("Art. 27", "not-applicable"))
        ),
        # The business owner's waiver on AUD-4.2 records accepted risk; the law still applies.
        Verdict((9, 0, 1, 0, 0, 36), 1, (("Art. 26(5)", "unmet"), ("Art. 26(11)", "met"))),
    ),
    "customer-chatbot": Expected(
        "transparency",
        ("provider",),
        Verdict((3, 0, 1, 0, 0, 42), 1, (("Art. 50(1)", "met"), ("Art. 50(2)", "unmet"))),
        Verdict((3, 0, 1, 0, 0, 42), 1, (("Art. 50(2)", "unmet"), ("Art. 14", "not-applicable"))),
    ),
    "it-ticket-router": Expected(
        "minimal",
        ("provider", "deployer"),
        Verdict((2, 0, 0, 0, 0, 44), 0, (("Art. 4", "met"), ("Art. 5", "met"))),
        Verdict((2, 0, 0, 0, 0, 44), 0, (("Art. 4", "met"), ("Art. 50(1)", "not-applicable"))),
    ),
}
NAMES = sorted(EXPECTED)


@cache
def engine() -> Engine:
    """One EU AI Act engine for the module (a bundle cached for the session)."""
    return engine_for({"profiles": ["eu-ai-act"]})


@cache
def outside_git() -> Path:
    """A copy of examples/regulated with no git history around it.

    The runbooks' dates come from git (the history probe): committed on 2026-11-21, they are
    over 365 days old on 2027-12-02, which fails AUD-4.7 and every obligation resting on the
    audit floor. The README's 2027-12-02 column shows what the date itself changes, so it is
    judged where the history is unknown (test_stale_runbook_in_the_checkout covers the rest).
    """
    copy = Path(tempfile.mkdtemp(prefix="aimm-regulated-")) / "regulated"
    shutil.copytree(REGULATED, copy)
    return copy


@cache
def audited(name: str, today: date) -> AuditReport:
    folder = (REGULATED if today == BEFORE else outside_git()) / name
    return audit_paths([folder], ["eu-ai-act"], today=today, engine=engine())


def system(name: str, today: date) -> SystemAudit:
    (only,) = audited(name, today).systems
    return only


def test_every_regulated_folder_has_expectations() -> None:
    assert {p.parent.name for p in REGULATED.glob("*/aimm.yaml")} == set(EXPECTED)


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("today", [BEFORE, AFTER], ids=["2026-11-21", "2027-12-02"])
def test_audit_verdict(name: str, today: date) -> None:
    """Status counts, exit code and the notable clauses of the README's table."""
    verdict = EXPECTED[name].before if today == BEFORE else EXPECTED[name].after
    result = system(name, today)
    counts = result.counts()
    assert tuple(
        counts[s]
        for s in ("met", "partially-evidenced", "unmet", "waived", "upcoming", "not-applicable")
    ) == (verdict.counts)
    assert audited(name, today).exit_code() == verdict.exit_code
    statuses = {o.clause.id: o.status for o in result.obligations}
    for clause, status in verdict.notable:
        assert statuses[clause] == status, clause


@pytest.mark.parametrize("name", NAMES)
def test_enforcing_early_gives_the_2027_verdict(name: str) -> None:
    """``--enforce-upcoming`` on 2026-11-21 judges the obligations as 2027-12-02 does (the
    README says so): the same status per clause."""
    early = audit_paths(
        [REGULATED / name], ["eu-ai-act"], today=BEFORE, engine=engine(), enforce_upcoming=True
    )
    (only,) = early.systems
    statuses = {o.clause.id: o.status for o in only.obligations}
    assert statuses == {o.clause.id: o.status for o in system(name, AFTER).obligations}
    assert early.exit_code() == EXPECTED[name].after.exit_code


@pytest.mark.parametrize("name", NAMES)
def test_category_and_roles(name: str) -> None:
    """The audit derives the EU risk category and reads the declared roles."""
    context = system(name, BEFORE).context
    assert context["eu_risk_category"] == EXPECTED[name].category
    assert tuple(context["roles"]) == EXPECTED[name].roles
    assert context["roles_declared"] is True


@pytest.mark.parametrize("name", NAMES)
def test_plain_check_passes(name: str, examples_report: Report) -> None:
    """Every regulated example meets its grid floors without a profile."""
    (result,) = [
        r for r in examples_report.results if r.path.startswith(f"examples/regulated/{name}/")
    ]
    assert Report((result,), BEFORE).exit_code() == 0


@pytest.mark.parametrize("name", NAMES)
def test_every_cited_file_exists_and_is_verified(name: str) -> None:
    """The manifest's evidence paths exist inside the folder, and no obligation's file is
    missing."""
    folder = REGULATED / name
    manifest = yaml.safe_load((folder / "aimm.yaml").read_text(encoding="utf-8"))
    paths = evidence.declared_paths(manifest)
    assert evidence.paths_at(manifest, "/compliance"), "the example declares governance files"
    for declared in paths:
        target = (folder / declared).resolve()
        assert folder.resolve() in target.parents and target.is_file(), declared
    assert all(f.status == "verified" for f in system(name, BEFORE).evidence_files())


@pytest.mark.parametrize("name", NAMES)
def test_readme_documents_the_audit(name: str) -> None:
    """Each example's README names it and gives the audit command with its date."""
    text = (REGULATED / name / "README.md").read_text(encoding="utf-8")
    assert text.startswith(f"# {name}\n")
    assert f"aimm audit --framework eu-ai-act examples/regulated/{name} --today 2026-11-21" in text
    first_line = (REGULATED / name / "aimm.yaml").read_text(encoding="utf-8").splitlines()[0]
    assert first_line == MODELINE


def test_index_readme_lists_every_example() -> None:
    text = (REGULATED / "README.md").read_text(encoding="utf-8")
    for name in NAMES:
        assert f"[{name}]({name}/)" in text


def test_stale_runbook_in_the_checkout() -> None:
    """In this repository, on 2027-12-02, git dates credit-risk-model's runbook over 365 days
    back: AUD-4.7 fails, and more obligations are unmet than where the date is unknown."""
    root = evidence.repository_root(REGULATED)
    if not (root / ".git").exists():
        pytest.skip("not a git checkout: the runbook's date is unknown")
    report = audit_paths([REGULATED / "credit-risk-model"], ["eu-ai-act"], today=AFTER,
                         engine=engine())  # fmt: skip
    (only,) = report.systems
    assert only.counts()["unmet"] > EXPECTED["credit-risk-model"].after.counts[2]

"""Rolling up CI reports: sources, repositories, dates, unreadable files, newest wins."""

from __future__ import annotations

from pathlib import Path

import pytest

from aimm.core.model import load_model
from aimm.org.aggregate import ReportSource, collect, read, sources
from aimm.org.records import SystemPosture, Unevaluated, merge
from tests.support import DATA

REPORTS = DATA / "org" / "reports"
MODEL = load_model()


def test_sources_expand_folders_and_take_repo_prefixes(tmp_path: Path) -> None:
    """A folder means its *.json files (sorted, hidden folders skipped); REPO=PATH names the
    repository; a path that exists with '=' in its name is a path."""
    odd = tmp_path / "a=b.json"
    odd.write_text("{}")
    found = sources(
        [str(REPORTS / "care"), f"billing={REPORTS / 'payments' / 'aimm.json'}", str(odd)]
    )
    assert found == [
        ReportSource(REPORTS / "care" / "aimm.json"),
        ReportSource(REPORTS / "payments" / "aimm.json", "billing"),
        ReportSource(odd),
    ]
    assert [s.path.name for s in sources([str(REPORTS / "broken")])] == [
        "not-a-report.json",
        "truncated.json",
    ]


def test_read_uses_the_folder_name_as_repository_and_the_report_date() -> None:
    """Every result becomes a candidate of its source; errors stay errors."""
    found = read(ReportSource(REPORTS / "payments" / "aimm.json"), 3, MODEL)
    assert {c.source for c in found} == {3}
    entries = [c.entry for c in found]
    assert [(e.repository, e.path, e.judged_on) for e in entries] == [
        ("payments", "services/refunds/aimm.yaml", "2026-11-01"),
        ("payments", "services/checkout/aimm.yaml", "2026-11-01"),
        ("payments", "services/broken/aimm.yaml", "2026-11-01"),
    ]
    assert isinstance(entries[2], Unevaluated)
    assert entries[2].message == "line 6: /metadata/ownerz: unknown key 'ownerz'"


def test_repository_precedence_prefix_then_report_key_then_folder() -> None:
    """REPO= beats the report's repository key, which beats the folder name."""
    rerun = REPORTS / "payments-rerun" / "aimm.json"
    assert {c.entry.repository for c in read(ReportSource(rerun), 0, MODEL)} == {"payments"}
    named = read(ReportSource(rerun, "renamed"), 0, MODEL)
    assert {c.entry.repository for c in named} == {"renamed"}


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("truncated.json", "not JSON: Expecting ',' delimiter at line 3 column 1"),
        ("not-a-report.json", "not an aimm check JSON report"),
        ("missing.json", "cannot read report: No such file or directory"),
    ],
)
def test_unreadable_reports_are_listed(name: str, message: str) -> None:
    """A report that cannot be read is one could-not-evaluate entry naming the file."""
    [candidate] = read(ReportSource(REPORTS / "broken" / name), 0, MODEL)
    assert isinstance(candidate.entry, Unevaluated)
    assert candidate.entry.path == (REPORTS / "broken" / name).as_posix()
    assert candidate.entry.message.startswith(message)


def test_malformed_result_is_listed_with_its_field() -> None:
    """A result missing what the org report needs is listed; the others of the report count."""
    entries = [c.entry for c in read(ReportSource(REPORTS / "care" / "aimm.json"), 0, MODEL)]
    assert isinstance(entries[0], SystemPosture)
    assert entries[1] == Unevaluated(
        "care",
        "legacy/aimm.yaml",
        f"{(REPORTS / 'care' / 'aimm.json').as_posix()}: legacy/aimm.yaml: "
        "'levels.evaluation' is missing or not a whole number",
        "2026-11-10",
    )


def test_newest_report_wins_whatever_the_order() -> None:
    """The rerun (2026-11-15) replaces refund-agent and fixes the broken manifest; the
    checkout system, only in the older report, stays."""
    for order in (["payments", "payments-rerun"], ["payments-rerun", "payments"]):
        found = sources([str(REPORTS / name) for name in order])
        systems, problems = merge(collect(found, MODEL))
        by_name = {s.system: s for s in systems}
        assert sorted(by_name) == ["checkout-assistant", "fixed-bot", "refund-agent"]
        assert by_name["refund-agent"].levels["evaluation"] == 3
        assert by_name["refund-agent"].judged_on == "2026-11-15"
        assert by_name["checkout-assistant"].judged_on == "2026-11-01"
        assert problems == []

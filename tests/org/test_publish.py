"""From postures to the org report (``aimm.org.publish``): history and trend, writing
outputs, the options of ``aimm scan`` and ``aimm aggregate``; and the library entry points
that collect the postures (``aimm.org.scan.scan``, ``aimm.org.aggregate.aggregate``)."""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path

import pytest

from aimm.core.errors import UsageError
from aimm.core.model import load_model
from aimm.org import publish
from aimm.org.aggregate import aggregate
from aimm.org.history import DEFAULT_FILE, History
from aimm.org.publish import PublishRequest, history_location
from aimm.org.scan import progress_bar, scan
from tests.org.samples import MODELS, example_postures
from tests.support import DATA, EXAMPLE_ORG, TODAY

REPORTS = DATA / "org" / "reports"


def test_default_history_is_inside_the_first_root(tmp_path: Path) -> None:
    """ROOT/.aimm/history.sqlite."""
    assert tmp_path / DEFAULT_FILE == tmp_path / ".aimm" / "history.sqlite"


def test_scan_merges_walk_problems_and_results(tmp_path: Path) -> None:
    """A missing root is listed beside the evaluated systems of a real one."""
    systems, problems = scan(
        [EXAMPLE_ORG / "support-bot", tmp_path / "missing"],
        today=TODAY,
        jobs=1,
        use_cache=False,
        progress=False,
    )
    assert [s.key for s in systems] == [("support-bot", "support-bot")]
    assert [p.path for p in problems] == [(tmp_path / "missing").as_posix()]


def test_aggregate_needs_reports(tmp_path: Path) -> None:
    """An empty folder is a usage error, not an empty org report."""
    with pytest.raises(UsageError, match="no report files found"):
        aggregate([str(tmp_path)])
    systems, problems = aggregate([str(REPORTS / "care")])
    assert [s.system for s in systems] == ["support-bot"] and len(problems) == 1


def test_finish_records_and_trends(tmp_path: Path) -> None:
    """The first run records a snapshot without trend; a later run compares with it."""
    systems, problems = example_postures()
    location = str(tmp_path / "h.sqlite")
    with History(location) as store:
        first = publish.finish(systems, problems, today=date(2026, 10, 21), history=store)
        assert first.trend.previous is None
        second = publish.finish(systems[1:], problems, today=TODAY, history=store)
        assert second.trend.previous == "2026-10-21"
        assert [c.change for c in second.trend.changes] == ["gone"]
        # examples/org runs three models (its aimm-org.yaml): a snapshot of each per date.
        assert store.count() == 2 * 3
        assert [r.model for r in second.packs] == ["mlops", "ai-operations"]
        assert [r.trend.previous for r in second.packs] == ["2026-10-21"] * 2
        assert [p.taken_on for p in second.series] == ["2026-10-21", "2026-11-21"]
    assert publish.finish(systems, problems, today=TODAY, history=None).trend.previous is None


def test_write_to_stdout_file_and_folder(tmp_path: Path) -> None:
    """One format to stdout or a file; several into a folder, one file each."""
    systems, problems = example_postures()
    report = publish.finish(systems, problems, today=TODAY, history=None)
    text = publish.write(report, ["json"], None, None)
    assert text is not None and json.loads(text)["headline"]["systems"] == 13
    assert publish.write(report, ["csv"], tmp_path / "org.csv", None) is None
    assert (tmp_path / "org.csv").read_text().startswith("status,business_unit,")
    out = tmp_path / "out"
    assert publish.write(report, ["markdown", "html", "json", "csv"], None, out) is None
    assert sorted(p.name for p in out.iterdir()) == [
        "aimm-org.csv",
        "aimm-org.html",
        "aimm-org.json",
        "aimm-org.md",
    ]


def test_progress_bar_disabled_is_silent(capsys: pytest.CaptureFixture[str]) -> None:
    """No terminal, no bar: advance() does nothing and nothing is printed."""
    with progress_bar(3, enabled=False) as advance:
        advance()
    with progress_bar(0, enabled=True) as advance:
        advance()
    assert capsys.readouterr() == ("", "")


def test_scan_of_a_copy_equals_scan_of_the_original(tmp_path: Path) -> None:
    """Where the checkouts live does not change the postures (paths are per repository)."""
    copy = tmp_path / "org"
    shutil.copytree(EXAMPLE_ORG, copy)
    systems, _ = scan([copy], today=TODAY, jobs=2, use_cache=False, progress=False, models=MODELS)
    original, _ = example_postures()
    assert sorted(systems, key=lambda s: s.key) == sorted(original, key=lambda s: s.key)


def test_formats_default_to_markdown_and_deduplicate() -> None:
    """No --format is Markdown; repeats collapse; several need a folder."""

    def chosen_formats(
        formats: tuple[str, ...], output: Path | None, output_dir: Path | None
    ) -> list[str]:
        request = PublishRequest(
            TODAY, load_model(), formats=formats, output=output, output_dir=output_dir
        )
        return request.chosen_formats()

    assert chosen_formats((), None, None) == ["markdown"]
    assert chosen_formats(("json", "json"), Path("o.json"), None) == ["json"]
    assert chosen_formats(("html", "csv"), None, Path("d")) == ["html", "csv"]
    with pytest.raises(UsageError, match="need --output-dir"):
        chosen_formats(("html", "csv"), None, None)
    with pytest.raises(UsageError, match="either --output or --output-dir"):
        chosen_formats(("html",), Path("o"), Path("d"))


def test_history_location() -> None:
    """--history wins over the default; --no-history means none; both is an error."""
    default = Path("root/.aimm/history.sqlite")
    assert history_location(None, False, default) == str(default)
    assert history_location("postgresql://h/db", False, default) == "postgresql://h/db"
    assert history_location(None, True, default) is None
    with pytest.raises(UsageError, match="not both"):
        history_location("x", True, default)

"""The HTML org report: self-contained, every section, grouped heatmap. (Laid out by a real
browser: ``tests/e2e/test_browser.py``.)"""

from __future__ import annotations

import dataclasses
import re
from html.parser import HTMLParser

import pytest

from aimm.org.formats import html
from tests.org.samples import SECTION_TITLES, example_report


class _Outline(HTMLParser):
    """Collects what the tests look at: tags, links, heatmap rows and cells."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.refs: list[str] = []
        self.rows: list[list[str]] = []
        self.row_classes: list[str] = []
        self.h2: list[str] = []
        self._in_h2 = False
        self._cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        values = dict(attrs)
        self.refs.extend(v or "" for k, v in attrs if k in ("src", "href"))
        if tag == "tr":
            self.row_classes.append(values.get("class") or "")
            self.rows.append([])
        if tag in ("td", "th"):
            self._cell = []
        self._in_h2 = tag == "h2"

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._cell is not None:
            self.rows[-1].append("".join(self._cell).strip())
            self._cell = None
        if tag == "h2":
            self._in_h2 = False

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)
        if self._in_h2:
            self.h2.append(data)


def _outline(text: str) -> _Outline:
    parser = _Outline()
    parser.feed(text)
    return parser


@pytest.fixture(scope="module")
def page() -> str:
    """The examples/org report as HTML, with a trend and a could-not-evaluate entry."""
    return html.render(example_report())


def test_self_contained(page: str) -> None:
    """No script, no external stylesheet, font, image or link: only in-page anchors."""
    outline = _outline(page)
    assert "script" not in outline.tags and "link" not in outline.tags
    assert "img" not in outline.tags and "iframe" not in outline.tags
    assert all(ref.startswith("#") for ref in outline.refs)
    assert not re.search(r"url\(|@import|@font-face|https?://", page)
    assert outline.tags.count("svg") >= 2  # the distribution chart and the gap bars


def test_every_section_in_order(page: str) -> None:
    """Headline, heatmap, groups, distribution, gaps, lopsided, waivers, trend, problems."""
    assert _outline(page).h2 == SECTION_TITLES


def test_heatmap_groups_and_marks(page: str) -> None:
    """The heatmap: a row per team under its business unit, one heatmap per model (the
    default grid, mlops, ai-operations); the systems under their team's disclosure, with the
    below-floor mark and colour class on fraud-signals' evaluation and the trend arrow on
    support-bot."""
    outline = _outline(page)
    classes = outline.row_classes
    assert page.count('<table class="heatmap">') == 3
    assert classes.count("unit") == 2 * 3 and classes.count("team-row") == 3 * 3
    assert page.count('<details class="team">') == 3
    assert classes.count("system") == 13
    teams = [r for r, c in zip(outline.rows, classes, strict=True) if c == "team-row"]
    # payments-ai: 4 systems, 3 passing, 1 below a floor; evaluation median 2 with the mark.
    assert teams[1][:4] == ["payments-ai", "4", "3", "1"] and teams[1][5] == "2▼"
    rows = {r[0]: r for r, c in zip(outline.rows, classes, strict=True) if c == "system"}
    assert rows["fraud-signals"][1:] == [
        *["fraud-signals", "high", "FAIL", "3", "2▼", "3", "3", "3"],
        "100% (2/2)",  # the share of its facts the evidence probes verified
    ]
    assert rows["support-bot"][5] == "2↓"
    assert rows["kb-search (new)"][1] == "kb-search"
    assert 'class="lv lv2 miss" title="evaluation: level 2, floor 3 (below, enforced)"' in page
    assert "lv1 soft" in page  # stress-test-narrator: experiment, floor not enforced


def test_leaders_sections(page: str) -> None:
    """The org-level line per dimension, the top gaps in words, each FAIL with its first
    reason, the gate flips and new floor misses, and the trend chart."""
    text = re.sub(r"<[^>]+>", " ", page)
    assert (
        "evaluation: median L2 Adopted; 11 of 13 systems (85%) at or above their floor, "
        "1 below an enforced floor"
    ) in text
    assert re.search(
        r"<li class=\"gap\">10 systems in 3 teams cannot show that the eval suites", page
    )
    failing = text.split("Failing gates")[2].split("By business unit")[0]
    assert "fraud-signals" in failing and "below its floor of 3 (unwaived: EVA-3.2)" in failing
    assert "WVR-3: waiver for EVA-3.1 expired on 2026-10-31" in failing
    flips = text.split("Gate flips")[1].split("New floor misses")[0]
    assert "fraud-signals" in flips and "kyc-doc-reader" in flips
    misses = text.split("New floor misses")[1].split("Levels and systems")[0]
    assert "fraud-signals" in misses and "evaluation" in misses
    assert page.count('<svg class="trend"') == 2
    assert page.count('<circle class="pt"') == 3 * (1 + 5)  # three snapshots, share + 5 medians


def test_sections_carry_their_content(page: str) -> None:
    """Waivers, lopsided, trend and could-not-evaluate rows are in the page."""
    text = re.sub(r"<[^>]+>", " ", page)
    assert "collections-copilot" in text.split("Lopsided systems")[1]
    waivers = text.split("Expiring within 30 days")[1]
    assert "refund-agent" in waivers.split("Expired")[0]
    assert "kyc-doc-reader" in waivers.split("Expired")[1]
    assert "line 3: /metadata: &#x27;name&#x27; is required" in page
    assert (
        "Since 2026-10-21: 1 level up, 1 down; 1 system new, 1 gone; 2 gates turned FAIL, "
        "0 turned pass; 1 new floor miss."
    ) in text


def test_text_is_escaped() -> None:
    """Names cannot inject markup."""
    report = example_report()
    evil = report.unevaluated[0].__class__("<b>x</b>", "a&b", "<script>alert(1)</script>")
    page = html.render(dataclasses.replace(report, unevaluated=(evil,)))
    assert "<script>" not in page and "&lt;script&gt;" in page


def test_deterministic() -> None:
    """Same model, same bytes."""
    assert html.render(example_report()) == html.render(example_report())

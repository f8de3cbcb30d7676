"""The HTML org report: self-contained, every section, grouped heatmap; rendered in Chromium."""

from __future__ import annotations

import dataclasses
import json
import re
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest
from org_samples import example_report, large_report

from aimm.org.formats import html

CHROMIUM = Path("/usr/bin/chromium")
SECTION_TITLES = [
    "Headline",
    "Heatmap",
    "By business unit and team",
    "Level distribution",
    "Bleeding gaps",
    "Lopsided systems",
    "Waivers",
    "Trend",
    "Could not evaluate",
]


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
    """Business unit rows, team rows, one row per system; the below-floor mark and colour
    class on fraud-signals' evaluation; the trend arrow on support-bot."""
    outline = _outline(page)
    classes = outline.row_classes
    assert classes.count("system") == 13
    assert classes.count("unit") == 2 and classes.count("team") == 3
    rows = {r[0]: r for r, c in zip(outline.rows, classes, strict=True) if c == "system"}
    assert rows["fraud-signals"][1:] == ["fraud-signals", "high", "FAIL", "3", "2▼", "3", "3", "3"]
    assert rows["support-bot"][5] == "2↓"
    assert rows["kb-search (new)"][1] == "kb-search"
    assert 'class="lv lv2 miss" title="evaluation: level 2, floor 3 (below, enforced)"' in page
    assert "lv1 soft" in page  # stress-test-narrator: experiment, floor not enforced


def test_sections_carry_their_content(page: str) -> None:
    """Waivers, lopsided, trend and could-not-evaluate rows are in the page."""
    text = re.sub(r"<[^>]+>", " ", page)
    assert "collections-copilot" in text.split("Lopsided systems")[1]
    waivers = text.split("Expiring within 30 days")[1]
    assert "refund-agent" in waivers.split("Expired")[0]
    assert "kyc-doc-reader" in waivers.split("Expired")[1]
    assert "line 3: /metadata: &#x27;name&#x27; is required" in page
    assert "Since 2026-10-21: 1 level up, 1 down; 1 system new, 1 gone." in text


def test_text_is_escaped() -> None:
    """Names cannot inject markup."""
    report = example_report()
    evil = report.unevaluated[0].__class__("<b>x</b>", "a&b", "<script>alert(1)</script>")
    page = html.render(dataclasses.replace(report, unevaluated=(evil,)))
    assert "<script>" not in page and "&lt;script&gt;" in page


def test_deterministic() -> None:
    """Same model, same bytes."""
    assert html.render(example_report()) == html.render(example_report())


# ---- rendered by a real browser ---------------------------------------------------------------

PROBE = """<script>
const rows = [...document.querySelectorAll('table.heatmap tr.system')];
const cell = document.querySelector('table.heatmap td.lv');
const out = document.createElement('pre');
out.id = 'probe';
out.textContent = JSON.stringify({
  rows: rows.length,
  visible: rows.filter(r => r.getBoundingClientRect().height > 0).length,
  minHeight: Math.min(...rows.map(r => r.getBoundingClientRect().height)),
  font: parseFloat(getComputedStyle(cell).fontSize),
  sections: [...document.querySelectorAll('section > h2')].map(h => h.textContent),
  svg: [...document.querySelectorAll('svg')]
    .filter(s => s.getBoundingClientRect().width > 0).length,
});
document.body.appendChild(out);
</script></body>"""


def _chromium(args: list[str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(CHROMIUM), "--headless", "--no-sandbox", "--disable-gpu", *args],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )


def _render_in_browser(page: str, tmp_path: Path) -> dict[str, object]:
    """Open the page in headless Chromium with a measuring script appended (the report
    itself has none) and read back what the browser laid out."""
    probe = tmp_path / "probe.html"
    probe.write_text(page.replace("</body>", PROBE), encoding="utf-8")
    done = _chromium(["--dump-dom", probe.as_uri()])
    found = re.search(r'<pre id="probe">(.*?)</pre>', done.stdout, re.DOTALL)
    assert found, done.stderr[-2000:]
    result: dict[str, object] = json.loads(found.group(1))
    return result


needs_chromium = pytest.mark.skipif(
    not CHROMIUM.exists(),
    reason="headless Chromium (/usr/bin/chromium, Debian package chromium) is not installed",
)


@needs_chromium
def test_browser_renders_every_heatmap_row_and_section(page: str, tmp_path: Path) -> None:
    """Chromium lays out 13 visible system rows, nine sections and the SVG charts."""
    seen = _render_in_browser(page, tmp_path)
    assert seen["rows"] == 13 and seen["visible"] == 13
    assert seen["sections"] == SECTION_TITLES
    assert isinstance(seen["svg"], int) and seen["svg"] >= 2


@needs_chromium
def test_browser_thousand_systems_stay_legible_and_print(tmp_path: Path) -> None:
    """1,000 systems: every row laid out at a readable size (12 px text, rows of at least
    16 px), and the page prints to a multi-page PDF."""
    page = html.render(large_report(1000))
    seen = _render_in_browser(page, tmp_path)
    assert seen["rows"] == 1000 and seen["visible"] == 1000
    assert isinstance(seen["font"], float | int) and seen["font"] >= 11
    assert isinstance(seen["minHeight"], float | int) and seen["minHeight"] >= 16
    report = tmp_path / "org.html"
    report.write_text(page, encoding="utf-8")
    pdf = tmp_path / "org.pdf"
    _chromium(["--no-pdf-header-footer", f"--print-to-pdf={pdf}", report.as_uri()])
    pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf.read_bytes()))
    assert pages > 20, "1,000 rows print over many pages"

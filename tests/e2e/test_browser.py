"""The HTML org report as a browser lays it out: headless Chromium renders examples/org's
report (three heatmaps, one per model it runs), and a 10,000-system organisation's page
stays under a megabyte, lays out in under two seconds and shows every leader's claim.

Skipped where Chromium (``/usr/bin/chromium``, Debian package ``chromium``) is not installed;
in CI (CI=true) a missing browser fails instead.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
from pathlib import Path

import pytest

from aimm.org.formats import html
from aimm.org.formats._common import LIST_SHOWN, SYSTEMS_SHOWN, TOP_GAPS_SHOWN
from tests.org.samples import SECTION_TITLES, example_report, large_report

CHROMIUM = Path("/usr/bin/chromium")
MAX_BYTES = 1_000_000  # the 10,000-system page
MAX_LAYOUT_MS = 2000  # from navigation start to the whole page parsed, styled and laid out
BIG = 10_000

# Skipped on a developer's machine without Chromium; in CI (CI=true, where .ci/run installs
# it) a missing browser fails the tests instead of silently skipping them.
pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists() and os.environ.get("CI") != "true",
    reason="headless Chromium (/usr/bin/chromium, Debian package chromium) is not installed",
)

# Appended to a copy of the page (the report itself has no script). It forces a layout of
# the whole document where the page's own last element is parsed, notes the time since
# navigation start, then opens every disclosure to see what the browser lays out in them.
PROBE = """<script>
document.body.offsetHeight;
const laidOut = performance.now();
const visible = (el) => el.getBoundingClientRect().height > 0;
const closed = [...document.querySelectorAll('details.team')].filter(d => !d.open).length;
document.querySelectorAll('details').forEach(d => { d.open = true; });
const systems = [...document.querySelectorAll('tr.system')];
const out = document.createElement('pre');
out.id = 'probe';
out.textContent = JSON.stringify({
  laidOut: laidOut,
  heatmaps: [...document.querySelectorAll('table.heatmap')]
    .map(t => t.closest('section').id),
  teamRows: document.querySelectorAll('table.heatmap tr.team-row').length,
  closed: closed,
  systems: systems.length,
  visibleSystems: systems.filter(visible).length,
  minHeight: Math.min(...systems.map(r => r.getBoundingClientRect().height)),
  font: parseFloat(getComputedStyle(document.querySelector('tr.system td.lv')).fontSize),
  sections: [...document.querySelectorAll('section > h2')].map(h => h.textContent),
  dimensionLines: [...document.querySelectorAll('#headline li.dim')].map(l => l.textContent),
  gaps: [...document.querySelectorAll('#headline li.gap')].map(l => l.textContent),
  failing: [...document.querySelectorAll('table.failing tbody tr')]
    .map(r => [...r.cells].map(c => c.textContent)),
  flips: document.querySelectorAll('table.flips tbody tr').length,
  chartPoints: [...document.querySelectorAll('svg.trend circle.pt')].filter(visible).length,
  charts: [...document.querySelectorAll('svg.trend')].filter(visible).length,
  notes: [...document.querySelectorAll('p.note')].map(p => p.textContent),
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
    """Open a copy of the page with the probe appended in headless Chromium; what the
    browser laid out."""
    assert "<script" not in page  # the report itself never needs one
    probe = tmp_path / "probe.html"
    probe.write_text(page.replace("</body>", PROBE), encoding="utf-8")
    done = _chromium(["--dump-dom", probe.as_uri()])
    found = re.search(r'<pre id="probe">(.*?)</pre>', done.stdout, re.DOTALL)
    assert found, done.stderr[-2000:]
    result: dict[str, object] = json.loads(found.group(1))
    return result


@pytest.fixture(scope="module")
def example_page() -> str:
    """The examples/org report as HTML, with a trend and a could-not-evaluate entry."""
    return html.render(example_report())


def test_example_org_shows_a_heatmap_per_model(example_page: str, tmp_path: Path) -> None:
    """examples/org runs three models (its aimm-org.yaml): Chromium lays out three heatmaps
    (the default grid's and one per pack, three teams each), every section, the 13 systems
    behind their team's disclosure at a legible size, and the two trend charts."""
    seen = _render_in_browser(example_page, tmp_path)
    assert seen["heatmaps"] == ["heatmap", "model-mlops", "model-ai-operations"]
    assert seen["teamRows"] == 3 * 3
    assert seen["sections"] == SECTION_TITLES
    assert seen["closed"] == 3  # one disclosure per team, closed by default
    assert seen["systems"] == 13 and seen["visibleSystems"] == 13
    assert isinstance(seen["font"], float | int) and seen["font"] >= 11
    assert isinstance(seen["minHeight"], float | int) and seen["minHeight"] >= 16
    assert seen["charts"] == 2 and seen["chartPoints"] == 3 * (1 + 5)
    failing = seen["failing"]
    assert isinstance(failing, list)
    assert [row[0] for row in failing] == ["fraud-signals", "kyc-doc-reader"]


def test_example_org_prints(example_page: str, tmp_path: Path) -> None:
    """The page prints to a PDF of several pages (the later sections are laid out for
    print, although the screen defers them)."""
    report = tmp_path / "org.html"
    report.write_text(example_page, encoding="utf-8")
    pdf = tmp_path / "org.pdf"
    _chromium(["--no-pdf-header-footer", f"--print-to-pdf={pdf}", report.as_uri()])
    pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf.read_bytes()))
    assert pages >= 5


@pytest.fixture(scope="module")
def big_page() -> str:
    """10,000 systems (examples/org's real verdicts under its three models, replicated) in
    400 teams of 10 business units, with a previous snapshot and a history."""
    return html.render(large_report(BIG, teams=400, units=10))


def test_ten_thousand_systems_size_and_time(big_page: str, tmp_path: Path) -> None:
    """Under a megabyte, and laid out in under two seconds (the best of three loads: the
    machine is shared, and a slow load is the machine's, not the page's)."""
    assert len(big_page.encode("utf-8")) < MAX_BYTES
    times = []
    for _ in range(3):
        seen = _render_in_browser(big_page, tmp_path)
        assert isinstance(seen["laidOut"], float | int)
        times.append(seen["laidOut"])
        if seen["laidOut"] < MAX_LAYOUT_MS:
            break
    assert min(times) < MAX_LAYOUT_MS, times


def test_ten_thousand_systems_show_every_claim(big_page: str, tmp_path: Path) -> None:
    """Team heatmaps (400 rows each, one per model), the worst systems behind per-team
    disclosures with the rest named in the CSV and JSON, the org line per dimension, the top
    gaps in words, each FAIL with its first reason (the first LIST_SHOWN), gate flips and
    the trend chart."""
    seen = _render_in_browser(big_page, tmp_path)
    assert seen["heatmaps"] == ["heatmap", "model-mlops", "model-ai-operations"]
    assert seen["teamRows"] == 400 * 3
    assert seen["systems"] == SYSTEMS_SHOWN and seen["visibleSystems"] == SYSTEMS_SHOWN
    notes = seen["notes"]
    assert isinstance(notes, list)
    assert any(
        f"The {SYSTEMS_SHOWN} systems in the worst state of {BIG}" in n
        and "every system is in the CSV and JSON reports" in n
        for n in notes
    )
    lines = seen["dimensionLines"]
    assert isinstance(lines, list) and len(lines) == 5
    assert lines[1].startswith("evaluation: median L2 ")
    assert "at or above their floor" in lines[1]
    gaps = seen["gaps"]
    assert isinstance(gaps, list) and len(gaps) == TOP_GAPS_SHOWN
    assert gaps[0].startswith("7693 systems in 400 teams cannot show that the eval suites hold")
    assert "below a floor" in gaps[0]
    failing = seen["failing"]
    assert isinstance(failing, list) and len(failing) == LIST_SHOWN
    assert all(row[3] for row in failing)  # every FAIL has its first reason
    assert any(f"The first {LIST_SHOWN} of " in n and "failing systems" in n for n in notes)
    assert seen["flips"] == LIST_SHOWN
    assert seen["charts"] == 2

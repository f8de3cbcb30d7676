"""The HTML org report at scale: size and layout time in headless Chromium, and screenshots.

Two real runs of aimm:

- ``examples``: ``aimm scan examples/org`` (with the mlops and ai-operations packs, as its
  README runs it) on three dates a month apart into one history (so
  the trend has a gate flip, kyc-doc-reader's waiver expiring on 2026-10-31, and a chart of
  three snapshots);
- ``10k``: ``aimm aggregate`` over N CI reports (default 10,000 systems): the real
  ``aimm check --format json`` results of examples/org (under its three models), each
  copied under new repository, system, team (400) and business unit (10) names, on the
  same three dates. The copies keep what the org report reads of an entry
  (:func:`aimm.org.records.compact_entry`, which gives the same posture as the full entry):
  30,000 full entries would be gigabytes of remediation text.

For each page it prints the size, and the time Chromium takes from navigation start to the
whole document parsed, styled and laid out (the best of ``--repeat`` loads; a shared machine
is noisy), with the later sections deferred as the page asks (``content-visibility``) and,
for comparison, with every section laid out at once. With ``--screenshots DIR`` it writes
``org-report-examples.png`` and ``org-report-10k.png`` (the first 1,800 pixels at 1,280 wide)
and a view of each page's trend section.

    python benchmarks/org_page_bench.py [--systems 10000] [--repeat 3] [--screenshots docs/images]
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from aimm.org.records import compact_entry

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE_ORG = ROOT / "examples" / "org"
CHROMIUM = Path("/usr/bin/chromium")
DATES = ("2026-09-21", "2026-10-21", "2026-11-21")
MODELS = ("--model", "default", "--model", "mlops", "--model", "ai-operations")
PROBE = """<script>
document.body.offsetHeight;
const laidOut = performance.now();
const out = document.createElement('pre');
out.id = 'probe';
out.textContent = JSON.stringify({laidOut: laidOut,
  height: document.documentElement.scrollHeight});
document.body.appendChild(out);
</script></body>"""
EVERYTHING = "<style>section.later { content-visibility: visible; }</style></head>"


def aimm(*args: str | Path, cwd: Path | None = None) -> None:
    """Run the CLI; exit codes 0 and 1 (a failing gate) are results, anything else fails."""
    done = subprocess.run(
        [sys.executable, "-m", "aimm", *map(str, args)],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode not in (0, 1):
        raise SystemExit(f"aimm {' '.join(map(str, args))}: exit {done.returncode}\n{done.stderr}")


def chromium(*args: str) -> subprocess.CompletedProcess[str]:
    """Headless Chromium with the given arguments."""
    return subprocess.run(
        [str(CHROMIUM), "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", *args],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def layout_ms(page: Path, repeat: int, everything: bool) -> tuple[float, int]:
    """The best of ``repeat`` layout times (ms since navigation start) and the page height."""
    text = page.read_text(encoding="utf-8")
    if everything:
        text = text.replace("</head>", EVERYTHING, 1)
    probe = page.with_name(page.stem + ".probe.html")
    probe.write_text(text.replace("</body>", PROBE), encoding="utf-8")
    best, height = float("inf"), 0
    for _ in range(repeat):
        done = chromium("--dump-dom", probe.as_uri())
        found = re.search(r'<pre id="probe">(.*?)</pre>', done.stdout, re.DOTALL)
        if not found:
            raise SystemExit(f"{page}: Chromium printed no probe\n{done.stderr[-2000:]}")
        seen = json.loads(found.group(1))
        best, height = min(best, float(seen["laidOut"])), int(seen["height"])
    return best, height


def examples_run(work: Path) -> Path:
    """examples/org scanned on each date into one history; the last date's page."""
    history = work / "examples-history.sqlite"
    page = work / "org-report-examples.html"
    for day in DATES:
        aimm("scan", EXAMPLE_ORG, "--today", day, "--history", history, "--format", "html",
             "-o", page, "--no-cache", *MODELS)  # fmt: skip
    return page


def check_reports(work: Path) -> dict[str, dict[str, object]]:
    """``aimm check . --format json`` in each example repository: result entry per system."""
    found: dict[str, dict[str, object]] = {}
    for day in DATES:
        for repo in sorted(p for p in EXAMPLE_ORG.iterdir() if p.is_dir()):
            out = work / "checks" / day / f"{repo.name}.json"
            out.parent.mkdir(parents=True, exist_ok=True)
            aimm("check", ".", "--format", "json", "--today", day, "-o", out, *MODELS, cwd=repo)
            report = json.loads(out.read_text(encoding="utf-8"))
            for entry in report["results"]:
                found[f"{day}/{repo.name}/{entry['path']}"] = {"report": report, "entry": entry}
    return found


def big_run(work: Path, systems: int) -> Path:
    """N systems from the examples' real results, aggregated on each date; the last page."""
    results = check_reports(work)
    history = work / "big-history.sqlite"
    page = work / "org-report-10k.html"
    for day in DATES:
        entries = [v for k, v in sorted(results.items()) if k.startswith(day + "/")]
        folder = work / "reports" / day
        shutil.rmtree(folder, ignore_errors=True)
        for i in range(systems):
            source = entries[i % len(entries)]
            entry = compact_entry(source["entry"])  # type: ignore[arg-type]
            entry["system"] = f"{entry['system']}-{i:05d}"
            entry["team"] = f"team-{i % 400:03d}"
            entry["business_unit"] = f"unit-{i % 10:02d}"
            report = {**source["report"], "results": [entry]}  # type: ignore[dict-item]
            out = folder / f"repo-{i:05d}" / "aimm.json"
            out.parent.mkdir(parents=True)
            out.write_text(json.dumps(report), encoding="utf-8")
        aimm("aggregate", folder, "--today", day, "--history", history, "--format", "html",
             "-o", page)  # fmt: skip
    return page


def screenshots(page: Path, folder: Path) -> None:
    """The first screen of the page, and its trend section, as PNG files."""
    folder.mkdir(parents=True, exist_ok=True)
    chromium(f"--screenshot={folder / (page.stem + '.png')}", "--window-size=1280,1800",
             page.as_uri())  # fmt: skip
    # The trend section alone: the page cut at that section (no script to scroll with).
    text = page.read_text(encoding="utf-8")
    head, body = text.split("<body>", 1)
    trend = re.search(r'<section id="trend".*?</section>', body, re.DOTALL)
    if trend:
        alone = page.with_name(page.stem + "-trend.html")
        alone.write_text(f"{head}<body>{trend.group(0)}</body></html>\n", encoding="utf-8")
        chromium(f"--screenshot={folder / (page.stem + '-trend.png')}", "--window-size=1280,900",
                 alone.as_uri())  # fmt: skip


def main() -> int:
    """Run both, print the table, write the screenshots when asked."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--systems", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--screenshots", type=Path, default=None)
    parser.add_argument("--keep", type=Path, default=None, help="keep the pages in this folder")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="aimm-org-page-") as tmp:
        work = args.keep or Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        pages = {
            "examples/org": examples_run(work),
            f"{args.systems} systems": big_run(work, args.systems),
        }
        print("| Page | Size | Laid out (deferred) | Laid out (everything) | Height |")
        print("|---|---|---|---|---|")
        for name, page in pages.items():
            deferred, height = layout_ms(page, args.repeat, everything=False)
            full, _ = layout_ms(page, args.repeat, everything=True)
            size = page.stat().st_size
            cells = [name, f"{size / 1000:.0f} kB", f"{deferred:.0f} ms", f"{full:.0f} ms"]
            print("| " + " | ".join([*cells, f"{height} px"]) + " |")
            if args.screenshots:
                screenshots(page, args.screenshots)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

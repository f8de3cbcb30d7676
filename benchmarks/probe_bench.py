"""Benchmark the evidence probes: what each probe adds per manifest, and the whole check with
and without them, over copies of the lying corpus's honest base (every probe applies: eval
suites, CI workflow, documents, git history) committed to one git repository. The two runs
are measured in one process, so their ratio holds on a loaded machine.

    python benchmarks/probe_bench.py [--manifests 200]
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
BASE = ROOT / "tests" / "data" / "controls" / "base"
# Every probe applies to this manifest's evidence (tests/data/lying/README.md).
PROBED = ROOT / "tests" / "data" / "lying" / "base"
TODAY = date(2026, 11, 21)


def _git(root: Path, *argv: str) -> None:
    env = {
        **os.environ,
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_AUTHOR_NAME": "bench",
        "GIT_AUTHOR_EMAIL": "bench@example.com",
        "GIT_COMMITTER_NAME": "bench",
        "GIT_COMMITTER_EMAIL": "bench@example.com",
        "GIT_AUTHOR_DATE": "2026-10-01T12:00:00",
        "GIT_COMMITTER_DATE": "2026-10-01T12:00:00",
    }
    subprocess.run(["git", "-C", str(root), *argv], check=True, capture_output=True, env=env)


@contextmanager
def _timed_probes(spent: dict[str, float], calls: Counter[str]) -> Iterator[None]:
    """Wrap every registered probe with a timer for the block."""
    from aimm.core import probes

    def timed(probe: Any) -> Any:
        def run(target: Any) -> Any:
            start = time.perf_counter()
            try:
                return probe.run(target)
            finally:
                spent[probe.id] += time.perf_counter() - start
                calls[probe.id] += 1

        return dataclasses.replace(probe, run=run)

    saved = probes.PROBES
    probes.PROBES = tuple(timed(p) for p in saved)
    try:
        yield
    finally:
        probes.PROBES = saved


@contextmanager
def _no_probes() -> Iterator[None]:
    from aimm.core import probes

    saved, probes.PROBES = probes.PROBES, ()
    try:
        yield
    finally:
        probes.PROBES = saved


def _probe_costs(engine: Any, count: int) -> None:
    """Per probe, the time it adds per manifest; and the check with and without the probes."""
    from aimm.core.pipeline import CheckOptions, Pipeline

    if shutil.which("git") is None:
        raise SystemExit("the probe benchmark needs git (the history probe reads it)")
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        paths = []
        for i in range(count):
            shutil.copytree(PROBED, root / f"svc-{i:04d}")
            paths.append(root / f"svc-{i:04d}" / "aimm.yaml")
        _git(root, "init", "-q")
        _git(root, "add", "-A")
        _git(root, "commit", "-qm", "bench")

        def check_all() -> float:
            pipeline = Pipeline(CheckOptions(today=TODAY), engine=engine)  # a new run cache
            start = time.perf_counter()
            results = [pipeline.check_file(p) for p in paths]
            assert all(r.evaluated for r in results)
            return time.perf_counter() - start

        check_all()  # warm the file cache
        spent: dict[str, float] = dict.fromkeys(
            ("eval_suite", "document", "history", "workflow"), 0.0
        )
        calls: Counter[str] = Counter()
        with _timed_probes(spent, calls):
            with_probes = check_all()
        with _no_probes():
            without = check_all()
    print(f"evidence probes, {count} manifests (the lying corpus's base, one git repository):")
    for probe, seconds in spent.items():
        per_call = seconds / calls[probe] * 1000 if calls[probe] else 0.0
        print(
            f"  {probe:<10} {seconds / count * 1000:6.2f} ms per manifest "
            f"({calls[probe] // count} path(s) each, {per_call:.2f} ms per path)"
        )
    total = sum(spent.values())
    print(
        f"  all probes {total / count * 1000:6.2f} ms per manifest; whole check "
        f"{with_probes / count * 1000:.2f} ms per manifest with probes, "
        f"{without / count * 1000:.2f} ms without"
    )


def main() -> int:
    """Measure and print."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--manifests", type=int, default=200)
    args = parser.parse_args()
    from aimm.core.engines import make_engine
    from aimm.core.model import load_model

    _probe_costs(make_engine([load_model()]), args.manifests)
    return 0


if __name__ == "__main__":
    sys.exit(main())

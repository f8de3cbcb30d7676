"""Benchmark ``aimm check``: one manifest as a whole process, 1,000 in-process, and what the
evidence probes cost.

Prints, for one manifest, the median and best wall time of ``aimm check`` (a new process
each run, as pre-commit and CI call it) beside ``check-jsonschema --schemafile
schemas/manifest.schema.json`` on the same file, and their ratio; then the in-process time
to load, validate and evaluate 1,000 manifests with the policies built once; then, over copies
of the lying corpus's honest base (every probe applies: eval suites, CI workflow, documents,
git history) committed to one git repository, the time each probe adds per manifest and the
whole check with and without the probes.

    python benchmarks/check_bench.py [--runs 15] [--manifests 1000] [--probe-manifests 200]
                                     [--probes-only]
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import shutil
import statistics
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

import yaml

ROOT = Path(__file__).resolve().parents[1]
BASE = ROOT / "tests" / "data" / "controls" / "base"
# Every probe applies to this manifest's evidence (tests/data/lying/README.md).
PROBED = ROOT / "tests" / "data" / "lying" / "base"
TODAY = date(2026, 11, 21)


def _time_command(argv: list[str], runs: int) -> list[float]:
    times = []
    subprocess.run(argv, capture_output=True, check=False)  # warm the file cache
    for _ in range(runs):
        start = time.perf_counter()
        done = subprocess.run(argv, capture_output=True, check=False)
        times.append(time.perf_counter() - start)
        if done.returncode not in (0, 1):
            raise SystemExit(f"{argv[0]} failed ({done.returncode}): {done.stderr.decode()[:300]}")
    return times


def _variants(folder: Path, count: int) -> list[Path]:
    doc = yaml.safe_load((BASE / "aimm.yaml").read_text(encoding="utf-8"))
    paths = []
    for i in range(count):
        system = folder / f"svc-{i:04d}"
        shutil.copytree(BASE, system)
        doc["metadata"]["name"] = f"svc-{i:04d}"
        doc["posture"]["visibility"]["tracing"]["coverage"] = i % 101
        doc["posture"]["cost"]["limits"]["user"] = 100 + i % 300
        (system / "aimm.yaml").write_text(yaml.safe_dump(doc, sort_keys=False), encoding="utf-8")
        paths.append(system / "aimm.yaml")
    return paths


def main() -> int:
    """Run both measurements and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--manifests", type=int, default=1000)
    parser.add_argument("--probe-manifests", type=int, default=200)
    parser.add_argument(
        "--probes-only", action="store_true", help="measure only what the evidence probes cost"
    )
    args = parser.parse_args()
    if args.probes_only:
        from aimm.core.engine import Engine

        _probe_costs(Engine(), args.probe_manifests)
        return 0

    aimm = shutil.which("aimm")
    cjs = shutil.which("check-jsonschema")
    if aimm is None or cjs is None:
        raise SystemExit("install the project with its test extras first: pip install '.[test]'")
    manifest = str(BASE / "aimm.yaml")
    schema = str(ROOT / "schemas" / "manifest.schema.json")
    t_aimm = _time_command([aimm, "check", manifest, "--today", "2026-11-21"], args.runs)
    t_cjs = _time_command([cjs, "--schemafile", schema, manifest], args.runs)
    med_a, med_c = statistics.median(t_aimm), statistics.median(t_cjs)
    print(f"single manifest, whole process, {args.runs} runs each:")
    print(
        f"  aimm check          median {med_a * 1000:7.1f} ms   best {min(t_aimm) * 1000:7.1f} ms"
    )
    print(f"  check-jsonschema    median {med_c * 1000:7.1f} ms   best {min(t_cjs) * 1000:7.1f} ms")
    print(f"  ratio aimm / check-jsonschema (median): {med_a / med_c:.2f}")

    from aimm.core.engine import Engine
    from aimm.core.pipeline import CheckOptions, Pipeline

    with tempfile.TemporaryDirectory() as tmp:
        paths = _variants(Path(tmp), args.manifests)
        start = time.perf_counter()
        engine = Engine()
        built = time.perf_counter() - start
        pipeline = Pipeline(CheckOptions(today=TODAY), engine=engine)
        start = time.perf_counter()
        results = [pipeline.check_file(p) for p in paths]
        elapsed = time.perf_counter() - start
    assert all(r.evaluated for r in results)
    print(
        f"in-process, {args.manifests} manifests (load, schema, evidence, Rego), "
        "policies built once:"
    )
    print(
        f"  build {built * 1000:.1f} ms; evaluate {elapsed:.2f} s; "
        f"{elapsed / args.manifests * 1000:.2f} ms per manifest; "
        f"{args.manifests / elapsed:.0f} manifests/s"
    )
    _probe_costs(engine, args.probe_manifests)
    return 0


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


if __name__ == "__main__":
    sys.exit(main())

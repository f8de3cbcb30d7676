"""Benchmark ``aimm check``: one manifest as a whole process, and 1,000 in-process.

Prints, for one manifest, the median and best wall time of ``aimm check`` (a new process
each run, as pre-commit and CI call it) beside ``check-jsonschema --schemafile
schemas/manifest.schema.json`` on the same file, and their ratio; then the in-process time
to load, validate and evaluate 1,000 manifests with the policies built once.

    python benchmarks/check_bench.py [--runs 15] [--manifests 1000]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
BASE = ROOT / "tests" / "data" / "controls" / "base"


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
    args = parser.parse_args()

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
        pipeline = Pipeline(CheckOptions(today=date(2026, 11, 21)), engine=engine)
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
    return 0


if __name__ == "__main__":
    sys.exit(main())

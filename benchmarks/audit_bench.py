"""Benchmark the regulatory gate and the audit, in process, policies built once.

Prints, per manifest: a plain check, a check with all three profiles enforced, and an audit
against all three frameworks (check with profiles plus the obligations matrix and evidence
fingerprints); then the time to build the evidence pack of the regulated examples as a zip.

    python benchmarks/audit_bench.py [--manifests 200]
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
BASE = ROOT / "examples" / "regulated" / "credit-risk-model"
FRAMEWORKS = ["eu-ai-act", "nist-ai-rmf", "iso-42001"]
TODAY = date(2026, 11, 21)


def _variants(folder: Path, count: int) -> list[Path]:
    doc = yaml.safe_load((BASE / "aimm.yaml").read_text(encoding="utf-8"))
    paths = []
    for i in range(count):
        system = folder / f"svc-{i:04d}"
        shutil.copytree(BASE, system)
        doc["metadata"]["name"] = f"svc-{i:04d}"
        doc["posture"]["visibility"]["tracing"]["coverage"] = 80 + i % 21
        doc["compliance"]["log_retention_days"] = 90 + i % 200
        (system / "aimm.yaml").write_text(yaml.safe_dump(doc, sort_keys=False), encoding="utf-8")
        paths.append(system / "aimm.yaml")
    return paths


def _per_manifest(label: str, seconds: float, count: int) -> None:
    print(f"  {label:<34} {seconds / count * 1000:7.2f} ms per manifest ({seconds:.2f} s total)")


def main() -> int:
    """Run the measurements and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--manifests", type=int, default=200)
    args = parser.parse_args()

    from aimm.audit.matrix import audit_paths
    from aimm.audit.pack import write
    from aimm.check.run import check_paths
    from aimm.core.engine import Engine
    from aimm.core.frameworks import engine_for
    from aimm.core.pipeline import CheckOptions, Pipeline

    with tempfile.TemporaryDirectory() as tmp:
        paths = _variants(Path(tmp), args.manifests)
        start = time.perf_counter()
        plain = Engine()
        profiled = engine_for({"profiles": FRAMEWORKS})
        built = time.perf_counter() - start
        print(f"{args.manifests} manifests, policies built once ({built * 1000:.0f} ms for both):")
        start = time.perf_counter()
        check_paths(paths, today=TODAY, pipeline=Pipeline(CheckOptions(today=TODAY), engine=plain))
        _per_manifest("aimm check", time.perf_counter() - start, args.manifests)
        start = time.perf_counter()
        options = CheckOptions(today=TODAY, config={"profiles": FRAMEWORKS})
        check_paths(paths, today=TODAY, pipeline=Pipeline(options, engine=profiled))
        _per_manifest("aimm check --profile x3", time.perf_counter() - start, args.manifests)
        start = time.perf_counter()
        report = audit_paths(paths, FRAMEWORKS, today=TODAY, engine=profiled)
        _per_manifest("aimm audit --framework x3", time.perf_counter() - start, args.manifests)
        assert len(report.systems) == args.manifests
    regulated = audit_paths([ROOT / "examples" / "regulated"], ["eu-ai-act"], today=TODAY)
    with tempfile.TemporaryDirectory() as tmp:
        target = Path(tmp) / "pack.zip"
        start = time.perf_counter()
        write(regulated, target)
        elapsed = time.perf_counter() - start
        size = target.stat().st_size
    print(f"evidence pack of examples/regulated (EU AI Act): {elapsed * 1000:.0f} ms, ", end="")
    print(f"{size} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())

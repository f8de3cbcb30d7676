"""Benchmark the model packs: what each extra pack adds per manifest.

Checks every example under ``examples/`` in process, once with the default model alone and
once per pack added (``--model default --model <pack>``), the engines built before timing, and
prints the CPU time per manifest and the ratio to the default model alone, measured in one run
(a loaded machine moves every figure alike).

    python benchmarks/pack_bench.py [--repeat 3]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TODAY = date(2026, 11, 21)


def main() -> int:
    """Measure and print."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    from aimm.core.loader import discover
    from aimm.core.model import DEFAULT_MODEL, ModelPath
    from aimm.core.pipeline import CheckOptions, Pipeline

    paths = sorted(discover([ROOT / "examples"]))
    packs = [m for m in ModelPath(use_env=False).ids() if m != DEFAULT_MODEL]
    runs = {"default": (DEFAULT_MODEL,), **{f"+{p}": (DEFAULT_MODEL, p) for p in packs}}
    per_manifest: dict[str, float] = {}
    for name, models in runs.items():
        pipeline = Pipeline(CheckOptions(today=TODAY, models=models))
        for path in paths:  # build the engines and warm the caches
            pipeline.check_file(path)
        passes = []
        for _ in range(args.repeat):
            start = time.process_time()
            for path in paths:
                pipeline.check_file(path)
            passes.append((time.process_time() - start) / len(paths))
        per_manifest[name] = statistics.median(passes)
    base = per_manifest["default"]
    print(f"{len(paths)} example manifests, CPU time per manifest (median of {args.repeat}):")
    for name, seconds in per_manifest.items():
        extra = "" if name == "default" else f"  adds {(seconds - base) * 1000:7.1f} ms"
        print(f"  {name:16s} {seconds * 1000:8.1f} ms  x{seconds / base:5.1f}{extra}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

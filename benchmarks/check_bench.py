"""Benchmark ``aimm check``: one manifest as a whole process, and per-manifest evaluation.

Every figure is a ratio against a peer measured in the same run, so a loaded machine moves
both sides alike:

- one manifest, whole process (a new process each run, as pre-commit and CI call it):
  ``aimm check`` beside ``check-jsonschema --schemafile schemas/manifest.schema.json`` on the
  same file, interleaved run by run; target: at most 0.7 times check-jsonschema;
- evaluation per manifest, in process (CPU time), policies built once, for the default
  model: the WebAssembly engine (the default) and regopy on the same input documents;
  target: at most 5 ms per manifest on the WebAssembly engine;
- load, validate, evidence, evaluate and enrich per manifest (what a scan worker does), on
  both engines.

    python benchmarks/check_bench.py [--runs 21] [--manifests 300]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
BASE = ROOT / "tests" / "data" / "controls" / "base"
TODAY = date(2026, 11, 21)
CHECK_TARGET = 0.7  # aimm check / check-jsonschema, whole process
EVALUATE_TARGET_MS = 5.0  # per manifest, default model, the default engine


def _run(argv: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    done = subprocess.run(argv, capture_output=True, check=False, env=env)
    elapsed = time.perf_counter() - start
    if done.returncode not in (0, 1):
        raise SystemExit(f"{argv[0]} failed ({done.returncode}): {done.stderr.decode()[:300]}")
    return elapsed


def interleaved(
    commands: dict[str, list[str]], runs: int, env: dict[str, str]
) -> dict[str, list[float]]:
    """Wall seconds of each command, run in turn ``runs`` times (after one warm-up each)."""
    times: dict[str, list[float]] = {name: [] for name in commands}
    for argv in commands.values():
        _run(argv, env)  # the file cache, and aimm's compiled-code cache
    for _ in range(runs):
        for name, argv in commands.items():
            times[name].append(_run(argv, env))
    return times


def variants(folder: Path, count: int) -> list[Path]:
    """``count`` copies of the base system with their facts spread over the levels."""
    doc = yaml.safe_load((BASE / "aimm.yaml").read_text(encoding="utf-8"))
    paths = []
    for i in range(count):
        system = folder / f"svc-{i:04d}"
        shutil.copytree(BASE, system)
        doc["metadata"]["name"] = f"svc-{i:04d}"
        doc["posture"]["visibility"]["tracing"]["coverage"] = i % 101
        doc["posture"]["cost"]["limits"]["user"] = 100 + i % 300
        doc["posture"]["audit"]["retention_days"] = 30 + i % 400
        (system / "aimm.yaml").write_text(yaml.safe_dump(doc, sort_keys=False), encoding="utf-8")
        paths.append(system / "aimm.yaml")
    return paths


def per_item(run: Callable[[Any], Any], items: Sequence[Any], repeat: int = 3) -> float:
    """Median over ``repeat`` passes of the CPU seconds per item of ``run`` (this process's
    CPU time: other work on a shared machine does not stretch it as it stretches wall time;
    both engines evaluate on this one thread)."""
    passes = []
    for _ in range(repeat):
        start = time.process_time()
        for item in items:
            run(item)
        passes.append((time.process_time() - start) / len(items))
    return statistics.median(passes)


def main() -> int:
    """Measure and print."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--runs", type=int, default=21)
    parser.add_argument("--manifests", type=int, default=300)
    args = parser.parse_args()

    aimm = shutil.which("aimm")
    cjs = shutil.which("check-jsonschema")
    if aimm is None or cjs is None:
        raise SystemExit("install the project with its test extras first: pip install '.[test]'")
    manifest = str(BASE / "aimm.yaml")
    schema = str(ROOT / "schemas" / "manifest.schema.json")
    env = {k: v for k, v in os.environ.items() if k not in ("AIMM_ENGINE", "AIMM_NO_CACHE")}
    times = interleaved(
        {
            "aimm check": [aimm, "check", manifest, "--today", TODAY.isoformat()],
            "check-jsonschema": [cjs, "--schemafile", schema, manifest],
            "python -c pass": [sys.executable, "-c", "pass"],
        },
        args.runs,
        env,
    )
    print(f"one manifest, whole process, {args.runs} interleaved runs each (median, best):")
    for name, values in times.items():
        print(
            f"  {name:18} {statistics.median(values) * 1000:7.1f} ms {min(values) * 1000:7.1f} ms"
        )
    ratio = statistics.median(times["aimm check"]) / statistics.median(times["check-jsonschema"])
    print(f"  ratio aimm check / check-jsonschema: {ratio:.2f} (target <= {CHECK_TARGET})")

    from aimm.core.engine import Engine
    from aimm.core.loader import load_manifest
    from aimm.core.model import load_model
    from aimm.core.pipeline import CheckOptions, Pipeline, input_document
    from aimm.core.schema import validate
    from aimm.core.wasm import WasmEngine

    options = CheckOptions(today=TODAY)
    model = load_model()
    with tempfile.TemporaryDirectory() as tmp:
        paths = variants(Path(tmp), args.manifests)
        documents = []
        for path in paths:
            loaded = load_manifest(path)
            validate(loaded)
            documents.append(input_document(loaded, options))
        engines: dict[str, Any] = {"wasm": WasmEngine(model), "regopy": Engine(model)}
        evaluate = {
            name: per_item(engine.evaluate, documents if name == "wasm" else documents[:50])
            for name, engine in engines.items()
        }
        pipelines = {name: Pipeline(options, engine=engine) for name, engine in engines.items()}
        whole = {
            name: per_item(p.check_file, paths if name == "wasm" else paths[:50], repeat=1)
            for name, p in pipelines.items()
        }
    print(
        f"in process, default model, policies built once ({args.manifests} manifests; "
        f"CPU time, load average {os.getloadavg()[0]:.1f}):"
    )
    for name in engines:
        print(
            f"  {name:7} evaluate {evaluate[name] * 1000:7.2f} ms per manifest;"
            f" load + schema + evidence + evaluate + enrich {whole[name] * 1000:7.2f} ms"
        )
    print(
        f"  regopy / wasm, evaluate: {evaluate['regopy'] / evaluate['wasm']:.0f}x; "
        f"wasm evaluate {evaluate['wasm'] * 1000:.2f} ms (target <= {EVALUATE_TARGET_MS} ms)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())

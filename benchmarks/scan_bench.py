"""Benchmark ``aimm scan``: N synthetic repositories against the PyYAML parse floor.

Generates N repositories (default 10,000) under a temporary folder, each with a ``.git``
folder, a realistic ``aimm.yaml`` (seeded; spread over tiers, lifecycles and levels: mostly
2-3, access ahead, evaluation behind; some waivers; one in 500 invalid) and every evidence
file it declares. Then prints:

- the floor: reading and parsing every manifest with PyYAML's C loader, in one process
  (the median of three passes before the cold scan and three after it);
- ``aimm scan ROOT --format json`` end to end (a new process: discovery, loading, schema,
  evidence, policies in ``--jobs`` workers, the org report), cold (empty caches: results and
  the WebAssembly module's machine code), warm (the same manifests again, answered from the
  result cache) and a day later (``--today`` moved on: manifests without waivers stay warm);
- with ``--regopy``, the cold scan again on regopy (``AIMM_ENGINE=regopy``), the engine
  custom policies use;
- the ratio to the floor (target for the cold scan: at most 10 on 2 cores), manifests per
  second, and peak memory (largest resident set of the main process and of any worker);
- what the model packs add (issue 13): over the first ``--pack-repos`` repositories (default
  200; 0 skips it), a cold scan with the default model alone and a cold scan with
  ``--model default --model mlops --model ai-operations``, in the same run, with the ratio and
  the CPU time each pack set costs per manifest (the packs run on regopy: their report rules
  cannot go through the WebAssembly module).

    python benchmarks/scan_bench.py [--repos 10000] [--jobs N] [--keep DIR] [--regopy]
                                    [--pack-repos 200]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import yaml

TODAY = "2026-11-21"
NEXT_DAY = "2026-11-22"
COLD_TARGET = 10.0  # cold scan / parse floor
PACKS = ("default", "mlops", "ai-operations")  # the models of the scan with packs
DIMENSIONS = ("visibility", "evaluation", "cost", "access", "audit")
# Share of systems at levels 1..5 per dimension: mostly 2-3, access ahead, evaluation behind.
WEIGHTS = {
    "visibility": (5, 35, 40, 15, 5),
    "evaluation": (10, 50, 30, 8, 2),
    "cost": (5, 45, 35, 12, 3),
    "access": (3, 20, 45, 25, 7),
    "audit": (5, 40, 40, 12, 3),
}
TYPES = ("llm-app", "rag", "agent", "copilot", "classical-ml", "multi-agent")
LIFECYCLES = ("production",) * 6 + ("pilot",) * 2 + ("experiment", "retired")

# Runs aimm's CLI entry point in a child process and reports its peak memory: its own, and
# the largest of its worker processes (ru_maxrss of waited-for children, in KiB on Linux).
RUNNER = """
import json, resource, sys
from aimm.cli import main
code = main(sys.argv[1:])
own = resource.getrusage(resource.RUSAGE_SELF)
workers = resource.getrusage(resource.RUSAGE_CHILDREN)
cpu = own.ru_utime + own.ru_stime + workers.ru_utime + workers.ru_stime
print(json.dumps({"code": code, "main_kib": own.ru_maxrss, "worker_kib": workers.ru_maxrss,
                  "cpu": cpu}), file=sys.stderr)
sys.exit(0)
"""


def _visibility(level: int) -> dict[str, object]:
    facts: dict[str, object] = {"logs": "none", "dashboards": "none"}
    if level >= 2:
        facts.update(logs="scattered", dashboards="per-team")
    if level >= 3:
        facts.update(
            logs="centralized",
            dashboards="central",
            tracing={"enabled": True, "coverage": 85, "spans": ["model_call"]},
        )
    if level >= 4:
        facts["tracing"] = {
            "enabled": True,
            "coverage": 97,
            "spans": ["model_call", "tool_call", "retrieval", "agent_step"],
            "propagation": True,
        }
        facts["instrumentation_standard"] = "opentelemetry-genai"
    if level >= 5:
        facts["agent_readable_traces"] = True
    return facts


def _evaluation(level: int, name: str) -> dict[str, object]:
    facts: dict[str, object] = {"manual_review": "none"}
    if level >= 2:
        facts["manual_review"] = "ad-hoc"
        facts["suites"] = [{"name": f"{name}-smoke", "path": "evals/smoke.yaml", "cases": 8}]
    if level >= 3:
        facts["manual_review"] = "scheduled"
        facts["suites"] = [{"name": f"{name}-golden", "path": "evals/golden.yaml", "cases": 40}]
    if level >= 4:
        facts["ci_gate"] = {
            "enabled": True,
            "blocking": True,
            "workflow": ".github/workflows/evals.yml",
        }
        facts["regression"] = {"cases": 60, "includes_production_samples": False}
    if level >= 5:
        facts["regression"] = {"cases": 200, "includes_production_samples": True}
        facts["online"] = {"enabled": True, "sampling_rate": 0.05}
    return facts


def _cost(level: int) -> dict[str, object]:
    facts: dict[str, object] = {"attribution": "invoice", "dashboards": "none"}
    if level >= 2:
        facts.update(attribution="per-team", dashboards="per-team")
    if level >= 3:
        facts.update(dashboards="central", alerts={"enabled": True, "thresholds": [0.8, 1.0]})
    if level >= 4:
        facts["limits"] = {
            "enforcement": "server",
            "currency": "USD",
            "period": "monthly",
            "org": 50000,
            "project": 8000,
            "user": 200,
        }
    if level >= 5:
        facts.update(
            attribution="per-request", unit_economics={"enabled": True, "unit": "agent-run"}
        )
    return facts


def _access(level: int) -> dict[str, object]:
    facts: dict[str, object] = {"credentials": "shared", "sso": "none", "rbac": "none"}
    if level >= 2:
        facts.update(credentials="individual", sso="partial")
    if level >= 3:
        facts.update(sso="full", rbac="coarse")
    if level >= 4:
        facts.update(credentials="scoped", rbac="fine-grained")
    if level >= 5:
        facts.update(policy_as_code=True, key_rotation={"automated": True, "max_age_days": 30})
    return facts


def _audit(level: int) -> dict[str, object]:
    facts: dict[str, object] = {"records": "none"}
    if level >= 2:
        facts.update(records="scattered", retention_days=30)
    if level >= 3:
        facts.update(records="centralized", retention_days=365, export=True)
    if level >= 4:
        facts.update(
            audit_trail={
                "mandatory": True,
                "immutable": True,
                "covers": ["prompts", "responses", "tool_calls", "approvals", "model_versions"],
            },
            postmortem_template="docs/postmortem.md",
            incident_runbook="docs/runbook.md",
        )
    if level >= 5:
        facts["continuous_compliance"] = True
    return facts


def manifest(index: int, rng: random.Random) -> dict[str, object]:
    """One realistic manifest; the same index and seed give the same document."""
    name = f"system-{index:05d}"
    levels = {d: rng.choices(range(1, 6), WEIGHTS[d])[0] for d in DIMENSIONS}
    team = f"team-{index % 60:02d}"
    owners = {"technical": f"owner{index}@example.com", "business": "biz@example.com"}
    if rng.random() < 0.85:
        owners["security"] = "appsec@example.com"
    if rng.random() < 0.9:
        owners["on_call"] = f"{team}-oncall"
    doc: dict[str, object] = {
        "apiVersion": "aimm/v1",
        "kind": "AISystem",
        "metadata": {
            "name": name,
            "description": f"Synthetic system {index} for the scan benchmark",
            "team": team,
            "business_unit": f"unit-{index % 8}",
            "owners": owners,
        },
        "system": {
            "type": rng.choice(TYPES),
            "lifecycle": rng.choice(LIFECYCLES),
            "providers": ["anthropic"],
        },
        "risk": {
            "domain": "general" if rng.random() < 0.95 else "employment",
            "autonomy": rng.choice(("suggest", "suggest", "act-with-approval", "act-autonomously")),
            "data_sensitivity": rng.choice(("internal", "confidential", "personal")),
            "exposure": rng.choice(("internal", "internal", "customers", "public")),
            "criticality": rng.choice(("low", "medium", "medium", "high")),
        },
        "posture": {
            "visibility": _visibility(levels["visibility"]),
            "evaluation": _evaluation(levels["evaluation"], name),
            "cost": _cost(levels["cost"]),
            "access": _access(levels["access"]),
            "audit": _audit(levels["audit"]),
        },
    }
    if rng.random() < 0.1:
        doc["waivers"] = [
            {
                "control": rng.choice(("EVA-3.1", "COS-3.2", "AUD-3.2", "VIS-3.3")),
                "reason": "Migration in progress",
                "approved_by": "cto@example.com",
                "expires": rng.choice(("2026-10-31", "2026-12-05", "2027-03-31")),
            }
        ]
    if index % 500 == 499:  # an invalid manifest now and then: a typo'd key
        doc["metadata"]["ownerz"] = {}  # type: ignore[index]
    return doc


def generate(root: Path, count: int, seed: int = 4) -> None:
    """Write ``count`` repositories with their manifests and evidence files under ``root``."""
    rng = random.Random(seed)
    for index in range(count):
        repo = root / f"repo-{index:05d}"
        (repo / ".git").mkdir(parents=True)
        doc = manifest(index, rng)
        (repo / "aimm.yaml").write_text(
            yaml.safe_dump(doc, sort_keys=False, default_flow_style=False), encoding="utf-8"
        )
        for path in _evidence(doc):
            target = repo / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text("# evidence\n", encoding="utf-8")


def _evidence(doc: dict[str, object]) -> list[str]:
    posture = doc["posture"]
    assert isinstance(posture, dict)
    found = [s["path"] for s in posture["evaluation"].get("suites", [])]
    workflow = posture["evaluation"].get("ci_gate", {}).get("workflow")
    found += [workflow] if workflow else []
    audit = posture["audit"]
    found += [audit[k] for k in ("postmortem_template", "incident_runbook") if k in audit]
    return found


def parse_floor(root: Path, runs: int = 3) -> tuple[list[float], list[float], int]:
    """Wall and CPU seconds of each of ``runs`` passes reading and parsing every manifest with
    PyYAML's C loader; the number of manifests parsed."""
    loader = yaml.CSafeLoader
    files = sorted(root.glob("*/aimm.yaml"))
    walls, cpus = [], []
    for _ in range(runs):
        start, cpu = time.perf_counter(), time.process_time()
        for path in files:
            yaml.load(path.read_text(encoding="utf-8"), Loader=loader)
        walls.append(time.perf_counter() - start)
        cpus.append(time.process_time() - cpu)
    return walls, cpus, len(files)


def run_scan(
    root: Path,
    jobs: int | None,
    cache: Path,
    today: str = TODAY,
    engine: str | None = None,
    models: tuple[str, ...] = (),
) -> tuple[float, dict[str, Any]]:
    """Wall seconds of ``aimm scan ROOT --format json`` in a new process (for ``models``,
    each a ``--model``), and its memory."""
    out = root.parent / "org.json"
    argv = [
        "scan",
        str(root),
        "--format",
        "json",
        "-o",
        str(out),
        "--no-history",
        "--today",
        today,
        "--fail-on",
        "never",
    ]
    argv += ["--jobs", str(jobs)] if jobs else []
    argv += [arg for model in models for arg in ("--model", model)]
    env = {**os.environ, "AIMM_CACHE_DIR": str(cache)}
    env.pop("AIMM_ENGINE", None)
    if engine:
        env["AIMM_ENGINE"] = engine
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", RUNNER, *argv], capture_output=True, text=True, env=env, check=False
    )
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"aimm scan failed: {done.stderr[-2000:]}")
    stats: dict[str, Any] = json.loads(done.stderr.strip().splitlines()[-1])
    if stats["code"] not in (0, 2):  # 2: the deliberately invalid manifests
        raise SystemExit(f"aimm scan exited {stats['code']}")
    report = json.loads(out.read_text(encoding="utf-8"))
    stats["systems"] = report["headline"]["systems"]
    stats["could_not_evaluate"] = report["headline"]["could_not_evaluate"]
    return elapsed, stats


def main() -> int:
    """Generate, measure, print."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repos", type=int, default=10_000, help="repositories (default 10000)")
    parser.add_argument("--jobs", type=int, default=None, help="aimm scan --jobs (default all)")
    parser.add_argument("--keep", type=Path, default=None, help="generate into DIR and keep it")
    parser.add_argument("--regopy", action="store_true", help="also a cold scan on regopy")
    parser.add_argument(
        "--pack-repos",
        type=int,
        default=200,
        help="repositories scanned with and without the model packs (default 200; 0: skip)",
    )
    args = parser.parse_args()

    work = args.keep or Path(tempfile.mkdtemp(prefix="aimm-scan-bench-"))
    root, cache = work / "repos", work / "cache"
    try:
        if not root.exists():
            start = time.perf_counter()
            generate(root, args.repos)
            print(f"generated {args.repos} repositories in {time.perf_counter() - start:.1f} s")
        shutil.rmtree(cache, ignore_errors=True)
        load = os.getloadavg()[0]
        # The floor is parsed before and after the cold scan and the median taken: this
        # machine's speed moves by a third from one minute to the next, and a floor taken
        # at one moment only would move the ratio as much.
        walls, cpus, parsed = parse_floor(root)
        runs = [("cold", *run_scan(root, args.jobs, cache))]
        after = parse_floor(root)
        floor = statistics.median([*walls, *after[0]])
        floor_cpu = statistics.median([*cpus, *after[1]])
        runs.append(("warm", *run_scan(root, args.jobs, cache)))
        runs.append(("next day", *run_scan(root, args.jobs, cache, NEXT_DAY)))
        if args.regopy:
            shutil.rmtree(cache, ignore_errors=True)
            runs.append(("cold, regopy", *run_scan(root, args.jobs, cache, engine="regopy")))
        packs = pack_runs(work, root, args.pack_repos, args.jobs, cache)
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)
    jobs = args.jobs or len(os.sched_getaffinity(0))
    cold_stats = runs[0][2]
    print(
        f"manifests: {parsed} ({cold_stats['systems']} evaluated, "
        f"{cold_stats['could_not_evaluate']} invalid on purpose); aimm scan --jobs {jobs}"
    )
    print(
        f"  PyYAML C loader, parse only (floor) {floor:8.2f} s   {parsed / floor:9.0f} /s   "
        f"cpu {floor_cpu:7.2f} s"
    )
    for label, seconds, stats in runs:
        print(
            f"  aimm scan, {label:14} {seconds:8.2f} s   "
            f"{parsed / seconds:9.0f} /s   ratio {seconds / floor:6.1f}   "
            f"cpu {stats['cpu']:7.2f} s, per core / floor {stats['cpu'] / jobs / floor_cpu:5.1f}   "
            f"peak RSS main {stats['main_kib'] / 1024:6.1f} MiB, "
            f"worker {stats['worker_kib'] / 1024:6.1f} MiB"
        )
    # Other work on the machine stretches wall times; CPU seconds spread over the cores
    # are what an idle machine would take.
    cold = runs[0][2]["cpu"] / jobs / floor_cpu
    print(
        f"  cold: wall ratio {runs[0][1] / floor:.1f}, cpu ratio {cold:.1f} (target <= "
        f"{COLD_TARGET}; load average {load:.1f} at the start, {os.getloadavg()[0]:.1f} at the end)"
    )
    if packs:
        (alone, alone_stats), (with_packs, packs_stats), count = packs
        per = {
            k: 1000 * v["cpu"] / count for k, v in (("alone", alone_stats), ("packs", packs_stats))
        }
        print(
            f"model packs, {count} manifests, cold, one run: default alone {alone:.2f} s "
            f"(cpu {per['alone']:.1f} ms per manifest); --model {' --model '.join(PACKS)} "
            f"{with_packs:.2f} s (cpu {per['packs']:.1f} ms per manifest); ratio "
            f"{with_packs / alone:.1f} wall, {per['packs'] / per['alone']:.1f} cpu; the packs add "
            f"{per['packs'] - per['alone']:.1f} ms of cpu per manifest"
        )
    return 0


def pack_runs(
    work: Path, root: Path, count: int, jobs: int | None, cache: Path
) -> tuple[tuple[float, dict[str, Any]], tuple[float, dict[str, Any]], int] | None:
    """Cold scans of the first ``count`` repositories with the default model alone and with
    the packs (a root of links to them: the scan follows links at the top of a root)."""
    if count <= 0:
        return None
    subset = work / "pack-repos"
    shutil.rmtree(subset, ignore_errors=True)
    subset.mkdir()
    chosen = sorted(p for p in root.iterdir() if p.is_dir())[:count]
    for repo in chosen:
        (subset / repo.name).symlink_to(repo.resolve(), target_is_directory=True)
    shutil.rmtree(cache, ignore_errors=True)
    alone = run_scan(subset, jobs, cache, models=(PACKS[0],))
    shutil.rmtree(cache, ignore_errors=True)
    with_packs = run_scan(subset, jobs, cache, models=PACKS)
    return alone, with_packs, len(chosen)


if __name__ == "__main__":
    sys.exit(main())

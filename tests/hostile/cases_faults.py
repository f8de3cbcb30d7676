"""One bad repository never stops the others; input problems get input exit codes; faults
(full disk, no home, Ctrl-C) end cleanly; every input has bounds (time, memory, size)."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from tests.hostile.corpus import (
    TODAY,
    Case,
    Outcome,
    chain,
    expect,
    failing,
    files,
    manifest,
    repo,
    write,
)

T = ["--today", TODAY]
SVC = files({"svc/aimm.yaml": manifest()})
BIG = "9" * 20_000
LONG_NAME = "e" * 300 + ".md"


def _bad_and_good(bad: dict[str, Any] | str) -> Any:
    def build(tmp: Path) -> None:
        repo(tmp / "work", "bad", bad)
        repo(tmp / "work", "good", manifest(metadata__name="good"))

    return build


def _systems(o: Outcome) -> list[str]:
    return [s["system"] for s in json.loads(o.stdout)["systems"]]


def _good_reported(o: Outcome) -> None:
    report = json.loads(o.stdout)
    assert [s["system"] for s in report["systems"]] == ["good"], report["systems"]
    assert [u["repository"] for u in report["could_not_evaluate"]] == ["bad"], report
    assert report["could_not_evaluate"][0]["message"], report


def _audit_good_reported(o: Outcome) -> None:
    report = json.loads(o.stdout)
    statuses = {r["path"]: r["status"] for r in report["results"]}
    assert statuses == {"bad/aimm.yaml": "error", "good/aimm.yaml": "evaluated"}, statuses


def _waiver(expires: str) -> dict[str, Any]:
    return failing(waivers=[{"control": "OWN-1", "reason": "r", "approved_by": "a@example.com",
                             "expires": expires}])  # fmt: skip


def _raw(text: str) -> str:
    """A manifest written by hand (YAML the dumper would not produce)."""
    return text


RAW_BASE = (
    "apiVersion: aimm/v1\nkind: AISystem\n"
    "metadata: {name: bad, team: t, owners: {technical: a@example.com}}\n"
    "system: {type: llm-app, lifecycle: production}\n"
    "risk: {domain: general, autonomy: suggest, data_sensitivity: internal, exposure: internal,"
    " criticality: low}\n"
)
HUGE_INT = RAW_BASE + f"posture: {{audit: {{retention_days: {BIG}}}}}\n"
BIG_INT = RAW_BASE + f"posture: {{audit: {{retention_days: {'9' * 300}}}}}\n"
INT64 = RAW_BASE + "posture: {audit: {retention_days: 9223372036854775808}}\n"
LONG_EVIDENCE = manifest(metadata__name="bad", posture__audit__incident_runbook=LONG_NAME)
FAR_WAIVER = {**_waiver("9999-12-31"), "metadata": {**_waiver("x")["metadata"], "name": "bad"}}
OLD_WAIVER = {**_waiver("1600-01-01"), "metadata": {**_waiver("x")["metadata"], "name": "bad"}}

ISOLATION: list[tuple[str, dict[str, Any] | str, str | None]] = [
    ("far-waiver", FAR_WAIVER, r"/waivers/0/expires"),
    ("old-waiver", OLD_WAIVER, r"/waivers/0/expires"),
    ("huge-number", HUGE_INT, r"retention_days|too (large|long)|digits"),
    ("big-number", BIG_INT, r"retention_days"),
    ("int64-number", INT64, r"retention_days"),
    ("long-evidence-name", LONG_EVIDENCE, None),
]


def _deep_tree(depth: int, name: str = "d") -> Any:
    def build(tmp: Path) -> None:
        # os.makedirs would recurse: build it with a loop, relative to each new folder.
        folder = tmp / "work" / "deep"
        folder.mkdir()
        fd = os.open(folder, os.O_RDONLY)
        try:
            for _ in range(depth):
                os.mkdir(name, dir_fd=fd)
                new = os.open(name, os.O_RDONLY, dir_fd=fd)
                os.close(fd)
                fd = new
            with open(os.open("aimm.yaml", os.O_WRONLY | os.O_CREAT, 0o644, dir_fd=fd), "w") as fh:
                import yaml

                fh.write(yaml.safe_dump(manifest()))
        finally:
            os.close(fd)
        repo(tmp / "work", "good", manifest(metadata__name="good"))

    return build


def _deep_json(depth: int) -> str:
    return "[" * depth + "]" * depth


def _fifo(name: str) -> Any:
    def build(tmp: Path) -> None:
        path = tmp / "work" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        os.mkfifo(path)

    return build


def _sparse(name: str, size: int) -> Any:
    def build(tmp: Path) -> None:
        path = tmp / "work" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("wb") as fh:
            fh.truncate(size)

    return build


def _many_waivers(count: int) -> dict[str, Any]:
    return failing(
        metadata__owners__on_call="oncall",
        waivers=[
            {"control": f"VIS-{2 + n % 4}.1", "reason": f"reason {n}",
             "approved_by": "a@example.com", "expires": "2027-01-01"}
            for n in range(count)
        ],
    )  # fmt: skip


def _many_repos(count: int) -> Any:
    def build(tmp: Path) -> None:
        for n in range(count):
            repo(tmp / "work", f"r{n:03}", manifest(metadata__name=f"s{n}"))

    return build


def _no_snapshot(path: Path) -> None:
    """An interrupted scan records nothing: no history, an empty file, or no snapshot."""
    if not path.exists() or path.stat().st_size == 0:
        return
    import sqlite3

    with sqlite3.connect(path) as db:
        tables = {r[0] for r in db.execute("select name from sqlite_master")}
        if "aimm_snapshot" in tables:
            assert db.execute("select count(*) from aimm_snapshot").fetchone() == (0,)


def _no_partial(o: Outcome) -> None:
    leftovers = [p.name for p in o.work.iterdir() if p.name.startswith((".out", "out"))]
    assert leftovers == [], leftovers


def _good_report(expected: dict[str, Any] | None = None) -> Any:
    report = {
        "schema_version": 1, "today": TODAY,
        "results": [{
            "path": "aimm.yaml", "status": "evaluated", "system": "good", "team": "t",
            "tier": "low",
            "levels": dict.fromkeys(("visibility", "evaluation", "cost", "access", "audit"), 1),
            "floors": dict.fromkeys(("visibility", "evaluation", "cost", "access", "audit"), 1),
            "floors_enforced": False, "controls": [], "next_steps": [],
            "gate": {"passed": True, "reasons": []},
        }],
    }  # fmt: skip
    return json.dumps(report)


def _aggregate_good(o: Outcome) -> None:
    report = json.loads(o.stdout)
    assert [s["system"] for s in report["systems"]] == ["good"], report["systems"]
    assert len(report["could_not_evaluate"]) == 1, report["could_not_evaluate"]


AGG = ["aggregate", "r", *T, "--no-history", "--format", "json"]

CASES = [
    # One bad repository: listed under could not evaluate, the others reported.
    *[
        Case(f"scan-isolates-{name}", "one-bad-repo", _bad_and_good(doc),
             ["scan", ".", *T, "--no-history", "--format", "json"], 2, check=_good_reported)
        for name, doc, _ in ISOLATION if name != "long-evidence-name"
    ],
    Case("scan-long-evidence-name", "one-bad-repo", _bad_and_good(LONG_EVIDENCE),
         ["scan", ".", *T, "--no-history", "--format", "json"], 0,
         check=lambda o: expect(_systems(o) == ["bad", "good"], o.stdout[:500])),
    Case("scan-isolates-jobs", "one-bad-repo", _bad_and_good(FAR_WAIVER),
         ["scan", ".", *T, "--no-history", "--format", "json", "--jobs", "2"], 2,
         check=_good_reported),
    *[
        Case(f"audit-isolates-{name}", "one-bad-repo", _bad_and_good(doc),
             ["audit", "bad", "good", "--framework", "eu-ai-act", *T, "--format", "json"], 2,
             check=_audit_good_reported)
        for name, doc, _ in ISOLATION if name != "long-evidence-name"
    ],
    Case("audit-long-evidence-name", "one-bad-repo", _bad_and_good(LONG_EVIDENCE),
         ["audit", "bad", "good", "--framework", "eu-ai-act", *T, "--format", "json"], (0, 1)),
    *[
        Case(f"check-{name}", "exit-codes", files({"svc/aimm.yaml": doc}),
             ["check", "svc", *T], 2, message=rf"svc/aimm\.yaml:\d+:.*{pattern}")
        for name, doc, pattern in ISOLATION if pattern is not None
    ],
    Case("check-long-evidence-name", "exit-codes", files({"svc/aimm.yaml": LONG_EVIDENCE}),
         ["check", "svc", *T], 0),
    Case("validate-far-waiver", "exit-codes", files({"svc/aimm.yaml": FAR_WAIVER}),
         ["validate", "svc"], 2, message=r"svc/aimm\.yaml:\d+: /waivers/0/expires"),
    Case("validate-huge-number", "exit-codes", files({"svc/aimm.yaml": HUGE_INT}),
         ["validate", "svc"], 2, message=r"svc/aimm\.yaml:\d+:"),
    # --today outside what the engine can represent, and other bad option values.
    *[
        Case(f"check-today-{day}", "exit-codes", SVC, ["check", "svc", "--today", day], 2,
             message=r"--today")
        for day in ("9999-12-31", "1600-01-01", "2262-04-12", "1677-09-21", "0001-01-01")
    ],
    Case("scan-today-far", "exit-codes", SVC, ["scan", ".", "--today", "9999-12-31",
                                               "--no-history"], 2, message=r"--today"),
    Case("audit-today-far", "exit-codes", SVC,
         ["audit", "svc", "--framework", "eu-ai-act", "--today", "9999-12-31"], 2,
         message=r"--today"),
    Case("aggregate-today-far", "exit-codes", files({"r/x.json": _good_report()}),
         ["aggregate", "r", "--today", "9999-12-31", "--no-history"], 2, message=r"--today"),
    Case("check-today-invalid", "exit-codes", SVC, ["check", "svc", "--today", "2026-02-30"], 2,
         message=r"today"),
    *[
        Case(f"check-min-level-{n}", "exit-codes", SVC, ["check", "svc", *T, "--min-level", v],
             2, message=r"--min-level")
        for n, v in enumerate(["\u0663", "\uff13", "evaluation=\u0663", "3 4",
                               "99999999999999999999", "-1", "x=3", ""])
    ],
    Case("scan-jobs-zero", "exit-codes", SVC, ["scan", ".", "--jobs", "0"], 2, message=r"jobs"),
    Case("check-manifest-fifo", "exit-codes", _fifo("svc/aimm.yaml"), ["check", "svc", *T], 2,
         message=r"svc/aimm\.yaml.*not a regular file", timeout=10),
    Case("validate-manifest-fifo", "exit-codes", _fifo("svc/aimm.yaml"), ["validate", "svc"], 2,
         message=r"not a regular file", timeout=10),
    Case("check-manifest-device", "exit-codes", lambda tmp: None,
         ["check", "/dev/zero", *T], 2, message=r"/dev/zero.*not a regular file", timeout=10),
    Case("check-manifest-link-loop", "exit-codes",
         lambda tmp: os.symlink("aimm.yaml", tmp / "work" / "aimm.yaml"),
         ["check", *T], 2, message=r"aimm\.yaml"),
    Case("check-alias-bomb", "bounds",
         files({"svc/aimm.yaml": 'a: &a ["x","x","x","x","x","x","x","x","x"]\n'
                + "".join(f"{c}: &{c} [*{p},*{p},*{p},*{p},*{p},*{p},*{p},*{p},*{p}]\n"
                          for p, c in zip("abcdefgh", "bcdefghi", strict=True))}),
         ["check", "svc", *T], 2, message=r"alias", timeout=5),
    Case("check-2mb-manifest", "bounds", files({"svc/aimm.yaml": "# x\n" * 600_000}),
         ["check", "svc", *T], 2, message=r"too large", timeout=5),
    Case("schema-unknown-kind", "exit-codes", lambda tmp: None, ["schema", "nope"], 2,
         message=r"nope"),
    Case("init-bad-name", "exit-codes", lambda tmp: None, ["init", "--name", "a\nb"], 2,
         message=r"slug"),
    Case("init-exists", "exit-codes", SVC, ["init"], 0, writes=["work/aimm.yaml"]),
    Case("assess-answers-broken", "exit-codes", files({"a.yaml": "answers: [\n"}),
         ["assess", "--answers", "a.yaml"], 2, message=r"a\.yaml: cannot read the answers"),
    Case("assess-answer-out-of-range", "exit-codes", files({"a.yaml": "answers:\n  q1: 9\n"}),
         ["assess", "--answers", "a.yaml"], 2, message=r"answers\.q1 must be a whole number 0-5"),
    Case("init-dir-in-the-way", "exit-codes", files({"aimm.yaml/x": "x"}), ["init", "--force"],
         2, message=r"aimm\.yaml"),
    Case("policy-test-missing-folder", "exit-codes", lambda tmp: None,
         ["policy", "test", "nope"], 2, message=r"nope"),
    Case("policy-test-no-compile", "exit-codes",
         files({"pol/x.rego": "package aimm.controls.x\n\nresults[ := 1\n",
                "pol/x_test.rego": "package aimm.controls.x_test\n\ntest_a if true\n"}),
         # The custom folder compiles first: no built-in test runs before the error.
         ["policy", "test", "pol"], 3, message=r"pol/x\.rego", timeout=30),
    Case("policy-bundle-no-compile", "exit-codes",
         files({"pol/x.rego": "package aimm.controls.x\n\nresults[ := 1\n"}),
         ["policy", "bundle", "pol", "-o", "b.tar.gz"], 3, message=r"pol/x\.rego",
         check=lambda o: expect(not (o.work / "b.tar.gz").exists(), "bundle written")),
    Case("policy-bundle-no-package", "exit-codes", files({"pol/x.rego": "results := {}\n"}),
         ["policy", "bundle", "pol", "-o", "b.tar.gz"], 3, message=r"pol/x\.rego.*package"),
    Case("policy-bundle-not-utf8", "exit-codes", files({"pol/x.rego": b"package \xff\n"}),
         ["policy", "bundle", "pol", "-o", "b.tar.gz"], 3, message=r"pol/x\.rego"),
    Case("check-policy-not-utf8", "exit-codes",
         chain(SVC, files({"pol/x.rego": b"package aimm.controls.x\n\xff\n"})),
         ["check", "svc", *T, "--policy", "pol"], 3, message=r"pol/x\.rego"),
    # Faults of the environment.
    Case("check-stdout-full", "exit-codes", SVC, ["check", "svc", *T], 2, subprocess=True,
         stdout_file="/dev/full", message=r"(stdout|standard output).*(space|write)"),
    Case("scan-stdout-full", "exit-codes", SVC, ["scan", ".", *T, "--no-history"], 2,
         subprocess=True, stdout_file="/dev/full", message=r"(stdout|standard output)"),
    Case("schema-stdout-full", "exit-codes", lambda tmp: None, ["schema"], 2, subprocess=True,
         stdout_file="/dev/full", message=r"(stdout|standard output)"),
    Case("step-summary-folder", "exit-codes", chain(SVC, files({"summary/x": "x"})),
         ["check", "svc", *T, "--format", "github"], 2, env={"GITHUB_STEP_SUMMARY": "summary"},
         message=r"GITHUB_STEP_SUMMARY.*summary"),
    Case("step-summary-missing-folder", "exit-codes", SVC,
         ["check", "svc", *T, "--format", "github"], 2,
         env={"GITHUB_STEP_SUMMARY": "{tmp}/no/such/summary.md"},
         message=r"GITHUB_STEP_SUMMARY"),
    Case("step-summary-symlink", "output-paths",
         chain(SVC, lambda tmp: write(tmp / "victim.txt", "mine\n"),
               lambda tmp: os.symlink(tmp / "victim.txt", tmp / "work" / "summary.md")),
         ["check", "svc", *T, "--format", "github"], 2, env={"GITHUB_STEP_SUMMARY": "summary.md"},
         message=r"GITHUB_STEP_SUMMARY.*symbolic link"),
    Case("no-home-empty", "exit-codes", SVC, ["check", "svc", *T], 0, subprocess=True,
         env={"HOME": "", "XDG_CACHE_HOME": None, "AIMM_CACHE_DIR": None,
              "XDG_CONFIG_HOME": None}),
    Case("no-home-missing", "exit-codes", SVC, ["check", "svc", *T], 0, subprocess=True,
         env={"HOME": "/nonexistent/home", "XDG_CACHE_HOME": None, "AIMM_CACHE_DIR": None,
              "XDG_CONFIG_HOME": None}),
    Case("no-home-scan", "exit-codes", SVC, ["scan", ".", *T, "--no-history"], 0,
         subprocess=True,
         env={"HOME": "/proc/nonexistent", "XDG_CACHE_HOME": None, "AIMM_CACHE_DIR": None,
              "XDG_CONFIG_HOME": None}),
    Case("cache-dir-is-file", "exit-codes", chain(SVC, files({"c": "x"})),
         ["scan", ".", *T, "--no-history"], 0, env={"AIMM_CACHE_DIR": "{work}/c"}),
    # Enough repositories that the WebAssembly engine (a few ms each) is still busy when the
    # interrupt comes.
    Case("ctrl-c-scan", "exit-codes", _many_repos(2000),
         ["scan", ".", *T, "--no-history", "--no-cache", "--jobs", "2", "-o", "out.md"], 130,
         subprocess=True, interrupt_after=2.5, timeout=30, message=r"interrupted",
         check=_no_partial, memory_mb=900),
    Case("ctrl-c-scan-history", "exit-codes", _many_repos(2000),
         ["scan", ".", *T, "--no-cache", "--jobs", "2"], 130, subprocess=True,
         interrupt_after=2.5, timeout=30, message=r"interrupted",
         check=lambda o: _no_snapshot(o.work / ".aimm" / "history.sqlite"),
         writes=["work/.aimm", "work/.aimm/**"], memory_mb=900),
    Case("ctrl-c-check", "exit-codes", _many_repos(300),
         ["check", ".", *T, "-o", "out.txt"], 130, subprocess=True, interrupt_after=2.0,
         timeout=30, message=r"interrupted", check=_no_partial),
    # Bounds.
    Case("waivers-100", "bounds", files({"svc/aimm.yaml": _many_waivers(100)}),
         ["check", "svc", *T], (0, 1), timeout=8, subprocess=True),
    Case("waivers-200", "bounds", files({"svc/aimm.yaml": _many_waivers(200)}),
         ["check", "svc", *T, "--format", "json"], (0, 1), timeout=12, subprocess=True),
    Case("waivers-200-scan", "bounds", lambda tmp: repo(tmp / "work", "a", _many_waivers(200)),
         ["scan", ".", *T, "--no-history"], (0, 1), timeout=12, subprocess=True),
    Case("jobs-500", "bounds", _many_repos(3), ["scan", ".", *T, "--no-history", "--jobs", "500"],
         0, subprocess=True, timeout=30, memory_mb=900),
    Case("audit-sparse-2gb", "bounds",
         chain(files({"svc/aimm.yaml": manifest(posture__audit__incident_runbook="big.md")}),
               _sparse("svc/big.md", 2 * 2**30)),
         ["audit", "svc", "--framework", "eu-ai-act", *T, "--format", "json"], (0, 1),
         subprocess=True, memory_mb=400, timeout=60),
    Case("pack-sparse-300mb", "bounds",
         chain(files({"svc/aimm.yaml": manifest(posture__audit__incident_runbook="big.md")}),
               _sparse("svc/big.md", 300 * 2**20)),
         ["audit", "svc", "--framework", "eu-ai-act", *T, "--pack", "p"], (0, 1),
         subprocess=True, memory_mb=400, timeout=60,
         writes=["work/p", "work/p/**"]),
    Case("aggregate-fifo", "bounds",
         chain(files({"r/good.json": _good_report()}), _fifo("r/blocked.json")),
         AGG, 2, timeout=10, check=_aggregate_good),
    Case("aggregate-fifo-direct", "bounds", _fifo("r.json"),
         ["aggregate", "r.json", *T, "--no-history"], 2, timeout=10),
    Case("aggregate-deep-json", "bounds",
         files({"r/good.json": _good_report(), "r/deep.json": _deep_json(200_000)}),
         AGG, 2, check=_aggregate_good),
    Case("aggregate-huge-number", "bounds",
         files({"r/good.json": _good_report(),
                "r/big.json": '{"schema_version": 1, "results": [], "x": ' + BIG + "}"}),
         AGG, 2, check=_aggregate_good),
    Case("aggregate-not-utf8", "bounds",
         files({"r/good.json": _good_report(), "r/bin.json": b"\xff\xfe{}"}),
         AGG, 2, check=_aggregate_good),
    Case("aggregate-wrong-types", "bounds",
         files({"r/good.json": _good_report(),
                "r2/bad.json": json.dumps({"schema_version": 1, "results": [
                    {"path": "p", "status": "evaluated", "levels": "high"}, 5, None]})}),
         ["aggregate", "r", "r2", *T, "--no-history", "--format", "json"], 2),
    Case("aggregate-deep-folders", "bounds", _deep_tree(1500),
         ["aggregate", "deep", *T, "--no-history"], 2, timeout=20),
    Case("check-deep-folders", "bounds", _deep_tree(1500), ["check", "deep", *T], (0, 2),
         timeout=30),
    Case("validate-deep-folders", "bounds", _deep_tree(1500), ["validate", "deep"], (0, 2),
         timeout=30),
    Case("scan-deep-folders", "bounds", _deep_tree(1500),
         ["scan", ".", *T, "--no-history", "--format", "json"], (0, 2), timeout=60),
    Case("scan-long-folder-names", "bounds", _deep_tree(40, "n" * 250),
         ["scan", ".", *T, "--no-history", "--format", "json"], (0, 2), timeout=30),
    Case("policy-huge-file", "bounds",
         chain(SVC, _sparse("pol/x.rego", 64 * 2**20)),
         ["check", "svc", *T, "--policy", "pol"], 2, message=r"pol/x\.rego.*(large|limit)",
         subprocess=True, timeout=20),
    Case("policy-test-huge-file", "bounds", _sparse("pol/x.rego", 64 * 2**20),
         ["policy", "test", "pol"], 2, message=r"pol/x\.rego.*(large|limit)", subprocess=True,
         timeout=20),
    Case("bundle-huge-file", "bounds", _sparse("pol/x.rego", 64 * 2**20),
         ["policy", "bundle", "pol", "-o", "b.tar.gz"], 2, message=r"pol/x\.rego.*(large|limit)",
         subprocess=True, timeout=20),
    Case("org-config-policies-slash", "bounds",
         chain(SVC, files({"aimm-org.yaml": {"apiVersion": "aimm/v1", "kind": "OrgConfig",
                                             "policies": ["/"]}})),
         ["check", "svc", *T], 2, message=r"aimm-org\.yaml:\d+.*/policies/0", timeout=15),
    Case("policy-folder-slash", "bounds", SVC, ["check", "svc", *T, "--policy", "/"], 2,
         message=r"policy folder /", timeout=15),
    Case("policy-test-slash", "bounds", lambda tmp: None, ["policy", "test", "/"], 2,
         message=r"/", timeout=15),
    Case("bundle-slash", "bounds", lambda tmp: None, ["policy", "bundle", "/", "-o", "b.tar.gz"],
         2, message=r"/", timeout=15),
    Case("policy-link-loop", "bounds",
         chain(files({"pol/x.rego": "package aimm.controls.x\n\nresults := {}\n"}),
               lambda tmp: os.symlink("..", tmp / "work" / "pol" / "up")),
         ["policy", "test", "pol", "--custom-only"], (0, 1), timeout=30, subprocess=True),
    Case("check-many-suites", "bounds",
         files({"svc/aimm.yaml": manifest(posture__evaluation__suites=[
             {"name": f"s{n}", "path": f"e/{n}.yaml", "cases": 1} for n in range(5000)])}),
         ["check", "svc", *T], 2, timeout=20, subprocess=True,
         message=r"svc/aimm\.yaml:\d+: /posture/evaluation/suites: more than 1000 items"),
    Case("check-1000-suites", "bounds",
         files({"svc/aimm.yaml": manifest(posture__evaluation__suites=[
             {"name": f"s{n}", "path": f"e/{n}.yaml", "cases": 1} for n in range(1000)])}),
         ["check", "svc", *T], (0, 1), timeout=15, subprocess=True),
    Case("waivers-1000", "bounds", files({"svc/aimm.yaml": _many_waivers(1000)}),
         ["check", "svc", *T], (0, 1), timeout=20, subprocess=True),
]  # fmt: skip

__all__ = ["CASES", "write"]

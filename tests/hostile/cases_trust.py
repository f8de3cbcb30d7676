"""Writes outside where they belong, and trust boundaries: what a repository, the cache and
the history database may and may not decide."""

from __future__ import annotations

import json
import os
import sqlite3
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
REPORT = json.dumps(
    {
        "schema_version": 1,
        "today": TODAY,
        "results": [
            {
                "path": "aimm.yaml", "status": "evaluated", "system": "svc", "team": "t",
                "tier": "low", "levels": dict.fromkeys(
                    ("visibility", "evaluation", "cost", "access", "audit"), 1),
                "floors": dict.fromkeys(
                    ("visibility", "evaluation", "cost", "access", "audit"), 1),
                "floors_enforced": False, "controls": [], "next_steps": [],
                "gate": {"passed": True, "reasons": []},
            }
        ],
    }
)  # fmt: skip
REPORTS = files({"r/aimm.json": REPORT})


def _link(name: str, target: str) -> Any:
    def build(tmp: Path) -> None:
        link = tmp / "work" / name
        link.parent.mkdir(parents=True, exist_ok=True)
        os.symlink(target.format(tmp=tmp, work=tmp / "work"), link)

    return build


def _absent(*names: str) -> Any:
    def check(o: Outcome) -> None:
        for name in names:
            assert not (o.tmp / name).exists(), f"{name} was created"

    return check


def _other_app_db(name: str) -> Any:
    def build(tmp: Path) -> None:
        path = tmp / "work" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        with sqlite3.connect(path) as db:
            db.execute("create table users (id integer primary key, email text)")
            db.execute("insert into users (email) values ('a@example.com')")

    return build


def _tables(name: str, expected: list[str]) -> Any:
    def check(o: Outcome) -> None:
        with sqlite3.connect(o.work / name) as db:
            found = sorted(r[0] for r in db.execute("select name from sqlite_master"))
        assert found == expected, found

    return check


def _history_with(tmp: Path, corrupt: str | None = None) -> None:
    """A history recorded by a scan, optionally damaged afterwards."""
    import subprocess
    import sys

    write(tmp / "work" / "svc" / "aimm.yaml", manifest())
    env = {**os.environ, "HOME": str(tmp / "home"), "AIMM_CACHE_DIR": str(tmp / "cache")}
    subprocess.run(
        [sys.executable, "-m", "aimm", "scan", ".", *T, "--history", "h.sqlite"],
        cwd=tmp / "work", env=env, capture_output=True, check=True,
    )  # fmt: skip
    if corrupt:
        with sqlite3.connect(tmp / "work" / "h.sqlite") as db:
            db.execute(corrupt)


def _platform(tmp: Path, **extra: Any) -> None:
    """A platform config at the top of the checkouts, with a repository config below it."""
    write(
        tmp / "work" / "aimm-org.yaml",
        {"apiVersion": "aimm/v1", "kind": "OrgConfig",
         "floors": {"high": {"evaluation": 4}},
         "waivers": {"max_days": 30, "approvers": ["cto@example.com"]}, **extra},
    )  # fmt: skip


HIGH = failing(
    risk__autonomy="act-autonomously",
    risk__data_sensitivity="personal",
    risk__exposure="customers",
    metadata__owners__on_call="oncall",
    metadata__owners__business="b@example.com",
    metadata__owners__security="s@example.com",
)  # tier high: floors 3 (evaluation 4 by the platform)


def _repo_config(data: dict[str, Any], manifest_doc: dict[str, Any] = HIGH) -> Any:
    def build(tmp: Path) -> None:
        _platform(tmp)
        folder = repo(tmp / "work", "team-repo", manifest_doc)
        write(folder / "aimm-org.yaml", {"apiVersion": "aimm/v1", "kind": "OrgConfig", **data})

    return build


def _floors(expected: dict[str, int]) -> Any:
    def check(o: Outcome) -> None:
        result = json.loads(o.stdout)["results"][0]
        for dim, level in expected.items():
            assert result["floors"][dim] == level, result["floors"]

    return check


def _waiver_not_valid(o: Outcome) -> None:
    result = json.loads(o.stdout)["results"][0]
    statuses = {w["control"]: w["status"] for w in result["waivers"]}
    assert statuses and "valid" not in statuses.values(), statuses


def _forge_cache(table: str, change: Any) -> Any:
    """Scan once (filling the cache), then rewrite every entry of ``table``."""

    def build(tmp: Path) -> None:
        import subprocess
        import sys

        repo(tmp / "work", "a", failing())
        env = {**os.environ, "HOME": str(tmp / "home"), "AIMM_CACHE_DIR": str(tmp / "cache")}
        subprocess.run(
            [sys.executable, "-m", "aimm", "scan", ".", *T, "--no-history"],
            cwd=tmp / "work", env=env, capture_output=True, check=False,
        )  # fmt: skip
        entries = list((tmp / "cache" / "scan" / table).rglob("*.json"))
        assert entries, "the first scan cached nothing"
        for entry in entries:
            change(entry)

    return build


def _body(entry: Path) -> tuple[bytes, Any]:
    """A cache entry's first line (a signature, where entries carry one) and its JSON."""
    raw = entry.read_bytes()
    head, _, rest = raw.partition(b"\n")
    if rest.strip().startswith(b"{"):
        return head + b"\n", json.loads(rest)
    return b"", json.loads(raw)


def _flip_gate(entry: Path) -> None:
    head, data = _body(entry)
    data["gate"] = {"passed": True, "reasons": []}
    data["controls"] = []
    data["next_steps"] = []
    entry.write_bytes(head + json.dumps(data).encode())  # the old signature kept


def _forge_manifest(entry: Path) -> None:
    head, data = _body(entry)
    if "data" in data:
        data["data"]["system"]["lifecycle"] = "experiment"
    entry.write_bytes(head + json.dumps(data).encode())


def _forge_bundles(tmp: Path) -> None:
    for bundle in (tmp / "cache" / "bundles").glob("*"):
        bundle.write_bytes(b"not a bundle")


def _gate_failed(o: Outcome) -> None:
    """The failing gate survived: the org report counts no passing system, the check says
    FAILED."""
    if o.stdout.lstrip().startswith("{"):
        headline = json.loads(o.stdout)["headline"]
        assert headline["systems"] == 1 and headline["passing"] == 0, headline
    else:
        assert "FAILED" in o.stdout, o.stdout[:500]


def _custom(tmp: Path, rego: str, catalog: dict[str, Any] | None = None) -> None:
    write(tmp / "work" / "pol" / "x.rego", rego)
    if catalog is not None:
        write(tmp / "work" / "pol" / "catalog.yaml", catalog)


ORG_CONTROL = {
    "controls": [
        {
            "id": "ACME-1", "dimension": "org", "level": None, "title": "t", "check": "c",
            "facts": ["/metadata/name"], "why": "w", "remediation": "r", "evidence": "e",
            "effort": "S",
        }
    ]
}  # fmt: skip

CASES = [
    # A repository's .aimm/history.sqlite (or .aimm) as a symlink: never written through.
    Case("aggregate-history-symlink", "writes-outside",
         chain(REPORTS, _link(".aimm/history.sqlite", "{tmp}/victim.sqlite")),
         ["aggregate", "r/aimm.json", *T], 2, message=r"history\.sqlite.*symbolic link",
         check=_absent("victim.sqlite")),
    Case("aggregate-history-dir-symlink", "writes-outside",
         chain(REPORTS, _link(".aimm", "{tmp}/elsewhere"),
               lambda tmp: (tmp / "elsewhere").mkdir()),
         ["aggregate", "r/aimm.json", *T], 2, message=r"\.aimm.*symbolic link",
         check=_absent("elsewhere/history.sqlite")),
    Case("scan-history-symlink", "writes-outside",
         chain(SVC, _link(".aimm/history.sqlite", "{tmp}/victim.sqlite")),
         ["scan", ".", *T], 2, message=r"history\.sqlite.*symbolic link",
         check=_absent("victim.sqlite")),
    Case("scan-history-symlink-existing", "writes-outside",
         chain(SVC, lambda tmp: write(tmp / "victim.sqlite", b""),
               _link(".aimm/history.sqlite", "{tmp}/victim.sqlite")),
         ["scan", ".", *T], 2, message=r"history\.sqlite.*symbolic link",
         check=lambda o: expect((o.tmp / "victim.sqlite").stat().st_size == 0, "written")),
    Case("history-cmd-symlink", "writes-outside",
         chain(_link(".aimm/history.sqlite", "{tmp}/victim.sqlite")),
         ["history"], 2, message=r"history"),
    # --history at another application's SQLite database: refused before any table is made.
    Case("scan-history-other-app", "writes-outside", chain(SVC, _other_app_db("app.db")),
         ["scan", ".", *T, "--history", "app.db"], 2, message=r"app\.db.*not an aimm history",
         check=_tables("app.db", ["users"])),
    Case("aggregate-history-other-app", "writes-outside", chain(REPORTS, _other_app_db("app.db")),
         ["aggregate", "r/aimm.json", *T, "--history", "app.db"], 2,
         message=r"app\.db.*not an aimm history", check=_tables("app.db", ["users"])),
    Case("history-cmd-other-app", "writes-outside", _other_app_db("app.db"),
         ["history", "--history", "app.db"], 2, message=r"app\.db.*not an aimm history",
         check=_tables("app.db", ["users"])),
    Case("scan-history-text-file", "writes-outside", chain(SVC, files({"notes.txt": "hello\n"})),
         ["scan", ".", *T, "--history", "notes.txt"], 2, message=r"notes\.txt",
         check=lambda o: expect((o.work / "notes.txt").read_text() == "hello\n", "changed")),
    Case("history-cmd-folder", "writes-outside", files({"h/x": "x"}),
         ["history", "--history", "h"], 2, message=r"h"),
    # Corrupt history rows: a clear exit 2.
    Case("history-corrupt-level", "exit-codes",
         lambda tmp: _history_with(tmp, "update aimm_posture set levels = 'high!'"),
         ["history", "--history", "h.sqlite"], 2, message=r"h\.sqlite.*(corrupt|damaged)"),
    Case("history-corrupt-date", "exit-codes",
         lambda tmp: _history_with(tmp, "update aimm_snapshot set taken_on = 'yesterday'"),
         ["history", "--history", "h.sqlite"], 2, message=r"h\.sqlite.*(corrupt|damaged)"),
    Case("history-corrupt-system", "exit-codes",
         lambda tmp: _history_with(tmp, "update aimm_snapshot set taken_on = 'yesterday'"),
         ["history", "--history", "h.sqlite", "--system", "svc"], 2,
         message=r"h\.sqlite.*(corrupt|damaged)"),
    Case("scan-history-corrupt-previous", "exit-codes",
         lambda tmp: _history_with(tmp, "update aimm_snapshot set taken_on = '2026-00-45'"),
         ["scan", ".", "--today", "2026-12-01", "--history", "h.sqlite"], 2,
         message=r"h\.sqlite.*(corrupt|damaged)", writes=["work/h.sqlite*"]),
    Case("history-not-sqlite", "exit-codes", files({"h.sqlite": "garbage " * 100}),
         ["history", "--history", "h.sqlite"], 2, message=r"h\.sqlite"),
    # The history URL's password is never echoed.
    Case("scan-history-url-password", "trust", SVC,
         ["scan", ".", *T, "--history", "postgresql+psycopg://u:s3cr3t@127.0.0.1:9/db"], 2,
         message=r"history", check=lambda o: _no_secret(o)),
    Case("history-url-password", "trust", lambda tmp: None,
         ["history", "--history", "postgresql+psycopg://u:s3cr3t@127.0.0.1:9/db"], 2,
         message=r"history", check=lambda o: _no_secret(o)),
    Case("aggregate-history-url-no-driver", "trust", REPORTS,
         ["aggregate", "r/aimm.json", *T, "--history", "mysql+nosuchdriver://u:s3cr3t@h/db"], 2,
         message=r"history", check=lambda o: _no_secret(o)),
    Case("history-url-bad-dialect", "trust", lambda tmp: None,
         ["history", "--history", "nosuchdb://u:s3cr3t@h/db"], 2,
         message=r"history", check=lambda o: _no_secret(o)),
    # A repository's own aimm-org.yaml may only tighten the platform's config.
    Case("repo-config-lowers-floors", "trust",
         _repo_config({"allow_lower_floors": True,
                       "floors": {"high": dict.fromkeys(
                           ("visibility", "evaluation", "cost", "access", "audit"), 1)}}),
         ["check", "team-repo", *T, "--format", "json"], 2,
         message=r"team-repo/aimm-org\.yaml.*allow_lower_floors.*platform"),
    Case("repo-config-lower-floor-ignored", "trust",
         _repo_config({"floors": {"high": {"evaluation": 1, "visibility": 1}}}),
         ["check", "team-repo", *T, "--format", "json"], 1,
         check=_floors({"evaluation": 4, "visibility": 3})),
    Case("repo-config-raises-floor", "trust", _repo_config({"floors": {"high": {"cost": 4}}}),
         ["check", "team-repo", *T, "--format", "json"], 1,
         check=_floors({"evaluation": 4, "cost": 4})),
    Case("repo-config-disables", "trust",
         _repo_config({"disabled_controls": [{"control": "EVA-2.1", "reason": "no"}]}),
         ["check", "team-repo", *T], 2,
         message=r"team-repo/aimm-org\.yaml:\d+.*disabled_controls.*platform"),
    Case("repo-config-policies", "trust",
         chain(_repo_config({"policies": ["pol"]}),
               lambda tmp: write(tmp / "work/team-repo/pol/x.rego", "package aimm.controls.x\n")),
         ["check", "team-repo", *T], 2, message=r"team-repo/aimm-org\.yaml:\d+.*policies"),
    Case("repo-config-models", "trust", _repo_config({"models": ["default"]}),
         ["check", "team-repo", *T], 2, message=r"team-repo/aimm-org\.yaml:\d+.*models"),
    Case("repo-config-longer-waivers", "trust",
         _repo_config(
             {"waivers": {"max_days": 3650}},
             {**HIGH, "waivers": [{"control": "EVA-2.1", "reason": "r",
                                   "approved_by": "cto@example.com", "expires": "2027-06-01"}]}),
         ["check", "team-repo", *T, "--format", "json"], 1, check=_waiver_not_valid),
    Case("repo-config-broader-approvers", "trust",
         _repo_config(
             {"waivers": {"approvers": ["me@example.com"]}},
             {**HIGH, "waivers": [{"control": "EVA-2.1", "reason": "r",
                                   "approved_by": "me@example.com", "expires": "2026-12-01"}]}),
         ["check", "team-repo", *T, "--format", "json"], 1, check=_waiver_not_valid),
    Case("repo-config-scan", "trust",
         _repo_config({"allow_lower_floors": True,
                       "floors": {"high": {"evaluation": 1}}}),
         ["scan", ".", *T, "--no-history", "--format", "json"], 2,
         check=lambda o: expect("allow_lower_floors" in o.stdout, o.stdout[:800])),
    # Forged cache entries are not trusted.
    Case("forged-scan-result", "trust", _forge_cache("results", _flip_gate),
         ["scan", ".", *T, "--no-history", "--format", "json"], 1, check=_gate_failed),
    Case("forged-scan-manifest", "trust", _forge_cache("manifests", _forge_manifest),
         ["scan", ".", *T, "--no-history", "--format", "json"], 1, check=_gate_failed),
    Case("forged-bundle", "trust", chain(files({"svc/aimm.yaml": failing()}), _forge_bundles),
         ["check", "svc", *T], 1, check=_gate_failed),
    Case("corrupt-scan-entry", "exit-codes",
         _forge_cache("results", lambda e: e.write_text("{not json")),
         ["scan", ".", *T, "--no-history"], 1),
    Case("wrong-shape-scan-entry", "exit-codes",
         _forge_cache("results", lambda e: e.write_text("[1, 2, 3]")),
         ["scan", ".", *T, "--no-history"], 1),
    Case("wrong-shape-manifest-entry", "exit-codes",
         _forge_cache("manifests", lambda e: e.write_text('{"data": [1]}')),
         ["scan", ".", *T, "--no-history"], 1),
    # Custom policies stay in their own namespace.
    Case("custom-publishes-builtin-id", "trust",
         chain(SVC, lambda tmp: _custom(
             tmp, 'package aimm.controls.x\n\nresults["VIS-2.1"] := {"pass": true, '
             '"message": "forged"}\n')),
         ["check", "svc", *T, "--policy", "pol"], 3, message=r"pol/x\.rego:\d+.*VIS-2\.1"),
    Case("custom-in-core-package", "trust",
         chain(SVC, lambda tmp: _custom(tmp, "package aimm.core.lib\n\nx := 1\n")),
         ["check", "svc", *T, "--policy", "pol"], 3, message=r"pol/x\.rego:\d+.*built-in"),
    Case("custom-bundle-builtin-package", "trust",
         lambda tmp: _custom(tmp, "package aimm.core.report\n\nx := 1\n"),
         ["policy", "bundle", "pol", "-o", "b.tar.gz"], 3, message=r"pol/x\.rego.*built-in"),
    # scan does not follow a repository's symlinks out of it.
    Case("scan-symlink-out-of-root", "trust",
         chain(lambda tmp: repo(tmp / "outside", "secret", manifest(metadata__name="secret")),
               lambda tmp: repo(tmp / "work", "a", manifest()),
               _link("a/vendored", "{tmp}/outside/secret")),
         ["scan", ".", *T, "--no-history", "--format", "json"], 2,
         check=lambda o: _not_reported(o, "secret")),
    Case("scan-manifest-symlink-out", "trust",
         chain(lambda tmp: write(tmp / "outside/aimm.yaml", manifest(metadata__name="secret")),
               lambda tmp: (tmp / "work/a/.git").mkdir(parents=True),
               _link("a/aimm.yaml", "{tmp}/outside/aimm.yaml")),
         ["scan", ".", *T, "--no-history", "--format", "json"], 2,
         check=lambda o: _not_reported(o, "secret")),
    Case("scan-symlink-into-other-repo", "trust",
         chain(lambda tmp: repo(tmp / "work", "b", manifest(metadata__name="bee")),
               lambda tmp: repo(tmp / "work", "a", manifest()),
               _link("a/sub", "{work}/b")),
         ["scan", ".", *T, "--no-history", "--format", "json"], 2,
         check=lambda o: _repository_of(o, "bee", "b")),
    Case("scan-root-symlink-to-slash", "bounds",
         chain(lambda tmp: repo(tmp / "work", "a", manifest()), _link("everything", "/")),
         ["scan", ".", *T, "--no-history", "--format", "json"], 2, timeout=20,
         check=lambda o: expect(_systems(o) == ["svc"], o.stdout[:800])),
    Case("scan-symlink-to-slash", "bounds",
         chain(lambda tmp: repo(tmp / "work", "a", manifest()), _link("a/everything", "/")),
         ["scan", ".", *T, "--no-history", "--format", "json"], 2, timeout=20,
         check=lambda o: expect(_systems(o) == ["svc"], o.stdout[:800])),
    Case("evidence-pack-dotdot", "trust",
         files({
             "repo/.git/HEAD": "x",
             "repo/svc/aimm.yaml": manifest(posture__audit__incident_runbook="../shared/run.md",
                                            posture__audit__postmortem_template="_parent_/shared/run.md"),
             "repo/shared/run.md": "the real runbook\n",
             "repo/svc/_parent_/shared/run.md": "another file\n",
         }),
         ["audit", "repo/svc", "--framework", "eu-ai-act", *T, "--pack", "p"], (0, 1),
         writes=["work/p", "work/p/**"], check=lambda o: _pack_members_distinct(o)),
]  # fmt: skip


def _no_secret(o: Outcome) -> None:
    assert "s3cr3t" not in o.stderr and "s3cr3t" not in o.stdout, o.stderr


def _report(o: Outcome) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(o.stdout)
    return data


def _systems(o: Outcome) -> list[str]:
    return sorted(s["system"] for s in _report(o)["systems"])


def _not_reported(o: Outcome, name: str) -> None:
    assert name not in _systems(o), _systems(o)
    assert any("outside" in u["message"] for u in _report(o)["could_not_evaluate"]), _report(o)


def _repository_of(o: Outcome, system: str, repository: str) -> None:
    found = [s["repository"] for s in _report(o)["systems"] if s["system"] == system]
    assert found == [repository], found


def _pack_members_distinct(o: Outcome) -> None:
    import hashlib

    sums = {}
    for line in (o.work / "p" / "SHA256SUMS").read_text().splitlines():
        digest, name = line.split("  ", 1)
        sums[name] = digest
        assert hashlib.sha256((o.work / "p" / name).read_bytes()).hexdigest() == digest
    runbooks = {n: d for n, d in sums.items() if n.endswith("run.md")}
    assert len(runbooks) == 2, runbooks
    assert len(set(runbooks.values())) == 2, runbooks

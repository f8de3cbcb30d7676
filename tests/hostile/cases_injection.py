"""Injection into reports: spreadsheet formulas, HTML, forged workflow commands, terminal
escapes and NUL bytes from manifests, folder names and reports never reach an output raw."""

from __future__ import annotations

import csv
import json
import re
import xml.etree.ElementTree as ET
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
    stream,
    unsafe_for_terminal,
    write,
)

T = ["--today", TODAY]
ESC = "\x1b]0;pwned\x07\x1b[2J\x1b[31m"
NUL = "a\x00b"
FORMULAS = ["=1+2", "+1+2", "-1+2", "@SUM(A1)", "\t=1+2", "\r=1+2", '=HYPERLINK("http://x")']
HTML = '<img src=x onerror="alert(1)"><script>alert(2)</script>'
FORGED = "svc\n::error file=x,line=1::pwned\n"


def _terminal_safe(o: Outcome) -> None:
    assert not unsafe_for_terminal(o.stdout), repr(o.stdout[:400])


def _no_forged_commands(o: Outcome) -> None:
    _terminal_safe(o)
    assert not re.search(r"^::", o.stdout, re.MULTILINE), o.stdout[:400]


def _github_commands_only(o: Outcome) -> None:
    _terminal_safe(o)
    for line in o.stdout.splitlines():
        assert line.startswith("::"), repr(line)
    assert "::pwned" not in o.stdout.replace("%0A", "\n").split("\n::")[0]
    assert not any(line.startswith("::error file=x") for line in o.stdout.splitlines())


def _no_html(o: Outcome, text: str | None = None) -> None:
    body = o.stdout if text is None else text
    assert "<img" not in body and "<script" not in body, body[:600]
    assert not unsafe_for_terminal(body), repr(body[:400])


def _junit_parses(o: Outcome) -> None:
    ET.fromstring(o.stdout.encode("utf-8"))


def _json_parses(o: Outcome) -> None:
    json.loads(o.stdout)


def _csv_cells_inert(o: Outcome, text: str | None = None) -> None:
    body = o.stdout if text is None else text
    for row in csv.reader(stream(body)):
        for cell in row:
            assert not cell.startswith(("=", "+", "@", "\t", "\r")), row
            assert not (cell.startswith("-") and not re.fullmatch(r"-?\d+(\.\d+)?", cell)), row
            assert "\x00" not in cell and "\x1b" not in cell, row


def _team(value: str) -> dict[str, Any]:
    return manifest(metadata__team=value, metadata__business_unit=value)


def _waiver(reason: str) -> dict[str, Any]:
    return failing(waivers=[{"control": "OWN-1", "reason": reason, "approved_by": reason,
                             "expires": "2026-12-01"}])  # fmt: skip


def _check(fmt: str) -> list[str]:
    return ["check", "svc", *T, "--format", fmt]


def _scan(fmt: str) -> list[str]:
    return ["scan", ".", *T, "--no-history", "--format", fmt]


def _svc(doc: dict[str, Any]) -> Any:
    return files({"svc/aimm.yaml": doc})


def _repo(doc: dict[str, Any], name: str = "a") -> Any:
    return lambda tmp: repo(tmp / "work", name, doc)


def _formula_repos(tmp: Path) -> None:
    for n, value in enumerate(FORMULAS):
        repo(tmp / "work", f"r{n}", manifest(metadata__name=f"s{n}", metadata__team=value,
                                             metadata__business_unit=value))  # fmt: skip


def _formula_folder(tmp: Path) -> None:
    write(tmp / "work" / "=1+2" / "aimm.yaml", manifest())


def _forged_folder(tmp: Path) -> None:
    write(tmp / "work" / FORGED / "aimm.yaml", manifest())


def _escape_folder(tmp: Path) -> None:
    write(tmp / "work" / f"x{ESC}" / "aimm.yaml", manifest())


def _bad_in_forged_folder(tmp: Path) -> None:
    write(tmp / "work" / FORGED / "aimm.yaml", "apiVersion: [\n")


def _report(entry: dict[str, Any]) -> str:
    base = {
        "path": "aimm.yaml", "status": "evaluated", "system": "svc", "team": "t",
        "tier": "low",
        "levels": dict.fromkeys(("visibility", "evaluation", "cost", "access", "audit"), 1),
        "floors": dict.fromkeys(("visibility", "evaluation", "cost", "access", "audit"), 1),
        "floors_enforced": False, "controls": [], "next_steps": [],
        "gate": {"passed": True, "reasons": []},
    }  # fmt: skip
    return json.dumps({"schema_version": 1, "today": TODAY, "results": [{**base, **entry}]})


def _agg(fmt: str) -> list[str]:
    return ["aggregate", "r", *T, "--no-history", "--format", fmt]


def _file_check(name: str, check: Any) -> Any:
    def run(o: Outcome) -> None:
        check(o, (o.work / name).read_text(encoding="utf-8"))

    return run


CASES = [
    # Terminal escapes and NUL bytes from manifest strings.
    *[
        Case(f"check-esc-{fmt}", "injection", _svc(_team(ESC)), _check(fmt), 0, check=chk)
        for fmt, chk in [
            ("text", _no_forged_commands), ("github", _github_commands_only),
            ("markdown", lambda o: _no_html(o)), ("junit", _junit_parses),
            ("json", _json_parses), ("sarif", _json_parses),
        ]
    ],
    *[
        Case(f"check-nul-{fmt}", "injection", _svc(_team(NUL)), _check(fmt), 0, check=chk)
        for fmt, chk in [
            ("text", _terminal_safe), ("github", _github_commands_only),
            ("markdown", lambda o: _no_html(o)), ("junit", _junit_parses),
        ]
    ],
    Case("check-esc-waiver-text", "injection", _svc(_waiver(ESC)), _check("text"), (0, 1),
         check=_terminal_safe),
    Case("check-esc-waiver-github", "injection", _svc(_waiver(ESC + "\n::error::x")),
         _check("github"), (0, 1), check=_github_commands_only),
    Case("check-esc-waiver-markdown", "injection", _svc(_waiver(HTML + ESC)), _check("markdown"),
         (0, 1), check=lambda o: _no_html(o)),
    Case("check-html-team-markdown", "injection", _svc(_team(HTML)), _check("markdown"), 0,
         check=lambda o: _no_html(o)),
    # Folder names: newlines forging workflow commands, escapes, formulas.
    Case("check-forged-folder-text", "injection", _forged_folder,
         ["check", ".", *T], 0, check=_no_forged_commands),
    Case("check-forged-folder-github", "injection", _forged_folder,
         ["check", ".", *T, "--format", "github"], 0, check=_github_commands_only),
    Case("check-forged-folder-markdown", "injection", _forged_folder,
         ["check", ".", *T, "--format", "markdown"], 0, check=_no_forged_commands),
    Case("check-forged-folder-error", "injection", _bad_in_forged_folder,
         ["check", ".", *T], 2, check=_no_forged_commands),
    Case("check-forged-folder-error-github", "injection", _bad_in_forged_folder,
         ["check", ".", *T, "--format", "github"], 2, check=_github_commands_only),
    Case("validate-forged-folder", "injection", _bad_in_forged_folder,
         ["validate", "."], 2, stderr_lines=1, check=_no_forged_commands),
    Case("check-escape-folder", "injection", _escape_folder, ["check", ".", *T], 0,
         check=_terminal_safe),
    Case("check-escape-folder-error", "injection",
         lambda tmp: write(tmp / "work" / f"x{ESC}" / "aimm.yaml", "kind: [\n"),
         ["check", ".", *T, "-o", "r.txt"], 2, message=r"invalid YAML", writes=["work/r.txt"]),
    Case("validate-escape-folder", "injection",
         lambda tmp: write(tmp / "work" / f"x{ESC}" / "aimm.yaml", "kind: [\n"),
         ["validate", "."], 2, message=r"invalid YAML"),
    Case("scan-escape-folder", "injection", _escape_folder, _scan("markdown"), 0,
         check=_terminal_safe),
    Case("scan-escape-team-markdown", "injection", _repo(_team(ESC)), _scan("markdown"), 0,
         check=lambda o: _no_html(o)),
    Case("scan-nul-team-markdown", "injection", _repo(_team(NUL)), _scan("markdown"), 0,
         check=lambda o: _no_html(o)),
    Case("scan-html-team-markdown", "injection", _repo(_team(HTML)), _scan("markdown"), 0,
         check=lambda o: _no_html(o)),
    Case("scan-html-waiver-markdown", "injection",
         _repo(failing(waivers=[{"control": "OWN-1", "reason": HTML, "approved_by": HTML,
                                 "expires": "2026-12-01"}])),
         _scan("markdown"), (0, 1), check=lambda o: _no_html(o)),
    Case("scan-html-team-html", "injection", _repo(_team(HTML)), _scan("html"), 0,
         check=lambda o: expect("<img src=x" not in o.stdout and "<script>alert" not in o.stdout)),
    # Spreadsheet formulas in CSV cells.
    Case("scan-csv-formulas", "injection", _formula_repos, _scan("csv"), 0,
         check=lambda o: _csv_cells_inert(o)),
    Case("scan-csv-formula-folder", "injection", _formula_folder, _scan("csv"), 0,
         check=lambda o: _csv_cells_inert(o)),
    Case("scan-csv-formula-error", "injection",
         lambda tmp: write(tmp / "work" / "=1+2" / "aimm.yaml", "kind: [\n"),
         _scan("csv"), 2, check=lambda o: _csv_cells_inert(o)),
    Case("scan-csv-esc", "injection", _repo(_team(ESC)), _scan("csv"), 0,
         check=lambda o: _csv_cells_inert(o)),
    Case("scan-csv-output-dir", "injection", _formula_repos,
         ["scan", ".", *T, "--no-history", "--format", "csv", "--output-dir", "out"], 0,
         writes=["work/out", "work/out/**"],
         check=_file_check("out/aimm-org.csv", _csv_cells_inert)),
    Case("audit-csv-formula-folder", "injection", _formula_folder,
         ["audit", "=1+2", "--framework", "eu-ai-act", *T, "--format", "csv"], (0, 1),
         check=lambda o: _csv_cells_inert(o)),
    Case("audit-csv-formula-evidence", "injection",
         files({"svc/aimm.yaml": manifest(posture__audit__incident_runbook="=cmd|' /C calc'!A0"),
                "svc/=cmd|' /C calc'!A0": "x"}),
         ["audit", "svc", "--framework", "eu-ai-act", *T, "--format", "csv"], (0, 1),
         check=lambda o: _csv_cells_inert(o)),
    Case("audit-text-esc", "injection", _svc(_team(ESC)),
         ["audit", "svc", "--framework", "eu-ai-act", *T], (0, 1), check=_terminal_safe),
    Case("audit-markdown-html-folder", "injection",
         lambda tmp: write(tmp / "work" / "x<img src=y>" / "aimm.yaml", manifest()),
         ["audit", ".", "--framework", "eu-ai-act", *T, "--format", "markdown"], (0, 1),
         check=lambda o: expect("<img" not in o.stdout, o.stdout[:500])),
    Case("audit-markdown-esc", "injection", _svc(_team(ESC + NUL)),
         ["audit", "svc", "--framework", "eu-ai-act", *T, "--format", "markdown"], (0, 1),
         check=_terminal_safe),
    # Reports fed to aggregate: their strings are as hostile as manifests.
    Case("aggregate-esc-markdown", "injection",
         files({"r/aimm.json": _report({"team": ESC, "business_unit": HTML})}),
         _agg("markdown"), 0, check=lambda o: _no_html(o)),
    Case("aggregate-formula-csv", "injection",
         files({"r/aimm.json": _report({"team": "=1+2", "path": "@x", "system": "-2+3"})}),
         _agg("csv"), 0, check=lambda o: _csv_cells_inert(o)),
    Case("aggregate-forged-path", "injection",
         files({"r/aimm.json": _report({"path": "a\n::error::pwned", "team": NUL})}),
         _agg("markdown"), 0, check=_no_forged_commands),
    Case("aggregate-bad-report-esc", "injection",
         files({"r/x\x1b[2J.json": "{not json"}), _agg("markdown"), 2, check=_terminal_safe),
    # The catalog text of custom controls and explain's echo of what was asked.
    Case("explain-esc-id", "injection", lambda tmp: None, ["explain", f"VIS{ESC}"], 2,
         message=r"unknown control"),
    Case("controls-esc-dimension", "injection", lambda tmp: None,
         ["controls", "--dimension", f"x{ESC}"], 2, message=r"unknown dimension"),
    Case("explain-custom-esc", "injection",
         chain(files({"pol/x.rego": "package aimm.controls.x\n\nresults := {}\n"}),
               lambda tmp: write(tmp / "work/pol/catalog.yaml", {"controls": [{
                   "id": "ACME-1", "dimension": "org", "level": None,
                   "title": f"t{ESC}", "check": "c", "facts": ["/metadata/name"],
                   "why": NUL, "remediation": "r", "evidence": "e", "effort": "S"}]})),
         ["explain", "ACME-1", "--policy", "pol"], (0, 3), check=_terminal_safe),
    Case("history-system-esc", "injection", lambda tmp: None,
         ["history", "--history", "h.sqlite", "--system", f"x{ESC}"], 2, message=r"h\.sqlite"),
    Case("check-notes-esc", "injection",
         _svc(failing(waivers=[{"control": f"OWN-1{ESC}", "reason": "r", "approved_by": "a",
                                "expires": "2026-11-25"}])),
         ["check", "svc", *T, "--format", "json", "-o", "r.json"], (1, 2), writes=["work/r.json"]),
]  # fmt: skip

"""``eval_suite``: count the cases in a declared eval suite and compare with the declared number.

Formats, by file name:

- ``.yaml``/``.yml``: promptfoo (a ``tests:`` list), else a list under ``cases``,
  ``test_cases``, ``samples`` or ``examples``, else a top-level list of cases;
- ``.json``: the same shapes in JSON;
- ``.jsonl``/``.ndjson`` (OpenAI evals, generic): one case per non-blank line, each a JSON
  value;
- ``.csv``/``.tsv``: one case per row after the header;
- ``.py`` (pytest, DeepEval): test functions (``test_*``, also methods of ``Test*``
  classes), times the length of a literal ``pytest.mark.parametrize`` list; read with
  :mod:`ast`, never imported;
- a folder: the sum over the files of those kinds below it (symlinks not followed).

Anything else is not counted. YAML, JSON and Python are parsed whole up to 8 MiB; JSONL and
CSV are streamed up to 64 MiB, past which the count is a lower bound. A count that is only a
lower bound (parametrized over a computed value, a ``tests:`` entry loading another file, a
read limit) never contradicts a declared number.
"""

from __future__ import annotations

import ast
import csv
import json
import os
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from aimm.core.loader import SKIP_DIRS
from aimm.core.probes import Probe, Target, _read, report
from aimm.core.probes._read import (
    Truncated,
    Unreadable,
    decode,
    read_whole,
    safe_yaml,
    stream_lines,
    stream_text_lines,
)

FIELDS = frozenset(
    {
        ("posture", "evaluation", "suites", "*", "path"),
        ("posture", "evaluation", "regression", "path"),
    }
)
# Keys that hold the list of cases in a YAML or JSON suite, in the order they are tried.
CASE_KEYS = ("tests", "cases", "test_cases", "samples", "examples")
SUFFIXES = {
    ".yaml": "yaml",
    ".yml": "yaml",
    ".json": "json",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".csv": "csv",
    ".tsv": "tsv",
    ".py": "python",
}
# A folder suite: at most this many files are counted.
MAX_FOLDER_FILES = 1000


@dataclass(frozen=True)
class Count:
    """What a suite file holds: the number of cases (None: not counted), whether that number
    is exact or a lower bound, the format it was read as, and a note (why not counted, or why
    only a lower bound)."""

    cases: int | None
    exact: bool
    format: str
    note: str = ""


def count(path: Path) -> Count:
    """Count the cases in a suite file or folder."""
    if path.is_dir():
        return count_folder(path)
    kind = SUFFIXES.get(path.suffix.lower())
    if kind is None:
        shown = path.suffix or "without a suffix"
        return Count(None, False, "unknown", f"unknown format ({shown})")
    try:
        return _COUNTERS[kind](path)
    except Unreadable as exc:
        return Count(None, False, kind, f"the file {exc}")


def _structured(data: Any, kind: str) -> Count:
    """Cases in parsed YAML or JSON data."""
    label = "YAML" if kind == "yaml" else "JSON"
    if data is None:
        return Count(0, True, f"{label} (empty)")
    if isinstance(data, list):
        return Count(len(data), True, f"{label} list")
    if not isinstance(data, dict):
        return Count(None, False, label, f"a single {type(data).__name__}, not a list of cases")
    for key in CASE_KEYS:
        if key not in data:
            continue
        value = data[key]
        name = "promptfoo tests" if key == "tests" else f"{label} {key}"
        if isinstance(value, list):
            # promptfoo loads tests from other files with "file://..." entries.
            loaded = [v for v in value if isinstance(v, str) and v.startswith("file://")]
            if loaded:
                note = f"{len(loaded)} entries load cases from other files"
                return Count(len(value) - len(loaded), False, name, note)
            return Count(len(value), True, name)
        if isinstance(value, str):
            return Count(None, False, name, f"{key}: loads cases from {value}")
        return Count(None, False, name, f"{key} is a {type(value).__name__}, not a list")
    keys = ", ".join(CASE_KEYS)
    return Count(None, False, label, f"no list of cases under {keys}")


def _yaml(path: Path) -> Count:
    return _structured(safe_yaml(decode(read_whole(path))), "yaml")


def _json(path: Path) -> Count:
    text = decode(read_whole(path))
    if not text.strip():
        return Count(0, True, "JSON (empty)")
    try:
        data = json.loads(text)
    except (ValueError, RecursionError):
        return Count(None, False, "JSON", "not valid JSON")
    return _structured(data, "json")


def _jsonl(path: Path) -> Count:
    cases = 0
    lines = stream_lines(path)
    try:
        for number, raw in enumerate(lines, start=1):
            if not raw.strip():
                continue
            try:
                json.loads(raw)
            except (ValueError, RecursionError):
                return Count(None, False, "JSONL", f"line {number} is not JSON")
            cases += 1
    except Truncated:
        return Count(cases, False, "JSONL lines", _limit_note())
    return Count(cases, True, "JSONL lines")


def _limit_note() -> str:
    return f"read stopped at {_read.size_text(_read.MAX_STREAM_BYTES)}"


def _delimited(path: Path, delimiter: str, label: str) -> Count:
    rows = 0
    try:
        reader = csv.reader(stream_text_lines(path), delimiter=delimiter)
        header = next(reader, None)
        if header is None:
            return Count(0, True, f"{label} (empty)")
        # A loop, not sum(): the rows read before the bound stay counted when it is reached.
        for row in reader:
            if any(cell.strip() for cell in row):
                rows += 1
    except Truncated:
        return Count(rows, False, f"{label} rows", _limit_note())
    except csv.Error as exc:
        return Count(None, False, label, f"not valid {label} ({exc})")
    return Count(rows, True, f"{label} rows after the header")


def _csv(path: Path) -> Count:
    return _delimited(path, ",", "CSV")


def _tsv(path: Path) -> Count:
    return _delimited(path, "\t", "TSV")


def _python(path: Path) -> Count:
    try:
        tree = ast.parse(read_whole(path), filename=path.name)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return Count(None, False, "Python", "not valid Python")
    cases, exact = 0, True
    for node in tree.body:
        functions: list[ast.FunctionDef | ast.AsyncFunctionDef] = []
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            functions = [node]
        elif isinstance(node, ast.ClassDef) and node.name.startswith("Test"):
            functions = [
                n for n in node.body if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)
            ]
        for function in functions:
            if not function.name.startswith("test"):
                continue
            times, known = _parametrized(function)
            cases += times
            exact = exact and known
    note = "" if exact else "parametrized over values computed at run time"
    return Count(cases, exact, "pytest test functions", note)


def _parametrized(function: ast.FunctionDef | ast.AsyncFunctionDef) -> tuple[int, bool]:
    """How many cases a test function makes: the product of its literal parametrize lists
    (1 when not parametrized), and whether every list was a literal."""
    times, known = 1, True
    for decorator in function.decorator_list:
        if not (isinstance(decorator, ast.Call) and _is_parametrize(decorator.func)):
            continue
        values = decorator.args[1] if len(decorator.args) > 1 else None
        for keyword in decorator.keywords:
            if keyword.arg == "argvalues":
                values = keyword.value
        if isinstance(values, ast.List | ast.Tuple | ast.Set):
            times *= len(values.elts)
        else:
            known = False
    return times, known


def _is_parametrize(func: ast.expr) -> bool:
    return isinstance(func, ast.Attribute) and func.attr == "parametrize"


_COUNTERS = {
    "yaml": _yaml,
    "json": _json,
    "jsonl": _jsonl,
    "csv": _csv,
    "tsv": _tsv,
    "python": _python,
}


def count_folder(folder: Path) -> Count:
    """The sum over the suite files below a folder (symlinks and hidden folders skipped)."""
    total, exact, seen = 0, True, 0
    notes: list[str] = []
    for root, dirs, files in os.walk(folder, followlinks=False):
        dirs[:] = sorted(d for d in dirs if d not in SKIP_DIRS and not d.startswith("."))
        for name in sorted(files):
            path = Path(root) / name
            kind = SUFFIXES.get(path.suffix.lower())
            if kind is None or not stat.S_ISREG(os.lstat(path).st_mode):
                continue
            seen += 1
            if seen > MAX_FOLDER_FILES:
                return Count(total, False, "folder", f"counted the first {MAX_FOLDER_FILES} files")
            found = count(path)
            relative = path.relative_to(folder).as_posix()
            if found.cases is None:
                exact = False
                notes.append(f"{relative} not counted: {found.note}")
                continue
            total += found.cases
            if not found.exact:
                exact = False
                notes.append(f"{relative}: {found.note}")
    if seen == 0:
        return Count(None, False, "folder", "no eval files of a known format in the folder")
    files_word = "file" if seen == 1 else "files"
    return Count(total, exact, f"folder of {seen} {files_word}", "; ".join(notes[:3]))


def declared_cases(target: Target) -> float | None:
    """The largest number of cases the manifest declares for this path, if any."""
    numbers: list[float] = []
    for declaration in target.declarations:
        if declaration.field not in FIELDS:
            continue
        parent = declaration.pointer.rpartition("/")[0]
        value = target.at(parent + "/cases")
        if isinstance(value, int | float) and not isinstance(value, bool):
            numbers.append(value)
    return max(numbers) if numbers else None


def _number(n: float) -> str:
    return str(int(n)) if float(n).is_integer() else str(n)


def _cases(n: int) -> str:
    return "1 case" if n == 1 else f"{n} cases"


def probe(target: Target) -> dict[str, Any]:
    """The probe's report: counted, exact, format and declared, with the verdict on the claim."""
    # A suite file several manifests of one run declare (a shared suite in a monorepo) is
    # counted once: the count depends on the file alone, which a run does not change.
    found = target.cache.get_or_compute(
        "eval_suite", target.root, str(target.path), lambda: count(target.path)
    )
    declared = declared_cases(target)
    facts = {
        "format": found.format,
        "counted": found.cases,
        "exact": found.exact,
        "declared": declared,
    }
    name = target.declared
    if found.cases is None:
        return report("unverified", f"{name}: not counted ({found.note})", **facts)
    held = f"{name} holds {_cases(found.cases)}" + ("" if found.exact else " or more")
    how = f" ({found.format}{'; ' + found.note if found.note else ''})"
    if found.exact and found.cases == 0:
        return report("contradicted", f"{name} holds no cases{how}", **facts)
    if declared is not None and declared > found.cases:
        fewer = f", fewer than the {_number(declared)} declared"
        if found.exact:
            return report("contradicted", held + how + fewer, **facts)
        return report("unverified", held + how + fewer, **facts)
    return report("verified", held + how, **facts)


PROBE: Probe = Probe("eval_suite", FIELDS, probe)

"""Roll up JSON reports that ``aimm check --format json`` wrote in each repository's CI.

Each report becomes the same compact postures a scan produces (:func:`aimm.org.records.summarize`),
so an organisation gets the same org report without cloning every repository. A report's
repository is, first found: the ``REPO=`` prefix given on the command line, a ``repository``
key in the result or in the report, or the name of the folder holding the report file (CI
artifact downloads put each repository's report in a folder of its own). Its date is the
report's ``today``; of duplicate systems (same repository and name) the newest report wins,
and on the same date the one given later. A report that cannot be read is listed as could
not evaluate, and the roll-up goes on.
"""

from __future__ import annotations

import json
import os
import re
import stat
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from aimm.core.errors import UsageError
from aimm.core.model import Model, ModelPath, load_model
from aimm.core.text import one_line
from aimm.org.records import (
    Candidate,
    ReportFormatError,
    SystemPosture,
    Unevaluated,
    merge,
    pack_loader,
    summarize,
)

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
MAX_REPORT_BYTES = 256 * 1024 * 1024  # a check report of one repository is kilobytes


@dataclass(frozen=True)
class ReportSource:
    """One report file to read, and the repository named for it on the command line."""

    path: Path
    repository: str | None = None


def sources(arguments: Sequence[str]) -> list[ReportSource]:
    """``[REPO=]PATH`` arguments as report files; a folder means every ``*.json`` below it."""
    found: list[ReportSource] = []
    for argument in arguments:
        repository: str | None = None
        name, sep, rest = argument.partition("=")
        if sep and name and rest and not Path(argument).exists():
            repository, argument = name, rest
        path = Path(argument)
        if not path.exists():
            raise UsageError(f"{argument}: no such report file or folder")
        if path.is_dir():
            found.extend(ReportSource(p, repository) for p in _json_files(path))
        else:
            found.append(ReportSource(path, repository))
    return found


def _json_files(folder: Path) -> Iterator[Path]:
    """``*.json`` entries below ``folder`` in sorted order, hidden folders skipped; walked
    without recursion (a very deep tree must not overflow the stack) and without following
    symlinked folders. Entries that are not regular files are yielded too, so that reading
    reports them (a FIFO is never opened)."""
    stack = [folder]
    while stack:
        current = stack.pop()
        try:
            with os.scandir(current) as listing:
                entries = sorted(listing, key=lambda e: e.name)
        except OSError:
            continue
        folders = []
        for entry in entries:
            try:
                is_dir = entry.is_dir(follow_symlinks=False)
            except OSError:
                continue
            if is_dir:
                if not entry.name.startswith("."):
                    folders.append(Path(entry.path))
            elif entry.name.endswith(".json"):
                yield Path(entry.path)
        stack.extend(reversed(folders))


def _folder_name(path: Path) -> str:
    return path.resolve().parent.name or path.resolve().parent.as_posix()


def _load(source: ReportSource) -> dict[str, Any]:
    """The report as a JSON object, or ReportFormatError saying why it is not one."""
    try:
        info = source.path.stat()
        if not stat.S_ISREG(info.st_mode):  # a FIFO would block, a device never end
            raise ReportFormatError("not a regular file")
        if info.st_size > MAX_REPORT_BYTES:
            raise ReportFormatError(f"report too large ({info.st_size} bytes)")
        text = source.path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ReportFormatError(f"cannot read report: {exc.strerror or exc}") from exc
    except UnicodeDecodeError as exc:
        raise ReportFormatError(f"report is not UTF-8 text (offset {exc.start})") from exc
    try:
        report = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ReportFormatError(
            f"not JSON: {exc.msg} at line {exc.lineno} column {exc.colno}"
        ) from exc
    except RecursionError as exc:
        raise ReportFormatError("not an aimm report: JSON nested too deeply") from exc
    except ValueError as exc:  # e.g. an integer of more digits than Python converts
        raise ReportFormatError(f"not an aimm report: {one_line(exc)}") from exc
    if (
        not isinstance(report, dict)
        or report.get("schema_version") != 1
        or not isinstance(report.get("results"), list)
    ):
        raise ReportFormatError(
            "not an aimm check JSON report (expected schema_version 1 and a results list; "
            "write it with `aimm check --format json`)"
        )
    return report


def read(
    source: ReportSource,
    index: int,
    model: Model,
    packs: Callable[[str], Model | None] | None = None,
) -> list[Candidate]:
    """Every result of one report as candidates of source ``index``; problems as entries."""
    display = source.path.as_posix()
    try:
        report = _load(source)
    except ReportFormatError as exc:
        return [Candidate(Unevaluated(source.repository, display, str(exc)), index)]
    today = report.get("today")
    judged_on = today if isinstance(today, str) and _DATE.match(today) else None
    default_repo = source.repository or _text(report.get("repository")) or _folder_name(source.path)
    found: list[Candidate] = []
    for position, entry in enumerate(report["results"]):
        where = f"{display}: results[{position}]"
        if not isinstance(entry, dict) or not _text(entry.get("path")):
            problem = Unevaluated(default_repo, where, "result has no 'path'", judged_on)
            found.append(Candidate(problem, index))
            continue
        repository = source.repository or _text(entry.get("repository")) or default_repo
        path = str(entry["path"]).removeprefix("./")
        try:
            summary = summarize(
                entry,
                repository=repository,
                path=path,
                model=model,
                judged_on=judged_on,
                packs=packs,
            )
        except ReportFormatError as exc:
            summary = Unevaluated(repository, path, f"{display}: {exc}", judged_on)
        found.append(Candidate(summary, index))
    return found


def _text(value: object) -> str | None:
    return value if isinstance(value, str) and value else None


def collect(
    found: Sequence[ReportSource],
    model: Model,
    packs: Callable[[str], Model | None] | None = None,
) -> Iterator[Candidate]:
    """Candidates from every report in order; later reports take precedence on a tie."""
    for index, source in enumerate(found):
        yield from read(source, index, model, packs)


def aggregate(
    arguments: Sequence[str],
    model: Model | None = None,
    installed: ModelPath | None = None,
) -> tuple[list[SystemPosture], list[Unevaluated]]:
    """Read ``aimm check --format json`` reports (``[REPO=]PATH``; folders searched) into the
    postures of ``model`` (default: the default model), with the other models the reports
    hold that are ``installed`` (default: the installed models)."""
    found = sources(arguments)
    if not found:
        raise UsageError("no report files found (give JSON files or folders holding them)")
    packs = pack_loader(installed or ModelPath())
    return merge(collect(found, model or load_model(), packs))

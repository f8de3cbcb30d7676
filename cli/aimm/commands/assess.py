"""``aimm assess``: the self-assessment of a model with a questionnaire (aiops-capability).

Thin glue: it asks (or reads ``--answers``), and :mod:`aimm.check.assess` scores, explains and
builds the manifest update.
"""

from __future__ import annotations

import tempfile
from datetime import datetime
from pathlib import Path
from typing import Any

import click
import yaml

from aimm.check.assess import (
    IDENTITY,
    AnswerSheet,
    Questionnaire,
    edit_manifest_text,
    follow_ups,
    get_pointer,
    guide_lines,
    implied_facts,
    parse_detail,
    questionnaire,
    read_sheet,
    score,
    todo_lines,
    updated_manifest,
)
from aimm.commands.options import model_path, model_path_option, resolve_today, today_option
from aimm.core.catalog import catalog_models
from aimm.core.errors import AimmError, UsageError
from aimm.core.files import write_atomic
from aimm.core.loader import load_manifest
from aimm.core.schema import manifest_schema, validate

DEFAULT_MODEL = "aiops-capability"
HEADER = "# aimm manifest (updated by aimm assess). Schema: aimm schema manifest.\n"


def _manifest_path(path: Path) -> Path:
    return path / "aimm.yaml" if path.is_dir() or not path.suffix else path


def _existing(path: Path) -> dict[str, Any]:
    """The manifest already at ``path`` (validated), or an empty document."""
    if not path.exists():
        return {}
    loaded = load_manifest(path)
    validate(loaded)
    return dict(loaded.data)


def _current(document: dict[str, Any], section: str, key: str) -> Any:
    if section == "owners":
        return ((document.get("metadata") or {}).get("owners") or {}).get(key)
    return (document.get(section) or {}).get(key)


def _ask_identity(document: dict[str, Any], folder: Path) -> dict[str, Any]:
    """Prompt for the identity and risk facts, the manifest's values (or sensible ones) as
    defaults."""
    fallback = {
        "name": folder.resolve().name or "ai-system",
        "team": "unassigned",
        "technical": "owner@example.com",
        "type": "llm-app",
        "lifecycle": "experiment",
        "domain": "general",
        "autonomy": "suggest",
        "data_sensitivity": "internal",
        "exposure": "internal",
        "criticality": "low",
    }
    answers: dict[str, Any] = {}
    for section, key, label, choices in IDENTITY:
        default = _current(document, section, key) or fallback[key]
        kind = click.Choice(list(choices)) if choices else click.STRING
        answers[key] = click.prompt(label, type=kind, default=str(default))
    return answers


def _ask(q: Questionnaire) -> dict[str, int]:
    """Prompt for each question, listing its options."""
    answers: dict[str, int] = {}
    for number, question in enumerate(q.questions, 1):
        click.echo(f"\n{number}/{len(q.questions)} {question.title}")
        for option in question.options:
            click.echo(f"  {option.score}) {option.text}")
        low, high = question.options[0].score, question.options[-1].score
        answers[question.id] = click.prompt(f"{question.id} answer", type=click.IntRange(low, high))
    return answers


def _ask_details(q: Questionnaire, answers: dict[str, int]) -> dict[str, Any]:
    """Prompt for the values the answers imply but do not give; empty means unknown."""
    details: dict[str, Any] = {}
    for item in follow_ups(q, answers):
        while True:
            text = click.prompt(f"{item.ask} (empty: unknown)", default="", show_default=False)
            if not text.strip():
                break
            try:
                details[item.fact] = parse_detail(item, text)
                break
            except UsageError as exc:
                click.echo(f"  {exc.one_line()}", err=True)
    return details


def _read_answers(q: Questionnaire, answers_file: Path) -> AnswerSheet:
    try:
        data = yaml.safe_load(answers_file.read_text("utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise UsageError(f"{answers_file}: cannot read the answers: {first}") from None
    return read_sheet(q, data, str(answers_file))


def _render(document: dict[str, Any], todos: list[str]) -> str:
    body = yaml.safe_dump(document, sort_keys=False, allow_unicode=True, width=100)
    return HEADER + body + ("\n".join(todos) + "\n" if todos else "")


def _check(text: str, target: Path) -> None:
    """Validate the new manifest before it replaces anything (exit 2 when invalid)."""
    with tempfile.TemporaryDirectory() as folder:
        draft = Path(folder) / "aimm.yaml"
        draft.write_text(text, "utf-8")
        try:
            validate(load_manifest(draft))
        except AimmError as exc:
            raise UsageError(f"{target}: the updated manifest would be invalid: {exc}") from None


@click.command("assess")
@click.argument("path", type=click.Path(path_type=Path), default=".", required=False)
@click.option("--model", "model_id", default=DEFAULT_MODEL, show_default=True, metavar="ID")
@model_path_option
@click.option(
    "--answers",
    "answers_file",
    type=click.Path(dir_okay=False, exists=True, path_type=Path),
    default=None,
    metavar="FILE.yaml",
    help="Take the answers from a file (answers: {q1: 0-5, ...}; optional details, identity, "
    "assessed_by) instead of prompting.",
)
@click.option(
    "--write",
    is_flag=True,
    help="Write the facts each answer implies and the answers into PATH's aimm.yaml.",
)
@click.option("--by", "assessed_by", default=None, help="Who answered (recorded with --write).")
@today_option
def command(
    path: Path,
    model_id: str,
    model_paths: tuple[Path, ...],
    answers_file: Path | None,
    write: bool,
    assessed_by: str | None,
    today: datetime | None,
) -> int:
    """Self-assess a system with a model's questionnaire (default: aiops-capability).

    Asks the twelve questions (each 0-5) and the identity and risk facts, then prints the
    total, its band, the section scores, the target level (one up), the transition guide to
    it and the target level's KPIs. With --write, PATH's aimm.yaml gets the facts each answer
    implies (unknown numbers as TODO comments, which count as the weakest value) and the
    answers under assessment.<model>; `aimm check --model <model>` then shows the claimed
    score beside the one the facts support. An existing aimm.yaml keeps its comments and
    layout.
    """
    day = resolve_today(today)
    (model,) = catalog_models(model_path(model_paths), (model_id,), [])
    q = questionnaire(model)
    target = _manifest_path(path)
    document = _existing(target) if write else {}
    if answers_file is not None:
        sheet = _read_answers(q, answers_file)
    else:
        click.echo(f"{model.title}: {len(q.questions)} questions, each answered 0-5.")
        identity = _ask_identity(document, target.parent) if write else {}
        answers = _ask(q)
        sheet = AnswerSheet(answers, _ask_details(q, answers), identity)
    if assessed_by:
        sheet = AnswerSheet(sheet.answers, sheet.details, sheet.identity, assessed_by)
    click.echo("")
    for line in guide_lines(model, score(q, sheet.answers)):
        click.echo(line)
    if not write:
        return 0
    facts, unknown = implied_facts(q, sheet)
    # A value the manifest already declares is known: no TODO for it.
    unknown = [item for item in unknown if get_pointer(document, item.fact) is None]
    kept: list[str] = []

    def update(data: Any) -> None:
        kept.extend(
            updated_manifest(data, model.id, sheet, facts, day.isoformat(), manifest_schema())[1]
        )

    if document:
        # An existing manifest is edited in place: its comments and layout stay.
        text = edit_manifest_text(target.read_text("utf-8"), update, todo_lines(unknown))
    else:
        document = _starter(sheet)
        update(document)
        text = _render(document, todo_lines(unknown))
    _check(text, target)
    write_atomic(target, text)
    todo = f", {len(unknown)} TODO(s) to fill in" if unknown else ""
    click.echo(f"\nwrote {target}{todo}; see `aimm check {path} --model {model.id}`")
    if kept:
        click.echo(f"kept stronger facts already declared: {', '.join(kept)}")
    return 0


def _starter(sheet: AnswerSheet) -> dict[str, Any]:
    """A new manifest's required facts, from the identity answers (or their defaults)."""
    ident = dict(sheet.identity)
    return {
        "apiVersion": "aimm/v1",
        "kind": "AISystem",
        "metadata": {
            "name": ident.get("name", "ai-system"),
            "team": ident.get("team", "unassigned"),
            "owners": {"technical": ident.get("technical", "owner@example.com")},
        },
        "system": {
            "type": ident.get("type", "llm-app"),
            "lifecycle": ident.get("lifecycle", "experiment"),
        },
        "risk": {
            "domain": ident.get("domain", "general"),
            "autonomy": ident.get("autonomy", "suggest"),
            "data_sensitivity": ident.get("data_sensitivity", "internal"),
            "exposure": ident.get("exposure", "internal"),
            "criticality": ident.get("criticality", "low"),
        },
    }

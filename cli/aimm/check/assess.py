"""The self-assessment of a model with a questionnaire (the aiops-capability pack, seed 001).

``aimm assess`` asks the model's questions (each answered 0-5), adds the answers up as the seed
does (a total out of 5 per question, a band that names a level, a score per section), and
shows the next level's transition guide and indicators; with ``--write`` it records the facts
each answer implies and the answers themselves (``assessment:``) in ``aimm.yaml``. ``aimm
check`` reads the facts back: the pack's Rego derives every answer from them, and the reports
show the claimed score beside the evidenced one
(:func:`aimm.check.formats._common.assessment_lines`). Nothing here judges a fact: the
arithmetic is the seed's, the derivation is Rego's.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import pairwise
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError

from aimm.core.errors import UsageError
from aimm.core.model import Model

STARTER_TYPES = ("llm-app", "rag", "agent", "multi-agent", "copilot", "classical-ml")


@dataclass(frozen=True)
class FollowUp:
    """A fact an answer implies whose value the answer does not give (asked for, else a TODO)."""

    fact: str
    ask: str
    kind: str = "number"
    minimum: float | None = None
    maximum: float | None = None


@dataclass(frozen=True)
class Option:
    """One answer to a question: its score, text and the facts it implies."""

    score: int
    text: str
    facts: Mapping[str, Any] = field(default_factory=dict)
    todo: tuple[FollowUp, ...] = ()
    claim_only: bool = False


@dataclass(frozen=True)
class Question:
    """One question of the questionnaire, with its options in score order."""

    id: str
    title: str
    short: str
    options: tuple[Option, ...]

    def option(self, score: int) -> Option:
        """The option with this score (a UsageError when the question has none)."""
        for option in self.options:
            if option.score == score:
                return option
        raise UsageError(f"{self.id} has no answer {score} (answers: {self.scores()})")

    def scores(self) -> str:
        """The scores the question accepts, e.g. 0-5."""
        scores = [o.score for o in self.options]
        return f"{min(scores)}-{max(scores)}"


@dataclass(frozen=True)
class Section:
    """A group of questions whose scores add up to a section score."""

    id: str
    title: str
    questions: tuple[str, ...]


@dataclass(frozen=True)
class Questionnaire:
    """A model's self-assessment: sections, questions and the bands of the total."""

    model: Model
    sections: tuple[Section, ...]
    questions: tuple[Question, ...]
    bands: tuple[tuple[int, int, int], ...]  # (level, min, max)

    @property
    def top(self) -> int:
        """The highest total (every question at its best answer)."""
        return sum(max(o.score for o in q.options) for q in self.questions)

    def band(self, total: int) -> int:
        """The level a total names (the seed's bands, e.g. 31-40 -> level 3)."""
        for level, low, high in self.bands:
            if low <= total <= high:
                return level
        raise UsageError(f"a total of {total} is in no band of model {self.model.id}")


def questionnaire(model: Model) -> Questionnaire:
    """The questionnaire of a model (model.yaml ``questionnaire``); a UsageError when the
    model has none."""
    data = model.data.get("questionnaire")
    if not isinstance(data, dict):
        raise UsageError(f"model {model.id} has no self-assessment (model.yaml questionnaire)")
    questions = tuple(
        Question(
            id=q["id"],
            title=q["title"],
            short=q["short"],
            options=tuple(
                Option(
                    score=int(o["score"]),
                    text=o["text"],
                    facts=dict(o.get("facts", {})),
                    todo=tuple(FollowUp(**t) for t in o.get("todo", ())),
                    claim_only=bool(o.get("claim_only", False)),
                )
                for o in sorted(q["options"], key=lambda o: int(o["score"]))
            ),
        )
        for q in data["questions"]
    )
    sections = tuple(
        Section(id=s["id"], title=s["title"], questions=tuple(s["questions"]))
        for s in data["sections"]
    )
    bands = tuple((int(b["level"]), int(b["min"]), int(b["max"])) for b in data["bands"])
    return Questionnaire(model=model, sections=sections, questions=questions, bands=bands)


@dataclass(frozen=True)
class Score:
    """A set of answers added up: total, band level, and each section's score and maximum."""

    total: int
    top: int
    level: int
    sections: tuple[tuple[str, int, int], ...]  # (title, score, max)


def score(q: Questionnaire, answers: Mapping[str, int]) -> Score:
    """Add the answers up as the seed does; a question left out counts 0."""
    by_id = {question.id: question for question in q.questions}
    total = sum(int(answers.get(question.id, 0)) for question in q.questions)
    sections = tuple(
        (
            s.title,
            sum(int(answers.get(i, 0)) for i in s.questions),
            sum(max(o.score for o in by_id[i].options) for i in s.questions),
        )
        for s in q.sections
    )
    return Score(total=total, top=q.top, level=q.band(total), sections=sections)


def transition(model: Model, to_level: int) -> Mapping[str, Any] | None:
    """The guide that leads to a level (model.yaml ``transitions``), if the model has one."""
    for entry in model.data.get("transitions", []):
        if entry.get("to") == to_level:
            return dict(entry)
    return None


def kpis(model: Model, level: int) -> Mapping[str, Any] | None:
    """The indicators to track at a level (model.yaml ``kpis``), if the model lists them."""
    for entry in model.data.get("kpis", []):
        if entry.get("level") == level:
            return dict(entry)
    return None


def guide_lines(model: Model, result: Score) -> list[str]:
    """The plain-text result of an assessment: total, band, sections, the target level, the
    transition guide to it and its indicators."""
    name = model.level_name(result.level)
    lines = [
        f"score: {result.total}/{result.top} (L{result.level} {name})",
        "sections: " + ", ".join(f"{title} {got}/{top}" for title, got, top in result.sections),
    ]
    target = result.level + 1
    if target > model.top:
        top = f"L{model.top} {model.level_name(model.top)}"
        lines.append(f"target: already at the top level ({top})")
        return lines
    lines.append(f"target: L{target} {model.level_name(target)}")
    guide = transition(model, target)
    if guide:
        step = f"L{result.level} -> L{target}"
        lines.append(f"transition {step}: {guide['goal']} ({guide['weeks']} weeks)")
        for block in guide.get("blocks", []):
            lines.append(f"  weeks {block['weeks']}: {block['title']}")
            lines += [f"    - {action}" for action in block.get("actions", [])]
        lines.append("  success when:")
        lines += [f"    - {item}" for item in guide.get("success", [])]
    indicators = kpis(model, target)
    if indicators and indicators.get("metrics"):
        lines.append(f"KPIs at L{target} (tracked in {indicators['tracking']}):")
        lines += [
            f"  - {m['name']}: {m['target']}, {m['frequency']}" for m in indicators["metrics"]
        ]
    return lines


# ---- answers, the facts they imply, and the manifest they update -----------------------------

# The identity and risk facts aimm assess asks for: (section, key, prompt, choices or None).
IDENTITY: tuple[tuple[str, str, str, tuple[str, ...] | None], ...] = (
    ("metadata", "name", "System name (a slug)", None),
    ("metadata", "team", "Owning team", None),
    ("owners", "technical", "Technical owner (email)", None),
    ("system", "type", "System type", STARTER_TYPES),
    ("system", "lifecycle", "Lifecycle", ("experiment", "pilot", "production", "retired")),
    ("risk", "domain", "Domain (an EU AI Act Annex III area, or general)", None),
    ("risk", "autonomy", "Autonomy", ("suggest", "act-with-approval", "act-autonomously")),
    (
        "risk",
        "data_sensitivity",
        "Data sensitivity",
        ("public", "internal", "confidential", "personal", "special-category"),
    ),
    ("risk", "exposure", "Who uses it", ("internal", "customers", "public")),
    ("risk", "criticality", "Business criticality", ("low", "medium", "high", "critical")),
)


@dataclass(frozen=True)
class AnswerSheet:
    """What a team answered: the score per question, the values of follow-up facts (JSON
    pointer -> value; absent means unknown), identity and risk facts, and who answered."""

    answers: Mapping[str, int]
    details: Mapping[str, Any] = field(default_factory=dict)
    identity: Mapping[str, Any] = field(default_factory=dict)
    assessed_by: str | None = None


def read_sheet(q: Questionnaire, data: object, source: str) -> AnswerSheet:
    """Check an answers file's content (``answers: {q1: 0-5, ...}``, optional ``details``,
    ``identity``, ``assessed_by``); a UsageError naming ``source`` and the problem."""
    if not isinstance(data, dict):
        raise UsageError(f"{source}: expected a mapping with answers: {{q1: 0-5, ...}}")
    unknown = sorted(set(data) - {"model", "answers", "details", "identity", "assessed_by"})
    if unknown:
        raise UsageError(f"{source}: unknown key {unknown[0]!r}")
    raw = data.get("answers")
    if not isinstance(raw, dict):
        raise UsageError(f"{source}: answers must map each question (q1 ..) to a score")
    by_id = {question.id: question for question in q.questions}
    answers: dict[str, int] = {}
    for key, value in raw.items():
        question = by_id.get(str(key))
        if question is None:
            raise UsageError(f"{source}: answers.{key} is not a question of {q.model.id}")
        if isinstance(value, bool) or value not in [o.score for o in question.options]:
            raise UsageError(f"{source}: answers.{key} must be a whole number {question.scores()}")
        answers[question.id] = value
    missing = [question.id for question in q.questions if question.id not in answers]
    if missing:
        raise UsageError(f"{source}: no answer for {', '.join(missing)}")
    details = data.get("details") or {}
    identity = data.get("identity") or {}
    if not isinstance(details, dict) or not isinstance(identity, dict):
        raise UsageError(f"{source}: details and identity must be mappings")
    known = [key for _, key, _, _ in IDENTITY]
    strange = sorted(str(key) for key in identity if key not in known)
    if strange:
        raise UsageError(f"{source}: identity.{strange[0]} is not one of {', '.join(known)}")
    by = data.get("assessed_by")
    return AnswerSheet(answers, dict(details), dict(identity), str(by) if by else None)


def follow_ups(q: Questionnaire, answers: Mapping[str, int]) -> list[FollowUp]:
    """The follow-up facts the chosen answers need, each once, in question order."""
    seen: dict[str, FollowUp] = {}
    for question in q.questions:
        for item in question.option(answers.get(question.id, 0)).todo:
            seen.setdefault(item.fact, item)
    return list(seen.values())


def parse_detail(item: FollowUp, text: str) -> Any:
    """A follow-up's answer typed as its kind (a number, a path, a list of numbers); a
    UsageError when it is not one."""
    text = text.strip()
    try:
        if item.kind == "path":
            if not text:
                raise ValueError
            return text
        if item.kind == "numbers":
            values = [float(part) for part in text.replace(",", " ").split()]
            if not values:
                raise ValueError
            return [_number(v, item) for v in values]
        return _number(float(text), item)
    except ValueError:
        raise UsageError(f"{item.fact}: {text!r} is not a valid {item.kind}") from None


def _number(value: float, item: FollowUp) -> float | int:
    if (item.minimum is not None and value < item.minimum) or (
        item.maximum is not None and value > item.maximum
    ):
        raise UsageError(f"{item.fact}: {value:g} is outside {item.minimum:g}-{item.maximum:g}")
    return int(value) if value.is_integer() else value


def implied_facts(q: Questionnaire, sheet: AnswerSheet) -> tuple[dict[str, Any], list[FollowUp]]:
    """The facts the answers imply (JSON pointer -> value) with the follow-up values given,
    and the follow-ups left unknown (written as TODOs; they count as their weakest value)."""
    facts: dict[str, Any] = {}
    for question in q.questions:
        facts.update(question.option(sheet.answers.get(question.id, 0)).facts)
    unknown: list[FollowUp] = []
    for item in follow_ups(q, sheet.answers):
        if item.fact in sheet.details and sheet.details[item.fact] not in (None, ""):
            value = sheet.details[item.fact]
            facts[item.fact] = parse_detail(item, str(value)) if isinstance(value, str) else value
        else:
            unknown.append(item)
    return facts, unknown


def set_pointer(document: dict[str, Any], pointer: str, value: Any) -> None:
    """Set ``value`` at a JSON pointer, creating mappings (and a list for an index) on the way.
    A list value is merged into a list already there, so declared spans are not lost."""
    keys = pointer.strip("/").split("/")
    node: Any = document
    for key, after in pairwise(keys):
        if isinstance(node, list):
            index = int(key)
            while len(node) <= index:
                node.append({})
            node = node[index]
            continue
        if not isinstance(node.get(key), (dict, list)):
            node[key] = [] if after.isdigit() else {}
        node = node[key]
    last = keys[-1]
    if isinstance(node, list):
        index = int(last)
        while len(node) <= index:
            node.append(None)
        node[index] = value
    elif isinstance(value, list) and isinstance(node.get(last), list):
        # In place: a list read from a manifest keeps its style (flow or block) and comments.
        node[last].extend([v for v in value if v not in node[last]])
    else:
        node[last] = value


def get_pointer(document: Mapping[str, Any], pointer: str) -> Any:
    """The value at a JSON pointer, or None when absent."""
    node: Any = document
    for key in pointer.strip("/").split("/"):
        if isinstance(node, list) and key.isdigit() and int(key) < len(node):
            node = node[int(key)]
        elif isinstance(node, Mapping) and key in node:
            node = node[key]
        else:
            return None
    return node


def _enum_at(schema: Mapping[str, Any], pointer: str) -> list[Any] | None:
    """The enum the manifest schema gives a fact (weakest value first), if it has one."""
    node: Any = schema
    for key in pointer.strip("/").split("/"):
        node = node.get("items", {}) if key.isdigit() else node.get("properties", {}).get(key)
        if not isinstance(node, Mapping):
            return None
    enum = node.get("enum")
    return list(enum) if isinstance(enum, list) else None


def weaker(schema: Mapping[str, Any], current: Any, value: Any, pointer: str) -> bool:
    """Whether writing ``value`` over ``current`` would lower a fact: an earlier value of the
    fact's enum (the schema lists them weakest first), or false over true."""
    if current is True and value is False:
        return True
    enum = _enum_at(schema, pointer)
    if not enum or current not in enum or value not in enum:
        return False
    return enum.index(value) < enum.index(current)


def updated_manifest(
    document: dict[str, Any],
    model_id: str,
    sheet: AnswerSheet,
    facts: Mapping[str, Any],
    assessed_on: str,
    schema: Mapping[str, Any],
) -> tuple[dict[str, Any], list[str]]:
    """The manifest with the implied facts, the identity facts given and the answers under
    ``assessment.<model>`` (replacing an earlier assessment of that model), and the facts
    kept because the manifest already holds a stronger value (an answer never lowers one)."""
    kept: list[str] = []
    for pointer, value in facts.items():
        if weaker(schema, get_pointer(document, pointer), value, pointer):
            kept.append(pointer)
            continue
        set_pointer(document, pointer, value)
    for section, key, _, _ in IDENTITY:
        value = sheet.identity.get(key)
        if value not in (None, ""):
            path = ["metadata", "owners", key] if section == "owners" else [section, key]
            set_pointer(document, "/" + "/".join(path), value)
    entry: dict[str, Any] = {
        "answers": {question: sheet.answers[question] for question in sheet.answers},
        "assessed_on": assessed_on,
    }
    if sheet.assessed_by:
        entry["assessed_by"] = sheet.assessed_by
    assessment = document.get("assessment")
    if not isinstance(assessment, dict):
        assessment = document["assessment"] = {}
    if isinstance(assessment.get(model_id), dict):
        _replace_in_place(assessment[model_id], entry)
    else:
        assessment[model_id] = entry
    return document, kept


def _replace_in_place(target: dict[str, Any], new: Mapping[str, Any]) -> None:
    """Make ``target`` equal to ``new`` key by key, so that a mapping read with its comments
    (ruamel.yaml) keeps the comments of the keys that stay."""
    for key in [k for k in target if k not in new]:
        del target[key]
    for key, value in new.items():
        if isinstance(value, Mapping) and isinstance(target.get(key), dict):
            _replace_in_place(target[key], value)
        else:
            target[key] = value


TODO_PREFIX = "# TODO(aimm assess): "


def todo_lines(unknown: Sequence[FollowUp]) -> list[str]:
    """Comment lines for the follow-ups left unknown."""
    return [
        f"{TODO_PREFIX}{item.fact} - {item.ask} (unknown: counts as its weakest value until set)"
        for item in unknown
    ]


# A block sequence item and the line before it (its parent key, or an earlier item).
_ITEM = re.compile(r"^(?P<key>[ ]*)[^\s#-][^\n]*:[ ]*\n(?P<dash>[ ]*)- ", re.MULTILINE)


def _sequence_style(text: str) -> tuple[int, int]:
    """ruamel.yaml's (sequence, offset) indents matching the file's first block list under a
    key: its items indented under the key, or level with it. ruamel.yaml has one style per
    dump, so a file mixing both takes the first one's."""
    match = _ITEM.search(text)
    if match and len(match["dash"]) > len(match["key"]):
        return 4, 2
    return 2, 0


def edit_manifest_text(text: str, edit: Callable[[Any], object], todos: Sequence[str]) -> str:
    """An existing manifest's text after ``edit`` changed its data in place, with its comments,
    key order, quoting and flow or block style kept (a ruamel.yaml round trip, which PyYAML
    cannot do). The TODO lines of an earlier assessment are replaced by ``todos``, appended at
    the end. A file ruamel.yaml cannot read is a usage error (exit 2)."""
    lines = text.splitlines()
    # The comment lines that end the file stay where they are: ruamel.yaml would attach them to
    # the last value, and lose them when the edit replaces that value.
    cut = len(lines)
    while cut and (lines[cut - 1].startswith("#") or not lines[cut - 1].strip()):
        cut -= 1
    tail = [line for line in lines[cut:] if not line.startswith(TODO_PREFIX)]
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    # Long lines stay long: a wider width than any manifest line means nothing is re-folded.
    yaml.width = 100_000
    sequence, offset = _sequence_style(text)
    yaml.indent(mapping=2, sequence=sequence, offset=offset)
    try:
        data = yaml.load("\n".join(lines[:cut]) + "\n")
    except YAMLError as exc:
        first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise UsageError(f"cannot keep the manifest's comments: {first}") from None
    edit(data)
    out = io.StringIO()
    yaml.dump(data, out)
    body = [line for line in out.getvalue().splitlines() if not line.startswith(TODO_PREFIX)]
    kept = [*_trimmed(body), *_trimmed(tail)]
    return "\n".join([*kept, *todos]) + "\n"


def _trimmed(lines: Sequence[str]) -> list[str]:
    """``lines`` without the blank lines at their end."""
    end = len(lines)
    while end and not lines[end - 1].strip():
        end -= 1
    return list(lines[:end])

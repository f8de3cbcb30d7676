"""The self-assessment of a model with a questionnaire (the aiops-capability pack, seed 001).

``aimm assess`` asks the model's questions (each answered 0-5), adds the answers up as the seed
does (a total out of 5 per question, a band that names a level, a score per section), and
shows the next level's transition guide and indicators; with ``--write`` it records the facts
each answer implies and the answers themselves (``assessment:``) in ``aimm.yaml``. ``aimm
check`` reads the facts back: the pack's Rego derives every answer from them, and the reports
show the claimed score beside the evidenced one (:func:`report_lines`). Nothing here judges a
fact: the arithmetic is the seed's, the derivation is Rego's.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from aimm.core.errors import UsageError
from aimm.core.model import Model


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


def _named(part: Mapping[str, Any]) -> str:
    return f"{part.get('total')} (L{part.get('level')} {part.get('name')})"


def report_lines(extras: Mapping[str, Any]) -> list[str]:
    """What a check report says of a self-assessment (report rule ``assessment``) and of the
    model's notes (rule ``notes``): claimed against evidenced, the claims the facts do not
    show, and the notes. Empty for a model without them."""
    lines: list[str] = []
    assessment = extras.get("assessment")
    if isinstance(assessment, Mapping) and isinstance(assessment.get("evidenced"), Mapping):
        evidenced = assessment["evidenced"]
        claimed = assessment.get("claimed")
        if isinstance(claimed, Mapping):
            lines.append(
                f"self-assessment: claimed {_named(claimed)}, evidenced {_named(evidenced)}"
                " (only evidenced values gate)"
            )
            gaps = [g for g in assessment.get("gaps") or [] if isinstance(g, Mapping)]
            if gaps:
                lines.append("  claims the facts do not show:")
                lines += [
                    f"  - {g.get('question')} {g.get('short')}: claimed {g.get('claimed')}, "
                    f"evidenced {g.get('evidenced')}; needs {g.get('needs')}"
                    for g in gaps
                ]
        else:
            lines.append(
                f"self-assessment from the facts: {_named(evidenced)} "
                f"(facts can show at most {assessment.get('derivable_max')}; "
                "aimm assess records the team's answers)"
            )
        sections = [s for s in evidenced.get("sections") or [] if isinstance(s, Mapping)]
        if sections:
            lines.append(
                "  evidenced by section: "
                + ", ".join(f"{s.get('title')} {s.get('score')}" for s in sections)
            )
    notes = [n for n in extras.get("notes") or [] if isinstance(n, str)]
    lines += [f"note: {n}" for n in notes]
    return lines


def capability_profile(model: Model) -> Sequence[str]:
    """The dimensions a model labels a capability profile (architecture, not maturity)."""
    return tuple(model.data.get("capability_profile", ()))

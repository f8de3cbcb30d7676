"""What a change did (the report's ``comparison``, :mod:`aimm.check.compare`) as the text
and Markdown reports show it: first a one-line verdict with the counts, then one line per
manifest and model that changed, then the controls and waivers, folded in Markdown.

Rendered from the JSON view, so whatever the ``comparison`` key says is what is shown.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from aimm.core.text import markdown_cell, one_line

# Lines of the Markdown table of changed systems shown, and rows of its folded details:
# a pull-request comment stays short; the JSON report lists everything.
SYSTEMS_SHOWN = 20
DETAILS_SHOWN = 60

_COUNTS = (
    ("gates_now_failing", "gate(s) now failing"),
    ("gates_now_passing", "gate(s) now passing"),
    ("added", "manifest(s) added"),
    ("removed", "manifest(s) removed"),
    ("now_unreadable", "manifest(s) now unreadable"),
    ("levels_up", "level(s) up"),
    ("levels_down", "level(s) down"),
    ("newly_failing", "control(s) newly failing"),
    ("fixed", "fixed"),
    ("waivers_added", "waiver(s) added"),
    ("waivers_removed", "waiver(s) removed"),
    ("waivers_changed", "waiver(s) changed"),
)


def base_label(comparison: Mapping[str, Any]) -> str:
    """``git origin/main (1a2b3c4d5e6f)`` or ``report base.json``."""
    base = comparison.get("base") or {}
    if base.get("kind") == "git":
        return f"git {base.get('ref')} ({str(base.get('commit'))[:12]})"
    return f"report {base.get('file')}"


def counts_line(comparison: Mapping[str, Any]) -> str:
    """The non-zero counts, most consequential first; ``no change`` when none."""
    counts = comparison.get("counts") or {}
    parts = []
    for key, words in _COUNTS:
        n = counts.get(key, 0)
        if n:
            blocking = counts.get("newly_blocking", 0) if key == "newly_failing" else 0
            parts.append(f"{n} {words}" + (f" ({blocking} blocking)" if blocking else ""))
    return ", ".join(parts) or "no change"


def _gate_word(passed: object) -> str:
    return "passed" if passed is True else "failed"


def phrases(change: Mapping[str, Any], strong: Callable[[str], str], arrow: str = "→") -> list[str]:
    """What changed for one manifest and model, in words (``strong`` marks what got worse)."""
    before, after = change.get("before"), change.get("after")
    gate = change.get("gate")
    found: list[str] = []
    if before != after:
        if after == "absent":
            found.append("removed" if change.get("primary", True) else "model no longer run")
        elif after == "error":
            found.append(strong("now unreadable"))
        elif before == "absent":
            found.append("new")
        else:
            found.append("readable again")
    if gate:
        word = _gate_word(gate.get("after"))
        shown = strong(word) if word == "failed" else word
        found.append(f"gate {_gate_word(gate.get('before'))} {arrow} {shown}")
    tier = change.get("tier")
    if tier:
        found.append(f"tier {tier.get('before')} {arrow} {tier.get('after')}")
    moves = [
        f"{m['dimension']} L{m['before']} {arrow} L{m['after']}" for m in change.get("levels") or []
    ]
    if moves:
        found.append(", ".join(moves))
    failing = change.get("newly_failing") or []
    if failing:
        blocking = sum(1 for c in failing if c.get("blocks_gate"))
        extra = f" ({strong(f'{blocking} blocking')})" if blocking else ""
        found.append(f"{len(failing)} newly failing{extra}")
    if change.get("fixed"):
        found.append(f"{len(change['fixed'])} fixed")
    waivers = [
        f"{len(change.get(key) or [])} waiver(s) {word}"
        for key, word in (
            ("waivers_added", "added"),
            ("waivers_removed", "removed"),
            ("waivers_changed", "changed"),
        )
        if change.get(key)
    ]
    return found + waivers


def _who(change: Mapping[str, Any]) -> str:
    """The system, and the model when it is not the manifest's first."""
    name = change.get("system") or change.get("path")
    return str(name) if change.get("primary", True) else f"{name} (model {change.get('model')})"


def _waiver_terms(waiver: Mapping[str, Any]) -> str:
    return f"until {waiver.get('expires')}, approved by {waiver.get('approved_by')}"


def details(change: Mapping[str, Any]) -> list[tuple[str, str, str]]:
    """(what, verdict, title or terms) for each control and waiver that moved."""
    rows: list[tuple[str, str, str]] = []
    for c in change.get("newly_failing") or []:
        verdict = "newly failing, blocks the gate" if c.get("blocks_gate") else "newly failing"
        rows.append((str(c.get("id")), verdict, str(c.get("title") or "")))
    rows += [
        (str(c.get("id")), "fixed", str(c.get("title") or "")) for c in change.get("fixed") or []
    ]
    for key, word in (
        ("waivers_added", "waiver added"),
        ("waivers_removed", "waiver removed"),
    ):
        rows += [
            (str(w.get("control")), word, f"{_waiver_terms(w)}: {w.get('reason')}")
            for w in change.get(key) or []
        ]
    for w in change.get("waivers_changed") or []:
        old = w.get("before") or {}
        rows.append(
            (
                str(w.get("control")),
                "waiver changed",
                f"{_waiver_terms(w)} (was {_waiver_terms(old)}): {w.get('reason')}",
            )
        )
    return rows


# ---- text ----------------------------------------------------------------------------------


def text_lines(comparison: Mapping[str, Any]) -> list[str]:
    """The comparison as plain lines for the text report (each value kept on its line)."""
    lines = [f"Changes against {one_line(base_label(comparison))}: {counts_line(comparison)}"]
    for change in list(comparison.get("changes") or []):
        said = "; ".join(phrases(change, str.upper, "->"))
        where = f"{one_line(change.get('path'))} ({one_line(_who(change))})"
        lines.append(f"  {where}: {one_line(said)}")
        lines += [
            f"    {one_line(what)} {verdict}: {one_line(more)}".rstrip(": ")
            for what, verdict, more in details(change)
        ]
    return lines


# ---- Markdown -----------------------------------------------------------------------------


def markdown(comparison: Mapping[str, Any]) -> str:
    """The comparison sized for the top of a pull-request comment: a heading with the base,
    the counts, a table of the systems that changed, and the controls and waivers folded."""
    cell = markdown_cell
    counts = comparison.get("counts") or {}
    changes = list(comparison.get("changes") or [])
    if counts.get("gates_now_failing") or counts.get("now_unreadable"):
        mark = "❌"
    elif counts.get("levels_down") or counts.get("newly_failing") or counts.get("removed"):
        mark = "⚠️"
    else:
        mark = "✅" if changes else ""
    lines = [
        f"## {mark + ' ' if mark else ''}aimm: what this change did — against "
        f"{cell(base_label(comparison))}",
        "",
        f"**{cell(counts_line(comparison))}**",
    ]
    if not changes:
        lines.append("")
        lines.append("The same gates, levels, failing controls and waivers as the base.")
        return "\n".join(lines) + "\n"
    lines += ["", "| system | path | what changed |", "|---|---|---|"]
    for change in changes[:SYSTEMS_SHOWN]:
        said = "; ".join(phrases(change, lambda w: f"**{w}**"))
        lines.append(f"| {cell(_who(change))} | `{cell(change.get('path'))}` | {cell(said)} |")
    if len(changes) > SYSTEMS_SHOWN:
        more = len(changes) - SYSTEMS_SHOWN
        lines.append(f"\n…and {more} more (the JSON report's `comparison` lists all).")
    rows = [(change, row) for change in changes for row in details(change)]
    if rows:
        lines += [
            "",
            "<details>",
            f"<summary><b>Controls and waivers that changed ({len(rows)})</b></summary>",
            "",
            "| system | control | change | title or terms |",
            "|---|---|---|---|",
        ]
        lines += [
            f"| {cell(_who(change))} | `{cell(what)}` | {cell(verdict)} | {cell(more)} |"
            for change, (what, verdict, more) in rows[:DETAILS_SHOWN]
        ]
        if len(rows) > DETAILS_SHOWN:
            lines.append(f"\n…and {len(rows) - DETAILS_SHOWN} more.")
        lines += ["", "</details>"]
    return "\n".join(lines) + "\n"

"""``document``: a declared document (postmortem template, incident runbook, every
``compliance:`` document) holds real content, not an empty file or a placeholder.

The rule, on the first MiB of the file read as UTF-8 text:

- an empty file, or one holding only white space, does not count;
- prose is what is left once headings (``#`` lines and setext underlines), YAML front matter,
  HTML comments and tags, table rules, link targets and bare URLs are taken out (a link's
  text stays); a word is a run of letters (digits and apostrophes may follow), and
  placeholder markers (TODO, TBD, TBC, FIXME, XXX, WIP) are not words;
- at least :data:`MIN_WORDS` words of prose are needed; below that the detail says whether
  the text is a placeholder ("draft", "see Confluence", "coming soon", ...), a bare link, or
  just too short;
- "lorem ipsum" anywhere means filler, whatever the length.

A binary document (a PDF, an office file) is not read: its content is unverified, never
contradicted.
"""

from __future__ import annotations

import re
from typing import Any

from aimm.core.documents import COMPLIANCE_DOCUMENTS
from aimm.core.probes import Probe, Target, report
from aimm.core.probes._read import MAX_TEXT_BYTES, Unreadable, decode, read_prefix

FIELDS = frozenset(
    {
        ("posture", "audit", "postmortem_template"),
        ("posture", "audit", "incident_runbook"),
        # The ai-platform pack's documents.
        ("posture", "platform", "boundary_doc"),
        ("posture", "governance", "model_card"),
        *COMPLIANCE_DOCUMENTS,
    }
)
MIN_WORDS = 20

_FRONT_MATTER = re.compile(r"\A---\s*\n.*?\n---\s*(\n|\Z)", re.DOTALL)
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_HEADING = re.compile(r"^\s{0,3}#{1,6}(\s.*)?$", re.MULTILINE)
_UNDERLINE = re.compile(r"^\s*(=+|-+)\s*$", re.MULTILINE)
_TABLE_RULE = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$", re.MULTILINE)
_IMAGE = re.compile(r"!\[[^\]]*\]\([^)]*\)")
_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_REFERENCE = re.compile(r"^\s*\[[^\]]+\]:\s*\S+.*$", re.MULTILINE)
_URL = re.compile(r"<?\b(?:https?|ftp|file)://[^\s>)]+>?|\bwww\.[^\s>)]+", re.IGNORECASE)
_TAG = re.compile(r"</?[A-Za-z][^>]*>")
_WORD = re.compile(r"[^\W\d_][\w'\u2019-]*")
_MARKERS = frozenset({"todo", "tbd", "tbc", "fixme", "xxx", "wip"})
_PLACEHOLDER = re.compile(
    r"\b(todo|tbd|tbc|fixme|wip|draft|placeholder|coming soon|to be (written|done|added|"
    r"completed|defined)|fill (this )?in|lorem ipsum|see (confluence|notion|sharepoint|"
    r"google docs?|the wiki|wiki|jira|link|below|attached))\b",
    re.IGNORECASE,
)
_BINARY_KINDS = {
    b"%PDF": "a PDF",
    b"PK\x03\x04": "an office or zip file",
    b"\xd0\xcf\x11\xe0": "an old office file",
    b"{\\rtf": "an RTF file",
}


def prose(text: str) -> str:
    """The text without headings, front matter, comments, tags, table rules and link targets."""
    text = _FRONT_MATTER.sub("", text)
    text = _COMMENT.sub(" ", text)
    text = _HEADING.sub("", text)
    text = _UNDERLINE.sub("", text)
    text = _TABLE_RULE.sub("", text)
    text = _IMAGE.sub(" ", text)
    text = _REFERENCE.sub("", text)
    text = _LINK.sub(r"\1", text)
    text = _URL.sub(" ", text)
    return _TAG.sub(" ", text)


def words(text: str) -> list[str]:
    """The words of prose, placeholder markers left out."""
    return [w for w in _WORD.findall(text) if w.lower() not in _MARKERS]


def _excerpt(text: str) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= 60 else flat[:57] + "..."


def judge(data: bytes, name: str) -> dict[str, Any]:
    """The document probe's report on a file's first bytes."""
    if not data:
        return report("contradicted", f"{name} is empty", words=0, placeholder="empty")
    for magic, binary in _BINARY_KINDS.items():
        if data.startswith(magic):
            return report("unverified", f"{name} is {binary}; its content is not read", words=None)
    try:
        text = decode(data)
    except Unreadable as exc:
        return report("unverified", f"{name} {exc}; its content is not read", words=None)
    if not text.strip():
        return report(
            "contradicted", f"{name} holds only white space", words=0, placeholder="white space"
        )
    body = prose(text)
    found = words(body)
    if re.search(r"lorem\s+ipsum", text, re.IGNORECASE):
        return report(
            "contradicted",
            f"{name} holds lorem ipsum filler",
            words=len(found),
            placeholder="lorem ipsum",
        )
    if len(found) >= MIN_WORDS:
        return report("verified", f"{name} holds {len(found)} words of prose", words=len(found))
    marker = _PLACEHOLDER.search(text)
    link = _URL.search(text)
    kind: str | None
    if marker and (found or link is None):
        what = f'is a placeholder ("{_excerpt(body or text)}")'
        kind = marker.group(0).lower()
    elif not found and link is not None:
        what = f"is a bare link ({_excerpt(link.group(0))})"
        kind = "bare link"
    else:
        what = f"holds {len(found)} words of prose outside headings and links"
        kind = None
    need = f"; at least {MIN_WORDS} are needed"
    return report("contradicted", f"{name} {what}{need}", words=len(found), placeholder=kind)


def probe(target: Target) -> dict[str, Any]:
    """Read the first MiB of the document and judge its content."""
    try:
        data, _more = read_prefix(target.path, MAX_TEXT_BYTES)
    except Unreadable as exc:
        return report("unverified", f"{target.declared} {exc}", words=None)
    return judge(data, target.declared)


PROBE: Probe = Probe("document", FIELDS, probe)

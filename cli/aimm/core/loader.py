"""Read an ``aimm.yaml`` safely, keeping the line of every key and list item.

The file is read with a size limit and checked for UTF-8 before YAML sees it. The YAML
event stream is then turned into plain data here, not by a PyYAML constructor, so that:
tags other than the standard scalar and collection tags are refused, duplicate and
non-string keys are errors, nesting depth and alias expansion are bounded (no alias bomb,
no deep-nesting crash), and every mapping key and sequence item gets its line number under
its JSON pointer. YAML timestamps stay as the text written, so dates are ``YYYY-MM-DD``
strings. Merge keys (``<<``) are refused: write the keys out.
"""

from __future__ import annotations

import codecs
import contextlib
import copy
import math
import os
import re
import stat
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any, NoReturn

import yaml
from yaml.events import (
    AliasEvent,
    CollectionEndEvent,
    DocumentStartEvent,
    Event,
    MappingStartEvent,
    NodeEvent,
    ScalarEvent,
    SequenceStartEvent,
)

from aimm.core.errors import ManifestError, Problem

MANIFEST_NAME = "aimm.yaml"
MAX_BYTES = 1024 * 1024  # 1 MiB: a manifest is a few kilobytes
MAX_DEPTH = 64  # nesting of mappings and lists; a manifest needs about 6
MAX_ALIAS_NODES = 10_000  # nodes that aliases may re-use in one file, in total
# Items in one list: a manifest lists a few suites or waivers; the policies' cost grows faster
# than linearly with a list's length, so a list this long is refused, not evaluated for minutes.
MAX_ITEMS = 1000
# The policy engine holds whole numbers in 64 bits; a fact beyond that is a typo or an attack.
MAX_INT = 2**63 - 1
SKIP_DIRS = frozenset({".git", ".hg", ".svn", "node_modules", ".venv", ".tox", "__pycache__"})

_Loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_CONSTRUCTOR = yaml.constructor.SafeConstructor()
_TAG = "tag:yaml.org,2002:"
_STR, _NULL, _BOOL, _INT, _FLOAT, _TIMESTAMP, _MERGE = (
    _TAG + name for name in ("str", "null", "bool", "int", "float", "timestamp", "merge")
)
_EXPLICIT_SCALAR_TAGS = frozenset({_STR, _NULL, _BOOL, _INT, _FLOAT, _TIMESTAMP})
_KINDS = {
    _NULL: "null",
    _BOOL: "a boolean",
    _INT: "an integer",
    _FLOAT: "a number",
    _TIMESTAMP: "a date",
}
# Characters YAML does not accept (C0/C1 controls, DEL, surrogates, U+FFFE/U+FFFF); NUL is
# checked first. Spelled as the forbidden ranges: the negation of YAML's printable set is the
# same set and takes the regex compiler eight times longer (5 ms at start-up).
_NOT_PRINTABLE = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]"
)


@dataclass(frozen=True)
class LoadedManifest:
    """A manifest read from disk: its data, and the line of every key and list item.

    ``lines`` maps a JSON pointer (``/posture/cost/limits/org``, ``/waivers/0``) to its
    1-based line; ``""`` (the whole document) maps to 1.
    """

    path: Path
    data: dict[str, Any]
    lines: Mapping[str, int]

    def line_for(self, pointer: str) -> int:
        """The line of ``pointer``, or of its nearest ancestor that has one."""
        while pointer and pointer not in self.lines:
            pointer = pointer.rpartition("/")[0]
        return self.lines.get(pointer, 1)


def load_manifest(path: Path) -> LoadedManifest:
    """Read, decode and parse the manifest at ``path``; raise ManifestError if unsafe or bad."""
    text = _read_text(path)
    data, lines = _Builder(str(path)).build(text)
    return LoadedManifest(path=path, data=data, lines=MappingProxyType(lines))


def discover(paths: Iterable[Path | str]) -> list[Path]:
    """Files as given; for a folder, every ``aimm.yaml`` below it in sorted order.

    Version-control and dependency folders (``SKIP_DIRS``) are skipped and symlinked folders
    are not followed, so a link loop cannot hang the walk. Duplicates are dropped.
    """
    found: list[Path] = []
    for given in map(Path, paths):
        found.extend(sorted(_walk(given)) if given.is_dir() else [given])
    return list(dict.fromkeys(found))


def pointer_token(key: str) -> str:
    """Escape a key for use in a JSON pointer (RFC 6901)."""
    return key.replace("~", "~0").replace("/", "~1")


def _walk(folder: Path) -> Iterator[Path]:
    # Iterative (os.walk recurses: a tree a few thousand folders deep would overflow the
    # stack); unreadable folders are skipped, as os.walk does.
    stack = [folder]
    while stack:
        current = stack.pop()
        try:
            with os.scandir(current) as listing:
                entries = list(listing)
        except OSError:
            continue
        names = {e.name for e in entries}
        if MANIFEST_NAME in names:
            yield current / MANIFEST_NAME
        for entry in entries:
            with contextlib.suppress(OSError):
                if entry.name not in SKIP_DIRS and entry.is_dir(follow_symlinks=False):
                    stack.append(current / entry.name)


def _fail(path: str, message: str, line: int | None = None, pointer: str | None = None) -> NoReturn:
    raise ManifestError(path, [Problem(message, line, pointer)])


def _read_text(path: Path) -> str:
    """The file's text, after the size, type, binary and UTF-8 checks."""
    name = str(path)
    try:
        info = path.stat()
        if stat.S_ISDIR(info.st_mode):
            _fail(name, "is a directory, not a manifest file")
        if not stat.S_ISREG(info.st_mode):
            _fail(name, "is not a regular file")
        if info.st_size > MAX_BYTES:
            _fail(
                name,
                f"file too large ({info.st_size} bytes; the limit is 1 MiB, {MAX_BYTES} bytes)",
            )
        with path.open("rb") as handle:
            raw = handle.read(MAX_BYTES + 1)
    except OSError as exc:
        _fail(name, f"cannot read file: {exc.strerror or exc}")
    if len(raw) > MAX_BYTES:
        _fail(name, f"file too large (more than 1 MiB, {MAX_BYTES} bytes)")
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        _fail(name, "not valid UTF-8 (the file is UTF-16; save it as UTF-8)", 1)
    nul = raw.find(b"\x00")
    if nul >= 0:
        _fail(name, f"binary content (NUL byte at offset {nul})", raw.count(b"\n", 0, nul) + 1)
    skip = len(codecs.BOM_UTF8) if raw.startswith(codecs.BOM_UTF8) else 0
    try:
        text = raw[skip:].decode("utf-8")
    except UnicodeDecodeError as exc:
        offset = exc.start + skip
        line = raw.count(b"\n", 0, offset) + 1
        _fail(name, f"not valid UTF-8 (byte 0x{raw[offset]:02x} at offset {offset})", line)
    bad = _NOT_PRINTABLE.search(text)
    if bad:
        line = text.count("\n", 0, bad.start()) + 1
        _fail(name, f"control character U+{ord(bad.group()):04X} is not allowed in YAML", line)
    if not text.strip():
        _fail(name, "empty manifest")
    return text


@dataclass
class _Frame:
    """An open mapping or list while its events arrive."""

    value: dict[str, Any] | list[Any]
    pointer: str
    anchor: str | None
    start: int  # index in _Builder.entries where this collection's own entries begin
    nodes: int = 1  # nodes in this collection, aliases counted at their full size
    key: str | None = None  # the key whose value comes next (mappings only)


@dataclass(frozen=True)
class _Anchor:
    """An anchored value: its size in nodes and the range of its entries in the line table."""

    value: Any
    nodes: int
    pointer: str
    start: int
    end: int


class _Builder:
    """Turns a YAML event stream into plain data and a pointer -> line table."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.loader: Any = None
        self.root: dict[str, Any] | None = None
        self.stack: list[_Frame] = []
        self.entries: list[tuple[str, int]] = []
        self.anchors: dict[str, _Anchor] = {}
        self.alias_nodes = 0
        self.documents = 0

    def build(self, text: str) -> tuple[dict[str, Any], dict[str, int]]:
        """Parse ``text``; return the top-level mapping and the line table."""
        self.loader = _Loader(text)
        try:
            while self.loader.check_event():
                self._on(self.loader.get_event())
        except yaml.YAMLError as exc:
            self._syntax_error(exc, text)
        finally:
            self.loader.dispose()
        if self.root is None:
            _fail(self.path, "empty manifest")
        return self.root, {"": 1, **dict(self.entries)}

    def _fail(self, message: str, line: int | None, pointer: str | None = None) -> NoReturn:
        _fail(self.path, message, line, pointer)

    def _on(self, event: Event) -> None:
        """Dispatch one parser event."""
        if isinstance(event, DocumentStartEvent):
            self.documents += 1
            if self.documents > 1:
                self._fail(
                    "more than one YAML document in the file; a manifest is one document",
                    _line(event),
                )
        elif isinstance(event, CollectionEndEvent):
            self._close()
        elif isinstance(event, NodeEvent):
            if not self.stack:
                self._open_root(event)
            elif isinstance(self.stack[-1].value, dict) and self.stack[-1].key is None:
                self._key(self.stack[-1], event)
            else:
                self._value(self.stack[-1], event)

    def _open_root(self, event: NodeEvent) -> None:
        """The document's top node, which must be a mapping."""
        if isinstance(event, MappingStartEvent):
            self._check_collection_tag(event, "")
            self.root = {}
            self.stack.append(_Frame(self.root, "", event.anchor, len(self.entries)))
            return
        if isinstance(event, SequenceStartEvent):
            self._fail("top level must be a mapping, got a list", _line(event), "")
        if isinstance(event, AliasEvent):
            self._fail(f"undefined YAML alias '*{event.anchor}'", _line(event), "")
        value = self._scalar(event, "") if isinstance(event, ScalarEvent) else None
        if value is None:
            self._fail("empty manifest", None)
        self._fail(f"top level must be a mapping, got {_kind(value)}", _line(event), "")

    def _key(self, frame: _Frame, event: NodeEvent) -> None:
        """A mapping key: a string, not seen before in this mapping."""
        line = _line(event)
        if isinstance(event, AliasEvent):
            key = self._alias(frame, event, frame.pointer)
        elif isinstance(event, ScalarEvent):
            key = self._scalar(event, frame.pointer, is_key=True)
            if event.anchor:
                self.anchors[event.anchor] = _Anchor(key, 1, "", 0, 0)
        else:
            kind = "a mapping" if isinstance(event, MappingStartEvent) else "a list"
            self._fail(f"keys must be strings, got {kind}", line, frame.pointer)
        if not isinstance(key, str):
            self._fail(f"keys must be strings, got {_kind(key)}", line, frame.pointer)
        pointer = f"{frame.pointer}/{pointer_token(key)}"
        assert isinstance(frame.value, dict)
        if key in frame.value:
            first = dict(self.entries).get(pointer)
            self._fail(f"duplicate key {key!r} (first at line {first})", line, pointer)
        self.entries.append((pointer, line))
        frame.key = key

    def _value(self, frame: _Frame, event: NodeEvent) -> None:
        """A mapping value or list item: attach it to ``frame``."""
        if isinstance(frame.value, dict):
            assert frame.key is not None
            pointer = f"{frame.pointer}/{pointer_token(frame.key)}"
        else:
            if len(frame.value) >= MAX_ITEMS:
                self._fail(f"more than {MAX_ITEMS} items in one list", _line(event), frame.pointer)
            pointer = f"{frame.pointer}/{len(frame.value)}"
            self.entries.append((pointer, _line(event)))
        value: Any
        if isinstance(event, ScalarEvent):
            value = self._scalar(event, pointer)
            frame.nodes += 1
            if event.anchor:
                self.anchors[event.anchor] = _Anchor(value, 1, pointer, 0, 0)
        elif isinstance(event, AliasEvent):
            value = self._alias(frame, event, pointer)
        else:
            assert isinstance(event, MappingStartEvent | SequenceStartEvent)
            if len(self.stack) >= MAX_DEPTH:
                self._fail(f"nesting deeper than {MAX_DEPTH} levels", _line(event), pointer)
            self._check_collection_tag(event, pointer)
            value = {} if isinstance(event, MappingStartEvent) else []
            self.stack.append(_Frame(value, pointer, event.anchor, len(self.entries)))
        if isinstance(frame.value, dict):
            assert frame.key is not None
            frame.value[frame.key] = value
            frame.key = None
        else:
            frame.value.append(value)

    def _close(self) -> None:
        """End the open collection; remember it if it carries an anchor."""
        frame = self.stack.pop()
        if frame.anchor:
            self.anchors[frame.anchor] = _Anchor(
                frame.value, frame.nodes, frame.pointer, frame.start, len(self.entries)
            )
        if self.stack:
            self.stack[-1].nodes += frame.nodes

    def _alias(self, frame: _Frame, event: AliasEvent, pointer: str) -> Any:
        """A deep copy of the anchored value, within the alias budget; its lines re-based."""
        line = _line(event)
        name = event.anchor or ""
        if any(open_frame.anchor == name for open_frame in self.stack):
            self._fail(f"recursive YAML alias '*{name}'", line, pointer)
        anchor = self.anchors.get(name)
        if anchor is None:
            self._fail(f"undefined YAML alias '*{name}'", line, pointer)
        self.alias_nodes += anchor.nodes
        if self.alias_nodes > MAX_ALIAS_NODES:
            self._fail(
                f"too many YAML aliases (possible alias bomb): aliases expand to more than "
                f"{MAX_ALIAS_NODES} nodes",
                line,
                pointer,
            )
        frame.nodes += anchor.nodes
        cut = len(anchor.pointer)
        self.entries.extend(
            (pointer + inner[cut:], inner_line)
            for inner, inner_line in self.entries[anchor.start : anchor.end]
        )
        return copy.deepcopy(anchor.value)

    def _scalar(self, event: ScalarEvent, pointer: str, *, is_key: bool = False) -> Any:
        """The plain value of a scalar; refuses tags that are not plain data."""
        line = _line(event)
        tag = event.tag
        if tag is None or tag == "!":
            tag = self.loader.resolve(yaml.ScalarNode, event.value, event.implicit)
        elif tag not in _EXPLICIT_SCALAR_TAGS:
            self._fail(f"YAML tag {_show_tag(tag)} is not allowed (only plain data)", line, pointer)
        if tag == _MERGE:
            self._fail(
                "YAML merge keys ('<<') are not supported; write the keys out", line, pointer
            )
        if is_key and tag != _STR:
            kind = _KINDS.get(tag, "not a string")
            self._fail(
                f"keys must be strings: {event.value!r} reads as {kind}; quote it", line, pointer
            )
        try:
            value = _construct(tag, event.value)
        except (ValueError, KeyError):
            what = "a finite number" if tag == _FLOAT else f"a valid {_show_tag(tag)}"
            self._fail(f"{_excerpt(event.value)} is not {what}", line, pointer)
        if isinstance(value, int) and not isinstance(value, bool) and abs(value) > MAX_INT:
            self._fail(
                f"{_excerpt(event.value)} is out of range (whole numbers are at most {MAX_INT})",
                line,
                pointer,
            )
        return value

    def _check_collection_tag(
        self, event: MappingStartEvent | SequenceStartEvent, pointer: str
    ) -> None:
        """Refuse explicit tags on a mapping or list other than ``!!map`` / ``!!seq``."""
        expected = _TAG + ("map" if isinstance(event, MappingStartEvent) else "seq")
        if event.tag not in (None, "!", expected):
            self._fail(
                f"YAML tag {_show_tag(event.tag)} is not allowed (only plain data)",
                _line(event),
                pointer,
            )

    def _syntax_error(self, exc: yaml.YAMLError, text: str) -> NoReturn:
        """A YAML syntax error as one line, at the line where the fix is likely needed.

        That is the start of an unclosed flow collection, quote or key (the context mark),
        else the problem mark; never past the last line with content.
        """
        if not isinstance(exc, yaml.MarkedYAMLError):
            self._fail(f"invalid YAML: {' '.join(str(exc).split())}", None)
        if "maximum nesting depth" in (exc.problem or ""):
            # libyaml >= 0.2.6 (PyYAML 6.0.4) stops deep flow nesting in its scanner, which
            # reads ahead of the events, so our own limit is not reached first: same verdict.
            mark = exc.problem_mark or exc.context_mark
            self._fail(f"nesting deeper than {MAX_DEPTH} levels", mark.line + 1 if mark else None)
        context = exc.context or ""
        starts = context.startswith(("while parsing a flow", "while scanning a"))
        mark = (exc.context_mark if starts else None) or exc.problem_mark or exc.context_mark
        rows = text.splitlines()
        last = max((n for n, row in enumerate(rows, 1) if row.strip()), default=1)
        line = min(mark.line + 1, last) if mark else None
        source = rows[line - 1] if line else ""
        detail = f" ({context})" if context else ""
        if "\t" in source[: len(source) - len(source.lstrip())]:
            detail += "; indent with spaces, not tabs"
        self._fail(f"invalid YAML: {exc.problem}{detail}", line)


def _construct(tag: str, text: str) -> Any:
    """A scalar's value for a resolved standard tag; timestamps stay text."""
    if tag == _NULL:
        return None
    if tag == _BOOL:
        return _CONSTRUCTOR.bool_values[text.lower()]
    if tag == _INT:
        return _CONSTRUCTOR.construct_yaml_int(yaml.ScalarNode(tag, text))
    if tag == _FLOAT:
        number = _CONSTRUCTOR.construct_yaml_float(yaml.ScalarNode(tag, text))
        if not math.isfinite(number):
            raise ValueError(text)
        return number
    return text  # str, timestamp, and the implicit '=' value tag


def _excerpt(text: str, limit: int = 40) -> str:
    """A scalar as quoted in a message, cut to ``limit`` characters (a 20,000-digit number
    must not become a 20,000-character message)."""
    if len(text) <= limit:
        return repr(text)
    return f"{text[:limit]!r}... ({len(text)} characters)"


def _line(event: Event) -> int:
    """The 1-based line where ``event`` starts."""
    mark = event.start_mark
    return mark.line + 1 if mark is not None else 1


def _show_tag(tag: str | None) -> str:
    """A tag as users write it: ``!!binary`` rather than ``tag:yaml.org,2002:binary``."""
    tag = tag or "!"
    return "!!" + tag[len(_TAG) :] if tag.startswith(_TAG) else tag


def _kind(value: Any) -> str:
    """A value's kind in manifest terms: a string, a number, a boolean, null."""
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    return "a string" if isinstance(value, str) else "null"

"""Bounded, side-effect-free reading for the probes.

A probe reads files a team committed, which may be huge, binary, special (a FIFO would block
``open``) or hostile YAML. Everything goes through here: files are opened without blocking and
without following a final symlink (the caller passes the resolved path), only regular files
are read, and never more than a stated number of bytes. YAML goes through PyYAML's safe
loader only, which builds plain data (an alias is a shared reference, never a copy, so an
alias bomb costs no memory) and refuses every tag that would construct an object.
"""

from __future__ import annotations

import codecs
import os
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml

# Files parsed whole (YAML, JSON, Python) are read up to this many bytes; a larger one is not
# counted. 8 MiB holds tens of thousands of eval cases.
MAX_PARSE_BYTES = 8 * 1024 * 1024
# Line-oriented files (JSONL, CSV) are streamed up to this many bytes; past it the count is
# a lower bound.
MAX_STREAM_BYTES = 64 * 1024 * 1024
# Documents and workflows: only the first MiB is read (a runbook is a few kilobytes).
MAX_TEXT_BYTES = 1024 * 1024

_Loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOFOLLOW", 0)


class Unreadable(Exception):
    """A file that cannot be read as the probe needs; the message says why, in a few words."""


def _open(path: Path) -> int:
    try:
        fd = os.open(path, _OPEN_FLAGS)
    except OSError as exc:
        raise Unreadable(f"cannot be read ({exc.strerror or exc})") from exc
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        os.close(fd)
        raise Unreadable("is not a regular file")
    return fd


def read_prefix(path: Path, limit: int) -> tuple[bytes, bool]:
    """Up to ``limit`` bytes of a regular file, and whether the file holds more."""
    fd = _open(path)
    try:
        with os.fdopen(fd, "rb") as handle:
            data = handle.read(limit + 1)
    except OSError as exc:
        raise Unreadable(f"cannot be read ({exc.strerror or exc})") from exc
    return data[:limit], len(data) > limit


def read_whole(path: Path, limit: int | None = None) -> bytes:
    """A regular file's bytes; Unreadable when it is larger than ``limit`` (default
    :data:`MAX_PARSE_BYTES`)."""
    limit = MAX_PARSE_BYTES if limit is None else limit
    data, more = read_prefix(path, limit)
    if more:
        raise Unreadable(f"is larger than {size_text(limit)}, the most read to parse")
    return data


def stream_lines(path: Path, limit: int | None = None) -> Iterator[bytes]:
    """The file's lines (with their endings); raises :class:`Truncated` once more than
    ``limit`` bytes (default :data:`MAX_STREAM_BYTES`) have been read."""
    limit = MAX_STREAM_BYTES if limit is None else limit
    fd = _open(path)
    seen = 0
    try:
        with os.fdopen(fd, "rb") as handle:
            for line in handle:
                seen += len(line)
                if seen > limit:
                    raise Truncated
                yield line
    except OSError as exc:
        raise Unreadable(f"cannot be read ({exc.strerror or exc})") from exc


def stream_text_lines(path: Path, limit: int | None = None) -> Iterator[str]:
    """The file's UTF-8 text lines (split at ``\\n`` only, endings kept, a leading BOM
    dropped), decoded a block at a time: what :func:`stream_lines` and :func:`decode` give
    line by line, at a fraction of the cost on large files. Unreadable for binary or other
    encodings; raises :class:`Truncated` once more than ``limit`` bytes have been read."""
    limit = MAX_STREAM_BYTES if limit is None else limit
    fd = _open(path)
    decoder = codecs.getincrementaldecoder("utf-8-sig")()
    seen = 0
    carry = ""
    try:
        with os.fdopen(fd, "rb") as handle:
            while True:
                block = handle.read(_BLOCK)
                truncated = seen + len(block) > limit
                block = block[: max(limit - seen, 0)]
                seen += len(block)
                if b"\x00" in block:
                    raise Unreadable("is binary, not text")
                try:
                    # At the bound the bytes of a cut character stay in the decoder: the
                    # partial last line is dropped anyway.
                    text = carry + decoder.decode(block, final=not block)
                except UnicodeDecodeError as exc:
                    raise Unreadable(
                        f"is not UTF-8 text (byte 0x{exc.object[exc.start]:02x})"
                    ) from exc
                lines = text.split("\n")
                carry = lines.pop()
                yield from [line + "\n" for line in lines]
                if truncated:
                    raise Truncated
                if not block:
                    break
    except OSError as exc:
        raise Unreadable(f"cannot be read ({exc.strerror or exc})") from exc
    if carry:
        yield carry


# stream_text_lines reads this many bytes at a time.
_BLOCK = 1024 * 1024


def size_text(n: int) -> str:
    """A byte count as people read it: ``8 MiB``, or ``100 bytes`` below a MiB."""
    return f"{n // (1024 * 1024)} MiB" if n >= 1024 * 1024 else f"{n} bytes"


class Truncated(Exception):
    """Raised by :func:`stream_lines` when the read limit is reached."""


def decode(data: bytes) -> str:
    """UTF-8 text (a leading BOM dropped); Unreadable for binary or other encodings."""
    if b"\x00" in data[:8192]:
        raise Unreadable("is binary, not text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise Unreadable(f"is not UTF-8 text (byte 0x{data[exc.start]:02x})") from exc


def safe_yaml(text: str) -> Any:
    """The plain data of one YAML document; Unreadable when it is not plain, valid YAML."""
    try:
        return yaml.load(text, Loader=_Loader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark is not None else ""
        raise Unreadable(f"is not valid YAML{where}") from exc
    except (RecursionError, MemoryError) as exc:
        raise Unreadable("is nested too deeply to parse") from exc

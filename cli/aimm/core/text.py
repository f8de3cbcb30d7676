"""Escaping for every kind of output, in one place.

Manifests, folder names, org configs, custom catalogs, CI reports fed to ``aimm aggregate``
and history databases are all written by someone else. Any string from them that reaches an
output goes through one of these functions, chosen by where it lands:

- :func:`terminal` / :func:`one_line`: text for a terminal or a log (stdout text formats,
  stderr messages). Control characters (ESC, NUL, CR, C1 controls, DEL) and the Unicode
  bidirectional controls are shown as ``\\x1b``-style escapes, so a value can neither move
  the cursor, retitle the window, rewrite earlier lines nor hide text;
- :func:`markdown_cell`: one line of Markdown with no raw HTML and no table breaks;
- :func:`html_text`: HTML text or attribute content;
- :func:`csv_cell`: a spreadsheet cell that can never be a formula (OWASP: a leading
  ``=``, ``+``, ``-``, ``@``, tab or carriage return gets a ``'``);
- :func:`xml_text`: text XML 1.0 accepts (JUnit);
- :func:`github_data` / :func:`github_property`: values inside a GitHub Actions workflow
  command, which can neither end the line nor start another command.

Ordinary text passes through every function unchanged (reports stay byte-identical).
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable
from typing import Any

# C0 controls but tab and newline, DEL, C1 controls, and the bidirectional controls that can
# reorder what a reader sees (CVE-2021-42574, "Trojan Source").
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_UNSAFE_OR_BREAK = re.compile(
    "[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029\x85]"
)
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _show(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def terminal(value: object) -> str:
    """``value`` as text safe to print on a terminal: lines and tabs kept, every other
    control character shown as an escape (``\\x1b``)."""
    return _UNSAFE.sub(_show, str(value))


def one_line(value: object) -> str:
    """``value`` as one line for a terminal or a log: runs of whitespace (newlines included)
    become one space, other control characters are shown as escapes."""
    return terminal(" ".join(str(value).split()))


def markdown_cell(value: object) -> str:
    """Text safe inside a Markdown table cell or list item: one line, no raw HTML, pipes
    escaped, control characters shown as escapes."""
    import html  # here: only the Markdown and HTML reports escape (start-up time)

    return html.escape(one_line(value), quote=False).replace("|", "\\|")


def html_text(value: object) -> str:
    """Text safe inside HTML (element content or a quoted attribute)."""
    import html

    return html.escape(terminal(value), quote=True)


def csv_cell(value: Any) -> Any:
    """A CSV cell a spreadsheet shows as text, never runs as a formula. Numbers pass as they
    are; a string starting with ``= + - @``, a tab or a carriage return gets a leading
    ``'``; control characters other than newlines are shown as escapes."""
    if not isinstance(value, str):
        return value
    text = value
    if text.startswith(_FORMULA_START):
        text = "'" + text
    return terminal(text)


def csv_row(values: Iterable[Any]) -> list[Any]:
    """:func:`csv_cell` over a row."""
    return [csv_cell(v) for v in values]


# What XML 1.0 forbids, spelled as the forbidden ranges: the same set as the negation of
# the allowed ones, which takes the regex compiler ten times longer (5 ms at start-up).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_text(value: object) -> str:
    """Text XML 1.0 can hold: the characters it forbids become U+FFFD (the XML writer
    escapes ``<``, ``&`` and quotes itself)."""
    return _NOT_XML.sub("\ufffd", str(value))


def github_data(value: object) -> str:
    """A GitHub Actions workflow command's message: ``%``, CR and LF encoded as the runner
    expects, other control characters shown as escapes."""
    text = str(value).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return _UNSAFE_OR_BREAK.sub(_show, text)


def github_property(value: object) -> str:
    """A workflow command's property value (``file``, ``line``, ``title``): as
    :func:`github_data`, with ``:`` and ``,`` encoded too."""
    return github_data(value).replace(":", "%3A").replace(",", "%2C")


def safe_console(**options: Any) -> Any:
    """A rich ``Console`` whose text is made terminal-safe as it is rendered: the colours and
    layout rich itself draws stay, control characters inside the values become escapes."""
    from rich.console import Console  # here: only the text reports need rich
    from rich.segment import Segment

    class _SafeConsole(Console):
        def _render_buffer(self, buffer: Iterable[Segment]) -> str:
            return super()._render_buffer(
                s if s.control else Segment(terminal(s.text), s.style, s.control) for s in buffer
            )

    return _SafeConsole(**options)


def one_line_strings(value: Any) -> Any:
    """``value`` with every string inside it (in dataclasses, mappings, lists and tuples) made
    :func:`one_line`: for a text report, where a value holding a newline could otherwise start
    a line of its own (``::error`` in a folder name is a command to GitHub Actions)."""
    if isinstance(value, str):
        return one_line(value)
    if isinstance(value, dict):
        return {k: one_line_strings(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return type(value)(one_line_strings(v) for v in value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        changes = {
            f.name: one_line_strings(getattr(value, f.name)) for f in dataclasses.fields(value)
        }
        return dataclasses.replace(value, **changes)
    return value

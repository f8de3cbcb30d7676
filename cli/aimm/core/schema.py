"""Validate a loaded document against one of the shipped JSON Schemas (``schemas/``).

The manifest (``manifest.schema.json``), the org config (``org-config.schema.json``) and the
baseline (``baseline.schema.json``) are validated the same way.

Validation runs twice only when it fails: jsonschema-rs (compiled, cheap to import) decides
that a document is valid, which is every document of a normal run; on a document it finds
invalid, or cannot take, the jsonschema package (imported then, not at start-up) finds the
errors and has the last word, so a document is refused only for an error it reports.

Every schema error becomes a one-line Problem in the manifest's terms, located by the
line of the offending key (or its nearest ancestor) and its JSON pointer. Unknown keys and
unknown enum values get a "did you mean" hint.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from datetime import date
from functools import cache
from typing import TYPE_CHECKING, Any

import jsonschema_rs

from aimm.core.errors import ManifestError, Problem
from aimm.core.loader import LoadedManifest, pointer_token
from aimm.core.resources import schema_path

if TYPE_CHECKING:
    from jsonschema import Draft202012Validator, ValidationError

_TYPE_NAMES = {
    "string": "a string",
    "number": "a number",
    "integer": "an integer",
    "boolean": "a boolean (true or false)",
    "array": "a list",
    "object": "a mapping",
    "null": "null",
}
_PATTERN_NAMES = {
    "^[a-z0-9][a-z0-9-]{0,62}$": "a lowercase slug (a-z, 0-9 and '-', not starting with '-', "
    "at most 63 characters)",
}
_BOUNDS = {
    "minimum": "at least",
    "maximum": "at most",
    "exclusiveMinimum": "greater than",
    "exclusiveMaximum": "less than",
}


MANIFEST = "manifest"
ORG_CONFIG = "org-config"
BASELINE = "baseline"


@cache
def load_schema(name: str = MANIFEST) -> dict[str, Any]:
    """The JSON Schema ``schemas/<name>.schema.json``, read once."""
    schema: dict[str, Any] = json.loads(schema_path(name).read_text(encoding="utf-8"))
    return schema


def manifest_schema() -> dict[str, Any]:
    """The manifest JSON Schema."""
    return load_schema(MANIFEST)


@cache
def _key_places(name: str) -> dict[str, list[str]]:
    """Each key the schema knows, with the dotted paths where it is allowed."""
    places: dict[str, list[str]] = {}
    todo: list[tuple[str, dict[str, Any]]] = [("", load_schema(name))]
    while todo:
        prefix, node = todo.pop()
        if node.get("type") == "array" and isinstance(node.get("items"), dict):
            todo.append((f"{prefix}[]", node["items"]))
        for key, sub in node.get("properties", {}).items():
            path = f"{prefix}.{key}" if prefix else key
            places.setdefault(key, []).append(path)
            todo.append((path, sub))
    return {key: sorted(paths) for key, paths in places.items()}


# Dates the policy engine can represent: it counts nanoseconds since 1970 in 64 bits, which
# covers 1677-09-21 to 2262-04-11. A date outside (9999-12-31 as "never expires") is an input
# error here, located, rather than an overflow in the engine.
MIN_DATE = date(1678, 1, 1)
MAX_DATE = date(2261, 12, 31)


def _is_date(value: object) -> bool:
    """A ``YYYY-MM-DD`` calendar date within what the engine represents."""
    if not isinstance(value, str):
        return True
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return False
    return MIN_DATE <= date.fromisoformat(value) <= MAX_DATE


def _parses_as_date(value: object) -> bool:
    try:
        date.fromisoformat(str(value))
    except ValueError:
        return False
    return True


@cache
def _validator(name: str) -> Draft202012Validator:
    from jsonschema import Draft202012Validator, FormatChecker

    formats = FormatChecker()
    formats.checks("date", raises=ValueError)(_is_date)
    return Draft202012Validator(load_schema(name), format_checker=formats)


# Class escapes the two regex engines read differently: Python's \s also matches \x1c-\x1f
# and U+0085, ECMA's does not, so "[^@\s]" passes in jsonschema-rs what jsonschema refuses.
_ENGINE_DEPENDENT = re.compile(r"\\[sSdDwWbB]")


def _patterns(node: Any) -> Iterator[str]:
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "pattern" and isinstance(value, str):
                yield value
            elif key == "patternProperties" and isinstance(value, dict):
                yield from (k for k in value if isinstance(k, str))
            yield from _patterns(value)
    elif isinstance(node, list):
        for item in node:
            yield from _patterns(item)


def fast_path_safe(name: str) -> bool:
    """Whether jsonschema-rs may decide alone that a document is valid against the schema
    ``name``: none of its patterns uses a class escape the engines read differently (the
    manifest's do not; the org config's e-mail and URL patterns do, so it always goes to
    the jsonschema package)."""
    return not any(_ENGINE_DEPENDENT.search(p) for p in _patterns(load_schema(name)))


@cache
def _fast_validator(name: str) -> Any:
    if not fast_path_safe(name):
        return None
    return jsonschema_rs.validator_for(
        load_schema(name), formats={"date": _is_date}, validate_formats=True
    )


def _valid_fast(data: Any, schema: str) -> bool:
    """Whether jsonschema-rs finds ``data`` valid; False when the schema is not for it
    (:func:`fast_path_safe`) or it cannot take the data (a value JSON has no type for),
    which leaves the decision to the jsonschema package."""
    fast = _fast_validator(schema)
    if fast is None:
        return False
    try:
        return bool(fast.is_valid(data))
    except (ValueError, TypeError, OverflowError, RecursionError):
        return False


def validate(loaded: LoadedManifest, schema: str = MANIFEST) -> None:
    """Raise ManifestError listing every problem of ``loaded`` against the schema ``schema``
    (a name under ``schemas/``), sorted by line."""
    if _valid_fast(loaded.data, schema):
        return
    found: dict[tuple[int, str, str], Problem] = {}
    for error in _validator(schema).iter_errors(loaded.data):
        for problem in _problems(error, loaded, schema):
            found[(problem.line or 0, problem.pointer or "", problem.message)] = problem
    if found:
        raise ManifestError(str(loaded.path), [found[key] for key in sorted(found)])


def _problems(
    error: ValidationError, loaded: LoadedManifest, schema_name: str
) -> Iterator[Problem]:
    """One error as located problems (one per key for unknown or missing keys)."""
    pointer = "".join(f"/{pointer_token(str(part))}" for part in error.absolute_path)
    expected: Any = error.validator_value
    if error.validator == "additionalProperties" and isinstance(error.instance, dict):
        schema = error.schema if isinstance(error.schema, dict) else {}
        allowed = sorted(schema.get("properties", {}))
        for key in error.instance:
            if key not in allowed:
                where = f"{pointer}/{pointer_token(key)}"
                message = f"unknown key {key!r}{_key_hint(key, allowed, schema_name)}"
                yield Problem(message, loaded.line_for(where), where)
    elif error.validator == "required" and isinstance(error.instance, dict):
        for key in expected:
            if key not in error.instance:
                yield Problem(f"missing required key {key!r}", loaded.line_for(pointer), pointer)
    else:
        yield Problem(_message(error), loaded.line_for(pointer), pointer)


def _message(error: ValidationError) -> str:
    """A one-line message for a value error, without the pointer (the Problem carries it)."""
    kind, value = str(error.validator), error.instance
    expected: Any = error.validator_value
    if kind == "type":
        names = [expected] if isinstance(expected, str) else list(expected)
        return (
            f"must be {' or '.join(_TYPE_NAMES.get(n, n) for n in names)}, got {_describe(value)}"
        )
    if kind == "enum":
        choices = ", ".join(_show(choice) for choice in expected)
        hint = _hint(value, [str(c) for c in expected]) if isinstance(value, str) else ""
        return f"must be one of: {choices}; got {_quote(value)}{hint}"
    if kind == "const":
        return f"must be {_quote(expected)}, got {_quote(value)}"
    if kind in _BOUNDS:
        return f"must be {_BOUNDS[kind]} {_show(expected)}, got {_show(value)}"
    if kind == "minLength":
        return "must not be empty" if expected == 1 else f"must have at least {expected} characters"
    if kind == "pattern":
        name = _PATTERN_NAMES.get(expected, f"text matching {expected}")
        return f"must be {name}, got {_quote(value)}"
    if kind == "format" and expected == "date":
        if _parses_as_date(value):
            return f"must be a date from {MIN_DATE} to {MAX_DATE}, got {_quote(value)}"
        return f"must be a date (YYYY-MM-DD), got {_quote(value)}"
    return " ".join(str(error.message).split())


def _key_hint(key: str, allowed: list[str], schema: str) -> str:
    """Where ``key`` belongs when the schema allows it elsewhere, else a close sibling."""
    elsewhere = _key_places(schema).get(key, [])
    if elsewhere:
        return f" (did you mean {' or '.join(repr(path) for path in elsewhere[:3])}?)"
    return _hint(key, allowed)


def _hint(word: str, choices: Iterable[str]) -> str:
    """`` (did you mean 'x'?)`` when a close match exists, else ``""``: first the same word
    spelled another way (case, ``-`` for ``_``, singular for plural: ``tool_call`` for
    ``tool_calls``), then a close one."""
    known = list(choices)
    same = [c for c in known if _spelling(c) == _spelling(word)]
    import difflib  # here: only a refused document gets hints

    match = same or difflib.get_close_matches(word, known, n=1, cutoff=0.6)
    return f" (did you mean {match[0]!r}?)" if match else ""


def _spelling(word: str) -> str:
    """A word without what tells its spellings apart: ``ToolCalls``, ``tool-calls`` and
    ``tool_call`` are all ``tool_call``."""
    snake = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", word.strip()).lower()
    return re.sub(r"[\s.\-_]+", "_", snake).removesuffix("s")


def _describe(value: Any) -> str:
    """The kind and value of ``value``: ``string '97'``, ``number 5``, ``a list``."""
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    if value is None:
        return "null"
    kind = (
        "boolean" if isinstance(value, bool) else "string" if isinstance(value, str) else "number"
    )
    return f"{kind} {_quote(value)}"


def _show(value: Any) -> str:
    """A value as written in YAML: strings bare, booleans lowercase, None as null."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    if isinstance(value, list | dict):
        return _describe(value)
    return str(value)


def _quote(value: Any) -> str:
    """Strings quoted and cut to 60 characters, other values as ``_show``."""
    if isinstance(value, str):
        text = repr(value)
        return text if len(text) <= 60 else text[:56] + "...'"
    return _show(value)

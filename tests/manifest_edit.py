"""Test helper: edit a manifest document by JSON-pointer-like paths."""

from __future__ import annotations

from typing import Any


def set_pointer(doc: dict[str, Any], pointer: str, value: Any) -> None:
    """Set ``/a/b/c`` in ``doc`` (creating mappings on the way); ``None`` deletes the key."""
    keys = pointer.strip("/").split("/")
    node = doc
    for key in keys[:-1]:
        node = node.setdefault(key, {})
    if value is None:
        node.pop(keys[-1], None)
    else:
        node[keys[-1]] = value

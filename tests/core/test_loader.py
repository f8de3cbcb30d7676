"""Tests for aimm.core.loader: safe reading, line numbers, aliases, discovery."""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any

import pytest

from aimm.core.errors import ManifestError
from aimm.core.loader import MAX_BYTES, MAX_DEPTH, LoadedManifest, discover, load_manifest
from tests.support import DATA

VALID = DATA / "valid"


def _pointers(value: Any, pointer: str = "") -> list[str]:
    """Every JSON pointer below ``value`` (keys and list items)."""
    if isinstance(value, dict):
        items = [(str(k).replace("~", "~0").replace("/", "~1"), v) for k, v in value.items()]
    elif isinstance(value, list):
        items = [(str(i), v) for i, v in enumerate(value)]
    else:
        return []
    found: list[str] = []
    for token, child in items:
        found += [f"{pointer}/{token}", *_pointers(child, f"{pointer}/{token}")]
    return found


def _line_of(path: Path, text: str) -> int:
    """The 1-based line of the first line of ``path`` containing ``text``."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(number for number, line in enumerate(lines, 1) if text in line)


def _error(path: Path) -> ManifestError:
    """The ManifestError that loading ``path`` raises."""
    with pytest.raises(ManifestError) as caught:
        load_manifest(path)
    return caught.value


def test_every_key_and_item_has_a_line() -> None:
    """The line table covers every pointer of the data, plus the root."""
    loaded = load_manifest(VALID / "full_example.yaml")
    assert loaded.lines[""] == 1
    assert set(_pointers(loaded.data)) | {""} == set(loaded.lines)


@pytest.mark.parametrize(
    ("pointer", "text"),
    [
        ("/apiVersion", "apiVersion: aimm/v1"),
        ("/metadata/owners/on_call", "on_call: payments-ai-oncall"),
        ("/metadata/labels/cost-center", "labels: {cost-center"),
        ("/system/providers/0", "providers: [anthropic]"),
        ("/posture/visibility/tracing/coverage", "coverage: 97"),
        ("/posture/evaluation/suites/0", "- {name: billing-golden"),
        ("/posture/evaluation/suites/0/cases", "- {name: billing-golden"),
        ("/posture/cost/limits/org", "org: 50000"),
        ("/posture/audit/audit_trail/covers/4", "covers: [prompts"),
        ("/waivers/0", "- control: EVA-5.1"),
        ("/waivers/0/expires", "expires: 2027-02-28"),
    ],
)
def test_lines_point_at_the_key_or_item(pointer: str, text: str) -> None:
    """A pointer's line is the line where its key or list item is written."""
    path = VALID / "full_example.yaml"
    assert load_manifest(path).lines[pointer] == _line_of(path, text)


def test_line_for_walks_up_to_the_nearest_known_pointer() -> None:
    """An unknown pointer falls back to its nearest ancestor, then to line 1."""
    loaded = LoadedManifest(Path("m.yaml"), {}, {"": 1, "/posture": 7, "/posture/cost": 9})
    assert loaded.line_for("/posture/cost/limits/org") == 9
    assert loaded.line_for("/posture/audit") == 7
    assert loaded.line_for("/nowhere") == 1
    assert loaded.line_for("") == 1


def test_keys_are_escaped_in_pointers() -> None:
    """A '/' in a key is escaped as '~1' (RFC 6901)."""
    loaded = load_manifest(VALID / "anchors.yaml")
    assert loaded.data["metadata"]["labels"]["tier/owner"] == "platform"
    assert "/metadata/labels/tier~1owner" in loaded.lines


def test_dates_load_as_iso_strings() -> None:
    """Unquoted YAML dates and quoted dates both load as 'YYYY-MM-DD' strings."""
    waivers = load_manifest(VALID / "waiver_dates.yaml").data["waivers"]
    assert [w["expires"] for w in waivers] == ["2027-02-28", "2026-12-31", "2026-01-15"]


def test_plain_scalars_keep_their_yaml_types() -> None:
    """Numbers, booleans and quoted numbers load as PyYAML's safe loader reads them."""
    data = load_manifest(VALID / "anchors.yaml").data
    assert data["risk"]["interacts_with_humans"] is True
    assert data["posture"]["visibility"]["tracing"]["coverage"] == 85.5
    assert data["metadata"]["labels"]["cost-center"] == "4411"
    assert data["posture"]["visibility"]["instrumentation_standard"] == ""


def test_yaml_1_1_booleans_are_booleans(tmp_path: Path) -> None:
    """As with PyYAML (YAML 1.1), yes/no/on/off values are booleans, and 0x10 is 16."""
    path = tmp_path / "aimm.yaml"
    path.write_text("a: yes\nb: off\nc: 0x10\nd: '0x10'\n", encoding="utf-8")
    assert load_manifest(path).data == {"a": True, "b": False, "c": 16, "d": "0x10"}


def test_aliases_expand_to_independent_copies_with_lines(tmp_path: Path) -> None:
    """An alias is a deep copy of its anchor; its keys get the anchor's lines."""
    path = tmp_path / "aimm.yaml"
    path.write_text("a: &x\n  b: [1, 2]\nc: *x\n", encoding="utf-8")
    loaded = load_manifest(path)
    assert loaded.data == {"a": {"b": [1, 2]}, "c": {"b": [1, 2]}}
    loaded.data["c"]["b"].append(3)
    assert loaded.data["a"]["b"] == [1, 2]
    assert loaded.lines["/c"] == 3
    assert loaded.lines["/c/b"] == loaded.lines["/a/b"] == 2
    assert loaded.lines["/c/b/1"] == 2


def test_alias_bomb_fails_fast(data_dir: Path) -> None:
    """Billion laughs stops at the alias budget, far under a second (a guard, not a benchmark)."""
    start = time.perf_counter()
    error = _error(data_dir / "hostile" / "alias_bomb.yaml")
    assert time.perf_counter() - start < 1.0
    assert "possible alias bomb" in error.problems[0].message


def test_file_over_the_size_limit_is_refused(tmp_path: Path) -> None:
    """A file over MAX_BYTES is refused from its size, before parsing."""
    path = tmp_path / "big.yaml"
    path.write_text("description: " + "x" * MAX_BYTES + "\n", encoding="utf-8")
    problem = _error(path).problems[0]
    assert "file too large" in problem.message
    assert str(MAX_BYTES) in problem.message
    assert problem.line is None


def test_megabyte_deep_nesting_fails_cleanly(tmp_path: Path) -> None:
    """Nesting a million levels deep is one located error, not a crash or a hang. Which
    layer stops it (our MAX_DEPTH, or PyYAML's own limit, which 6.0.4 added) and its wording
    are not ours to pin: only that it is a line-1 manifest error, quickly."""
    path = tmp_path / "deep.yaml"
    path.write_text("a: " + "[" * (MAX_BYTES - 10), encoding="utf-8")
    start = time.perf_counter()
    error = _error(path)
    assert time.perf_counter() - start < 1.0
    assert len(error.problems) == 1
    assert error.problems[0].line == 1
    assert "\n" not in str(error)


def test_nesting_past_max_depth_is_our_error(tmp_path: Path) -> None:
    """Just past MAX_DEPTH (far below any parser's own limit), the message is ours."""
    path = tmp_path / "deep.yaml"
    path.write_text("a: " + "[" * (MAX_DEPTH + 1) + "]" * (MAX_DEPTH + 1) + "\n", encoding="utf-8")
    assert f"nesting deeper than {MAX_DEPTH} levels" in _error(path).problems[0].message


def test_directory_is_refused(tmp_path: Path) -> None:
    """A folder given as a manifest is a one-line error."""
    assert "is a directory" in _error(tmp_path).problems[0].message


def test_missing_file_is_refused(tmp_path: Path) -> None:
    """A file that does not exist is a one-line error, not a traceback."""
    error = _error(tmp_path / "absent.yaml")
    assert error.problems[0].message.startswith("cannot read file:")
    assert str(tmp_path / "absent.yaml") in str(error)


def test_utf8_byte_order_mark_is_accepted() -> None:
    """A UTF-8 BOM is skipped."""
    assert load_manifest(VALID / "bom.yaml").data["metadata"]["name"] == "bom-bot"


def test_discover_finds_nested_manifests_sorted_and_skips_vendored(tmp_path: Path) -> None:
    """Folders yield every aimm.yaml below them, sorted; .git and node_modules are skipped."""
    for folder in ["b/c", "a", "a-b", ".git", "node_modules/pkg", "a/deeper"]:
        (tmp_path / folder).mkdir(parents=True, exist_ok=True)
        (tmp_path / folder / "aimm.yaml").write_text("", encoding="utf-8")
    (tmp_path / "a" / "other.yaml").write_text("", encoding="utf-8")
    os.symlink(tmp_path, tmp_path / "a" / "loop", target_is_directory=True)
    found = discover([tmp_path])
    assert found == [
        tmp_path / "a" / "aimm.yaml",
        tmp_path / "a" / "deeper" / "aimm.yaml",
        tmp_path / "a-b" / "aimm.yaml",
        tmp_path / "b" / "c" / "aimm.yaml",
    ]


def test_discover_keeps_files_as_given_and_drops_duplicates(tmp_path: Path) -> None:
    """Files are returned as given, whatever their name, in argument order, once each."""
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "aimm.yaml").write_text("", encoding="utf-8")
    other = tmp_path / "custom.yaml"
    assert discover([other, str(tmp_path / "sub"), tmp_path / "sub" / "aimm.yaml"]) == [
        other,
        tmp_path / "sub" / "aimm.yaml",
    ]


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("apiVersion: aimm/v1\nkind: [\n", 2),  # unclosed at end of file: not past the content
        ("a:\n  b: [1, 2\n  c: 3\n", 2),  # unclosed flow list: where it opens
        ('a: "abc\nb: 2\n', 1),  # unclosed quote: where it opens
        ("a: 1\nb\nc: 2\n", 2),  # key without ':'
        ("a:\n  b: 1\n c: 2\n", 3),  # bad indentation: the offending line
    ],
)
def test_syntax_error_points_at_the_line_to_fix(tmp_path: Path, text: str, line: int) -> None:
    """YAML syntax errors are one line, located where the fix is likely needed."""
    path = tmp_path / "aimm.yaml"
    path.write_text(text, encoding="utf-8")
    problem = _error(path).problems[0]
    assert problem.message.startswith("invalid YAML: ")
    assert problem.line == line


def test_the_character_classes_are_the_complements_they_stand_for() -> None:
    """The forbidden-character classes (written as ranges for a fast start-up) match exactly
    the characters outside YAML's printable set and outside XML 1.0's."""
    import re

    from aimm.core import loader, text

    everything = "".join(chr(i) for i in range(0x110000))
    printable = re.compile("[^\t\n\r\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
    xml = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
    for fast, slow in ((loader._NOT_PRINTABLE, printable), (text._NOT_XML, xml)):
        assert fast.findall(everything) == slow.findall(everything)

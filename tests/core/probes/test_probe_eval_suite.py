"""The eval_suite probe counts cases in every supported format and compares the claim."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from aimm.core.probes import _read, eval_suite
from tests.core.probes.probe_fixtures import suite_manifest, target_maker


def _write(tmp_path: Path, name: str, content: str) -> Path:
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(content, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("name", "content", "cases", "format"),
    [
        (
            "promptfoo.yaml",
            "prompts: [p.txt]\ntests:\n  - vars: {q: a}\n  - vars: {q: b}\n  - vars: {q: c}\n",
            3,
            "promptfoo tests",
        ),
        ("cases.yaml", "suite: s\ncases:\n  - {id: 1}\n  - {id: 2}\n", 2, "YAML cases"),
        ("list.yml", "- {input: a}\n- {input: b}\n", 2, "YAML list"),
        ("empty.yaml", "# nothing yet\n", 0, "YAML (empty)"),
        ("no-cases.yaml", "suite: s\ncases: []\n", 0, "YAML cases"),
        ("list.json", '[{"input": "a"}, {"input": "b"}, {"input": "c"}]', 3, "JSON list"),
        ("samples.json", '{"samples": [{"x": 1}]}', 1, "JSON samples"),
        (
            "openai.jsonl",
            '{"input": "a"}\n\n{"input": "b"}\n  \n{"input": "c"}\n',
            3,
            "JSONL lines",
        ),
        ("empty.jsonl", "", 0, "JSONL lines"),
        (
            "cases.csv",
            'question,expected\n"What is\na refund?",policy\nhello,greeting\n\n',
            2,
            "CSV rows after the header",
        ),
        ("header-only.csv", "question,expected\n", 0, "CSV rows after the header"),
        ("cases.tsv", "q\ta\nx\ty\n", 1, "TSV rows after the header"),
    ],
)
def test_counts_each_format(
    tmp_path: Path, name: str, content: str, cases: int, format: str
) -> None:
    """Each supported format is counted exactly."""
    found = eval_suite.count(_write(tmp_path, name, content))
    assert (found.cases, found.exact, found.format) == (cases, True, format)


def test_counts_pytest_functions_with_ast(tmp_path: Path) -> None:
    """Test functions and Test* methods count; a literal parametrize list multiplies; nothing is
    imported (the module would raise if it were)."""
    source = """
import pytest
raise SystemExit("imported!")

def test_one(): ...

async def test_two(): ...

def helper(): ...

@pytest.mark.parametrize("q", ["a", "b", "c"])
@pytest.mark.parametrize("lang", ["en", "de"])
def test_grid(q, lang): ...

class TestRefunds:
    def test_full(self): ...
    def setup_method(self): ...

class Helpers:
    def test_not_collected(self): ...
"""
    found = eval_suite.count(_write(tmp_path, "test_evals.py", source))
    assert (found.cases, found.exact, found.format) == (
        1 + 1 + 6 + 1,
        True,
        "pytest test functions",
    )


def test_deepeval_dataset_parametrize_is_a_lower_bound(tmp_path: Path) -> None:
    """Parametrized over a computed dataset, the count is only a lower bound."""
    source = (
        "import pytest\nfrom deepeval.dataset import EvaluationDataset\n"
        "dataset = EvaluationDataset()\n\n"
        '@pytest.mark.parametrize("test_case", dataset)\ndef test_answer(test_case): ...\n'
    )
    found = eval_suite.count(_write(tmp_path, "test_deepeval.py", source))
    assert (found.cases, found.exact) == (1, False)
    assert "computed at run time" in found.note


def test_promptfoo_tests_loaded_from_files_are_a_lower_bound(tmp_path: Path) -> None:
    """promptfoo ``file://`` entries load cases the probe does not read."""
    content = "tests:\n  - file://more.yaml\n  - vars: {q: a}\n"
    found = eval_suite.count(_write(tmp_path, "p.yaml", content))
    assert (found.cases, found.exact) == (1, False)
    found = eval_suite.count(_write(tmp_path, "q.yaml", "tests: file://tests/*.csv\n"))
    assert found.cases is None
    assert "file://tests/*.csv" in found.note


@pytest.mark.parametrize(
    ("name", "content", "note"),
    [
        ("notes.txt", "twelve cases", "unknown format (.txt)"),
        ("README", "twelve cases", "unknown format (without a suffix)"),
        ("suite.yaml", "suite: s\ncases: 20\n", "cases is a int, not a list"),
        ("suite.yaml", "suite: s\ndataset: s3://bucket/x\n", "no list of cases under"),
        ("bad.yaml", "a: [1\n", "the file is not valid YAML at line 2"),
        ("tagged.yaml", "!!python/object:os.system x\n", "the file is not valid YAML"),
        ("bad.jsonl", '{"a": 1}\nnot json\n', "line 2 is not JSON"),
        ("bad.json", "{", "not valid JSON"),
        ("broken.py", "def test_x(:\n", "not valid Python"),
        ("latin1.csv", "q\n", "is not UTF-8 text"),
    ],
)
def test_unknown_or_unreadable_is_not_counted(
    tmp_path: Path, name: str, content: str, note: str
) -> None:
    """Anything the probe cannot count is reported as not counted, with why."""
    path = _write(tmp_path, name, content)
    if name == "latin1.csv":
        path.write_bytes(b"question\ncaf\xe9\n")
    found = eval_suite.count(path)
    assert found.cases is None
    assert note in found.note


def test_folder_of_suite_files(tmp_path: Path) -> None:
    """A folder sums its files of known formats; other files and hidden folders are skipped."""
    folder = tmp_path / "evals"
    _write(folder, "a.jsonl", '{"q": 1}\n{"q": 2}\n')
    _write(folder, "nested/b.yaml", "tests:\n  - vars: {}\n")
    _write(folder, "README.md", "# about the evals\n")
    _write(folder, ".cache/c.jsonl", '{"q": 1}\n' * 50)
    found = eval_suite.count(folder)
    assert (found.cases, found.exact, found.format) == (3, True, "folder of 2 files")


def test_folder_skips_symlinks(tmp_path: Path) -> None:
    """A symlinked file in a suite folder is not followed (it could point anywhere)."""
    outside = _write(tmp_path, "outside.jsonl", '{"q": 1}\n' * 10)
    folder = tmp_path / "evals"
    _write(folder, "a.jsonl", '{"q": 1}\n')
    (folder / "link.jsonl").symlink_to(outside)
    assert eval_suite.count(folder).cases == 1


def test_folder_with_an_uncounted_file_is_a_lower_bound(tmp_path: Path) -> None:
    """One file the probe cannot count makes the folder's total a lower bound."""
    folder = tmp_path / "evals"
    _write(folder, "a.jsonl", '{"q": 1}\n')
    _write(folder, "b.yaml", "dataset: s3://x\n")
    found = eval_suite.count(folder)
    assert (found.cases, found.exact) == (1, False)
    assert "b.yaml not counted" in found.note


def test_streaming_stops_at_the_size_bound(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """JSONL is read line by line up to the bound; past it the count is a lower bound."""
    monkeypatch.setattr(_read, "MAX_STREAM_BYTES", 100)
    path = _write(tmp_path, "big.jsonl", '{"q": 1}\n' * 1000)
    found = eval_suite.count(path)
    assert found.exact is False
    assert found.cases is not None and found.cases < 1000
    assert "read stopped at" in found.note


def test_csv_blocks_split_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """CSV text is decoded a block at a time: a character, a line or a quoted field that
    straddles two blocks is read whole, and the count equals the line-by-line reading."""
    monkeypatch.setattr(_read, "_BLOCK", 7)
    text = '\ufeffq,a\n"é\nmulti-line",ü\n' + "".join(f"ж{i},€\n" for i in range(50)) + "last,x"
    path = _write(tmp_path, "cases.csv", text)
    assert list(_read.stream_text_lines(path)) == text.removeprefix("\ufeff").splitlines(
        keepends=True
    )
    found = eval_suite.count(path)
    assert (found.cases, found.exact) == (52, True)


def test_csv_past_the_bound_is_a_lower_bound(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(_read, "_BLOCK", 64)
    monkeypatch.setattr(_read, "MAX_STREAM_BYTES", 100)
    path = _write(tmp_path, "big.csv", "q,a\n" + "x,y\n" * 1000)
    found = eval_suite.count(path)
    assert found.exact is False
    assert found.cases is not None and 0 < found.cases < 30
    assert "read stopped at" in found.note


def test_a_bound_inside_a_character_is_still_a_lower_bound(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The read bound falling between the two bytes of "é": the rows before it are counted,
    the file is not called "not UTF-8"."""
    monkeypatch.setattr(_read, "_BLOCK", 1000)
    text = "input,expected\n" + "café,ok\n" * 1000
    cut = text.encode().index("é".encode()) + 1 + 9 * len("café,ok\n".encode())
    monkeypatch.setattr(_read, "MAX_STREAM_BYTES", cut)
    found = eval_suite.count(_write(tmp_path, "cases.csv", text))
    assert (found.cases, found.exact) == (9, False)
    assert "read stopped at" in found.note


@pytest.mark.parametrize(
    ("data", "detail"),
    [
        (b"q,a\n" + b"x,y\n" * 40 + b"\x00\x01", "is binary, not text"),
        (b"q,a\n" + b"x,y\n" * 40 + b"caf\xe9\n", "is not UTF-8 text (byte 0xe9)"),
        (b"q,a\n" + b"x,\xc3", "is not UTF-8 text (byte 0xc3)"),  # cut inside a character
    ],
)
def test_csv_that_is_not_text_is_not_counted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, data: bytes, detail: str
) -> None:
    monkeypatch.setattr(_read, "_BLOCK", 16)
    path = tmp_path / "bad.csv"
    path.write_bytes(data)
    found = eval_suite.count(path)
    assert found.cases is None
    assert detail in found.note


def test_parsed_formats_refuse_files_over_the_bound(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A YAML file larger than the parse bound is not loaded, only reported."""
    monkeypatch.setattr(_read, "MAX_PARSE_BYTES", 64)
    found = eval_suite.count(_write(tmp_path, "big.yaml", "tests:\n" + "  - {}\n" * 100))
    assert found.cases is None
    assert "larger than" in found.note


def test_a_fifo_is_never_opened_for_reading(tmp_path: Path) -> None:
    """A FIFO named like a suite would block a plain open(); it is refused instead."""
    fifo = tmp_path / "suite.jsonl"
    os_mkfifo = getattr(__import__("os"), "mkfifo", None)
    if os_mkfifo is None:
        pytest.skip("no FIFOs on this platform")
    os_mkfifo(fifo)
    found = eval_suite.count(fifo)
    assert found.cases is None
    assert "not a regular file" in found.note


def test_probe_contradicts_a_declared_count_above_the_file(tmp_path: Path) -> None:
    """Declared above what the file holds: contradicted, with both numbers in the detail."""
    make_target = target_maker(tmp_path)
    target = make_target("evals/a.jsonl", suite_manifest("evals/a.jsonl", 120), '{"q": 1}\n' * 3)
    assert eval_suite.probe(target) == {
        "status": "contradicted",
        "detail": "evals/a.jsonl holds 3 cases (JSONL lines), fewer than the 120 declared",
        "format": "JSONL lines",
        "counted": 3,
        "exact": True,
        "declared": 120,
    }


def test_probe_contradicts_an_empty_suite(tmp_path: Path) -> None:
    """A file with no cases at all is contradicted whatever the claim."""
    make_target = target_maker(tmp_path)
    target = make_target("evals/a.yaml", suite_manifest("evals/a.yaml"), "cases: []\n")
    report = eval_suite.probe(target)
    assert (report["status"], report["detail"]) == (
        "contradicted",
        "evals/a.yaml holds no cases (YAML cases)",
    )


def test_probe_verifies_a_claim_the_file_bears_out(tmp_path: Path) -> None:
    """A file holding at least the declared number verifies the claim."""
    make_target = target_maker(tmp_path)
    target = make_target("evals/a.jsonl", suite_manifest("evals/a.jsonl", 2), '{"q": 1}\n' * 5)
    report = eval_suite.probe(target)
    assert (report["status"], report["detail"]) == (
        "verified",
        "evals/a.jsonl holds 5 cases (JSONL lines)",
    )


def test_probe_leaves_an_unknown_format_unverified(tmp_path: Path) -> None:
    """An unknown format is "not counted": the declared number stays unverified."""
    make_target = target_maker(tmp_path)
    target = make_target("evals/a.txt", suite_manifest("evals/a.txt", 50), "fifty cases")
    report = eval_suite.probe(target)
    assert (report["status"], report["counted"], report["declared"]) == ("unverified", None, 50)
    assert report["detail"] == "evals/a.txt: not counted (unknown format (.txt))"


def test_probe_leaves_a_lower_bound_below_the_claim_unverified(tmp_path: Path) -> None:
    """A lower bound under the claim cannot contradict it."""
    make_target = target_maker(tmp_path)
    source = '@pytest.mark.parametrize("c", cases())\ndef test_x(c): ...\n'
    target = make_target("evals/test_x.py", suite_manifest("evals/test_x.py", 40), source)
    report = eval_suite.probe(target)
    assert report["status"] == "unverified"
    assert "fewer than the 40 declared" in report["detail"]


def test_probe_reads_the_regression_path(tmp_path: Path) -> None:
    """regression.path is a suite too, compared with regression.cases."""
    make_target = target_maker(tmp_path)
    manifest = {"posture": {"evaluation": {"regression": {"cases": 640, "path": "r.jsonl"}}}}
    report = eval_suite.probe(make_target("r.jsonl", manifest, '{"q": 1}\n' * 4))
    assert (report["status"], report["declared"]) == ("contradicted", 640)


def test_a_suite_file_shared_in_a_run_is_counted_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two manifests of one run declaring the same suite: one count, each its own verdict."""
    make_target = target_maker(tmp_path)
    first = make_target("evals/a.jsonl", suite_manifest("evals/a.jsonl", 2), '{"q": 1}\n' * 3)
    second = dataclasses.replace(
        make_target("evals/a.jsonl", suite_manifest("evals/a.jsonl", 9)), cache=first.cache
    )
    counted: list[Path] = []
    real_count = eval_suite.count

    def spy(path: Path) -> eval_suite.Count:
        counted.append(path)
        return real_count(path)

    monkeypatch.setattr(eval_suite, "count", spy)
    assert eval_suite.probe(first)["status"] == "verified"
    assert eval_suite.probe(second)["status"] == "contradicted"
    assert counted == [first.path]
    # Another run (a new cache) reads the file again.
    eval_suite.probe(make_target("evals/a.jsonl", suite_manifest("evals/a.jsonl", 2)))
    assert len(counted) == 2

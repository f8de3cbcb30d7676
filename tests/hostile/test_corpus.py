"""Run every case of the hostile-input corpus (see ``corpus.py`` for what each one asserts)."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from aimm.cli import COMMANDS
from tests.hostile.cases_faults import CASES as FAULTS
from tests.hostile.cases_injection import CASES as INJECTION
from tests.hostile.cases_models import CASES as MODELS
from tests.hostile.cases_output import CASES as OUTPUT
from tests.hostile.cases_trust import CASES as TRUST
from tests.hostile.corpus import Case, remove_tree, run_case

ALL: list[Case] = [*OUTPUT, *TRUST, *INJECTION, *FAULTS, *MODELS]


def test_the_corpus_is_large_and_covers_every_command() -> None:
    """At least 150 cases, unique ids, and every command of the CLI exercised."""
    ids = Counter(c.id for c in ALL)
    assert [i for i, n in ids.items() if n > 1] == []
    assert len(ALL) >= 150
    used = {c.argv[0] for c in ALL}
    assert used == set(COMMANDS), set(COMMANDS) - used
    assert {"bundle", "test"} <= {c.argv[1] for c in ALL if c.argv[0] == "policy"}


@pytest.mark.parametrize("case", ALL, ids=str)
def test_case(case: Case, tmp_path: Path, warm_cache: Path) -> None:
    """The case's exit code, message, bounds and footprint (see corpus.run_case)."""
    try:
        run_case(case, tmp_path / "case", warm_cache)
    finally:
        remove_tree(tmp_path / "case")

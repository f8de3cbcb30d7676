"""Fixtures every test folder shares: the isolated cache, a clean environment, the one CLI
runner, and the engines and Rego test results that are costly to build (built once a session).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import pickle
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path

import pytest
from click.testing import CliRunner

from aimm.check.run import check_paths
from aimm.cli import main
from aimm.core.engine import Engine
from aimm.core.frameworks import engine_for
from aimm.core.result import Report
from aimm.policy import runner
from aimm.policy.runner import PolicyTestResult
from tests.support import DATA, ROOT, TODAY, Cli, CliResult, RegoRun

# Settings of the developer's or CI's shell that would change what a test sees: an org config
# (AIMM_CONFIG), user models (AIMM_MODEL_PATH), the repository name CI puts in every report,
# the step summary `--format github` appends to, tracebacks instead of one-line errors, and
# the policy engine (AIMM_ENGINE, an OPA server's URL and token).
CLEANED = (
    "AIMM_CONFIG",
    "AIMM_MODEL_PATH",
    "AIMM_ENGINE",
    "AIMM_OPA_URL",
    "AIMM_OPA_TOKEN",
    "GITHUB_REPOSITORY",
    "CI_PROJECT_PATH",
    "GITHUB_STEP_SUMMARY",
    "AIMM_DEBUG",
)
ALL_PROFILES = ("eu-ai-act", "nist-ai-rmf", "iso-42001")


@pytest.fixture(scope="session", autouse=True)
def _isolated_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Every cache of the session in one temporary folder (AIMM_CACHE_DIR, XDG_CACHE_HOME and
    HOME point there): nothing is written to the developer's ~/.cache/aimm, and an engine
    compiled once is loaded by every later one.

    pip keeps its own cache (the wheel and pre-commit tests install packages): it is not
    aimm's, and a cold pip cache would make those tests download everything again.
    """
    home = tmp_path_factory.mktemp("home")
    pip_cache = os.environ.get("PIP_CACHE_DIR") or str(
        Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "pip"
    )
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("HOME", str(home))
        patch.setenv("XDG_CACHE_HOME", str(home / ".cache"))
        patch.setenv("AIMM_CACHE_DIR", str(home / ".cache" / "aimm"))
        patch.setenv("PIP_CACHE_DIR", pip_cache)
        patch.delenv("AIMM_NO_CACHE", raising=False)
        # Session fixtures (shared reports, engines) are built before any test's own cleaning.
        for name in CLEANED:
            patch.delenv(name, raising=False)
        yield home


@pytest.fixture(autouse=True)
def _clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """The developer's or CI's own settings must not change what a test sees."""
    for name in CLEANED:
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def data_dir() -> Path:
    """The folder of test data files (``tests/data``)."""
    return DATA


@pytest.fixture(scope="session")
def cli() -> Cli:
    """Run ``aimm ARGS`` in process (Click's isolation: its own stdout and stderr), as a user
    would; ``env`` sets (or, with None, unsets) variables for the run, ``cwd`` is the working
    folder for the run, ``stdin`` what is typed at the prompts. Returns the exit code, stdout
    and stderr."""

    def run(
        *args: str | Path,
        env: Mapping[str, str | None] | None = None,
        cwd: Path | None = None,
        stdin: str | None = None,
    ) -> CliResult:
        with contextlib.ExitStack() as stack:
            if cwd is not None:
                stack.enter_context(contextlib.chdir(cwd))
            out, err, _ = stack.enter_context(CliRunner().isolation(input=stdin, env=env))
            code = main([str(a) for a in args])
        return CliResult(code, out.getvalue().decode(), err.getvalue().decode())

    return run


@pytest.fixture(scope="session")
def engine() -> Engine:
    """The default model's engine, compiled once for the session."""
    return Engine()


@pytest.fixture(scope="session")
def examples_report() -> Report:
    """``aimm check examples`` from the repository root (every example: the single systems,
    examples/org, examples/regulated and examples/org-config under its org config), judged
    on TODAY; computed once for the session."""
    with contextlib.chdir(ROOT):
        return check_paths(["examples"], today=TODAY)


@pytest.fixture(scope="session")
def profile_engine() -> Engine:
    """An engine with all three regulatory profiles (the audit's), built once."""
    return engine_for({"profiles": list(ALL_PROFILES)})


@pytest.fixture(scope="session")
def rego_run(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> RegoRun:
    """:func:`aimm.policy.runner.run` remembered by its inputs (files and their content, data,
    test files), so a suite asked for twice (the built-in one: by its pytest cases and by
    ``aimm policy test``) compiles and runs once a session, across the xdist workers too:
    they share the session's temporary folder, and a lock lets one compute while the
    others wait for its results."""
    memo: dict[str, list[PolicyTestResult]] = {}
    # The session's folder above each worker's own; without workers, memory is enough.
    shared = (
        tmp_path_factory.getbasetemp().parent if hasattr(request.config, "workerinput") else None
    )

    def computed(key: str, compute: Callable[[], list[PolicyTestResult]]) -> list[PolicyTestResult]:
        if shared is None:
            return compute()
        from filelock import FileLock

        target = shared / f"rego-run-{hashlib.sha256(key.encode()).hexdigest()}.pickle"
        with FileLock(f"{target}.lock"):
            if target.is_file():
                results: list[PolicyTestResult] = pickle.loads(target.read_bytes())
                return results
            results = compute()
            partial = target.with_suffix(".partial")
            partial.write_bytes(pickle.dumps(results))
            partial.replace(target)  # a worker stopped while writing leaves no half file
            return results

    def run(
        files: Sequence[Path],
        data: dict[str, object] | None = None,
        tests_in: Sequence[Path] | None = None,
    ) -> list[PolicyTestResult]:
        key = json.dumps(
            [
                [[str(f), hashlib.sha256(Path(f).read_bytes()).hexdigest()] for f in files],
                data,
                None if tests_in is None else [str(f) for f in tests_in],
            ],
            sort_keys=True,
        )
        if key not in memo:
            memo[key] = computed(key, lambda: runner.run(files, data, tests_in))
        return list(memo[key])

    return run

"""Run the ``test_*`` rules of Rego policies on the embedded engine (like ``opa test``).

Every ``*_test.rego`` file names its package and its ``test_*`` rules; each rule is queried
on its own and passes only when it evaluates to ``true``. Undefined or an error is a failure,
so a test cannot pass by accident.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from regopy import Interpreter

from aimm.core.engine import compile_bundle, control_packages, entrypoint, read_policy
from aimm.core.errors import UsageError
from aimm.core.files import MAX_POLICY_BYTES, files_below

_PACKAGE = re.compile(r"^package\s+([A-Za-z_][\w.]*)\s*$", re.MULTILINE)
_TEST_RULE = re.compile(r"^(test_\w+)\s*(?:if\b|:=|=|\{)", re.MULTILINE)


@dataclass(frozen=True)
class PolicyTest:
    """One ``test_*`` rule in one test file."""

    file: Path
    package: str
    rule: str
    line: int


@dataclass(frozen=True)
class PolicyTestResult:
    """The outcome of one policy test."""

    test: PolicyTest
    passed: bool
    detail: str


def rego_files(folders: Iterable[Path]) -> list[Path]:
    """Every ``.rego`` file below the given folders, in a stable order."""
    files: set[Path] = set()
    for folder in folders:
        if folder.is_file():
            files.update(files_below_file(folder))
        else:
            files.update(files_below(folder, (".rego",), what="policy folder"))
    return sorted(files)


def files_below_file(path: Path) -> list[Path]:
    """A policy file given by name, within the size limit (UsageError otherwise)."""
    size = path.stat().st_size
    if size > MAX_POLICY_BYTES:
        raise UsageError(
            f"{path}: file too large ({size} bytes; the limit for a policy or catalog file is "
            f"{MAX_POLICY_BYTES} bytes)"
        )
    return [path]


def discover(files: Sequence[Path]) -> list[PolicyTest]:
    """Find the test rules in the ``*_test.rego`` files among ``files``."""
    tests: list[PolicyTest] = []
    for path in files:
        if not path.name.endswith("_test.rego"):
            continue
        source = read_policy(path)
        package = _PACKAGE.search(source)
        if package is None:
            continue
        seen: set[str] = set()
        for match in _TEST_RULE.finditer(source):
            rule = match.group(1)
            if rule in seen:
                continue
            seen.add(rule)
            line = source.count("\n", 0, match.start()) + 1
            tests.append(PolicyTest(path, package.group(1), rule, line))
    return tests


def run(
    files: Sequence[Path],
    data: dict[str, object] | None = None,
    tests_in: Sequence[Path] | None = None,
) -> list[PolicyTestResult]:
    """Compile every file once, with each discovered test rule as a bundle entrypoint, and
    run the tests one by one (a plain query would recompile every module per test).

    ``tests_in`` limits the tests run to those files (default: every file)."""
    interpreter = Interpreter()
    interpreter.strict_built_in_errors = True
    tests = discover(files if tests_in is None else tests_in)
    entrypoints = {t: "/".join([*t.package.split("."), t.rule]) for t in tests}
    # The control packages' results are entrypoints too, so every rule is compiled even in a
    # folder without tests.
    controls = [entrypoint(p) for p in control_packages(files)]
    bundle = compile_bundle(interpreter, files, data, [*entrypoints.values(), *controls])
    if not tests:
        return []
    results: list[PolicyTestResult] = []
    for test, point in entrypoints.items():
        try:
            text = str(interpreter.query_bundle_entrypoint(bundle, point))
        except Exception as exc:  # the engine reports rule errors as exceptions
            results.append(PolicyTestResult(test, False, f"error: {exc}".splitlines()[0]))
            continue
        passed = text.replace(" ", "") == '{"expressions":[true]}'
        results.append(PolicyTestResult(test, passed, "" if passed else text.strip()[:300]))
    return results


def main(argv: Sequence[str] | None = None) -> int:
    """Run the policy tests below the given folders and print one line per test."""
    args = list(sys.argv[1:] if argv is None else argv) or ["policies"]
    from aimm.core.model import ModelPath, models_data  # here: keeps this module usable alone

    installed = ModelPath()
    files = rego_files(Path(a) for a in args)
    results = run(files, models_data(installed.load(m) for m in installed.ids()))
    failed = [r for r in results if not r.passed]
    for r in results:
        mark = "PASS" if r.passed else "FAIL"
        print(f"{mark} {r.test.file}:{r.test.line} {r.test.package}.{r.test.rule} {r.detail}")
    print(f"{len(results) - len(failed)} passed, {len(failed)} failed")
    return 1 if failed or not results else 0


if __name__ == "__main__":
    raise SystemExit(main())

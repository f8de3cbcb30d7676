"""What the tests share besides fixtures: the date every run is judged on, the data folders,
and small helpers that build systems and org configs in a temporary folder.

Not a test module. Fixtures (the CLI runner, the shared engine, the isolated cache) live in
``tests/conftest.py``; this module holds what a test needs at import time (parametrization,
module constants) or in a helper.
"""

from __future__ import annotations

import shutil
from collections.abc import Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import Any, NamedTuple, Protocol

import yaml

from aimm.policy.runner import PolicyTestResult

# Every run is judged on this date, so waiver expiry and upcoming obligations are reproducible.
TODAY = date(2026, 11, 21)
TODAY_ARGS = ("--today", TODAY.isoformat())

ROOT = Path(__file__).resolve().parents[1]
TESTS = ROOT / "tests"
DATA = TESTS / "data"
EXAMPLES = ROOT / "examples"
REGULATED = EXAMPLES / "regulated"
EXAMPLE_ORG = EXAMPLES / "org"
ORG_CONFIG_EXAMPLE = EXAMPLES / "org-config"
# The all-passing system: every control passes, level 5 everywhere, tier high.
BASE = DATA / "controls" / "base"
DIMENSIONS = ("visibility", "evaluation", "cost", "access", "audit")

# libyaml when available: rewriting manifests is most of some tests' Python time.
LOADER: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
DUMPER: type[yaml.SafeDumper] = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


class CliResult(NamedTuple):
    """What ``aimm ARGS`` did: its exit code, stdout and stderr."""

    code: int
    out: str
    err: str


class Cli(Protocol):
    """The ``cli`` fixture: run ``aimm ARGS`` in process, as a user would."""

    def __call__(
        self,
        *args: str | Path,
        env: Mapping[str, str | None] | None = None,
        cwd: Path | None = None,
        stdin: str | None = None,
    ) -> CliResult: ...


class RegoRun(Protocol):
    """The ``rego_run`` fixture: :func:`aimm.policy.runner.run`, once per distinct input."""

    def __call__(
        self,
        files: Sequence[Path],
        data: dict[str, object] | None = None,
        tests_in: Sequence[Path] | None = None,
    ) -> list[PolicyTestResult]: ...


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


def mutate(folder: Path, mutations: Mapping[str, Any]) -> None:
    """Apply JSON-pointer mutations to ``folder/aimm.yaml`` (None removes the key)."""
    manifest = folder / "aimm.yaml"
    doc = yaml.load(manifest.read_text(encoding="utf-8"), Loader=LOADER)
    for pointer, value in mutations.items():
        set_pointer(doc, pointer, value)
    manifest.write_text(yaml.dump(doc, Dumper=DUMPER, sort_keys=False), encoding="utf-8")


def make_system(folder: Path, mutations: Mapping[str, Any] | None = None) -> Path:
    """A copy of the base system at ``folder`` with ``mutations`` applied; the folder."""
    shutil.copytree(BASE, folder)
    if mutations:
        mutate(folder, mutations)
    return folder


def write_config(path: Path, body: Mapping[str, Any] | str) -> Path:
    """An org config at ``path``: a mapping gets the apiVersion/kind header, text is as is."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(body, str):
        text = body
    else:
        text = yaml.safe_dump({"apiVersion": "aimm/v1", "kind": "OrgConfig", **body})
    path.write_text(text, encoding="utf-8")
    return path


def dims(*values: int) -> dict[str, int]:
    """A level or floor per dimension of the default model, in its order."""
    return dict(zip(DIMENSIONS, values, strict=True))


def run(args: list[str]) -> tuple[int, str, str]:
    """Run ``aimm ARGS`` in process, in Click's isolation (as the ``cli`` fixture does, for
    modules that call it outside a fixture); return exit code, stdout, stderr."""
    from click.testing import CliRunner

    from aimm.cli import main

    with CliRunner().isolation() as (out, err, _):
        code = main(args)
    return code, out.getvalue().decode(), err.getvalue().decode()

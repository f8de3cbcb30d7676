"""Org-scope controls: a model's criteria that are shares of the whole organisation.

Some seeds judge the organisation, not one system: the ai-platform pack's inventory that lists
70% of production systems, 40% of new workloads on a golden path, 80% of production workloads
on the platform. One manifest cannot show a share, so ``aimm check`` never evaluates them;
``aimm scan`` and ``aimm aggregate`` do, over every system of the org report. The model names
them in its model.yaml (``org_scope``: the Rego package, the per-system controls the shares
are made of, the catalog entries); the Rego (``policies/org/<model>/``, rule ``org_results``)
decides each outcome from the systems' statuses of those controls and the org config's
``inventory``. Python only gathers the input and adds the catalog's text.

The package is compiled with ``policies/core/lib`` alone, on regopy, once per process and
model: per-system evaluation never needs it.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from aimm.core.errors import EngineError, EvaluationError
from aimm.core.model import Model
from aimm.core.resources import policies_dir
from aimm.org.records import SystemPosture

RULE = "org_results"


@dataclass(frozen=True)
class OrgControl:
    """One org-scope control's outcome with its catalog text."""

    id: str
    level: int
    title: str
    status: str  # pass or fail
    message: str
    remediation: str


def document(systems: Sequence[SystemPosture], inventory: Mapping[str, Any]) -> dict[str, Any]:
    """The input of the org-scope rules: each system's identity, lifecycle and the statuses
    of the controls the rules read, in the org report's order, and the org's inventory."""
    return {
        "systems": [
            {
                "system": p.system,
                "team": p.team,
                "lifecycle": p.lifecycle,
                "controls": dict(sorted(p.statuses.items())),
            }
            for p in systems
        ],
        "inventory": dict(inventory),
    }


def evaluate(
    model: Model, systems: Sequence[SystemPosture], inventory: Mapping[str, Any]
) -> tuple[OrgControl, ...]:
    """The model's org-scope controls over ``systems`` (the postures under ``model``), in
    catalog order; none for a model without ``org_scope``. A rule that gives no outcome for a
    catalog control fails it (fail closed)."""
    scope = model.data.get("org_scope")
    if not scope:
        return ()
    outcomes = _query(str(scope["package"]), json.dumps(document(systems, inventory)))
    found: list[OrgControl] = []
    for entry in scope["controls"]:
        outcome = outcomes.get(entry["id"]) if isinstance(outcomes, dict) else None
        passed = isinstance(outcome, dict) and outcome.get("pass") is True
        message = outcome.get("message") if isinstance(outcome, dict) else None
        found.append(
            OrgControl(
                id=str(entry["id"]),
                level=int(entry["level"]),
                title=str(entry["title"]),
                status="pass" if passed else "fail",
                message=str(message) if isinstance(message, str) else "no outcome (fails closed)",
                remediation=" ".join(str(entry["remediation"]).split()),
            )
        )
    return tuple(found)


def _query(package: str, document_json: str) -> Any:
    interpreter, bundle, point = _compiled(package)
    try:
        interpreter.set_input_term(document_json)
        output = interpreter.query_bundle_entrypoint(bundle, point)
    except Exception as exc:
        raise EvaluationError(f"org-scope evaluation failed: {str(exc).splitlines()[0]}") from exc
    text = str(output)
    if not output.ok() or text.strip() == "undefined":
        raise EvaluationError(f"org-scope evaluation failed in {point}: {text.strip()[:200]}")
    expressions = json.loads(text).get("expressions") or [None]
    return expressions[0]


def folder_of(package: str) -> Path:
    """The folder of an org-scope package: ``aimm.org.ai_platform`` ->
    ``policies/org/ai-platform``."""
    return policies_dir() / "org" / package.removeprefix("aimm.org.").replace("_", "-")


def org_scope_dirs(models: Iterable[Model]) -> list[Path]:
    """The org-scope policy folders of ``models`` (those with ``org_scope``)."""
    return [
        folder_of(str(m.data["org_scope"]["package"])) for m in models if m.data.get("org_scope")
    ]


@cache
def _compiled(package: str) -> tuple[Any, Any, str]:
    """regopy with core/lib and the package's folder, built once for its rule."""
    from regopy import Interpreter

    from aimm.core.engine import compile_bundle
    from aimm.policy.runner import rego_files

    folder = folder_of(package)
    if not folder.is_dir():
        raise EngineError(f"org-scope package {package}: no folder {folder}")
    files = [
        p
        for p in rego_files([policies_dir() / "core" / "lib", folder])
        if not p.name.endswith("_test.rego")
    ]
    interpreter = Interpreter()
    interpreter.strict_built_in_errors = True
    point = "/".join([*package.split("."), RULE])
    return interpreter, compile_bundle(interpreter, files, None, [point]), point

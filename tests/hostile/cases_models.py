"""Models from a model path (``--model-path``, ``AIMM_MODEL_PATH``) and the models a manifest
or an org config names: a broken or hostile model is a located error, one manifest naming an
unknown model never stops the others, and a model's text reaches the terminal inert."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tests.hostile.cases_injection import ESC, _terminal_safe
from tests.hostile.corpus import Case, Outcome, chain, expect, files, manifest, write

T = ["--today", "2026-11-21"]
MODEL = {
    "id": "tiny",
    "title": "A two-dimension model",
    "version": 1,
    "levels": [{"level": 0, "name": "None"}, {"level": 1, "name": "Some"}],
    "dimensions": [{"id": "logging", "prefix": "TLG", "title": "Logging"}],
    "cells": {"logging": {"1": ["TLG-1.1"]}},
    "floors": {t: {"logging": 0} for t in ("low", "medium", "high", "critical")},
}
CONTROL = {
    "id": "TLG-1.1", "dimension": "logging", "level": 1, "title": "Logs exist",
    "check": "posture.visibility.logs is not none", "facts": ["/posture/visibility/logs"],
    "why": "w", "remediation": "r", "evidence": "e", "effort": "S", "frameworks": [],
}  # fmt: skip
REGO = (
    "package aimm.models.tiny.checks\n\nimport data.aimm.core.lib\n\n"
    'results["TLG-1.1"] := lib.outcome(true, "logs")\n'
)


def _model(model: dict[str, Any] | str = MODEL, rego: str = REGO, name: str = "tiny") -> Any:
    def build(tmp: Path) -> None:
        folder = tmp / "work" / "models" / name
        write(folder / "model.yaml", model)
        write(folder / "catalog.yaml", {"controls": [CONTROL]})
        write(folder / "checks.rego", rego)

    return build


SVC = files({"svc/aimm.yaml": manifest()})
MP = ["--model-path", "models"]


def _two_manifests_one_bad(o: Outcome) -> None:
    report = json.loads(o.stdout)
    statuses = {r["path"].split("/")[-2]: r["status"] for r in report["results"]}
    expect(statuses == {"bad": "error", "good": "evaluated"}, str(statuses))
    bad = next(r for r in report["results"] if r["status"] == "error")
    expect(bad["errors"][0]["pointer"] == "/models/0", str(bad))


CASES = [
    Case("models-missing-path", "exit-codes", SVC, ["models", "--model-path", "nope"], 2,
         message=r"model path nope: no such folder"),
    Case("models-builtin-id", "trust", _model(dict(MODEL, id="default"), name="default"),
         ["models", *MP], 2, message=r"model 'default' is built in"),
    Case("models-bad-yaml", "exit-codes", _model("id: [tiny\n"), ["models", *MP], 3,
         message=r"model definition: .*model\.yaml:\d+"),
    Case("models-bad-schema", "exit-codes", _model(dict(MODEL, levels=[{"level": 99}])),
         ["models", *MP], 3, message=r"model definition: .*model\.yaml:\d+: /levels"),
    Case("models-id-differs", "exit-codes", _model(dict(MODEL, id="other")), ["models", *MP], 3,
         message=r"id 'other' differs from its folder's name"),
    Case("models-esc-title", "injection", _model(dict(MODEL, title=f"t{ESC}")), ["models", *MP],
         0, check=_terminal_safe),
    Case("check-unknown-model", "exit-codes", SVC, ["check", "svc", "--model", "nope", *T], 2,
         message=r"unknown model 'nope'"),
    Case("check-model-foreign-package", "trust",
         chain(SVC, _model(rego="package aimm.core.report\n\nresults := {}\n")),
         ["check", "svc", "--model", "tiny", *MP, *T], 3,
         message=r"checks\.rego:1: package aimm\.core\.report is a built-in package"),
    Case("check-model-wrong-namespace", "trust",
         chain(SVC, _model(rego="package aimm.controls.x\n\nresults := {}\n")),
         ["check", "svc", "--model", "tiny", *MP, *T], 3,
         message=r"a model's policies live in packages aimm\.models\.tiny\.<name>"),
    Case("check-model-publishes-builtin", "trust",
         chain(SVC, _model(rego=REGO + 'results["VIS-3.1"] := lib.outcome(true, "x")\n')),
         ["check", "svc", "--model", "tiny", *MP, *T], 3,
         message=r"publishes VIS-3.1, which the catalog does not have"),
    Case("check-model-via-env", "exit-codes", chain(SVC, _model()),
         ["check", "svc", "--model", "tiny", *T], 0, env={"AIMM_MODEL_PATH": "models"}),
    Case("check-manifest-unknown-model", "one-bad-repo",
         files({"bad/aimm.yaml": manifest(models=["nope"]), "good/aimm.yaml": manifest()}),
         ["check", ".", "--format", "json", *T], 2, check=_two_manifests_one_bad),
    Case("check-org-unknown-model", "exit-codes",
         files({"aimm-org.yaml": {"apiVersion": "aimm/v1", "kind": "OrgConfig",
                                  "models": ["default", "nope"]},
                "svc/aimm.yaml": manifest()}),
         ["check", "svc", "--config", "aimm-org.yaml", *T], 2,
         message=r"aimm-org\.yaml:\d+: /models/1: unknown model 'nope'"),
    Case("controls-model-esc", "injection",
         _model(dict(MODEL, levels=[{"level": 0, "name": f"n{ESC}"}, {"level": 1, "name": "S"}])),
         ["controls", "--model", "tiny", *MP, "--format", "markdown"], 0, check=_terminal_safe),
]  # fmt: skip

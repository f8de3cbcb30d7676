"""``aimm audit`` as users run it: exit codes, input errors, engine failures, output files,
and the org config applied as in ``aimm check``."""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from aimm.core import evidence
from aimm.core.engine import Engine
from aimm.core.errors import EngineError
from aimm.core.probes import history
from tests.support import REGULATED, TODAY_ARGS, Cli, write_config


@pytest.mark.parametrize(
    ("target", "args", "code"),
    [
        ("it-ticket-router", [], 0),
        ("customer-chatbot", [], 1),
        ("credit-risk-model", [], 0),
        ("credit-risk-model", ["--enforce-upcoming"], 1),
        ("cv-screening", ["--today", "2027-12-02"], 0),
    ],
)
def test_exit_codes(target: str, args: list[str], code: int, cli: Cli) -> None:
    """0 when every applicable obligation in force is met or waived, 1 when one is unmet."""
    argv = ["audit", "--framework", "eu-ai-act", str(REGULATED / target), *TODAY_ARGS]
    if "2027-12-02" in args and _runbook_stale_on(REGULATED / target, date(2027, 12, 2)):
        # The runbook's age comes from git: once its last commit is over 365 days before the
        # day judged, AUD-4.7 fails and Art. 26(5) (audit >= 4) is unmet.
        code = 1
    assert cli(*argv, *args).code == code


def _runbook_stale_on(folder: Path, day: date) -> bool:
    """Whether git dates the example's runbook more than 365 days before ``day`` (the history
    probe's date; unknown outside a checkout)."""
    root = evidence.repository_root(folder)
    relative = (folder / "docs" / "runbook.md").resolve().relative_to(root).as_posix()
    changed = history.last_change(root, relative) if (root / ".git").exists() else None
    return changed is not None and (day - date.fromisoformat(changed)).days > 365


def test_input_errors_are_exit_2(tmp_path: Path, cli: Cli) -> None:
    """A manifest that cannot be read, an unknown framework or no framework: exit 2."""
    (tmp_path / "aimm.yaml").write_text("kind: [\n", encoding="utf-8")
    code, out, err = cli(
        "audit", "--framework", "eu-ai-act", tmp_path, REGULATED / "it-ticket-router"
    )
    assert code == 2
    assert "error:" in out and "it-ticket-router" in out
    code, _, err = cli("audit", "--framework", "eu-aia", REGULATED)
    assert (code, err) == (
        2,
        "aimm: unknown framework 'eu-aia'; one of: colorado-ai-act, eu-ai-act, iso-42001, "
        "nist-ai-600-1, nist-ai-rmf, nyc-ll144\n",
    )
    assert cli("audit", REGULATED).code == 2


def test_engine_failure_is_exit_3(monkeypatch: pytest.MonkeyPatch, cli: Cli) -> None:
    """A policy error stops the audit with exit 3; it is never dropped."""

    def broken(self: Engine, document: dict[str, Any], model_id: str | None = None) -> Any:
        raise EngineError("policy evaluation failed in aimm/frameworks/eu_ai_act/results: boom")

    monkeypatch.setenv("AIMM_ENGINE", "regopy")  # the engine patched here
    monkeypatch.setattr(Engine, "outcomes", broken)
    code, out, err = cli("audit", "--framework", "eu-ai-act", REGULATED / "it-ticket-router")
    assert (code, out) == (3, "")
    assert err.startswith("aimm: policy evaluation failed")


def test_output_file_matches_stdout(tmp_path: Path, cli: Cli) -> None:
    argv = ["audit", "--framework", "eu-ai-act", str(REGULATED / "cv-screening"), *TODAY_ARGS]
    code, out, _ = cli(*argv, "--format", "csv")
    target = tmp_path / "matrix.csv"
    assert cli(*argv, "--format", "csv", "-o", target)[:2] == (code, "")
    assert target.read_text(encoding="utf-8") == out


@pytest.mark.parametrize(
    ("flags", "evaluation_floor"),
    [([], 5), (["--no-config"], 4)],
    ids=["org-config", "no-config"],
)
def test_audit_applies_the_org_config_like_check(
    tmp_path: Path, flags: list[str], evaluation_floor: int, cli: Cli
) -> None:
    """The nearest aimm-org.yaml applies to an audit as to a check: here it raises the
    evaluation floor of tier high to 5, so the audit's check basis fails its gate."""
    shutil.copytree(REGULATED / "credit-risk-model", tmp_path / "credit-risk-model")
    (tmp_path / "aimm-org.yaml").write_text(
        "apiVersion: aimm/v1\nkind: OrgConfig\nfloors:\n  high: {evaluation: 5}\n",
        encoding="utf-8",
    )
    code, out, err = cli(
        "audit",
        "--framework",
        "eu-ai-act",
        tmp_path / "credit-risk-model",
        *TODAY_ARGS,
        "--format",
        "json",
        *flags,
    )
    (result,) = json.loads(out)["results"]
    assert result["floors"]["evaluation"] == evaluation_floor, err
    assert result["gate"]["passed"] is (evaluation_floor == 4)
    assert code in (0, 1)


def test_a_disabled_control_never_meets_a_regulatory_floor(tmp_path: Path, cli: Cli) -> None:
    """An org config disabling AUD-4.2 on a regulated system (credit-scoring domain: audit
    floor 4) holds audit at level 3: `aimm check --profile eu-ai-act` fails the gate with the
    disabled control blocking it, and `aimm audit` finds Art. 17 (audit level 4) unmet once in
    force. Without the config both pass. (Before issue 9 the disabled control let it pass.)"""
    folder = tmp_path / "credit-risk-model"
    shutil.copytree(REGULATED / "credit-risk-model", folder)
    reason = "the decision log is a mutable table"
    write_config(
        tmp_path / "aimm-org.yaml",
        {"disabled_controls": [{"control": "AUD-4.2", "reason": reason}]},
    )
    check: list[str | Path] = [
        "check",
        folder,
        *TODAY_ARGS,
        "--profile",
        "eu-ai-act",
        "--format",
        "json",
    ]
    code, out, err = cli(*check)
    assert code == 1, err
    (result,) = json.loads(out)["results"]
    assert (result["levels"]["audit"], result["floors"]["audit"]) == (3, 4)
    assert result["gate"] == {
        "passed": False,
        "reasons": ["audit is at level 3, below its floor of 4 (unwaived: AUD-4.2)"],
    }
    (aud,) = [c for c in result["controls"] if c["id"] == "AUD-4.2"]
    assert (aud["status"], aud["blocks_gate"]) == ("disabled", True)
    assert aud["message"] == f"disabled by the org config: {reason}"
    assert cli(*check, "--no-config").code == 0

    audit: list[str | Path] = [
        "audit",
        "--framework",
        "eu-ai-act",
        folder,
        "--today",
        "2027-12-02",
        "--format",
    ]
    floor_reason = "audit is at level 3, below its floor of 4 (unwaived: AUD-4.2)"
    # Without the config, Art. 17 is met: its grid levels pass and EU-17 finds the written
    # quality management system (docs/quality-management.md).
    unheld = (["--no-config"], "met", False)
    for flags, status, held in (([], "unmet", True), unheld):
        code, out, err = cli(*audit, "json", *flags)
        assert code == 1, err  # Arts. 43 and 49 are unmet either way (the example's README)
        (system,) = json.loads(out)["results"]
        art17 = next(o for o in system["obligations"] if o["clause"] == "Art. 17")
        assert art17["status"] == status, flags
        audit_level = next(q for q in art17["requirements"] if q.get("dimension") == "audit")
        assert (audit_level["min_level"], audit_level["status"]) == (
            4,
            "fail" if flags == [] else "pass",
        )
        assert (floor_reason in system["gate"]["reasons"]) is held

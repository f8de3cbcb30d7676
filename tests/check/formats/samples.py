"""Reports for the check formats' tests: hand-built results, and lookups in real ones.

Not a test module; the real reports are fixtures (``tests/check/formats/conftest.py``).
"""

from __future__ import annotations

from typing import Any

from aimm.core.result import ManifestResult, Report
from tests.support import EXAMPLES, ROOT, dims

BROKEN_MANIFEST = """\
apiVersion: aimm/v1
kind: AISystem
metadata:
  name: broken
  team: t
  ownerz: {}
system: {type: agent, lifecycle: production}
"""
# Every shipped single-system example and the org-config example (its config applies), as
# paths relative to the repository root: credit-scoring fails its gate, and
# returns-assistant fails Acme's evaluation floor. examples/org and examples/regulated have
# their own tests.
SYSTEMS = [
    *sorted(p.parent.relative_to(ROOT).as_posix() for p in EXAMPLES.glob("*/aimm.yaml")),
    "examples/org-config",
]


def result_named(report: Report, system: str) -> ManifestResult:
    """The result of the system named ``system``."""
    return next(r for r in report.results if r.system == system)


def control_named(result: ManifestResult, control_id: str) -> dict[str, Any]:
    """One control entry of a result."""
    return next(c for c in result.controls if c["id"] == control_id)


def synthetic(
    *,
    tier: str | None = "high",
    levels: dict[str, int] | None = None,
    floors: dict[str, int] | None = None,
    enforced: bool = True,
    lifecycle: str = "production",
    controls: tuple[dict[str, Any], ...] = (),
    waivers: tuple[dict[str, Any], ...] = (),
    path: str = "svc/aimm.yaml",
    gate_passed: bool = False,
    aspirations: tuple[str, ...] = (),
) -> ManifestResult:
    """A hand-built evaluated result (the reporters never re-evaluate, so any shape goes)."""
    return ManifestResult(
        path=path,
        status="evaluated",
        system="demo",
        team="demo-team",
        lifecycle=lifecycle,
        system_type="agent",
        tier=tier,
        levels=levels or dims(3, 3, 3, 3, 3),
        floors=floors or dims(3, 3, 3, 3, 3),
        floors_enforced=enforced,
        controls=controls,
        gate_passed=gate_passed,
        waivers=waivers,
        aspirations=aspirations,
    )


def ctl(
    control_id: str,
    dimension: str,
    level: int | None,
    status: str = "fail",
    line: int = 10,
    **extra: Any,
) -> dict[str, Any]:
    """A control entry as the report carries it."""
    entry: dict[str, Any] = {
        "id": control_id,
        "dimension": dimension,
        "level": level,
        "status": status,
        "message": f"{control_id} message",
        "title": f"{control_id} title",
        "remediation": f"fix {control_id}",
        "line": line,
    }
    entry.update(extra)
    return entry

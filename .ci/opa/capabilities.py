"""Write the OPA capabilities of rego-cpp 1.5.2 (the embedded engine regopy runs).

``opa check --capabilities .ci/opa/rego-cpp.capabilities.json`` then rejects a built-in the
embedded engine lacks, so a policy that OPA accepts but regopy cannot run fails in CI, not at a
user's. The list is OPA's own (``opa capabilities --current``, the pinned OPA) less every
built-in regopy does not know (``Interpreter.is_builtin``), less those it declares but fails on
(probed by hand, listed below). Operators (OPA marks them ``infix``) are kept: they are syntax.

    python .ci/opa/capabilities.py      # needs opa on PATH and regopy installed
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import regopy

OUT = Path(__file__).with_name("rego-cpp.capabilities.json")
# Declared by rego-cpp 1.5.2 but failing on valid arguments (docs/architecture.md).
DECLARED_NOT_WORKING = {"time.parse_rfc3339_ns"}
# Statements rego-cpp runs although they are not in its built-in table.
KEPT = {"print"}


def capabilities() -> dict[str, object]:
    """OPA's capabilities restricted to what regopy evaluates."""
    current = json.loads(
        subprocess.run(
            ["opa", "capabilities", "--current"], check=True, capture_output=True, text=True
        ).stdout
    )
    interpreter = regopy.Interpreter()
    kept = [
        b
        for b in current["builtins"]
        if "infix" in b
        or b["name"] in KEPT
        or (interpreter.is_builtin(b["name"]) and b["name"] not in DECLARED_NOT_WORKING)
    ]
    return {**current, "builtins": [_without_descriptions(b) for b in kept]}


def _without_descriptions(value: object) -> object:
    """The declaration without its prose (a third of the file, and not read by opa check)."""
    if isinstance(value, dict):
        return {k: _without_descriptions(v) for k, v in value.items() if k != "description"}
    if isinstance(value, list):
        return [_without_descriptions(v) for v in value]
    return value


def main() -> int:
    caps = capabilities()
    OUT.write_text(json.dumps(caps, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    print(f"{OUT}: {len(caps['builtins'])} built-ins")  # type: ignore[arg-type]
    return 0


if __name__ == "__main__":
    sys.exit(main())

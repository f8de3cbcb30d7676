"""aimm's own errors and the one place that maps them to exit codes.

Exit codes (contract): 0 every gate passed; 1 a gate failed and no input errors;
2 a manifest could not be read or validated, or the command was used wrongly;
3 the policy engine itself failed.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum

from aimm.core.text import one_line


class ExitCode(IntEnum):
    """Process exit codes, fixed by the contract."""

    OK = 0
    GATE_FAILED = 1
    INPUT_ERROR = 2
    ENGINE_ERROR = 3


class AimmError(Exception):
    """Base class: every aimm error carries a one-line message and an exit code."""

    exit_code: ExitCode = ExitCode.INPUT_ERROR

    def one_line(self) -> str:
        """The message as a single line, safe for a terminal (control characters escaped)."""
        return one_line(str(self))


@dataclass
class Problem:
    """One located problem in a manifest: a message, and where it is when known."""

    message: str
    line: int | None = None
    pointer: str | None = None

    def as_dict(self) -> dict[str, object]:
        """The contract's error entry: message, line, pointer."""
        return {"message": self.message, "line": self.line, "pointer": self.pointer}


class ManifestError(AimmError):
    """A manifest that cannot be read or validated (exit 2)."""

    exit_code = ExitCode.INPUT_ERROR

    def __init__(self, path: str, problems: list[Problem]) -> None:
        self.path = path
        self.problems = problems
        super().__init__(self._format())

    def _format(self) -> str:
        first = self.problems[0] if self.problems else Problem("invalid manifest")
        return format_problem(self.path, first)


def format_problem(path: str, problem: Problem) -> str:
    """``path:line: pointer: message``, leaving out what is unknown."""
    where = path if problem.line is None else f"{path}:{problem.line}"
    field = f" {problem.pointer}:" if problem.pointer else ""
    return f"{where}:{field} {problem.message}"


class UsageError(AimmError):
    """The command was used wrongly (exit 2)."""

    exit_code = ExitCode.INPUT_ERROR


class EngineError(AimmError):
    """The policy engine failed to compile or evaluate (exit 3)."""

    exit_code = ExitCode.ENGINE_ERROR


class EvaluationError(EngineError):
    """The engine failed on one input document (exit 3 for a check). Unlike a policy that
    does not compile, it concerns one manifest: a scan lists that manifest as could not
    evaluate and goes on."""

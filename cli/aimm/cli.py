"""The ``aimm`` command: a Click group and the one place that maps errors to exit codes."""

from __future__ import annotations

import contextlib
import errno
import gc
import importlib
import os
import sys
from collections.abc import Sequence

import click

from aimm import __version__
from aimm.core.errors import AimmError, ExitCode
from aimm.core.text import one_line

# Set by entry() while it holds the garbage collector off (see there).
_COLLECTION_PAUSED = False
INTERRUPTED = 130  # the shell's code for Ctrl-C (128 + SIGINT)
# Errors writing an output stream: the disk, the pipe or the device, not the input.
_OUTPUT_ERRORS = frozenset({errno.ENOSPC, errno.EPIPE, errno.EIO, errno.EDQUOT, errno.EFBIG})

# Command name -> module holding its ``command``, in the order --help lists them. A command's
# module is imported only when that command runs (or --help lists them all), so `aimm check`
# does not pay for the org report's database layer or the audit formats.
COMMANDS: dict[str, str] = {
    "check": "aimm.commands.check",
    "validate": "aimm.commands.validate",
    "explain": "aimm.commands.explain",
    "controls": "aimm.commands.controls",
    "models": "aimm.commands.models",
    "schema": "aimm.commands.schema",
    "init": "aimm.commands.init",
    "assess": "aimm.commands.assess",
    "policy": "aimm.commands.policy",
    "scan": "aimm.commands.scan",
    "aggregate": "aimm.commands.aggregate",
    "history": "aimm.commands.history",
    "audit": "aimm.commands.audit",
}


class LazyGroup(click.Group):
    """A Click group that imports each command's module on first use."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        """Every command, in the order of :data:`COMMANDS`."""
        return list(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        """The command ``cmd_name``, importing its module now; None when unknown."""
        if cmd_name not in COMMANDS:
            return None
        command = importlib.import_module(COMMANDS[cmd_name]).command
        if _COLLECTION_PAUSED and not gc.isenabled():
            # The command's modules are loaded: they live as long as the process, so they
            # are moved out of the collector's sight before it runs again.
            gc.freeze()
            gc.enable()
        if not isinstance(command, click.Command):
            raise TypeError(f"{COMMANDS[cmd_name]}.command is not a Click command")
        return command


@click.group(
    cls=LazyGroup,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
)
@click.version_option(__version__, "--version", prog_name="aimm")
def group() -> None:
    """aimm: check AI systems against an operations maturity grid, tiers and floors.

    Each AI system commits an aimm.yaml. `aimm check` reports its level in five
    dimensions (visibility, evaluation, cost, access, audit), the floors its risk tier
    must reach, the failing controls and the next steps, and exits non-zero when a gate
    fails. Exit codes: 0 passed, 1 a gate failed, 2 bad input or usage, 3 engine failure.
    """


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI and return its exit code; errors become one line on stderr, never a traceback."""
    try:
        code = group.main(
            args=list(argv) if argv is not None else None, prog_name="aimm", standalone_mode=False
        )
    except click.exceptions.Exit as exc:  # --help, --version
        return int(exc.exit_code)
    except click.ClickException as exc:  # usage errors: bad options, missing arguments
        if isinstance(exc, getattr(click.exceptions, "NoArgsIsHelpError", ())):
            exc.show()  # `aimm` alone: the help
            return ExitCode.INPUT_ERROR
        ctx = getattr(exc, "ctx", None)
        hint = f" (see '{ctx.command_path} --help')" if ctx is not None else ""
        click.echo(f"aimm: {one_line(exc.format_message())}{hint}", err=True)
        return ExitCode.INPUT_ERROR
    except click.exceptions.Abort as exc:
        if isinstance(exc.__cause__, KeyboardInterrupt):  # Click turns Ctrl-C into Abort
            click.echo("aimm: interrupted", err=True)
            return INTERRUPTED
        click.echo("aborted", err=True)
        return ExitCode.INPUT_ERROR
    except AimmError as exc:
        click.echo(f"aimm: {exc.one_line()}", err=True)
        return exc.exit_code
    except KeyboardInterrupt:
        click.echo("aimm: interrupted", err=True)
        return INTERRUPTED
    except OSError as exc:
        if exc.filename is None and exc.errno in _OUTPUT_ERRORS:
            return _stdout_failed(exc)
        click.echo(f"aimm: {one_line(exc.strerror or exc)}: {one_line(exc.filename)}", err=True)
        return ExitCode.INPUT_ERROR
    except Exception as exc:  # a bug: say so in one line, keep the traceback for debugging
        if os.environ.get("AIMM_DEBUG"):
            raise
        first = one_line(str(exc).splitlines()[0]) if str(exc) else ""
        click.echo(
            f"aimm: internal error: {type(exc).__name__}: {first} "
            "(set AIMM_DEBUG=1 for a traceback)",
            err=True,
        )
        return ExitCode.ENGINE_ERROR
    try:
        sys.stdout.flush()  # a full disk shows here, not as a warning at exit
    except OSError as exc:
        return _stdout_failed(exc)
    return int(code or 0)


def _stdout_failed(exc: OSError) -> int:
    """Standard output could not be written (a full disk, a closed pipe): one line on stderr,
    exit 2, and the unwritten rest dropped so the interpreter does not fail again at exit."""
    with contextlib.suppress(OSError, ValueError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    click.echo(f"aimm: cannot write to standard output: {exc.strerror or exc}", err=True)
    return ExitCode.INPUT_ERROR


def entry() -> None:
    """Console-script entry point."""
    global _COLLECTION_PAUSED
    # Loading a command's modules makes tens of thousands of objects that live as long as
    # the process; the cyclic garbage collector would walk them again and again while they
    # load (about 20 ms of an `aimm check`). It is paused until the command is loaded.
    if gc.isenabled():
        gc.disable()
        _COLLECTION_PAUSED = True
    try:
        code = main()
    finally:
        if _COLLECTION_PAUSED and not gc.isenabled():  # no command was loaded (--help)
            gc.enable()
        _COLLECTION_PAUSED = False
    # The interpreter's last garbage collection would walk every object the run made (tens
    # of milliseconds for one manifest): nothing is left to collect, so skip it.
    gc.freeze()
    sys.exit(code)

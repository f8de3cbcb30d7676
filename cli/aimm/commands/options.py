"""Options shared by several commands."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from aimm.core.errors import UsageError
from aimm.core.model import MODEL_PATH_ENV, ModelPath
from aimm.core.orgconfig import ConfigResolver, load_config
from aimm.core.pipeline import unique_folders
from aimm.core.resources import policies_dir
from aimm.org import formats as org_formats

if TYPE_CHECKING:
    from aimm.core.engines import EngineChoice

F = TypeVar("F", bound=Callable[..., Any])
FAIL_ON = ("floors", "any-fail", "never")


def today_option(func: F) -> F:
    """``--today YYYY-MM-DD``: the date waivers are judged on (default: the current date)."""
    return click.option(
        "--today",
        type=click.DateTime(formats=["%Y-%m-%d"]),
        default=None,
        metavar="YYYY-MM-DD",
        help="Judge waiver expiry on this date instead of the current date (reproducible runs).",
    )(func)


def resolve_today(value: datetime | None) -> date:
    """The ``--today`` value as a date, defaulting to the current date; a date the policy
    engine cannot represent is a usage error."""
    from aimm.core.schema import MAX_DATE, MIN_DATE

    day = value.date() if value is not None else date.today()
    if not MIN_DATE <= day <= MAX_DATE:
        raise UsageError(
            f"--today {day.isoformat()}: the date must be from {MIN_DATE} to {MAX_DATE}"
        )
    return day


def use_color(output_file: object | None = None) -> bool:
    """Colour only on an interactive terminal, without NO_COLOR, and not into a file."""
    if output_file is not None or os.environ.get("NO_COLOR") is not None:
        return False
    if os.environ.get("TERM") == "dumb":
        return False
    return sys.stdout.isatty()


def config_option(func: F) -> F:
    """``--config FILE``: take the policy folders of an org config."""
    return click.option(
        "--config",
        "config_file",
        type=click.Path(exists=True, dir_okay=False, path_type=Path),
        default=None,
        help="Also take the policy folders of this org config (aimm-org.yaml).",
    )(func)


def org_config_options(func: F) -> F:
    """``--config FILE``, ``--no-config`` and ``--policy DIR``: the org config and custom
    policies of a run (check, scan, audit); read them with :func:`config_resolver`."""
    func = policy_option(func)
    func = click.option(
        "--no-config", is_flag=True, help="Ignore AIMM_CONFIG and any aimm-org.yaml."
    )(func)
    return click.option(
        "--config",
        "config_file",
        type=click.Path(dir_okay=False, path_type=Path),
        default=None,
        help="Org config file (default: $AIMM_CONFIG, else the nearest aimm-org.yaml above "
        "each manifest).",
    )(func)


def config_resolver(config_file: Path | None, no_config: bool) -> ConfigResolver:
    """The org configs of a run; a bad explicit (or AIMM_CONFIG) file stops it up front."""
    if no_config and config_file is not None:
        raise UsageError("use either --config or --no-config, not both")
    resolver = ConfigResolver(config_file, discover=not no_config, use_env=not no_config)
    if resolver.fixed is not None:
        load_config(resolver.fixed)
    return resolver


def policy_option(func: F) -> F:
    """``--policy DIR`` (repeatable): a custom policy folder."""
    return click.option(
        "--policy",
        "policy_dirs",
        multiple=True,
        type=click.Path(exists=True, file_okay=False, path_type=Path),
        metavar="DIR",
        help="A custom policy folder (Rego plus its catalog). Repeatable.",
    )(func)


def custom_folders(folders: Sequence[Path], config_file: Path | None) -> list[Path]:
    """The org config's policy folders, then ``folders``, each once however it is spelled;
    the built-in folder is never custom."""
    builtin = policies_dir().resolve()
    configured = load_config(config_file).policy_dirs if config_file else ()
    return [p for p in unique_folders([*configured, *folders]) if p != builtin]


def model_path_option(func: F) -> F:
    """``--model-path DIR`` (repeatable): folders of user models; read with :func:`model_path`."""
    return click.option(
        "--model-path",
        "model_paths",
        multiple=True,
        type=click.Path(file_okay=False, path_type=Path),
        metavar="DIR",
        help=f"A folder of user models (one sub-folder per model), searched after the "
        f"built-in ones; {MODEL_PATH_ENV} adds more. Repeatable.",
    )(func)


def output_option(what: str) -> Callable[[F], F]:
    """``-o, --output FILE``: write ``what`` to a file (atomically) instead of stdout."""
    return click.option(
        "-o",
        "--output",
        type=click.Path(dir_okay=False, path_type=Path),
        default=None,
        help=f"Write the {what} to this file (atomically) instead of stdout.",
    )


def verify_evidence_option(func: F) -> F:
    """``--no-verify-evidence``: treat declared evidence paths as present."""
    return click.option(
        "--no-verify-evidence",
        is_flag=True,
        help="Treat every declared evidence path as present (skip file checks).",
    )(func)


def model_options(func: F) -> F:
    """``--model ID`` (repeatable) and ``--model-path DIR`` (repeatable): the maturity models
    a run evaluates and where user models are installed; read with :func:`model_path`."""
    func = model_path_option(func)
    return click.option(
        "--model",
        "models",
        multiple=True,
        metavar="ID",
        help="The maturity model to evaluate (default: the org config's models, else "
        "'default'; `aimm models` lists them). Repeatable: the first one gates.",
    )(func)


def model_path(folders: Sequence[Path]) -> ModelPath:
    """The installed models: built-ins, ``--model-path`` folders, then ``AIMM_MODEL_PATH``."""
    return ModelPath(folders)


def org_output_options(func: F) -> F:
    """``--format``, ``-o``, ``--output-dir``, ``--history``, ``--no-history``,
    ``--fail-on`` and ``--expiring-within``."""
    options = [
        click.option(
            "--format",
            "formats",
            multiple=True,
            type=click.Choice(org_formats.names()),
            help="Org report format (default markdown). Repeat it with --output-dir.",
        ),
        output_option("report"),
        click.option(
            "--output-dir",
            type=click.Path(file_okay=False, path_type=Path),
            default=None,
            help="Write one file per --format into this folder (aimm-org.html, ...).",
        ),
        click.option(
            "--history",
            "history",
            metavar="DB",
            default=None,
            help="Record a snapshot in this database (a file path for SQLite, or a "
            "SQLAlchemy URL such as postgresql://...). Default: .aimm/history.sqlite "
            "(see the command's help for where).",
        ),
        click.option(
            "--no-history",
            is_flag=True,
            help="Neither read nor record history (no trend).",
        ),
        click.option(
            "--fail-on",
            type=click.Choice(FAIL_ON),
            default="floors",
            show_default=True,
            help="floors: exit 1 when some system fails its gate; any-fail: also when any "
            "control fails; never: exit 0 unless something could not be evaluated (exit 2).",
        ),
        click.option(
            "--expiring-within",
            type=click.IntRange(min=0),
            default=30,
            show_default=True,
            metavar="DAYS",
            help="List valid waivers that expire within DAYS.",
        ),
    ]
    for option in reversed(options):
        func = option(func)
    return func


def engine_options(func: F) -> F:
    """``--engine``, ``--opa-url``, ``--opa-ca-cert``, ``--opa-insecure``, ``--opa-timeout``:
    which policy engine evaluates (check, scan, audit); read them with :func:`engine_from`."""
    from aimm.core.engines import CHOICES

    func = click.option(
        "--opa-timeout",
        type=click.FloatRange(min=0, min_open=True, max=600),
        default=None,
        metavar="SECONDS",
        help="With --engine opa: seconds to wait for each answer of the server (default 10).",
    )(func)
    func = click.option(
        "--opa-insecure",
        is_flag=True,
        help="With --engine opa: do not verify the server's TLS certificate (test servers only).",
    )(func)
    func = click.option(
        "--opa-ca-cert",
        type=click.Path(dir_okay=False, path_type=Path),
        default=None,
        metavar="FILE",
        help="With --engine opa: verify the server's TLS certificate against this PEM file.",
    )(func)
    func = click.option(
        "--opa-url",
        default=None,
        metavar="URL",
        help="The OPA server that runs the `aimm policy bundle` bundle (implies --engine opa; "
        "default: $AIMM_OPA_URL, else a local `opa run --server` for the run). Bearer token: "
        "$AIMM_OPA_TOKEN.",
    )(func)
    return click.option(
        "--engine",
        type=click.Choice(CHOICES),
        default=None,
        help="The policy engine: the embedded one (auto, regopy) or an OPA server (opa). "
        "Default: $AIMM_ENGINE, else the org config's engine, else auto.",
    )(func)


def engine_from(
    engine: str | None,
    opa_url: str | None,
    opa_ca_cert: Path | None,
    opa_insecure: bool,
    opa_timeout: float | None,
    configs: ConfigResolver | None = None,
) -> EngineChoice:
    """The engine the command line and the environment ask for (see aimm.core.engines)."""
    from aimm.core.engines import engine_choice

    return engine_choice(
        engine,
        url=opa_url,
        ca_cert=opa_ca_cert,
        insecure=opa_insecure,
        timeout=opa_timeout,
        config_file=configs.fixed if configs is not None else None,
    )

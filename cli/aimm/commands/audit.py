"""``aimm audit``: the obligations matrix of AI systems against framework profiles."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import click

from aimm.audit import formats as audit_formats
from aimm.audit.matrix import audit_paths
from aimm.commands.options import (
    config_resolver,
    engine_from,
    engine_options,
    model_options,
    model_path,
    org_config_options,
    output_option,
    resolve_today,
    today_option,
)
from aimm.core import frameworks
from aimm.core.errors import UsageError, format_problem
from aimm.core.files import write_atomic
from aimm.core.model import DEFAULT_MODEL
from aimm.core.text import one_line


def collected_at(value: str | None) -> str | None:
    """``--collected-at`` as an ISO 8601 timestamp with its offset (UTC when none is given)."""
    if value is None:
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(
            f"{value!r} is not an ISO 8601 timestamp (2026-11-21T09:30:00+01:00)"
        ) from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.isoformat()


@click.command("audit")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "--framework",
    "framework_names",
    multiple=True,
    required=True,
    metavar="NAME",
    help=(
        f"Framework profile to audit against ({', '.join(frameworks.available())}), or 'all' "
        "for every one. Repeatable."
    ),
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(audit_formats.names()),
    default="text",
    show_default=True,
    help="Output format of the matrix.",
)
@output_option("matrix")
@click.option(
    "--pack",
    type=click.Path(path_type=Path),
    default=None,
    metavar="DIR|FILE.zip",
    help="Also write an evidence pack: a folder, or a zip file when the name ends in .zip.",
)
@click.option(
    "--templates",
    "templates_dir",
    type=click.Path(path_type=Path),
    default=None,
    metavar="DIR",
    help=(
        "Also write templates for the documents the obligations need and the manifests lack "
        "(and, with iso-42001, each system's Statement of Applicability) into DIR; existing "
        "files are kept."
    ),
)
@click.option(
    "--sign-key",
    type=click.Path(path_type=Path),
    default=None,
    metavar="KEY",
    help=(
        "Sign the pack's SHA256SUMS with this SSH key (ssh-keygen -Y sign; a private key "
        "without passphrase, or a public key whose private half is in ssh-agent). "
        "Needs --pack."
    ),
)
@click.option(
    "--assessor",
    default=None,
    metavar="NAME",
    help="Who assessed: named in the OSCAL documents and the pack's provenance (else unknown).",
)
@click.option(
    "--collected-at",
    default=None,
    metavar="TIMESTAMP",
    callback=lambda _ctx, _param, value: collected_at(value),
    help=(
        "When the evidence was collected, ISO 8601 (2026-11-21T09:30:00+01:00; UTC when no "
        "offset is given). Default: --today at midnight UTC."
    ),
)
@today_option
@click.option(
    "--enforce-upcoming",
    is_flag=True,
    help="Judge obligations that are not in force yet as if they were.",
)
@org_config_options
@model_options
@engine_options
def command(
    paths: tuple[Path, ...],
    framework_names: tuple[str, ...],
    fmt: str,
    output: Path | None,
    pack: Path | None,
    templates_dir: Path | None,
    sign_key: Path | None,
    assessor: str | None,
    collected_at: str | None,
    today: datetime | None,
    enforce_upcoming: bool,
    config_file: Path | None,
    no_config: bool,
    policy_dirs: tuple[Path, ...],
    models: tuple[str, ...],
    model_paths: tuple[Path, ...],
    engine: str | None,
    opa_url: str | None,
    opa_ca_cert: Path | None,
    opa_insecure: bool,
    opa_timeout: float | None,
) -> int:
    """Audit AI system manifests against regulatory and voluntary frameworks.

    PATHS are aimm.yaml files or folders (every aimm.yaml below a folder); with no PATHS,
    ./aimm.yaml. For every clause of each --framework: whether it applies to the system and
    why, its status (met, partially-evidenced, unmet, waived, upcoming, not-applicable), the
    controls behind it and the evidence files with their sha256 and what aimm read in them.
    Declared values are reported as declared; an obligation evidenced only through grid levels
    is partially evidenced, never met.

    Exit code 0 when every applicable obligation in force is met (or, for a voluntary
    framework, validly waived: a waiver on a regulation's duty is accepted risk, never a pass),
    1 when one is unmet, 2 when a manifest cannot be read or validated or the command is used
    wrongly, 3 when the policy engine fails. The profiles map obligations onto the default
    model's grid, so --model accepts only default.
    """
    if any(m != DEFAULT_MODEL for m in models):
        raise UsageError(
            "the framework profiles map obligations onto the default model's grid; "
            "aimm audit takes --model default only (see other models with aimm check --model)"
        )
    if fmt == "soa" and "iso-42001" not in frameworks.resolve(framework_names):
        raise UsageError(
            "--format soa is the ISO/IEC 42001 Statement of Applicability: add --framework "
            "iso-42001"
        )
    if sign_key is not None and pack is None:
        raise UsageError("--sign-key signs an evidence pack: give --pack DIR|FILE.zip too")
    configs = config_resolver(config_file, no_config)
    report = audit_paths(
        paths,
        framework_names,
        today=resolve_today(today),
        enforce_upcoming=enforce_upcoming,
        configs=configs,
        policy_dirs=policy_dirs,
        model_path=model_path(model_paths),
        engine_choice=engine_from(engine, opa_url, opa_ca_cert, opa_insecure, opa_timeout, configs),
        assessor=" ".join(assessor.split()) if assessor else None,
        collected_at=collected_at,
    )
    text = audit_formats.get(fmt)(report)
    if pack is not None:
        from aimm.audit.pack import write

        members = write(report, pack, sign_key)
        click.echo(f"aimm: evidence pack written to {pack} ({len(members)} files)", err=True)
    if templates_dir is not None:
        from aimm.audit.templates import write as write_templates

        written, kept = write_templates(report, templates_dir)
        note = f"; {len(kept)} kept (they exist)" if kept else ""
        click.echo(f"aimm: {len(written)} template(s) written to {templates_dir}{note}", err=True)
    if output is None:
        click.echo(text, nl=False)
    else:
        write_atomic(output, text)
    if fmt != "text":  # the text matrix shows input errors itself
        for system in report.systems:
            for problem in system.check.errors:
                click.echo(
                    f"aimm: error: {one_line(format_problem(system.path, problem))}", err=True
                )
    return int(report.exit_code())

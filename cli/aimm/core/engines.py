"""Which policy engine evaluates a run, and what every engine offers: the one factory the
pipeline calls.

- :class:`aimm.core.wasm.WasmEngine`: the built-in policies compiled to WebAssembly by OPA,
  about 1-2 ms per manifest; it holds only the built-in Rego;
- :class:`aimm.core.engine.Engine`: regopy (rego-cpp), which compiles any Rego at run time,
  so it evaluates custom policy folders and models from a model path;
- :class:`aimm.core.opaserver.ServerEngine`: a central OPA server running the bundle
  ``aimm policy bundle`` writes (``--engine opa``), or a local ``opa run --server`` started
  for the run when no URL is given.

The embedded engines give the same results (``tests/core/test_differential.py`` proves it
against OPA itself). ``auto`` (the default) picks the WebAssembly engine when the run needs
only built-in Rego and the shipped module is current, regopy otherwise; ``wasm`` insists on
it (a usage error says why it cannot be used); ``regopy`` forces regopy.

Precedence, highest first (docs/security.md): the command line (``--engine``, ``--opa-url``,
``--opa-ca-cert``, ``--opa-insecure``, ``--opa-timeout``); the environment (``AIMM_ENGINE``,
``AIMM_OPA_URL``; a URL alone means ``opa``); the ``engine:`` of the org config in force
(platform only); ``auto``. The bearer token comes only from ``AIMM_OPA_TOKEN``.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from aimm.core.errors import UsageError
from aimm.core.model import Model
from aimm.core.opaconfig import DEFAULT_TIMEOUT, TOKEN_ENV, URL_ENV, ServerSettings, parse_url

if TYPE_CHECKING:
    from aimm.core.orgconfig import OrgConfig

ENGINE_ENV = "AIMM_ENGINE"
# auto, wasm and regopy evaluate in process; opa is a server.
CHOICES = ("auto", "wasm", "regopy", "opa")


class PolicyEngine(Protocol):
    """What the pipeline, the scan cache and the audit use of an engine."""

    # Model id -> model, the primary model first.
    models: dict[str, Model]
    # Identifies the compiled policies and data: equal digests give equal results.
    digest: str
    # Further rules query() answers (the audit's matrix, disabled_problems).
    extra_entrypoints: list[str]

    @property
    def model(self) -> Model:
        """The primary model."""
        ...

    def outcomes(self, document: dict[str, Any], model_id: str | None = None) -> dict[str, Any]:
        """Every control outcome of one model for an input document."""
        ...

    def assemble(
        self, document: dict[str, Any], outcomes: dict[str, Any], model_id: str | None = None
    ) -> dict[str, Any]:
        """The raw result (``data.aimm.core.report.assembled``) from the outcomes."""
        ...

    def evaluate(self, document: dict[str, Any], model_id: str | None = None) -> dict[str, Any]:
        """outcomes() then assemble()."""
        ...

    def outcomes_and_report(
        self, document: dict[str, Any], model_id: str | None = None
    ) -> tuple[dict[str, Any], dict[str, Any]]:
        """outcomes(), and the report assemble() gives from their verdicts."""
        ...

    def query(self, point: str, document: dict[str, Any], model_id: str | None = None) -> Any:
        """One of the extra entrypoints; None when undefined."""
        ...

    def report_extras(
        self, document: dict[str, Any], report: dict[str, Any], model_id: str | None = None
    ) -> dict[str, Any]:
        """The model's report rules (model.yaml ``report``) by name; None when undefined."""
        ...


@dataclass(frozen=True)
class EngineChoice:
    """The engine a run asks for. ``explicit`` when the command line or the environment
    chose it: an org config's ``engine:`` then does not apply."""

    kind: str = "auto"
    explicit: bool = False
    server: ServerSettings | None = None  # for kind "opa"
    # Where a config's relative ca_cert is resolved, and whether its URL may get the token.
    fixed_config: Path | None = field(default=None, compare=False)

    def for_config(self, org: OrgConfig | None) -> EngineChoice:
        """The choice in force for manifests under ``org``: this one when explicit, else
        the org config's ``engine:``, else this one."""
        if self.explicit or org is None or not isinstance(org.data.get("engine"), dict):
            return self

        spec = org.data["engine"]
        kind = str(spec["kind"])
        if kind != "opa":
            return EngineChoice(kind)
        held = self.server or ServerSettings()
        ca_cert = spec.get("ca_cert")
        named = self.fixed_config is not None and os.path.abspath(org.path) == os.path.abspath(
            self.fixed_config
        )
        settings = ServerSettings(
            url=spec.get("url"),
            token=held.token,
            ca_cert=(org.path.parent / ca_cert) if ca_cert else held.ca_cert,
            insecure=held.insecure,
            timeout=float(spec.get("timeout", held.timeout)),
            # A discovered config may be a repository's own: the machine's token is sent
            # only to a server its user named (--config / AIMM_CONFIG count as naming it).
            send_token=named,
        )
        return EngineChoice("opa", server=settings)


def engine_choice(
    kind: str | None = None,
    *,
    url: str | None = None,
    ca_cert: Path | None = None,
    insecure: bool = False,
    timeout: float | None = None,
    config_file: Path | None = None,
    environ: Mapping[str, str] | None = None,
) -> EngineChoice:
    """The engine the command line (``kind``, ``url``, TLS options) and the environment ask
    for; a contradiction (``--engine regopy --opa-url ...``) is a usage error."""

    env = os.environ if environ is None else environ
    env_kind = env.get(ENGINE_ENV, "").strip().lower() or None
    if env_kind is not None and env_kind not in CHOICES:
        raise UsageError(f"{ENGINE_ENV}={env_kind!r}: expected one of {', '.join(CHOICES)}")
    env_url = env.get(URL_ENV, "").strip() or None
    server_option = url is not None or ca_cert is not None or insecure or timeout is not None
    if kind is not None and kind != "opa" and (url is not None or server_option):
        raise UsageError(f"--engine {kind} evaluates in process: the --opa-* options need opa")
    chosen = kind or ("opa" if url is not None else None) or env_kind
    if chosen is None and env_url is not None:
        chosen = "opa"
    if ca_cert is not None and insecure:
        raise UsageError("use either --opa-ca-cert or --opa-insecure, not both")
    if ca_cert is not None and not ca_cert.is_file():
        raise UsageError(f"--opa-ca-cert {ca_cert}: no such file")
    server = ServerSettings(
        url=url or env_url,
        token=env.get(TOKEN_ENV) or None,
        ca_cert=ca_cert,
        insecure=insecure,
        timeout=timeout if timeout is not None else DEFAULT_TIMEOUT,
    )
    if server.url is not None:
        parse_url(server.url)
    if chosen is None:
        # Nothing chosen here: the org config may choose; the token and the TLS options
        # still apply then.
        return EngineChoice("auto", server=server, fixed_config=config_file)
    if chosen != "opa":
        return EngineChoice(chosen, explicit=True)
    return EngineChoice("opa", explicit=True, server=server, fixed_config=config_file)


def verdicts(outcomes: Mapping[str, Any]) -> dict[str, Any]:
    """The outcomes without their evidence blocks: the assembly reads only the verdicts, and
    rego-cpp's cost grows with the size of its input (enrich adds the evidence back)."""
    return {
        cid: {k: v for k, v in o.items() if k != "evidence"} if isinstance(o, dict) else o
        for cid, o in outcomes.items()
    }


def make_engine(
    models: Sequence[Model],
    folders: Sequence[Path] = (),
    *,
    entrypoints: Sequence[str] = (),
    known_controls: Iterable[str] = (),
    choice: EngineChoice | None = None,
) -> PolicyEngine:
    """The engine for ``models`` (the first is the primary one) with custom policy
    ``folders``, answering ``entrypoints`` besides the report (see the module's doc)."""
    kind = choice.kind if choice is not None else "auto"
    if kind == "auto":
        kind = _env_kind()
    if kind == "opa":
        from aimm.core.opaserver import ServerEngine

        server = choice.server if choice is not None else None
        return ServerEngine(
            models, folders, entrypoints=entrypoints, known_controls=known_controls, server=server
        )
    if kind != "regopy":
        from aimm.core import wasm

        reason = None
        if not wasm.builtin_only(models, folders):
            reason = "the run uses custom policy folders or a model from a model path"
        elif wasm.shipped() is None:
            reason = str(wasm.staleness())
        if reason is None:
            return wasm.WasmEngine(models, entrypoints=entrypoints, known_controls=known_controls)
        if kind == "wasm":
            raise UsageError(f"the WebAssembly engine cannot be used: {reason}")
    from aimm.core.engine import Engine

    return Engine(models, folders, entrypoints=entrypoints, known_controls=known_controls)


def _env_kind() -> str:
    """The in-process engine ``AIMM_ENGINE`` asks for (``auto`` when unset or ``opa``: a
    server is chosen through :func:`engine_choice`)."""
    value = os.environ.get(ENGINE_ENV, "").strip().lower() or "auto"
    if value not in CHOICES:
        raise UsageError(f"{ENGINE_ENV}={value!r}: expected one of {', '.join(CHOICES)}")
    return "auto" if value == "opa" else value


def needs_local_server(choice: EngineChoice | None) -> bool:
    """Whether a run with ``choice`` may start a local OPA server (no URL given anywhere
    the choice knows of)."""
    if choice is None:
        return False
    return choice.kind == "opa" and (choice.server is None or choice.server.url is None)

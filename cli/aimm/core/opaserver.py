"""Server mode: the policies evaluated by a central OPA server, through opa-python-client.

The server runs the bundle ``aimm policy bundle`` writes (data and packages under the one
root ``aimm``). :class:`ServerEngine` is the embedded :class:`~aimm.core.engine.Engine` with
its two primitives, "set the input" and "query an entrypoint", answered by the server's Data
API (``POST /v1/data/<entrypoint>`` with ``input.model`` set, strict built-in errors as in
the embedded engine) instead of rego-cpp. Everything above them is the embedded engine's own
code: the same packages queried in the same order, the same checks on what they publish,
the same assembly query, so the reports are byte-identical by construction (and
``tests/core/test_server_engine.py`` compares them on every example).

Before the first query the engine reads the server's bundles (``GET
/v1/data/system/bundles``, where OPA exposes each activated bundle's ``.manifest``) and
compares the one that owns the ``aimm`` root with the bundle this aimm would build for the
run (:func:`aimm.policy.bundle.mismatch`): another aimm version, a missing model, custom
policy folder or profile is an engine error (exit 3) that says which and how to rebuild.
So is a server that is down, does not answer within the timeout, refuses the token or
answers with an error: every message names the URL.

Without a URL, :class:`LocalServer` builds the bundle into a temporary folder and starts
``opa run --server`` on a free loopback port for the run (``opa`` must be on PATH); it is
stopped when the run ends, on Ctrl-C too, and dies with aimm on Linux.
"""

from __future__ import annotations

import atexit
import contextlib
import ctypes
import hashlib
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any, TypeVar

import requests
import urllib3
from opa_client import OpaClient
from opa_client.errors import PolicyNotFoundError

from aimm.core.engine import Engine
from aimm.core.errors import EngineError, EvaluationError, UsageError
from aimm.core.model import DEFAULT_MODEL, Model
from aimm.core.opaconfig import TOKEN_ENV, URL_ENV, ServerSettings, parse_url

# The root every aimm bundle owns (aimm.policy.bundle): how the bundle is found on a server
# that also runs other bundles.
BUNDLE_ROOT = "aimm"
# The version CI builds (.ci/run) and the README names: what a missing opa is told to install.
OPA_INSTALL = "go install github.com/open-policy-agent/opa@v1.22.4"
_STARTUP_SECONDS = 30.0
T = TypeVar("T")


class _Client(OpaClient):  # type: ignore[misc]  # opa-python-client has no type hints: Any
    """opa-python-client's client with aimm's TLS choices and no retries of its own (a
    server that is down should say so at once, not after a back-off)."""

    def __init__(self, host: str, port: int, settings: ServerSettings, https: bool) -> None:
        self._verify: bool | str = (
            False
            if settings.insecure
            else str(settings.ca_cert)
            if settings.ca_cert is not None
            else True
        )
        token = settings.token if settings.send_token else None
        # ssl=True selects https; session.verify is then set from _verify below.
        super().__init__(
            host=host, port=port, ssl=https, token=token, retries=0, timeout=settings.timeout
        )

    def _init_session(self) -> requests.Session:
        session: requests.Session = super()._init_session()
        session.verify = self._verify
        return session


def _answer_text(response: requests.Response | None) -> str:
    """OPA's own error message out of an error answer (its JSON ``message`` and the first
    of its ``errors``), else the start of the body."""
    if response is None:
        return ""
    try:
        body = response.json()
    except ValueError:
        return " ".join(response.text.split())[:200]
    if not isinstance(body, dict):
        return str(body)[:200]
    message = str(body.get("message", "")).strip()
    errors = body.get("errors")
    if isinstance(errors, list) and errors and isinstance(errors[0], dict):
        first = errors[0]
        message = f"{message}: {first.get('code', '')}: {first.get('message', '')}".strip(": ")
    return message or str(body)[:200]


class ServerEngine(Engine):
    """The embedded engine's evaluation with each query answered by an OPA server.

    Built like :class:`~aimm.core.engine.Engine` (same models, custom folders and extra
    entrypoints, same namespace checks), but nothing is compiled in process."""

    def __init__(
        self,
        models: Model | Sequence[Model] | None = None,
        extra_policy_dirs: Sequence[Path] = (),
        *,
        entrypoints: Sequence[str] = (),
        known_controls: Iterable[str] = (),
        server: ServerSettings | None = None,
    ) -> None:
        from aimm.policy.bundle import bundle_contents  # here: bundle imports the engine

        self.server = server or ServerSettings()
        self._input: dict[str, Any] = {}
        super().__init__(
            models, extra_policy_dirs, entrypoints=entrypoints, known_controls=known_controls
        )
        self.folders = tuple(extra_policy_dirs)
        self.expected = bundle_contents(list(self.models.values()), self.folders, extend=False)
        # Distinct from the embedded engine's digest, so cached results never cross engines.
        self.digest = hashlib.sha256(f"opa\n{self.digest}\n".encode()).hexdigest()
        if self.server.url is None:
            self.url = local_server(self.expected).url
            settings = ServerSettings(timeout=self.server.timeout)
        else:
            self.url = self.server.url.rstrip("/")
            settings = self.server
        host, port, https = parse_url(self.url)
        self.client = _Client(host, port, settings, https)
        self._check_bundle()

    # The embedded engine's compile step, replaced: the server holds the compiled policies.
    def _load_cached(self) -> Any:
        return True

    def _set_input(self, document: dict[str, Any]) -> None:
        self._input = document

    def _query(self, entrypoint: str) -> Any:
        answer = self._call(
            f"query {entrypoint}",
            lambda: self.client.query_rule(
                self._input, entrypoint, query_params={"strict-builtin-errors": "true"}
            ),
        )
        if not isinstance(answer, dict):
            raise EngineError(f"the OPA server at {self.url} answered {entrypoint} with no object")
        return answer.get("result")

    def _call(self, what: str, call: Callable[[], T]) -> T:
        """One request; every failure becomes an engine error naming the URL."""
        where = f"the OPA server at {self.url}"
        try:
            return call()
        except requests.Timeout as exc:
            raise EngineError(
                f"{where} did not answer within {self.server.timeout:g} s ({what})"
            ) from exc
        except requests.exceptions.SSLError as exc:
            raise EngineError(
                f"{where}: TLS verification failed ({_reason(exc)}); name its certificate "
                "authority with --opa-ca-cert FILE (or, for a test server, --opa-insecure)"
            ) from exc
        except requests.ConnectionError as exc:
            if _timed_out(exc):
                raise EngineError(
                    f"{where} did not answer within {self.server.timeout:g} s ({what})"
                ) from exc
            raise EngineError(f"cannot reach {where} ({what}): {_reason(exc)}") from exc
        except requests.HTTPError as exc:
            response = exc.response
            status = response.status_code if response is not None else 0
            text = _answer_text(response)
            if status in (401, 403):
                raise self._refused(f"{status}: {text}") from exc
            if status == 500 and "eval_" in text:
                # The policies failed on this document: its problem, not the run's.
                raise EvaluationError(f"policy evaluation failed on {where}: {text}") from exc
            raise EngineError(f"{where} answered {status} to {what}: {text}") from exc
        except ValueError as exc:  # a body that is not JSON: not an OPA server
            raise EngineError(f"{where} answered {what} with something that is not JSON") from exc

    def _refused(self, detail: str) -> EngineError:
        """The error for a request the server refused (a missing or wrong token)."""
        hint = (
            f"check {TOKEN_ENV}"
            if self.server.send_token
            else f"{TOKEN_ENV} is sent only to a URL given with --opa-url or {URL_ENV}, or by "
            "the engine of a config named with --config or AIMM_CONFIG"
        )
        return EngineError(f"the OPA server at {self.url} refused the request ({detail}); {hint}")

    def _check_bundle(self) -> None:
        """The server runs a bundle that gives this run's reports, else an engine error."""
        from aimm.policy.bundle import mismatch

        where = f"the OPA server at {self.url}"

        def read() -> Any:
            try:
                return self.client.get_data("system/bundles")
            except PolicyNotFoundError as exc:
                # opa-python-client's get_data raises this for any answer but 200.
                code, message = exc.expression, exc.message
                if code == "PolicyNotFoundError":
                    # The client's own code for an answer without a result: OPA leaves
                    # data.system.bundles undefined when it runs no bundle at all.
                    return {"result": {}}
                if code == "unauthorized":
                    raise self._refused(f"{code}: {message}") from exc
                raise EngineError(f"{where} does not show its bundles ({code}: {message})") from exc

        answer = self._call("GET /v1/data/system/bundles", read)
        bundles = answer.get("result") if isinstance(answer, dict) else None
        if not isinstance(bundles, dict):
            raise EngineError(f"{where} answered GET /v1/data/system/bundles without bundles")
        ours = {
            name: entry.get("manifest") or {}
            for name, entry in bundles.items()
            if isinstance(entry, dict)
            and BUNDLE_ROOT in ((entry.get("manifest") or {}).get("roots") or ())
        }
        if not ours:
            names = ", ".join(sorted(bundles)) or "none"
            raise EngineError(
                f"{where} runs no aimm bundle (bundles: {names}); load the one "
                f"`{self.rebuild_command()}` writes"
            )
        name, manifest = next(iter(sorted(ours.items())))
        reason = mismatch(self.expected, manifest)
        if reason is not None:
            raise EngineError(
                f"{where} runs bundle {name} (revision {manifest.get('revision')}), which "
                f"cannot give this run's reports: {reason}; load the one "
                f"`{self.rebuild_command()}` writes (revision {self.expected.revision})"
            )

    def rebuild_command(self) -> str:
        """The ``aimm policy bundle`` command that writes the bundle this run needs."""
        from aimm.core.frameworks import profiles_of

        words = ["aimm policy bundle -o aimm-bundle.tar.gz"]
        words += [f"--model {m}" for m in self.models if self.models.keys() != {DEFAULT_MODEL}]
        default = self.models.get(DEFAULT_MODEL)
        words += [f"--profile {p}" for p in (profiles_of(default) if default else ())]
        words += [str(folder) for folder in self.folders]
        return " ".join(words)


def _timed_out(exc: requests.ConnectionError) -> bool:
    """Whether a connection error is a read timeout (without retries, requests reports one
    as a ConnectionError wrapping urllib3's MaxRetryError)."""
    wrapped = exc.args[0] if exc.args else None
    reason = getattr(wrapped, "reason", None)
    if isinstance(reason, urllib3.exceptions.NewConnectionError):
        return False  # urllib3 files "connection refused" under ConnectTimeoutError too
    return isinstance(reason, urllib3.exceptions.TimeoutError)


def _reason(exc: BaseException) -> str:
    """The innermost reason of a connection failure ("Connection refused"), one line."""
    inner: BaseException | None = exc
    text = str(exc)
    while inner is not None:
        text = str(inner) or text
        inner = inner.__cause__ or inner.__context__ or getattr(inner, "reason", None)
        if isinstance(inner, str):
            text = inner
            break
        if inner is not None and not isinstance(inner, BaseException):
            break
    for marker in ("] ", "): "):
        if marker in text:
            text = text.rsplit(marker, 1)[-1]
    return " ".join(text.split()).rstrip(")'\"") or type(exc).__name__


# ---- a local server for the run ---------------------------------------------------------------


class LocalServer:
    """``opa run --server`` on a free loopback port with a bundle built for the run."""

    def __init__(self, contents: Any) -> None:
        from aimm.policy.bundle import write_archive

        opa = shutil.which("opa")
        if opa is None:
            raise UsageError(
                "--engine opa without --opa-url starts a local OPA server, but opa is not on "
                f"PATH: install it ({OPA_INSTALL}) or give the server's URL with --opa-url "
                f"or {URL_ENV}"
            )
        self.folder = Path(tempfile.mkdtemp(prefix="aimm-opa-"))
        self.revision = str(contents.revision)
        self.process: subprocess.Popen[bytes] | None = None
        bundle = self.folder / "aimm-bundle.tar.gz"
        try:
            write_archive(contents, bundle)
            self._start(opa, bundle)
        except BaseException:
            self.stop()
            raise

    def _start(self, opa: str, bundle: Path) -> None:
        log = self.folder / "opa.log"
        for _ in range(3):  # a port taken between choosing and binding it: choose again
            port = _free_port()
            self.url = f"http://127.0.0.1:{port}"
            with log.open("wb") as sink:
                command = [opa, "run", "--server", "--addr", f"127.0.0.1:{port}"]
                command += ["--log-level", "error", "--skip-version-check"]
                command += ["--shutdown-grace-period", "1", str(bundle)]
                self.process = subprocess.Popen(
                    command,
                    stdin=subprocess.DEVNULL,
                    stdout=subprocess.DEVNULL,
                    stderr=sink,
                    preexec_fn=_die_with_parent if sys.platform == "linux" else None,
                )
            if self._wait_ready(port):
                return
            text = log.read_text(encoding="utf-8", errors="replace")
            if "address already in use" not in text:
                lines = [ln for ln in text.splitlines() if ln.strip()]
                raise EngineError(
                    "the local OPA server did not start: "
                    + (lines[-1].strip() if lines else "no message")[:300]
                )
        raise EngineError("the local OPA server did not start: no free loopback port")

    def _wait_ready(self, port: int) -> bool:
        """Whether the server answers ``/health?bundles`` (its bundle activated) before it
        exits or the start-up time runs out."""
        deadline = time.monotonic() + _STARTUP_SECONDS
        url = f"http://127.0.0.1:{port}/health?bundles"
        while time.monotonic() < deadline:
            if self.process is None or self.process.poll() is not None:
                return False
            with contextlib.suppress(requests.RequestException):
                if requests.get(url, timeout=1).status_code == 200:
                    return True
            time.sleep(0.05)
        self.stop()
        raise EngineError(f"the local OPA server did not start within {_STARTUP_SECONDS:g} s")

    def stop(self) -> None:
        """Stop the server (if running) and remove its folder."""
        process, self.process = self.process, None
        if process is not None and process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        shutil.rmtree(self.folder, ignore_errors=True)


_LOCAL: dict[str, LocalServer] = {}


def local_server(contents: Any) -> LocalServer:
    """The local server for a bundle, started on first use (one per bundle revision)."""
    revision = str(contents.revision)
    if revision not in _LOCAL:
        if not _LOCAL:
            atexit.register(stop_local_servers)
        _LOCAL[revision] = LocalServer(contents)
    return _LOCAL[revision]


def stop_local_servers() -> None:
    """Stop every local server this process started."""
    while _LOCAL:
        _, server = _LOCAL.popitem()
        server.stop()


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _die_with_parent() -> None:
    """In the child, before exec: a SIGTERM when aimm dies, however it dies (Linux), so a
    killed run never leaves a server behind."""
    with contextlib.suppress(OSError, AttributeError):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    # Ctrl-C on the terminal is aimm's to handle: it stops the server itself.
    signal.signal(signal.SIGINT, signal.SIG_IGN)

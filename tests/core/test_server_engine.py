"""Server mode (``--engine opa``): a real ``opa run --server`` with the bundle ``aimm policy
bundle`` writes gives byte-identical reports for every example (check, scan, audit), and
every way a server can fail is one clear line and exit 3 naming the URL.

OPA comes from PATH or the checkout's ``.tools/bin`` (CI builds it there). Without it the
tests skip, except in CI (``CI=true``), where they fail: server mode that is never run
against OPA is not tested."""

from __future__ import annotations

import http.server
import os
import shutil
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from aimm.core.engines import EngineChoice, engine_choice
from aimm.core.errors import UsageError
from aimm.core.opaconfig import ServerSettings, parse_url
from aimm.core.orgconfig import load_config
from aimm.policy.bundle import bundle_contents, mismatch
from tests.support import run

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"
TODAY = ["--today", "2026-11-21"]
PROFILES = ["eu-ai-act", "iso-42001", "nist-ai-rmf"]
IN_CI = os.environ.get("CI") == "true"


def opa_binary() -> str | None:
    """The opa binary: PATH, else the checkout's .tools/bin (where .ci/run builds it)."""
    found = shutil.which("opa")
    local = ROOT / ".tools" / "bin" / "opa"
    return found or (str(local) if local.is_file() else None)


@pytest.fixture(scope="module")
def opa() -> str:
    """The opa binary, or a skip (a failure in CI)."""
    binary = opa_binary()
    if binary is None:
        if IN_CI:
            pytest.fail("CI=true but opa is neither on PATH nor in .tools/bin: .ci/run builds it")
        pytest.skip("opa is not installed (go install github.com/open-policy-agent/opa@v1.22.4)")
    return binary


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class OpaServer:
    """``opa run --server`` on a loopback port for the tests of one module."""

    def __init__(self, binary: str, folder: Path, files: list[Path], extra: list[str]) -> None:
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = folder / f"opa-{self.port}.log"
        command = [binary, "run", "--server", "--addr", f"127.0.0.1:{self.port}"]
        command += ["--skip-version-check", "--log-level", "error", *extra, *map(str, files)]
        with self.log.open("wb") as sink:
            self.process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=sink)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            assert self.process.poll() is None, self.log.read_text()
            try:
                # Any answer: a server requiring a token answers 401 (its bundles are loaded
                # before it listens).
                requests.get(f"{self.url}/health", timeout=1)
                return
            except requests.RequestException:
                time.sleep(0.05)
        raise AssertionError(f"opa did not start: {self.log.read_text()}")

    def stop(self) -> None:
        """Stop the server."""
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


class Servers:
    """One server per bundle (built once with ``aimm policy bundle ARGS``)."""

    def __init__(self, binary: str, folder: Path) -> None:
        self.binary, self.folder = binary, folder
        self.running: dict[tuple[str, ...], OpaServer] = {}

    def bundle(self, args: list[str]) -> Path:
        """Build a bundle with the CLI, as a user would."""
        target = self.folder / f"bundle-{len(list(self.folder.glob('bundle-*')))}.tar.gz"
        code, out, err = run(["policy", "bundle", "-o", str(target), *args])
        assert code == 0, err
        assert "revision aimm-" in out
        return target

    def url(self, *args: str, extra: tuple[str, ...] = (), files: tuple[Path, ...] = ()) -> str:
        """The URL of a server running the bundle of ``args`` (and ``files``)."""
        key = (*args, "|", *extra, *map(str, files))
        if key not in self.running:
            bundle = self.bundle(list(args))
            self.running[key] = OpaServer(self.binary, self.folder, [*files, bundle], list(extra))
        return self.running[key].url


@pytest.fixture(scope="module")
def servers(opa: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Servers]:
    """Servers started on demand, stopped after the module."""
    held = Servers(opa, tmp_path_factory.mktemp("opa"))
    yield held
    for server in held.running.values():
        server.stop()


@pytest.fixture(autouse=True)
def _cwd(monkeypatch: pytest.MonkeyPatch) -> None:
    """Paths in reports are relative to the working folder: the checkout."""
    monkeypatch.chdir(ROOT)


@pytest.fixture(autouse=True)
def _no_cache(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """A private cache folder: a result cached by one engine is never served to the other."""
    monkeypatch.setenv("AIMM_CACHE_DIR", str(tmp_path / "cache"))


def both_ways(args: list[str], url: str) -> tuple[int, str]:
    """Run ``aimm ARGS`` embedded and against ``url``; assert identical exit code and
    stdout (byte for byte); return them."""
    code, out, err = run(args)
    served_code, served_out, served_err = run([*args, "--engine", "opa", "--opa-url", url])
    assert served_err == err
    assert (served_code, served_out) == (code, out)
    assert out
    return code, out


# ---- every example both ways --------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["json", "text", "sarif"])
def test_check_every_example_is_identical(servers: Servers, fmt: str) -> None:
    """Every manifest outside the org-config example, without an org config."""
    url = servers.url()
    code, _ = both_ways(["check", "examples", *TODAY, "--no-config", "--format", fmt], url)
    assert code == 1  # credit-scoring fails its gate: the failing path is compared too


def test_check_under_the_org_config_is_identical(servers: Servers) -> None:
    """The org-config example: its custom policy folder and catalog are in the bundle."""
    config = EXAMPLES / "org-config" / "aimm-org.yaml"
    url = servers.url("--config", str(config))
    both_ways(["check", "examples/org-config", *TODAY, "--format", "json"], url)


def test_check_with_every_profile_is_identical(servers: Servers) -> None:
    """Regulated systems under all three profiles (the profiles' controls are in the data)."""
    url = servers.url(*(f"--profile={p}" for p in PROFILES))
    profiles = [f"--profile={p}" for p in PROFILES]
    both_ways(["check", "examples/regulated", *TODAY, *profiles, "--format", "json"], url)


def test_scan_of_the_org_example_is_identical(servers: Servers) -> None:
    """The org report of every repository under examples/org."""
    url = servers.url()
    args = ["scan", "examples/org", *TODAY, "--no-history", "--no-cache", "--format", "json"]
    both_ways([*args, "--jobs", "1"], url)
    both_ways([*args, "--jobs", "2"], url)


def test_audit_of_the_regulated_examples_is_identical(servers: Servers) -> None:
    """The obligations matrix (it also queries the server's matrix rule)."""
    url = servers.url(*(f"--profile={p}" for p in PROFILES))
    frameworks = [f"--framework={p}" for p in PROFILES]
    both_ways(["audit", "examples/regulated", *TODAY, *frameworks, "--format", "json"], url)


@pytest.fixture(scope="module")
def twin(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A model path holding ``twin``: a user model made of the default model's files."""
    root = tmp_path_factory.mktemp("models")
    folder = root / "twin"
    folder.mkdir()
    for path in (ROOT / "controls" / "default").glob("*.yaml"):
        text = path.read_text()
        (folder / path.name).write_text(text.replace("id: default", "id: twin", 1))
    for path in (ROOT / "policies" / "models" / "default").rglob("*.rego"):
        if not path.name.endswith("_test.rego"):
            text = path.read_text().replace("aimm.models.default.", "aimm.models.twin.")
            (folder / path.name).write_text(text)
    return root


def test_user_models_are_identical(servers: Servers, twin: Path) -> None:
    """Two models, one from a model path: both in the bundle, both reports identical."""
    models = ["--model=default", "--model=twin", f"--model-path={twin}"]
    url = servers.url(*models)
    both_ways(["check", "examples/support-agent", *TODAY, *models, "--format", "json"], url)


def test_a_bundle_with_more_models_serves_a_run_of_fewer(servers: Servers, twin: Path) -> None:
    """A server's bundle may hold more than the run needs: every package and model the run
    queries must be there, unchanged."""
    url = servers.url("--model=default", "--model=twin", f"--model-path={twin}")
    both_ways(["check", "examples/support-agent", *TODAY, "--format", "json"], url)


def test_a_bundle_without_the_user_model(servers: Servers, twin: Path) -> None:
    """The run's user model is not in the server's bundle: exit 3 saying which."""
    url = servers.url()
    args = ["check", "examples/support-agent", *TODAY, "--model=twin", f"--model-path={twin}"]
    code, _, err = run([*args, "--opa-url", url])
    assert code == 3
    assert "it has no model 'twin' (it has default)" in err
    assert "--model twin" in err


# ---- a local server for the run -----------------------------------------------------------------


def test_no_url_starts_and_stops_a_local_server(opa: str, tmp_path: Path) -> None:
    """Without a URL, aimm builds the bundle, runs opa on a loopback port for the run, and
    leaves no server or folder behind."""
    env = {**os.environ, "PATH": f"{Path(opa).parent}{os.pathsep}{os.environ['PATH']}"}
    env["TMPDIR"] = str(tmp_path)
    env["AIMM_CACHE_DIR"] = str(tmp_path / "cache")
    args = [sys.executable, "-m", "aimm", "check", "examples/org-config", *TODAY]
    embedded = subprocess.run([*args, "--format", "json"], env=env, capture_output=True)
    served = subprocess.run(
        [*args, "--format", "json", "--engine", "opa"], env=env, capture_output=True
    )
    assert served.stderr == embedded.stderr
    assert (served.returncode, served.stdout) == (embedded.returncode, embedded.stdout)
    assert not list(tmp_path.glob("aimm-opa-*")), "the local server's folder is left behind"
    assert not _processes_using(tmp_path), "the local OPA server is still running"


def test_ctrl_c_stops_the_local_server(opa: str, tmp_path: Path) -> None:
    """An interrupted scan stops its local server too (exit 130)."""
    env = {**os.environ, "PATH": f"{Path(opa).parent}{os.pathsep}{os.environ['PATH']}"}
    env["TMPDIR"] = str(tmp_path)
    env["AIMM_CACHE_DIR"] = str(tmp_path / "cache")
    args = [sys.executable, "-m", "aimm", "scan", "examples/org", *TODAY, "--no-history"]
    process = subprocess.Popen(
        [*args, "--engine", "opa", "--no-cache"], env=env, stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )  # fmt: skip
    deadline = time.monotonic() + 60
    while not _processes_using(tmp_path) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert _processes_using(tmp_path), "the local server never started"
    process.send_signal(2)  # SIGINT, as Ctrl-C
    _, err = process.communicate(timeout=60)
    assert process.returncode == 130, err
    deadline = time.monotonic() + 10
    while _processes_using(tmp_path) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not _processes_using(tmp_path)


def _processes_using(folder: Path) -> list[str]:
    """Command lines of running processes that name ``folder`` (the local server's bundle)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            line = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
            state = (entry / "stat").read_text().split(") ", 1)[1][:1]
        except OSError:
            continue
        if str(folder) in line and "opa" in line and state != "Z":
            found.append(line)
    return found


def test_no_opa_on_path_is_a_usage_error(monkeypatch: pytest.MonkeyPatch) -> None:
    """--engine opa without a URL and without opa: exit 2 saying what to do."""
    monkeypatch.setenv("PATH", "/nonexistent")
    code, _, err = run(["check", "examples/support-agent", *TODAY, "--engine", "opa"])
    assert code == 2
    assert "opa is not on PATH" in err
    assert "--opa-url" in err


# ---- every failure: exit 3 naming the URL ------------------------------------------------------


def test_a_server_that_is_down(tmp_path: Path) -> None:
    """Nothing listens: exit 3, one line naming the URL."""
    url = f"http://127.0.0.1:{_free_port()}"
    code, out, err = run(["check", "examples/support-agent", *TODAY, "--opa-url", url])
    assert (code, out) == (3, "")
    assert err.count("\n") == 1
    assert f"cannot reach the OPA server at {url}" in err


@pytest.fixture
def silent_server() -> Iterator[str]:
    """A server that accepts connections and never answers."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    held: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        listener.settimeout(0.1)
        while not stop.is_set():
            try:
                held.append(listener.accept()[0])
            except OSError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{listener.getsockname()[1]}"
    stop.set()
    thread.join()
    for conn in held:
        conn.close()
    listener.close()


def test_a_server_that_times_out(silent_server: str) -> None:
    """No answer within --opa-timeout: exit 3 naming the URL and the wait."""
    args = ["check", "examples/support-agent", *TODAY, "--opa-url", silent_server]
    started = time.monotonic()
    code, _, err = run([*args, "--opa-timeout", "0.5"])
    assert time.monotonic() - started < 10
    assert code == 3
    assert f"the OPA server at {silent_server} did not answer within 0.5 s" in err


class _Broken(http.server.BaseHTTPRequestHandler):
    def _answer(self) -> None:
        body = b'{"code": "internal_error", "message": "storage closed"}'
        self.send_response(500)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_GET = do_POST = _answer

    def log_message(self, *_: object) -> None:
        return


@pytest.fixture
def broken_server() -> Iterator[str]:
    """A server that answers every request with an error."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Broken)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_a_server_that_answers_with_an_error(broken_server: str) -> None:
    """An error answer: exit 3 naming the URL and OPA's message."""
    code, _, err = run(["check", "examples/support-agent", *TODAY, "--opa-url", broken_server])
    assert code == 3
    assert f"the OPA server at {broken_server}" in err
    assert "storage closed" in err


def test_a_bundle_without_the_custom_policies(servers: Servers) -> None:
    """The org config adds a custom policy folder the server's bundle lacks: exit 3 saying
    so, with the command that builds the right bundle."""
    url = servers.url()
    code, _, err = run(["check", "examples/org-config", *TODAY, "--opa-url", url])
    assert code == 3
    assert f"the OPA server at {url} runs bundle" in err
    assert "cannot give this run's reports" in err
    assert "aimm policy bundle" in err
    assert "policies/acme" in err


def test_a_bundle_of_another_aimm_version(servers: Servers, tmp_path: Path, opa: str) -> None:
    """A bundle whose revision names another aimm version is refused before any query."""
    import tarfile

    source = servers.bundle([])
    folder = tmp_path / "old"
    with tarfile.open(source) as archive:
        archive.extractall(folder, filter="data")
    manifest = (folder / ".manifest").read_text()
    (folder / ".manifest").write_text(
        manifest.replace('"aimm_version": "', '"aimm_version": "0.0.1-').replace(
            '"revision": "aimm-', '"revision": "aimm-0.0.1-'
        )
    )
    server = OpaServer(opa, tmp_path, [], ["--bundle", str(folder)])
    try:
        code, _, err = run(["check", "examples/support-agent", *TODAY, "--opa-url", server.url])
    finally:
        server.stop()
    assert code == 3
    assert "it was built by aimm 0.0.1-" in err


def test_a_server_without_an_aimm_bundle(opa: str, tmp_path: Path) -> None:
    """A server that runs other policies only: exit 3 naming the URL."""
    policy = tmp_path / "other.rego"
    policy.write_text("package other\n\nallow := true\n")
    server = OpaServer(opa, tmp_path, [policy], [])
    try:
        code, _, err = run(["check", "examples/support-agent", *TODAY, "--opa-url", server.url])
    finally:
        server.stop()
    assert code == 3
    assert f"the OPA server at {server.url} runs no aimm bundle" in err


AUTHZ = """package system.authz

default allow := false

allow if input.identity == "s3cr3t-token"
"""


def test_a_bad_token_and_the_right_one(
    servers: Servers, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A server that requires a bearer token: a wrong one is exit 3 naming the URL (and
    never the token), the right one gives the embedded engine's report."""
    policy = tmp_path / "authz.rego"
    policy.write_text(AUTHZ)
    url = servers.url(extra=("--authentication=token", "--authorization=basic"), files=(policy,))
    args = ["check", "examples/support-agent", *TODAY, "--format", "json"]
    monkeypatch.setenv("AIMM_OPA_TOKEN", "wrong-token")
    code, out, err = run([*args, "--opa-url", url])
    assert (code, out) == (3, "")
    assert f"the OPA server at {url} refused the request" in err
    assert "wrong-token" not in err
    monkeypatch.delenv("AIMM_OPA_TOKEN")
    code, _, err = run([*args, "--opa-url", url])
    assert code == 3 and "refused" in err
    monkeypatch.setenv("AIMM_OPA_TOKEN", "s3cr3t-token")
    monkeypatch.setenv("AIMM_OPA_URL", url)  # the environment alone selects the server
    assert run(args)[:2] == both_ways(args, url)


def test_tls_verification_fails_against_a_plain_server(servers: Servers) -> None:
    """https to a server that speaks plain HTTP: a TLS failure, exit 3, naming the URL."""
    url = servers.url().replace("http://", "https://")
    code, _, err = run(["check", "examples/support-agent", *TODAY, "--opa-url", url])
    assert code == 3
    assert f"the OPA server at {url}" in err or f"cannot reach the OPA server at {url}" in err


# ---- choosing the engine ------------------------------------------------------------------------


def test_choice_precedence() -> None:
    """Command line over environment; a URL alone means opa; the token only from the env."""
    env = {"AIMM_OPA_URL": "http://opa.example:8181", "AIMM_OPA_TOKEN": "t"}
    chosen = engine_choice(environ=env)
    assert chosen.server is not None
    assert (chosen.kind, chosen.explicit, chosen.server.url) == ("opa", True, env["AIMM_OPA_URL"])
    assert chosen.server.token == "t"
    assert engine_choice("regopy", environ=env) == EngineChoice("regopy", explicit=True)
    other = engine_choice(url="http://other:1", environ=env).server
    assert other is not None and other.url == "http://other:1"
    assert engine_choice(environ={}).kind == "auto"
    local = engine_choice(environ={"AIMM_ENGINE": "opa"}).server
    assert local is not None and local.url is None
    with pytest.raises(UsageError, match="--opa-"):
        engine_choice("regopy", url="http://x:1", environ={})
    with pytest.raises(UsageError, match="AIMM_ENGINE"):
        engine_choice(environ={"AIMM_ENGINE": "fast"})


@pytest.mark.parametrize(
    "url",
    ["ftp://h:1", "http://h:1/opa", "http://user:pw@h:1", "http://h:1?x=1", "opa:8181", "http://"],
)
def test_urls_opa_python_client_cannot_address(url: str) -> None:
    """Only scheme, host and port: anything else is a usage error naming the URL."""
    with pytest.raises(UsageError, match="OPA server URL"):
        parse_url(url)


def test_the_org_config_engine(tmp_path: Path) -> None:
    """An org config's engine applies when the command line and the environment chose none;
    its URL gets the token only when the config was named (--config, AIMM_CONFIG)."""
    config = tmp_path / "aimm-org.yaml"
    config.write_text(
        "apiVersion: aimm/v1\nkind: OrgConfig\n"
        "engine: {kind: opa, url: 'http://opa.example:8181', ca_cert: ca.pem, timeout: 3}\n"
    )
    org = load_config(config)
    plain = engine_choice(environ={"AIMM_OPA_TOKEN": "t"})
    discovered = plain.for_config(org)
    assert discovered.kind == "opa"
    assert discovered.server == ServerSettings(
        "http://opa.example:8181", "t", tmp_path / "ca.pem", False, 3.0, send_token=False
    )
    named = engine_choice(environ={"AIMM_OPA_TOKEN": "t"}, config_file=config).for_config(org)
    assert named.server is not None and named.server.send_token is True
    assert engine_choice("regopy", environ={}).for_config(org).kind == "regopy"


def test_a_repository_config_cannot_choose_the_engine(tmp_path: Path) -> None:
    """engine: is the platform's: a repository's config below it setting one is exit 2."""
    (tmp_path / "aimm-org.yaml").write_text("apiVersion: aimm/v1\nkind: OrgConfig\n")
    repo = tmp_path / "repo"
    shutil.copytree(EXAMPLES / "support-agent", repo)
    (repo / "aimm-org.yaml").write_text(
        "apiVersion: aimm/v1\nkind: OrgConfig\nengine: {kind: opa, url: 'http://evil:1'}\n"
    )
    code, out, _ = run(["check", str(repo), *TODAY, "--format", "json"])
    assert code == 2
    assert "engine: only the outermost org config" in out


def test_the_org_config_cannot_hold_a_token(tmp_path: Path) -> None:
    """A token is a secret: the schema has no place for it (exit 2, located)."""
    config = tmp_path / "aimm-org.yaml"
    config.write_text(
        "apiVersion: aimm/v1\nkind: OrgConfig\n"
        "engine: {kind: opa, url: 'http://opa:1', token: abc}\n"
    )
    code, _, err = run(["check", "examples/support-agent", *TODAY, "--config", str(config)])
    assert code == 2
    assert "aimm-org.yaml:3" in err


def test_the_bundle_check_names_the_first_difference() -> None:
    """The comparison a server's manifest goes through (no server needed)."""
    expected = bundle_contents()
    served = dict(expected.manifest)
    assert mismatch(expected, served) is None
    renamed = {**served, "revision": "aimm-0.1.0-" + "0" * 64}
    assert mismatch(expected, renamed) is None  # other names, same contents: it serves
    metadata = served["metadata"]
    name = next(n for n in metadata["modules"] if n.endswith("/lib/lib.rego"))
    changed = {**metadata["modules"], name: {**metadata["modules"][name], "sha256": "0" * 64}}
    tampered = {**renamed, "metadata": {**metadata, "modules": changed}}
    assert (
        mismatch(expected, tampered) == "its policy package aimm.core.lib differs from this run's"
    )
    assert "not an aimm bundle" in str(mismatch(expected, {"revision": "v1"}))

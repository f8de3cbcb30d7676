"""``--sign-key``: the pack's SHA256SUMS signed with the user's SSH key, verified with the
commands the pack's README gives (OpenSSH ssh-keygen and sha256sum), and failing after any
tampering (issue 15)."""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support import REGULATED, TODAY_ARGS, Cli

pytestmark = pytest.mark.skipif(
    shutil.which("ssh-keygen") is None or shutil.which("sha256sum") is None,
    reason="needs OpenSSH ssh-keygen and coreutils sha256sum",
)

ROUTER = REGULATED / "it-ticket-router"
AUDIT = ["audit", "--framework", "eu-ai-act", str(ROUTER), *TODAY_ARGS]


def _key(folder: Path, kind: str = "ed25519", passphrase: str = "") -> Path:
    key = folder / f"id_{kind}"
    subprocess.run(
        ["ssh-keygen", "-q", "-t", kind, "-N", passphrase, "-C", "officer", "-f", str(key)],
        check=True,
    )
    return key


def _readme_commands(pack: Path) -> list[str]:
    """The indented command lines of the README's Verify section."""
    text = (pack / "README.md").read_text(encoding="utf-8")
    verify = text.split("## Verify", 1)[1]
    lines = [line[4:] for line in verify.splitlines() if line.startswith("    ")]
    return [c for c in lines if c.split()[0] in ("echo", "ssh-keygen", "sha256sum")]


def _verify(pack: Path) -> subprocess.CompletedProcess[str]:
    """Run the README's commands in the pack's folder, as a compliance officer would."""
    script = " && ".join(_readme_commands(pack))
    return subprocess.run(
        ["sh", "-c", script], cwd=pack, capture_output=True, text=True, check=False
    )


@pytest.fixture(scope="module")
def key(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh Ed25519 key without passphrase."""
    return _key(tmp_path_factory.mktemp("key"))


@pytest.fixture
def signed(tmp_path: Path, cli: Cli, key: Path) -> Path:
    """A signed folder pack."""
    target = tmp_path / "pack"
    code, _, err = cli(*AUDIT, "--pack", target, "--sign-key", key)
    assert code == 0, err
    return target


def test_signed_pack_verifies_with_the_readme_commands(signed: Path, key: Path) -> None:
    assert (signed / "SHA256SUMS.sig").read_text().startswith("-----BEGIN SSH SIGNATURE-----")
    assert "SHA256SUMS.sig" not in (signed / "SHA256SUMS").read_text()
    commands = _readme_commands(signed)
    public = " ".join(Path(f"{key}.pub").read_text().split()[:2])
    assert commands == [
        f"echo 'signer {public}' > allowed_signers",
        "ssh-keygen -Y verify -f allowed_signers -I signer -n file -s SHA256SUMS.sig < SHA256SUMS",
        "sha256sum -c SHA256SUMS",
    ]
    done = _verify(signed)
    assert done.returncode == 0, done.stderr
    assert 'Good "file" signature for signer' in done.stdout
    fingerprint = subprocess.run(
        ["ssh-keygen", "-l", "-E", "sha256", "-f", f"{key}.pub"],
        capture_output=True, text=True, check=True,
    ).stdout.split()[1]  # fmt: skip
    assert (
        f"| SHA256SUMS signed by | `{fingerprint}` (SHA256SUMS.sig; see README.md) |"
        in (signed / "index.md").read_text()
    )


@pytest.mark.parametrize(
    ("member", "expected"),
    [
        ("SHA256SUMS", "Signature verification failed"),
        ("systems/it-ticket-router/aimm.yaml", "FAILED"),
        ("README.md", "FAILED"),
    ],
)
def test_tampering_fails_verification(signed: Path, member: str, expected: str) -> None:
    """Changing the sums breaks the signature; changing any listed file breaks its sum."""
    path = signed / member
    path.write_bytes(path.read_bytes().replace(b"e", b"E", 1))
    done = _verify(signed)
    assert done.returncode != 0
    assert expected in done.stderr + done.stdout


def test_a_signature_from_another_key_fails(signed: Path, tmp_path: Path) -> None:
    """SHA256SUMS re-signed by someone else does not verify against the signer's key."""
    other = _key(tmp_path)
    shutil.copy(signed / "SHA256SUMS", tmp_path / "SHA256SUMS")
    subprocess.run(
        ["ssh-keygen", "-q", "-Y", "sign", "-n", "file", "-f", str(other), "SHA256SUMS"],
        cwd=tmp_path, check=True, capture_output=True,
    )  # fmt: skip
    shutil.copy(tmp_path / "SHA256SUMS.sig", signed / "SHA256SUMS.sig")
    done = _verify(signed)
    assert done.returncode != 0
    assert "Could not verify signature" in done.stdout


def test_signed_zip_is_byte_identical_and_verifies(tmp_path: Path, cli: Cli, key: Path) -> None:
    """Ed25519 signatures are deterministic: the signed zip is the same bytes twice."""
    first, second = tmp_path / "a.zip", tmp_path / "b.zip"
    assert cli(*AUDIT, "--pack", first, "--sign-key", key).code == 0
    assert cli(*AUDIT, "--pack", second, "--sign-key", key).code == 0
    assert first.read_bytes() == second.read_bytes()
    folder = tmp_path / "unzipped"
    with zipfile.ZipFile(first) as archive:
        archive.extractall(folder)
    assert _verify(folder).returncode == 0


def test_unsigned_pack_readme_says_so(tmp_path: Path, cli: Cli) -> None:
    target = tmp_path / "pack"
    assert cli(*AUDIT, "--pack", target).code == 0
    assert not (target / "SHA256SUMS.sig").exists()
    assert "This pack is not signed" in (target / "README.md").read_text()
    assert _readme_commands(target) == ["sha256sum -c SHA256SUMS"]
    assert _verify(target).returncode == 0


def test_resigning_replaces_a_signed_pack(signed: Path, cli: Cli, key: Path) -> None:
    """A signed pack is a previous pack: writing it again replaces it, signature included."""
    assert cli(*AUDIT, "--pack", signed, "--sign-key", key).code == 0
    assert cli(*AUDIT, "--pack", signed).code == 0
    assert not (signed / "SHA256SUMS.sig").exists()


def test_bad_keys_are_usage_errors(tmp_path: Path, cli: Cli) -> None:
    """A missing key, a key with a passphrase (aimm never prompts) and --sign-key without
    --pack: exit 2 with one line naming the problem."""
    locked = _key(tmp_path, passphrase="secret passphrase")
    cases = [
        ([str(tmp_path / "nope")], "--sign-key", "no such file"),
        ([str(locked)], "--sign-key", "cannot be read as a private key without a passphrase"),
    ]
    for key_args, flag, message in cases:
        code, _, err = cli(*AUDIT, "--pack", tmp_path / "p", "--sign-key", *key_args)
        assert code == 2
        assert flag in err and message in err
        assert not (tmp_path / "p").exists()
    code, _, err = cli(*AUDIT, "--sign-key", str(locked))
    assert code == 2
    assert "--sign-key signs an evidence pack: give --pack" in err


@pytest.fixture
def agent(tmp_path: Path) -> Iterator[dict[str, str]]:
    """An ssh-agent of its own (stopped by its pid afterwards), as environment variables."""
    socket = tmp_path / "agent.sock"
    done = subprocess.run(
        ["ssh-agent", "-s", "-a", str(socket)], capture_output=True, text=True, check=True
    )
    pid = re.search(r"SSH_AGENT_PID=(\d+)", done.stdout)
    assert pid is not None
    env = {"SSH_AUTH_SOCK": str(socket), "SSH_AGENT_PID": pid.group(1)}
    try:
        yield env
    finally:
        os.kill(int(pid.group(1)), signal.SIGTERM)


@pytest.mark.skipif(shutil.which("ssh-agent") is None, reason="needs OpenSSH ssh-agent")
def test_a_passphrase_key_signs_through_ssh_agent(
    tmp_path: Path, cli: Cli, agent: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """--sign-key with the public key file: the private half, protected by a passphrase, is
    used from ssh-agent (aimm never prompts)."""
    locked = _key(tmp_path, passphrase="secret passphrase")
    add = subprocess.run(
        ["ssh-add", str(locked)],
        env={**os.environ, **agent, "SSH_ASKPASS": str(_askpass(tmp_path)),
             "SSH_ASKPASS_REQUIRE": "force", "DISPLAY": ":0"},
        capture_output=True, text=True, check=False, stdin=subprocess.DEVNULL,
    )  # fmt: skip
    assert add.returncode == 0, add.stderr
    for name, value in agent.items():
        monkeypatch.setenv(name, value)
    target = tmp_path / "pack"
    code, _, err = cli(*AUDIT, "--pack", target, "--sign-key", f"{locked}.pub")
    assert code == 0, err
    done = _verify(target)
    assert done.returncode == 0, done.stderr


def _askpass(folder: Path) -> Path:
    script = folder / "askpass"
    script.write_text("#!/bin/sh\necho 'secret passphrase'\n", encoding="utf-8")
    script.chmod(0o700)
    return script

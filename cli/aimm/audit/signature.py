"""Signing the evidence pack's ``SHA256SUMS`` with the user's SSH key (``--sign-key``).

OpenSSH's ``ssh-keygen -Y sign`` makes the signature (an SSHSIG file, ``SHA256SUMS.sig``) and
``ssh-keygen -Y verify`` checks it: a tool every compliance officer's machine has, against a key
the signer publishes (an ``allowed_signers`` line), with no keyring to set up. aimm runs
``ssh-keygen`` and implements no cryptography itself. The namespace is ``file``, OpenSSH's
convention for signed files.

Ed25519 and RSA signatures are deterministic, so a signed pack stays byte-identical for the same
inputs and key; ECDSA signatures are randomised (the pack then differs in ``SHA256SUMS.sig``
only). A key with a passphrase cannot be used (aimm never prompts): load it into ``ssh-agent``
and pass the public key file, or use a key without one in CI.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from aimm.core.errors import UsageError

NAMESPACE = "file"
SIGNATURE = "SHA256SUMS.sig"
PRINCIPAL = "signer"  # the identity the documented verify command names
_TIMEOUT_SECONDS = 30


@dataclass(frozen=True)
class SigningKey:
    """A key to sign with: its file, its public key line and fingerprint."""

    path: Path
    public: str  # "ssh-ed25519 AAAA... comment"
    fingerprint: str  # "SHA256:..."
    in_agent: bool = False  # a public key file: ssh-agent holds the private half

    @property
    def allowed_signers(self) -> str:
        """The ``allowed_signers`` line a verifier writes for this key."""
        return f"{PRINCIPAL} {' '.join(self.public.split()[:2])}"


def _ssh_keygen() -> str:
    executable = shutil.which("ssh-keygen")
    if executable is None:
        raise UsageError(
            "--sign-key: ssh-keygen (OpenSSH) is not installed; it makes the signature"
        )
    return executable


def _run(args: list[str], what: str, stdin: bytes | None = None) -> bytes:
    # No terminal (new session, no stdin): ssh-keygen cannot prompt for a passphrase, it fails.
    env = {k: v for k, v in os.environ.items() if k not in ("SSH_ASKPASS", "DISPLAY")}
    env["SSH_ASKPASS_REQUIRE"] = "never"
    try:
        done = subprocess.run(
            [_ssh_keygen(), *args],
            input=stdin,
            stdin=None if stdin is not None else subprocess.DEVNULL,
            capture_output=True,
            timeout=_TIMEOUT_SECONDS,
            start_new_session=True,
            env=env,
            check=False,
        )
    except (OSError, subprocess.SubprocessError) as exc:
        raise UsageError(f"--sign-key: {what}: {exc}") from None
    if done.returncode != 0:
        detail = " ".join(done.stderr.decode("utf-8", "replace").split()) or "no detail"
        raise UsageError(f"--sign-key: {what}: ssh-keygen failed: {detail}")
    return done.stdout


def load_key(path: Path) -> SigningKey:
    """Check ``path`` is a usable key (a private key without passphrase, or a public key whose
    private half is in ssh-agent) and read its public half and fingerprint."""
    if not path.is_file():
        raise UsageError(f"--sign-key {path}: no such file")
    text = path.read_text(encoding="utf-8", errors="replace").lstrip()
    in_agent = text.startswith(("ssh-", "ecdsa-", "sk-"))
    if in_agent:
        public = text.splitlines()[0].strip()
    else:
        what = f"{path} cannot be read as a private key without a passphrase"
        public = _run(["-y", "-f", str(path)], what).decode().strip()
    fingerprint = _run(["-l", "-E", "sha256", "-f", "-"], str(path), public.encode()).decode()
    return SigningKey(path, public, fingerprint.split()[1], in_agent)


def sign(data: bytes, key: SigningKey) -> bytes:
    """The SSHSIG signature of ``data`` (namespace ``file``) made with ``key``."""
    with tempfile.TemporaryDirectory(prefix="aimm-sign-") as folder:
        message = Path(folder) / "SHA256SUMS"
        message.write_bytes(data)
        agent = ["-U"] if key.in_agent else []
        args = [*agent, "-Y", "sign", "-n", NAMESPACE, "-f", str(key.path), str(message)]
        _run(args, f"signing with {key.path}")
        return (Path(folder) / (message.name + ".sig")).read_bytes()


def verify_commands(key: SigningKey | None) -> list[str]:
    """The shell commands that verify a pack (run in its folder, or the unzipped pack)."""
    check = "sha256sum -c SHA256SUMS"
    if key is None:
        return [check]
    return [
        f"echo '{key.allowed_signers}' > allowed_signers",
        f"ssh-keygen -Y verify -f allowed_signers -I {PRINCIPAL} -n {NAMESPACE} "
        f"-s {SIGNATURE} < SHA256SUMS",
        check,
    ]

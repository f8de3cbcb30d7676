"""Build the WebAssembly module of the built-in policies with OPA (``aimm policy wasm``).

The module (``policies/aimm.wasm``) and its record (``policies/aimm.wasm.json``) are committed
and shipped in the wheel, so aimm runs them with no Go and no OPA. They must be rebuilt after
every change to a ``.rego`` file; CI rebuilds them and fails when the committed ones differ.

The build copies the policy files (tests left out) into a temporary ``policies/`` folder and
runs ``opa build -t wasm`` there, so the module does not depend on where the checkout is (OPA
writes file names into it). The pinned OPA version is required: another OPA compiles another
module.
"""

from __future__ import annotations

import hashlib
import io
import json
import re
import shutil
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path

from aimm.core.errors import EngineError, UsageError
from aimm.core.files import write_atomic
from aimm.core.resources import policies_dir
from aimm.core.wasm import (
    MODULE_NAME,
    OPA_VERSION,
    RECORD_NAME,
    module_entrypoints,
    rego_sources,
    sources_digest,
)

_VERSION = re.compile(r"^Version:\s*(\S+)", re.MULTILINE)


@dataclass(frozen=True)
class WasmBuild:
    """A module built from a policy folder, with its record."""

    wasm: bytes
    record: dict[str, object]

    def record_text(self) -> str:
        """The record as committed: sorted keys, two-space indent, a final newline."""
        return json.dumps(self.record, indent=2, sort_keys=True) + "\n"


def find_opa(opa: str | None = None) -> str:
    """The ``opa`` binary to use (``opa`` on PATH by default) at the pinned version; a usage
    error says how to get it when it is missing or another version."""
    binary = shutil.which(opa or "opa")
    if binary is None:
        raise UsageError(
            f"{opa or 'opa'} not found on PATH; install OPA {OPA_VERSION} with Go: "
            f"GOBIN=$PWD/.tools/bin go install github.com/open-policy-agent/opa@v{OPA_VERSION}"
        )
    out = subprocess.run([binary, "version"], capture_output=True, text=True, check=False)
    found = _VERSION.search(out.stdout)
    version = found.group(1) if found else "unknown"
    if version != OPA_VERSION:
        raise UsageError(f"{binary} is OPA {version}; the module is built with OPA {OPA_VERSION}")
    return binary


def build_module(opa: str, folder: Path | None = None) -> WasmBuild:
    """Compile the policies below ``folder`` (default: the built-in ones) with ``opa``."""
    root = folder or policies_dir()
    with tempfile.TemporaryDirectory(prefix="aimm-wasm-") as tmp:
        work = Path(tmp)
        for path in rego_sources(root):
            target = work / "policies" / path.relative_to(root)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(path.read_bytes())
        command = [opa, "build", "-t", "wasm", "-o", "bundle.tar.gz"]
        for point in module_entrypoints():
            command += ["-e", point]
        done = subprocess.run(
            [*command, "policies"], cwd=work, capture_output=True, text=True, check=False
        )
        if done.returncode != 0:
            detail = (done.stderr or done.stdout).strip().splitlines()
            raise EngineError(f"opa build failed: {detail[0] if detail else done.returncode}")
        wasm = _module_of((work / "bundle.tar.gz").read_bytes())
    record: dict[str, object] = {
        "opa": OPA_VERSION,
        "entrypoints": list(module_entrypoints()),
        "sha256": hashlib.sha256(wasm).hexdigest(),
        "size": len(wasm),
        "sources": sources_digest(root),
    }
    return WasmBuild(wasm, record)


def _module_of(bundle: bytes) -> bytes:
    with tarfile.open(fileobj=io.BytesIO(bundle), mode="r:gz") as tar:
        for member in tar.getmembers():
            if member.name.lstrip("/") == "policy.wasm":
                handle = tar.extractfile(member)
                if handle is not None:
                    return handle.read()
    raise EngineError("opa build wrote no policy.wasm")


def write_module(build: WasmBuild, folder: Path | None = None) -> Path:
    """Write the module and its record beside the policies; the module's path."""
    root = folder or policies_dir()
    write_atomic(root / MODULE_NAME, build.wasm, what="WebAssembly module")
    write_atomic(root / RECORD_NAME, build.record_text(), what="WebAssembly record")
    return root / MODULE_NAME


def differences(build: WasmBuild, folder: Path | None = None) -> list[str]:
    """How the committed module and record differ from a fresh build (empty: current)."""
    root = folder or policies_dir()
    found = []
    try:
        if (root / MODULE_NAME).read_bytes() != build.wasm:
            found.append(f"{root / MODULE_NAME} differs from the module OPA builds now")
    except OSError:
        found.append(f"{root / MODULE_NAME} is missing")
    try:
        if (root / RECORD_NAME).read_text("utf-8") != build.record_text():
            found.append(f"{root / RECORD_NAME} differs from the record of the build")
    except OSError:
        found.append(f"{root / RECORD_NAME} is missing")
    return found

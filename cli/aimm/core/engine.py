"""The policy engine: rego-cpp (regopy) in-process, built once, evaluated many times.

All ``.rego`` files of the built-in policies (and any extra policy folders) are compiled
into one bundle whose query is ``data.aimm.report.result``. Evaluation of a manifest is then
one ``query_bundle`` call. Any compile or runtime failure becomes an :class:`EngineError`
(exit 3) with a one-line message; rego-cpp's own diagnostics, which it prints on file
descriptor 1, are captured so they never corrupt a JSON report on stdout.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import sys
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

import regopy
from regopy import BundleFormat, Interpreter

from aimm.core.errors import EngineError
from aimm.core.model import Model, engine_data, load_model
from aimm.core.resources import policies_dir

# The single-query form (what an OPA server would evaluate) ...
QUERY = "x = data.aimm.report.result"
# ... and what the embedded engine runs: each control package on its own, then the assembly.
# rego-cpp's object lookups are linear, so one query over everything costs quadratically more.
ASSEMBLY_ENTRYPOINT = "aimm/report/assembled"
_CONTROL_PACKAGE = re.compile(
    r"^package\s+aimm\.controls\.([A-Za-z_][A-Za-z0-9_]*)\s*$", re.MULTILINE
)
_RESULTS_RULE = re.compile(r"^results\b", re.MULTILINE)
_LOCATION = re.compile(r"^-- (?P<file>.+?):(?P<line>\d+):(?P<col>\d+)\s*$", re.MULTILINE)


@contextlib.contextmanager
def capture_native_output() -> Iterator[list[str]]:
    """Capture what native code writes to file descriptor 1 while the block runs."""
    captured: list[str] = []
    sys.stdout.flush()
    try:
        saved = os.dup(1)
    except OSError:  # no usable fd 1 (embedded use): nothing to capture
        yield captured
        return
    with tempfile.TemporaryFile(mode="w+b") as sink:
        os.dup2(sink.fileno(), 1)
        try:
            yield captured
        finally:
            sys.stdout.flush()
            os.dup2(saved, 1)
            os.close(saved)
            sink.seek(0)
            captured.append(sink.read().decode("utf-8", "replace"))


def one_line_diagnostic(native_text: str, exc: BaseException) -> str:
    """One line out of rego-cpp's multi-line diagnostic: ``file:line: message``."""
    lines = [ln.strip() for ln in native_text.splitlines() if ln.strip()]
    location = _LOCATION.search(native_text)
    message = ""
    if "Errors:" in lines:
        after = lines[lines.index("Errors:") + 1 :]
        message = after[0] if after else ""
    if not message:
        found = re.search(r"errormsg \d+:([^)\n]+)", str(exc))
        message = found.group(1).strip() if found else str(exc).splitlines()[0]
    if location:
        return f"{location['file']}:{location['line']}: {message}"
    return message


def compile_error(current: str, native_text: str, exc: BaseException) -> EngineError:
    """The one-line error for a failed compilation, naming the file (and line when known)."""
    detail = one_line_diagnostic(native_text, exc)
    where = "" if detail.startswith(current) else f" in {current}"
    return EngineError(f"policy compilation failed{where}: {detail}")


def compile_bundle(
    interpreter: Interpreter,
    files: Sequence[Path],
    data: dict[str, Any] | None,
    entrypoints: Sequence[str],
) -> Any:
    """Add the modules and data to ``interpreter`` and build a bundle with ``entrypoints``
    (None without entrypoints: the modules are then only parsed); a failure is an
    EngineError naming the file and line."""
    current = "<bundle>"
    with capture_native_output() as native:
        try:
            for path in files:
                current = str(path)
                interpreter.add_module(current, path.read_text(encoding="utf-8"))
            current = "<bundle>"
            if data is not None:
                interpreter.add_data(data)
            bundle = interpreter.build(None, list(entrypoints)) if entrypoints else None
        except Exception as exc:
            failure: BaseException | None = exc
        else:
            failure = None
    if failure is not None:
        raise compile_error(current, "".join(native), failure) from failure
    return bundle


def policy_files(folders: Iterable[Path]) -> list[Path]:
    """Policy modules below the folders, without ``*_test.rego``, in a stable order."""
    files: set[Path] = set()
    for folder in folders:
        files.update(
            p for p in folder.rglob("*.rego") if p.is_file() and not p.name.endswith("_test.rego")
        )
    return sorted(files)


def cache_dir() -> Path | None:
    """Where compiled bundles are cached (``AIMM_CACHE_DIR``, else the user cache folder).

    ``AIMM_NO_CACHE=1`` disables the cache.
    """
    if os.environ.get("AIMM_NO_CACHE"):
        return None
    configured = os.environ.get("AIMM_CACHE_DIR")
    if configured:
        return Path(configured)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "aimm" / "bundles"


def control_packages(files: Iterable[Path]) -> list[str]:
    """Names of the ``aimm.controls.<name>`` packages that publish ``results``, sorted."""
    found: set[str] = set()
    for path in files:
        source = path.read_text(encoding="utf-8")
        match = _CONTROL_PACKAGE.search(source)
        if match and _RESULTS_RULE.search(source):
            found.add(match.group(1))
    return sorted(found)


_PACKAGE = re.compile(r"^package\s+([A-Za-z_][A-Za-z0-9_.]*)", re.MULTILINE)


def _package_of(path: Path) -> tuple[str | None, int]:
    """The package a Rego file declares, and its line."""
    source = path.read_text(encoding="utf-8")
    match = _PACKAGE.search(source)
    if match is None:
        return None, 1
    return match.group(1), source.count("\n", 0, match.start()) + 1


def _check_custom_packages(builtin: Sequence[Path], custom: Sequence[Path]) -> None:
    """A custom policy lives in its own packages: reusing a built-in package would merge
    into (and could silently change) the built-in rules."""
    taken = {name for name, _ in map(_package_of, builtin) if name}
    for path in custom:
        name, line = _package_of(path)
        if name in taken:
            raise EngineError(
                f"{path}:{line}: package {name} is a built-in package; "
                "custom policies need their own (package aimm.controls.<your-name>)"
            )


class Engine:
    """A compiled policy bundle that evaluates input documents.

    Compiling the policies costs far more than loading a compiled bundle, so the bundle is
    cached on disk under a digest of everything that goes into it (regopy version, every
    policy file's path and content, the model and catalog data). A cache that cannot be
    read or written is ignored.
    """

    def __init__(
        self,
        model: Model | None = None,
        extra_policy_dirs: Sequence[Path] = (),
        *,
        entrypoints: Sequence[str] = (),
    ) -> None:
        self.model = model or load_model()
        builtin = policy_files([policies_dir()])
        custom = policy_files(extra_policy_dirs)
        _check_custom_packages(builtin, custom)
        self.files = sorted({*builtin, *custom})
        self._data = engine_data(self.model)
        self.packages = control_packages(self.files)
        self.entrypoints = [f"aimm/controls/{p}/results" for p in self.packages]
        # Further rules a caller queries with query() (the audit's obligations matrix).
        self.extra_entrypoints = list(entrypoints)
        self._interpreter = Interpreter()
        self._interpreter.strict_built_in_errors = True
        self.digest = self._digest()
        self._bundle = self._load_cached() or self._compile()

    def _digest(self) -> str:
        digest = hashlib.sha256()
        digest.update(f"regopy {regopy.__version__}\n{ASSEMBLY_ENTRYPOINT}\n".encode())
        digest.update("\n".join([*self.entrypoints, *self.extra_entrypoints]).encode())
        for path in self.files:
            digest.update(f"{path.name}\n".encode())
            digest.update(path.read_bytes())
        digest.update(json.dumps(self._data, sort_keys=True).encode())
        return digest.hexdigest()

    def _cache_file(self) -> Path | None:
        folder = cache_dir()
        return None if folder is None else folder / f"{self.digest}.rbb"

    def _load_cached(self) -> Any:
        cached = self._cache_file()
        if cached is None or not cached.is_file():
            return None
        try:
            with capture_native_output():
                bundle = self._interpreter.load_bundle(str(cached), BundleFormat.Binary)
        except Exception:  # a stale or damaged cache entry: compile instead
            return None
        return bundle if bundle.ok() else None

    def _store(self, bundle: Any) -> None:
        cached = self._cache_file()
        if cached is None:
            return
        try:
            cached.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=".bundle.", dir=cached.parent)
            os.close(fd)
            with capture_native_output():
                self._interpreter.save_bundle(tmp, bundle, BundleFormat.Binary)
            os.replace(tmp, cached)
        except Exception:  # caching is an optimisation; never fail a check over it
            with contextlib.suppress(Exception):
                os.unlink(tmp)

    def _compile(self) -> Any:
        entrypoints = [*self.entrypoints, ASSEMBLY_ENTRYPOINT, *self.extra_entrypoints]
        bundle = compile_bundle(self._interpreter, self.files, self._data, entrypoints)
        if not bundle.ok():
            raise EngineError("policy compilation failed: the bundle is not usable")
        self._store(bundle)
        return bundle

    def _set_input(self, document: dict[str, Any]) -> None:
        try:
            # A JSON term, not regopy.Input: Input() leaves quotes inside strings unescaped,
            # so a manifest string holding '"' would corrupt the engine's JSON output.
            self._interpreter.set_input_term(json.dumps(document, ensure_ascii=False))
        except Exception as exc:
            raise EngineError(f"policy input rejected: {str(exc).splitlines()[0]}") from exc

    def _query(self, entrypoint: str) -> Any:
        """Evaluate one entrypoint on the current input; None when it is undefined."""
        try:
            output = self._interpreter.query_bundle_entrypoint(self._bundle, entrypoint)
            text = str(output)
        except Exception as exc:
            raise EngineError(f"policy evaluation failed: {str(exc).splitlines()[0]}") from exc
        if not output.ok():
            first = re.search(r"errormsg \d+:([^)\n]+)", text)
            reason = first.group(1).strip() if first else text.strip().splitlines()[0]
            raise EngineError(f"policy evaluation failed in {entrypoint}: {reason}")
        if text.strip() == "undefined":
            return None
        try:
            parsed = json.loads(text)
        except json.JSONDecodeError as exc:
            raise EngineError(f"policy evaluation returned malformed output: {exc}") from exc
        expressions = parsed.get("expressions") if isinstance(parsed, dict) else None
        return expressions[0] if expressions else None

    def _locate(self, package: str, control_id: str) -> str:
        """``file:line`` where ``package`` names ``control_id`` (else its first file)."""
        files = [p for p in self.files if _package_of(p)[0] == package]
        for path in files:
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                if f'"{control_id}"' in line:
                    return f"{path}:{number}"
        return f"{files[0]}:{_package_of(files[0])[1]}" if files else "<policies>"

    def outcomes(self, document: dict[str, Any]) -> dict[str, Any]:
        """Every control outcome, package by package. A package whose ``results`` is
        undefined contributes nothing, so its controls fail closed in the assembly."""
        merged: dict[str, Any] = {}
        self._set_input(document)  # once for every package: parsing the input is not free
        for entrypoint in self.entrypoints:
            results = self._query(entrypoint)
            if isinstance(results, dict):
                unknown = sorted(set(results) - self.model.by_id.keys())
                if unknown:
                    # The report walks the catalog, so an uncatalogued result would vanish.
                    package = entrypoint.removesuffix("/results").replace("/", ".")
                    raise EngineError(
                        f"{self._locate(package, unknown[0])}: policy package {package} "
                        f"publishes {', '.join(unknown)}, which the catalog does not have; "
                        "add a catalog entry beside the policy"
                    )
                merged.update(results)
        return merged

    def evaluate(self, document: dict[str, Any]) -> dict[str, Any]:
        """Evaluate one facts document; the same value as ``data.aimm.report.result``."""
        return self.assemble(document, self.outcomes(document))

    def assemble(self, document: dict[str, Any], outcomes: dict[str, Any]) -> dict[str, Any]:
        """The report for a document from control outcomes already collected by outcomes()."""
        self._set_input({**document, "results": outcomes})
        assembled = self._query(ASSEMBLY_ENTRYPOINT)
        if not isinstance(assembled, dict):
            raise EngineError("policy evaluation was undefined: the report has no value")
        return assembled

    def query(self, entrypoint: str, document: dict[str, Any]) -> Any:
        """Evaluate one of the extra entrypoints on a document; None when it is undefined."""
        if entrypoint not in self.extra_entrypoints:
            raise EngineError(f"{entrypoint} is not an entrypoint of this policy bundle")
        self._set_input(document)
        return self._query(entrypoint)

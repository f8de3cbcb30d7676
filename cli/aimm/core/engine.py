"""The policy engine: rego-cpp (regopy) in-process, built once, evaluated many times.

The engine compiles the core policies (``policies/core``), the policies of the models it is
built for (``aimm.models.<id>.*``), the framework profiles' packages when a model carries
profiles, and any custom policy folders (``aimm.controls.<name>``), with every model's data
under ``data.aimm.models.<id>``. Evaluating a manifest for one model queries each package
that publishes ``results`` (the core's, the model's, the profiles' and the custom ones) and
then the report assembly, ``data.aimm.core.report.assembled``, with ``input.model`` naming the
model. Any compile or runtime failure becomes an :class:`EngineError` (exit 3) with a one-line
message; rego-cpp's own diagnostics, which it prints on file descriptor 1, are captured so
they never corrupt a JSON report on stdout.
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

from aimm.core.errors import EngineError, EvaluationError
from aimm.core.files import cache_dir, files_below, write_atomic
from aimm.core.model import DEFAULT_MODEL, Model, load_model, models_data
from aimm.core.resources import policies_dir
from aimm.core.signing import cache_key, seal, unseal

# The single-query form (what an OPA server evaluates) ...
QUERY = "x = data.aimm.core.report.result"
# ... and what the embedded engine runs: each control package on its own, then the assembly.
# rego-cpp's object lookups are linear, so one query over everything costs quadratically more.
ASSEMBLY_ENTRYPOINT = "aimm/core/report/assembled"
# The org config's disabled entries the policies refuse (see report.rego): every bundle holds
# the core, so every engine answers it, whoever built the engine (check_disabled asks it).
DISABLED_PROBLEMS_ENTRYPOINT = "aimm/core/report/disabled_problems"
# Package prefixes of one model's packages and of custom policies.
MODELS_PREFIX = "aimm.models."
CUSTOM_PREFIX = "aimm.controls."
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
    interpreter: Any,
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
                interpreter.add_module(current, read_policy(path))
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


def read_policy(path: Path) -> str:
    """A policy file's text; one that is not UTF-8, or cannot be read, is a policy error
    (exit 3) naming the file."""
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise EngineError(f"{path}: policy file is not UTF-8 text (byte {exc.start})") from exc
    except OSError as exc:
        raise EngineError(f"{path}: cannot read policy file: {exc.strerror or exc}") from exc


def policy_files(folders: Iterable[Path]) -> list[Path]:
    """Policy modules below the folders, without ``*_test.rego``, in a stable order."""
    files: set[Path] = set()
    for folder in folders:
        found = files_below(folder, (".rego",), what="policy folder")
        files.update(p for p in found if not p.name.endswith("_test.rego"))
    return sorted(files)


def control_packages(files: Iterable[Path]) -> list[str]:
    """The packages among ``files`` that publish ``results`` (full dotted names), sorted."""
    found: set[str] = set()
    for path in files:
        source = read_policy(path)
        name, _ = package_of(path, source)
        if name and _RESULTS_RULE.search(source):
            found.add(name)
    return sorted(found)


def entrypoint(package: str, rule: str = "results") -> str:
    """The bundle entrypoint of a package's rule: ``aimm.core.x`` -> ``aimm/core/x/results``."""
    return "/".join([*package.split("."), rule])


_PACKAGE = re.compile(r"^package\s+([A-Za-z_][A-Za-z0-9_.]*)", re.MULTILINE)


def package_of(path: Path, source: str | None = None) -> tuple[str | None, int]:
    """The package a Rego file declares, and its line."""
    text = read_policy(path) if source is None else source
    match = _PACKAGE.search(text)
    if match is None:
        return None, 1
    return match.group(1), text.count("\n", 0, match.start()) + 1


def check_namespaces(files: Sequence[Path], prefix: str, what: str, taken: set[str]) -> None:
    """Every file declares a package under ``prefix`` that no other set of files has: a
    custom policy or a user model cannot merge into (and silently change) another's rules."""
    for path in files:
        name, line = package_of(path)
        if name in taken:
            raise EngineError(
                f"{path}:{line}: package {name} is a built-in package; {what} need their own "
                f"(package {prefix}<name>)"
            )
        if name is None or not name.startswith(prefix):
            raise EngineError(f"{path}:{line}: {what} live in packages {prefix}<name>, not {name}")


def builtin_policy_files(profiles: bool) -> list[Path]:
    """The core policies, with the framework profiles' packages when ``profiles``."""
    folders = [policies_dir() / "core"]
    if profiles:
        folders.append(policies_dir() / "frameworks")
    return policy_files(folders)


class Engine:
    """A compiled policy bundle for one or more models that evaluates input documents.

    ``models`` (default: the default model) are evaluated with the core policies and any
    custom policy folders; the first is the primary model, used when :meth:`evaluate` is not
    told which. Compiling costs far more than loading a compiled bundle, so the bundle is
    cached on disk under a digest of everything that goes into it (regopy version, every
    policy file's path and content, the models' data). A cache that cannot be read or
    written is ignored.
    """

    def __init__(
        self,
        models: Model | Sequence[Model] | None = None,
        extra_policy_dirs: Sequence[Path] = (),
        *,
        entrypoints: Sequence[str] = (),
        known_controls: Iterable[str] = (),
    ) -> None:
        if models is None:
            models = [load_model()]
        elif isinstance(models, Model):
            models = [models]
        self.models: dict[str, Model] = {m.id: m for m in models}
        profiles = any(m.data.get("frameworks") for m in self.models.values())
        builtin = builtin_policy_files(profiles)
        taken = {name for name, _ in map(package_of, builtin) if name}
        model_files: dict[str, list[Path]] = {}
        for model in self.models.values():
            files = policy_files(model.policy_dirs)
            check_namespaces(
                files, f"{MODELS_PREFIX}{model.rego_key}.", "a model's policies", taken
            )
            model_files[model.id] = files
            taken |= {name for name, _ in map(package_of, files) if name}
        custom = policy_files(extra_policy_dirs)
        check_namespaces(custom, CUSTOM_PREFIX, "custom policies", taken)
        self.files = sorted({*builtin, *custom, *(f for fs in model_files.values() for f in fs)})
        # Waivers may name any installed model's control (known_controls, see models_data).
        self._data = models_data(self.models.values(), known_controls)
        shared = [entrypoint(p) for p in control_packages(builtin)]
        # Custom policies extend the default model's catalog (extend_model), so only the
        # default model queries them; another model would see controls it does not have.
        customs = [entrypoint(p) for p in control_packages(custom)]
        self._entrypoints = {
            mid: [
                *shared,
                *(entrypoint(p) for p in control_packages(files)),
                *(customs if mid == DEFAULT_MODEL else []),
            ]
            for mid, files in model_files.items()
        }
        # Each model's report rules (model.yaml report: name -> rule below its package).
        self.report_rules = {m.id: m.report_entrypoints for m in self.models.values()}
        # Further rules a caller queries with query() (the audit's obligations matrix).
        self.extra_entrypoints = list(dict.fromkeys([DISABLED_PROBLEMS_ENTRYPOINT, *entrypoints]))
        # Imported here: a run on the WebAssembly engine never loads regopy.
        from regopy import Interpreter

        self._interpreter = Interpreter()
        self._interpreter.strict_built_in_errors = True
        self.digest = self._digest()
        self._bundle = self._load_cached() or self._compile()

    @property
    def model(self) -> Model:
        """The primary model (the first this engine was built for)."""
        return next(iter(self.models.values()))

    @property
    def entrypoints(self) -> list[str]:
        """The package entrypoints queried for every model (in order, each once)."""
        return list(dict.fromkeys(e for es in self._entrypoints.values() for e in es))

    def _model(self, model_id: str | None) -> Model:
        if model_id is None:
            return self.model
        try:
            return self.models[model_id]
        except KeyError:
            raise EngineError(f"the policy engine was not built for model {model_id!r}") from None

    def _digest(self) -> str:
        import regopy

        digest = hashlib.sha256()
        digest.update(f"regopy {regopy.__version__}\n{ASSEMBLY_ENTRYPOINT}\n".encode())
        rules = [e for rules in self.report_rules.values() for e in rules.values()]
        digest.update("\n".join([*self.entrypoints, *rules, *self.extra_entrypoints]).encode())
        for path in self.files:
            digest.update(f"{path.name}\n".encode())
            digest.update(path.read_bytes())
        digest.update(json.dumps(self._data, sort_keys=True).encode())
        return digest.hexdigest()

    def _cache_file(self) -> Path | None:
        folder = cache_dir("bundles")
        return None if folder is None else folder / f"{self.digest}.rbb"

    def _load_cached(self) -> Any:
        """The cached compiled bundle when its signature verifies (:mod:`aimm.core.signing`):
        a forged or damaged entry is compiled afresh, never loaded. The verified bytes are
        loaded from a private copy, so the entry cannot change between check and load."""
        cached, secret = self._cache_file(), cache_key()
        if cached is None or secret is None or not cached.is_file():
            return None
        from regopy import BundleFormat

        try:
            body = unseal(secret, cached.name, cached.read_bytes())
            if body is None:
                return None
            with tempfile.TemporaryDirectory(prefix="aimm-bundle-") as private:
                copy = Path(private) / "bundle.rbb"
                copy.write_bytes(body)
                with capture_native_output():
                    bundle = self._interpreter.load_bundle(str(copy), BundleFormat.Binary)
        except Exception:  # a stale or damaged cache entry: compile instead
            return None
        return bundle if bundle.ok() else None

    def _store(self, bundle: Any) -> None:
        from regopy import BundleFormat

        cached, secret = self._cache_file(), cache_key()
        if cached is None or secret is None:
            return
        try:
            with tempfile.TemporaryDirectory(prefix="aimm-bundle-") as private:
                saved = Path(private) / "bundle.rbb"
                with capture_native_output():
                    self._interpreter.save_bundle(str(saved), bundle, BundleFormat.Binary)
                body = saved.read_bytes()
            cached.parent.mkdir(parents=True, exist_ok=True)
            write_atomic(cached, seal(secret, cached.name, body), private=True)
        except Exception:  # caching is an optimisation; never fail a check over it
            return

    def _compile(self) -> Any:
        rules = [e for rules in self.report_rules.values() for e in rules.values()]
        entrypoints = [*self.entrypoints, ASSEMBLY_ENTRYPOINT, *rules, *self.extra_entrypoints]
        bundle = compile_bundle(self._interpreter, self.files, self._data, entrypoints)
        if not bundle.ok():
            raise EngineError("policy compilation failed: the bundle is not usable")
        self._store(bundle)
        return bundle

    def _set_input(self, document: dict[str, Any]) -> None:
        try:
            # rego-cpp: a JSON term, not regopy.Input: Input() leaves quotes inside strings
            # unescaped, so a manifest string holding '"' would corrupt the engine's output.
            self._interpreter.set_input_term(json.dumps(document, ensure_ascii=False))
        except Exception as exc:
            raise EvaluationError(f"policy input rejected: {str(exc).splitlines()[0]}") from exc

    def _query(self, entrypoint: str) -> Any:
        """Evaluate one entrypoint on the current input; None when it is undefined."""
        try:
            output = self._interpreter.query_bundle_entrypoint(self._bundle, entrypoint)
            text = str(output)
        except Exception as exc:
            raise EvaluationError(f"policy evaluation failed: {str(exc).splitlines()[0]}") from exc
        if not output.ok():
            first = re.search(r"errormsg \d+:([^)\n]+)", text)
            reason = first.group(1).strip() if first else text.strip().splitlines()[0]
            raise EvaluationError(f"policy evaluation failed in {entrypoint}: {reason}")
        if text.strip() == "undefined":
            return None
        try:
            parsed = json.loads(text)
        except json.JSONDecodeError as exc:
            raise EvaluationError(f"policy evaluation returned malformed output: {exc}") from exc
        expressions = parsed.get("expressions") if isinstance(parsed, dict) else None
        return expressions[0] if expressions else None

    def _locate(self, package: str, control_id: str) -> str:
        """``file:line`` where ``package`` names ``control_id`` (else its first file)."""
        files = [p for p in self.files if package_of(p)[0] == package]
        for path in files:
            for number, line in enumerate(read_policy(path).splitlines(), 1):
                if f'"{control_id}"' in line:
                    return f"{path}:{number}"
        return f"{files[0]}:{package_of(files[0])[1]}" if files else "<policies>"

    def outcomes(self, document: dict[str, Any], model_id: str | None = None) -> dict[str, Any]:
        """Every control outcome for one model, package by package. A package whose
        ``results`` is undefined contributes nothing, so its controls fail closed in the
        assembly. A control published by two packages, or by a package for a control the
        model's catalog does not have, is a policy error."""
        model = self._model(model_id)
        merged: dict[str, Any] = {}
        source: dict[str, str] = {}
        self._set_input({**document, "model": model.rego_key})  # parsed once for all packages
        for point in self._entrypoints[model.id]:
            results = self._query(point)
            if not isinstance(results, dict):
                continue
            package = point.removesuffix("/results").replace("/", ".")
            unknown = sorted(set(results) - model.by_id.keys())
            if unknown:
                # The report walks the catalog, so an uncatalogued result would vanish.
                raise EngineError(
                    f"{self._locate(package, unknown[0])}: policy package {package} "
                    f"publishes {', '.join(unknown)}, which the catalog does not have; "
                    "add a catalog entry beside the policy"
                )
            twice = sorted(set(results) & merged.keys())
            if twice:
                # Blame the custom package when one is involved: it took a built-in id.
                held = source[twice[0]]
                blamed, other = (
                    (held, package) if held.startswith(CUSTOM_PREFIX) else (package, held)
                )
                raise EngineError(
                    f"{self._locate(blamed, twice[0])}: policy package {blamed} publishes "
                    f"{', '.join(twice)}, which {other} also decides; a control is "
                    "decided by one package only"
                )
            merged.update(results)
            source.update(dict.fromkeys(results, package))
        return merged

    def evaluate(self, document: dict[str, Any], model_id: str | None = None) -> dict[str, Any]:
        """Evaluate one facts document for one model (default: the primary one); the same
        value as ``data.aimm.core.report.result`` with ``input.model`` set."""
        return self.assemble(document, self.outcomes(document, model_id), model_id)

    def outcomes_and_report(
        self, document: dict[str, Any], model_id: str | None = None
    ) -> tuple[dict[str, Any], dict[str, Any]]:
        """outcomes(), and the report assemble() gives from their verdicts (without the
        evidence blocks: the assembly reads only the verdicts, and rego-cpp's cost grows
        with the size of its input)."""
        from aimm.core.engines import verdicts

        outcomes = self.outcomes(document, model_id)
        return outcomes, self.assemble(document, verdicts(outcomes), model_id)

    def assemble(
        self, document: dict[str, Any], outcomes: dict[str, Any], model_id: str | None = None
    ) -> dict[str, Any]:
        """The report for a document from control outcomes already collected by outcomes()."""
        model = self._model(model_id)
        self._set_input({**document, "model": model.rego_key, "results": outcomes})
        assembled = self._query(ASSEMBLY_ENTRYPOINT)
        if not isinstance(assembled, dict):
            raise EngineError("policy evaluation was undefined: the report has no value")
        return assembled

    def report_extras(
        self, document: dict[str, Any], report: dict[str, Any], model_id: str | None = None
    ) -> dict[str, Any]:
        """The model's report rules (model.yaml ``report``) evaluated on the facts and the
        assembled report (``input.report``), by name; a rule that is undefined is None."""
        model = self._model(model_id)
        rules = self.report_rules.get(model.id, {})
        if not rules:
            return {}
        self._set_input({**document, "model": model.rego_key, "report": report})
        return {name: self._query(point) for name, point in rules.items()}

    def query(self, point: str, document: dict[str, Any], model_id: str | None = None) -> Any:
        """Evaluate one of the extra entrypoints on a document; None when it is undefined."""
        if point not in self.extra_entrypoints:
            raise EngineError(f"{point} is not an entrypoint of this policy bundle")
        self._set_input({**document, "model": self._model(model_id).rego_key})
        return self._query(point)

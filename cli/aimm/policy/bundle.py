"""Build an OPA bundle: the policies and the data document, ready for a central OPA server.

The bundle (https://www.openpolicyagent.org/docs/latest/management-bundles/) is a gzipped
tarball holding:

- ``aimm/policies/<path>``: the core policies and the framework profiles' (tests left out);
- ``aimm/policies/models/<id>/<path>`` (built-in models) or ``models/<id>/<path>`` (models
  from a model path): the policies of each model in the bundle;
- ``custom/<i>-<folder name>/<path>``: every module of the i-th custom policy folder
  (a folder given twice counts once);
- ``data.json``: :func:`aimm.core.model.models_data` of the bundle's models, so the policies
  read ``data.aimm.models.<id>`` exactly as in the engine. The default model is extended
  with the requested profiles' controls and the custom folders' catalogs
  (:func:`aimm.core.frameworks.profile_model`, :func:`aimm.core.model.extend_model`, as
  ``aimm check`` does), so the report of a central OPA server lists them;
- ``.manifest``: ``revision``, ``roots``, ``rego_version`` 1 and ``metadata``
  (the aimm version, the query ``data.aimm.core.report.result``, the models, each module's
  package and SHA-256, each model's data SHA-256; a client sets ``input.model`` to the
  model to evaluate).

Everything lives under the one root ``aimm`` (packages ``aimm.*``, data ``data.aimm``), so the
bundle coexists with other bundles on the same server.

The revision is ``aimm-<aimm version>-<digest>``, the digest a SHA-256 over every member
but ``.manifest`` (name, size and bytes, in name order) followed by the manifest without its
``revision`` as canonical JSON. OPA exposes it (``GET /v1/data/system/bundles``), and
``aimm check --engine opa`` compares it with the bundle this aimm would build for the run
before the first query (:func:`mismatch`). The archive is byte-identical for identical
inputs: sorted members, no timestamps, no owners, and no file name or time in the gzip
header.
"""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import os
import re
import tarfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from regopy import Interpreter

from aimm import __version__
from aimm.core.engine import QUERY, compile_bundle, control_packages, entrypoint, policy_files
from aimm.core.errors import EngineError, UsageError
from aimm.core.files import write_atomic
from aimm.core.model import DEFAULT_MODEL, Model, extend_model, load_model, models_data
from aimm.core.resources import policies_dir

MANIFEST_NAME = ".manifest"
DATA_NAME = "data.json"
BUILTIN_PREFIX = "aimm/policies"
CUSTOM_PREFIX = "custom"
# What an OPA client queries: the rule of the single-query form (``x = data.aimm.report.result``).
RESULT_QUERY = QUERY.split("=", 1)[1].strip()
REGO_VERSION = 1
_FILE_MODE = 0o644  # the members' mode inside the archive
# ``package a.b.c`` at the start of a line: the first segment, then any further dotted ones.
_PACKAGE = re.compile(
    r"^[ \t]*package[ \t]+([A-Za-z_][A-Za-z0-9_]*)((?:\.[A-Za-z_][A-Za-z0-9_]*)*)", re.MULTILINE
)


@dataclass(frozen=True)
class BundleSummary:
    """What :func:`build_bundle` wrote."""

    path: Path
    revision: str
    modules: tuple[str, ...]
    roots: tuple[str, ...]
    size: int


@dataclass(frozen=True)
class _Module:
    name: str  # bundle-relative, POSIX
    source: Path
    content: bytes
    package: tuple[str, ...]  # the dotted segments that could be read, first one always


def _package(path: Path, content: bytes) -> tuple[str, ...]:
    try:
        text = content.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise EngineError(f"{path}: policy file is not UTF-8 text") from exc
    match = _PACKAGE.search(text)
    if match is None:
        raise EngineError(f"{path}: policy file has no package declaration")
    rest = match.group(2)
    return (match.group(1), *(s for s in rest.split(".") if s))


def _folder_modules(folder: Path, prefix: str) -> list[_Module]:
    modules = []
    for path in policy_files([folder]):
        try:
            content = path.read_bytes()
        except OSError as exc:
            raise UsageError(f"{path}: cannot read policy file: {exc.strerror or exc}") from exc
        name = f"{prefix}/{path.relative_to(folder).as_posix()}"
        modules.append(_Module(name, path, content, _package(path, content)))
    return modules


def _custom_modules(index: int, folder: Path) -> list[_Module]:
    if not folder.is_dir():
        what = "is not a folder" if folder.exists() else "does not exist"
        raise UsageError(f"policy folder {folder} {what}")
    # The index keeps two folders with the same name apart; the name keeps it readable.
    label = Path(os.path.abspath(folder)).name or "root"
    modules = _folder_modules(folder, f"{CUSTOM_PREFIX}/{index}-{label}")
    if not modules:
        raise UsageError(f"policy folder {folder} holds no .rego policy (other than *_test.rego)")
    return modules


def _check_unique(modules: Sequence[_Module]) -> None:
    """No module may replace another: not the same file twice, not two names that a
    case-insensitive file system would merge on extraction."""
    names: dict[str, _Module] = {}
    sources: dict[Path, _Module] = {}
    for module in modules:
        key = module.name.casefold()
        if key in names:
            raise UsageError(
                f"policy file {module.source} would overwrite {names[key].source} "
                f"in the bundle ({module.name})"
            )
        names[key] = module
        source = module.source.resolve()
        if source in sources:
            raise UsageError(
                f"policy file {module.source} is included twice "
                f"(as {sources[source].name} and {module.name}): the policy folders overlap"
            )
        sources[source] = module


def _check_custom_packages(builtin: Sequence[_Module], custom: Sequence[_Module]) -> None:
    """As in the engine: a custom module in a built-in package would merge into (and could
    silently change) the built-in rules."""
    taken = {m.package for m in builtin}
    for module in custom:
        if module.package in taken:
            raise EngineError(
                f"{module.source}: package {'.'.join(module.package)} is a built-in package; "
                "custom policies need their own (package aimm.controls.<your-name>)"
            )


def _data_paths(data: Any, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    """The paths of the data document down to each model's entries (aimm.models.<id>.<key>)."""
    if not isinstance(data, dict) or len(prefix) >= 4:
        return [prefix]
    return [p for key, value in data.items() for p in _data_paths(value, (*prefix, key))]


def _check_data_paths(modules: Sequence[_Module], data: dict[str, Any]) -> None:
    """A package at or below a data path would define rules over base data: OPA rejects it."""
    paths = _data_paths(data)
    for module in modules:
        for path in paths:
            if module.package[: len(path)] == path:
                raise EngineError(
                    f"{module.source}: package {'.'.join(module.package)} clashes with "
                    f"data.{'.'.join(path)}, which the bundle's data.json defines"
                )


def _check_compiles(modules: Sequence[_Module], data: dict[str, Any]) -> None:
    """Compile the bundle's modules with its data, as a server would: a bundle of Rego that
    does not compile is a policy error (exit 3) naming the file and line, never written."""
    files = [m.source for m in modules]
    points = [entrypoint(p) for p in control_packages(files)] + [RESULT_QUERY.replace(".", "/")]
    interpreter = Interpreter()
    interpreter.strict_built_in_errors = True
    built = compile_bundle(interpreter, files, data, [p.removeprefix("data/") for p in points])
    if built is None or not built.ok():
        raise EngineError("policy compilation failed: the bundle is not usable")


def _json_bytes(value: Any) -> bytes:
    return (json.dumps(value, indent=2, sort_keys=True, ensure_ascii=False) + "\n").encode()


def _revision(members: dict[str, bytes], manifest: dict[str, Any]) -> str:
    digest = hashlib.sha256()
    for name in sorted(members):
        content = members[name]
        # Name and size first, so no two different bundles feed the hash the same stream.
        digest.update(f"{name}\0{len(content)}\0".encode())
        digest.update(content)
    digest.update(json.dumps(manifest, sort_keys=True, separators=(",", ":")).encode())
    return digest.hexdigest()


def _archive(members: dict[str, bytes]) -> bytes:
    tar_buffer = io.BytesIO()
    with tarfile.open(fileobj=tar_buffer, mode="w", format=tarfile.PAX_FORMAT) as tar:
        for name in sorted(members):
            info = tarfile.TarInfo(name)
            info.size = len(members[name])
            info.mtime = 0
            info.mode = _FILE_MODE
            info.uid = info.gid = 0
            info.uname = info.gname = ""
            info.type = tarfile.REGTYPE
            tar.addfile(info, io.BytesIO(members[name]))
    gz_buffer = io.BytesIO()
    # filename="" and mtime=0: the gzip header carries neither a name nor a time.
    with gzip.GzipFile(filename="", mode="wb", fileobj=gz_buffer, mtime=0) as gz:
        gz.write(tar_buffer.getvalue())
    return gz_buffer.getvalue()


@dataclass(frozen=True)
class BundleContents:
    """Every member of a bundle and its ``.manifest``, before anything is written."""

    members: dict[str, bytes]
    manifest: dict[str, Any]
    modules: tuple[_Module, ...]
    models: tuple[Model, ...]
    data: dict[str, Any]

    @property
    def revision(self) -> str:
        """The manifest's revision: ``aimm-<version>-<sha256>``."""
        return str(self.manifest["revision"])


def _sha256(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def model_data_digest(data: dict[str, Any], model: Model) -> str:
    """The digest of one model's entry in the data document (what its reports read)."""
    entry = data["aimm"]["models"][model.rego_key]
    return _sha256(json.dumps(entry, sort_keys=True, separators=(",", ":")).encode())


def revision_of(digest: str) -> str:
    """The revision for a content digest: aimm's version and the digest, so a server's
    status (and its logs) name both."""
    return f"aimm-{__version__}-{digest}"


def bundle_contents(
    models: Sequence[Model] = (),
    policy_dirs: Sequence[Path] = (),
    *,
    profiles: Sequence[str] = (),
    extend: bool = True,
) -> BundleContents:
    """What a bundle of ``models`` (default: the default model) and the custom
    ``policy_dirs`` holds. With ``extend`` the default model gets the ``profiles``' controls
    and the folders' catalogs, as ``aimm check`` builds it; without, the models are taken as
    given (an engine's, already built that way). Raises as :func:`build_bundle` does, except
    that nothing is compiled."""
    # A folder given twice counts once, as in aimm.core.pipeline; the index is its first position.
    unique: dict[Path, Path] = {}
    for folder in policy_dirs:
        unique.setdefault(Path(os.path.abspath(folder)), Path(folder))
    folders = list(unique.values())
    chosen = list(models) or [load_model()]
    if extend:
        from aimm.core.frameworks import profile_model  # here: frameworks imports the engine

        chosen = [
            extend_model(profile_model(tuple(profiles), m) if profiles else m, folders)
            if m.id == DEFAULT_MODEL
            else m
            for m in chosen
        ]
    root = policies_dir()
    builtin = [
        m
        for m in _folder_modules(root, BUILTIN_PREFIX)
        # The models' packages come with the chosen models below; the org-scope packages
        # are evaluated by aimm scan and aggregate (aimm.org.orgscope), never per system.
        if not m.name.startswith((f"{BUILTIN_PREFIX}/models/", f"{BUILTIN_PREFIX}/org/"))
    ]
    for model in chosen:
        for folder in model.policy_dirs:
            inside = Path(os.path.abspath(folder)).is_relative_to(root.resolve())
            prefix = (
                f"{BUILTIN_PREFIX}/{folder.resolve().relative_to(root.resolve()).as_posix()}"
                if inside
                else f"models/{model.id}"
            )
            builtin += _folder_modules(folder, prefix)
    custom = [m for i, folder in enumerate(folders) for m in _custom_modules(i, folder)]
    modules = [*builtin, *custom]
    _check_unique(modules)
    _check_custom_packages(builtin, custom)
    data = models_data(chosen)
    _check_data_paths(modules, data)

    members = {m.name: m.content for m in modules}
    members[DATA_NAME] = _json_bytes(data)
    roots = tuple(sorted({m.package[0] for m in modules} | set(data)))
    manifest: dict[str, Any] = {
        "roots": list(roots),
        "rego_version": REGO_VERSION,
        "metadata": {
            "aimm_version": __version__,
            "query": RESULT_QUERY,
            "models": [m.id for m in chosen],
            # What a client checks the bundle against (aimm.policy.bundle.covers): each
            # module's package and digest, and each model's data digest.
            "modules": {
                m.name: {"package": ".".join(m.package), "sha256": _sha256(m.content)}
                for m in sorted(modules, key=lambda m: m.name)
            },
            "model_data": {m.id: model_data_digest(data, m) for m in chosen},
        },
    }
    revision = revision_of(_revision(members, manifest))
    members[MANIFEST_NAME] = _json_bytes({"revision": revision, **manifest})
    return BundleContents(
        members, {"revision": revision, **manifest}, tuple(modules), tuple(chosen), data
    )


def build_bundle(
    output: Path,
    *,
    models: Sequence[Model] = (),
    policy_dirs: Sequence[Path] = (),
    profiles: Sequence[str] = (),
) -> BundleSummary:
    """Write an OPA bundle of the core policies, the ``models`` (default: the default model)
    with their policies, and the custom ``policy_dirs`` to ``output`` (.tar.gz). The default
    model is extended with the ``profiles``' controls and the catalogs in ``policy_dirs``;
    profiles' packages are always included.

    Raises :class:`UsageError` for a policy folder that is missing or holds no policy,
    folders that overlap, two files that would land on one bundle path, and an output that
    cannot be written; :class:`EngineError` for a policy file without a package, in a
    built-in package or at a data path, and for a custom catalog that is not valid.
    """
    contents = bundle_contents(models, policy_dirs, profiles=profiles)
    _check_compiles(contents.modules, contents.data)
    archive = _archive(contents.members)
    write_atomic(output, archive, what="bundle")
    return BundleSummary(
        path=output,
        revision=contents.revision,
        modules=tuple(sorted(m.name for m in contents.modules)),
        roots=tuple(contents.manifest["roots"]),
        size=len(archive),
    )


def write_archive(contents: BundleContents, output: Path) -> None:
    """Write an archive of ``contents`` (already checked) to ``output``."""
    write_atomic(output, _archive(contents.members), what="bundle")


def mismatch(expected: BundleContents, served: dict[str, Any]) -> str | None:
    """Why a server's bundle manifest (``served``) cannot give this aimm's reports for the
    ``expected`` bundle, or None when it can: the same revision, or a bundle of the same aimm
    version that holds every package this run queries with the same modules and every
    model with the same data (a bundle built for more models or more custom folders serves
    this run too). The reason names the first difference."""
    revision = served.get("revision")
    if revision == expected.revision:
        return None
    metadata = served.get("metadata")
    if not isinstance(metadata, dict) or "modules" not in metadata:
        return f"its revision {revision!r} is not an aimm bundle's"
    version = metadata.get("aimm_version")
    if version != __version__:
        return f"it was built by aimm {version}, this is aimm {__version__}"
    models = metadata.get("model_data") or {}
    for model in expected.models:
        digest = model_data_digest(expected.data, model)
        if model.id not in models:
            return f"it has no model {model.id!r} (it has {', '.join(sorted(models)) or 'none'})"
        if models[model.id] != digest:
            return (
                f"its model {model.id!r} differs from this run's (other custom catalogs, "
                "profiles or model files)"
            )
    served_modules: dict[str, set[str]] = {}
    for entry in (metadata.get("modules") or {}).values():
        if isinstance(entry, dict):
            package, digest = str(entry.get("package")), str(entry.get("sha256"))
            served_modules.setdefault(package, set()).add(digest)
    needed: dict[str, set[str]] = {}
    for module in expected.modules:
        needed.setdefault(".".join(module.package), set()).add(_sha256(module.content))
    for package, digests in sorted(needed.items()):
        held = served_modules.get(package)
        if held is None:
            where = next(m.source for m in expected.modules if ".".join(m.package) == package)
            return f"it lacks policy package {package} (from {where})"
        if held != digests:
            return f"its policy package {package} differs from this run's"
    return None

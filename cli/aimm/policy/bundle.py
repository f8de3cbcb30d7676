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
  with the custom folders' catalogs (:func:`aimm.core.model.extend_model`, as ``aimm check``
  does), so the report of a central OPA server lists the custom controls;
- ``.manifest``: ``revision``, ``roots``, ``rego_version`` 1 and ``metadata``
  (the aimm version, the query ``data.aimm.core.report.result`` and the models; a client
  sets ``input.model`` to the model to evaluate).

Everything lives under the one root ``aimm`` (packages ``aimm.*``, data ``data.aimm``), so the
bundle coexists with other bundles on the same server.

The revision is a SHA-256 over every member but ``.manifest`` (name, size and bytes, in
name order) followed by the manifest without its ``revision`` as canonical JSON, so a
server can check it. The archive is byte-identical for identical inputs: sorted members,
no timestamps, no owners, and no file name or time in the gzip header.
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


def build_bundle(
    output: Path, *, models: Sequence[Model] = (), policy_dirs: Sequence[Path] = ()
) -> BundleSummary:
    """Write an OPA bundle of the core policies, the ``models`` (default: the default model)
    with their policies, and the custom ``policy_dirs`` to ``output`` (.tar.gz). The default
    model is extended with the catalogs in ``policy_dirs``; profiles' packages are included.

    Raises :class:`UsageError` for a policy folder that is missing or holds no policy,
    folders that overlap, two files that would land on one bundle path, and an output that
    cannot be written; :class:`EngineError` for a policy file without a package, in a
    built-in package or at a data path, and for a custom catalog that is not valid.
    """
    # A folder given twice counts once, as in aimm.core.pipeline; the index is its first position.
    unique: dict[Path, Path] = {}
    for folder in policy_dirs:
        unique.setdefault(Path(os.path.abspath(folder)), Path(folder))
    folders = list(unique.values())
    chosen = list(models) or [load_model()]
    chosen = [extend_model(m, folders) if m.id == DEFAULT_MODEL else m for m in chosen]
    root = policies_dir()
    builtin = [
        m
        for m in _folder_modules(root, BUILTIN_PREFIX)
        if not m.name.startswith(f"{BUILTIN_PREFIX}/models/")
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
    _check_compiles(modules, data)

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
        },
    }
    revision = _revision(members, manifest)
    members[MANIFEST_NAME] = _json_bytes({"revision": revision, **manifest})

    archive = _archive(members)
    write_atomic(output, archive, what="bundle")
    return BundleSummary(
        path=output,
        revision=revision,
        modules=tuple(sorted(m.name for m in modules)),
        roots=roots,
        size=len(archive),
    )

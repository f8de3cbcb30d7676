"""Locate the data aimm ships: policies, schemas and the control catalogs.

In a wheel they sit inside the package (``aimm/policies`` ...); in a source checkout
(editable install or running from the tree) they sit at the repository root, two folders
above the package (``cli/aimm`` -> the root).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
from collections.abc import Callable, Iterable
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from aimm.core.errors import UsageError

_PACKAGE_DIR = Path(__file__).resolve().parent.parent


@cache
def data_dir(name: str) -> Path:
    """Return the folder holding the shipped data ``name`` (policies, schemas or controls)."""
    for candidate in (_PACKAGE_DIR / name, _PACKAGE_DIR.parent.parent / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"aimm data folder {name!r} is missing from the installation")


def policies_dir() -> Path:
    """The folder of built-in Rego policies."""
    return data_dir("policies")


def schema_path(name: str = "manifest") -> Path:
    """A shipped JSON Schema: ``manifest`` (default), ``org-config`` and ``baseline`` from
    ``schemas/``; ``catalog``, ``model`` and ``core`` (the catalogs' own) from ``controls/``."""
    if name in ("catalog", "model", "core"):
        return controls_dir() / f"{name}.schema.json"
    return data_dir("schemas") / f"{name}.schema.json"


def controls_dir() -> Path:
    """The folder of maturity models and their control catalogs."""
    return data_dir("controls")


# libyaml's loader parses several times faster than the pure-Python one.
_SafeLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_DATE_TAG = "\x00date"


class _Unsupported(TypeError):
    """A YAML value JSON cannot carry faithfully: the file is then not cached."""


def _encode(value: Any) -> Any:
    if isinstance(value, dict):
        if _DATE_TAG in value:
            raise _Unsupported(_DATE_TAG)
        if not all(isinstance(k, str) for k in value):
            raise _Unsupported("a key that is not a string")
        return {k: _encode(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_encode(v) for v in value]
    if isinstance(value, dt.datetime):
        raise _Unsupported("datetime")
    if isinstance(value, dt.date):
        return {_DATE_TAG: value.isoformat()}
    if value is None or isinstance(value, (str, bool, int, float)):
        return value
    raise _Unsupported(type(value).__name__)


def _decode(obj: dict[str, Any]) -> Any:
    if len(obj) == 1 and _DATE_TAG in obj:
        return dt.date.fromisoformat(obj[_DATE_TAG])
    return obj


# A file changed this recently may change again within the same modification time (git's
# "racy" files): a value derived from it is not remembered yet.
RACY_SECONDS = 2.0


def fingerprint(folders: Iterable[Path]) -> str | None:
    """SHA-256 over the path, size and modification time of every file below ``folders``;
    None when one cannot be read or was modified in the last :data:`RACY_SECONDS`."""
    import time

    listing = hashlib.sha256()
    recent = time.time_ns() - int(RACY_SECONDS * 1e9)
    try:
        for base in folders:
            for path in sorted(p for p in base.rglob("*") if p.is_file()):
                stat = path.stat()
                if stat.st_mtime_ns > recent:
                    return None
                listing.update(f"{path}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
    except OSError:
        return None
    return listing.hexdigest()


def remembered(kind: str, folders: Iterable[Path], compute: Callable[[], Any]) -> Any:
    """``compute()``, a JSON value that depends only on the files below ``folders``, kept in
    the signed ``shipped`` cache under their :func:`fingerprint`: computed once per change
    of those files instead of once per process. A missing, stale or unsigned entry is
    computed again; without a cache folder, or while a file is too new to tell a change
    (:func:`fingerprint`), it is computed each time."""
    found = fingerprint(folders)
    if found is None:
        return compute()
    label = f"{kind}:{found}"
    body = _read_entry(label)
    if body is not None:
        return json.loads(body)
    value = compute()
    _write_entry(label, json.dumps(value).encode("utf-8"))
    return value


def _entry(label: str) -> tuple[Path, bytes] | None:
    """The ``shipped`` cache file for ``label`` and the key that signs it; None without a
    cache folder or key."""
    from aimm.core.files import cache_dir
    from aimm.core.signing import cache_key

    folder = cache_dir("shipped")
    key = cache_key() if folder is not None else None
    if folder is None or key is None:
        return None
    return folder / (hashlib.sha256(label.encode("utf-8")).hexdigest() + ".json"), key


def _read_entry(label: str) -> bytes | None:
    """The body stored under ``label`` when its signature verifies, else None."""
    from aimm.core.signing import unseal

    found = _entry(label)
    if found is None:
        return None
    try:
        return unseal(found[1], label, found[0].read_bytes())
    except OSError:
        return None


def _write_entry(label: str, body: bytes) -> None:
    """Store ``body`` under ``label``, signed; a cache only saves time, so a failure is
    ignored."""
    from aimm.core.files import write_atomic
    from aimm.core.signing import seal

    found = _entry(label)
    if found is None:
        return
    path, key = found
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(path, seal(key, label, body), what="cache entry", private=True)
    except (OSError, UsageError):
        pass


def load_yaml(path: Path) -> Any:
    """A shipped YAML file (a model, a catalog, a profile), parsed.

    Every command reads the catalogs of every installed model, and parsing YAML costs about
    twenty times what reading the same data as JSON does (0.24 s against 0.012 s for the
    shipped files): so each file is kept, as JSON, in the signed ``shipped`` cache, keyed
    by its path, size and modification time. A missing, stale or unsigned entry is parsed
    again; a file whose values JSON cannot carry exactly is never cached.
    """
    stat = path.stat()
    label = f"yaml:{path.resolve()}:{stat.st_size}:{stat.st_mtime_ns}"
    body = _read_entry(label)
    if body is not None:
        return json.loads(body, object_hook=_decode)
    with path.open(encoding="utf-8") as fh:
        data = yaml.load(fh, Loader=_SafeLoader)
    # A file whose values JSON cannot carry exactly is never cached: parsed each run.
    with contextlib.suppress(_Unsupported):
        _write_entry(label, json.dumps(_encode(data), ensure_ascii=False).encode("utf-8"))
    return data

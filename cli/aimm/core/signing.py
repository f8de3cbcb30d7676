"""Integrity of aimm's caches: every entry carries an HMAC made with a key kept apart from them.

A cache only saves time; it must never change a verdict. Whoever can write the cache folder
(another user of a shared cache, a CI cache restored from an untrusted branch, a repository
that points ``AIMM_CACHE_DIR`` into its checkout) could otherwise plant a compiled bundle with
other policies, or a scan result that passes a failing gate. So every cache entry (compiled
bundles, machine code, shipped data and both scan tables) is signed with HMAC-SHA256 and
checked on every read; an entry whose signature does not verify is a miss and is computed
again.

The key is, first found: the ``AIMM_CACHE_KEY`` environment variable (a secret, for CI
runners that share a cache between machines), else the file ``cache.key`` in aimm's settings
folder (``$XDG_CONFIG_HOME/aimm``, else ``~/.config/aimm``), created owner-only on first use,
outside the cache folders. Without either (no home folder) nothing is cached.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import os
import tempfile
from pathlib import Path

from aimm.core.files import config_dir

KEY_ENV = "AIMM_CACHE_KEY"
KEY_FILE = "cache.key"
_KEY_BYTES = 32
_known: dict[str, bytes] = {}


def key_file() -> Path | None:
    """Where the cache key lives (None without a settings folder)."""
    folder = config_dir()
    return None if folder is None else folder / KEY_FILE


def cache_key() -> bytes | None:
    """The key cache entries are signed with; None when there is none (then do not cache)."""
    secret = os.environ.get(KEY_ENV)
    if secret:
        return hashlib.sha256(secret.encode("utf-8")).digest()
    path = key_file()
    if path is None:
        return None
    cached = _known.get(str(path))
    if cached is not None:
        return cached
    key = _read_key(path) or _create_key(path)
    if key is not None:
        _known[str(path)] = key
    return key


def _read_key(path: Path) -> bytes | None:
    try:
        text = path.read_text(encoding="ascii").strip()
        key = bytes.fromhex(text)
    except (OSError, ValueError):
        return None
    return key if len(key) == _KEY_BYTES else None


def _create_key(path: Path) -> bytes | None:
    """A new random key, written owner-only; if another process made one first, theirs."""
    key = os.urandom(_KEY_BYTES)
    tmp = ""
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)  # owner-only
        with os.fdopen(fd, "w", encoding="ascii") as fh:
            fh.write(key.hex() + "\n")
        os.link(tmp, path)  # atomic, and fails when the key exists: never two keys
    except FileExistsError:
        return _read_key(path)
    except OSError:
        return None
    finally:
        if tmp:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
    return key


def sign(key: bytes, *parts: bytes) -> str:
    """The HMAC-SHA256 of ``parts`` (length-prefixed, so parts cannot shift into each other)."""
    mac = hmac.new(key, digestmod=hashlib.sha256)
    for part in parts:
        mac.update(len(part).to_bytes(8, "big"))
        mac.update(part)
    return mac.hexdigest()


def seal(key: bytes, label: str, body: bytes) -> bytes:
    """``body`` prefixed by its signature line (the signature covers ``label`` too, so an
    entry cannot be moved to another cache key)."""
    return sign(key, label.encode("utf-8"), body).encode("ascii") + b"\n" + body


def unseal(key: bytes, label: str, data: bytes) -> bytes | None:
    """The body of a sealed entry when its signature verifies, else None."""
    mac, sep, body = data.partition(b"\n")
    if not sep:
        return None
    expected = sign(key, label.encode("utf-8"), body).encode("ascii")
    return body if hmac.compare_digest(mac, expected) else None

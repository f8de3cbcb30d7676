"""A content-addressed cache of policy results, so rescans of unchanged manifests are cheap.

The policies are pure: the raw result of evaluating an input document depends only on the
compiled bundle (the engine's ``digest``: regopy version, every policy file, the model and
catalog) and on the document itself (manifest, evidence facts, ``today``, config). The key
is the SHA-256 of both, the document in canonical JSON, so an entry can never be stale: any
change to the policies, the manifest, its evidence files' existence or the date is a
different key. Entries live under ``<cache>/results/<2 hex>/<key>.json``; ``AIMM_NO_CACHE=1``
disables the cache, ``AIMM_CACHE_DIR`` moves it, as for compiled bundles.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
from pathlib import Path
from typing import Any

from aimm.engine import Engine


def results_dir() -> Path | None:
    """Where results are cached: ``$AIMM_CACHE_DIR/results``, else the user cache folder."""
    if os.environ.get("AIMM_NO_CACHE"):
        return None
    configured = os.environ.get("AIMM_CACHE_DIR")
    if configured:
        return Path(configured) / "results"
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "aimm" / "results"


def result_key(engine_digest: str, document: dict[str, Any]) -> str:
    """The cache key of one evaluation: engine digest plus the document's canonical JSON."""
    canonical = json.dumps(document, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    digest = hashlib.sha256(engine_digest.encode())
    digest.update(b"\n")
    digest.update(canonical.encode("utf-8"))
    return digest.hexdigest()


class ResultCache:
    """Raw engine results stored as JSON files named by their key.

    A read that fails (missing, damaged, unreadable) is a miss; a write that fails is
    ignored: the cache only ever saves time, never changes a verdict.
    """

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.hits = 0
        self.misses = 0

    def _file(self, key: str) -> Path:
        return self.folder / key[:2] / f"{key}.json"

    def get(self, key: str) -> dict[str, Any] | None:
        """The stored result for ``key``, or None."""
        try:
            value = json.loads(self._file(key).read_bytes())
        except (OSError, ValueError):
            self.misses += 1
            return None
        if not isinstance(value, dict):
            self.misses += 1
            return None
        self.hits += 1
        return value

    def put(self, key: str, value: dict[str, Any]) -> None:
        """Store ``value`` under ``key`` atomically (a reader never sees half a file)."""
        target = self._file(key)
        tmp = ""
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=".result.", dir=target.parent)
            with os.fdopen(fd, "wb") as handle:
                handle.write(json.dumps(value, separators=(",", ":")).encode("utf-8"))
            os.replace(tmp, target)
        except OSError:
            if tmp:
                with contextlib.suppress(OSError):
                    os.unlink(tmp)


class CachingEngine(Engine):
    """An :class:`~aimm.engine.Engine` that answers repeated documents from a result cache."""

    def __init__(self, cache: ResultCache | None) -> None:
        super().__init__()
        self.cache = cache

    def evaluate(self, document: dict[str, Any]) -> dict[str, Any]:
        """The engine's result for ``document``, from the cache when it holds it."""
        if self.cache is None:
            return super().evaluate(document)
        key = result_key(self.digest, document)
        cached = self.cache.get(key)
        if cached is not None:
            return cached
        result = super().evaluate(document)
        self.cache.put(key, result)
        return result

"""A content-addressed cache of check results, so rescans of unchanged manifests are cheap.

The policies are pure, and so is everything around them: a manifest's check result depends
only on its bytes, on the input document the policies see (the manifest as loaded, the
evidence facts, ``today``, the config), on the compiled policies and data (the engine's
``digest``) and on aimm's own code. The cache has two tables, both keyed by SHA-256 under a
fingerprint of the engine digest and aimm's code and schema:

- ``manifests``: the bytes of an ``aimm.yaml`` -> the manifest as loaded and validated (or
  the input error it gives), so an unchanged file is neither parsed nor validated again;
- ``results``: the bytes plus the input document in canonical JSON -> the result entry the
  org report reads (:func:`aimm.org.records.compact_entry` of the contract's JSON entry).

A key can never be stale: editing the manifest, adding or removing an evidence file,
other policies or another aimm version each make a different key, and so does another
``--today`` wherever the result can depend on the date (:func:`today_matters`); where it
cannot, the key leaves the date out, so a nightly scan of unchanged manifests stays warm.
Entries live under ``<cache>/scan/<table>/<2 hex>/<key>.json``; ``AIMM_NO_CACHE=1``
disables the cache and ``AIMM_CACHE_DIR`` moves it, as for compiled bundles. Reads that fail
are misses; writes that fail are ignored: the cache only saves time, never changes a verdict.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import stat
from collections.abc import Sequence
from functools import cache
from pathlib import Path
from types import MappingProxyType
from typing import Any

from aimm.core.engines import PolicyEngine
from aimm.core.errors import ManifestError, UsageError
from aimm.core.files import cache_dir, write_atomic
from aimm.core.loader import MAX_BYTES, LoadedManifest, load_manifest
from aimm.core.model import DEFAULT_MODEL
from aimm.core.orgconfig import OrgConfig
from aimm.core.pipeline import Pipeline, input_document
from aimm.core.resources import schema_path
from aimm.core.schema import validate
from aimm.core.signing import cache_key, seal, unseal
from aimm.core.wasm import is_builtin
from aimm.org.records import compact_entry

MAX_ENTRY = 16 * 1024 * 1024  # a cache entry is kilobytes; a huge one is not aimm's


def cache_root() -> Path | None:
    """Where scan results are cached (:func:`aimm.core.files.cache_dir`)."""
    return cache_dir("scan")


@cache
def code_digest() -> str:
    """SHA-256 of aimm's Python modules and the manifest schema: any change to the loader,
    the schema, the pipeline or the reports is a new cache generation."""
    digest = hashlib.sha256()
    package = Path(__file__).resolve().parent.parent
    for path in sorted(package.rglob("*.py")):
        digest.update(f"{path.relative_to(package).as_posix()}\n".encode())
        digest.update(path.read_bytes())
    digest.update(schema_path("manifest").read_bytes())
    return digest.hexdigest()


def _key(*parts: str) -> str:
    digest = hashlib.sha256()
    for part in parts:
        digest.update(part.encode("utf-8"))
        digest.update(b"\x00")
    return digest.hexdigest()


def canonical(value: Any) -> str:
    """JSON with sorted keys and no spaces: equal values give equal text."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


class JsonStore:
    """JSON values in files named by their key (``<folder>/<2 hex>/<key>.json``), each signed
    with the cache key (:mod:`aimm.core.signing`): an entry that was not written by aimm with
    this key (forged, damaged, or of another shape) is a miss."""

    def __init__(self, folder: Path, secret: bytes | None = None) -> None:
        self.folder = folder
        # Without a key (no settings folder), one for this process only: entries then
        # verify within the run and are misses in any other.
        self.secret = secret or cache_key() or os.urandom(32)

    def _file(self, key: str) -> Path:
        return self.folder / key[:2] / f"{key}.json"

    def _label(self, key: str) -> str:
        return f"{self.folder.name}/{key}"

    def get(self, key: str) -> dict[str, Any] | None:
        """The stored object for ``key``; None when missing, unsigned, damaged or not an
        object."""
        path = self._file(key)
        try:
            if not stat.S_ISREG(os.lstat(path).st_mode) or os.lstat(path).st_size > MAX_ENTRY:
                return None
            body = unseal(self.secret, self._label(key), path.read_bytes())
            value = json.loads(body) if body is not None else None
        except (OSError, ValueError, RecursionError):
            return None
        return value if isinstance(value, dict) else None

    def put(self, key: str, value: dict[str, Any]) -> None:
        """Store ``value`` atomically (a reader never sees half a file); failures are ignored."""
        target = self._file(key)
        body = canonical(value).encode("utf-8")
        with contextlib.suppress(OSError, UsageError):
            target.parent.mkdir(parents=True, exist_ok=True)
            write_atomic(target, seal(self.secret, self._label(key), body), private=True)


# The built-in Rego reads input.today only in these packages (tests/core/test_cache_today.py
# checks the list): waiver validity and days left, the profiles' dates in force and dated
# compliance facts (compliance: read by profile controls only, so a profile run), the age of a
# file git dates (lib: evidence staleness), and the packs' dated facts (their common.rego).
TODAY_READERS = (
    "core/compliance/compliance.rego",
    "core/controls/waivers/waivers.rego",
    "core/frameworks/frameworks.rego",
    "core/lib/lib.rego",
    "models/ai-operations/common/common.rego",
    "models/mlops/common/common.rego",
)


def today_matters(
    document: dict[str, Any], custom_rego: bool, models: Sequence[str] = (DEFAULT_MODEL,)
) -> bool:
    """Whether the result for ``document`` (an input document) can depend on ``today``: when
    the manifest declares waivers, when the config asks for regulatory profiles (their
    obligations come into force on dates), when git dates a file the policies age, when a
    model other than the default one is evaluated (the packs judge dated facts), or when Rego
    other than aimm's runs (a custom policy folder or a model from a model path may read the
    date)."""
    manifest = document.get("manifest")
    waivers = manifest.get("waivers") if isinstance(manifest, dict) else None
    config = document.get("config")
    profiles = config.get("profiles") if isinstance(config, dict) else None
    return (
        custom_rego
        or waivers not in (None, [])
        or bool(profiles)
        or any(m != DEFAULT_MODEL for m in models)
        or _dated_evidence(document)
    )


def _dated_evidence(document: dict[str, Any]) -> bool:
    """Whether a history probe dated any evidence file (lib.age_days then reads today)."""
    found = document.get("evidence")
    for entry in found.values() if isinstance(found, dict) else ():
        probes = entry.get("probes") if isinstance(entry, dict) else None
        history = probes.get("history") if isinstance(probes, dict) else None
        changed = history.get("last_changed") if isinstance(history, dict) else None
        if isinstance(changed, str) and changed != "unknown":
            return True
    return False


def _read_bytes(path: Path) -> bytes | None:
    """The file's bytes when it is a readable regular file within the size limit; else None
    (the checker then reads it itself and reports the problem)."""
    try:
        if not stat.S_ISREG(path.stat().st_mode):  # a folder, a FIFO, a device: not here
            return None
        with path.open("rb") as handle:
            raw = handle.read(MAX_BYTES + 1)
    except OSError:
        return None
    return raw if len(raw) <= MAX_BYTES else None


class ScanCache:
    """Check results by content, for one pipeline (its org configs, engines and options)."""

    def __init__(self, folder: Path, pipeline: Pipeline, secret: bytes | None = None) -> None:
        self.pipeline = pipeline
        self.options = pipeline.options
        self.code = code_digest()
        self.manifests = JsonStore(folder / "manifests", secret)
        self.results = JsonStore(folder / "results", secret)
        self.hits = 0
        self.misses = 0

    def check(self, path: Path) -> dict[str, Any]:
        """The compact result entry of the manifest at ``path``, from the cache when it holds
        it, else by checking it (and storing what was learnt)."""
        try:
            org, engine = self.pipeline.resolve(path)
        except ManifestError as exc:
            return compact_entry(self.pipeline.config_error(path, exc).as_dict())
        return self._check(path, org, engine)

    def _check(self, path: Path, org: OrgConfig | None, engine: PolicyEngine) -> dict[str, Any]:
        raw = _read_bytes(path)
        if raw is None:
            return compact_entry(self.pipeline.check_file(path).as_dict())
        # The engine's digest covers the policies and catalog in use (custom ones included);
        # the org config reaches the result key through the input document.
        fingerprint = _key(engine.digest, self.code)
        content = hashlib.sha256(raw).hexdigest()
        manifest_key = _key(fingerprint, "manifest", content)
        known = self.manifests.get(manifest_key)
        if known is not None and isinstance(known.get("error"), dict):
            self.hits += 1
            return dict(known["error"])
        if known is not None and isinstance(known.get("data"), dict):
            loaded = LoadedManifest(path, known["data"], MappingProxyType({}))
            result_key = self._result_key(fingerprint, content, loaded, org, engine)
            entry = self.results.get(result_key)
            if entry is not None:
                self.hits += 1
                return entry
        self.misses += 1
        return self._check_and_store(path, content, manifest_key, org, engine)

    def _result_key(
        self,
        fingerprint: str,
        content: str,
        loaded: LoadedManifest,
        org: OrgConfig | None,
        engine: PolicyEngine,
        document: dict[str, Any] | None = None,
    ) -> str:
        # The evaluation's own input document when there is one (the same value, computed once).
        document = (
            dict(document)
            if document
            else input_document(loaded, self.options, org, cache=self.pipeline.probe_cache)
        )
        folders = [*(org.policy_dirs if org else ()), *self.pipeline.policy_dirs]
        custom = bool(folders) or not all(is_builtin(m) for m in engine.models.values())
        if not today_matters(document, custom, tuple(engine.models)):
            del document["today"]
        return _key(fingerprint, "result", content, canonical(document))

    def _check_and_store(
        self,
        path: Path,
        content: str,
        manifest_key: str,
        org: OrgConfig | None,
        engine: PolicyEngine,
    ) -> dict[str, Any]:
        loaded: LoadedManifest | None
        try:
            loaded = load_manifest(path)
            validate(loaded)
        except ManifestError:
            loaded = None
        evaluation = None
        if loaded is not None:  # evaluated from what was just loaded, not read a second time
            with contextlib.suppress(ManifestError):
                evaluation = self.pipeline.evaluate(path, loaded=loaded)
        result = evaluation.result() if evaluation else self.pipeline.check_file(path)
        entry = compact_entry(result.as_dict())
        again = _read_bytes(path)
        if again is None or hashlib.sha256(again).hexdigest() != content:
            return entry  # the file changed while it was checked: store nothing
        if loaded is None:
            if entry.get("status") == "error":
                self.manifests.put(manifest_key, {"error": entry})
            return entry
        self.manifests.put(manifest_key, {"data": loaded.data})
        fingerprint = _key(engine.digest, self.code)
        document = evaluation.document if evaluation else None
        key = self._result_key(fingerprint, content, loaded, org, engine, document)
        self.results.put(key, entry)
        return entry

"""Files aimm writes and caches: atomic writes, appends, and where caches live.

Every output (reports, baselines, bundles, evidence packs, cache entries) goes through
:func:`write_atomic`: a reader sees the old file or the new one, never half of it.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from pathlib import Path

from aimm.core.errors import UsageError


def _umask() -> int:
    # os.umask can only be read by setting it; set it back at once.
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def write_atomic(path: Path, content: str | bytes, *, what: str = "") -> None:
    """Write ``content`` to ``path`` through a temporary file in the same folder and a rename.

    The new file keeps the mode of the file it replaces, else gets the usual mode for the
    umask (mkstemp's owner-only mode would hide a published report from its readers). A
    destination that cannot be written (a missing folder, no permission) is a usage error
    (exit 2) naming it (``what`` says what it is); nothing is left behind.
    """
    label = f"{what} {path}" if what else str(path)
    folder = path.parent if str(path.parent) else Path(".")
    try:
        previous = path.stat().st_mode if path.exists() else None
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise UsageError(f"cannot write {label}: {exc.strerror or exc}") from exc
    try:
        data = content.encode("utf-8") if isinstance(content, str) else content
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        mode = stat.S_IMODE(previous) if previous is not None else 0o666 & ~_umask()
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        if isinstance(exc, OSError):
            raise UsageError(f"cannot write {label}: {exc.strerror or exc}") from exc
        raise


def append_text(path: Path, text: str) -> None:
    """Append ``text`` to ``path`` in one write (for files other tools also append to)."""
    with path.open("a", encoding="utf-8", newline="\n") as fh:
        fh.write(text if text.endswith("\n") else text + "\n")


def cache_dir(kind: str) -> Path | None:
    """Where aimm caches ``kind`` (compiled ``bundles``, ``scan`` results): under
    ``$AIMM_CACHE_DIR``, else ``$XDG_CACHE_HOME/aimm``, else ``~/.cache/aimm``.

    None (no caching) when ``AIMM_NO_CACHE`` is set or there is no home folder to cache in.
    """
    if os.environ.get("AIMM_NO_CACHE"):
        return None
    configured = os.environ.get("AIMM_CACHE_DIR")
    if configured:
        return Path(configured) / kind
    base = os.environ.get("XDG_CACHE_HOME")
    if not base:
        try:
            base = str(Path.home() / ".cache")
        except RuntimeError:  # no home folder (a service account): run without a cache
            return None
    return Path(base) / "aimm" / kind

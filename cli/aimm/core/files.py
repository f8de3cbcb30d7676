"""Files aimm writes, reads from folders, and caches, with one policy for each.

Every output (reports, baselines, bundles, evidence packs, cache entries, the cache key) goes
through :func:`write_atomic` or :func:`write_all_atomic`: a reader sees the old file or the new
one, never half of it, and a set of files is replaced all together or not at all.

Where an output may land (docs/security.md):

- a regular file (or nothing yet) is replaced atomically; the new file keeps the replaced
  file's mode, else gets the usual mode for the umask (``private`` outputs, the caches and the
  cache key, are owner-only);
- a character device or a FIFO (``/dev/null``, a pipe) is written through, never replaced;
- ``/dev/stdout``, ``/dev/stderr``, ``/dev/fd/N`` and ``/proc/self/fd/N`` write to that open
  file descriptor;
- any other symbolic link is refused (exit 2): a link in an output path may have been planted
  by a repository, and writing through it would write wherever it points. Name the target;
- a folder, a socket or a block device is refused (exit 2).

Folders aimm reads many files from (policy folders, catalogs) are walked by
:func:`files_below`: iteratively, without following symlinked folders, and with a bound on
the entries visited and on each file's size.
"""

from __future__ import annotations

import contextlib
import os
import re
import stat
import sys
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path

from aimm.core.errors import UsageError

# Entries (files and folders) a policy or catalog folder may hold; a folder past this is not
# a policy folder (`policies: [/]` must not walk the machine).
MAX_FOLDER_ENTRIES = 20_000
# The largest policy or catalog file aimm reads (the built-in policies are a few kB each).
MAX_POLICY_BYTES = 4 * 1024 * 1024
_FD_PATH = re.compile(r"^/(?:dev/fd|proc/self/fd)/(\d+)$")
_STD_STREAMS = {"/dev/stdout": 1, "/dev/stderr": 2}


def _umask() -> int:
    # os.umask can only be read by setting it; set it back at once.
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _label(path: Path, what: str) -> str:
    return f"{what} {path}" if what else str(path)


def _stream_fd(path: Path) -> int | None:
    """The open file descriptor a /dev/stdout-like path names, else None."""
    text = os.path.normpath(os.path.abspath(path))
    if text in _STD_STREAMS:
        return _STD_STREAMS[text]
    match = _FD_PATH.match(text)
    return int(match.group(1)) if match else None


def destination(path: Path, what: str = "") -> str:
    """How ``path`` may be written: ``"file"`` (replaced atomically, or created), ``"stream"``
    (written through: a device, a FIFO, an open descriptor). UsageError (exit 2) for a
    symbolic link, a folder or another kind of node."""
    label = _label(path, what)
    if _stream_fd(path) is not None:
        return "stream"
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        return "file"
    except OSError as exc:
        raise UsageError(f"cannot write {label}: {exc.strerror or exc}") from exc
    if stat.S_ISLNK(info.st_mode):
        absolute = os.path.abspath(path)
        if absolute.startswith(("/dev/", "/proc/")):
            with contextlib.suppress(OSError):
                if not stat.S_ISREG(os.stat(path).st_mode):
                    return "stream"
        raise UsageError(
            f"cannot write {label}: it is a symbolic link (to {os.readlink(path)}); aimm does "
            "not write through links: name the file itself"
        )
    if stat.S_ISCHR(info.st_mode) or stat.S_ISFIFO(info.st_mode):
        return "stream"
    if stat.S_ISDIR(info.st_mode):
        raise UsageError(f"cannot write {label}: it is a folder")
    if not stat.S_ISREG(info.st_mode):
        raise UsageError(f"cannot write {label}: it is not a regular file")
    return "file"


def _write_stream(path: Path, data: bytes, label: str) -> None:
    fd = _stream_fd(path)
    try:
        if fd is not None:
            if fd in (1, 2):
                (sys.stdout if fd == 1 else sys.stderr).flush()
            _write_fd(fd, data)
            return
        handle = os.open(path, os.O_WRONLY | os.O_NOCTTY)
        try:
            _write_fd(handle, data)
        finally:
            os.close(handle)
    except OSError as exc:
        raise UsageError(f"cannot write {label}: {exc.strerror or exc}") from exc


def _write_fd(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]


def new_file_mode(*, private: bool = False) -> int:
    """The mode of a new output file: the usual one for the umask (a published report must
    be readable by those the umask allows), owner-only for caches and keys."""
    return 0o600 if private else 0o666 & ~_umask()


def output_mode(path: Path, *, private: bool = False) -> int:
    """The mode an output replacing ``path`` gets: the replaced file's, else
    :func:`new_file_mode`."""
    try:
        return stat.S_IMODE(os.stat(path).st_mode)
    except OSError:
        return new_file_mode(private=private)


def publish_file(built: Path, path: Path, *, what: str = "") -> None:
    """Rename a file built beside ``path`` (in the same file system) onto it, with
    :func:`output_mode`, after the same destination checks as :func:`write_atomic`: for
    outputs too large to hold in memory (an evidence pack's zip)."""
    label = _label(path, what)
    if destination(path, what) == "stream":
        raise UsageError(f"cannot write {label}: it is not a regular file")
    try:
        os.chmod(built, output_mode(path))
        os.replace(built, path)
    except OSError as exc:
        raise UsageError(f"cannot write {label}: {exc.strerror or exc}") from exc


def _stage(path: Path, data: bytes, label: str, private: bool) -> str:
    """A temporary file beside ``path`` holding ``data``, with the mode ``path`` will have."""
    folder = path.parent if str(path.parent) else Path(".")
    try:
        mode = output_mode(path, private=private)
        import tempfile  # here: a run that writes no file does not load it (start-up time)

        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise UsageError(f"cannot write {label}: {exc.strerror or exc}") from exc
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, mode)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        if isinstance(exc, OSError):
            raise UsageError(f"cannot write {label}: {exc.strerror or exc}") from exc
        raise
    return tmp


def _data(content: str | bytes) -> bytes:
    return content.encode("utf-8") if isinstance(content, str) else content


def write_atomic(
    path: Path, content: str | bytes, *, what: str = "", private: bool = False
) -> None:
    """Write ``content`` to ``path`` as the module docstring says: a regular file through a
    temporary file in the same folder and a rename; a device, FIFO or open descriptor written
    through; a symbolic link or a folder refused. A destination that cannot be written (a
    missing folder, no permission) is a usage error (exit 2) naming it (``what`` says what it
    is); nothing is left behind."""
    write_all_atomic({path: content}, what=what, private=private)


def write_all_atomic(
    outputs: Mapping[Path, str | bytes], *, what: str = "", private: bool = False
) -> None:
    """Write several files all together or not at all: every destination is checked and
    every file staged before the first one is renamed into place."""
    kinds = {path: destination(path, what) for path in outputs}
    staged: dict[Path, str] = {}
    try:
        for path, content in outputs.items():
            if kinds[path] == "file":
                staged[path] = _stage(path, _data(content), _label(path, what), private)
        for path, content in outputs.items():
            if kinds[path] == "stream":
                _write_stream(path, _data(content), _label(path, what))
        for path, tmp in staged.items():
            try:
                os.replace(tmp, path)
            except OSError as exc:
                raise UsageError(f"cannot write {_label(path, what)}: {exc.strerror}") from exc
    finally:
        for tmp in staged.values():
            with contextlib.suppress(OSError):
                os.unlink(tmp)


def ensure_folder(folder: Path, what: str) -> None:
    """Create ``folder`` (and its parents) for outputs; UsageError when it cannot be, or when
    it is something other than a folder."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except FileExistsError as exc:
        raise UsageError(f"cannot write {what} {folder}: it exists and is not a folder") from exc
    except OSError as exc:
        raise UsageError(f"cannot write {what} {folder}: {exc.strerror or exc}") from exc


def append_text(path: Path, text: str, *, what: str = "") -> None:
    """Append ``text`` to ``path`` in one write (for files other tools also append to, such
    as ``$GITHUB_STEP_SUMMARY``); the same destinations are refused as for
    :func:`write_atomic`."""
    label = _label(path, what)
    kind = destination(path, what)
    data = (text if text.endswith("\n") else text + "\n").encode("utf-8")
    if kind == "stream":
        _write_stream(path, data, label)
        return
    try:
        fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT | os.O_NOFOLLOW, 0o666)
        try:
            _write_fd(fd, data)
        finally:
            os.close(fd)
    except OSError as exc:
        raise UsageError(f"cannot write {label}: {exc.strerror or exc}") from exc


def home_folder() -> Path | None:
    """The user's home folder when it is usable (an absolute path to an existing folder);
    None for a service account without one (``HOME`` unset, empty or missing)."""
    home = os.environ.get("HOME")
    if home is None:
        try:
            home = str(Path.home())
        except (RuntimeError, KeyError):
            return None
    path = Path(home)
    return path if home and path.is_absolute() and path.is_dir() else None


def _xdg(name: str, fallback: str) -> Path | None:
    configured = os.environ.get(name, "")
    if configured and Path(configured).is_absolute():  # relative XDG paths are ignored
        return Path(configured)
    home = home_folder()
    return None if home is None else home / fallback


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
    base = _xdg("XDG_CACHE_HOME", ".cache")
    return None if base is None else base / "aimm" / kind


def config_dir() -> Path | None:
    """aimm's own settings folder (``$XDG_CONFIG_HOME/aimm``, else ``~/.config/aimm``): where
    the cache key lives, apart from the caches it protects. None without a home folder."""
    base = _xdg("XDG_CONFIG_HOME", ".config")
    return None if base is None else base / "aimm"


def files_below(
    folder: Path,
    suffixes: Sequence[str],
    *,
    what: str,
    limit: int = MAX_FOLDER_ENTRIES,
    max_bytes: int = MAX_POLICY_BYTES,
) -> list[Path]:
    """Regular files below ``folder`` whose names end in one of ``suffixes``, sorted.

    Symlinked folders are not followed (no loops, no walking out of the folder). More than
    ``limit`` entries, or a matching file larger than ``max_bytes``, is a usage error (exit 2)
    naming the folder or the file (``what`` says what the folder is)."""
    if not folder.is_dir():
        return []  # a missing folder, or a file: the caller says what is wrong with it
    found: list[Path] = []
    for seen, (path, info) in enumerate(_walk(folder, what), start=1):
        if seen > limit:
            raise UsageError(
                f"{what} {folder}: holds more than {limit} files and folders; point it at the "
                "folder that holds the policies"
            )
        if stat.S_ISREG(info.st_mode) and path.name.endswith(tuple(suffixes)):
            if info.st_size > max_bytes:
                raise UsageError(
                    f"{path}: file too large ({info.st_size} bytes; the limit for a policy or "
                    f"catalog file is {max_bytes} bytes)"
                )
            found.append(path)
    return sorted(found)


def _walk(folder: Path, what: str) -> Iterator[tuple[Path, os.stat_result]]:
    """Every entry below ``folder`` with its stat (links to files followed, to folders not)."""
    stack = [folder]
    while stack:
        current = stack.pop()
        try:
            with os.scandir(current) as listing:
                entries = list(listing)
        except OSError as exc:
            raise UsageError(f"{what} {current}: cannot read: {exc.strerror or exc}") from exc
        for entry in entries:
            path = Path(entry.path)
            try:
                if entry.is_dir(follow_symlinks=False):
                    stack.append(path)
                    yield path, entry.stat(follow_symlinks=False)
                    continue
                info = entry.stat(follow_symlinks=True)
            except OSError:
                continue  # a dangling link or a vanished file: not a policy
            yield path, info

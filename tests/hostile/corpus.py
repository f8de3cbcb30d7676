"""The hostile-input corpus: cases as data, and the one runner that checks every case.

A :class:`Case` is a builder (it lays files out in a fresh folder), a command line, and what
must hold afterwards. :func:`run_case` runs it and asserts the contract every case shares:

- the exit code (0 ok, 1 gate failed, 2 input or usage error, 3 engine error, 130 Ctrl-C);
- stderr: no traceback, no "internal error", and, for an error exit, one line matching the
  case's ``message`` pattern (which names the file, line and field where they exist);
- nothing changed outside the case's ``writes`` (the folder is snapshotted before and after,
  a fake ``HOME``, ``XDG_CACHE_HOME`` and ``AIMM_CACHE_DIR`` included);
- a time bound, and for cases run in a subprocess a memory bound: the child's peak RSS
  recorded by ``launch.py`` (``RLIMIT_AS`` cannot be used: rego-cpp's allocator reserves hundreds of
  gigabytes of address space up front and aborts under any such limit).

The folder layout of a case: ``work/`` is the working folder (the builder fills it), ``home/``
the fake home, ``cache/`` the aimm cache. Command lines may use ``{tmp}`` and ``{work}``.
"""

from __future__ import annotations

import contextlib
import fnmatch
import io
import os
import re
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

TODAY = "2026-11-21"
# Paths below the case folder that every run may change: the caches it was pointed at.
CACHE_WRITES = ("cache/**", "home/.cache/**")
# Starts each subprocess case and records its own peak RSS.
LAUNCHER = Path(__file__).with_name("launch.py")

Build = Callable[[Path], object]
Check = Callable[["Outcome"], object]


@dataclass(frozen=True)
class Case:
    """One hostile input or fault, and what aimm must do with it."""

    id: str
    kind: str  # the class of problem: output-paths, writes-outside, trust, injection, ...
    build: Build
    argv: Sequence[str]
    exit: int | tuple[int, ...]
    # For an exit of 2 or 3: a regex the single stderr line must match (re.search).
    message: str | None = None
    # Globs (relative to the case folder) that may change, besides the caches.
    writes: Sequence[str] = ()
    check: Check | None = None
    subprocess: bool = False
    env: Mapping[str, str | None] = field(default_factory=dict)
    timeout: float = 30.0
    memory_mb: int = 700  # peak RSS bound (subprocess cases)
    stderr_lines: int | None = None  # exact number of stderr lines, when it matters
    # A fault injected into the subprocess: ("sigint", seconds) sends Ctrl-C after a delay.
    interrupt_after: float | None = None
    stdout_file: str | None = None  # subprocess stdout: a path such as /dev/full
    umask: int | None = None

    def __str__(self) -> str:
        return self.id


@dataclass
class Outcome:
    """What one run of a case produced."""

    case: Case
    tmp: Path
    code: int
    stdout: str
    stderr: str
    seconds: float
    peak_mb: float | None

    @property
    def work(self) -> Path:
        """The case's working folder."""
        return self.tmp / "work"


# ---- builders ---------------------------------------------------------------------------------

BASE: dict[str, Any] = {
    "apiVersion": "aimm/v1",
    "kind": "AISystem",
    "metadata": {
        "name": "svc",
        "team": "team-a",
        "owners": {"technical": "a@example.com"},
    },
    "system": {"type": "llm-app", "lifecycle": "experiment"},
    "risk": {
        "domain": "general",
        "autonomy": "suggest",
        "data_sensitivity": "internal",
        "exposure": "internal",
        "criticality": "low",
    },
}


def manifest(**changes: Any) -> dict[str, Any]:
    """The base manifest (valid, experiment, passes its gate) with ``a__b=value`` changes
    (``__`` separates keys; ``None`` deletes)."""
    import copy

    doc = copy.deepcopy(BASE)
    for dotted, value in changes.items():
        keys = dotted.split("__")
        node = doc
        for key in keys[:-1]:
            node = node.setdefault(key, {})
        if value is None:
            node.pop(keys[-1], None)
        else:
            node[keys[-1]] = value
    return doc


def failing(**changes: Any) -> dict[str, Any]:
    """A manifest whose gate fails (production without an on-call owner)."""
    return manifest(system__lifecycle="production", **changes)


def write(path: Path, content: str | bytes | dict[str, Any]) -> Path:
    """Write a file (a dict as YAML), creating its folders."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, dict):
        content = yaml.safe_dump(content, sort_keys=False, allow_unicode=True)
    if isinstance(content, str):
        path.write_text(content, encoding="utf-8")
    else:
        path.write_bytes(content)
    return path


def repo(root: Path, name: str, doc: dict[str, Any] | str | bytes, *, git: bool = True) -> Path:
    """A repository checkout ``root/name`` with ``.git`` and an ``aimm.yaml``."""
    folder = root / name
    if git:
        (folder / ".git").mkdir(parents=True, exist_ok=True)
    write(folder / "aimm.yaml", doc)
    return folder


def chain(*builders: Build) -> Build:
    """Several builders, in order."""

    def build(tmp: Path) -> None:
        for builder in builders:
            builder(tmp)

    return build


def files(spec: Mapping[str, str | bytes | dict[str, Any]]) -> Build:
    """A builder writing ``{relative path under work/: content}``."""

    def build(tmp: Path) -> None:
        for name, content in spec.items():
            write(tmp / "work" / name, content)

    return build


def nothing(tmp: Path) -> None:
    """A builder that lays out nothing."""


# ---- snapshots --------------------------------------------------------------------------------

Entry = tuple[str, int, int, int, str]


def snapshot(root: Path) -> dict[str, Entry]:
    """Every node below ``root`` (links not followed): kind, mode, size, mtime and link text."""
    found: dict[str, Entry] = {}
    stack = [root]
    while stack:
        folder = stack.pop()
        try:
            entries = list(os.scandir(folder))
        except OSError:
            continue
        for entry in entries:
            try:
                info = entry.stat(follow_symlinks=False)
            except OSError:  # a path past PATH_MAX (deep-tree cases): not ours to watch
                continue
            rel = os.path.relpath(entry.path, root)
            kind = stat.S_IFMT(info.st_mode)
            link = os.readlink(entry.path) if stat.S_ISLNK(info.st_mode) else ""
            size = info.st_size if stat.S_ISREG(info.st_mode) else 0
            found[rel] = (str(info.st_mtime_ns), kind, stat.S_IMODE(info.st_mode), size, link)
            if stat.S_ISDIR(info.st_mode):
                stack.append(Path(entry.path))
    return found


def changed(before: Mapping[str, Entry], after: Mapping[str, Entry]) -> list[str]:
    """Paths added, removed or modified between two snapshots (folders' mtimes ignored)."""
    out = []
    for name in sorted(set(before) | set(after)):
        old, new = before.get(name), after.get(name)
        if old == new:
            continue
        if old and new and stat.S_ISDIR(old[1]) and old[1:] == new[1:]:
            continue  # a folder whose listing changed: its entries are reported themselves
        out.append(name)
    return out


def allowed(name: str, patterns: Sequence[str]) -> bool:
    """Whether a changed path matches one of the allowed globs (or a folder leading to one)."""
    for pattern in patterns:
        if fnmatch.fnmatch(name, pattern) or fnmatch.fnmatch(name + "/x", pattern):
            return True
    return False


# ---- running ----------------------------------------------------------------------------------


def environment(tmp: Path, extra: Mapping[str, str | None]) -> dict[str, str]:
    """The environment of a case: fake home and caches inside the case folder."""
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "LANG": "C.UTF-8",
        "HOME": str(tmp / "home"),
        "XDG_CACHE_HOME": str(tmp / "home" / ".cache"),
        "XDG_CONFIG_HOME": str(tmp / "home" / ".config"),
        "AIMM_CACHE_DIR": str(tmp / "cache"),
        "NO_COLOR": "1",
        "TERM": "dumb",
    }
    for name, value in extra.items():
        if value is None:
            env.pop(name, None)
        else:
            env[name] = value.format(tmp=tmp, work=tmp / "work")
    return env


def expand(argv: Sequence[str], tmp: Path) -> list[str]:
    """``{tmp}`` and ``{work}`` in a command line."""
    return [a.format(tmp=tmp, work=tmp / "work") for a in argv]


@contextmanager
def _patched_environ(env: Mapping[str, str], cwd: Path) -> Iterator[None]:
    saved_env, saved_cwd = dict(os.environ), os.getcwd()
    os.environ.clear()
    os.environ.update(env)
    os.chdir(cwd)
    try:
        yield
    finally:
        os.chdir(saved_cwd)
        os.environ.clear()
        os.environ.update(saved_env)


class _Timeout(Exception):
    pass


def _in_process(case: Case, tmp: Path) -> tuple[int, str, str, float, float | None]:
    from click.testing import CliRunner

    from aimm.cli import main

    def alarm(signum: int, frame: object) -> None:
        raise _Timeout(f"{case.id}: still running after {case.timeout} s")

    runner = CliRunner()
    env = environment(tmp, case.env)
    previous = signal.signal(signal.SIGALRM, alarm)
    signal.setitimer(signal.ITIMER_REAL, case.timeout)
    start = time.perf_counter()
    try:
        with _patched_environ(env, tmp / "work"), runner.isolation() as streams:
            code = main(expand(case.argv, tmp))
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
    seconds = time.perf_counter() - start
    out = streams[0].getvalue().decode("utf-8", "replace")
    err = streams[1].getvalue().decode("utf-8", "replace")
    return code, out, err, seconds, None


def _subprocess(case: Case, tmp: Path, logs: Path) -> tuple[int, str, str, float, float | None]:
    env = environment(tmp, case.env)
    env["PYTHONPATH"] = os.pathsep.join(p for p in sys.path if p)

    out_path, err_path, peak_file = logs / "stdout", logs / "stderr", logs / "peak"
    with err_path.open("wb") as err:
        out = open(case.stdout_file, "wb") if case.stdout_file else out_path.open("wb")  # noqa: SIM115
        try:
            start = time.perf_counter()
            proc = subprocess.Popen(
                [
                    sys.executable,
                    str(LAUNCHER),
                    str(peak_file),
                    sys.executable,
                    "-m",
                    "aimm",
                    *expand(case.argv, tmp),
                ],
                cwd=tmp / "work",
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=err,
                start_new_session=True,
                umask=case.umask if case.umask is not None else -1,
            )
            deadline = start + case.timeout
            interrupt = start + case.interrupt_after if case.interrupt_after else None
            status = None
            while status is None:
                pid, raw = os.waitpid(proc.pid, os.WNOHANG)
                if pid:
                    status = raw
                    break
                now = time.perf_counter()
                if interrupt is not None and now >= interrupt:
                    os.killpg(proc.pid, signal.SIGINT)  # Ctrl-C reaches the whole group
                    interrupt = None
                if now >= deadline:
                    os.killpg(proc.pid, signal.SIGKILL)
                    os.waitpid(proc.pid, 0)
                    proc.returncode = -9
                    raise AssertionError(f"{case.id}: still running after {case.timeout} s")
                time.sleep(0.02)
            proc.returncode = os.waitstatus_to_exitcode(status)
            seconds = time.perf_counter() - start
        finally:
            out.close()
    stdout = "" if case.stdout_file else out_path.read_text("utf-8", "replace")
    stderr = err_path.read_text("utf-8", "replace")
    try:  # written by the launcher (see tests/hostile/launch.py)
        peak: float | None = int(peak_file.read_text("ascii")) / 1024
    except (OSError, ValueError):
        peak = None
    return proc.returncode, stdout, stderr, seconds, peak


def prepare_folder(tmp: Path, warm_cache: Path | None) -> None:
    """The case folder's fixed parts: work/, home/, and a cache holding compiled bundles."""
    (tmp / "work").mkdir(parents=True)
    (tmp / "home").mkdir()
    if warm_cache is not None:
        shutil.copytree(warm_cache / "cache", tmp / "cache", symlinks=True)
        if (warm_cache / "home").exists():
            shutil.copytree(warm_cache / "home", tmp / "home", dirs_exist_ok=True, symlinks=True)


_LOCATED_NOISE = re.compile(r"^aimm: (warning|note|wrote|evidence pack)")


def run_case(case: Case, tmp: Path, warm_cache: Path | None = None) -> Outcome:
    """Lay the case out in ``tmp``, run it, and assert the shared contract."""
    prepare_folder(tmp, warm_cache)
    case.build(tmp)
    before = snapshot(tmp)
    logs = Path(tempfile.mkdtemp(prefix="aimm-hostile-logs-"))
    try:
        if case.subprocess:
            code, out, err, seconds, peak = _subprocess(case, tmp, logs)
        else:
            code, out, err, seconds, peak = _in_process(case, tmp)
    finally:
        shutil.rmtree(logs, ignore_errors=True)
    outcome = Outcome(case, tmp, code, out, err, seconds, peak)
    after = snapshot(tmp)
    report = f"{case.id}: exit {code}\n--- stderr\n{err[:2000]}\n--- stdout\n{out[:1500]}"

    expected = case.exit if isinstance(case.exit, tuple) else (case.exit,)
    assert code in expected, f"expected exit {expected}\n{report}"
    assert "Traceback" not in err, report
    assert "internal error" not in err, report
    lines = [ln for ln in err.splitlines() if ln.strip()]
    if case.stderr_lines is not None:
        assert len(lines) == case.stderr_lines, f"stderr lines\n{report}"
    if case.message is not None:
        problems = [ln for ln in lines if not _LOCATED_NOISE.match(ln)]
        if not problems:  # the text report shows input errors itself, on stdout
            problems = [ln for ln in out.splitlines() if ln.startswith("error: ")]
        assert problems, f"no message on stderr\n{report}"
        if code in (2, 3) and case.stderr_lines is None:
            assert len(problems) == 1, f"more than one message line\n{report}"
        assert any(re.search(case.message, ln) for ln in problems), f"message\n{report}"
    for line in lines:
        assert not _unsafe(line), f"control characters on stderr: {line!r}\n{report}"
    assert seconds <= case.timeout, f"took {seconds:.1f} s\n{report}"
    if peak is not None:
        assert peak <= case.memory_mb, f"peak RSS {peak:.0f} MB\n{report}"
    unexpected = [
        name for name in changed(before, after) if not allowed(name, [*CACHE_WRITES, *case.writes])
    ]
    assert not unexpected, f"changed outside the intended output: {unexpected}\n{report}"
    if case.check is not None:
        case.check(outcome)
    return outcome


_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def _unsafe(text: str) -> bool:
    """Whether text holds terminal control characters (tabs and newlines aside)."""
    return bool(_CONTROL.search(text))


def unsafe_for_terminal(text: str) -> bool:
    """Whether ``text`` holds control characters other than tab and newline (ESC, NUL, CR...)."""
    return bool(_CONTROL.search(text))


def remove_tree(root: Path) -> None:
    """Delete ``root`` however deep it is: iteratively, relative to each folder's descriptor
    (shutil.rmtree recurses and builds full paths, so the deep-tree cases' folders would
    overflow its stack or PATH_MAX, there and in pytest's own clean-up of old temp folders)."""
    if not root.is_dir() or root.is_symlink():
        with contextlib.suppress(FileNotFoundError):
            root.unlink()
        return
    stack = [(os.open(root, os.O_RDONLY | os.O_DIRECTORY), list[str]())]
    try:
        while stack:
            fd, _ = stack[-1]
            pushed = False
            for entry in os.scandir(fd):
                if entry.is_dir(follow_symlinks=False):
                    child = os.open(entry.name, os.O_RDONLY | os.O_DIRECTORY, dir_fd=fd)
                    stack.append((child, [entry.name]))
                    pushed = True
                    break
                os.unlink(entry.name, dir_fd=fd)
            if pushed:
                continue
            fd, names = stack.pop()
            os.close(fd)
            if stack:
                os.rmdir(names[0], dir_fd=stack[-1][0])
    finally:
        for fd, _ in stack:
            os.close(fd)
    os.rmdir(root)


def expect(condition: object, message: str = "") -> None:
    """Assert ``condition`` (for checks written as lambdas)."""
    assert condition, message


def read(outcome: Outcome, name: str) -> str:
    """A file below the case's work folder, as text."""
    return (outcome.work / name).read_text(encoding="utf-8")


def stream(text: str) -> io.StringIO:
    """Text as a file object (for csv readers)."""
    return io.StringIO(text, newline="")

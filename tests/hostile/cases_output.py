"""Output paths: nothing of the user's is replaced, deleted or half-written."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

from tests.hostile.corpus import (
    TODAY,
    Build,
    Case,
    Check,
    Outcome,
    chain,
    expect,
    failing,
    files,
    manifest,
    nothing,
    repo,
    write,
)

T = ["--today", TODAY]
SVC = files({"svc/aimm.yaml": manifest()})


def _mknod(name: str) -> Build:
    def build(tmp: Path) -> None:
        os.mknod(tmp / "work" / name, stat.S_IFCHR | 0o666, os.makedev(1, 3))  # like /dev/null

    return build


def _still_char_device(name: str) -> Check:
    def check(o: Outcome) -> None:
        assert stat.S_ISCHR(os.lstat(o.work / name).st_mode), f"{name} is no longer a device"

    return check


def _link(name: str, target: str) -> Build:
    def build(tmp: Path) -> None:
        link = tmp / "work" / name
        link.parent.mkdir(parents=True, exist_ok=True)
        os.symlink(target.format(tmp=tmp, work=tmp / "work"), link)

    return build


def _victim(tmp: Path) -> None:
    write(tmp / "victim.txt", "the user's own file\n")


def _victim_intact(o: Outcome) -> None:
    assert (o.tmp / "victim.txt").read_text() == "the user's own file\n"
    assert (o.work / "out").is_symlink() or not (o.work / "out").exists()


def _victim_and_link_intact(o: Outcome) -> None:
    assert (o.tmp / "victim.txt").read_text() == "the user's own file\n"
    assert (o.work / "out" / "aimm.json").is_symlink()


def _mode(name: str, expected: int) -> Check:
    def check(o: Outcome) -> None:
        got = stat.S_IMODE((o.work / name).stat().st_mode)
        assert got == expected, f"{name} has mode {oct(got)}, expected {oct(expected)}"

    return check


def _old_dir(tmp: Path) -> None:
    write(tmp / "work" / "out" / "aimm.json", "old json\n")
    (tmp / "work" / "out" / "aimm.md").mkdir(parents=True)  # the second write must fail


def _old_dir_intact(o: Outcome) -> None:
    assert (o.work / "out" / "aimm.json").read_text() == "old json\n"
    assert sorted(p.name for p in (o.work / "out").iterdir()) == ["aimm.json", "aimm.md"]


def _org_old_dir(tmp: Path) -> None:
    write(tmp / "work" / "out" / "aimm-org.json", "old json\n")
    (tmp / "work" / "out" / "aimm-org.md").mkdir(parents=True)


def _org_old_dir_intact(o: Outcome) -> None:
    assert (o.work / "out" / "aimm-org.json").read_text() == "old json\n"


def _pack_then_user_file(tmp: Path) -> None:
    """A previous evidence pack the user added a note to."""
    import subprocess
    import sys

    work = tmp / "work"
    env = {**os.environ, "HOME": str(tmp / "home"), "AIMM_CACHE_DIR": str(tmp / "cache")}
    subprocess.run(
        [sys.executable, "-m", "aimm", "audit", "svc", "--framework", "eu-ai-act", *T,
         "--pack", "pack"],
        cwd=work, env=env, capture_output=True, check=False,
    )  # fmt: skip
    assert (work / "pack" / "SHA256SUMS").is_file(), "the first pack was not written"
    write(work / "pack" / "auditor-notes.md", "my notes\n")


def _private_report(tmp: Path) -> None:
    write(tmp / "work/r.txt", "old")
    os.chmod(tmp / "work/r.txt", 0o600)


def _remove_notes(tmp: Path) -> None:
    os.unlink(tmp / "work/pack/auditor-notes.md")


def _user_file_kept(o: Outcome) -> None:
    assert (o.work / "pack" / "auditor-notes.md").read_text() == "my notes\n"


def _pack_ok(o: Outcome) -> None:
    assert (o.work / "pack" / "SHA256SUMS").is_file()


CASES = [
    # -o onto a character device: written through, the node stays a device.
    Case(
        "check-o-char-device",
        "output-paths",
        chain(SVC, _mknod("null")),
        ["check", "svc", *T, "-o", "null"],
        0,
        writes=["work/null"],
        check=_still_char_device("null"),
    ),
    Case(
        "check-o-char-device-json",
        "output-paths",
        chain(SVC, _mknod("null")),
        ["check", "svc", *T, "--format", "json", "-o", "null"],
        0,
        writes=["work/null"],
        check=_still_char_device("null"),
    ),
    Case(
        "scan-o-char-device",
        "output-paths",
        chain(SVC, _mknod("null")),
        ["scan", ".", *T, "--no-history", "-o", "null"],
        0,
        writes=["work/null"],
        check=_still_char_device("null"),
    ),
    Case(
        "aggregate-o-char-device",
        "output-paths",
        chain(
            files({"r/aimm.json": json.dumps({"schema_version": 1, "results": []})}), _mknod("null")
        ),
        ["aggregate", "r/aimm.json", *T, "--no-history", "-o", "null"],
        0,
        writes=["work/null"],
        check=_still_char_device("null"),
    ),
    Case(
        "audit-o-char-device",
        "output-paths",
        chain(SVC, _mknod("null")),
        ["audit", "svc", "--framework", "nist-ai-rmf", *T, "-o", "null"],
        (0, 1),
        writes=["work/null"],
        check=_still_char_device("null"),
    ),
    Case(
        "bundle-o-char-device",
        "output-paths",
        _mknod("null"),
        ["policy", "bundle", "-o", "null"],
        0,
        writes=["work/null"],
        check=_still_char_device("null"),
    ),
    Case(
        "check-o-dev-stdout",
        "output-paths",
        SVC,
        ["check", "svc", *T, "--format", "json", "-o", "/dev/stdout"],
        0,
        subprocess=True,
        check=lambda o: json.loads(o.stdout),
    ),
    # -o onto a symlink: refused, the link and its target untouched.
    Case(
        "check-o-symlink",
        "output-paths",
        chain(SVC, _victim, _link("out", "{tmp}/victim.txt")),
        ["check", "svc", *T, "-o", "out"],
        2,
        message=r"out.*symbolic link",
        check=_victim_intact,
    ),
    Case(
        "check-o-dangling-symlink",
        "output-paths",
        chain(SVC, _link("out", "{tmp}/created-by-aimm.txt")),
        ["check", "svc", *T, "-o", "out"],
        2,
        message=r"out.*symbolic link",
        check=lambda o: expect(not (o.tmp / "created-by-aimm.txt").exists(), "wrote through"),
    ),
    Case(
        "scan-o-symlink",
        "output-paths",
        chain(SVC, _victim, _link("out", "{tmp}/victim.txt")),
        ["scan", ".", *T, "--no-history", "-o", "out"],
        2,
        message=r"out.*symbolic link",
        check=_victim_intact,
    ),
    Case(
        "audit-o-symlink",
        "output-paths",
        chain(SVC, _victim, _link("out", "{tmp}/victim.txt")),
        ["audit", "svc", "--framework", "nist-ai-rmf", *T, "-o", "out"],
        2,
        message=r"out.*symbolic link",
        check=_victim_intact,
    ),
    Case(
        "bundle-o-symlink",
        "output-paths",
        chain(_victim, _link("out", "{tmp}/victim.txt")),
        ["policy", "bundle", "-o", "out"],
        2,
        message=r"out.*symbolic link",
        check=_victim_intact,
    ),
    Case(
        "baseline-write-symlink",
        "output-paths",
        chain(files({"svc/aimm.yaml": failing()}), _victim, _link("out", "{tmp}/victim.txt")),
        ["check", "svc", *T, "--write-baseline", "out"],
        2,
        message=r"out.*symbolic link",
        check=_victim_intact,
    ),
    Case(
        "pack-zip-symlink",
        "output-paths",
        chain(SVC, _victim, _link("out.zip", "{tmp}/victim.txt")),
        ["audit", "svc", "--framework", "nist-ai-rmf", *T, "--pack", "out.zip"],
        2,
        message=r"out\.zip.*symbolic link",
        check=lambda o: _victim_intact(o),
    ),
    Case(
        "init-force-symlink",
        "output-paths",
        chain(_victim, _link("aimm.yaml", "{tmp}/victim.txt")),
        ["init", "--force"],
        2,
        message=r"aimm\.yaml.*symbolic link",
        check=lambda o: _victim_intact(o),
    ),
    Case(
        "check-output-dir-symlinked-file",
        "output-paths",
        chain(SVC, _victim, _link("out/aimm.json", "{tmp}/victim.txt")),
        ["check", "svc", *T, "--format", "json", "--output-dir", "out"],
        2,
        message=r"aimm\.json.*symbolic link",
        check=_victim_and_link_intact,
    ),
    # Destinations that cannot be written: exit 2, one line, nothing left behind.
    Case(
        "check-o-missing-folder",
        "output-paths",
        SVC,
        ["check", "svc", *T, "-o", "no/such/folder/out.txt"],
        2,
        message=r"cannot write .*no/such/folder/out\.txt",
    ),
    Case(
        "check-o-is-folder",
        "output-paths",
        chain(SVC, files({"dir/x": "x"})),
        ["check", "svc", *T, "-o", "dir"],
        2,
        message=r"dir",
    ),
    Case(
        "check-output-dir-is-file",
        "output-paths",
        chain(SVC, files({"out": "a file"})),
        ["check", "svc", *T, "--format", "json", "--output-dir", "out"],
        2,
        message=r"out",
        check=lambda o: None,
    ),
    Case(
        "scan-output-dir-is-file",
        "output-paths",
        chain(SVC, files({"out": "a file"})),
        ["scan", ".", *T, "--no-history", "--format", "json", "--output-dir", "out"],
        2,
        message=r"out",
    ),
    # --output-dir is all or nothing.
    Case(
        "check-output-dir-all-or-nothing",
        "output-paths",
        chain(SVC, _old_dir),
        ["check", "svc", *T, "--format", "json", "--format", "markdown", "--output-dir", "out"],
        2,
        message=r"aimm\.md",
        check=_old_dir_intact,
    ),
    Case(
        "scan-output-dir-all-or-nothing",
        "output-paths",
        chain(SVC, _org_old_dir),
        [
            "scan",
            ".",
            *T,
            "--no-history",
            "--format",
            "json",
            "--format",
            "markdown",
            "--output-dir",
            "out",
        ],
        2,
        message=r"aimm-org\.md",
        check=_org_old_dir_intact,
    ),
    # Output files follow the umask (and keep a replaced file's mode).
    Case(
        "check-o-umask-022",
        "output-paths",
        SVC,
        ["check", "svc", *T, "-o", "r.txt"],
        0,
        writes=["work/r.txt"],
        subprocess=True,
        umask=0o022,
        check=_mode("r.txt", 0o644),
    ),
    Case(
        "check-o-umask-027",
        "output-paths",
        SVC,
        ["check", "svc", *T, "-o", "r.txt"],
        0,
        writes=["work/r.txt"],
        subprocess=True,
        umask=0o027,
        check=_mode("r.txt", 0o640),
    ),
    Case(
        "check-o-keeps-mode",
        "output-paths",
        chain(SVC, _private_report),
        ["check", "svc", *T, "-o", "r.txt"],
        0,
        writes=["work/r.txt"],
        subprocess=True,
        umask=0o022,
        check=_mode("r.txt", 0o600),
    ),
    Case(
        "bundle-umask",
        "output-paths",
        nothing,
        ["policy", "bundle", "-o", "b.tar.gz"],
        0,
        writes=["work/b.tar.gz"],
        subprocess=True,
        umask=0o002,
        check=_mode("b.tar.gz", 0o664),
    ),
    Case(
        "baseline-umask",
        "output-paths",
        files({"svc/aimm.yaml": failing()}),
        ["check", "svc", *T, "--write-baseline", "b.json"],
        1,
        writes=["work/b.json"],
        subprocess=True,
        umask=0o022,
        check=_mode("b.json", 0o644),
    ),
    Case(
        "pack-zip-umask",
        "output-paths",
        SVC,
        ["audit", "svc", "--framework", "nist-ai-rmf", *T, "--pack", "p.zip"],
        (0, 1),
        writes=["work/p.zip"],
        subprocess=True,
        umask=0o022,
        check=_mode("p.zip", 0o644),
    ),
    Case(
        "pack-dir-umask",
        "output-paths",
        SVC,
        ["audit", "svc", "--framework", "nist-ai-rmf", *T, "--pack", "p"],
        (0, 1),
        writes=["work/p", "work/p/**"],
        subprocess=True,
        umask=0o022,
        check=_mode("p/SHA256SUMS", 0o644),
    ),
    Case(
        "scan-history-umask",
        "output-paths",
        chain(SVC),
        ["scan", ".", *T],
        0,
        writes=["work/.aimm", "work/.aimm/**"],
        subprocess=True,
        umask=0o022,
        check=_mode(".aimm/history.sqlite", 0o644),
    ),
    # Re-packing never deletes a file the user added to the previous pack.
    Case(
        "repack-keeps-user-file",
        "output-paths",
        chain(SVC, _pack_then_user_file),
        ["audit", "svc", "--framework", "eu-ai-act", *T, "--pack", "pack"],
        2,
        message=r"pack.*auditor-notes\.md",
        check=_user_file_kept,
    ),
    Case(
        "repack-same-pack",
        "output-paths",
        chain(SVC, _pack_then_user_file, _remove_notes),
        ["audit", "svc", "--framework", "eu-ai-act", *T, "--pack", "pack"],
        (0, 1),
        writes=["work/pack", "work/pack/**"],
        check=_pack_ok,
    ),
    Case(
        "pack-over-other-folder",
        "output-paths",
        chain(SVC, files({"pack/mine.txt": "x"})),
        ["audit", "svc", "--framework", "nist-ai-rmf", *T, "--pack", "pack"],
        2,
        message=r"pack.*not an aimm evidence pack",
    ),
]

__all__ = ["CASES", "repo"]

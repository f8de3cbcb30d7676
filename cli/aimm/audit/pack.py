"""The evidence pack (``aimm audit --pack DIR`` or ``--pack FILE.zip``): one self-contained,
reproducible answer to "show me how you control this".

Layout (every path is relative to the pack's root)::

    index.md                          systems, tiers, levels, verdicts, matrices, waivers, files
    provenance.json                   aimm version, date, frameworks, digests of policies/catalog
    report/check.json                 the check report with the profiles enforced
    report/matrix.json                the audit (aimm audit --format json)
    report/matrix.csv                 the matrix as CSV
    report/catalog.json               OSCAL catalog: the frameworks' clauses, the aimm controls
    report/component-definition.json  OSCAL component definition: one component per system
    report/assessment-plan.json       OSCAL assessment plan: clauses reviewed, systems, assessor
    report/assessment-results.json    the audit as OSCAL assessment results (imports the plan)
    report/waivers.json               every declared waiver with approver, expiry and status
    report/statement-of-applicability.md   with iso-42001: all 38 Annex A controls per system
    systems/<name>/aimm.yaml          each manifest as committed
    systems/<name>/evidence/<path>    a copy of every evidence file behind an obligation
    README.md                         how to verify the pack with standard tools
    SHA256SUMS                        sha256 of every other file (``sha256sum -c`` format)
    SHA256SUMS.sig                    with --sign-key: SHA256SUMS signed by ssh-keygen -Y sign

The same inputs and ``--today`` give the same bytes: members are sorted, every zip entry has the
same timestamp (``--today``, midnight) and permissions, and nothing depends on the clock or the
machine. Writing is atomic: a zip goes to a temporary file that is renamed; a folder is built
beside the target and swapped in, and only a previous pack (or an empty folder) is replaced.
"""

from __future__ import annotations

import hashlib
import json
import os
import posixpath
import shlex
import shutil
import tempfile
import zipfile
from collections.abc import Mapping
from pathlib import Path
from typing import IO, Any

import aimm
from aimm.audit import formats as audit_formats
from aimm.audit.formats._common import disclaimers
from aimm.audit.formats.markdown import cell, system_section
from aimm.audit.matrix import (
    BASIS_NOTE,
    CHUNK,
    UNKNOWN_ASSESSOR,
    AuditReport,
    SystemAudit,
    file_sha256,
)
from aimm.audit.signature import SIGNATURE, SigningKey, load_key, sign, verify_commands
from aimm.check import formats as reporters
from aimm.core.engine import policy_files
from aimm.core.errors import UsageError
from aimm.core.files import destination, ensure_folder, new_file_mode, publish_file
from aimm.core.model import engine_data
from aimm.core.resources import policies_dir

MARKER = "provenance.json"
README = "README.md"
SOA = "report/statement-of-applicability.md"
PACK_KIND = "aimm-evidence-pack"
SUMS = "SHA256SUMS"
# Zip entries: regular files, rw-r--r--, made on Unix (fixed, so the bytes do not vary by host).
_ZIP_MODE = (0o100644 & 0xFFFF) << 16
_ZIP_UNIX = 3


def system_slots(report: AuditReport) -> dict[str, str]:
    """Each system's folder name under ``systems/``: its name, made unique in report order."""
    slots: dict[str, str] = {}
    used: set[str] = set()
    for system in report.systems:
        if not system.evaluated:
            continue
        base = system.system
        name, n = base, 2
        while name in used:
            name, n = f"{base}-{n}", n + 1
        used.add(name)
        slots[system.path] = name
    return slots


def evidence_member(slot: str, declared: str) -> str:
    """Where an evidence file's copy goes: ``systems/<slot>/evidence/<declared path>``, each
    segment as written, with ``%`` and ``\\`` percent-encoded and the segments ``..``, ``.``
    and empty ones spelled ``%2E%2E``, ``%2E`` and ``%2F``. The mapping is one to one: two
    declared paths never share a member (``../x`` and a file really named ``_parent_/x``
    once did, so one file's bytes stood under the other's name while the sums verified), and
    no member climbs out of the pack."""
    safe = [_SEGMENTS.get(p) or p.replace("%", "%25").replace("\\", "%5C")
            for p in declared.split("/")]  # fmt: skip
    return posixpath.join("systems", slot, "evidence", *safe)


_SEGMENTS = {"..": "%2E%2E", ".": "%2E", "": "%2F"}


def manifest_member(slot: str) -> str:
    """Where a system's manifest goes in the pack."""
    return posixpath.join("systems", slot, "aimm.yaml")


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _digest(entries: list[tuple[str, bytes]]) -> str:
    """sha256 over (name, content) pairs in the order given."""
    digest = hashlib.sha256()
    for name, content in entries:
        digest.update(name.encode("utf-8") + b"\0" + _sha256(content).encode() + b"\n")
    return digest.hexdigest()


def policies_digest() -> str:
    """A digest of every policy module the engine loads (relative path and content)."""
    root = policies_dir()
    return _digest([(p.relative_to(root).as_posix(), p.read_bytes()) for p in policy_files([root])])


def catalog_digest(report: AuditReport) -> str:
    """A digest of the data the policies ran with: model, catalog and framework profiles."""
    data = json.dumps(engine_data(report.model), sort_keys=True, ensure_ascii=False)
    return _sha256(data.encode("utf-8"))


def provenance(report: AuditReport, key: SigningKey | None = None) -> dict[str, Any]:
    """What produced the pack: enough to rerun it and to tell whether the rules changed, who
    assessed, when the evidence was collected and the git commit each manifest was read at."""
    from aimm.audit.formats.oscal import collected  # imports this module

    return {
        "kind": PACK_KIND,
        "aimm_version": aimm.__version__,
        "today": report.today.isoformat(),
        "collected_at": collected(report),
        "assessor": report.assessor or UNKNOWN_ASSESSOR,
        "systems": [
            {"system": s.system, "path": s.path, **s.revision}
            for s in report.systems
            if s.evaluated
        ],
        "enforce_upcoming": report.enforce_upcoming,
        "frameworks": [
            {"id": p.id, "title": p.title, "as_of": p.source.get("as_of"), "digest": p.digest}
            for p in report.profiles
        ],
        "policies_sha256": policies_digest(),
        "catalog_sha256": catalog_digest(report),
        "command": command(report),
        "basis": BASIS_NOTE,
        # Only for a signed pack, so unsigned packs keep their shape.
        **(
            {
                "signature": {
                    "file": SIGNATURE,
                    "tool": "ssh-keygen -Y sign",
                    "namespace": "file",
                    "key": key.public,
                    "fingerprint": key.fingerprint,
                }
            }
            if key is not None
            else {}
        ),
    }


def command(report: AuditReport) -> str:
    """The command line that rebuilds the audit (the paths as given, relative to where it ran)."""
    frameworks = " ".join(f"--framework {p.id}" for p in report.profiles)
    paths = " ".join(shlex.quote(s.path) for s in report.systems)
    early = " --enforce-upcoming" if report.enforce_upcoming else ""
    extra = ""
    if report.assessor:
        extra += f" --assessor {shlex.quote(report.assessor)}"
    if report.collected_at:
        extra += f" --collected-at {report.collected_at}"
    today = report.today.isoformat()
    return f"aimm audit {frameworks}{early} --today {today}{extra} {paths}".strip()


def _waivers(report: AuditReport) -> list[dict[str, Any]]:
    return [
        {"system": s.system, "path": s.path, **dict(w)}
        for s in report.systems
        if s.evaluated
        for w in s.check.waivers
    ]


Member = bytes | Path  # generated content, or a file copied (streamed) into the pack


def _sum(member: Member) -> str:
    return file_sha256(member)[0] if isinstance(member, Path) else _sha256(member)


def build(report: AuditReport, key: SigningKey | None = None) -> dict[str, Member]:
    """Every member of the pack, by path: generated reports as bytes, the manifests and
    evidence files as the paths they are copied from (never read whole into memory). With a
    key, ``SHA256SUMS`` is signed (``SHA256SUMS.sig``)."""
    from aimm.audit import oscal_chain  # imports this module

    members: dict[str, Member] = {}
    slots = system_slots(report)
    for system in report.systems:
        slot = slots.get(system.path)
        if slot is None or system.manifest_file is None:
            continue
        members[manifest_member(slot)] = Path(system.manifest_file)
        for file in system.evidence_files():
            if file.source is not None:
                members[evidence_member(slot, file.path)] = file.source
    check = reporters.get("json")(report.check_report(), color=False)
    members["report/check.json"] = check.encode("utf-8")
    members["report/matrix.json"] = audit_formats.get("json")(report).encode("utf-8")
    members["report/matrix.csv"] = audit_formats.get("csv")(report).encode("utf-8")
    members["report/assessment-results.json"] = audit_formats.get("oscal")(report).encode("utf-8")
    members["report/assessment-plan.json"] = oscal_chain.render(oscal_chain.assessment_plan(report))
    members["report/component-definition.json"] = oscal_chain.render(
        oscal_chain.component_definition(report)
    )
    members["report/catalog.json"] = oscal_chain.render(oscal_chain.catalog(report))
    members["report/waivers.json"] = _json(_waivers(report))
    if any(p.id == "iso-42001" for p in report.profiles):
        members[SOA] = audit_formats.get("soa")(report).encode("utf-8")
    members[MARKER] = _json(provenance(report, key))
    members[README] = readme(key).encode("utf-8")
    members["index.md"] = index(report, members, key).encode("utf-8")
    sums = "".join(f"{_sum(members[n])}  {n}\n" for n in sorted(members)).encode()
    members[SUMS] = sums
    if key is not None:
        members[SIGNATURE] = sign(sums, key)
    return members


def readme(key: SigningKey | None) -> str:
    """The pack's README: what it is and how to verify it with standard tools."""
    steps = "\n".join(f"    {c}" for c in verify_commands(key))
    if key is None:
        signed = (
            "This pack is not signed (aimm audit --sign-key KEY signs SHA256SUMS with an SSH "
            "key). The sums show whether a file changed after the pack was written, not who "
            "wrote it."
        )
    else:
        signed = (
            f"SHA256SUMS is signed ({SIGNATURE}, made by OpenSSH ssh-keygen -Y sign, namespace "
            f"file) with the key {key.fingerprint}:\n\n    {key.public}\n\nTrust the key "
            "only as the signer gives it to you (their published allowed_signers line, or the "
            "fingerprint read out to you), never because this file names it. The first command "
            "writes the signer's key as given here: compare it with the one you trust first."
        )
    return (
        "# aimm evidence pack\n\n"
        "index.md is the front page: the systems, their verdicts and where each piece of "
        "evidence is. report/ holds the audit (JSON, CSV) and the OSCAL documents: "
        "catalog.json, component-definition.json, assessment-plan.json and "
        "assessment-results.json, each importing the one before it.\n\n"
        "## Verify\n\n"
        f"{signed}\n\n"
        "In the pack's folder (unzip a zip pack first):\n\n"
        f"{steps}\n\n"
        "sha256sum -c must report OK for every file, and ssh-keygen -Y verify (signed packs) "
        'must print: Good "file" signature for signer. Any edit to a file, to SHA256SUMS or '
        "to the signature fails one of them.\n"
    )


def _json(value: Any) -> bytes:
    return (json.dumps(value, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def index(report: AuditReport, members: Mapping[str, Member], key: SigningKey | None = None) -> str:
    """The pack's front page: what was audited, against what, the verdicts and where each
    piece of evidence is."""
    prov = provenance(report, key)
    titles = ", ".join(p.short_title for p in report.profiles)
    lines = [
        f"# Evidence pack: {titles}",
        "",
        f"Produced by aimm {prov['aimm_version']} on {prov['today']} with `{prov['command']}`.",
        "",
        f"> {BASIS_NOTE}",
        "",
        *(line for note in disclaimers(report.profiles) for line in (f"> {cell(note)}", "")),
        "| Item | Value |",
        "|---|---|",
        *(
            f"| Framework {p.id} | {cell(p.title)} (as of {p.source.get('as_of')}) |"
            for p in report.profiles
        ),
        f"| Policies sha256 | `{prov['policies_sha256']}` |",
        f"| Catalog and profiles sha256 | `{prov['catalog_sha256']}` |",
        f"| Upcoming obligations enforced early | {'yes' if report.enforce_upcoming else 'no'} |",
        f"| Assessor | {cell(prov['assessor'])} |",
        f"| Evidence collected at | {prov['collected_at']} |",
        *(f"| Commit of {cell(s['system'])} | {_commit_cell(s)} |" for s in prov["systems"]),
        f"| {SUMS} signed by | "
        + (f"`{key.fingerprint}` ({SIGNATURE}; see {README})" if key else "not signed")
        + " |",
        "",
        "## Systems",
        "",
        "| System | Tier | Levels (vis/eva/cos/acc/aud) | Gate "
        "| Met | Partial | Unmet | Waived | Upcoming | N/A |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for system in report.systems:
        if not system.evaluated:
            lines.append(f"| {cell(system.path)} | input error | - | - | - | - | - | - | - | - |")
            continue
        c = system.counts()
        levels = "/".join(str(v) for v in system.check.levels.values())
        gate = "passed" if system.check.gate_passed else "failed"
        lines.append(
            f"| {cell(system.system)} | {system.check.tier} | {levels} | {gate} | {c['met']} | "
            f"{c['partially-evidenced']} | {c['unmet']} | {c['waived']} | {c['upcoming']} | "
            f"{c['not-applicable']} |"
        )
    lines.append("")
    slots = system_slots(report)
    for system in report.systems:
        frameworks = [p.id for p in report.profiles]
        lines.append(system_section(system, frameworks).rstrip("\n"))
        lines.append("")
        if not system.evaluated:
            continue
        slot = slots[system.path]
        lines += _levels_table(system)
        lines += _waivers_table(system)
        lines += _files_table(system, slot, members)
    lines += ["## Files", "", f"`{SUMS}` lists the sha256 of every file in the pack:", ""]
    if key is not None:
        lines[-1:-1] = [f"`{SIGNATURE}` signs `{SUMS}`; {README} says how to verify both.", ""]
    lines += [f"- `{name}`" for name in sorted(members)]
    return "\n".join(lines) + "\n"


def _commit_cell(system: Mapping[str, Any]) -> str:
    if not system.get("commit"):
        return f"none: {cell(str(system.get('reason')))}"
    dirty = ", with uncommitted changes in its folder" if system.get("uncommitted_changes") else ""
    return f"`{system['commit']}`{dirty}"


def _levels_table(system: SystemAudit) -> list[str]:
    check = system.check
    rows = [f"| {d} | {check.levels[d]} | {check.floors.get(d, 1)} |" for d in check.levels]
    reasons = [f"- {cell_text}" for cell_text in check.gate_reasons]
    gate = "passed" if check.gate_passed else "failed"
    return [
        "### Levels and floors",
        "",
        "| Dimension | Level | Floor (profiles enforced) |",
        "|---|---|---|",
        *rows,
        "",
        f"Gate: {gate}.",
        *(["", *reasons] if reasons else []),
        "",
    ]


def _waivers_table(system: SystemAudit) -> list[str]:
    waivers = system.check.waivers
    if not waivers:
        return ["### Waivers", "", "None declared.", ""]
    rows = [
        f"| {cell(str(w.get('control')))} | {cell(_waiver_status(w))} | "
        f"{cell(str(w.get('approved_by')))} | {cell(str(w.get('expires')))} | "
        f"{cell(str(w.get('reason')))} |"
        for w in waivers
    ]
    return [
        "### Waivers",
        "",
        "| Control | Status | Approved by | Expires | Reason |",
        "|---|---|---|---|---|",
        *rows,
        "",
    ]


def _waiver_status(waiver: Mapping[str, Any]) -> str:
    """The waiver's status; one on a regulation's control says it only records accepted risk."""
    status = str(waiver.get("status"))
    if waiver.get("risk_accepted_only") is True:
        return f"{status}, risk accepted only (a waiver cannot lift a legal duty)"
    return status


def _files_table(system: SystemAudit, slot: str, members: Mapping[str, Member]) -> list[str]:
    rows = [f"| manifest | `{manifest_member(slot)}` | `{_sum(members[manifest_member(slot)])}` |"]
    for file in system.evidence_files():
        if file.source is not None:
            where = f"`{cell(evidence_member(slot, file.path))}`"
        else:
            where = "**missing**" if file.status == "missing" else "a folder (not copied)"
        rows.append(f"| `{cell(file.path)}` | {where} | `{file.sha256 or '-'}` |")
    return [
        "### Evidence files",
        "",
        "| Declared path | Copy in this pack | sha256 |",
        "|---|---|---|",
        *rows,
        "",
    ]


def write(report: AuditReport, target: Path, sign_key: Path | None = None) -> dict[str, Member]:
    """Write the pack to ``target`` (a ``.zip`` file, else a folder), atomically. The target
    is checked before anything is built: a symbolic link, or a folder that is not a previous
    pack (or that holds a file the previous pack did not list), is refused. With ``sign_key``
    (an SSH key file), ``SHA256SUMS`` is signed; the key is checked first."""
    key = load_key(sign_key) if sign_key is not None else None
    is_zip = target.suffix.lower() == ".zip"
    if is_zip:
        if report.today.year < 1980:
            raise UsageError("--today must be 1980 or later for a zip pack (zip timestamps)")
        destination(target, "--pack")
    else:
        _check_replaceable(target)
    members = build(report, key)
    if is_zip:
        _write_zip(members, target, report)
    else:
        _write_dir(members, target)
    return members


def _copy(source: Path, sink: IO[bytes]) -> None:
    with source.open("rb") as handle:
        shutil.copyfileobj(handle, sink, CHUNK)


def _write_zip(members: Mapping[str, Member], target: Path, report: AuditReport) -> None:
    """The pack as a zip: sorted members, one fixed timestamp, fixed attributes, written to a
    temporary file beside ``target`` and renamed (mode as for every output)."""
    stamp = (report.today.year, report.today.month, report.today.day, 0, 0, 0)
    folder = target.parent if str(target.parent) else Path(".")
    ensure_folder(folder, "--pack")
    with tempfile.TemporaryDirectory(prefix=f".{target.name}.", dir=folder) as staging:
        built = Path(staging) / target.name
        with zipfile.ZipFile(built, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
            for name in sorted(members):
                info = zipfile.ZipInfo(name, date_time=stamp)
                info.compress_type = zipfile.ZIP_DEFLATED
                info.create_system = _ZIP_UNIX
                info.external_attr = _ZIP_MODE
                member = members[name]
                # The size up front: zip64 records only where a member needs them.
                info.file_size = member.stat().st_size if isinstance(member, Path) else len(member)
                with archive.open(info, "w") as sink:
                    if isinstance(member, Path):
                        _copy(member, sink)
                    else:
                        sink.write(member)
        publish_file(built, target, what="--pack")


def _pack_listing(target: Path) -> set[str] | None:
    """The files a previous pack at ``target`` consists of (its SHA256SUMS and the files it
    lists), or None when ``target`` is not an aimm evidence pack."""
    try:
        marker = json.loads((target / MARKER).read_text(encoding="utf-8"))
        sums = (target / SUMS).read_text(encoding="utf-8")
    except (OSError, ValueError):
        return None
    if not isinstance(marker, dict) or marker.get("kind") != PACK_KIND:
        return None
    listed = {line.split("  ", 1)[1] for line in sums.splitlines() if "  " in line}
    return listed | {SUMS, SIGNATURE}


def _check_replaceable(target: Path) -> None:
    """A folder may be replaced when it is empty, or holds exactly a previous aimm evidence
    pack: a file the user added to it (notes, a signature) is never deleted silently."""
    if target.is_symlink():
        destination(target, "--pack")  # refuses, naming the link
    if not target.exists():
        return
    if not target.is_dir():
        raise UsageError(f"--pack {target}: exists and is not a folder")
    present = {p.relative_to(target).as_posix() for p in target.rglob("*") if not p.is_dir()}
    if not present:
        return
    listed = _pack_listing(target)
    if listed is None:
        raise UsageError(
            f"--pack {target}: exists and is not an aimm evidence pack; refusing to replace it"
        )
    extra = sorted(present - listed)
    if extra:
        raise UsageError(
            f"--pack {target}: holds {extra[0]}, which the previous pack did not write; move "
            "it out (or pick another folder): aimm does not delete files it did not make"
        )


def _write_dir(members: Mapping[str, Member], target: Path) -> None:
    parent = target.parent if str(target.parent) else Path(".")
    ensure_folder(parent, "--pack")
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".tmp", dir=parent))
    mode = new_file_mode()
    try:
        os.chmod(staging, mode | (mode & 0o444) >> 2)  # a folder: x wherever r
        for name in sorted(members):
            path = staging.joinpath(*name.split("/"))
            path.parent.mkdir(parents=True, exist_ok=True)
            member = members[name]
            with path.open("wb") as sink:
                if isinstance(member, Path):
                    _copy(member, sink)
                else:
                    sink.write(member)
            os.chmod(path, mode)
        # Swap: move the old pack aside, the new one in, then delete the old one. A reader
        # sees the old pack or the new one; a crash between the renames leaves both on disk.
        old = None
        if target.exists():
            old = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".old", dir=parent))
            os.rmdir(old)
            os.replace(target, old)
        os.replace(staging, target)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise

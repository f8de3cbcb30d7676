"""The evidence pack: complete, reproducible to the byte, written atomically."""

from __future__ import annotations

import hashlib
import io
import json
import shutil
import zipfile
from pathlib import Path

import pytest

import aimm
from aimm.audit.pack import evidence_member
from tests.support import REGULATED, TODAY_ARGS, Cli

AUDIT = ["audit", "--framework", "eu-ai-act", str(REGULATED), *TODAY_ARGS]
# One small system, for the tests about writing rather than content.
SMALL = ["audit", "--framework", "eu-ai-act", str(REGULATED / "it-ticket-router")]


def _tree(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.fixture(scope="module")
def pack(tmp_path_factory: pytest.TempPathFactory, cli: Cli) -> dict[str, bytes]:
    """The regulated examples' EU AI Act pack, as a folder, read back."""
    target = tmp_path_factory.mktemp("pack") / "evidence"
    code, _, err = cli(*AUDIT, "--pack", target, "--format", "json")
    assert code == 1  # customer-chatbot's Art. 50(2)
    assert err.startswith(f"aimm: evidence pack written to {target} (")
    return _tree(target)


@pytest.fixture(scope="module")
def zips(tmp_path_factory: pytest.TempPathFactory, cli: Cli) -> tuple[bytes, bytes]:
    """The same pack written as a zip by two separate runs."""
    folder = tmp_path_factory.mktemp("zips")
    first, second = folder / "a" / "pack.zip", folder / "b" / "pack.zip"
    assert cli(*AUDIT, "--pack", first).code == 1
    assert cli(*AUDIT, "--pack", second).code == 1
    return first.read_bytes(), second.read_bytes()


def test_zip_pack_is_byte_identical_across_runs(zips: tuple[bytes, bytes]) -> None:
    """Two runs with the same inputs and --today give the same zip, byte for byte."""
    first, second = zips
    assert first == second
    with zipfile.ZipFile(io.BytesIO(first)) as archive:
        infos = archive.infolist()
        names = [i.filename for i in infos]
        assert names == sorted(names)
        assert {i.date_time for i in infos} == {(2026, 11, 21, 0, 0, 0)}
        assert {i.external_attr >> 16 for i in infos} == {0o100644}
        assert {i.create_system for i in infos} == {3}
        assert archive.testzip() is None


def test_folder_pack_matches_the_zip(zips: tuple[bytes, bytes], pack: dict[str, bytes]) -> None:
    """The folder and the zip hold the same files."""
    with zipfile.ZipFile(io.BytesIO(zips[0])) as archive:
        zipped = {name: archive.read(name) for name in archive.namelist()}
    assert zipped == pack


def test_pack_contents(pack: dict[str, bytes]) -> None:
    """Index, manifests, reports, evidence copies, sums and provenance are all there."""
    assert {
        "index.md",
        "provenance.json",
        "SHA256SUMS",
        "report/check.json",
        "report/matrix.json",
        "report/matrix.csv",
        "report/assessment-results.json",
        "report/assessment-plan.json",
        "report/component-definition.json",
        "report/catalog.json",
        "report/waivers.json",
        "README.md",
    } <= set(pack)
    for name in ("credit-risk-model", "cv-screening", "customer-chatbot", "it-ticket-router"):
        assert pack[f"systems/{name}/aimm.yaml"] == (REGULATED / name / "aimm.yaml").read_bytes()
    copy = evidence_member("credit-risk-model", "docs/serious-incidents.md")
    assert (
        pack[copy] == (REGULATED / "credit-risk-model" / "docs/serious-incidents.md").read_bytes()
    )


def test_sums_cover_every_other_file(pack: dict[str, bytes]) -> None:
    """SHA256SUMS lists every file but itself, in sha256sum -c format."""
    lines = pack["SHA256SUMS"].decode().splitlines()
    listed = {name: digest for digest, name in (line.split("  ", 1) for line in lines)}
    assert set(listed) == set(pack) - {"SHA256SUMS"}
    for name, digest in listed.items():
        assert hashlib.sha256(pack[name]).hexdigest() == digest


def test_every_evidence_file_of_the_matrix_is_copied(pack: dict[str, bytes]) -> None:
    """Each verified evidence file in the matrix has its copy, with the same sha256."""
    matrix = json.loads(pack["report/matrix.json"])
    seen = 0
    for result in matrix["results"]:
        for file in result["evidence"]:
            assert file["status"] == "verified"
            copy = pack[evidence_member(result["system"], file["path"])]
            assert hashlib.sha256(copy).hexdigest() == file["sha256"]
            seen += 1
    assert seen > 20


def test_check_report_and_waivers(pack: dict[str, bytes]) -> None:
    """The check report is the contract's JSON with the profile enforced; waivers keep their
    approver and expiry."""
    check = json.loads(pack["report/check.json"])
    assert check["schema_version"] == 1
    assert check["summary"] == {"manifests": 4, "passed": 3, "failed": 1, "errors": 0}
    waivers = json.loads(pack["report/waivers.json"])
    assert waivers == [
        {
            "system": "cv-screening",
            "path": "examples/regulated/cv-screening/aimm.yaml",
            "control": "AUD-4.2",
            "status": "valid",
            "expires": "2028-03-31",
            "days_left": 496,
            "approved_by": "head-of-talent@example.com",
            "reason": (
                "Vendor log export moves to a write-once bucket with the 2028 contract renewal"
            ),
        }
    ]


def test_provenance_and_index(pack: dict[str, bytes]) -> None:
    """The version, the date, the frameworks and digests of the policies and catalog used."""
    provenance = json.loads(pack["provenance.json"])
    assert provenance["kind"] == "aimm-evidence-pack"
    assert provenance["aimm_version"] == aimm.__version__
    assert provenance["today"] == "2026-11-21"
    assert [f["id"] for f in provenance["frameworks"]] == ["eu-ai-act"]
    assert len(provenance["policies_sha256"]) == len(provenance["catalog_sha256"]) == 64
    index = pack["index.md"].decode()
    assert index.startswith("# Evidence pack: EU AI Act\n")
    assert provenance["policies_sha256"] in index
    assert "| customer-chatbot | high | 4/3/4/4/3 | failed | 3 | 0 | 1 | 0 | 0 | 42 |" in index
    assert "| AUD-4.2 | valid | head-of-talent@example.com | 2028-03-31 |" in index
    assert "| UNMET | eu-ai-act Art. 50(2) |" in index


def test_folder_pack_replaces_a_previous_pack_only(tmp_path: Path, cli: Cli) -> None:
    """An old pack is swapped out whole; a file the user added to it, or a folder that is not
    a pack, is never touched (issue 11: a re-pack once deleted the user's file)."""
    target = tmp_path / "pack"
    assert cli(*SMALL, "--pack", target).code == 0
    assert cli(*SMALL, "--pack", target).code == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pack"]  # no temporary leftovers
    (target / "notes.txt").write_text("the user's", encoding="utf-8")
    code, _, err = cli(*SMALL, "--pack", target)
    assert code == 2
    assert "holds notes.txt, which the previous pack did not write" in err
    assert (target / "notes.txt").read_text(encoding="utf-8") == "the user's"

    precious = tmp_path / "precious"
    precious.mkdir()
    (precious / "notes.md").write_text("mine", encoding="utf-8")
    code, out, err = cli(*SMALL, "--pack", precious)
    assert code == 2
    assert out == ""
    assert err == (
        f"aimm: --pack {precious}: exists and is not an aimm evidence pack; "
        "refusing to replace it\n"
    )
    assert _tree(precious) == {"notes.md": b"mine"}


def test_zip_pack_is_written_atomically(tmp_path: Path, cli: Cli) -> None:
    """The zip goes to a temporary file first; nothing else is left in the folder."""
    target = tmp_path / "out" / "pack.zip"
    target.parent.mkdir()
    target.write_bytes(b"old")
    assert cli(*SMALL, "--pack", target).code == 0
    assert zipfile.is_zipfile(io.BytesIO(target.read_bytes()))
    assert [p.name for p in target.parent.iterdir()] == ["pack.zip"]


def test_evidence_outside_the_manifest_folder_keeps_a_safe_name(tmp_path: Path, cli: Cli) -> None:
    """A declared ../ path (elsewhere in the repository) is copied under %2E%2E/."""
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    shutil.copytree(REGULATED / "it-ticket-router", repo / "svc")
    (repo / "shared").mkdir()
    literacy = (
        "# Company-wide AI literacy\n\nEvery engineer and analyst who builds, reviews or operates "
        "an AI system takes the yearly course on model limits, prompt injection, bias and when "
        "to escalate to a human reviewer.\n"
    )
    (repo / "shared" / "literacy.md").write_text(literacy, encoding="utf-8")
    manifest = repo / "svc" / "aimm.yaml"
    manifest.write_text(
        manifest.read_text(encoding="utf-8").replace(
            "ai_literacy: docs/ai-literacy.md", "ai_literacy: ../shared/literacy.md"
        ),
        encoding="utf-8",
    )
    target = tmp_path / "pack"
    assert cli("audit", "--framework", "eu-ai-act", repo / "svc", "--pack", target).code == 0
    copy = (
        target / "systems" / "it-ticket-router" / "evidence" / "%2E%2E" / "shared" / "literacy.md"
    )
    assert copy.read_text(encoding="utf-8") == literacy
    assert evidence_member("x", "../../a/./b.md") == "systems/x/evidence/%2E%2E/%2E%2E/a/%2E/b.md"
    assert evidence_member("x", "_parent_/a.md") != evidence_member("x", "../a.md")

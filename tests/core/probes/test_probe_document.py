"""The document probe: real content counts; empty, placeholder and filler documents do not."""

from __future__ import annotations

from pathlib import Path

import pytest

from aimm.core.probes import document
from tests.core.probes.probe_fixtures import target_maker

PROSE = (
    "When the assistant gives a wrong refund amount, the on-call engineer switches the refund "
    "tool to read-only, exports the affected conversations from the audit store and pages the "
    "payments owner before any fix is deployed."
)


@pytest.mark.parametrize(
    ("content", "detail", "placeholder"),
    [
        (b"", "docs/x.md is empty", "empty"),
        (b"  \n\t\n", "docs/x.md holds only white space", "white space"),
        (b"TODO\n", 'docs/x.md is a placeholder ("TODO"); at least 20 are needed', "todo"),
        (
            b"# Runbook\n\nTBD\n",
            'docs/x.md is a placeholder ("TBD"); at least 20 are needed',
            "tbd",
        ),
        (
            b"Draft, see Confluence\n",
            'docs/x.md is a placeholder ("Draft, see Confluence"); at least 20 are needed',
            "draft",
        ),
        (
            b"https://wiki.example.com/ai/runbook\n",
            "docs/x.md is a bare link (https://wiki.example.com/ai/runbook); "
            "at least 20 are needed",
            "bare link",
        ),
        (
            b"# Runbook\n## Steps\n## Contacts\n",
            "docs/x.md holds 0 words of prose outside headings and links; at least 20 are needed",
            None,
        ),
        (
            b"Page the on-call engineer and roll back.\n",
            "docs/x.md holds 7 words of prose outside headings and links; at least 20 are needed",
            None,
        ),
    ],
)
def test_content_that_does_not_count(content: bytes, detail: str, placeholder: str | None) -> None:
    """Each kind of non-document is contradicted with a detail saying which it is."""
    report = document.judge(content, "docs/x.md")
    assert (report["status"], report["detail"], report.get("placeholder")) == (
        "contradicted",
        detail,
        placeholder,
    )


def test_lorem_ipsum_is_filler_at_any_length() -> None:
    """A long document of lorem ipsum is still filler."""
    text = ("Lorem ipsum dolor sit amet, consectetur adipiscing elit. " * 20).encode()
    report = document.judge(text, "docs/x.md")
    assert (report["status"], report["detail"]) == (
        "contradicted",
        "docs/x.md holds lorem ipsum filler",
    )


def test_real_prose_counts() -> None:
    """Enough prose outside headings and links verifies the document."""
    report = document.judge(f"# Runbook\n\n{PROSE}\n".encode(), "docs/x.md")
    assert report == {
        "status": "verified",
        "detail": "docs/x.md holds 35 words of prose",
        "words": 35,
    }


def test_headings_links_front_matter_and_comments_are_not_prose() -> None:
    """Only prose counts: link targets, headings, front matter and comments are taken out, a
    link's text stays, placeholder markers are not words."""
    text = (
        "---\ntitle: Runbook for the refund assistant with many words in front matter\n---\n"
        "# A very long heading with plenty of words that do not count at all\n"
        "<!-- a comment with many words that should never count toward the minimum -->\n"
        "See [the escalation policy](https://wiki.example.com/escalation) TODO TBD FIXME.\n"
        "| Field | Value |\n|---|---|\n"
    )
    assert document.words(document.prose(text)) == [
        "See",
        "the",
        "escalation",
        "policy",
        "Field",
        "Value",
    ]


def test_a_template_with_a_table_counts() -> None:
    """A postmortem template is mostly fields; table cells are prose."""
    text = (
        "# Postmortem\n\nRequired within three working days for any incident.\n\n"
        "| Field | Value |\n|---|---|\n| Incident id | INC-____ |\n| Severity | SEV-1 / SEV-2 |\n"
        "| Detected by | alert / customer / reconciliation / eval |\n| Model and prompt versions | "
        "from the audit trail |\n"
    )
    assert document.judge(text.encode(), "pm.md")["status"] == "verified"


@pytest.mark.parametrize(
    ("content", "kind"),
    [(b"%PDF-1.7\n%\xe2\xe3", "a PDF"), (b"PK\x03\x04\x14\x00", "an office or zip file")],
)
def test_binary_documents_are_unverified(content: bytes, kind: str) -> None:
    """A PDF or office file is not read: unverified, never contradicted."""
    report = document.judge(content, "docs/x.pdf")
    assert (report["status"], report["detail"]) == (
        "unverified",
        f"docs/x.pdf is {kind}; its content is not read",
    )


def test_other_binary_and_non_utf8_are_unverified() -> None:
    """Binary or non-UTF-8 text is unverified, with why."""
    assert document.judge(b"\x00\x01\x02", "x.bin")["detail"] == (
        "x.bin is binary, not text; its content is not read"
    )
    assert document.judge("café".encode("latin-1"), "x.md")["status"] == "unverified"


def test_probe_reads_only_the_first_mib(tmp_path: Path) -> None:
    """A huge document is judged on its first MiB."""
    make_target = target_maker(tmp_path)
    manifest = {"posture": {"audit": {"postmortem_template": "docs/pm.md"}}}
    target = make_target("docs/pm.md", manifest, PROSE + "\n" + "x " * 2_000_000)
    assert document.probe(target)["status"] == "verified"


def test_probe_applies_to_every_compliance_document(tmp_path: Path) -> None:
    """A compliance document is probed like the runbook."""
    make_target = target_maker(tmp_path)
    manifest = {"compliance": {"technical_documentation": "docs/td.md"}}
    target = make_target("docs/td.md", manifest, "Draft, see Confluence")
    assert document.PROBE.applies(target.declarations)
    assert document.probe(target)["status"] == "contradicted"

"""``aimm assess``: the seed-001 self-assessment, from an answers file (Click's runner) and on
a real terminal (a pty), its arithmetic, the manifest it writes, and the claimed score that
``aimm check`` then shows beside the evidenced one."""

from __future__ import annotations

import os
import pty
import re
import select
import shutil
import sys
import time
from pathlib import Path
from typing import Any

import pytest
import yaml

from aimm.check.assess import questionnaire, score
from aimm.core.model import load_model
from tests.support import TESTS, TODAY_ARGS, Cli

MODEL = "aiops-capability"
CASES = TESTS / "models" / "aiops_capability" / "cases"
CLAIM_38 = {
    "q1": 3, "q2": 3, "q3": 3, "q4": 3, "q5": 3, "q6": 3,
    "q7": 4, "q8": 4, "q9": 3, "q10": 3, "q11": 3, "q12": 3,
}  # fmt: skip


def flat(text: str) -> str:
    """Text with every run of whitespace as one space (reports wrap at the terminal width)."""
    return " ".join(text.split())


def sheet(tmp_path: Path, answers: dict[str, Any], **extra: Any) -> Path:
    path = tmp_path / "answers.yaml"
    path.write_text(yaml.safe_dump({"answers": answers, **extra}), "utf-8")
    return path


# ---- the seed's arithmetic --------------------------------------------------------------


@pytest.mark.parametrize("n", range(6))
def test_uniform_answers_land_in_their_own_band(n: int) -> None:
    """Twelve answers of N total 12N, which the seed's bands put at level N."""
    q = questionnaire(load_model(MODEL))
    result = score(q, {question.id: n for question in q.questions})
    assert (result.total, result.top, result.level) == (12 * n, 60, n)
    assert [got for _, got, _ in result.sections] == [2 * n] * 6


@pytest.mark.parametrize(
    ("total", "level"), [(0, 0), (10, 0), (11, 1), (20, 1), (21, 2), (40, 3), (41, 4), (51, 5)]
)
def test_band_edges(total: int, level: int) -> None:
    """0-10 L0, 11-20 L1, 21-30 L2, 31-40 L3, 41-50 L4, 51-60 L5."""
    assert questionnaire(load_model(MODEL)).band(total) == level


# ---- --answers ----------------------------------------------------------------------------


def test_answers_print_score_band_sections_guide_and_kpis(tmp_path: Path, cli: Cli) -> None:
    """Total /60 and band, the section scores, the target level, its guide and its KPIs."""
    code, out, err = cli("assess", str(tmp_path), "--answers", str(sheet(tmp_path, CLAIM_38)))
    assert (code, err) == (0, "")
    text = flat(out)
    assert "score: 38/60 (L3 Systematic)" in text
    assert "Gateway and access 6/10" in text and "Orchestration 8/10" in text
    assert "target: L4 Intelligent" in text
    assert "transition L3 -> L4: Agents and persistent memory (12-16 weeks)" in text
    assert "success when: - Multi-agent systems run in production" in text
    assert "KPIs at L4 (tracked in an ML monitoring platform)" in text
    assert "Cost prediction accuracy: above 90%, daily" in text
    assert not (tmp_path / "aimm.yaml").exists()


def test_top_band_has_no_target(tmp_path: Path, cli: Cli) -> None:
    """At 51-60 there is no level above: no guide."""
    answers = {f"q{i}": 5 for i in range(1, 13)}
    code, out, _ = cli("assess", str(tmp_path), "--answers", str(sheet(tmp_path, answers)))
    assert code == 0
    assert "score: 60/60 (L5 Autonomous)" in out
    assert "already at the top level (L5 Autonomous)" in out
    assert "transition" not in out


def test_write_then_check_shows_claimed_against_evidenced(tmp_path: Path, cli: Cli) -> None:
    """--write records facts and answers; check derives the answers back from the facts and
    names the claims they do not show; unknown numbers are TODOs that count as weakest."""
    answers_file = sheet(
        tmp_path,
        CLAIM_38,
        assessed_by="ana@example.com",
        identity={"name": "support-bot", "team": "care-ai", "type": "agent"},
        details={"/posture/visibility/tracing/coverage": 85},
    )
    svc = tmp_path / "svc"
    svc.mkdir()
    code, out, err = cli("assess", str(svc), "--answers", str(answers_file), "--write", *TODAY_ARGS)
    assert (code, err) == (0, "")
    assert "3 TODO(s) to fill in" in out
    text = (svc / "aimm.yaml").read_text("utf-8")
    written = yaml.safe_load(text)
    assert written["metadata"]["name"] == "support-bot"
    assert written["posture"]["gateway"]["routing"] == "cost-aware"
    assert written["posture"]["visibility"]["tracing"]["coverage"] == 85
    assert written["assessment"][MODEL] == {
        "answers": CLAIM_38,
        "assessed_on": "2026-11-21",
        "assessed_by": "ana@example.com",
    }
    assert "# TODO(aimm assess): /posture/cost/limits/org - " in text
    code, out, err = cli("check", str(svc), "--model", MODEL, *TODAY_ARGS)
    assert code == 0, err  # an experiment: floors are reported, not enforced
    report = flat(out)
    assert "claimed 38 (L3 Systematic), evidenced 32 (L3 Systematic)" in report
    assert "q4 output quality: claimed 3, evidenced 0" in report
    assert "q10 budget control: claimed 3, evidenced 0" in report
    assert "q1 access path" not in report


def test_write_updates_an_existing_manifest(tmp_path: Path, cli: Cli) -> None:
    """Identity and facts the answers do not touch stay; the new assessment replaces the old."""
    svc = tmp_path / "svc"
    shutil.copytree(CASES / "organized-gateway", svc)
    before = yaml.safe_load((svc / "aimm.yaml").read_text("utf-8"))
    answers = dict.fromkeys(CLAIM_38, 2) | {"q3": 3}
    answers_file = sheet(tmp_path, answers, details={"/posture/visibility/tracing/coverage": 90})
    code, _, err = cli("assess", str(svc), "--answers", str(answers_file), "--write", *TODAY_ARGS)
    assert (code, err) == (0, "")
    after = yaml.safe_load((svc / "aimm.yaml").read_text("utf-8"))
    assert after["metadata"] == before["metadata"]
    assert after["posture"]["memory"] == before["posture"]["memory"]
    assert after["posture"]["visibility"]["tracing"]["spans"] == ["model_call"]
    assert after["assessment"][MODEL]["answers"]["q3"] == 3
    assert "assessed_by" not in after["assessment"][MODEL]
    code, out, _ = cli("check", str(svc), "--model", MODEL, *TODAY_ARGS)
    assert "claimed 25 (L2 Organized), evidenced 25 (L2 Organized)" in flat(out)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("answers: {q13: 2}", "answers.q13 is not a question of aiops-capability"),
        ("answers: {q1: 6}", "answers.q1 must be a whole number 0-5"),
        ("answers: {q1: two}", "answers.q1 must be a whole number 0-5"),
        ("answers: {q1: 2}", "no answer for q2, q3"),
        ("answer: {q1: 2}", "unknown key 'answer'"),
        ("- q1", "expected a mapping"),
        (
            "answers: {" + ", ".join(f"q{i}: 2" for i in range(1, 13)) + "}\n"
            "identity: {owner: a@b.c}",
            "identity.owner is not one of name, team, technical",
        ),
    ],
)
def test_bad_answers_exit_2_with_one_line(
    tmp_path: Path, content: str, message: str, cli: Cli
) -> None:
    """A bad answers file is a usage error: exit 2, one line naming the file and problem."""
    path = tmp_path / "answers.yaml"
    path.write_text(content, "utf-8")
    code, out, err = cli("assess", str(tmp_path), "--answers", str(path), "--write")
    assert code == 2
    assert out == ""
    assert len(err.splitlines()) == 1 and message in err and str(path) in err
    assert not (tmp_path / "aimm.yaml").exists()


def test_a_model_without_questionnaire_is_refused(tmp_path: Path, cli: Cli) -> None:
    code, _, err = cli("assess", str(tmp_path), "--model", "mlops")
    assert code == 2
    assert "model mlops has no self-assessment" in err


def test_prompts_without_a_terminal_read_stdin(tmp_path: Path, cli: Cli) -> None:
    """Without --answers the same questions are asked (here fed on stdin)."""
    code, out, _ = cli("assess", tmp_path, stdin="1\n" * 12)
    assert code == 0
    assert "12/12 How is sensitive data in AI requests handled?" in out
    assert "score: 12/60 (L1 Reactive)" in out


# ---- a real terminal ----------------------------------------------------------------------


class Terminal:
    """A child process on a pseudo-terminal, driven like a user: wait for text, type."""

    def __init__(self, argv: list[str], cwd: Path) -> None:
        self.pid, self.fd = pty.fork()
        if self.pid == 0:  # the child: run aimm on the pty
            os.chdir(cwd)
            os.environ["COLUMNS"] = "200"
            os.execv(argv[0], argv)
        self.seen = ""

    def expect(self, text: str, timeout: float = 30.0) -> None:
        deadline = time.monotonic() + timeout
        while text not in self.seen:
            left = deadline - time.monotonic()
            if left <= 0:
                raise AssertionError(f"{text!r} not seen; last output: {self.seen[-400:]!r}")
            ready, _, _ = select.select([self.fd], [], [], left)
            if ready:
                try:
                    chunk = os.read(self.fd, 4096)
                except OSError:
                    chunk = b""
                if not chunk:
                    raise AssertionError(f"{text!r} not seen before exit: {self.seen[-400:]!r}")
                self.seen += chunk.decode("utf-8", "replace")
        # Consume what was matched so the next expect waits for new output.
        self.seen = self.seen[self.seen.index(text) + len(text) :]

    def type(self, line: str) -> None:
        os.write(self.fd, (line + "\n").encode())

    def wait(self) -> int:
        _, status = os.waitpid(self.pid, 0)
        os.close(self.fd)
        return os.waitstatus_to_exitcode(status)


def test_interactive_assessment_on_a_terminal(tmp_path: Path) -> None:
    """On a pty: identity and risk prompts with defaults, twelve questions (an out-of-range
    answer is asked again), a follow-up left unknown, then the result and the manifest."""
    aimm = Path(sys.executable).parent / "aimm"
    term = Terminal([str(aimm), "assess", ".", "--write", *TODAY_ARGS], tmp_path)
    term.expect("System name (a slug) [")
    term.type("chat-helper")
    term.expect("Owning team [unassigned]:")
    term.type("care-ai")
    term.expect("Technical owner (email)")
    term.type("ana@example.com")
    term.expect("System type")
    term.type("rag")
    for _ in range(6):  # lifecycle, domain and the risk facts: take the defaults
        term.expect(":")
        term.type("")
    answers = [2, 2, 2, 2, 2, 3, 1, 1, 2, 2, 2, 2]
    for number, answer in enumerate(answers, 1):
        term.expect(f"q{number} answer:")
        if number == 1:
            term.type("7")
            term.expect("7 is not in the range")
            term.expect("q1 answer:")
        term.type(str(answer))
    term.expect("Alert thresholds, in percent of the budget")
    term.type("")
    term.expect("score: 23/60 (L2 Organized)")
    term.expect("transition L2 -> L3: Full observability and automated evaluation (8-12 weeks)")
    term.expect("wrote")
    assert term.wait() == 0
    text = (tmp_path / "aimm.yaml").read_text("utf-8")
    written = yaml.safe_load(text)
    assert written["metadata"]["name"] == "chat-helper"
    assert written["system"]["type"] == "rag"
    assert written["system"]["lifecycle"] == "experiment"
    assert written["posture"]["memory"]["retrieval"] == "vector"
    assert written["assessment"][MODEL]["answers"]["q6"] == 3
    assert "# TODO(aimm assess): /posture/cost/alerts/thresholds - " in text


def test_write_never_lowers_a_declared_fact(tmp_path: Path, cli: Cli) -> None:
    """An answer weaker than a fact already declared leaves the fact (the schema lists each
    fact's values weakest first); the claim is still recorded, and check shows both."""
    svc = tmp_path / "svc"
    shutil.copytree(CASES / "intelligent-agents", svc)
    answers_file = sheet(tmp_path, dict.fromkeys(CLAIM_38, 2))
    code, out, err = cli("assess", str(svc), "--answers", str(answers_file), "--write", *TODAY_ARGS)
    assert (code, err) == (0, "")
    assert "kept stronger facts already declared: " in out
    assert "/posture/security/pii" in out and "/posture/gateway/fallback" in out
    after = yaml.safe_load((svc / "aimm.yaml").read_text("utf-8"))
    assert after["posture"]["security"]["pii"] == "dlp"
    assert after["posture"]["gateway"]["fallback"] == "proactive"
    assert after["assessment"][MODEL]["answers"] == dict.fromkeys(CLAIM_38, 2)
    code, out, _ = cli("check", str(svc), "--model", MODEL, *TODAY_ARGS)
    assert "claimed 24 (L2 Organized), evidenced 48 (L4 Intelligent)" in flat(out)


# ---- --write over a commented manifest ----------------------------------------------------

COMMENTED = """\
# yaml-language-server: $schema=../../schemas/manifest.schema.json
# The helpdesk bot. Owned by workplace IT; see the runbook before changing the gateway.
apiVersion: aimm/v1
kind: AISystem
metadata:
  name: helpdesk-bot   # the slug used in dashboards
  team: workplace-it
  owners:
    technical: mara@example.com
system: {type: rag, lifecycle: pilot}
risk:
  domain: general
  autonomy: suggest
  data_sensitivity: internal   # no customer data
  exposure: internal
  criticality: low
posture:
  gateway:
    # All calls go through the company gateway since March.
    mode: gateway
    all_traffic: true
    fallback: automatic        # a second provider takes over on errors
  visibility:
    logs: centralized
    tracing:
      enabled: true
      spans: [model_call]      # retrieval spans come with the next release
  memory:
    context: managed-window
  cost:
    attribution: per-app       # finance wants per-request next quarter
    # Alert thresholds agreed with finance:
    alerts: {enabled: true, thresholds: [50, 80, 100]}

# Trailing note kept at the end.
"""


def _comments(text: str) -> list[str]:
    """Every comment in a YAML text, stripped ("# ..." from whole lines and line ends)."""
    return [line[line.index("#") :].strip() for line in text.splitlines() if "#" in line]


@pytest.fixture
def commented(tmp_path: Path) -> Path:
    svc = tmp_path / "svc"
    svc.mkdir()
    (svc / "aimm.yaml").write_text(COMMENTED, "utf-8")
    return svc


def test_write_keeps_the_comments_of_an_existing_manifest(
    tmp_path: Path, commented: Path, cli: Cli
) -> None:
    """Every comment survives (whole lines, line ends, the modeline and the trailing note), the
    untouched lines stay as they were, and the updated facts are the answers' facts."""
    answers = dict.fromkeys(CLAIM_38, 2) | {"q1": 3, "q2": 3, "q9": 3}
    code, out, err = cli(
        "assess", str(commented), "--answers", str(sheet(tmp_path, answers)), "--write", *TODAY_ARGS
    )
    assert (code, err) == (0, ""), out
    text = (commented / "aimm.yaml").read_text("utf-8")
    for comment in _comments(COMMENTED):
        assert comment in _comments(text), comment
    for untouched in (
        "system: {type: rag, lifecycle: pilot}",
        "  data_sensitivity: internal   # no customer data",
        "      spans: [model_call]      # retrieval spans come with the next release",
        "    alerts: {enabled: true, thresholds: [50, 80, 100]}",
    ):
        assert untouched in text.splitlines(), untouched
    after = yaml.safe_load(text)
    assert after["posture"]["gateway"]["routing"] == "cost-aware"  # q1 = 3
    assert after["posture"]["gateway"]["fallback"] == "quality-aware"  # q2 = 3
    assert after["posture"]["cost"]["attribution"] == "per-request"  # q9 = 3
    assert after["posture"]["memory"]["context"] == "managed-window"
    assert after["assessment"][MODEL] == {"answers": answers, "assessed_on": "2026-11-21"}
    assert re.search(r"^    fallback: quality-aware +# a second provider takes over", text, re.M)
    assert "note: comments" not in out


def test_write_is_atomic_and_keeps_the_file_mode(
    tmp_path: Path, commented: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The manifest is replaced by a rename (a new inode, the old mode, no temporary file left);
    when the rename fails the old manifest is untouched and nothing is left beside it."""
    target = commented / "aimm.yaml"
    target.chmod(0o640)
    inode = target.stat().st_ino
    answers_file = sheet(tmp_path, dict.fromkeys(CLAIM_38, 2))
    code, _, err = cli(
        "assess", str(commented), "--answers", str(answers_file), "--write", *TODAY_ARGS
    )
    assert (code, err) == (0, "")
    assert target.stat().st_ino != inode
    assert target.stat().st_mode & 0o777 == 0o640
    assert sorted(p.name for p in commented.iterdir()) == ["aimm.yaml"]
    written = target.read_bytes()

    def refuse(src: str, dst: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("aimm.core.files.os.replace", refuse)
    answers_file = sheet(tmp_path, dict.fromkeys(CLAIM_38, 3))
    code, _, err = cli(
        "assess", str(commented), "--answers", str(answers_file), "--write", *TODAY_ARGS
    )
    assert code == 2
    assert "No space left on device" in err
    assert target.read_bytes() == written
    assert sorted(p.name for p in commented.iterdir()) == ["aimm.yaml"]


def test_write_twice_replaces_its_todos(tmp_path: Path, commented: Path, cli: Cli) -> None:
    """A second run replaces the TODO lines of the first instead of adding to them, and a fact
    the manifest already declares gets no TODO."""
    answers_file = sheet(tmp_path, dict.fromkeys(CLAIM_38, 3))
    for _ in range(2):
        code, _, err = cli(
            "assess", str(commented), "--answers", str(answers_file), "--write", *TODAY_ARGS
        )
        assert (code, err) == (0, "")
    text = (commented / "aimm.yaml").read_text("utf-8")
    todos = [line for line in text.splitlines() if line.startswith("# TODO(aimm assess): ")]
    assert todos, text
    assert len(todos) == len(set(todos))
    assert not any("/posture/cost/alerts/thresholds" in line for line in todos)
    assert text.splitlines()[-len(todos) - 1] == "# Trailing note kept at the end."


def test_write_keeps_comments_inside_an_earlier_assessment(
    tmp_path: Path, commented: Path, cli: Cli
) -> None:
    """An earlier assessment is updated key by key: a comment on an answer stays, and so does
    a comment block between the assessment and the section after it."""
    target = commented / "aimm.yaml"
    earlier = (
        "assessment:\n  aiops-capability:\n    answers:\n"
        + "".join(f"      {q}: 1\n" for q in CLAIM_38)
        + "      # q12 discussed with security on 2026-10-01\n"
        + "    assessed_on: '2026-10-01'\n"
        + "# Waivers approved by the risk board:\nwaivers: []\n"
    )
    target.write_text(COMMENTED + earlier, "utf-8")
    answers_file = sheet(tmp_path, dict.fromkeys(CLAIM_38, 2))
    code, _, err = cli(
        "assess", str(commented), "--answers", str(answers_file), "--write", *TODAY_ARGS
    )
    assert (code, err) == (0, "")
    text = target.read_text("utf-8")
    assert "# q12 discussed with security on 2026-10-01" in text
    assert "# Waivers approved by the risk board:" in text
    assert "# Trailing note kept at the end." in text
    after = yaml.safe_load(text)
    assert after["assessment"][MODEL] == {
        "answers": dict.fromkeys(CLAIM_38, 2),
        "assessed_on": "2026-11-21",
    }
    assert after["waivers"] == []

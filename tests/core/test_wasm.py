"""The WebAssembly engine: its host built-ins behave as OPA's, the shipped module is current,
the engine is chosen when it can be, fails closed, and gives regopy's reports byte for byte."""

from __future__ import annotations

import dataclasses
import os
import shutil
import stat
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from aimm.cli import main
from aimm.core import opawasm, wasm
from aimm.core.engine import Engine
from aimm.core.engines import make_engine
from aimm.core.errors import EngineError, UsageError
from aimm.core.loader import load_manifest
from aimm.core.model import ModelPath, load_model
from aimm.core.opawasm import BuiltinError, go_float, parse_ns, sprintf
from aimm.core.pipeline import CheckOptions, input_document
from aimm.core.resources import policies_dir
from aimm.core.wasm import WasmEngine
from tests.core.differential import ROOT, TESTS, opa_binary

TODAY = date(2026, 11, 21)


def run(args: list[str], env: dict[str, str] | None = None) -> tuple[int, str, str]:
    """``aimm ARGS`` in process: exit code, stdout, stderr."""
    runner = CliRunner()
    with runner.isolation(env=env) as streams:
        code = main(args)
    return code, streams[0].getvalue().decode(), streams[1].getvalue().decode()


# ---- host built-ins -----------------------------------------------------------------------

# What OPA 1.22.4's sprintf("%v") gives (opa eval, recorded): Go's shortest float formatting.
GO_V = {
    1234567.5: "1.2345675e+06",
    999999.5: "999999.5",
    -1234567.25: "-1.23456725e+06",
    1e15: "1e+15",
    1e21: "1e+21",
    0.1: "0.1",
    0.0001: "0.0001",
    1e-05: "1e-05",
    100.0: "100",
    -0.0: "-0",
    1.2345678901234567e300: "1.2345678901234567e+300",
    5e-324: "5e-324",
    0.30000000000000004: "0.30000000000000004",
    9007199254740993.0: "9.007199254740992e+15",
}


@pytest.mark.parametrize(("value", "text"), GO_V.items())
def test_floats_are_formatted_as_go_does(value: float, text: str) -> None:
    assert go_float(value) == text
    assert sprintf("%v", [value]) == text


def test_sprintf_of_terms_and_sixteen_digits() -> None:
    assert sprintf("%v", ['a " b']) == 'a " b'
    assert sprintf("%v", [[1, 'a"b', {"b": 1, "a": [True, None]}]]) == (
        '[1, "a\\"b", {"a": [true, null], "b": 1}]'
    )
    assert sprintf("%v", [12345678901234567890]) == "12345678901234567890"
    assert sprintf("%.16g", [0.30000000000000004]) == "0.3"
    assert sprintf("%.16g", [1.2345678901234567e300]) == "1.234567890123457e+300"
    with pytest.raises(BuiltinError, match="not served"):
        sprintf("%d", [3])
    with pytest.raises(BuiltinError, match="not served"):
        sprintf("%.16g", [3])  # OPA cannot format an integer with %g either


def test_dates_parse_as_go_parses_them() -> None:
    assert parse_ns("2006-01-02", "2026-11-21") == 1795219200000000000
    assert parse_ns("2006-01-02", "1970-01-01") == 0
    assert parse_ns("2006-01-02", "2262-04-11") == 9223286400000000000
    for bad in ("2026-1-05", "2023-02-29", "2026-13-01", " 2026-01-01", "2262-04-12", "1677-09-21"):
        with pytest.raises(BuiltinError):
            parse_ns("2006-01-02", bad)
    with pytest.raises(BuiltinError, match="layout"):
        parse_ns("2006-01-02T15:04:05Z07:00", "2026-11-21")


# ---- the shipped module -------------------------------------------------------------------


def test_shipped_module_is_built_from_these_policies() -> None:
    """Fails after a .rego change until `aimm policy wasm` rebuilds the module."""
    assert wasm.staleness() is None
    module = wasm.shipped()
    assert module is not None and module.entrypoints == wasm.module_entrypoints()


def test_an_instance_gets_the_memory_the_module_data_needs(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """OPA declares fewer memory pages than the module's data fills: an instance starting at
    the declared size traps, and the host doubles the pages until the data fits."""
    module = wasm._policy_module()
    declared = opawasm._declared_pages(module)
    monkeypatch.setattr(opawasm, "MIN_MEMORY_PAGES", 1)
    monkeypatch.setattr(opawasm, "MAX_MEMORY_PAGES", declared)
    with pytest.raises(opawasm.WasmError, match="out of bounds memory access"):
        opawasm.WasmPolicy(module)
    monkeypatch.setattr(opawasm, "MAX_MEMORY_PAGES", 1024)
    policy = opawasm.WasmPolicy(module)
    assert policy.memory.size(policy.store) > declared
    assert "aimm/core/report/evaluation" in policy.entrypoints


def test_a_policy_change_makes_the_module_stale(tmp_path: Path) -> None:
    copy = tmp_path / "policies"
    shutil.copytree(policies_dir(), copy)
    assert wasm.staleness(copy) is None
    lib = copy / "core" / "lib" / "lib.rego"
    lib.write_text(lib.read_text(encoding="utf-8") + "\n# changed\n", encoding="utf-8")
    assert "changed since the module was built" in str(wasm.staleness(copy))
    (copy / wasm.MODULE_NAME).write_bytes(b"\0asm")
    assert "is not the module" in str(wasm.staleness(copy))


def test_opa_builds_the_committed_module_byte_for_byte() -> None:
    """The committed module is what the pinned OPA compiles from the policies now."""
    opa = opa_binary()
    code, out, err = run(["policy", "wasm", "--check", "--opa", opa])
    if code == 2 and "the module is built with OPA" in err and os.environ.get("CI") != "true":
        pytest.skip(err.strip())
    assert code == 0, out + err
    assert "is current" in out


# ---- choosing the engine ------------------------------------------------------------------


def test_builtin_rego_runs_on_wasm_and_anything_else_on_regopy(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("AIMM_ENGINE", raising=False)
    model = load_model()
    assert isinstance(make_engine([model]), WasmEngine)
    # The packs' report rules are entrypoints of the module: every built-in model runs there.
    packs = [load_model(m) for m in ModelPath(use_env=False).ids()]
    assert [m for m in packs if m.report_entrypoints]
    assert isinstance(make_engine(packs), WasmEngine)
    custom = TESTS / "data" / "differential" / "undefined-custom-control" / "policies"
    assert isinstance(make_engine([model], [custom]), Engine)
    outside = dataclasses.replace(model, policy_dirs=(tmp_path,))
    assert isinstance(make_engine([outside]), Engine)
    monkeypatch.setenv("AIMM_ENGINE", "regopy")
    assert isinstance(make_engine([model]), Engine)
    monkeypatch.setenv("AIMM_ENGINE", "wasm")
    with pytest.raises(UsageError, match="custom policy folders"):
        make_engine([model], [custom])
    monkeypatch.setenv("AIMM_ENGINE", "fast")
    with pytest.raises(UsageError, match="AIMM_ENGINE='fast'"):
        make_engine([model])


def test_a_stale_module_falls_back_to_regopy(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("AIMM_ENGINE", raising=False)
    monkeypatch.setattr(wasm, "shipped", lambda: None)
    monkeypatch.setattr(wasm, "staleness", lambda folder=None: "the .rego policies changed")
    assert isinstance(make_engine([load_model()]), Engine)
    monkeypatch.setenv("AIMM_ENGINE", "wasm")
    with pytest.raises(UsageError, match=r"the \.rego policies changed"):
        make_engine([load_model()])


# ---- failing closed -----------------------------------------------------------------------


def test_a_control_without_an_outcome_fails_the_run(monkeypatch: pytest.MonkeyPatch) -> None:
    """In Wasm a built-in error makes a rule undefined; a control left without an outcome
    can only be that, so it is an engine error naming the entrypoint, as on regopy."""
    engine = WasmEngine(load_model())
    real = opawasm.WasmPolicy.evaluate

    def dropping(self: opawasm.WasmPolicy, point: str, document: bytes) -> Any:
        value = real(self, point, document)
        if point == wasm.EVALUATION_ENTRYPOINT:
            del value["outcomes"]["VIS-3.3"]
        return value

    monkeypatch.setattr(opawasm.WasmPolicy, "evaluate", dropping)
    document = {"manifest": {}, "evidence": {}, "today": TODAY.isoformat(), "config": {}}
    with pytest.raises(EngineError, match=r"aimm/core/report/evaluation: control VIS-3\.3 has no"):
        engine.outcomes(document)


def test_a_host_builtin_error_fails_closed_naming_the_entrypoint() -> None:
    """A date beyond what the engine counts (2262-04-12) makes the host's time.parse_ns fail:
    an engine error naming the entrypoint, never a passing control. (The schema refuses such a
    date first, so aimm check says where it is, exit 2; the engine is asked directly here.)"""
    folder = TESTS / "data" / "wasm" / "waiver-beyond-2262"
    document = input_document(load_manifest(folder / "aimm.yaml"), CheckOptions(today=TODAY))
    with pytest.raises(
        EngineError,
        match=r"policy evaluation failed in aimm/core/report/evaluation: time\.parse_ns",
    ):
        wasm.WasmEngine().outcomes(document)
    code, out, err = run(["check", str(folder), "--today", TODAY.isoformat()])
    assert code == 2, out + err
    assert "/waivers/0/expires: must be a date from 1678-01-01 to 2261-12-31" in out + err


# ---- the compiled-code cache --------------------------------------------------------------


def test_forged_machine_code_is_never_loaded(tmp_path: Path) -> None:
    """An entry whose signature does not verify (someone wrote other machine code there) is
    compiled again and replaced, never deserialised."""
    module = wasm.shipped()
    assert module is not None
    cache = tmp_path / "wasm"
    opawasm.load_module(module.wasm, cache)
    (entry,) = cache.iterdir()
    mac, _, body = entry.read_bytes().partition(b"\n")
    entry.write_bytes(mac + b"\n" + body[:-1] + bytes([body[-1] ^ 1]))
    forged = entry.read_bytes()
    opawasm.load_module(module.wasm, cache)
    assert entry.read_bytes() != forged


def test_machine_code_is_cached_privately(tmp_path: Path) -> None:
    module = wasm.shipped()
    assert module is not None
    cache = tmp_path / "wasm"
    opawasm.load_module(module.wasm, cache)
    (entry,) = cache.iterdir()
    assert entry.name.startswith(module.sha256) and "wasmtime" in entry.name
    stamp = entry.stat().st_mtime_ns
    opawasm.load_module(module.wasm, cache)
    assert entry.stat().st_mtime_ns == stamp  # loaded, not compiled again
    entry.chmod(entry.stat().st_mode | stat.S_IWOTH)  # anyone could have written it
    opawasm.load_module(module.wasm, cache)
    assert not entry.stat().st_mode & stat.S_IWOTH  # compiled again and replaced
    entry.write_bytes(b"damaged")
    entry.chmod(0o600)
    policy = opawasm.WasmPolicy(opawasm.load_module(module.wasm, cache))
    assert wasm.EVALUATION_ENTRYPOINT in policy.entrypoints


def test_a_module_precompiled_before_workers_start_is_loaded_not_compiled(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What aimm scan does before it forks: the machine code is cached by an engine that
    compiles on its own thread; a worker loads it (compiling is refused here) and evaluates
    as a module it compiled itself would; a second precompile leaves the entry alone."""
    module = wasm.shipped()
    assert module is not None
    cache = tmp_path / "wasm"
    opawasm.precompile(module.wasm, cache)
    (entry,) = cache.iterdir()
    assert not entry.stat().st_mode & 0o077
    stamp = entry.stat().st_mtime_ns
    opawasm.precompile(module.wasm, cache)
    assert entry.stat().st_mtime_ns == stamp

    def no_compiling(*args: object) -> None:
        raise AssertionError("the module was compiled again")

    import wasmtime

    monkeypatch.setattr(wasmtime.Module, "__init__", no_compiling)
    policy = opawasm.WasmPolicy(opawasm.load_module(module.wasm, cache))
    assert wasm.EVALUATION_ENTRYPOINT in policy.entrypoints


# ---- the same reports ---------------------------------------------------------------------

EXAMPLES = [
    *sorted((ROOT / "examples").glob("*/aimm.yaml")),
    *sorted((ROOT / "examples" / "regulated").glob("*/aimm.yaml")),
]


@pytest.mark.parametrize("fmt", ["json", "text", "sarif", "markdown"])
def test_reports_are_byte_identical_on_both_engines(fmt: str) -> None:
    args = ["check", *(str(p) for p in EXAMPLES), "--today", TODAY.isoformat(), "--format", fmt]
    fast = run(args, env={"AIMM_ENGINE": "wasm"})
    reference = run(args, env={"AIMM_ENGINE": "regopy"})
    assert fast == reference
    assert fast[1]


@pytest.mark.parametrize("pack", ["mlops", "ai-operations", "aiops-capability", "ai-platform"])
def test_pack_reports_are_byte_identical_on_both_engines(pack: str) -> None:
    """The packs' report rules (findings, checklists, next steps, the self-assessment) too, on
    an LLM agent, a classical model and a regulated system (regopy takes seconds per pack:
    test_differential.py compares the rules on 200 random manifests per pack)."""
    picked = ["dispatch-agent", "churn-model", "demand-forecast", "regulated/cv-screening"]
    args = ["check", *(str(ROOT / "examples" / p) for p in picked), "--today", TODAY.isoformat()]
    args += ["--model", "default", "--model", pack, "--format", "json"]
    fast = run(args, env={"AIMM_ENGINE": "wasm"})
    reference = run(args, env={"AIMM_ENGINE": "regopy"})
    assert fast == reference
    rules = [n for n in load_model(pack).report_entrypoints if n != "next_steps"]
    assert rules and all(f'"{name}":' in fast[1] for name in rules)


def test_extreme_doubles_fail_closed_on_regopy_and_are_evaluated_in_wasm() -> None:
    """rego-cpp 1.5.2 cannot compute with subnormal doubles or those near the largest (its
    output does not parse): regopy fails the run (exit 3), never a verdict; the Wasm engine
    and OPA evaluate them (docs/architecture.md, rego-cpp table)."""
    from aimm.core.loader import load_manifest
    from aimm.core.pipeline import CheckOptions, input_document

    loaded = load_manifest(TESTS / "data" / "controls" / "base" / "aimm.yaml")
    document = input_document(loaded, CheckOptions(today=TODAY))
    for value in (5e-324, 1.7976931348623157e308):
        limits = {**document["manifest"]["posture"]["cost"]["limits"], "session": value}
        cost = {**document["manifest"]["posture"]["cost"], "limits": limits}
        posture = {**document["manifest"]["posture"], "cost": cost}
        odd = {**document, "manifest": {**document["manifest"], "posture": posture}}
        with pytest.raises(EngineError):
            Engine(load_model()).evaluate(odd)
        report = WasmEngine(load_model()).evaluate(odd)
        (cos,) = [c for c in report["controls"] if c["id"] == "COS-4.3"]
        assert format(value, ".16g") in cos["message"]  # as every engine writes it


def test_a_process_ends_without_noise_from_wasmtime(tmp_path: Path) -> None:
    """wasmtime's objects are released before the interpreter tears wasmtime down (its
    finalizers would print errors on stderr), with the machine-code cache cold and warm."""
    import subprocess
    import sys

    env = {**os.environ, "AIMM_CACHE_DIR": str(tmp_path / "cache"), "AIMM_ENGINE": "wasm"}
    manifest = str(ROOT / "examples" / "support-agent" / "aimm.yaml")
    for _ in ("cold", "warm"):
        done = subprocess.run(
            [sys.executable, "-m", "aimm", "check", manifest, "--today", TODAY.isoformat()],
            capture_output=True,
            text=True,
            env=env,
            check=False,
        )
        assert done.returncode == 0, done.stderr
        assert done.stderr == ""


def test_a_manifest_with_evidence_costs_one_query(monkeypatch: pytest.MonkeyPatch) -> None:
    """The pipeline assembles the report from the verdicts without their evidence blocks:
    the module answers that from the query that gave the outcomes (one evaluation per
    manifest, not two), and the report is the one a separate assembly query gives."""
    from aimm.core.pipeline import Pipeline

    path = ROOT / "examples" / "support-agent" / "aimm.yaml"
    pipeline = Pipeline(CheckOptions(today=TODAY))
    engine = pipeline.engine_for(None)
    assert isinstance(engine, wasm.WasmEngine)
    points: list[str] = []
    real = engine._policy.evaluate

    def counting(point: str, raw: bytes) -> Any:
        points.append(point)
        return real(point, raw)

    monkeypatch.setattr(engine._policy, "evaluate", counting)
    evaluation = pipeline.evaluate(path)
    assert points == [wasm.EVALUATION_ENTRYPOINT]
    outcomes, report = evaluation.raw["default"]
    assert any("evidence" in o for o in outcomes.values())  # the case that used to miss
    from aimm.core.engines import verdicts

    assert engine.assemble(evaluation.document, verdicts(outcomes)) == report
    assert points[-1] == wasm.ASSEMBLY_ENTRYPOINT

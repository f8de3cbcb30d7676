"""The OPA bundle: its layout, its manifest, its determinism, and that it evaluates."""

from __future__ import annotations

import gzip
import hashlib
import json
import re
import shutil
import tarfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from regopy import Interpreter

from aimm import __version__
from aimm.core.engine import Engine, policy_files
from aimm.core.errors import AimmError, EngineError, UsageError
from aimm.core.loader import load_manifest
from aimm.core.model import ModelPath, extend_model, load_model, models_data
from aimm.core.pipeline import CheckOptions, input_document
from aimm.core.resources import policies_dir
from aimm.policy.bundle import BundleSummary, build_bundle
from tests.support import DATA, TODAY
from tests.support import EXAMPLES as EXAMPLES_DIR

CUSTOM = DATA / "bundle" / "custom"
MODELS = DATA / "models"
EXAMPLES = [
    EXAMPLES_DIR / "support-agent" / "aimm.yaml",
    EXAMPLES_DIR / "credit-scoring" / "aimm.yaml",
]
PACKAGE = re.compile(r"^package\s+(\S+)\s*$", re.MULTILINE)


@dataclass(frozen=True)
class Opened:
    """A bundle as a consumer sees it: the summary, the raw archive and its members."""

    summary: BundleSummary
    raw: bytes
    infos: dict[str, tarfile.TarInfo]
    members: dict[str, bytes]

    @property
    def manifest(self) -> dict[str, Any]:
        """The parsed ``.manifest``."""
        parsed: dict[str, Any] = json.loads(self.members[".manifest"])
        return parsed

    @property
    def data(self) -> dict[str, Any]:
        """The parsed root ``data.json``."""
        parsed: dict[str, Any] = json.loads(self.members["data.json"])
        return parsed


def _open(summary: BundleSummary) -> Opened:
    raw = summary.path.read_bytes()
    infos: dict[str, tarfile.TarInfo] = {}
    members: dict[str, bytes] = {}
    with tarfile.open(summary.path, "r:gz") as tar:
        for info in tar.getmembers():
            assert info.name not in infos, f"duplicate member {info.name}"
            infos[info.name] = info
            extracted = tar.extractfile(info)
            assert extracted is not None, f"{info.name} is not a regular file"
            members[info.name] = extracted.read()
    return Opened(summary, raw, infos, members)


def _build(output: Path, policy_dirs: tuple[Path, ...] = ()) -> Opened:
    return _open(build_bundle(output, policy_dirs=policy_dirs))


@pytest.fixture(scope="module")
def builtin(tmp_path_factory: pytest.TempPathFactory) -> Opened:
    """The bundle of the built-in policies only."""
    return _build(tmp_path_factory.mktemp("bundle") / "bundle.tar.gz")


@pytest.fixture(scope="module")
def with_custom(tmp_path_factory: pytest.TempPathFactory) -> Opened:
    """The bundle of the built-in policies plus the custom fixture folder."""
    return _build(tmp_path_factory.mktemp("bundle") / "bundle.tar.gz", (CUSTOM,))


@pytest.fixture(scope="module")
def documents() -> list[dict[str, Any]]:
    """The input documents of the example manifests."""
    return [input_document(load_manifest(p), CheckOptions(today=TODAY)) for p in EXAMPLES]


def _package_path(source: bytes) -> list[str]:
    match = PACKAGE.search(source.decode("utf-8"))
    assert match, "module without a package declaration"
    return match.group(1).split(".")


def _covered(path: list[str], roots: list[str]) -> bool:
    """OPA's rule: a path is inside a root when the root's segments are a prefix of it."""
    return any(path[: len(root.split("/"))] == root.split("/") for root in roots)


def _assert_roots_cover(opened: Opened) -> None:
    roots = opened.manifest["roots"]
    for root in roots:  # OPA rejects overlapping roots within one manifest
        others = [r for r in roots if r != root]
        assert not _covered(root.split("/"), others), f"root {root} overlaps another"
    for name in opened.summary.modules:
        package = _package_path(opened.members[name])
        assert _covered(package, roots), f"{name}: package {'.'.join(package)} outside {roots}"
    for key in opened.data:
        assert _covered([key], roots), f"data.{key} outside {roots}"


def _interpreter(opened: Opened, document: dict[str, Any], model: str = "default") -> Interpreter:
    """A fresh rego-cpp interpreter loaded with nothing but the bundle's modules and data,
    the input naming the model to evaluate (as an OPA client sets ``input.model``)."""
    interpreter = Interpreter()
    interpreter.strict_built_in_errors = True
    for name in opened.summary.modules:
        interpreter.add_module(name, opened.members[name].decode("utf-8"))
    interpreter.add_data_json(opened.members["data.json"].decode("utf-8"))
    interpreter.set_input_term(json.dumps({**document, "model": model}))
    return interpreter


def _query(interpreter: Interpreter, rule: str) -> Any:
    output = interpreter.query(f"x = {rule}")
    assert output.ok(), str(output)
    return json.loads(str(output))["bindings"]["x"]


def test_manifest_fields(builtin: Opened) -> None:
    """The .manifest carries the revision, roots, Rego version and aimm metadata."""
    manifest = builtin.manifest
    assert set(manifest) == {"revision", "roots", "rego_version", "metadata"}
    assert manifest["revision"] == builtin.summary.revision
    assert re.fullmatch(rf"aimm-{re.escape(__version__)}-[0-9a-f]{{64}}", manifest["revision"])
    assert manifest["rego_version"] == 1
    metadata = manifest["metadata"]
    assert set(metadata) == {"aimm_version", "query", "models", "modules", "model_data"}
    assert metadata["aimm_version"] == __version__
    assert metadata["query"] == "data.aimm.core.report.result"
    assert metadata["models"] == ["default"] == list(metadata["model_data"])
    # Every module with its package and digest, so a client can check what a server runs.
    assert set(metadata["modules"]) == {n for n in builtin.members if n.endswith(".rego")}
    for name, entry in metadata["modules"].items():
        assert entry["sha256"] == hashlib.sha256(builtin.members[name]).hexdigest()
        assert entry["package"].startswith("aimm.")
    assert manifest["roots"] == list(builtin.summary.roots) == sorted(manifest["roots"])
    assert manifest["roots"] == ["aimm"]


def test_roots_cover_every_package_and_data_key(builtin: Opened) -> None:
    """OPA refuses a bundle with modules or data outside its roots."""
    _assert_roots_cover(builtin)


def test_members_are_the_modules_the_data_and_the_manifest(builtin: Opened) -> None:
    """Every non-test module of the core, the profiles and the default model (the model a
    bundle holds when none is named), the data document, the manifest."""
    folder = policies_dir()
    parts = [folder / "core", folder / "frameworks", folder / "models" / "default"]
    expected = sorted(
        f"aimm/policies/{p.relative_to(folder).as_posix()}" for p in policy_files(parts)
    )
    assert list(builtin.summary.modules) == expected
    assert not any(m.endswith("_test.rego") for m in expected)
    assert set(builtin.members) == {*expected, "data.json", ".manifest"}
    for name in expected:
        assert builtin.members[name] == (folder / name.removeprefix("aimm/policies/")).read_bytes()
    assert builtin.data == json.loads(json.dumps(models_data([load_model()])))
    assert set(builtin.data) == {"aimm"}
    assert set(builtin.data["aimm"]["models"]) == {"default"}
    assert set(builtin.data["aimm"]["models"]["default"]) == {"model", "catalog", "catalog_order"}
    assert builtin.summary.size == len(builtin.raw)


def test_archive_is_normalised(builtin: Opened) -> None:
    """Sorted regular files with no time, owner or name in the tar or gzip headers."""
    assert list(builtin.infos) == sorted(builtin.infos)
    for info in builtin.infos.values():
        assert info.isreg()
        assert (info.mtime, info.uid, info.gid, info.uname, info.gname) == (0, 0, 0, "", "")
        assert info.mode == 0o644
        assert not info.name.startswith("/") and "\\" not in info.name and ".." not in info.name
    header = builtin.raw[:10]
    assert header[:3] == b"\x1f\x8b\x08"
    assert header[3] & 0x08 == 0, "gzip header holds a file name"
    assert header[4:8] == b"\0\0\0\0", "gzip header holds a time"
    assert gzip.decompress(builtin.raw)  # and it is one well-formed gzip stream


def test_revision_is_the_documented_digest(builtin: Opened) -> None:
    """A server can recompute the revision from the members (see aimm.policy.bundle)."""
    digest = hashlib.sha256()
    for name in sorted(n for n in builtin.members if n != ".manifest"):
        digest.update(f"{name}\0{len(builtin.members[name])}\0".encode())
        digest.update(builtin.members[name])
    rest = {k: v for k, v in builtin.manifest.items() if k != "revision"}
    digest.update(json.dumps(rest, sort_keys=True, separators=(",", ":")).encode())
    assert f"aimm-{__version__}-{digest.hexdigest()}" == builtin.summary.revision


def test_two_builds_are_byte_identical(tmp_path: Path) -> None:
    """Same inputs, same bytes, wherever the output goes."""
    first = build_bundle(tmp_path / "a.tar.gz", policy_dirs=[CUSTOM])
    (tmp_path / "sub").mkdir()
    second = build_bundle(tmp_path / "sub" / "b.tar.gz", policy_dirs=[CUSTOM])
    assert first.path.read_bytes() == second.path.read_bytes()
    assert first.revision == second.revision
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.tar.gz", "sub"]  # no temp left


def test_changed_custom_policy_changes_revision(tmp_path: Path) -> None:
    """Editing one custom module gives a new revision (and new bytes)."""
    custom = tmp_path / "custom"
    shutil.copytree(CUSTOM, custom)
    before = build_bundle(tmp_path / "before.tar.gz", policy_dirs=[custom])
    module = custom / "acme.rego"
    module.write_text(module.read_text(encoding="utf-8").replace('"ok"', '"fine"'))
    after = build_bundle(tmp_path / "after.tar.gz", policy_dirs=[custom])
    assert after.modules == before.modules
    assert after.revision != before.revision
    assert after.path.read_bytes() != before.path.read_bytes()


@pytest.mark.parametrize("index", range(len(EXAMPLES)), ids=[p.parent.name for p in EXAMPLES])
def test_bundle_evaluates_like_the_engine(
    builtin: Opened, documents: list[dict[str, Any]], index: int
) -> None:
    """The bundle alone, queried as OPA would, gives the engine's report for a real manifest."""
    document = documents[index]
    result = _query(_interpreter(builtin, document), "data.aimm.core.report.result")
    expected = Engine().evaluate(document)
    assert result == expected
    assert expected["controls"], "the comparison must cover real control outcomes"


def test_custom_folder_is_bundled_covered_and_evaluated(
    with_custom: Opened, documents: list[dict[str, Any]]
) -> None:
    """A custom folder lands under custom/0-<name>/, inside the roots, its catalog entry in
    data.json, and its control reaches the report exactly as in the engine."""
    assert "custom/0-custom/acme.rego" in with_custom.summary.modules
    assert with_custom.members["custom/0-custom/acme.rego"] == (CUSTOM / "acme.rego").read_bytes()
    assert _package_path(with_custom.members["custom/0-custom/acme.rego"]) == [
        "aimm",
        "controls",
        "acme_bundle_test",
    ]
    _assert_roots_cover(with_custom)
    interpreter = _interpreter(with_custom, documents[0])
    assert _query(interpreter, "data.aimm.controls.acme_bundle_test.results") == {
        "ACME-1": {"pass": True, "message": "ok"}
    }
    assert with_custom.summary.modules.count("custom/0-custom/acme.rego") == 1
    assert not any(m.endswith(".yaml") for m in with_custom.members)  # catalogs go in data
    extended = extend_model(load_model(), [CUSTOM])
    assert with_custom.data == json.loads(json.dumps(models_data([extended])))
    result = _query(interpreter, "data.aimm.core.report.result")
    assert result == Engine(extended, [CUSTOM]).evaluate(documents[0])
    acme = [c for c in result["controls"] if c["id"] == "ACME-1"]
    assert [(c["status"], c["message"]) for c in acme] == [("pass", "ok")]


def test_explicit_default_model_is_extended_like_a_check(tmp_path: Path) -> None:
    """The default model named explicitly gets the custom folders' catalogs, as in aimm
    check: the same bundle as without naming it."""
    named = build_bundle(tmp_path / "b.tar.gz", models=[load_model()], policy_dirs=[CUSTOM])
    implicit = build_bundle(tmp_path / "c.tar.gz", policy_dirs=[CUSTOM])
    assert "ACME-1" in _open(named).data["aimm"]["models"]["default"]["catalog"]
    assert named.path.read_bytes() == implicit.path.read_bytes()


def test_a_user_model_is_bundled_with_its_policies_and_data(tmp_path: Path) -> None:
    """A model from a model path: its modules under models/<id>/, its data beside the
    default's, and the bundle evaluates a manifest for it (input.model) as the engine does."""
    installed = ModelPath([MODELS], use_env=False)
    tiny, default = installed.load("tiny"), load_model()
    opened = _open(build_bundle(tmp_path / "b.tar.gz", models=[default, tiny]))
    assert "models/tiny/tiny.rego" in opened.summary.modules
    assert opened.manifest["metadata"]["models"] == ["default", "tiny"]
    assert opened.manifest["roots"] == ["aimm"]
    assert set(opened.data["aimm"]["models"]) == {"default", "tiny"}
    _assert_roots_cover(opened)
    document = input_document(load_manifest(EXAMPLES[0]), CheckOptions(today=TODAY))
    result = _query(_interpreter(opened, document, "tiny"), "data.aimm.core.report.result")
    assert result == Engine([default, tiny]).evaluate(document, "tiny")
    assert set(result["levels"]) == {"logging", "testing"}


def test_a_folder_given_twice_counts_once(tmp_path: Path) -> None:
    """Repeating a folder (as aimm check allows) does not duplicate its rules."""
    once = build_bundle(tmp_path / "once.tar.gz", policy_dirs=[CUSTOM])
    twice = build_bundle(tmp_path / "twice.tar.gz", policy_dirs=[CUSTOM, CUSTOM / "."])
    assert twice.modules == once.modules
    assert twice.path.read_bytes() == once.path.read_bytes()


def test_custom_package_outside_aimm_gets_its_own_root(tmp_path: Path) -> None:
    """Roots come from the packages: a custom package elsewhere adds its first segment."""
    custom = tmp_path / "org"
    (custom / "deep").mkdir(parents=True)
    (custom / "deep" / "extra.rego").write_text("package acme.extra\n\nanswer := 42\n")
    opened = _build(tmp_path / "b.tar.gz", (custom,))
    assert "custom/0-org/deep/extra.rego" in opened.summary.modules
    assert opened.manifest["roots"] == ["acme", "aimm"]
    _assert_roots_cover(opened)


def _folder_with(tmp_path: Path, files: dict[str, str]) -> Path:
    folder = tmp_path / "policies"
    for name, text in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text)
    folder.mkdir(exist_ok=True)
    return folder


ERROR_CASES: list[tuple[str, Callable[[Path], list[Path]], type[AimmError], str]] = [
    (
        "missing",
        lambda tmp: [tmp / "missing"],
        UsageError,
        r"policy folder .*missing does not exist",
    ),
    ("empty", lambda tmp: [_folder_with(tmp, {})], UsageError, r"policies holds no \.rego policy"),
    (
        "tests-only",
        lambda tmp: [_folder_with(tmp, {"x_test.rego": "package x_test\n"})],
        UsageError,
        r"policies holds no \.rego policy",
    ),
    (
        "a-file",
        lambda tmp: [_folder_with(tmp, {"a.rego": "package a\n"}) / "a.rego"],
        UsageError,
        r"a\.rego is not a folder",
    ),
    (
        "nested-folders",
        lambda tmp: [
            _folder_with(tmp, {"sub/s.rego": "package acme.s\n"}),
            tmp / "policies" / "sub",
        ],
        UsageError,
        r"s\.rego is included twice .*the policy folders overlap",
    ),
    (
        "case-collision",
        lambda tmp: [_folder_with(tmp, {"A.rego": "package a\n", "a.rego": "package b\n"})],
        UsageError,
        r"a\.rego would overwrite .*A\.rego",
    ),
    (
        "data-clash",
        lambda tmp: [
            _folder_with(tmp, {"m.rego": "package aimm.models.default.model.extra\n\nx := 1\n"})
        ],
        EngineError,
        r"package aimm\.models\.default\.model\.extra clashes with "
        r"data\.aimm\.models\.default\.model",
    ),
    (
        "builtin-package",
        lambda tmp: [_folder_with(tmp, {"r.rego": "package aimm.core.report\n\nx := 1\n"})],
        EngineError,
        r"r\.rego: package aimm\.core\.report is a built-in package",
    ),
    (
        "no-package",
        lambda tmp: [_folder_with(tmp, {"n.rego": "# no package here\nx := 1\n"})],
        EngineError,
        r"n\.rego: policy file has no package declaration",
    ),
]


@pytest.mark.parametrize(
    ("setup", "error", "message"), [c[1:] for c in ERROR_CASES], ids=[c[0] for c in ERROR_CASES]
)
def test_bad_policy_folders_fail_with_one_line(
    tmp_path: Path,
    setup: Callable[[Path], list[Path]],
    error: type[AimmError],
    message: str,
) -> None:
    """A one-line error naming the folder or file (exit 2 for folders, 3 for policies);
    nothing is written."""
    output = tmp_path / "out" / "bundle.tar.gz"
    output.parent.mkdir()
    with pytest.raises(error, match=message) as caught:
        build_bundle(output, policy_dirs=setup(tmp_path))
    assert "\n" not in str(caught.value)
    assert not any(output.parent.iterdir())


def test_unwritable_output_is_a_usage_error(tmp_path: Path) -> None:
    """An output folder that does not exist is reported, not a traceback."""
    with pytest.raises(UsageError, match=r"cannot write bundle .*nowhere"):
        build_bundle(tmp_path / "nowhere" / "bundle.tar.gz")

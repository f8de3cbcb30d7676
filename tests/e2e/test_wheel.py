"""The built wheel carries policies, schema and catalog, and `aimm` works from any folder."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest

from tests.support import BASE, ROOT, TODAY_ARGS

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Build the project's wheel from the source tree."""
    out = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(out), str(ROOT)],
        check=True,
        capture_output=True,
        text=True,
    )
    (found,) = out.glob("aimm-*.whl")
    return found


def test_wheel_contains_policies_schema_and_catalog(wheel: Path) -> None:
    """Every policy, the schema and every catalog file are inside the package."""
    names = set(zipfile.ZipFile(wheel).namelist())
    for source in sorted((ROOT / "policies").rglob("*.rego")):
        assert f"aimm/policies/{source.relative_to(ROOT / 'policies').as_posix()}" in names
    for source in sorted((ROOT / "controls").rglob("*.yaml")):
        assert f"aimm/controls/{source.relative_to(ROOT / 'controls').as_posix()}" in names
    assert "aimm/schemas/manifest.schema.json" in names
    assert "aimm/cli.py" in names
    assert not [n for n in names if n.startswith(("cli/", "tests/"))]


def test_installed_wheel_runs_from_any_folder(wheel: Path, tmp_path: Path) -> None:
    """pip install the wheel into a fresh venv; `aimm check` works from an unrelated folder."""
    env_dir = tmp_path / "venv"
    venv.EnvBuilder(with_pip=True).create(env_dir)
    bin_dir = env_dir / ("Scripts" if sys.platform == "win32" else "bin")
    subprocess.run(
        # No bytecode: the one aimm run below does not need it, and compiling the
        # dependencies is most of the install.
        [str(bin_dir / "python"), "-m", "pip", "install", "-q", "--no-compile", str(wheel)],
        check=True,
        capture_output=True,
        text=True,
    )
    system = tmp_path / "elsewhere" / "svc"
    shutil.copytree(BASE, system)
    done = subprocess.run(
        [str(bin_dir / "aimm"), "check", "svc", "--format", "json", *TODAY_ARGS],
        cwd=system.parent,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert report["results"][0]["levels"]["audit"] == 5
    loaded_from = subprocess.run(
        [str(bin_dir / "python"), "-c", "import aimm.core.resources as r; print(r.policies_dir())"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=True,
    )
    assert str(env_dir) in loaded_from.stdout

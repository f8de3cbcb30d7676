"""pyproject.toml ships the whole package: every Python package under cli/aimm is listed (a
missing one would be left out of the wheel), and the data folders map into it."""

from __future__ import annotations

import tomllib

from tests.support import ROOT

PACKAGE = ROOT / "cli" / "aimm"


def _setuptools() -> dict[str, object]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    found: dict[str, object] = config["tool"]["setuptools"]
    return found


def test_every_python_package_is_listed() -> None:
    """The listed packages are exactly the folders of cli/aimm holding an __init__.py, plus
    the three data packages."""
    on_disk = {
        ".".join(("aimm", *p.parent.relative_to(PACKAGE).parts))
        for p in PACKAGE.rglob("__init__.py")
    }
    listed = set(_setuptools()["packages"])  # type: ignore[call-overload]
    assert listed == on_disk | {"aimm.policies", "aimm.schemas", "aimm.controls"}


def test_data_folders_map_into_the_package() -> None:
    """The policies, schemas and control catalogs ship inside aimm, from the top of the tree."""
    assert _setuptools()["package-dir"] == {
        "": "cli",
        "aimm.policies": "policies",
        "aimm.schemas": "schemas",
        "aimm.controls": "controls",
    }
    for folder in ("cli/aimm", "policies", "schemas", "controls"):
        assert (ROOT / folder).is_dir(), folder

"""The package as a user gets it: the wheel built from generated_client/, installed into a clean
virtual environment with `--no-deps` and then exactly the dependencies its metadata declares."""

from __future__ import annotations

import subprocess
import sys
import tomllib
import venv
from pathlib import Path

from tests.paths import ROOT

PACKAGE_DIR = ROOT / "generated_client"
_PIP = [sys.executable, "-m", "pip", "--disable-pip-version-check", "--quiet"]


def declared_dependencies() -> list[str]:
    """The requirement strings of the generated package's metadata."""
    project = tomllib.loads((PACKAGE_DIR / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    dependencies: list[str] = project["dependencies"]
    return dependencies


def extra_dependencies(extra: str) -> list[str]:
    """The requirement strings an extra of the generated package adds."""
    project = tomllib.loads((PACKAGE_DIR / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    dependencies: list[str] = project["optional-dependencies"][extra]
    return dependencies


def build_wheel(folder: Path) -> Path:
    result = subprocess.run(
        [*_PIP, "wheel", "--no-deps", "-w", str(folder), str(PACKAGE_DIR)], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr[-2000:]
    (wheel,) = folder.glob("nami_client-*.whl")
    return wheel


def clean_install(wheel: Path, folder: Path) -> Path:
    """The python of a new environment holding the wheel and its declared dependencies, nothing else.

    The environment gets no pip of its own (faster): this interpreter's pip installs into it.
    """
    venv.create(folder, with_pip=False)
    python = folder / "bin" / "python"
    for arguments in (["--no-deps", str(wheel)], declared_dependencies()):
        result = subprocess.run([*_PIP, "--python", str(python), "install", *arguments], capture_output=True, text=True)
        assert result.returncode == 0, result.stderr[-2000:]
    return python

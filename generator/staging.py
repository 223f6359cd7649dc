"""Building the package in a folder beside the committed one: the hand-written modules and the
spec module staged, openapi-python-client run on the client view, and the atomic swap that puts the
result in place only once everything succeeded."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import yaml

from generator.layout import (
    CONFIG,
    HOOK_DIR,
    SPEC_MODULE,
    TEMPLATE_DIR,
    TESTING_DIR,
    TESTING_PACKAGE,
    TESTING_SPEC,
    GenerationError,
)
from generator.spec_module import spec_module

__all__ = ["run_generator", "stage_package_modules", "swap_in"]


def stage_package_modules(spec: dict[str, Any], spec_sha256: str, view: dict[str, Any], folder: Path) -> None:
    """The modules the post-hook copies into the package, each under a line that says where to edit it."""
    for hook in sorted(HOOK_DIR.glob("*.py")):
        marker = f"# Copied from generator/hook/{hook.name} by `make generate`: edit it there, not here.\n"
        (folder / hook.name).write_text(marker + hook.read_text(encoding="utf-8"), encoding="utf-8")
    marker = "# Written by generator/generate.py from openapi/nami-spot.yaml: edit the spec, not this file.\n"
    (folder / SPEC_MODULE).write_text(marker + spec_module(spec, spec_sha256, view), encoding="utf-8")
    testing = folder / TESTING_PACKAGE
    testing.mkdir()
    for module in sorted(TESTING_DIR.glob("*.py")):
        marker = f"# Copied from generator/testing/{module.name} by `make generate`: edit it there, not here.\n"
        (testing / module.name).write_text(marker + module.read_text(encoding="utf-8"), encoding="utf-8")
    # The whole spec, as the mock checks requests and answers against it (signing fields included).
    (testing / TESTING_SPEC).write_text(json.dumps(spec, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


def run_generator(spec_path: Path, work: Path, out_dir: Path, version: str) -> None:
    """openapi-python-client on the client view in `work`, into `out_dir` (which must not exist)."""
    config = yaml.safe_load(CONFIG.read_text(encoding="utf-8"))
    config["package_version_override"] = version
    config_path = work / "config.yaml"
    config_path.write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    env = {**os.environ, "NAMI_PACKAGE_MODULES": str(work / "modules")}
    # ruff is found through PATH: use the one pinned beside this interpreter.
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
    command = [
        sys.executable,
        "-m",
        "openapi_python_client",
        "generate",
        "--path",
        str(work / "client-view.yaml"),
        "--config",
        str(config_path),
        "--meta",
        "pdm",
        "--output-path",
        str(out_dir),
        "--custom-template-path",
        str(TEMPLATE_DIR),
        "--fail-on-warning",
    ]
    result = subprocess.run(command, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        detail = (result.stdout + result.stderr).strip()
        raise GenerationError(f"openapi-python-client failed on {spec_path}:\n{detail}")


def swap_in(staged: Path, output: Path, *, backup: Path) -> None:
    """Put `staged` where `output` is: the old folder moves aside, the new one takes its name, and
    the old one is put back if that fails. Only between the two renames is there no `output`."""
    if not output.exists():
        staged.rename(output)
        return
    output.rename(backup)
    try:
        staged.rename(output)
    except BaseException:
        backup.rename(output)
        raise

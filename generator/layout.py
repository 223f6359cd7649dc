"""Where the generator reads and writes, and `GenerationError`, what it raises when it cannot."""

from __future__ import annotations

from pathlib import Path

from generator.spec_loader import SPEC_PATH

ROOT = Path(__file__).resolve().parent.parent
SPEC = SPEC_PATH
CONFIG = ROOT / "generator" / "config.yaml"
HOOK_DIR = ROOT / "generator" / "hook"
# The mock exchange and its pytest plugin, shipped as nami_client.testing (the `testing` extra).
TESTING_DIR = ROOT / "generator" / "testing"
TESTING_PACKAGE = "testing"
TESTING_SPEC = "nami-spot.json"
# Overrides of the generator's own templates (errors.py, __init__.py, README.md, pyproject.toml, endpoints,
# and models: a from_dict that checks every value against the spec).
TEMPLATE_DIR = ROOT / "generator" / "templates"
OUTPUT = ROOT / "generated_client"
PACKAGE = "nami_client"
# Left in a package folder by builds, installs and tools; never part of the generated output.
LEFTOVERS = {"__pycache__", ".pdm-build", "build", "dist", ".mypy_cache", ".ruff_cache", ".pytest_cache"}
SPEC_MODULE = "spec.py"


class GenerationError(Exception):
    """The spec or the generator failed; nothing was written."""

# Copied from generator/hook/parsing.py by `make generate`: edit it there, not here.
"""The import path `SpecViolation` had before it joined the other errors in `nami_client.errors`,
kept so that `from nami_client.parsing import SpecViolation` still works. Nothing else is here: the
models' checks are in `nami_client.model_checks`."""

from __future__ import annotations

from .error_types import SpecViolation

__all__ = ["SpecViolation"]

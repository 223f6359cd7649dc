"""The drift check of `make check-generated`: the committed package against a fresh generation,
each differing file named with the source to edit instead."""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path

from generator.layout import HOOK_DIR, LEFTOVERS, PACKAGE, SPEC_MODULE, TESTING_DIR, TESTING_PACKAGE, TESTING_SPEC

__all__ = ["drift", "where_to_edit"]


def _tree(folder: Path) -> dict[str, bytes]:
    """The files of a generated tree, by relative path, without build and cache leftovers."""
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file() and not LEFTOVERS.intersection(path.relative_to(folder).parts)
    }


def where_to_edit(name: str) -> str:
    """For a generated file, the source to edit instead, when it is not the spec, config or templates."""
    folder, _, module = name.partition("/")
    if folder != PACKAGE:
        return ""
    subfolder, _, testing_module = module.partition("/")
    if subfolder == TESTING_PACKAGE and (TESTING_DIR / testing_module).is_file():
        return f" (a copy of generator/testing/{testing_module}: edit it there)"
    if subfolder == TESTING_PACKAGE and testing_module == TESTING_SPEC:
        return " (written from openapi/nami-spot.yaml by generator/generate.py)"
    if "/" in module:
        return ""
    if (HOOK_DIR / module).is_file():
        return f" (a copy of generator/hook/{module}: edit it there)"
    if module == SPEC_MODULE:
        return " (written from openapi/nami-spot.yaml by generator/generate.py)"
    return ""


def drift(generate: Callable[[Path, Path], None], spec_path: Path, committed: Path) -> list[str]:
    """The files where `committed` differs from a fresh generation by `generate`, as `changed|missing|extra: path`."""
    with tempfile.TemporaryDirectory(prefix="nami-check-") as tmp:
        fresh_dir = Path(tmp) / "generated_client"
        generate(spec_path, fresh_dir)
        fresh, current = _tree(fresh_dir), _tree(committed)
    report = [f"changed: {n}{where_to_edit(n)}" for n in fresh if n in current and fresh[n] != current[n]]
    report += [f"missing: {n}{where_to_edit(n)}" for n in fresh if n not in current]
    report += [f"extra: {n}" for n in current if n not in fresh]
    return report

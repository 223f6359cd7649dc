"""ARCHITECTURE.md stays true: every file it names exists in the tree."""

from __future__ import annotations

import re

from tests.paths import ROOT

NAMED_FILE = re.compile(r"`([\w./-]+\.(?:py|jinja|md|yaml))`")
SEARCHED = ("generator", "tests", "tools", "openapi", "generated_client/nami_client")


def test_every_file_architecture_md_names_exists() -> None:
    text = (ROOT / "ARCHITECTURE.md").read_text(encoding="utf-8")
    named = set(NAMED_FILE.findall(text))
    assert len(named) > 30
    missing = [name for name in sorted(named) if not (ROOT / name).exists() and not _somewhere(name)]
    assert missing == []


def _somewhere(name: str) -> bool:
    """Whether a file of that name (a path: ending so) is in one of the folders the document covers."""
    return any(
        path.as_posix().endswith("/" + name)
        for folder in SEARCHED
        for path in (ROOT / folder).rglob(name.split("/")[-1])
    )

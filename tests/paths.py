"""Where the tests find the checkout: `ROOT`, the repository's top folder."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

"""Where the tests find the checkout: `ROOT`, the repository's top folder (as the tools know it)."""

from __future__ import annotations

from tools.process import ROOT

__all__ = ["ROOT"]

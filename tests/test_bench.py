"""`make bench` still works: its quick mode writes every figure. No timing is asserted here."""

from __future__ import annotations

import json
import math
import subprocess
import sys
from pathlib import Path

from tests.paths import ROOT
from tools.bench.figures import KEYS


def test_quick_bench_writes_every_figure(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "tools.bench.run", "--quick", "--out", str(tmp_path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    figures = json.loads((tmp_path / "bench.json").read_text(encoding="utf-8"))
    assert set(figures) == set(KEYS)
    for key, value in figures.items():
        assert isinstance(value, int | float) and math.isfinite(value) and value > 0, (key, value)
    assert figures["cancel_all_1000_requests"] >= 7 and figures["cancel_all_1000"] < 60  # at least 1 + 5 + 1
    table = (tmp_path / "bench.md").read_text(encoding="utf-8")
    for key in KEYS:
        assert f"| `{key}` |" in table

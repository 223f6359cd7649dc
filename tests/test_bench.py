"""`make bench` still works: its quick mode writes every figure. No timing is asserted here."""

from __future__ import annotations

import gc
import json
import math
import subprocess
import sys
from pathlib import Path

from tests.paths import ROOT
from tools.bench.call_steps import call_steps
from tools.bench.client_cost import call_subjects
from tools.bench.figures import KEYS, duration


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


def test_a_call_s_extra_time_is_split_into_its_steps_with_the_collector_left_as_found() -> None:
    subjects = call_subjects(2)
    gc.disable()  # a caller's choice the split must not undo
    try:
        lines = call_steps(2, subjects, 1e-4, calls=2, repeats=1)
        assert not gc.isenabled()
    finally:
        gc.enable()
    lines = call_steps(2, subjects, 1e-4, calls=2, repeats=1)
    assert gc.isenabled()
    steps = [line for line in lines if line.startswith("- ")]
    prefixes = [
        "- decoding the answer's JSON:",
        "- building the models",
        "- signing:",
        "- Python's cyclic garbage",
        "- everything else",
    ]
    assert len(steps) == len(prefixes) and all(map(str.startswith, steps, prefixes)), steps


def test_a_duration_reads_in_its_unit_and_a_saving_keeps_its_sign() -> None:
    assert [duration(2.5), duration(0.0015), duration(-6.01e-4), duration(3e-9)] == [
        "2.5 s",
        "1.5 ms",
        "-601 µs",
        "3 ns",
    ]

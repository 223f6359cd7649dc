"""Repeated, interleaved timing: the median of several runs, subject and baseline side by side."""

from __future__ import annotations

import gc
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Pair:
    """Median seconds per call of a subject and of its baseline, timed in the same run."""

    subject_s: float
    baseline_s: float

    @property
    def ratio(self) -> float:
        return self.subject_s / self.baseline_s


def seconds_per_call(fn: Callable[[], object], number: int) -> float:
    gc.collect()
    start = time.perf_counter_ns()
    for _ in range(number):
        fn()
    return (time.perf_counter_ns() - start) / number / 1e9


def compare(subject: Callable[[], object], baseline: Callable[[], object], *, number: int, repeats: int) -> Pair:
    """Time `number` calls of each, `repeats` times, alternating so that drift hits both alike."""
    seconds_per_call(subject, max(1, number // 10))  # warm-up: imports, caches, connections
    seconds_per_call(baseline, max(1, number // 10))
    subject_runs, baseline_runs = [], []
    for _ in range(repeats):
        baseline_runs.append(seconds_per_call(baseline, number))
        subject_runs.append(seconds_per_call(subject, number))
    return Pair(statistics.median(subject_runs), statistics.median(baseline_runs))


def median_seconds(fn: Callable[[], object], *, number: int, repeats: int) -> float:
    seconds_per_call(fn, max(1, number // 10))
    return statistics.median(seconds_per_call(fn, number) for _ in range(repeats))

"""The speed of the project's tools: `make generate` and the Schemathesis run of `make contract`."""

from __future__ import annotations

import contextlib
import io
import os
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from tests.bench import BenchError
from tests.contract import run as contract_run
from tests.mock.process import ROOT


def _seconds_since(started_ns: int) -> float:
    return (time.perf_counter_ns() - started_ns) / 1e9


def generate_seconds(runs: int) -> float:
    """Median wall time of `generator/generate.py`, the command behind `make generate`.

    It writes into a temporary folder (`--output`), never into generated_client/, so it cannot
    race with anyone regenerating the committed package.
    """
    times = []
    with tempfile.TemporaryDirectory(prefix="nami-bench-generate-") as tmp:
        for run in range(runs):
            output = Path(tmp) / str(run) / "generated_client"
            command = [sys.executable, "generator/generate.py", "--output", str(output)]
            started = time.perf_counter_ns()
            result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
            times.append(_seconds_since(started))
            if result.returncode != 0:
                raise BenchError(f"generate.py failed:\n{result.stdout}{result.stderr}")
    return statistics.median(times)


@dataclass(frozen=True)
class ContractSpeed:
    """Medians over runs of the contract harness against a freshly started embedded mock each."""

    cases: int
    schemathesis_s: float  # the Schemathesis process, start-up included: the reported figure
    phases_s: float  # Schemathesis' own count: its test phases only
    with_mock_s: float  # with the mock's start and stop too, as the harness's verdict counts

    @property
    def cases_per_s(self) -> float:
        return self.cases / self.schemathesis_s


def contract_speed(runs: int, reports: Path) -> ContractSpeed:
    """Run the harness `runs` times as `make contract` does, its reports going to `reports`."""
    env = {key: value for key, value in os.environ.items() if not key.startswith(("NAMI_", "ALLOW_REMOTE", "URL"))}
    cases, schemathesis, phases, with_mock = set(), [], [], []
    for _ in range(runs):
        started = time.perf_counter_ns()
        with contract_run.embedded_mock(env) as target:
            st_started = time.perf_counter_ns()
            with contextlib.redirect_stdout(io.StringIO()):
                code, output = contract_run.run_schemathesis(target, env, reports)
            schemathesis.append(_seconds_since(st_started))
        with_mock.append(_seconds_since(started))
        contract_run.redact_reports(target, reports)
        report = contract_run.RunReport.read(reports / "run.json")
        if code != 0 or report is None or not report.generated:
            raise BenchError(f"the contract run did not pass (exit code {code}):\n{output[-3000:]}")
        cases.add(report.generated)
        phases.append(report.running_time_s)
    if len(cases) != 1:
        raise BenchError(f"the deterministic contract run generated different case counts: {sorted(cases)}")
    return ContractSpeed(
        cases.pop(), statistics.median(schemathesis), statistics.median(phases), statistics.median(with_mock)
    )

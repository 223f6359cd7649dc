"""The speed of the project's tools: `make generate` and the Schemathesis run of `make contract`."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
import tomllib
from dataclasses import dataclass
from pathlib import Path

from tests.bench import BenchError
from tests.contract import run as contract_run
from tests.mock.process import ROOT, running_server


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
    """Medians over runs of the contract harness (a fresh embedded mock each) and of bare Schemathesis
    (the same generation and phases, against the floor server), alternated in the same run."""

    cases: int
    schemathesis_s: float  # the harness's Schemathesis process, start-up included: the reported figure
    phases_s: float  # Schemathesis' own count: its test phases only
    with_mock_s: float  # with the mock's start and stop too, as the harness's verdict counts
    bare_cases: int
    bare_s: float  # the bare Schemathesis process, start-up included

    @property
    def cases_per_s(self) -> float:
        return self.cases / self.schemathesis_s

    @property
    def bare_cases_per_s(self) -> float:
        return self.bare_cases / self.bare_s

    @property
    def ratio(self) -> float:
        return self.cases_per_s / self.bare_cases_per_s


def bare_options() -> list[str]:
    """The contract run's generation and phases (tests/contract/schemathesis.toml) as `st run` options,
    with nothing of the harness: no hooks, no signing, no checks but Schemathesis' `not_a_server_error`."""
    config = tomllib.loads(contract_run.CONFIG.read_text(encoding="utf-8"))
    generation, phases = config["generation"], config["phases"]
    options = [
        "--phases", ",".join(name for name, phase in phases.items() if phase["enabled"]),
        "--mode", generation["mode"],
        "--max-examples", str(generation["max-examples"]),
        "--generation-with-security-parameters", str(generation.get("with-security-parameters", True)).lower(),
        "--request-timeout", str(config["request-timeout"]),
        "--max-redirects", str(config["max-redirects"]),
        "--checks", "not_a_server_error",
    ]  # fmt: skip
    return options + (["--generation-deterministic"] if generation.get("deterministic") else [])


def _bare_run(url: str, options: tuple[str, ...], folder: Path, env: dict[str, str]) -> tuple[float, int]:
    """(seconds, cases) of bare Schemathesis against `url`; its working folder holds no config."""
    report = folder / "bare.json"
    report.unlink(missing_ok=True)
    command = [
        str(Path(sys.executable).parent / "st"), "run", str(contract_run.SPEC), "--url", url,
        *bare_options(), *options, "--report", "json", "--report-json-path", str(report),
    ]  # fmt: skip
    started = time.perf_counter_ns()
    cache = {"HYPOTHESIS_STORAGE_DIRECTORY": str(contract_run.HYPOTHESIS_CACHE)}  # as the harness's runs have
    result = subprocess.run(command, cwd=folder, env={**env, **cache}, capture_output=True, text=True)
    seconds = _seconds_since(started)
    read = contract_run.RunReport.read(report)
    if result.returncode != 0 or read is None or not read.generated:
        raise BenchError(f"bare Schemathesis did not pass (exit code {result.returncode}):\n{result.stdout[-3000:]}")
    return seconds, read.generated


def contract_speed(runs: int, reports: Path, options: tuple[str, ...] = ()) -> ContractSpeed:
    """Run the harness `runs` times as `make contract` does (its reports going to `reports`), each
    followed by bare Schemathesis against the floor server; `options` go to both."""
    env = {
        key: value for key, value in os.environ.items() if not key.startswith(("NAMI_", "ALLOW_REMOTE", "CONTRACT_"))
    }
    env.pop("SCHEMATHESIS_HOOKS", None)
    cases, schemathesis, phases, with_mock = set(), [], [], []
    bare_cases, bare = set(), []
    with (
        tempfile.TemporaryDirectory(prefix="nami-bench-bare-") as bare_folder,
        running_server("tests.bench.floor", env) as floor_url,
    ):
        for _ in range(runs):
            started = time.perf_counter_ns()
            with contract_run.embedded_mock(env) as target:
                st_started = time.perf_counter_ns()
                code = contract_run.run_schemathesis(target, env, reports, options, quiet=True)
                schemathesis.append(_seconds_since(st_started))
            with_mock.append(_seconds_since(started))
            report = contract_run.RunReport.read(reports / "run.json")
            if code != 0 or report is None or not report.generated:
                raise BenchError(f"the contract run did not pass (exit code {code}); see {reports}")
            cases.add(report.generated)
            phases.append(report.running_time_s)
            seconds, generated = _bare_run(floor_url, options, Path(bare_folder), env)
            bare.append(seconds)
            bare_cases.add(generated)
    if len(cases) != 1 or len(bare_cases) != 1:
        raise BenchError(f"deterministic runs generated different case counts: {sorted(cases)}, {sorted(bare_cases)}")
    return ContractSpeed(
        cases.pop(),
        statistics.median(schemathesis),
        statistics.median(phases),
        statistics.median(with_mock),
        bare_cases.pop(),
        statistics.median(bare),
    )

"""The speed of the project's tools: `make generate` and the Schemathesis run of `make contract`."""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tools.bench import BenchError
from tools.contract.mock_target import embedded_mock
from tools.contract.run_report import RunReport
from tools.contract.schemathesis_process import CONFIG, HYPOTHESIS_CACHE, SPEC, run_schemathesis
from tools.process import ROOT, running_server


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
class BareRuns:
    """Bare Schemathesis against one server: its cases, and the median wall time of its process."""

    cases: int
    seconds: float

    @property
    def cases_per_s(self) -> float:
        return self.cases / self.seconds


@dataclass(frozen=True)
class ContractSpeed:
    """Medians over runs of the contract harness (a fresh embedded mock each) and of bare Schemathesis
    (the same generation and phases, against the faithful floor server), alternated in the same run;
    and, for information, bare Schemathesis against the plain floor (which accepts all it can read)."""

    cases: int
    schemathesis_s: float  # the harness's Schemathesis process, start-up included: the reported figure
    phases_s: float  # Schemathesis' own count: its test phases only
    with_mock_s: float  # with the mock's start and stop too, as the harness's verdict counts
    bare: BareRuns  # against the faithful floor, start-up included: the baseline
    plain: BareRuns  # against the plain floor: information
    # The median over runs of each harness run's cases per second over those of the bare run right
    # after it: a shared machine's speed drifts by 10% and more within minutes, and each pair sees the same.
    ratio: float

    @property
    def cases_per_s(self) -> float:
        return self.cases / self.schemathesis_s


# What bare Schemathesis shares with the contract run's config: the run, its generation and its
# phases (a phase's own generation settings included). Not the hooks, the auth or the checks.
SHARED_SETTINGS = ("request-timeout", "max-redirects", "generation", "phases")


def _toml_lines(table: dict[str, Any], prefix: str = "") -> list[str]:
    """`key = value` lines (dotted keys for nested tables) of a table of strings, numbers and booleans."""
    lines = []
    for key, value in table.items():
        if isinstance(value, dict):
            lines += _toml_lines(value, f"{prefix}{key}.")
        else:
            lines.append(f"{prefix}{key} = {json.dumps(value)}")  # JSON's scalars are TOML's here
    return lines


def bare_config() -> str:
    """The contract run's config (tools/contract/schemathesis.toml) with nothing of the harness: its
    run settings, generation and phases, no hooks, no signing, no checks."""
    config = tomllib.loads(CONFIG.read_text(encoding="utf-8"))
    lines = []
    for name in SHARED_SETTINGS:  # the top-level keys first, as TOML wants them before any table
        value = config[name]
        lines += [f"[{name}]", *_toml_lines(value)] if isinstance(value, dict) else [f"{name} = {json.dumps(value)}"]
    return "\n".join(lines) + "\n"


def _bare_run(url: str, options: tuple[str, ...], folder: Path, env: dict[str, str]) -> tuple[float, int]:
    """(seconds, cases) of bare Schemathesis against `url`; its working folder holds no config."""
    report, config = folder / "bare.json", folder / "bare.toml"
    report.unlink(missing_ok=True)
    config.write_text(bare_config(), encoding="utf-8")
    command = [
        str(Path(sys.executable).parent / "st"), "--config-file", str(config), "run", str(SPEC),
        "--url", url, "--checks", "not_a_server_error", *options,
        "--report", "json", "--report-json-path", str(report),
    ]  # fmt: skip
    started = time.perf_counter_ns()
    cache = {"HYPOTHESIS_STORAGE_DIRECTORY": str(HYPOTHESIS_CACHE)}  # as the harness's runs have
    result = subprocess.run(command, cwd=folder, env={**env, **cache}, capture_output=True, text=True)
    seconds = _seconds_since(started)
    read = RunReport.read(report)
    if result.returncode != 0 or read is None or not read.generated:
        raise BenchError(f"bare Schemathesis did not pass (exit code {result.returncode}):\n{result.stdout[-3000:]}")
    return seconds, read.generated


def contract_speed(runs: int, reports: Path, options: tuple[str, ...] = ()) -> ContractSpeed:
    """Run the harness `runs` times as `make contract` does (its reports going to `reports`), each
    followed by bare Schemathesis against the faithful floor and the plain one; `options` go to all."""
    env = {
        key: value for key, value in os.environ.items() if not key.startswith(("NAMI_", "ALLOW_REMOTE", "CONTRACT_"))
    }
    env.pop("SCHEMATHESIS_HOOKS", None)
    cases, schemathesis, phases, with_mock = set(), [], [], []
    bare_cases, bare, plain_cases, plain = set(), [], set(), []
    with (
        tempfile.TemporaryDirectory(prefix="nami-bench-bare-") as bare_folder,
        running_server("tools.bench.floor", env, "--faithful") as floor_url,
        running_server("tools.bench.floor", env) as plain_url,
    ):
        for _ in range(runs):
            started = time.perf_counter_ns()
            with embedded_mock(env) as target:
                st_started = time.perf_counter_ns()
                code = run_schemathesis(target, env, reports, options, quiet=True)
                schemathesis.append(_seconds_since(st_started))
            with_mock.append(_seconds_since(started))
            report = RunReport.read(reports / "run.json")
            if code != 0 or report is None or not report.generated:
                raise BenchError(f"the contract run did not pass (exit code {code}); see {reports}")
            cases.add(report.generated)
            phases.append(report.running_time_s)
            seconds, generated = _bare_run(floor_url, options, Path(bare_folder), env)
            bare.append(seconds)
            bare_cases.add(generated)
            seconds, generated = _bare_run(plain_url, options, Path(bare_folder), env)
            plain.append(seconds)
            plain_cases.add(generated)
    counts = (cases, bare_cases, plain_cases)
    if any(len(count) != 1 for count in counts):
        raise BenchError(f"deterministic runs generated different case counts: {[sorted(c) for c in counts]}")
    harness_cases, bare_count = cases.pop(), bare_cases.pop()
    paired = statistics.median(harness_cases / h / (bare_count / b) for h, b in zip(schemathesis, bare, strict=True))
    return ContractSpeed(
        harness_cases,
        statistics.median(schemathesis),
        statistics.median(phases),
        statistics.median(with_mock),
        BareRuns(bare_count, statistics.median(bare)),
        BareRuns(plain_cases.pop(), statistics.median(plain)),
        paired,
    )

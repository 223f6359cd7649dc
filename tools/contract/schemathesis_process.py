"""Schemathesis as the contract harness runs it, in a process of its own: its arguments (the
harness's config and hooks, the reports, sanitized output), its environment (no proxy settings, the
run's credentials and no others) and its reports folder; a run, and a replay of a run's failing cases.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from generator.spec_loader import validated_env
from tools.contract import skips
from tools.contract.target import Target
from tools.process import ROOT

SPEC = ROOT / "openapi" / "nami-spot.yaml"
CONFIG = Path(__file__).resolve().parent / "schemathesis.toml"
REPORTS = ROOT / "reports" / "contract"
# What a run writes into its reports folder (only these are ever removed from it).
REPORT_FILES = ("run.json", "junit.xml", "cassette.yaml", skips.SKIPS_FILE)
CRASH_CACHE = ".schemathesis"  # Schemathesis' crash files, which `st replay` reads
HYPOTHESIS_CACHE = ROOT / ".hypothesis"  # git-ignored; kept between runs

# The harness's exit codes: Schemathesis' own for a run that passed or failed, and two of its own.
PASSED, FAILED, COULD_NOT_RUN, CREDENTIALS_REJECTED = 0, 1, 2, 3


def without_proxies(env: dict[str, str]) -> dict[str, str]:
    """`env` without proxy settings (HTTP_PROXY, https_proxy, ALL_PROXY, NO_PROXY, ...): requests, and so
    Schemathesis, would send the run's requests, the API key in each, through them."""
    return {name: value for name, value in env.items() if not name.lower().endswith("_proxy")}


def ignored_proxies(env: dict[str, str]) -> list[str]:
    return sorted(name for name in env if name.lower().endswith("_proxy") and name.lower() != "no_proxy")


def fresh_reports(reports: Path) -> None:
    """`reports` made ready for a run: what an earlier run wrote there removed (only that)."""
    reports.mkdir(parents=True, exist_ok=True)
    for name in REPORT_FILES:
        (reports / name).unlink(missing_ok=True)
    shutil.rmtree(reports / CRASH_CACHE, ignore_errors=True)


def st_env(target: Target, env: dict[str, str]) -> dict[str, str]:
    """Schemathesis' environment: no proxy settings, the run's credentials (no others), the hooks'
    package on the path, Hypothesis' cache of Unicode tables (building them costs a second a run), and
    the spec texts this process validated (the hooks load the spec: validating it again costs 0.2 s)."""
    kept = {name: value for name, value in without_proxies(env).items() if not name.startswith("NAMI_API_")}
    extra = {"PYTHONPATH": str(ROOT), "HYPOTHESIS_STORAGE_DIRECTORY": str(HYPOTHESIS_CACHE), **validated_env()}
    return {**kept, **target.credentials(), **extra}


def _st() -> str:
    return str(Path(sys.executable).parent / "st")


def st_arguments(target: Target, reports: Path, options: tuple[str, ...]) -> list[str]:
    """`st`'s arguments for a run. `options` go to `st run` before the harness's own, which win: the
    target, the reports and sanitized output (the API key is written as [Filtered] wherever
    Schemathesis records it)."""
    return [
        "--config-file", str(CONFIG),
        "run", str(SPEC), *options,
        "--url", target.url,
        "--report", "json,junit,vcr",
        "--report-json-path", str(reports / "run.json"),
        "--report-junit-path", str(reports / "junit.xml"),
        "--report-vcr-path", str(reports / "cassette.yaml"),
        "--output-sanitize", "true",
        "--max-redirects", "0",
    ]  # fmt: skip


def run_schemathesis(
    target: Target, env: dict[str, str], reports: Path = REPORTS, options: tuple[str, ...] = (), quiet: bool = False
) -> int:
    """Run the suite in its own process, its output going straight to ours (live progress on a
    terminal); its exit code."""
    fresh_reports(reports)
    sys.stdout.flush()
    output = subprocess.DEVNULL if quiet else None
    command = [_st(), *st_arguments(target, reports, options)]
    # The working folder is the reports folder: Schemathesis keeps its crash files there.
    return subprocess.run(command, cwd=reports, env=st_env(target, env), stdout=output, stderr=output).returncode


def replay(target: Target, env: dict[str, str], reports: Path) -> int:
    """Replay the last run's failing cases against `target`; Schemathesis' replay exit code."""
    if not (reports / CRASH_CACHE).is_dir():
        print(f"contract: nothing to replay: no failing case recorded in {reports}")
        return PASSED
    command = [_st(), "--config-file", str(CONFIG), "replay", "--url", target.url, "--keep"]
    sys.stdout.flush()
    return subprocess.run(command, cwd=reports, env=st_env(target, env)).returncode

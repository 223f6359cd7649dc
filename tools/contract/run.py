"""`python -m tools.contract.run [--url URL] [--replay] [--reports DIR] [SCHEMATHESIS OPTION ...]`

The contract harness, judged by the spec alone. Without `--url` it starts the embedded mock on a
free loopback port with credentials made for the run; with one it tests that server using
NAMI_API_KEY / NAMI_API_SECRET. Schemathesis does the work (tools/contract/schemathesis.toml and
the hooks beside it); options this script does not know are passed on to `st run`.

Exit codes: 0 every check passed, 1 a contract failure, 2 the run could not happen (bad URL,
unreachable server, missing credentials, bad options), 3 the server refused the credentials.
`--replay` starts the same kind of target again and replays the failing cases of the last run.
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import shlex
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import requests

from tools.contract.exchange import send, signed
from tools.contract.probes import example_body, now_ms
from tools.contract.target import Target, TargetError, remote_target
from tools.process import MockStartError, running_mock
from tools.spec import OPERATION_PATH

ROOT = Path(__file__).resolve().parents[2]
SPEC = ROOT / "openapi" / "nami-spot.yaml"
CONFIG = Path(__file__).resolve().parent / "schemathesis.toml"
REPORTS = ROOT / "reports" / "contract"
# What a run writes into its reports folder (only these are ever removed from it).
REPORT_FILES = ("run.json", "junit.xml", "cassette.yaml")
CRASH_CACHE = ".schemathesis"  # Schemathesis' crash files, which `st replay` reads
HYPOTHESIS_CACHE = ROOT / ".hypothesis"  # git-ignored; kept between runs

PASSED, FAILED, COULD_NOT_RUN, CREDENTIALS_REJECTED = 0, 1, 2, 3


class CredentialsRejected(Exception):
    """The server refused a correctly signed, valid request."""


@contextmanager
def embedded_mock(env: dict[str, str]) -> Iterator[Target]:
    """The mock on a free loopback port, with credentials made for this run only."""
    api_key, api_secret = f"contract-{secrets.token_hex(8)}", secrets.token_hex(24)
    try:
        with running_mock({**env, "NAMI_API_KEY": api_key, "NAMI_API_SECRET": api_secret}) as url:
            fault = env.get("NAMI_MOCK_FAULT")
            label = "embedded mock" + (f" with planted fault {fault!r}" if fault else "")
            yield Target(url, api_key, api_secret, label)
    except MockStartError as exc:
        raise TargetError(str(exc)) from exc


def preflight(target: Target) -> None:
    """One correctly signed request shaped as the spec's example: is the server there, and does it take
    these credentials? Its orders' ids come from the clock, so the example's own orders stay open for
    the run's examples phase (a real server may cancel them, as the run's fuzzing would)."""
    now, example = now_ms(), example_body()
    orders = [{**order, "displayingId": now + index} for index, order in enumerate(example["orders"])]
    body = signed({**example, "orders": orders}, target.api_secret, now)
    try:
        answer = send(target.url + OPERATION_PATH, target.api_key, body, "the pre-flight request")
    except requests.RequestException as exc:
        raise TargetError(f"cannot reach {target.url}: {type(exc).__name__}") from None
    if answer.status in (401, 403):
        raise CredentialsRejected(
            f"{target.label} answered {answer.status} to a correctly signed request built from the spec's example: "
            "NAMI_API_KEY or NAMI_API_SECRET is wrong, or its clock is off by more than its timestamp window"
        )


def _fresh_reports(reports: Path) -> None:
    reports.mkdir(parents=True, exist_ok=True)
    for name in REPORT_FILES:
        (reports / name).unlink(missing_ok=True)
    shutil.rmtree(reports / CRASH_CACHE, ignore_errors=True)


def _st_env(target: Target, env: dict[str, str]) -> dict[str, str]:
    credentials = {"NAMI_API_KEY": target.api_key, "NAMI_API_SECRET": target.api_secret}
    # Hypothesis caches its Unicode tables there: building them again costs about a second a run.
    return {**env, **credentials, "PYTHONPATH": str(ROOT), "HYPOTHESIS_STORAGE_DIRECTORY": str(HYPOTHESIS_CACHE)}


def _st() -> str:
    return str(Path(sys.executable).parent / "st")


def run_schemathesis(
    target: Target, env: dict[str, str], reports: Path = REPORTS, options: tuple[str, ...] = (), quiet: bool = False
) -> int:
    """Run the suite with its output going straight to ours (live progress on a terminal); its exit code.

    `options` go to `st run` before the harness's own, which win: the target, the reports and
    sanitized output (the API key is written as [Filtered] wherever Schemathesis records it).
    """
    _fresh_reports(reports)
    command = [
        _st(), "--config-file", str(CONFIG),
        "run", str(SPEC), *options,
        "--url", target.url,
        "--report", "json,junit,vcr",
        "--report-json-path", str(reports / "run.json"),
        "--report-junit-path", str(reports / "junit.xml"),
        "--report-vcr-path", str(reports / "cassette.yaml"),
        "--output-sanitize", "true",
        "--max-redirects", "0",
    ]  # fmt: skip
    sys.stdout.flush()
    output = subprocess.DEVNULL if quiet else None
    # The working folder is the reports folder: Schemathesis keeps its crash files there.
    return subprocess.run(command, cwd=reports, env=_st_env(target, env), stdout=output, stderr=output).returncode


def replay(target: Target, env: dict[str, str], reports: Path) -> int:
    """Replay the last run's failing cases against `target`; Schemathesis' replay exit code."""
    if not (reports / CRASH_CACHE).is_dir():
        print(f"contract: nothing to replay: no failing case recorded in {reports}")
        return PASSED
    command = [_st(), "--config-file", str(CONFIG), "replay", "--url", target.url, "--keep"]
    sys.stdout.flush()
    return subprocess.run(command, cwd=reports, env=_st_env(target, env)).returncode


@dataclass(frozen=True)
class RunReport:
    """What Schemathesis' JSON run report says about a run."""

    generated: int
    running_time_s: float
    failures: list[str]  # distinct failing checks, e.g. "ST901 Custom check failed: `stale_timestamp_rejected`"
    errors: list[str]

    @classmethod
    def read(cls, path: Path) -> RunReport | None:
        """The report, or None when Schemathesis wrote none (it could not start)."""
        try:
            document = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        return cls(
            generated=document["test_cases"]["generated"],
            running_time_s=document["running_time"] or 0.0,
            failures=[f"{group['code']} {group['title']}" for group in document["failures"]],
            errors=[group["title"] for group in document["errors"]],
        )


def _shown(path: Path) -> str:
    return str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path)


def replay_command(url: str | None, reports: Path, env: dict[str, str]) -> str:
    """The command that replays this run's failing cases (starting the mock again when it was the target)."""
    words = [_shown(Path(sys.executable)), "-m", "tools.contract.run"]
    if url:
        words += ["--url", url]
    if reports != REPORTS:
        words += ["--reports", str(reports)]
    fault = env.get("NAMI_MOCK_FAULT")
    prefix = f"NAMI_MOCK_FAULT={shlex.quote(fault)} " if fault and not url else ""
    return prefix + shlex.join([*words, "--replay"])


def verdict(
    code: int, report: RunReport | None, target: Target, seconds: float, reports: Path, replay_with: str
) -> str:
    passed = code == PASSED
    generated = report.generated if report else 0
    lines = [
        "",
        "═" * 72,
        f" Contract verdict: {'PASS' if passed else 'FAIL'}",
        "═" * 72,
        f" Server:   {target.label}",
        f" Spec:     {SPEC.relative_to(ROOT)}",
        f" Cases:    {generated} generated in {seconds:.1f} s"
        + (f" ({generated / seconds:.0f} cases/s)" if generated and seconds else ""),
    ]
    if not passed:
        found = (report.failures + report.errors) if report else []
        lines.append(" Failures:" + ("" if found else f" see the output above (exit code {code})"))
        lines += [f"   - {line}" for line in found[:20]]
    lines.append(f" Reports:  {_shown(reports)}/: {', '.join(REPORT_FILES)}")
    lines.append("           (the API key written only as [Filtered], the secret never)")
    if not passed:
        lines.append(f" Replay:   {replay_with}")
    lines.append("═" * 72)
    return "\n".join(lines)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m tools.contract.run",
        description="Run the Schemathesis contract suite against the embedded mock or a server.",
        epilog="Other options are passed on to `st run` (e.g. --max-examples 20, --phases examples).",
        allow_abbrev=False,
    )
    parser.add_argument("--url", default="", help="the server to test (loopback only unless ALLOW_REMOTE=1)")
    parser.add_argument("--replay", action="store_true", help="replay the failing cases of the last run")
    parser.add_argument("--reports", type=Path, default=REPORTS, help=f"the reports folder (default {REPORTS})")
    return parser


@contextmanager
def _target(url: str, env: dict[str, str]) -> Iterator[Target]:
    if url:
        yield remote_target(url, env)
    else:
        with embedded_mock(env) as target:
            yield target


def main(argv: list[str]) -> int:
    args, options = _parser().parse_known_args(argv)
    env = dict(os.environ)
    reports: Path = args.reports.resolve()
    started = time.monotonic()
    try:
        with _target(args.url, env) as target:
            preflight(target)
            if args.replay:
                return replay(target, env, reports)
            print(f"contract: testing {target.label}; reports in {reports}", flush=True)
            code = run_schemathesis(target, env, reports, tuple(options))
    except TargetError as exc:
        print(f"contract: error: {exc}", file=sys.stderr)
        return COULD_NOT_RUN
    except CredentialsRejected as exc:
        print(f"contract: credentials rejected: {exc}", file=sys.stderr)
        return CREDENTIALS_REJECTED
    report = RunReport.read(reports / "run.json")
    if code not in (PASSED, FAILED) or report is None:
        print(f"contract: error: Schemathesis could not run (exit code {code}); see its message above", file=sys.stderr)
        return COULD_NOT_RUN
    seconds = time.monotonic() - started
    print(verdict(code, report, target, seconds, reports, replay_command(args.url or None, reports, env)))
    return code


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

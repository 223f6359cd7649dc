"""`python -m tools.contract.run [--url URL] [--replay] [--reports DIR] [SCHEMATHESIS OPTION ...]`

The contract harness, judged by the spec alone. Without `--url` it starts the embedded mock on a
free loopback port with credentials made for the run; with one it tests that server using
NAMI_API_KEY / NAMI_API_SECRET. Schemathesis does the work (tools/contract/schemathesis.toml and
the hooks beside it); options this script does not know are passed on to `st run`.

Exit codes: 0 every check passed, 1 a contract failure, 2 the run could not happen (bad URL,
unreachable server, a server that is not the documented API, missing credentials, bad options), 3
the server refused the credentials. `--replay` starts the same kind of target again and replays the
failing cases of the last run. Proxy settings in the environment are ignored: every request of the
run, Schemathesis' included, goes to the approved host only.

This module is the command; its steps each have their own: `mock_target.py` (the embedded mock as the
target), `preflight.py` (the request before the run), `schemathesis_process.py` (Schemathesis' arguments,
environment and process; the exit codes) and `run_report.py` (the run's report read, the verdict).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from tools.contract import skips
from tools.contract.mock_target import embedded_mock
from tools.contract.preflight import CredentialsRejected, preflight
from tools.contract.run_report import RunReport, replay_command, verdict
from tools.contract.schemathesis_process import (
    COULD_NOT_RUN,
    CREDENTIALS_REJECTED,
    FAILED,
    PASSED,
    REPORTS,
    ignored_proxies,
    replay,
    run_schemathesis,
)
from tools.contract.target import Target, TargetError, remote_target


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


Runner = Callable[[Target, dict[str, str], Path, tuple[str, ...]], int]


def judge(
    target: Target,
    env: dict[str, str],
    reports: Path,
    options: tuple[str, ...],
    replay_with: str,
    started: float,
    runner: Runner = run_schemathesis,
) -> int:
    """Run Schemathesis on `target` with `runner`, print the verdict; the harness's exit code."""
    code = runner(target, env, reports, options)
    report = RunReport.read(reports / "run.json")
    if code not in (PASSED, FAILED) or report is None:
        print(f"contract: error: Schemathesis could not run (exit code {code}); see its message above", file=sys.stderr)
        return COULD_NOT_RUN
    seconds = time.monotonic() - started
    print(verdict(code, report, target, seconds, reports, replay_with, skips.read(reports)))
    return code


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
            if ignored_proxies(env):
                names = ", ".join(ignored_proxies(env))
                print(f"contract: ignoring {names} from the environment: every request goes to the server directly")
            replay_with = replay_command(args.url or None, reports, env)
            return judge(target, env, reports, tuple(options), replay_with, started)
    except TargetError as exc:
        print(f"contract: error: {exc}", file=sys.stderr)
        return COULD_NOT_RUN
    except CredentialsRejected as exc:
        print(f"contract: credentials rejected: {exc}", file=sys.stderr)
        return CREDENTIALS_REJECTED


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

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
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import secrets
import shlex
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import requests

from generator.spec_loader import validated_env
from tools.contract import skips
from tools.contract.exchange import RoundTrip, send, signed
from tools.contract.probes import example_body, now_ms
from tools.contract.target import Target, TargetError, remote_target
from tools.process import ROOT, MockStartError, running_mock
from tools.spec import OPERATION_PATH

SPEC = ROOT / "openapi" / "nami-spot.yaml"
CONFIG = Path(__file__).resolve().parent / "schemathesis.toml"
REPORTS = ROOT / "reports" / "contract"
# What a run writes into its reports folder (only these are ever removed from it).
REPORT_FILES = ("run.json", "junit.xml", "cassette.yaml", skips.SKIPS_FILE)
CRASH_CACHE = ".schemathesis"  # Schemathesis' crash files, which `st replay` reads
HYPOTHESIS_CACHE = ROOT / ".hypothesis"  # git-ignored; kept between runs

PASSED, FAILED, COULD_NOT_RUN, CREDENTIALS_REJECTED = 0, 1, 2, 3


class CredentialsRejected(Exception):
    """The server refused a correctly signed, valid request."""


def without_proxies(env: dict[str, str]) -> dict[str, str]:
    """`env` without proxy settings (HTTP_PROXY, https_proxy, ALL_PROXY, NO_PROXY, ...): requests, and so
    Schemathesis, would send the run's requests, the API key in each, through them."""
    return {name: value for name, value in env.items() if not name.lower().endswith("_proxy")}


def ignored_proxies(env: dict[str, str]) -> list[str]:
    return sorted(name for name in env if name.lower().endswith("_proxy") and name.lower() != "no_proxy")


def mock_target(env: dict[str, str]) -> tuple[Target, dict[str, str]]:
    """The embedded mock's target (no URL yet) with credentials made for this run only, two accounts,
    and the environment the mock starts with."""
    api_key, api_secret = f"contract-{secrets.token_hex(8)}", secrets.token_hex(24)
    other_key, other_secret = f"contract-other-{secrets.token_hex(8)}", secrets.token_hex(24)
    fault = env.get("NAMI_MOCK_FAULT")
    label = "embedded mock" + (f" with planted fault {fault!r}" if fault else "")
    target = Target("", api_key, api_secret, label, other_key, other_secret)
    mock_env = {
        **env,
        "NAMI_API_KEY": api_key,
        "NAMI_API_SECRET": api_secret,
        "NAMI_MOCK_EXTRA_ACCOUNTS": json.dumps({other_key: other_secret}),
        **validated_env(),  # this process has validated the spec (importing the probes): not again
    }
    return target, mock_env


@contextmanager
def embedded_mock(env: dict[str, str]) -> Iterator[Target]:
    """The mock on a free loopback port, with credentials made for this run only."""
    target, mock_env = mock_target(env)
    try:
        with running_mock(mock_env) as url:
            yield dataclasses.replace(target, url=url)
    except MockStartError as exc:
        raise TargetError(str(exc)) from exc


def _is_envelope(answer: RoundTrip) -> bool:
    """Whether an answer is shaped as the API's answers: a JSON object with `status` (the success answer
    and the error envelope both have it)."""
    document = answer.json()
    return isinstance(document, dict) and "status" in document


def preflight(target: Target) -> None:
    """One correctly signed request shaped as the spec's example: is the server there, is it the
    documented API (not a 404 or 405, and an answer shaped as the API's), and does it take these
    credentials? Its orders' ids come from the clock, so the example's own orders stay open for
    the run's examples phase (a real server may cancel them, as the run's fuzzing would)."""
    now, example = now_ms(), example_body()
    orders = [{**order, "displayingId": now + index} for index, order in enumerate(example["orders"])]
    body = signed({**example, "orders": orders}, target.api_secret, now)
    endpoint = target.url + OPERATION_PATH
    try:
        answer = send(endpoint, target.api_key, body, "the pre-flight request")
    except requests.RequestException as exc:
        raise TargetError(f"cannot reach {target.url}: {type(exc).__name__}") from None
    redirect = 300 <= answer.status < 400  # the answer under test: the run judges it (and follows none)
    if answer.status in (404, 405) or not (redirect or _is_envelope(answer)):
        got = f"{answer.status} {answer.media_type or 'without a content type'}"
        hint = "give the server's base URL (scheme, host and port), without the API's path"
        raise TargetError(f"{target.url} is not the documented API: DELETE {endpoint} got {got}; {hint}")
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
    _fresh_reports(reports)
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
    code: int,
    report: RunReport | None,
    target: Target,
    seconds: float,
    reports: Path,
    replay_with: str,
    skipped: Sequence[str] = (),
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
    if skipped:
        lines.append(f" Skipped:  {'; '.join(skipped)}")
    lines.append(f" Reports:  {_shown(reports)}/: {', '.join(REPORT_FILES[:3])}")
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

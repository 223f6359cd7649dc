"""`python -m tests.contract.run [URL]`: the contract harness, judged by the spec alone.

Without a URL it starts the embedded mock on a free loopback port with throwaway credentials;
with one it tests that server using NAMI_API_KEY / NAMI_API_SECRET. Schemathesis does the work
(tests/contract/schemathesis.toml); this script adds the safety rule, the reports' redaction
and a one-screen verdict.
"""

from __future__ import annotations

import ipaddress
import json
import os
import secrets
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from tests.mock.process import MockStartError, running_mock

ROOT = Path(__file__).resolve().parents[2]
SPEC = ROOT / "openapi" / "nami-spot.yaml"
CONFIG = Path(__file__).resolve().parent / "schemathesis.toml"
REPORTS = ROOT / "reports" / "contract"
REDACTED = "[REDACTED]"


class HarnessError(Exception):
    """The run cannot start; the message says why and what to do."""


@dataclass(frozen=True)
class Target:
    url: str
    api_key: str
    api_secret: str
    label: str


def is_loopback(url: str) -> bool:
    host = urlsplit(url).hostname or ""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def remote_target(url: str, env: dict[str, str]) -> Target:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise HarnessError(f"URL must look like http://host:port, got {url!r}")
    if not is_loopback(url) and env.get("ALLOW_REMOTE") != "1":
        raise HarnessError(
            f"refusing to fuzz {parts.hostname}: Delete All Orders cancels real orders. "
            "Only loopback servers are tested unless you set ALLOW_REMOTE=1."
        )
    api_key, api_secret = env.get("NAMI_API_KEY", ""), env.get("NAMI_API_SECRET", "")
    if not api_key or not api_secret:
        raise HarnessError("set NAMI_API_KEY and NAMI_API_SECRET to the server's credentials")
    return Target(url.rstrip("/"), api_key, api_secret, f"server at {url}")


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
        raise HarnessError(str(exc)) from exc


def run_schemathesis(target: Target, env: dict[str, str], reports: Path = REPORTS) -> tuple[int, str]:
    """Run the suite, streaming its progress; return its exit code and output."""
    reports.mkdir(parents=True, exist_ok=True)
    for old in reports.iterdir():
        old.unlink()
    st_env = {**env, "NAMI_API_KEY": target.api_key, "NAMI_API_SECRET": target.api_secret, "PYTHONPATH": str(ROOT)}
    command = [
        str(Path(sys.executable).parent / "st"),
        "--config-file", str(CONFIG),
        "run", str(SPEC),
        "--url", target.url,
        "--checks", "all",
        "--report", "json,junit,vcr",
        "--report-json-path", str(reports / "run.json"),
        "--report-junit-path", str(reports / "junit.xml"),
        "--report-vcr-path", str(reports / "cassette.yaml"),
    ]  # fmt: skip
    process = subprocess.Popen(command, cwd=ROOT, env=st_env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    assert process.stdout is not None
    lines = []
    for raw in process.stdout:
        line = raw.decode("utf-8", "replace")
        line = redact(line, target)
        sys.stdout.write(line)
        sys.stdout.flush()
        lines.append(line)
    return process.wait(), "".join(lines)


def redact(text: str, target: Target) -> str:
    for secret in (target.api_secret, target.api_key):
        text = text.replace(secret, REDACTED)
    return text


def redact_reports(target: Target, reports: Path = REPORTS) -> None:
    for path in reports.iterdir():
        content = path.read_text(encoding="utf-8", errors="surrogateescape")
        cleaned = redact(content, target)
        if cleaned != content:
            path.write_text(cleaned, encoding="utf-8", errors="surrogateescape")


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


def verdict(code: int, report: RunReport | None, target: Target, seconds: float) -> str:
    passed = code == 0
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
        lines += [f"   - {line}" for line in found[:12]]
    lines += [
        f" Reports:  {(REPORTS / 'run.json').relative_to(ROOT)}, {(REPORTS / 'junit.xml').relative_to(ROOT)}, "
        f"{(REPORTS / 'cassette.yaml').relative_to(ROOT)} (credentials redacted)",
        " Replay:   generation is deterministic: the same command sends the same cases",
        "═" * 72,
    ]
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    env = dict(os.environ)
    url = argv[0] if argv else env.get("URL", "")
    started = time.monotonic()
    try:
        if url:
            target = remote_target(url, env)
            code, _ = run_schemathesis(target, env)
        else:
            with embedded_mock(env) as target:
                code, _ = run_schemathesis(target, env)
    except HarnessError as exc:
        print(f"contract: error: {exc}", file=sys.stderr)
        return 2
    redact_reports(target)
    print(verdict(code, RunReport.read(REPORTS / "run.json"), target, time.monotonic() - started))
    return 0 if code == 0 else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

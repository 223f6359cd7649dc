"""What a contract run says when it ends: Schemathesis' JSON run report read (`RunReport`), the
verdict printed from it, and the command that replays the run's failing cases."""

from __future__ import annotations

import json
import shlex
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from tools.contract.schemathesis_process import PASSED, REPORT_FILES, REPORTS, SPEC
from tools.contract.target import Target
from tools.process import ROOT


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

"""Where a client's extra time goes: a cProfile of it and of its baseline, summed by owner of the code."""

from __future__ import annotations

import cProfile
import re
import sysconfig
from collections import defaultdict
from collections.abc import Callable

from tools.bench.client_cost import Subjects
from tools.process import ROOT

# The modules generator/generate.py copies into the package from generator/hook/: ours.
HOOK_MODULES = tuple(f"nami_client/{path.name}" for path in (ROOT / "generator" / "hook").glob("*.py"))
STDLIB = sysconfig.get_paths()["stdlib"].replace("\\", "/") + "/"


def owner(filename: str) -> str:
    path = filename.replace("\\", "/")
    if path.endswith(HOOK_MODULES):
        return "nami_client hook modules (ours: generator/hook/)"
    if "nami_client" in path:  # attrs names the methods it writes after the class, e.g. nami_client.models.order
        return "nami_client generated code (openapi-python-client templates)"
    if "/site-packages/" in path:
        return path.split("/site-packages/")[1].split("/")[0].removesuffix(".py")
    if path.startswith(STDLIB):
        return "stdlib " + path.removeprefix(STDLIB).split("/")[0].removesuffix(".py")
    if frozen := re.fullmatch(r"<frozen ([\w.]+)>", path):
        return f"stdlib {frozen.group(1)}"
    if path.startswith(str(ROOT)):
        return "the benchmark (its lambdas, its transport handler)"
    return "other"


def seconds_by_owner(subject: Callable[[], object], number: int) -> dict[str, float]:
    """Own time per call of `subject`, profiled, by owner; C functions count for their Python callers."""
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(number):
        subject()
    profiler.disable()
    seconds: defaultdict[str, float] = defaultdict(float)
    for entry in profiler.getstats():
        if isinstance(entry.code, str):
            continue  # a C function: counted below, for its callers
        who = owner(entry.code.co_filename)
        seconds[who] += entry.inlinetime / number
        for call in entry.calls or []:
            if isinstance(call.code, str):
                seconds[who] += call.inlinetime / number
    return seconds


def _us(seconds: float) -> str:
    return f"{seconds * 1e6:,.1f} µs"


def extra_time_table(subjects: Subjects, number: int) -> list[str]:
    """A Markdown table: per owner, the client's and the baseline's time per call, and the difference."""
    client = seconds_by_owner(subjects.client, number)
    baseline = seconds_by_owner(subjects.baseline, number)
    extra = {who: client.get(who, 0.0) - baseline.get(who, 0.0) for who in client.keys() | baseline.keys()}
    total_extra = sum(extra.values())
    shown = [who for who in sorted(extra, key=lambda who: -abs(extra[who])) if abs(extra[who]) >= 0.02 * total_extra]
    rest = [who for who in extra if who not in shown]
    lines = [
        f"cProfile of {number} calls of each, own time per call by owner of the code (time in C functions counts "
        "for the code that called them; the profiler slows Python code more than C, so the shares are rough):",
        "",
        "| Owner | Client | Baseline | Extra | Share of the extra |",
        "|---|---|---|---|---|",
    ]
    rows = [(who, client.get(who, 0.0), baseline.get(who, 0.0), extra[who]) for who in shown]
    if rest:
        rows.append(
            (
                "everything else",
                sum(client.get(w, 0.0) for w in rest),
                sum(baseline.get(w, 0.0) for w in rest),
                sum(extra[w] for w in rest),
            )
        )
    rows.append(("total", sum(client.values()), sum(baseline.values()), total_extra))
    lines += [f"| {who} | {_us(c)} | {_us(b)} | {_us(e)} | {e / total_extra:.0%} |" for who, c, b, e in rows]
    return lines

"""`python -m tools.bench.run [--quick] [--out DIR]`: measure, then write DIR/bench.md and DIR/bench.json.

Every figure is a median of repeated runs; a ratio is to its baseline measured in the same run.
`--quick` runs each benchmark with tiny counts, only to show that it still works: its numbers
mean nothing. The exit code is 0 when everything was measured, met or not, and 1 when a
benchmark could not measure (its paths disagree, or a run failed).
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import math
import os
import sys
from collections.abc import Callable
from pathlib import Path

from tools.bench import BenchError
from tools.bench.call_steps import call_steps
from tools.bench.cancel_all import FEWEST_REQUESTS, cancel_all_cost, rate_limited_cancel_all
from tools.bench.client_cost import Subjects, call_subjects, client_build_ms, sign_subjects
from tools.bench.figures import KEYS, Figure, duration, report
from tools.bench.flat import flat
from tools.bench.kit import kit_cost
from tools.bench.load import throughput
from tools.bench.profile import extra_time_table
from tools.bench.settings import FULL, QUICK, Settings
from tools.bench.timing import compare
from tools.bench.tools import contract_speed, generate_seconds
from tools.big_listings import hold_up
from tools.process import ROOT


def _ratio_figure(
    key: str, subjects: Subjects, target: float, *, calls: int, repeats: int, explain: bool, orders: int | None = None
) -> Figure:
    """A client figure; when `explain` and missed, with where the client's extra time goes."""
    pair = compare(subjects.client, subjects.baseline, number=calls, repeats=repeats)
    ratio = f"{pair.ratio:.2f}"
    figure = Figure(key, pair.ratio, target, False, duration(pair.subject_s), duration(pair.baseline_s), ratio)
    if figure.met or not explain:
        return figure
    lines = extra_time_table(subjects, calls)
    if orders is not None:
        extra_s = pair.subject_s - pair.baseline_s
        lines = call_steps(orders, subjects, extra_s, calls=calls, repeats=repeats) + lines
    return dataclasses.replace(figure, where_time_goes=lines)


def measure(settings: Settings, out: Path, progress: Callable[[Figure], None]) -> list[Figure]:
    s = settings
    figures = []

    def add(figure: Figure) -> None:
        figures.append(figure)
        progress(figure)

    explain = s is not QUICK
    add(_ratio_figure("sign_ratio", sign_subjects(), 2.0, calls=s.sign_calls, repeats=s.repeats, explain=explain))
    for orders, target, calls in (
        (2, 1.5, s.call_2_calls),
        (200, 1.2, s.call_200_calls),
        (1000, 1.25, s.call_1000_calls),
    ):
        subjects = call_subjects(orders)
        key = f"call_ratio_{orders}"
        add(_ratio_figure(key, subjects, target, calls=calls, repeats=s.repeats, explain=explain, orders=orders))
    generate = generate_seconds(s.tool_runs)
    add(Figure("generate_s", generate, 10, False, duration(generate)))
    contract = contract_speed(s.tool_runs, out / "contract", s.contract_options)
    startup = contract.schemathesis_s - contract.phases_s
    bare, plain = contract.bare, contract.plain
    add(
        Figure(
            "contract_cases_per_s",
            contract.cases_per_s,
            None,  # cases per second measure the machine as much as the harness: the ratio below is held
            True,
            f"{contract.cases_per_s:.0f} cases/s ({contract.cases} in {contract.schemathesis_s:.2f} s)",
            where_time_goes=[
                f"- Schemathesis' own test phases: {contract.phases_s:.2f} s, "
                f"{contract.cases / contract.phases_s:.0f} cases/s.",
                f"- Before and after them (interpreter, imports, loading the spec and the hooks, reports): "
                f"{startup:.2f} s, {startup / contract.schemathesis_s:.0%} of the run.",
                f"- With the mock's start and stop, as the harness's verdict counts: {contract.with_mock_s:.2f} s, "
                f"{contract.cases / contract.with_mock_s:.0f} cases/s.",
            ],
        )
    )
    add(
        Figure(
            "contract_speed_ratio",
            contract.ratio,
            0.85,
            True,
            f"{contract.cases_per_s:.0f} cases/s",
            f"{bare.cases_per_s:.0f} cases/s ({bare.cases} in {bare.seconds:.2f} s)",
            f"{contract.ratio:.2f}",
            where_time_goes=[
                f"- The harness run: {contract.schemathesis_s:.2f} s for {contract.cases} cases; bare Schemathesis: "
                f"{bare.seconds:.2f} s for {bare.cases} (against the plain floor, for information: "
                f"{plain.seconds:.2f} s for {plain.cases}, {plain.cases_per_s:.0f} cases/s). The difference, "
                f"{contract.schemathesis_s - bare.seconds:.2f} s, is the signing hook, the built-in checks that "
                "send requests of their own, the harness's follow-ups (a tampered signature per signing shape, a "
                "stale timestamp per timestamp type, a repeat per number of orders listed), its boundary suite "
                "(over a hundred requests, once, 4 at a time), and the mock's work where the floor answers at once.",
            ],
        )
    )
    load = throughput(rounds=s.load_rounds, per_client=s.load_calls_per_client)
    add(
        Figure(
            "mock_rps",
            load.mock_rps,
            500,
            True,
            f"{load.mock_rps:.0f} req/s ({load.rounds} rounds of {load.requests_per_round})",
            f"{load.floor_rps:.0f} req/s",
            f"{load.mock_rps / load.floor_rps:.2f}",
        )
    )
    ratio = load.mock_rps / load.floor_rps
    add(Figure("mock_rps_ratio", ratio, 0.8, True, f"{ratio:.2f}", f"{load.floor_rps:.0f} req/s (floor)"))
    cancelling = cancel_all_cost(s.cancel_all_runs)
    runs = f"median of {cancelling.runs} runs, {cancelling.requests} requests each"
    add(Figure("cancel_all_1000", cancelling.seconds, 1.0, False, f"{duration(cancelling.seconds)} ({runs})"))
    requests = f"{cancelling.requests} (the fewest: {FEWEST_REQUESTS})"
    add(Figure("cancel_all_1000_requests", cancelling.requests, FEWEST_REQUESTS, False, requests))
    going_flat = flat(s.flat_orders, s.flat_runs)
    ratio = going_flat.ratio
    runs = f"median of {going_flat.runs} runs of {s.flat_orders:,} orders"
    add(
        Figure(
            "flat_10000_ratio",
            ratio,
            1.25,
            False,
            f"{duration(going_flat.client_s)} ({runs})",
            f"{duration(going_flat.floor_s)}",
            f"{ratio:.2f}",
        )
    )
    add(Figure("flat_10000_s", going_flat.client_s, 5.0, False, f"{duration(going_flat.client_s)} ({runs})"))
    build_ms = client_build_ms(s.client_builds)
    add(Figure("client_build_ms", build_ms, 20, False, f"{build_ms:.3g} ms ({s.client_builds} builds)"))
    limited_s, attempts = rate_limited_cancel_all(s.rate_limited_orders)
    done = f"{duration(limited_s)} ({s.rate_limited_orders:,} orders, {attempts} requests, every one a 200)"
    add(Figure("cancel_all_5000_rate_limited", limited_s, 8, False, done))
    kit = kit_cost(s.kit_runs, s.kit_resets)
    add(Figure("kit_start_ms", kit.start_ms, 300, False, f"{kit.start_ms:.1f} ms (median of {kit.runs})"))
    add(Figure("kit_reset_ms", kit.reset_ms, 5, False, f"{kit.reset_ms:.2f} ms (median of {kit.runs * s.kit_resets})"))
    held = hold_up(orders=s.hold_orders, listers=s.hold_listers, cancels=s.hold_cancels)
    p99 = held.percentile(0.99)
    median = (
        f"{p99:.1f} ms (p50 {held.percentile(0.5):.1f} ms, {len(held.cancels_ms)} cancels, {held.listings} listings)"
    )
    add(Figure("listing_hold_p99_ms", p99, 100, False, median))
    return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="tiny counts: check that every benchmark still works")
    parser.add_argument("--out", type=Path, default=ROOT / "reports", help="where bench.md and bench.json go")
    args = parser.parse_args(argv)
    settings = QUICK if args.quick else FULL
    args.out.mkdir(parents=True, exist_ok=True)
    load_average = os.getloadavg()[0]

    def progress(figure: Figure) -> None:
        verdict = figure.verdict.strip("*")
        print(f"bench: {figure.key} = {figure.value:.4g} ({figure.target_text}: {verdict})", flush=True)

    try:
        figures = measure(settings, args.out, progress)
    except BenchError as exc:
        print(f"bench: error: {exc}", file=sys.stderr)
        return 1
    values = {f.key: f.value for f in figures}
    if list(values) != list(KEYS) or not all(math.isfinite(v) and v > 0 for v in values.values()):
        print(f"bench: error: bad figures {values}", file=sys.stderr)
        return 1
    table = report(figures, settings, load_average)
    (args.out / "bench.json").write_text(json.dumps(values, indent=2) + "\n", encoding="utf-8")
    (args.out / "bench.md").write_text(table, encoding="utf-8")
    print(f"\n{table}\nbench: wrote {args.out / 'bench.md'} and {args.out / 'bench.json'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""`python -m tools.bench.run [--quick] [--out DIR]`: measure, then write DIR/bench.md and DIR/bench.json.

Every figure is a median of repeated runs; a ratio is to its baseline measured in the same run.
`--quick` runs each benchmark with tiny counts, only to show that it still works: its numbers
mean nothing. The exit code is 0 when everything was measured, met or not, and 1 when a
benchmark could not measure (its paths disagree, or a run failed).
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime
import json
import math
import os
import platform
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from tools.bench import BenchError
from tools.bench.cancel_all import FEWEST_REQUESTS, ORDERS, RATE, cancel_all_cost, rate_limited_cancel_all
from tools.bench.client_cost import Subjects, call_subjects, client_build_ms, parse_subject, sign_subjects
from tools.bench.flat import LATENCY_MS, flat
from tools.bench.kit import SEEDED as KIT_SEEDED
from tools.bench.kit import kit_cost
from tools.bench.load import CLIENTS, throughput
from tools.bench.profile import extra_time_table
from tools.bench.timing import compare, median_seconds
from tools.bench.tools import contract_speed, generate_seconds
from tools.big_listings import hold_up
from tools.process import ROOT

KEYS = (
    "sign_ratio",
    "call_ratio_2",
    "call_ratio_200",
    "call_ratio_1000",
    "generate_s",
    "contract_cases_per_s",
    "contract_speed_ratio",
    "mock_rps",
    "mock_rps_ratio",
    "cancel_all_1000",
    "cancel_all_1000_requests",
    "flat_10000_ratio",
    "flat_10000_s",
    "client_build_ms",
    "cancel_all_5000_rate_limited",
    "kit_start_ms",
    "kit_reset_ms",
    "listing_hold_p99_ms",
)


@dataclass(frozen=True)
class Settings:
    repeats: int  # timed runs of each client figure
    sign_calls: int  # calls per timed run
    call_2_calls: int
    call_200_calls: int
    call_1000_calls: int
    tool_runs: int  # runs of generate.py and of the contract harness (each beside a bare Schemathesis run)
    contract_options: tuple[str, ...]  # passed to both contract runs
    load_rounds: int
    load_calls_per_client: int
    cancel_all_runs: int
    flat_orders: int  # the book acancel_all empties (10,000; fewer in quick mode)
    flat_runs: int
    client_builds: int
    rate_limited_orders: int
    kit_runs: int  # fresh MockExchanges timed
    kit_resets: int  # resets timed on each
    hold_orders: int  # the book listed by the hold-up run, with `hold_listers` listing it meanwhile
    hold_listers: int
    hold_cancels: int


FULL = Settings(
    repeats=9,
    sign_calls=2000,
    call_2_calls=300,
    call_200_calls=30,
    call_1000_calls=6,
    tool_runs=5,
    contract_options=(),
    load_rounds=5,
    load_calls_per_client=60,
    cancel_all_runs=9,
    flat_orders=10_000,
    flat_runs=5,
    client_builds=101,
    rate_limited_orders=5000,
    kit_runs=9,
    kit_resets=50,
    hold_orders=100_000,
    hold_listers=4,
    hold_cancels=200,
)
QUICK = Settings(
    repeats=3,
    sign_calls=20,
    call_2_calls=5,
    call_200_calls=1,
    call_1000_calls=1,
    tool_runs=1,
    contract_options=("--phases", "examples"),
    load_rounds=1,
    load_calls_per_client=3,
    cancel_all_runs=1,
    flat_orders=400,
    flat_runs=1,
    client_builds=3,
    rate_limited_orders=400,
    kit_runs=1,
    kit_resets=3,
    hold_orders=2_000,
    hold_listers=2,
    hold_cancels=5,
)


@dataclass(frozen=True)
class Figure:
    key: str
    value: float
    target: float | None  # None: shown for information, held to nothing (it measures the machine)
    at_least: bool  # the target is a floor (≥), else a ceiling (≤)
    median: str
    baseline: str = "—"
    ratio: str = "—"
    where_time_goes: list[str] = field(default_factory=list)

    @property
    def met(self) -> bool:
        if self.target is None:
            return True
        return self.value >= self.target if self.at_least else self.value <= self.target

    @property
    def target_text(self) -> str:
        return "none (information)" if self.target is None else f"{'≥' if self.at_least else '≤'} {self.target:g}"

    @property
    def verdict(self) -> str:
        return "info" if self.target is None else "met" if self.met else "**missed**"


DESCRIPTIONS = {
    "sign_ratio": "`NamiAuth.signed` turning an unsigned 2-order `httpx.Request` into the signed one, over the "
    "recipe written inline for this body, from its dict (timestamp, canonical string, HMAC, signed JSON). Both are "
    "checked to give the same signed body first.",
    "call_ratio_2": "`delete_all_orders.sync` on `signed_client` (sign, send, parse into models) for a 2-order "
    "cancel, over a hand-written `httpx` + `hmac` + `json` call returning the parsed JSON; both on "
    "`httpx.MockTransport` with the same canned answer (the mock's orders), each client reused across calls, the "
    "request model or dict built once. Both are first checked against a handler that verifies key and signature.",
    "call_ratio_200": "The same for a 200-order cancel whose answer lists the 200 orders: the most the spec allows in "
    "one request.",
    "call_ratio_1000": "The same for a 1,000-order cancel whose answer lists the 1,000 orders (more than the spec's "
    "200 per request: only client-side work is timed here).",
    "generate_s": "Wall time of `generator/generate.py --output <temporary folder>`, the command behind "
    "`make generate` (so generated_client/ is never touched).",
    "contract_cases_per_s": "Cases Schemathesis generates in the `make contract` run (its hooks, every built-in "
    "check and the harness's own), over the wall time of the Schemathesis process (its start-up included, the "
    "mock's excluded); a fresh embedded mock per run.",
    "contract_speed_ratio": "`contract_cases_per_s` over the cases per second of bare Schemathesis, run right after "
    "each harness run: the same spec and the same generation and phase settings (read from "
    "tools/contract/schemathesis.toml), no hooks, no signing and no check but `not_a_server_error`, against the "
    "faithful floor server (`tools/bench/floor.py --faithful`: a 400 for what the spec rules out, as the mock "
    "answers a signed request, and otherwise nothing of the mock's work). Schemathesis steers its generation by "
    "which requests are accepted, so only a baseline server that accepts what the mock accepts times the same "
    "Schemathesis work; bare Schemathesis against the plain floor (which accepts all it can read) is shown for "
    "information. What the harness costs over Schemathesis alone, the mock's work included.",
    "mock_rps": f"Requests per second the mock (its own uvicorn process) serves to {CLIENTS} concurrent signed "
    "async clients cancelling distinct 2-order pairs, with no error and no order cancelled twice; the "
    "baseline is the floor server (tools/bench/floor.py): same route and clients, no checks.",
    "mock_rps_ratio": "`mock_rps` over the floor server's requests per second in the same run: what the mock's "
    "checks (key, signature, schema, the book, the answer checked against the spec) leave of the floor.",
    "cancel_all_1000": f"Wall time of `nami_client.cancel_all` emptying a book of {ORDERS:,} open orders on the mock "
    "(its own process, on loopback), from the first listing to the report, each run on a fresh client and a book of "
    "its own; checked to cancel exactly that book. Reported: the 1 s ceiling is this project's own.",
    "cancel_all_1000_requests": f"The requests of one such run (counted by an httpx event hook; every run must "
    f"make as many): at least {FEWEST_REQUESTS}, a listing, {ORDERS // 200} cancels of 200 orders and the listing "
    "that checks.",
    "flat_10000_ratio": f"Wall time of `nami_client.acancel_all` (default settings: concurrency 4, chunks of 200) "
    f"emptying a book of 10,000 open orders on the mock with `NAMI_MOCK_LATENCY_MS={LATENCY_MS}`, over the floor: a "
    "hand-written asyncio loop on `httpx.AsyncClient` making the same requests (a listing, the cancels of 200 at most "
    "4 at a time, a listing) with the signing recipe inline and no checks. Both on the same mock process, each run "
    "on a book of its own, taking turns; each run is checked to cancel exactly its book.",
    "flat_10000_s": "The median wall time of those `acancel_all` runs: from the first listing to the report. The 5 s "
    "ceiling is this project's own.",
    "client_build_ms": "Median milliseconds to build a client ready for sync and async calls (`signed_client` on its "
    "real transports, then both httpx clients), over 101 builds in a fresh process, its first build (which makes "
    "the process's one TLS context) among them.",
    "cancel_all_5000_rate_limited": f"Wall time of `cancel_all` over 5,000 open orders on the mock limited to {RATE} "
    f"requests a second per key (`NAMI_MOCK_RATE_LIMIT={RATE}`), the client's `max_requests_per_second={RATE}`: 27 "
    "requests (a listing, 25 cancels of 200, a listing), so a little over 5 s at best. The run fails unless every "
    "attempt (from the client's per-attempt log, retries included) got a 200: no 429, no 418.",
    "kit_start_ms": f"`nami_client.testing.MockExchange(open_orders={KIT_SEEDED})`, from the call until the server's "
    "first answer (to an unsigned listing), in a process that has imported the kit already (the import itself, "
    "Starlette and uvicorn included, is about 0.2 s once per process); median of fresh exchanges.",
    "kit_reset_ms": f"`MockExchange.reset()` on an exchange of {KIT_SEEDED} seeded orders after a test placed an "
    "order and scheduled a fault: fresh books, no fault, an empty log; median.",
    "listing_hold_p99_ms": "The mock (its own process) with a book of 100,000 open orders (52 MB listed), four "
    "clients listing all of it over and over, and one client sending one-order cancels meanwhile, 10 ms apart: the "
    "99th percentile of those cancels' latency (tools/big_listings.py). A listing encoded in one go held every "
    "other client for seconds.",
}


def _duration(seconds: float) -> str:
    for unit, scale in (("s", 1.0), ("ms", 1e-3), ("µs", 1e-6)):
        if seconds >= scale:
            return f"{seconds / scale:.3g} {unit}"
    return f"{seconds / 1e-9:.3g} ns"


def _ratio_figure(
    key: str, subjects: Subjects, target: float, *, calls: int, repeats: int, explain: bool, orders: int | None = None
) -> Figure:
    """A client figure; when `explain` and missed, with where the client's extra time goes."""
    pair = compare(subjects.client, subjects.baseline, number=calls, repeats=repeats)
    ratio = f"{pair.ratio:.2f}"
    figure = Figure(key, pair.ratio, target, False, _duration(pair.subject_s), _duration(pair.baseline_s), ratio)
    if figure.met or not explain:
        return figure
    lines = extra_time_table(subjects, calls)
    if orders is not None:
        lines = _call_steps(orders, pair.subject_s - pair.baseline_s, calls=calls, repeats=repeats) + lines
    return dataclasses.replace(figure, where_time_goes=lines)


def _call_steps(orders: int, extra_s: float, *, calls: int, repeats: int) -> list[str]:
    """The client's extra time over the baseline, split by timing its two big steps alone."""
    parse_s = median_seconds(parse_subject(orders), number=calls, repeats=repeats)
    signing = sign_subjects(orders)
    sign = compare(signing.client, signing.baseline, number=calls, repeats=repeats)
    sign_extra_s = sign.subject_s - sign.baseline_s
    rest_s = extra_s - parse_s - sign_extra_s
    return [
        f"Timed alone (medians, no profiler), of the client's extra {_duration(extra_s)} per call:",
        "",
        f"- parsing the answer into models (`DeleteAllOrdersResponse.from_dict`, generated): {_duration(parse_s)}, "
        f"{parse_s / extra_s:.0%};",
        f"- signing: `NamiAuth.signed` {_duration(sign.subject_s)} over the inline recipe's "
        f"{_duration(sign.baseline_s)}: {_duration(sign_extra_s)}, {sign_extra_s / extra_s:.0%};",
        f"- everything else, {_duration(rest_s)}, {rest_s / extra_s:.0%}: the generated request building (`to_dict`, "
        "httpx encoding `json=`) and response wrapper, the signing transport around httpx's, and what the steps "
        "above cost more inside a whole call than alone (see the profile).",
        "",
    ]


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
    add(Figure("generate_s", generate, 10, False, _duration(generate)))
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
    add(Figure("cancel_all_1000", cancelling.seconds, 1.0, False, f"{_duration(cancelling.seconds)} ({runs})"))
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
            f"{_duration(going_flat.client_s)} ({runs})",
            f"{_duration(going_flat.floor_s)}",
            f"{ratio:.2f}",
        )
    )
    add(Figure("flat_10000_s", going_flat.client_s, 5.0, False, f"{_duration(going_flat.client_s)} ({runs})"))
    build_ms = client_build_ms(s.client_builds)
    add(Figure("client_build_ms", build_ms, 20, False, f"{build_ms:.3g} ms ({s.client_builds} builds)"))
    limited_s, attempts = rate_limited_cancel_all(s.rate_limited_orders)
    done = f"{_duration(limited_s)} ({s.rate_limited_orders:,} orders, {attempts} requests, every one a 200)"
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


def report(figures: list[Figure], settings: Settings, load_average: float) -> str:
    mode = "quick mode: tiny counts, the numbers mean nothing" if settings is QUICK else "full mode"
    lines = [
        "# Benchmarks",
        "",
        f"`make bench`, {mode}; {datetime.datetime.now().isoformat(timespec='seconds')}, Python "
        f"{platform.python_version()}, {os.cpu_count()} CPUs, load average {load_average:.2f} at the start. "
        "The machine is shared: compare the ratios, each to a baseline timed in the same run, more than "
        f"absolute times. Client figures: median of {settings.repeats} timed runs, alternating with the baseline.",
        "",
        "| Figure | Median | Baseline median | Ratio | Target | |",
        "|---|---|---|---|---|---|",
    ]
    lines += [f"| `{f.key}` | {f.median} | {f.baseline} | {f.ratio} | {f.target_text} | {f.verdict} |" for f in figures]
    lines += ["", "## What each figure measures", ""]
    lines += [f"- `{key}`: {DESCRIPTIONS[key]}" for key in KEYS]
    detailed = [f for f in figures if f.where_time_goes]
    if detailed:
        lines += ["", "## Where the time goes", ""]
        for f in detailed:
            lines += [f"### `{f.key}` ({f.verdict.strip('*')})", "", *f.where_time_goes, ""]
    return "\n".join(lines).rstrip() + "\n"


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

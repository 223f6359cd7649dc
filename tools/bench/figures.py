"""The figures `make bench` reports: each with its target, what it measures, and the report's table."""

from __future__ import annotations

import datetime
import os
import platform
from dataclasses import dataclass, field

from tools.bench.cancel_all import FEWEST_REQUESTS, ORDERS, RATE
from tools.bench.flat import LATENCY_MS
from tools.bench.kit import SEEDED as KIT_SEEDED
from tools.bench.load import CLIENTS
from tools.bench.settings import QUICK, Settings

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
    "contract_speed_ratio": "The median, over the runs, of a harness run's cases per second over those of bare "
    "Schemathesis run right after it (each pair sees the machine at the same speed): the same spec and the same "
    "generation and phase settings (read from tools/contract/schemathesis.toml), no hooks, no signing and no "
    "check but `not_a_server_error`, against the faithful floor server (`tools/bench/floor.py --faithful`: a 400 "
    "for what the spec rules out, as the mock answers a signed request, and otherwise nothing of the mock's "
    "work). Schemathesis steers its generation by which requests are accepted, so only a baseline server that "
    "accepts what the mock accepts times the same Schemathesis work; bare Schemathesis against the plain floor "
    "(which accepts all it can read) is shown for information. What the harness costs over Schemathesis alone, "
    "the mock's work included.",
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


def duration(seconds: float) -> str:
    if seconds < 0:  # a step the client does faster than the baseline
        return f"-{duration(-seconds)}"
    for unit, scale in (("s", 1.0), ("ms", 1e-3), ("µs", 1e-6)):
        if seconds >= scale:
            return f"{seconds / scale:.3g} {unit}"
    return f"{seconds / 1e-9:.3g} ns"


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

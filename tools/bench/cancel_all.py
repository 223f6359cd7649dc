"""`cancel_all` over 1,000 open orders against the mock, in its own process: wall time and requests.

Each run empties a book of its own: the mock is started with one account per run (and one for an
untimed warm-up), each seeded with 1,000 open orders. A run counts only if it cancelled exactly
that book's orders and its report is complete; the requests are counted by an httpx event hook.
"""

from __future__ import annotations

import json
import logging
import re
import statistics
import time
from dataclasses import dataclass

import httpx
from nami_client import cancel_all, signed_client
from nami_client.testing.book import seeded_orders

from tools.bench import BenchError
from tools.bench.load import server_env
from tools.process import running_mock

ORDERS = 1000
FEWEST_REQUESTS = 7  # 1 listing, 5 cancels of 200, 1 listing


@dataclass(frozen=True)
class CancelAllCost:
    seconds: float  # median wall time of a run
    requests: int  # requests of a run (every run must make as many)
    runs: int


def _run(url: str, account: int, api_key: str, api_secret: str) -> tuple[float, int]:
    sent: list[str] = []

    def count(request: httpx.Request) -> None:
        sent.append(request.method)

    hooks = {"request": [count]}
    with signed_client(url, api_key=api_key, api_secret=api_secret, httpx_args={"event_hooks": hooks}) as client:
        started = time.perf_counter()
        report = cancel_all(client)
        seconds = time.perf_counter() - started
    if report.cancelled != seeded_orders(ORDERS, account) or not report.complete:
        raise BenchError(f"cancel_all did not cancel the {ORDERS} orders of account {account}: {report!r:.300}")
    return seconds, len(sent)


def cancel_all_cost(runs: int) -> CancelAllCost:
    accounts = {f"bench-cancel-all-{n:03}": f"bench-cancel-all-secret-{n:03}" for n in range(1, runs + 2)}
    env = {**server_env(), "NAMI_MOCK_OPEN_ORDERS": str(ORDERS), "NAMI_MOCK_EXTRA_ACCOUNTS": json.dumps(accounts)}
    with running_mock(env) as url:
        results = [_run(url, n, key, secret) for n, (key, secret) in enumerate(accounts.items(), start=1)]
    timed = results[1:]  # the first, untimed, warms up the imports and code paths
    counts = {requests for _, requests in results}
    if len(counts) != 1:
        raise BenchError(f"runs over the same book made different numbers of requests: {sorted(counts)}")
    return CancelAllCost(statistics.median(seconds for seconds, _ in timed), counts.pop(), len(timed))


RATE = 5  # requests a second: the mock's limit, and the client's set to match


class _Attempts(logging.Handler):
    """The status of every attempt, from the client's per-attempt log records (retries included)."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.statuses: list[int] = []

    def emit(self, record: logging.LogRecord) -> None:
        found = re.search(r" got HTTP (\d{3}) ", record.getMessage())
        self.statuses.append(int(found.group(1)) if found else 0)


def rate_limited_cancel_all(orders: int) -> tuple[float, int]:
    """Wall time and attempts of `cancel_all` over `orders` orders against the mock limited to RATE
    requests a second per key, the client's `max_requests_per_second` matched. Fails unless every
    attempt got a 200 (no 429, no 418) and the report is complete."""
    env = {**server_env(), "NAMI_MOCK_OPEN_ORDERS": str(orders), "NAMI_MOCK_RATE_LIMIT": str(RATE)}
    attempts = _Attempts()
    logger = logging.getLogger("nami_client.transport")
    level = logger.level
    logger.addHandler(attempts)
    logger.setLevel(logging.DEBUG)
    try:
        with running_mock(env) as url:
            key, secret = env["NAMI_API_KEY"], env["NAMI_API_SECRET"]
            with signed_client(url, api_key=key, api_secret=secret, max_requests_per_second=RATE) as client:
                started = time.perf_counter()
                report = cancel_all(client)
                seconds = time.perf_counter() - started
    finally:
        logger.removeHandler(attempts)
        logger.setLevel(level)
    if report.cancelled != seeded_orders(orders) or not report.complete:
        raise BenchError(f"the rate-limited cancel_all did not cancel the {orders} orders: {report!r:.300}")
    if set(attempts.statuses) != {200}:
        raise BenchError(f"the rate-limited cancel_all got other answers than 200: {attempts.statuses}")
    return seconds, len(attempts.statuses)

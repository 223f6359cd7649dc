"""The testing kit's costs: a fresh `MockExchange` until it answers, and its `reset()`."""

from __future__ import annotations

import statistics
import time
from dataclasses import dataclass

import httpx
from nami_client.testing import MockExchange

from tools.bench import BenchError
from tools.spec import OPEN_ORDERS_PATH

SEEDED = 100  # the example: MockExchange(open_orders=100)


@dataclass(frozen=True)
class KitCost:
    start_ms: float  # median: MockExchange(...) until its first answer (a 401 to an unsigned listing)
    reset_ms: float  # median of reset() on a used exchange
    runs: int


def kit_cost(runs: int, resets: int) -> KitCost:
    starts, reset_times = [], []
    with httpx.Client() as http:
        for _ in range(runs + 1):  # the first, untimed, pays for the imports
            started = time.perf_counter()
            with MockExchange(open_orders=SEEDED) as exchange:
                answer = http.get(exchange.url + OPEN_ORDERS_PATH)
                starts.append((time.perf_counter() - started) * 1000)
                if answer.status_code != 401:
                    raise BenchError(f"a fresh MockExchange answered {answer.status_code} to an unsigned listing")
                for _ in range(resets):
                    exchange.place()
                    exchange.fault("rate-429", times=3)
                    started = time.perf_counter()
                    exchange.reset()
                    reset_times.append((time.perf_counter() - started) * 1000)
                    if len(exchange.open_orders()) != SEEDED:
                        raise BenchError("reset() did not give a fresh book")
    return KitCost(statistics.median(starts[1:]), statistics.median(reset_times), runs)

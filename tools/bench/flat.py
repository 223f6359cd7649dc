"""`flat_10000`: `acancel_all` emptying a book of 10,000 open orders on the mock with 50 ms of
latency on every answer, over the floor: a hand-written asyncio loop with httpx doing the same
requests (a listing, the cancels in chunks of 200 with the same concurrency, a listing), with the
signing recipe inline and no checks of its own. Both run against the same mock process, each run
on a book of its own, taking turns; each run must leave its book empty and cancel exactly its
orders.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
import statistics
import time
from dataclasses import dataclass
from typing import Any

import httpx
from nami_client import acancel_all, signed_client
from nami_client.testing.book import Key, seeded_orders

from tools.bench import BenchError
from tools.bench.load import server_env
from tools.process import running_mock
from tools.spec import OPEN_ORDERS_PATH, OPERATION_PATH

LATENCY_MS = 50
CONCURRENCY = 4  # acancel_all's default
CHUNK = 200


@dataclass(frozen=True)
class Flat:
    client_s: float  # median wall time of acancel_all
    floor_s: float  # median wall time of the floor
    runs: int

    @property
    def ratio(self) -> float:
        return self.client_s / self.floor_s


def _signature(canonical: str, secret: str) -> str:
    return hmac.new(secret.encode(), canonical.encode(), hashlib.sha256).hexdigest()


async def _floor_list(http: httpx.AsyncClient, key: str, secret: str) -> list[Key]:
    query = f"timestamp={time.time_ns() // 1_000_000}"
    url = f"{OPEN_ORDERS_PATH}?{query}&signature={_signature(query, secret)}"
    answer = await http.get(url, headers={"x-api-key": key})
    data = answer.json()["data"]
    return [(order["displayingId"], order["symbol"]) for order in (data["orders"] if isinstance(data, dict) else data)]


async def _floor_cancel(http: httpx.AsyncClient, chunk: list[Key], key: str, secret: str) -> list[Key]:
    timestamp = time.time_ns() // 1_000_000
    canonical = "orders=" + "%2C".join(["%5Bobject+Object%5D"] * len(chunk)) + f"&timestamp={timestamp}"
    body: dict[str, Any] = {"orders": [{"displayingId": i, "symbol": s} for i, s in chunk], "timestamp": timestamp}
    body["signature"] = _signature(canonical, secret)
    headers = {"x-api-key": key, "content-type": "application/json"}
    answer = await http.request("DELETE", OPERATION_PATH, content=json.dumps(body).encode(), headers=headers)
    return [(order["displayingId"], order["symbol"]) for order in answer.json()["data"]]


async def floor(url: str, key: str, secret: str) -> tuple[list[Key], list[Key]]:
    """What was cancelled, and what the last listing showed."""
    gate = asyncio.Semaphore(CONCURRENCY)
    async with httpx.AsyncClient(base_url=url, timeout=60) as http:
        listed = await _floor_list(http, key, secret)

        async def cancel(chunk: list[Key]) -> list[Key]:
            async with gate:
                return await _floor_cancel(http, chunk, key, secret)

        chunks = [listed[start : start + CHUNK] for start in range(0, len(listed), CHUNK)]
        done = await asyncio.gather(*map(cancel, chunks))
        return [key for keys in done for key in keys], await _floor_list(http, key, secret)


async def _client(url: str, key: str, secret: str) -> tuple[list[Key], list[Key]]:
    async with signed_client(url, api_key=key, api_secret=secret) as client:
        report = await acancel_all(client, concurrency=CONCURRENCY)
    if not report.complete:
        raise BenchError(f"acancel_all did not finish: {report!r:.300}")
    return [tuple(key) for key in report.cancelled], []  # type: ignore[misc]


def _timed(run: Any, url: str, account: int, key: str, secret: str, orders: int) -> float:
    started = time.perf_counter()
    cancelled, left = asyncio.run(run(url, key, secret))
    seconds = time.perf_counter() - started
    if sorted(cancelled) != sorted(seeded_orders(orders, account)) or left:
        raise BenchError(f"a run on account {account} did not cancel exactly its {orders} orders")
    return seconds


def flat(orders: int, runs: int) -> Flat:
    """Medians of `runs` timed runs of each, taking turns, after one untimed run of each."""
    accounts = {f"bench-flat-{n:03}": f"bench-flat-secret-{n:03}" for n in range(1, 2 * runs + 3)}
    env = {
        **server_env(),
        "NAMI_MOCK_OPEN_ORDERS": str(orders),
        "NAMI_MOCK_EXTRA_ACCOUNTS": json.dumps(accounts),
        "NAMI_MOCK_LATENCY_MS": str(LATENCY_MS),
    }
    numbered = list(enumerate(accounts.items(), start=1))
    client_s, floor_s = [], []
    with running_mock(env) as url:
        for turn in range(runs + 1):
            (a, (key_a, secret_a)), (b, (key_b, secret_b)) = numbered[2 * turn], numbered[2 * turn + 1]
            client_time = _timed(_client, url, a, key_a, secret_a, orders)
            floor_time = _timed(floor, url, b, key_b, secret_b, orders)
            if turn:  # the first turn warms up imports, code paths and the mock
                client_s.append(client_time)
                floor_s.append(floor_time)
    return Flat(statistics.median(client_s), statistics.median(floor_s), runs)


if __name__ == "__main__":
    import sys

    result = flat(int(sys.argv[1]), int(sys.argv[2]))
    print(f"client {result.client_s:.3f} s, floor {result.floor_s:.3f} s, ratio {result.ratio:.3f}")

"""Requests per second the mock serves to 16 concurrent signed clients on loopback.

Each client is its own `signed_client` (its own connection) in one asyncio loop, sending 2-order
cancels one after another; all orders are distinct. A round fails if any call errs, if an answer
does not list exactly the orders its request named, or if an order comes back twice.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import os
import statistics
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from nami_client import signed_client
from nami_client.api.spot import delete_all_orders
from nami_client.client import Client
from nami_client.models import DeleteAllOrdersRequest, DeleteAllOrdersResponse, OrderRef

from tests.bench import BenchError
from tests.bench.client_cost import API_KEY, API_SECRET, SYMBOLS
from tests.mock.process import running_mock, running_server

CLIENTS = 16
ORDERS_PER_CALL = 2
Key = tuple[int, str]


@dataclass(frozen=True)
class Throughput:
    """Median requests per second of the mock and of the floor server, in the same run."""

    mock_rps: float
    floor_rps: float
    rounds: int
    requests_per_round: int


def server_env() -> dict[str, str]:
    clean = {key: value for key, value in os.environ.items() if not key.startswith("NAMI_")}
    return {**clean, "NAMI_API_KEY": API_KEY, "NAMI_API_SECRET": API_SECRET}


def running_floor(env: dict[str, str]) -> contextlib.AbstractContextManager[str]:
    """tests/bench/floor.py on a free loopback port, started and stopped as the mock is."""
    return running_server("tests.bench.floor", env)


async def _client_calls(client: Client, calls: list[list[Key]]) -> list[Key]:
    cancelled: list[Key] = []
    for keys in calls:
        body = DeleteAllOrdersRequest(orders=[OrderRef(displaying_id=i, symbol=s) for i, s in keys])
        response = await delete_all_orders.asyncio_detailed(client=client, body=body)
        parsed = response.parsed
        if response.status_code != 200 or not isinstance(parsed, DeleteAllOrdersResponse):
            raise BenchError(f"HTTP {response.status_code}: {response.content[:300]!r}")
        answered = [(order.displaying_id, order.symbol) for order in parsed.data]
        if answered != keys:
            raise BenchError(f"asked to cancel {keys}, the answer lists {answered}")
        cancelled += answered
    return cancelled


async def _round(clients: Sequence[Client], ids: Iterator[int], per_client: int) -> tuple[float, list[Key]]:
    """Requests per second of one round, and every order it cancelled."""
    plans = [
        [[(i := next(ids), SYMBOLS[i % len(SYMBOLS)]) for _ in range(ORDERS_PER_CALL)] for _ in range(per_client)]
        for _ in clients
    ]
    started = time.perf_counter_ns()
    results = await asyncio.gather(*map(_client_calls, clients, plans), return_exceptions=True)
    seconds = (time.perf_counter_ns() - started) / 1e9
    errors = [result for result in results if isinstance(result, BaseException)]
    if errors:
        raise BenchError(f"{len(errors)} of {len(clients)} clients failed; the first: {errors[0]!r}") from errors[0]
    cancelled = [key for result in results if not isinstance(result, BaseException) for key in result]
    return len(clients) * per_client / seconds, cancelled


async def requests_per_second(url: str, *, rounds: int, per_client: int) -> float:
    """The median over `rounds` timed rounds, after an untimed one that opens the connections."""
    ids = itertools.count(1)
    async with contextlib.AsyncExitStack() as stack:
        clients = [
            await stack.enter_async_context(signed_client(url, api_key=API_KEY, api_secret=API_SECRET))
            for _ in range(CLIENTS)
        ]
        _, cancelled = await _round(clients, ids, 2)
        rates = []
        for _ in range(rounds):
            rate, keys = await _round(clients, ids, per_client)
            rates.append(rate)
            cancelled += keys
    if len(set(cancelled)) != len(cancelled):
        raise BenchError("an order was cancelled twice")
    return statistics.median(rates)


def throughput(*, rounds: int, per_client: int) -> Throughput:
    env = server_env()
    with running_mock(env) as url:
        mock = asyncio.run(requests_per_second(url, rounds=rounds, per_client=per_client))
    with running_floor(env) as url:
        floor = asyncio.run(requests_per_second(url, rounds=rounds, per_client=per_client))
    return Throughput(mock, floor, rounds, CLIENTS * per_client)

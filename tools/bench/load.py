"""Requests per second the mock serves to 16 concurrent signed clients on loopback.

Each client is its own `signed_client` (its own connection) in one asyncio loop, sending 2-order
cancels one after another; all orders are distinct, and open in the mock's book (it is seeded with
as many as the run cancels). A round fails if any call errs, if an answer
does not list exactly the orders its request named, or if an order comes back twice. The mock
and the floor server run side by side and take turns, round by round.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import statistics
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from nami_client import signed_client
from nami_client.api.spot import delete_all_orders
from nami_client.client import Client
from nami_client.models import DeleteAllOrdersRequest, DeleteAllOrdersResponse, OrderRef
from nami_client.testing.book import Key, seeded_orders

from tools.bench import BenchError
from tools.bench.client_cost import API_KEY, API_SECRET
from tools.process import running_mock, running_server

CLIENTS = 16
ORDERS_PER_CALL = 2
UNTIMED_CALLS_PER_CLIENT = 2


@dataclass(frozen=True)
class Throughput:
    """Median requests per second of the mock and of the floor server, in the same run, taking turns."""

    mock_rps: float
    floor_rps: float
    rounds: int
    requests_per_round: int


def server_env() -> dict[str, str]:
    clean = {key: value for key, value in os.environ.items() if not key.startswith("NAMI_")}
    return {**clean, "NAMI_API_KEY": API_KEY, "NAMI_API_SECRET": API_SECRET}


def running_floor(env: dict[str, str]) -> contextlib.AbstractContextManager[str]:
    """tools/bench/floor.py on a free loopback port, started and stopped as the mock is."""
    return running_server("tools.bench.floor", env)


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


async def _round(clients: Sequence[Client], orders: Iterator[Key], per_client: int) -> tuple[float, list[Key]]:
    """Requests per second of one round, and every order it cancelled."""
    plans = [[[next(orders) for _ in range(ORDERS_PER_CALL)] for _ in range(per_client)] for _ in clients]
    started = time.perf_counter_ns()
    results = await asyncio.gather(*map(_client_calls, clients, plans), return_exceptions=True)
    seconds = (time.perf_counter_ns() - started) / 1e9
    errors = [result for result in results if isinstance(result, BaseException)]
    if errors:
        raise BenchError(f"{len(errors)} of {len(clients)} clients failed; the first: {errors[0]!r}") from errors[0]
    cancelled = [key for result in results if not isinstance(result, BaseException) for key in result]
    return len(clients) * per_client / seconds, cancelled


class _Server:
    """One server's clients, the orders they cancelled and each timed round's rate."""

    def __init__(self, clients: Sequence[Client], orders: list[Key]) -> None:
        self.clients, self.orders = clients, iter(orders)
        self.cancelled: list[Key] = []
        self.rates: list[float] = []

    async def round(self, per_client: int, *, timed: bool = True) -> None:
        rate, keys = await _round(self.clients, self.orders, per_client)
        self.cancelled += keys
        if timed:
            self.rates.append(rate)


async def _alternating(urls: list[str], orders: list[Key], *, rounds: int, per_client: int) -> list[float]:
    """Each server's median rate over `rounds` timed rounds, the servers taking turns round by round
    (so a change in the machine's load hits both), after an untimed round that opens the connections."""
    async with contextlib.AsyncExitStack() as stack:
        servers = []
        for url in urls:
            clients = [
                await stack.enter_async_context(signed_client(url, api_key=API_KEY, api_secret=API_SECRET))
                for _ in range(CLIENTS)
            ]
            servers.append(_Server(clients, orders))
        for server in servers:
            await server.round(UNTIMED_CALLS_PER_CLIENT, timed=False)
        for _ in range(rounds):
            for server in servers:
                await server.round(per_client)
    for server in servers:
        if len(set(server.cancelled)) != len(server.cancelled):
            raise BenchError("an order was cancelled twice")
    return [statistics.median(server.rates) for server in servers]


def throughput(*, rounds: int, per_client: int) -> Throughput:
    count = CLIENTS * ORDERS_PER_CALL * (UNTIMED_CALLS_PER_CLIENT + rounds * per_client)
    env = server_env()
    with running_mock({**env, "NAMI_MOCK_OPEN_ORDERS": str(count)}) as mock_url, running_floor(env) as floor_url:
        urls = [mock_url, floor_url]
        mock, floor = asyncio.run(_alternating(urls, seeded_orders(count), rounds=rounds, per_client=per_client))
    return Throughput(mock, floor, rounds, CLIENTS * per_client)

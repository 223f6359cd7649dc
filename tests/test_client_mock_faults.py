"""The service layer against the running mock and its transient faults.

Each fault hits the first request for a given `orders` list; a retry of the list goes through.
Every test cancels an order of its own, so the tests may run in any order.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest
from nami_client import signed_client
from nami_client.api.spot import delete_all_orders
from nami_client.errors import NamiError, RateLimitError, ServerError, TransportError
from nami_client.models import DeleteAllOrdersRequest, DeleteAllOrdersResponse, OrderRef
from nami_client.testing.book import seeded_orders

from tests.client_fakes import FakeTime
from tests.conftest import MOCK_KEY, MOCK_SECRET
from tools.process import running_mock

FAULTS = ["flaky-503", "rate-limit-429", "status-520", "drop-connection", "slow"]
TIMEOUT = 0.3  # the slow fault answers after 1 s
_open_orders = iter(seeded_orders(50))  # each mock seeds the same 50; each test takes its own


@pytest.fixture(scope="module")
def mock_with() -> Iterator[Callable[[str], str]]:
    """The URL of a mock with a fault planted, started on first use."""
    with contextlib.ExitStack() as stack:
        urls: dict[str, str] = {}

        def url(fault: str) -> str:
            if fault not in urls:
                env = {**os.environ, "NAMI_API_KEY": MOCK_KEY, "NAMI_API_SECRET": MOCK_SECRET}
                env.update(NAMI_MOCK_FAULT=fault, NAMI_MOCK_SLOW_SECONDS="1")
                urls[fault] = stack.enter_context(running_mock(env))
            return urls[fault]

        yield url


def fresh_order() -> DeleteAllOrdersRequest:
    displaying_id, symbol = next(_open_orders)
    return DeleteAllOrdersRequest(orders=[OrderRef(displaying_id=displaying_id, symbol=symbol)])


def cancel_twice(url: str, mode: str, **settings: Any) -> list[object]:
    """Two cancels of one fresh order on one client, sync or async; each result or the error raised."""
    body = fresh_order()

    def sync() -> list[object]:
        with signed_client(url, api_key=MOCK_KEY, api_secret=MOCK_SECRET, **settings) as client:
            return [_outcome(lambda: delete_all_orders.sync(client=client, body=body)) for _ in range(2)]

    async def run_async() -> list[object]:
        async with signed_client(url, api_key=MOCK_KEY, api_secret=MOCK_SECRET, **settings) as client:
            results: list[object] = []
            for _ in range(2):
                try:
                    results.append(await delete_all_orders.asyncio(client=client, body=body))
                except NamiError as exc:
                    results.append(exc)
            return results

    return sync() if mode == "sync" else asyncio.run(run_async())


def _outcome(call: Callable[[], object]) -> object:
    try:
        return call()
    except NamiError as exc:
        return exc


def cancelled_ids(result: object) -> list[int]:
    assert isinstance(result, DeleteAllOrdersResponse), result
    return [order.displaying_id for order in result.data]


@pytest.mark.parametrize("mode", ["sync", "async"])
@pytest.mark.parametrize("fault", FAULTS)
def test_a_retried_cancel_gets_through_each_fault_once(mock_with: Callable[[str], str], fault: str, mode: str) -> None:
    time = FakeTime()
    # The first call's first attempt meets the fault; its retry, signed afresh, is accepted.
    first, second = cancel_twice(mock_with(fault), mode, retry=time.retry(), timeout=TIMEOUT)
    assert len(cancelled_ids(first)) == 1
    assert cancelled_ids(second) == []  # the order is reported once, by the call that cancelled it
    wait = 1.0 if fault == "rate-limit-429" else 0.25  # the mock's Retry-After: 1 is honoured
    assert time.sleeps == [wait]  # the second call was not faulted: its list had been sent before


EXPECTED: dict[str, Callable[[object], bool]] = {
    "flaky-503": lambda e: isinstance(e, ServerError) and e.status_code == 503 and e.code == 5030,
    "rate-limit-429": lambda e: isinstance(e, RateLimitError) and e.retry_after == 1.0,
    "status-520": lambda e: isinstance(e, ServerError) and e.status_code == 520 and e.code == 5200,
    "drop-connection": lambda e: (
        isinstance(e, TransportError) and isinstance(e.__cause__, httpx.RemoteProtocolError | httpx.ReadError)
    ),
    "slow": lambda e: isinstance(e, TransportError) and isinstance(e.__cause__, httpx.ReadTimeout),
}


@pytest.mark.parametrize("mode", ["sync", "async"])
@pytest.mark.parametrize("fault", FAULTS)
def test_without_retries_each_fault_raises_its_error(mock_with: Callable[[str], str], fault: str, mode: str) -> None:
    failed, then = cancel_twice(mock_with(fault), mode, retry=None, timeout=TIMEOUT)
    assert EXPECTED[fault](failed), repr(failed)
    assert isinstance(then, DeleteAllOrdersResponse)  # the next request is not faulted

"""The generated Get Open Orders, signed in its query by the hook: against the running mock (which
checks the query's signature as URLSearchParams reads it), and its retries on fakes."""

from __future__ import annotations

import asyncio
import itertools

import pytest
from nami_client import AuthenticationError, signed_client
from nami_client.api.spot import get_open_orders
from nami_client.models import OpenOrdersPage, OpenOrdersResponse, Order
from nami_client.signing import query_params
from nami_client.testing.book import seeded_orders
from nami_client.types import UNSET, Unset

from tests.client_fakes import SECRET, FakeTime, ScriptedExchange, answer, client_for
from tests.conftest import MOCK_KEY, MOCK_SECRET
from tests.signatures import signature_valid

SEEDED = set(seeded_orders(50))


def listed(answer: OpenOrdersResponse) -> list[tuple[int, str]]:
    orders = answer.data.orders if isinstance(answer.data, OpenOrdersPage) else answer.data
    return [(order.displaying_id, order.symbol) for order in orders]


def list_both_ways(url: str, pair: str | Unset = UNSET, secret: str = MOCK_SECRET) -> list[OpenOrdersResponse]:
    """The listing by the sync and by the async function."""
    sync = get_open_orders.sync(client=signed_client(url, api_key=MOCK_KEY, api_secret=secret), filter_by_pair=pair)

    async def run() -> OpenOrdersResponse:
        async with signed_client(url, api_key=MOCK_KEY, api_secret=secret) as client:
            return await get_open_orders.asyncio(client=client, filter_by_pair=pair)

    return [sync, asyncio.run(run())]


def test_lists_the_open_orders_typed_sync_and_async(mock_url: str) -> None:
    first, second = list_both_ways(mock_url)
    assert isinstance(first, OpenOrdersResponse) and isinstance(first.data, OpenOrdersPage)
    assert all(isinstance(order, Order) and order.status == "NEW" for order in first.data.orders)
    assert listed(first) == listed(second)
    assert len(listed(first)) > 20 and set(listed(first)) <= SEEDED  # other tests cancel a few


@pytest.mark.parametrize("pair", ["SOLUSDT", "BTC/USD", "a b+c&d=e%f~*é"])
def test_filter_by_pair_is_signed_exactly_as_the_mock_reads_it(mock_url: str, pair: str) -> None:
    for answer_ in list_both_ways(mock_url, pair):
        orders = listed(answer_)
        assert all(symbol == pair for _, symbol in orders)
        assert (pair == "SOLUSDT") == (len(orders) > 0)


def test_a_wrong_secret_raises_authentication_error(mock_url: str) -> None:
    with pytest.raises(AuthenticationError, match="bad signature"):
        list_both_ways(mock_url, secret="not-the-secret")


@pytest.mark.parametrize("mode", ["sync", "async"])
def test_each_attempt_signs_the_query_afresh(mode: str) -> None:
    exchange = ScriptedExchange(answer(503), answer(200, {"status": "ok", "data": []}))
    clock = itertools.count(1_700_000_000_000, 250)
    client = client_for(exchange, retry=FakeTime().retry(), clock=lambda: next(clock))
    if mode == "sync":
        result = get_open_orders.sync(client=client, filter_by_pair="BTCUSDT")
    else:
        result = asyncio.run(get_open_orders.asyncio(client=client, filter_by_pair="BTCUSDT"))
    assert isinstance(result, OpenOrdersResponse) and result.data == []  # the older published shape
    sent = [query_params(request.url.query) for request in exchange.seen]
    # The clock was read once when the client was built (to check it), then once per attempt.
    assert [params["timestamp"] for params in sent] == ["1700000000250", "1700000000500"]
    assert all(signature_valid(params, SECRET) and params["filterByPair"] == "BTCUSDT" for params in sent)
    assert all(request.content == b"" and request.method == "GET" for request in exchange.seen)

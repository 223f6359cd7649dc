"""The service's shutdown against the mock exchange of `nami-client[testing]`, through its public API
only: the `nami_exchange` fixture and `nami_client.testing.MockExchange`."""

from __future__ import annotations

import asyncio

import pytest
from nami_client import Retry
from nami_client.testing import MockExchange
from shutdown_service import OrderService

FAST = Retry(backoff=0.01, jitter=0, total=5)


def service(exchange: MockExchange) -> OrderService:
    return OrderService(exchange.url, exchange.api_key, exchange.api_secret, retry=FAST)


@pytest.mark.nami_exchange(open_orders=250)
def test_a_clean_shutdown_cancels_everything(nami_exchange: MockExchange) -> None:
    result = service(nami_exchange).shutdown()
    assert result.clean and result.cancelled == 250
    assert nami_exchange.open_orders() == []


@pytest.mark.nami_exchange(open_orders=3)
def test_a_429_is_waited_out(nami_exchange: MockExchange) -> None:
    nami_exchange.fault("rate-429", times=2, retry_after=0)
    result = service(nami_exchange).shutdown()
    assert result.clean and result.cancelled == 3
    assert [request["status"] for request in nami_exchange.requests][:3] == [429, 429, 200]


@pytest.mark.nami_exchange(open_orders=5)
def test_a_lost_answer_is_settled_by_the_listing(nami_exchange: MockExchange) -> None:
    nami_exchange.fault("drop-after-cancel")  # the cancel goes through; its answer never arrives
    result = service(nami_exchange).shutdown()
    assert result.clean and result.cancelled == 5
    assert "drop-after-cancel" in [request["fault"] for request in nami_exchange.requests]


@pytest.mark.nami_exchange(open_orders=6)
def test_a_partial_cancel_is_sent_again(nami_exchange: MockExchange) -> None:
    nami_exchange.fault("partial-cancel", times=1)  # the first cancel carries out only half
    result = service(nami_exchange).shutdown()
    assert result.clean and result.cancelled == 6
    deletes = [request for request in nami_exchange.requests if request["method"] == "DELETE"]
    assert len(deletes) == 2 and len(deletes[1]["body"]["orders"]) == 3


@pytest.mark.nami_exchange(open_orders=2)
def test_a_clock_offset_is_reported_not_raised(nami_exchange: MockExchange) -> None:
    nami_exchange.fault("clock-offset", times=None, offset_ms=120_000)
    result = service(nami_exchange).shutdown()
    assert not result.clean and result.error is not None and "AuthenticationError" in result.error
    assert nami_exchange.api_secret not in result.error and len(nami_exchange.open_orders()) == 2


def test_an_order_placed_by_the_service_is_cancelled_too(nami_exchange: MockExchange) -> None:
    placed = nami_exchange.place(symbol="ETHUSDT", price=2500.5)
    assert service(nami_exchange).shutdown().cancelled == 1
    assert placed not in nami_exchange.open_orders()


def test_an_async_service_shuts_down_the_same() -> None:
    with MockExchange(open_orders=4) as exchange:
        exchange.fault("rate-429", retry_after=0)
        result = asyncio.run(service(exchange).ashutdown())
    assert result.clean and result.cancelled == 4

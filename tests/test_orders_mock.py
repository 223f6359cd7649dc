"""`cancel_all` and `cancel_orders` against the real mock, in its own process: whole books of 450
orders, one book per API key (each test uses accounts of its own), and a cancel whose answer is
lost after the mock carried it out (the planted `cancel-then-drop` fault)."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from nami_client import DeadlineExceeded, OrderKey, ResponseTooLargeError, signed_client
from nami_client.api.spot import get_open_orders
from nami_client.factory import RaisingClient
from nami_client.models import OpenOrdersPage
from nami_client.testing.book import seeded_orders

from tests.client_fakes import FakeTime
from tests.orders_fakes import run_cancel_all, run_cancel_orders
from tools.process import mock_env, running_mock

ORDERS = 450
ACCOUNTS = {f"orders-key-{n:04}": f"orders-secret-{n:04}" for n in range(1, 11)}  # extra accounts 1 to 10
KEYS = list(ACCOUNTS)


def _env(**settings: str) -> dict[str, str]:
    return mock_env(
        "orders-key-0000", "orders-secret-0000", ACCOUNTS, **{"NAMI_MOCK_OPEN_ORDERS": str(ORDERS), **settings}
    )


@pytest.fixture(scope="module")
def books_url() -> Iterator[str]:
    with running_mock(_env()) as url:
        yield url


@pytest.fixture(scope="module")
def dropping_url() -> Iterator[str]:
    """A mock that carries out the first cancel of each list of orders, then cuts its answer off."""
    with running_mock(_env(NAMI_MOCK_FAULT="cancel-then-drop")) as url:
        yield url


class Counted:
    """A signed client for account `n` that counts the requests it sends (the calls, not the attempts)."""

    def __init__(self, url: str, n: int, mode: str, **settings: Any) -> None:
        self.requests: list[str] = []

        def count(request: httpx.Request) -> None:
            self.requests.append(request.method)

        async def acount(request: httpx.Request) -> None:
            count(request)

        hooks = {"request": [count if mode == "sync" else acount]}
        key = KEYS[n - 1]
        self.client: RaisingClient = signed_client(
            url, api_key=key, api_secret=ACCOUNTS[key], httpx_args={"event_hooks": hooks}, **settings
        )


def account_orders(n: int) -> list[OrderKey]:
    return [OrderKey(*key) for key in seeded_orders(ORDERS, account=n)]


def still_listed(url: str, n: int) -> list[OrderKey]:
    key = KEYS[n - 1]
    answer = get_open_orders.sync(client=signed_client(url, api_key=key, api_secret=ACCOUNTS[key]))
    assert isinstance(answer.data, OpenOrdersPage)
    return [OrderKey(order.displaying_id, order.symbol) for order in answer.data.orders]


@pytest.mark.parametrize(("mode", "account", "untouched"), [("sync", 1, 2), ("async", 3, 4)])
def test_cancel_all_cancels_a_whole_book_and_a_second_run_finds_nothing(
    books_url: str, mode: str, account: int, untouched: int
) -> None:
    counted = Counted(books_url, account, mode)
    report = run_cancel_all(mode, counted.client)
    assert report.cancelled == account_orders(account) and report.complete
    assert counted.requests == ["GET", "DELETE", "DELETE", "DELETE", "GET"]  # 450 orders: 3 chunks
    assert still_listed(books_url, account) == []

    second = Counted(books_url, account, mode)  # an async client serves one event loop
    again = run_cancel_all(mode, second.client)
    assert (again.cancelled, again.already_gone, again.still_open, again.failed) == ([], [], [], [])
    assert second.requests == ["GET"]
    assert still_listed(books_url, untouched) == account_orders(untouched)  # another key's book


@pytest.mark.parametrize(("mode", "account"), [("sync", 5), ("async", 6)])
def test_cancel_all_of_one_pair_leaves_the_others(books_url: str, mode: str, account: int) -> None:
    counted = Counted(books_url, account, mode)
    report = run_cancel_all(mode, counted.client, "ETHUSDT", chunk_size=50)
    orders = account_orders(account)
    assert report.cancelled == [order for order in orders if order.symbol == "ETHUSDT"] and report.complete
    assert counted.requests == ["GET"] + ["DELETE"] * 3 + ["GET"]  # 113 orders in chunks of 50
    assert still_listed(books_url, account) == [order for order in orders if order.symbol != "ETHUSDT"]


@pytest.mark.parametrize(("mode", "account"), [("sync", 7), ("async", 8)])
def test_cancel_orders_reports_what_was_not_open(books_url: str, mode: str, account: int) -> None:
    counted = Counted(books_url, account, mode)
    mine, others = account_orders(account)[:3], account_orders(1)[:1]
    report = run_cancel_orders(mode, counted.client, [*mine, *others, (123, "BTCUSDT")])
    assert report.cancelled == mine
    assert report.already_gone == [*others, OrderKey(123, "BTCUSDT")]
    assert counted.requests == ["DELETE", "GET"]


@pytest.mark.parametrize(("mode", "account"), [("sync", 1), ("async", 2)])
def test_a_cancel_carried_out_whose_answer_was_lost_counts_as_cancelled(
    dropping_url: str, mode: str, account: int
) -> None:
    """Each chunk's first attempt is carried out and its answer cut off; the resent attempt finds
    none of the orders open. Without knowing that, a run would call every order already gone."""
    counted = Counted(dropping_url, account, mode, retry=FakeTime().retry())
    report = run_cancel_all(mode, counted.client, chunk_size=200)
    assert report.cancelled == account_orders(account) and report.already_gone == []
    assert counted.requests == ["GET", "DELETE", "DELETE", "DELETE", "GET"]  # each DELETE sent twice
    assert still_listed(dropping_url, account) == []


def test_a_book_of_100000_orders_is_emptied_with_the_default_settings() -> None:
    with running_mock(_env(NAMI_MOCK_OPEN_ORDERS="100000")) as url:
        client = signed_client(url, api_key="orders-key-0000", api_secret="orders-secret-0000")
        report = run_cancel_all("sync", client)
        assert report.complete and len(report.cancelled) == 100_000
        assert report.listed == {symbol: 25_000 for symbol in ("BTCUSDT", "ETHUSDT", "SOLUSDT", "BNBUSDT")}
        listing = get_open_orders.sync(client=client)
        assert isinstance(listing.data, OpenOrdersPage) and listing.data.orders == []


@pytest.mark.parametrize(("mode", "account"), [("sync", 9), ("async", 10)])
def test_a_listing_past_its_limit_names_the_setting_to_raise(books_url: str, mode: str, account: int) -> None:
    counted = Counted(books_url, account, mode, max_listing_bytes=100_000)
    with pytest.raises(ResponseTooLargeError, match=r"signed_client\(\.\.\., max_listing_bytes=\.\.\.\)") as caught:
        run_cancel_all(mode, counted.client)
    assert caught.value.report is not None and caught.value.report.listed == {}
    assert counted.requests == ["GET"]


@pytest.fixture(scope="module")
def slow_url() -> Iterator[str]:
    """A mock whose first cancel of each list of orders answers 5 s late."""
    with running_mock(_env(NAMI_MOCK_FAULT="slow", NAMI_MOCK_SLOW_SECONDS="5")) as url:
        yield url


@pytest.mark.parametrize(("mode", "account"), [("sync", 5), ("async", 6)])
def test_a_hanging_cancel_on_the_network_ends_at_the_deadline(slow_url: str, mode: str, account: int) -> None:
    counted = Counted(slow_url, account, mode)
    started = time.monotonic()
    with pytest.raises(DeadlineExceeded) as caught:
        run_cancel_all(mode, counted.client, deadline=1.0)
    assert time.monotonic() - started < 1.0 + 1.0
    report = caught.value.report
    assert report is not None and not report.complete
    assert [failure.order for failure in report.failed] == account_orders(account)
    assert counted.requests == ["GET", "DELETE", "DELETE", "DELETE"]


def test_the_mock_latency_is_added_to_every_answer_without_blocking_the_others() -> None:
    async def four_listings(url: str) -> float:
        async with signed_client(url, api_key="orders-key-0000", api_secret="orders-secret-0000") as client:
            await get_open_orders.asyncio(client=client)  # opens a connection
            started = time.monotonic()
            await asyncio.gather(*(get_open_orders.asyncio(client=client) for _ in range(4)))
            return time.monotonic() - started

    with running_mock(_env(NAMI_MOCK_LATENCY_MS="300", NAMI_MOCK_OPEN_ORDERS="2")) as url:
        seconds = asyncio.run(four_listings(url))
        refused = httpx.get(f"{url}/nowhere")
    assert 0.3 <= seconds < 0.3 * 2  # the four waited side by side
    assert refused.status_code == 404 and refused.elapsed.total_seconds() >= 0.3

"""nami_client.testing's MockExchange, as a downstream test uses it: books, faults by name scheduled by
count or predicate, the redacted request log, reset, limits, sync and async clients."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Iterator

import httpx
import pytest
from nami_client import AuthenticationError, RateLimitError, ServerError, TransportError, signed_client
from nami_client.api.spot import get_open_orders
from nami_client.errors import ApiError
from nami_client.orders import acancel_all, cancel_all
from nami_client.retry import Retry
from nami_client.signing import canonical_query
from nami_client.testing import MockExchange
from nami_client.testing.book import SYMBOLS
from nami_client.testing.faults import Fault
from nami_client.testing.kit_faults import FAULT_NAMES
from nami_client.testing.recording import MAX_REQUESTS
from nami_client.testing.schedule import MAX_SCHEDULED

from tests.signatures import with_signature
from tools.spec import OPEN_ORDERS_PATH, OPERATION_PATH

NO_RETRY = Retry(attempts=1)


@pytest.fixture(scope="module")
def shared() -> Iterator[MockExchange]:
    with MockExchange() as exchange:
        yield exchange


@pytest.fixture
def ex(shared: MockExchange) -> MockExchange:
    shared.reset(open_orders=4)
    return shared


def _client(ex: MockExchange, retry: Retry = NO_RETRY, api_key: str | None = None, secret: str | None = None):  # type: ignore[no-untyped-def]
    return signed_client(ex.url, api_key=api_key or ex.api_key, api_secret=secret or ex.api_secret, retry=retry)


def _listing(ex: MockExchange) -> list[int]:
    with _client(ex) as client:
        page = get_open_orders.sync(client=client)
    return [order.displaying_id for order in page.data.orders]


def _cancel(ex: MockExchange, *ids: int) -> httpx.Response:
    """A signed Delete All Orders, sent raw, so any answer (or none) is seen as it is."""
    orders = [{"displayingId": i, "symbol": SYMBOLS[(i - 435372) % len(SYMBOLS)]} for i in ids]
    body = with_signature({"orders": orders, "timestamp": time.time_ns() // 1_000_000}, ex.api_secret)
    headers = {"x-api-key": ex.api_key, "content-type": "application/json"}
    return httpx.request("DELETE", ex.url + OPERATION_PATH, content=json.dumps(body), headers=headers)


def test_books_are_seeded_placed_into_and_read_directly(ex: MockExchange) -> None:
    assert [order["displayingId"] for order in ex.open_orders()] == [435372, 435373, 435374, 435375]
    placed = ex.place(symbol="BTCUSDT", price=25.5, side="SELL")
    assert ex.place(symbol="SOLUSDT")["symbol"] == "SOLUSDT"
    assert placed["symbol"] == "BTCUSDT" and placed["price"] == 25.5 and placed["status"] == "NEW"
    assert ex.open_orders()[-2] == placed
    assert _listing(ex)[-2] == placed["displayingId"]
    assert _cancel(ex, placed["displayingId"]).json()["data"][0]["price"] == 25.5  # cancelled as placed
    assert placed not in ex.open_orders()
    for bad in ({"price": "cheap"}, {"status": "FILLED"}, {"displayingId": 435372}, {"displayingId": "1"}):
        with pytest.raises(ValueError):
            ex.place(**bad)


def test_each_account_has_its_own_book(shared: MockExchange) -> None:
    shared.reset(open_orders=2, accounts={"key-2": "secret-2"})
    shared.place(api_key="key-2")
    assert len(shared.open_orders()) == 2 and len(shared.open_orders(api_key="key-2")) == 3
    with _client(shared, api_key="key-2", secret="secret-2") as client:
        report = cancel_all(client)
    assert len(report.cancelled) == 3 and len(shared.open_orders()) == 2
    assert {entry["account"] for entry in shared.requests} == {1}
    with pytest.raises(ValueError, match="no account"):
        shared.open_orders(api_key="key-3")


def test_reset_gives_fresh_books_no_faults_and_an_empty_log(ex: MockExchange) -> None:
    ex.fault("server-500", times=None)
    _cancel(ex, 435372)
    ex.place()
    ex.reset()
    assert len(ex.open_orders()) == 0 and ex.requests == []  # seeded as at the start: MockExchange()
    assert _cancel(ex, 435372).status_code == 200


def test_rate_429_hits_the_next_requests_with_retry_after(ex: MockExchange) -> None:
    ex.fault("rate-429", times=2, retry_after=3)
    first, second, third = _cancel(ex, 435372), _cancel(ex, 435372), _cancel(ex, 435372)
    assert (first.status_code, second.status_code, third.status_code) == (429, 429, 200)
    assert first.headers["retry-after"] == "3" and first.json()["status"] == "RATE_LIMITED"
    assert [entry["fault"] for entry in ex.requests] == ["rate-429", "rate-429", None]
    with _client(ex) as client, pytest.raises(RateLimitError):
        ex.fault("rate-429")
        get_open_orders.sync(client=client)


@pytest.mark.parametrize(("name", "error"), [("ban-418", ApiError), ("server-500", ServerError)])
def test_error_answers_reach_the_client_typed(ex: MockExchange, name: str, error: type[Exception]) -> None:
    ex.fault(name)
    with _client(ex) as client, pytest.raises(error):
        get_open_orders.sync(client=client)


def test_drop_loses_the_answer_and_the_cancel(ex: MockExchange) -> None:
    ex.fault("drop")
    with pytest.raises(httpx.HTTPError):
        _cancel(ex, 435372)
    assert len(ex.open_orders()) == 4
    assert ex.requests[0]["status"] is None and ex.requests[0]["fault"] == "drop"


def test_drop_after_cancel_cancels_then_loses_the_answer(ex: MockExchange) -> None:
    ex.fault("drop-after-cancel")
    with pytest.raises(httpx.HTTPError):
        _cancel(ex, 435372)
    assert [order["displayingId"] for order in ex.open_orders()] == [435373, 435374, 435375]


def test_slow_answers_late(ex: MockExchange) -> None:
    ex.fault("slow", seconds=0.3)
    started = time.monotonic()
    assert _cancel(ex, 435372).status_code == 200
    assert time.monotonic() - started >= 0.3


def test_clock_offset_refuses_timestamps_from_a_clock_that_is_off(ex: MockExchange) -> None:
    ex.fault("clock-offset", offset_ms=-30_000)
    with _client(ex) as client, pytest.raises(AuthenticationError, match="ms from server time"):
        get_open_orders.sync(client=client)
    assert len(_listing(ex)) == 4


def test_lagging_listing_shows_the_book_as_it_was(ex: MockExchange) -> None:
    ex.fault("lagging-listing", times=1)
    _cancel(ex, 435372, 435373)
    assert _listing(ex) == [435372, 435373, 435374, 435375]  # lagging
    assert _listing(ex) == [435374, 435375]


def test_fill_during_cancel_and_partial_cancel(ex: MockExchange) -> None:
    ex.fault("fill-during-cancel")
    assert [order["displayingId"] for order in _cancel(ex, 435372, 435373).json()["data"]] == [435373]
    ex.fault("partial-cancel")
    assert [order["displayingId"] for order in _cancel(ex, 435374, 435375).json()["data"]] == [435374]
    assert [order["displayingId"] for order in ex.open_orders()] == [435375]


def test_a_predicate_picks_the_requests_a_fault_hits(ex: MockExchange) -> None:
    ex.fault("server-500", when=lambda request: request["method"] == "DELETE" and len(request["body"]["orders"]) > 1)
    assert _listing(ex) and _cancel(ex, 435372).status_code == 200
    assert _cancel(ex, 435373, 435374).status_code == 500
    assert _cancel(ex, 435373, 435374).status_code == 200  # times=1: spent


def test_a_failing_predicate_is_reported_not_swallowed(ex: MockExchange) -> None:
    ex.fault("drop", when=lambda request: request["nothing"])
    assert _cancel(ex, 435372).status_code == 500
    assert "KeyError" in ex.requests[0]["error"] and ex.requests[0]["fault"] == "predicate-error"


def test_the_same_schedule_gives_the_same_run(ex: MockExchange) -> None:
    def run() -> list[tuple[str, int | None, str | None]]:
        ex.reset(open_orders=450)
        ex.fault("rate-429", times=1, retry_after=0)
        ex.fault("partial-cancel", times=2)
        ex.fault("drop-after-cancel", when=lambda request: request["method"] == "DELETE")
        with _client(ex, Retry(backoff=0, jitter=0)) as client:
            cancel_all(client)
        return [(entry["method"], entry["status"], entry["fault"]) for entry in ex.requests]

    assert run() == run()


def _list_raw(ex: MockExchange) -> httpx.Response:
    query = canonical_query(with_signature({"timestamp": time.time_ns() // 1_000_000}, ex.api_secret))
    return httpx.get(f"{ex.url}{OPEN_ORDERS_PATH}?{query}", headers={"x-api-key": ex.api_key})


@pytest.mark.parametrize("name", [fault.value for fault in Fault if fault is not Fault.SLOW])
def test_every_planted_fault_can_be_scheduled(ex: MockExchange, name: str) -> None:
    ex.fault(name)
    for _ in range(2):  # the first request it can change meets it, the second is faithful
        try:
            _list_raw(ex) if name.startswith("list-") else _cancel(ex, 435372, 435373)
        except httpx.HTTPError:
            assert "drop" in name
    assert [entry["fault"] for entry in ex.requests] == [name, None]


def test_unknown_faults_and_options_are_refused_by_name(ex: MockExchange) -> None:
    with pytest.raises(ValueError, match="known faults: rate-429, ban-418"):
        ex.fault("rate-430")
    with pytest.raises(ValueError, match="its options: seconds"):
        ex.fault("slow", second=1)
    for times in (0, -1, 1.5, True):
        with pytest.raises(ValueError):
            ex.fault("drop", times=times)  # type: ignore[arg-type]
    assert set(FAULT_NAMES) >= {"rate-429", "ban-418", "server-500", "drop", "drop-after-cancel", "slow"}


def test_the_log_redacts_credentials(ex: MockExchange) -> None:
    with _client(ex) as client:
        cancel_all(client)
    text = repr(ex.requests) + repr(ex)
    assert ex.api_key not in text and ex.api_secret not in text and "[redacted]" in text
    assert {(entry["method"], entry["path"], entry["status"]) for entry in ex.requests} == {
        ("GET", OPEN_ORDERS_PATH, 200),
        ("DELETE", OPERATION_PATH, 200),
    }


def test_the_state_is_bounded(ex: MockExchange, monkeypatch: pytest.MonkeyPatch) -> None:
    for _ in range(MAX_SCHEDULED):
        ex.fault("slow", when=lambda request: False)
    with pytest.raises(ValueError, match="already waiting"):
        ex.fault("slow")
    ex.reset()
    monkeypatch.setattr("nami_client.testing.recording.MAX_REQUESTS", 2)
    answers = [_cancel(ex, 435372).status_code for _ in range(3)]
    assert answers == [200, 200, 503] and len(ex.requests) == 2
    assert MAX_REQUESTS == 10_000


def test_async_tests_use_it_the_same(ex: MockExchange) -> None:
    async def shutdown() -> int:
        ex.fault("rate-429", retry_after=0)
        async with _client(ex, Retry(backoff=0, jitter=0)) as client:
            report = await acancel_all(client)
        return len(report.cancelled)

    assert asyncio.run(shutdown()) == 4
    assert [entry["status"] for entry in ex.requests][:2] == [429, 200]


def test_close_stops_the_server() -> None:
    exchange = MockExchange()
    url = exchange.url
    exchange.close()
    with pytest.raises(httpx.ConnectError):
        httpx.get(url + OPEN_ORDERS_PATH)
    with pytest.raises(TransportError), signed_client(url, api_key="k", api_secret="s", retry=NO_RETRY) as client:
        get_open_orders.sync(client=client)

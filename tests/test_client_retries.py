"""Retries of a signed client, sync and async: what is retried, how long it waits, and re-signing."""

from __future__ import annotations

import asyncio
import itertools
import json
from collections.abc import AsyncIterator, Callable, Iterator

import httpx
import pytest
from nami_client.api.spot import delete_all_orders
from nami_client.client import Client
from nami_client.errors import AuthenticationError, BrokerError, RateLimitError, ServerError, TransportError
from nami_client.models import DeleteAllOrdersResponse
from nami_client.retry import DEFAULT_RETRY, Retry

from tests.client_fakes import (
    BODY,
    OK,
    FakeTime,
    RawServer,
    Result,
    ScriptedExchange,
    answer,
    cancel_async,
    cancel_sync,
    client_for,
    real_client,
    verified_timestamp,
)


def test_a_503_then_success_gives_one_result_and_each_attempt_is_signed_afresh(
    cancel: Callable[[Client], Result],
) -> None:
    exchange = ScriptedExchange(answer(503, b"busy"), answer(200))
    time = FakeTime()
    ticks = itertools.count(1_700_000_000_000, 250)
    result = cancel(client_for(exchange, retry=time.retry(), clock=lambda: next(ticks)))

    assert isinstance(result, DeleteAllOrdersResponse)
    first, second = exchange.seen
    assert verified_timestamp(first) < verified_timestamp(second)  # both verify, the second is fresh
    assert json.loads(first.content)["signature"] != json.loads(second.content)["signature"]
    assert time.sleeps == [0.25]


def test_the_wait_doubles_up_to_the_attempt_limit(cancel: Callable[[Client], Result]) -> None:
    exchange = ScriptedExchange(answer(503, b"busy"))
    time = FakeTime()
    with pytest.raises(ServerError) as caught:
        cancel(client_for(exchange, retry=time.retry(attempts=4, backoff=0.25, multiplier=2)))
    assert time.sleeps == [0.25, 0.5, 1.0]
    assert len(exchange.seen) == 4
    assert caught.value.attempts == 4
    assert "after 4 attempts" in str(caught.value)


def test_the_wait_is_capped_and_jitter_takes_up_to_its_share_off(cancel: Callable[[Client], Result]) -> None:
    capped = FakeTime()
    with pytest.raises(ServerError):
        cancel(
            client_for(ScriptedExchange(answer(500, b"")), retry=capped.retry(backoff=1, multiplier=10, max_backoff=3))
        )
    assert capped.sleeps == [1, 3, 3]
    jittered = FakeTime()
    with pytest.raises(ServerError):
        cancel(client_for(ScriptedExchange(answer(500, b"")), retry=jittered.retry(jitter=0.5, random=1.0)))
    assert jittered.sleeps == [0.125, 0.25, 0.5]


def test_default_policy() -> None:
    assert (DEFAULT_RETRY.attempts, DEFAULT_RETRY.backoff, DEFAULT_RETRY.multiplier) == (4, 0.25, 2.0)
    assert (DEFAULT_RETRY.max_backoff, DEFAULT_RETRY.total, DEFAULT_RETRY.jitter) == (4.0, 20.0, 0.5)
    real = Retry()
    assert all(0.125 <= real.delay(1) <= 0.25 for _ in range(200))  # real jitter stays in its band


@pytest.mark.parametrize("status", [429, 503])
def test_retry_after_is_honoured(cancel: Callable[[Client], Result], status: int) -> None:
    exchange = ScriptedExchange(answer(status, b"", {"Retry-After": "3"}), answer(200))
    time = FakeTime()
    assert isinstance(cancel(client_for(exchange, retry=time.retry())), DeleteAllOrdersResponse)
    assert time.sleeps == [3.0]


def test_a_retry_after_past_the_total_budget_is_not_waited_for(cancel: Callable[[Client], Result]) -> None:
    exchange = ScriptedExchange(answer(429, b"", {"Retry-After": "60"}), answer(200))
    time = FakeTime()
    with pytest.raises(RateLimitError) as caught:
        cancel(client_for(exchange, retry=time.retry(total=20)))
    assert caught.value.retry_after == 60
    assert time.sleeps == []
    assert len(exchange.seen) == 1


@pytest.mark.parametrize(
    ("status", "error"), [(400, BrokerError), (401, AuthenticationError), (403, Exception), (415, Exception)]
)
def test_4xx_but_429_is_never_retried(cancel: Callable[[Client], Result], status: int, error: type[Exception]) -> None:
    exchange = ScriptedExchange(answer(status, {"status": "E", "code": 1, "data": {"requestId": "r"}, "message": None}))
    time = FakeTime()
    with pytest.raises(error):
        cancel(client_for(exchange, retry=time.retry(attempts=5)))
    assert len(exchange.seen) == 1
    assert time.sleeps == []


@pytest.mark.parametrize(
    "failure",
    [
        httpx.ConnectError("refused"),
        httpx.ConnectTimeout("connect timed out"),
        httpx.ReadTimeout("read timed out"),
        httpx.WriteTimeout("write timed out"),
        httpx.PoolTimeout("pool timed out"),
        httpx.ReadError("reset"),
        httpx.RemoteProtocolError("server disconnected"),
    ],
    ids=lambda failure: type(failure).__name__,
)
def test_no_answer_is_retried(cancel: Callable[[Client], Result], failure: httpx.TransportError) -> None:
    exchange = ScriptedExchange(failure, answer(200))
    time = FakeTime()
    assert isinstance(cancel(client_for(exchange, retry=time.retry())), DeleteAllOrdersResponse)
    assert len(exchange.seen) == 2
    verified_timestamp(exchange.seen[1])


class CutOffStream(httpx.SyncByteStream, httpx.AsyncByteStream):
    """A 200 whose body stops half-way: the connection dropped."""

    def __iter__(self) -> Iterator[bytes]:
        yield b'{"status":'
        raise httpx.ReadError("connection reset mid-body")

    async def __aiter__(self) -> AsyncIterator[bytes]:
        yield b'{"status":'
        raise httpx.ReadError("connection reset mid-body")


def test_a_body_cut_off_is_retried(cancel: Callable[[Client], Result]) -> None:
    exchange = ScriptedExchange(lambda request: httpx.Response(200, stream=CutOffStream()), answer(200))
    assert isinstance(cancel(client_for(exchange, retry=FakeTime().retry())), DeleteAllOrdersResponse)
    assert len(exchange.seen) == 2


def test_an_error_that_is_not_about_the_answer_is_not_retried(cancel: Callable[[Client], Result]) -> None:
    exchange = ScriptedExchange(httpx.UnsupportedProtocol("no such scheme"), answer(200))
    with pytest.raises(TransportError):
        cancel(client_for(exchange, retry=FakeTime().retry()))
    assert len(exchange.seen) == 1


def test_total_time_bounds_the_retries_and_cuts_the_last_attempts_timeouts(
    cancel: Callable[[Client], Result],
) -> None:
    exchange = ScriptedExchange(answer(503, b""))
    time = FakeTime()
    with pytest.raises(ServerError):
        cancel(client_for(exchange, retry=time.retry(attempts=10, backoff=0.25, total=1.0)))
    assert time.sleeps == [0.25, 0.5]  # the next wait (1 s) would end past the 1 s budget
    assert exchange.seen[0].extensions["timeout"] == {"connect": 1.0, "read": 1.0, "write": 1.0, "pool": 1.0}
    assert exchange.seen[2].extensions["timeout"] == {"connect": 0.25, "read": 0.25, "write": 0.25, "pool": 0.25}


@pytest.mark.parametrize("retry", [None, Retry(attempts=1)], ids=["None", "attempts=1"])
def test_retries_can_be_turned_off(cancel: Callable[[Client], Result], retry: Retry | None) -> None:
    exchange = ScriptedExchange(answer(503, b""), answer(200))
    with pytest.raises(ServerError) as caught:
        cancel(client_for(exchange, retry=retry))
    assert len(exchange.seen) == 1
    assert caught.value.attempts == 1


def test_retries_are_set_per_client() -> None:
    patient, hasty = FakeTime(), FakeTime()
    patient_exchange, hasty_exchange = ScriptedExchange(answer(503, b"")), ScriptedExchange(answer(503, b""))
    patient_client = client_for(patient_exchange, retry=patient.retry(attempts=3, backoff=2))
    hasty_client = client_for(hasty_exchange, retry=hasty.retry(attempts=2, backoff=0.1))
    for client in (patient_client, hasty_client):
        with pytest.raises(ServerError):
            cancel_sync(client)
    assert (len(patient_exchange.seen), patient.sleeps) == (3, [2, 4])
    assert (len(hasty_exchange.seen), hasty.sleeps) == (2, [0.1])


@pytest.mark.parametrize(
    "settings",
    [{"attempts": 0}, {"backoff": -1}, {"multiplier": 0.5}, {"jitter": 1.5}, {"total": -1}],
    ids=str,
)
def test_nonsense_settings_are_refused(settings: dict[str, float]) -> None:
    with pytest.raises(ValueError):
        Retry(**settings)  # type: ignore[arg-type]


def test_a_retried_call_reports_once_to_sync_event_hooks() -> None:
    statuses: list[int] = []
    exchange = ScriptedExchange(answer(503, b""), answer(200))
    client = client_for(
        exchange,
        retry=FakeTime().retry(),
        httpx_args={"event_hooks": {"response": [lambda response: statuses.append(response.status_code)]}},
    )
    assert isinstance(cancel_sync(client), DeleteAllOrdersResponse)
    assert statuses == [200]
    assert len(exchange.seen) == 2


def test_a_retried_call_reports_once_to_async_event_hooks() -> None:
    statuses: list[int] = []

    async def hook(response: httpx.Response) -> None:
        statuses.append(response.status_code)

    exchange = ScriptedExchange(answer(503, b""), answer(200))
    client = client_for(exchange, retry=FakeTime().retry(), httpx_args={"event_hooks": {"response": [hook]}})
    assert isinstance(cancel_async(client), DeleteAllOrdersResponse)
    assert statuses == [200]
    assert len(exchange.seen) == 2


def test_a_lost_answer_is_not_reported_twice(cancel: Callable[[Client], Result]) -> None:
    """The exchange cancels on the first attempt but its answer is lost: the caller gets the retry's answer only."""
    open_orders = {435372}

    def cancel_then_lose_the_answer(request: httpx.Request) -> httpx.Response:
        open_orders.clear()
        raise httpx.ReadTimeout("the answer never came")

    def answer_from_the_book(request: httpx.Request) -> httpx.Response:
        cancelled = [order for order in json.loads(request.content)["orders"] if order["displayingId"] in open_orders]
        return httpx.Response(200, json={"status": "ok", "data": cancelled})

    exchange = ScriptedExchange(cancel_then_lose_the_answer, answer_from_the_book)
    result = cancel(client_for(exchange, retry=FakeTime().retry()))
    assert isinstance(result, DeleteAllOrdersResponse)
    assert result.data == []  # the order was cancelled, by the attempt whose answer was lost
    assert len(exchange.seen) == 2


# Real sockets: what a dropped connection looks like to httpx's own transport.


@pytest.mark.parametrize("fault", ["drop", "cut"])
def test_a_dropped_connection_is_retried_on_a_real_socket(fault: str) -> None:
    time = FakeTime()
    with RawServer(fault, "ok") as server, real_client(server.url, retry=time.retry()) as client:
        assert isinstance(cancel_sync(client), DeleteAllOrdersResponse)
    assert len(server.requests) == 2
    assert len(time.sleeps) == 1


def test_a_dropped_connection_is_retried_on_a_real_socket_async() -> None:
    time = FakeTime()

    async def run() -> object:
        async with real_client(server.url, retry=time.retry()) as client:
            return await delete_all_orders.asyncio(client=client, body=BODY)

    with RawServer("cut", "ok") as server:
        assert isinstance(asyncio.run(run()), DeleteAllOrdersResponse)
    assert len(server.requests) == 2


def test_ok_body_is_what_the_raw_server_sends() -> None:
    # Guards the fake: RawServer's answer must parse as the generated model.
    assert DeleteAllOrdersResponse.from_dict(OK).status == "ok"

"""Per-client settings: timeouts (default, per client, per call), the clock behind timestamps, a proxy."""

from __future__ import annotations

import asyncio
import json
import threading
import time
from collections.abc import Callable

import httpx
import pytest
from nami_client.api.spot import delete_all_orders
from nami_client.client import Client
from nami_client.errors import TransportError
from nami_client.models import DeleteAllOrdersResponse
from nami_client.signing import NamiAuth
from nami_client.transport import DEFAULT_TIMEOUT, call_timeout

from tests.client_fakes import (
    BODY,
    KEY,
    SECRET,
    RawServer,
    Result,
    ScriptedExchange,
    cancel_sync,
    client_for,
    real_client,
    verified_timestamp,
)
from tests.signatures import signature_valid

DEFAULT = {"connect": 5.0, "read": 10.0, "write": 10.0, "pool": 10.0}


def sent_timeouts(exchange: ScriptedExchange) -> list[dict[str, float | None]]:
    return [request.extensions["timeout"] for request in exchange.seen]


def test_the_default_timeout_is_finite(cancel: Callable[[Client], Result]) -> None:
    exchange = ScriptedExchange()
    cancel(client_for(exchange, retry=None))
    assert DEFAULT_TIMEOUT.as_dict() == DEFAULT
    assert sent_timeouts(exchange) == [DEFAULT]


@pytest.mark.parametrize(
    ("timeout", "expected"),
    [
        (2.5, {"connect": 2.5, "read": 2.5, "write": 2.5, "pool": 2.5}),
        (httpx.Timeout(3.0, connect=1.0), {"connect": 1.0, "read": 3.0, "write": 3.0, "pool": 3.0}),
    ],
)
def test_the_timeout_is_set_per_client(
    cancel: Callable[[Client], Result], timeout: float | httpx.Timeout, expected: dict[str, float]
) -> None:
    exchange, other = ScriptedExchange(), ScriptedExchange()
    cancel(client_for(exchange, retry=None, timeout=timeout))
    cancel(client_for(other, retry=None))
    assert sent_timeouts(exchange) == [expected]
    assert sent_timeouts(other) == [DEFAULT]


def test_call_timeout_covers_the_calls_in_its_block_only() -> None:
    exchange = ScriptedExchange()
    client = client_for(exchange, retry=None)
    with call_timeout(0.5):
        cancel_sync(client)
    cancel_sync(client)

    async def run() -> None:
        with call_timeout(httpx.Timeout(1.5, connect=0.5)):
            await delete_all_orders.asyncio(client=client, body=BODY)
        await delete_all_orders.asyncio(client=client, body=BODY)

    asyncio.run(run())
    assert sent_timeouts(exchange) == [
        pytest.approx({"connect": 0.5, "read": 0.5, "write": 0.5, "pool": 0.5}, abs=0.05),  # the time left of 0.5 s
        DEFAULT,
        {"connect": 0.5, "read": 1.5, "write": 1.5, "pool": 1.5},
        DEFAULT,
    ]


def test_call_timeout_does_not_leak_into_concurrent_tasks() -> None:
    exchange = ScriptedExchange()
    client = client_for(exchange, retry=None)
    inside = asyncio.Event()

    async def with_short_timeout() -> None:
        with call_timeout(0.5):
            inside.set()
            await asyncio.sleep(0.01)  # the other task runs while this block is open
            await delete_all_orders.asyncio(client=client, body=BODY)

    async def without() -> None:
        await inside.wait()
        await delete_all_orders.asyncio(client=client, body=BODY)

    async def run() -> None:
        await asyncio.gather(with_short_timeout(), without())

    asyncio.run(run())
    assert sorted(t["read"] or 0 for t in sent_timeouts(exchange)) == [pytest.approx(0.5, abs=0.05), 10.0]


def test_call_timeout_does_not_leak_into_other_threads() -> None:
    exchange = ScriptedExchange()
    client = client_for(exchange, retry=None)
    inside, done = threading.Event(), threading.Event()

    def other_thread() -> None:
        inside.wait(5)
        cancel_sync(client)
        done.set()

    thread = threading.Thread(target=other_thread)
    thread.start()
    with call_timeout(0.5):
        inside.set()
        done.wait(5)
    thread.join(5)
    assert sent_timeouts(exchange) == [DEFAULT]


def test_a_slow_answer_times_out_on_a_real_socket() -> None:
    with RawServer("slow", slow_seconds=3) as server:
        client = real_client(server.url, retry=None, timeout=0.2)
        started = time.monotonic()
        with pytest.raises(TransportError) as caught:
            cancel_sync(client)
        assert time.monotonic() - started < 2
        assert isinstance(caught.value.__cause__, httpx.ReadTimeout)

        per_call = real_client(server.url, retry=None)  # default 10 s read timeout
        started = time.monotonic()
        with call_timeout(0.2), pytest.raises(TransportError):
            cancel_sync(per_call)
        assert time.monotonic() - started < 2


def test_a_slow_answer_times_out_on_a_real_socket_async() -> None:
    async def run(url: str) -> None:
        async with real_client(url, retry=None) as client:
            with call_timeout(0.2):
                await delete_all_orders.asyncio(client=client, body=BODY)

    with RawServer("slow", slow_seconds=3) as server:
        started = time.monotonic()
        with pytest.raises(TransportError) as caught:
            asyncio.run(run(server.url))
    assert time.monotonic() - started < 2
    assert isinstance(caught.value.__cause__, httpx.ReadTimeout)


def test_the_clock_is_injectable_and_can_be_offset(cancel: Callable[[Client], Result]) -> None:
    exchange = ScriptedExchange()
    cancel(client_for(exchange, retry=None, clock=lambda: 1_700_000_000_000))
    cancel(client_for(exchange, retry=None, clock=lambda: 1_700_000_000_000, clock_offset_ms=-1_500))
    cancel(client_for(exchange, retry=None, clock_offset_ms=60_000))
    now_ms = time.time() * 1000
    fixed, behind, ahead = (verified_timestamp(request) for request in exchange.seen)
    assert (fixed, behind) == (1_700_000_000_000, 1_699_999_998_500)
    assert 55_000 < ahead - now_ms <= 60_000  # the system clock, offset by a minute


def test_nami_auth_applies_the_offset() -> None:
    auth = NamiAuth("key-1", "secret", clock=lambda: 1_000, clock_offset_ms=250)
    request = httpx.Request("DELETE", "http://nami.test/x", json={"orders": []})
    assert json.loads(auth.signed(request).content)["timestamp"] == 1_250


def test_a_proxy_in_httpx_args_is_used_and_still_signed() -> None:
    with RawServer("ok") as proxy:
        client = real_client("http://nami.test", retry=None, httpx_args={"proxy": proxy.url})
        assert isinstance(cancel_sync(client), DeleteAllOrdersResponse)
    (request,) = proxy.requests
    head, _, content = request.partition(b"\r\n\r\n")
    assert head.startswith(b"DELETE http://nami.test/api/v4/spot/all_order HTTP/1.1")
    assert f"x-api-key: {KEY}".lower().encode() in head.lower()
    sent = json.loads(content)
    assert signature_valid(sent, SECRET)

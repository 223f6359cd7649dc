"""A hostile server on loopback, sync and async: every call ends within its deadline and within its
memory, with a typed error, and the key goes nowhere the caller did not name. Times and memory
are measured around each call and checked against bounds with a stated slack."""

from __future__ import annotations

import asyncio
import gzip
import json
import socket
import threading
import time
import tracemalloc
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
from nami_client import Retry, call_timeout
from nami_client.api.spot import delete_all_orders
from nami_client.client import Client
from nami_client.errors import (
    DeadlineExceeded,
    InvalidResponseError,
    NamiError,
    RedirectError,
    ResponseTooLargeError,
    ServerError,
    SigningError,
    TransportError,
)

from tests.client_fakes import (
    BODY,
    OK,
    RawServer,
    Result,
    ScriptedExchange,
    SocketScript,
    answer,
    assert_clean,
    client_for,
    real_client,
    texts_of,
)

SLACK = 0.4  # seconds a call may end after its deadline: the last read, closing, parsing (measured: < 0.05)
MODES = ["sync", "async"]


@dataclass
class Measured:
    error: BaseException | None
    result: object
    seconds: float
    peak_bytes: int


def call(
    mode: str, url: str, *, timeout_block: Callable[[], Any] | None = None, memory: bool = False, **settings: Any
) -> Measured:
    """One cancel through a real socket, its wall time and (with `memory`) its peak of traced memory."""

    def sync() -> object:
        with real_client(url, **settings) as client:
            return delete_all_orders.sync(client=client, body=BODY)

    async def run_async() -> object:
        async with real_client(url, **settings) as client:
            return await delete_all_orders.asyncio(client=client, body=BODY)

    if memory:
        tracemalloc.start()
    started = time.monotonic()
    error: BaseException | None = None
    result: object = None
    try:
        with timeout_block() if timeout_block else _nothing():
            result = sync() if mode == "sync" else asyncio.run(run_async())
    except Exception as exc:
        error = exc
    seconds = time.monotonic() - started
    peak = tracemalloc.get_traced_memory()[1] if memory else 0
    tracemalloc.stop()
    return Measured(error, result, seconds, peak)


class _nothing:
    def __enter__(self) -> None:
        return None

    def __exit__(self, *exc: object) -> None:
        return None


def head(status: str = "200 OK", **headers: str | int) -> bytes:
    headers = {"Content_Type": "application/json", "Connection": "close", **headers}
    lines = [f"HTTP/1.1 {status}", *(f"{name.replace('_', '-')}: {value}" for name, value in headers.items())]
    return ("\r\n".join(lines) + "\r\n\r\n").encode()


def trickle(every: float, *, in_headers: bool = False) -> SocketScript:
    """A 200 sent one byte at a time, `every` seconds apart (its headers too, with `in_headers`)."""
    body = json.dumps(OK).encode() + b" " * 10_000

    def answer(conn: socket.socket, closing: threading.Event) -> None:
        start = head(Content_Length=len(body))
        message = start + body if in_headers else body
        if not in_headers:
            conn.sendall(start)
        for index in range(len(message)):
            conn.sendall(message[index : index + 1])
            if closing.wait(every):
                return

    return answer


class Endless:
    """A 200 with a chunked body that never ends (or `blob` repeated); counts what it sent."""

    def __init__(self, blob: bytes = b"[" * 65536, prefix: bytes = b"", **headers: str) -> None:
        self.blob, self.prefix, self.headers = blob, prefix, headers
        self.sent = 0

    def __call__(self, conn: socket.socket, closing: threading.Event) -> None:
        conn.sendall(head(Transfer_Encoding="chunked", **self.headers))
        if self.prefix:
            conn.sendall(b"%x\r\n%s\r\n" % (len(self.prefix), self.prefix))
        chunk = b"%x\r\n%s\r\n" % (len(self.blob), self.blob)
        while not closing.is_set() and self.sent < 2**31:
            conn.sendall(chunk)  # raises once the client hung up
            self.sent += len(self.blob)


def fixed(status: str, body: bytes, **headers: str) -> SocketScript:
    def answer(conn: socket.socket, closing: threading.Event) -> None:
        conn.sendall(head(status, Content_Length=len(body), **headers) + body)

    return answer


# 1. A deadline for the whole call.


@pytest.mark.parametrize("mode", MODES)
def test_a_trickled_body_ends_at_the_deadline_with_a_typed_timeout(mode: str) -> None:
    with RawServer(trickle(0.3)) as server:
        measured = call(mode, server.url, retry=Retry(total=1.0))
    assert isinstance(measured.error, DeadlineExceeded) and isinstance(measured.error, TransportError)
    assert 0.95 <= measured.seconds <= 1.0 + SLACK, measured.seconds
    assert isinstance(measured.error.__cause__, httpx.ReadTimeout)
    assert_clean(texts_of(measured.error))


@pytest.mark.parametrize("mode", MODES)
def test_trickled_headers_end_at_the_deadline(mode: str) -> None:
    with RawServer(trickle(0.3, in_headers=True)) as server:
        measured = call(mode, server.url, retry=Retry(total=0.8))
    assert isinstance(measured.error, DeadlineExceeded)
    assert 0.75 <= measured.seconds <= 0.8 + SLACK, measured.seconds


@pytest.mark.parametrize("mode", MODES)
def test_call_timeout_bounds_the_whole_call_below_the_retry_total(mode: str) -> None:
    with RawServer(trickle(0.3)) as server:
        measured = call(mode, server.url, retry=Retry(total=5), timeout_block=lambda: call_timeout(0.8))
    assert isinstance(measured.error, DeadlineExceeded)
    assert 0.75 <= measured.seconds <= 0.8 + SLACK, measured.seconds
    assert "0.8 s" in str(measured.error)


@pytest.mark.parametrize("mode", MODES)
def test_attempts_and_waits_all_end_within_the_total(mode: str) -> None:
    with RawServer("slow", slow_seconds=3) as server:
        measured = call(mode, server.url, timeout=0.3, retry=Retry(attempts=10, backoff=0.05, total=0.9))
        requests = len(server.requests)
    assert isinstance(measured.error, TransportError)
    assert measured.seconds <= 0.9 + SLACK, measured.seconds
    assert requests >= 2  # it did retry, and stopped at the deadline, not after 10 attempts


# 2. A size limit, in memory too.

LIMIT = 1024 * 1024


@pytest.mark.parametrize("mode", MODES)
def test_an_endless_body_stops_at_the_limit_with_memory_in_proportion(mode: str) -> None:
    endless = Endless()
    with RawServer(endless) as server:
        measured = call(mode, server.url, retry=Retry(total=10), max_response_bytes=LIMIT, memory=True)
        time.sleep(0.05)  # the server notices the closed connection
    error = measured.error
    assert isinstance(error, ResponseTooLargeError) and isinstance(error, InvalidResponseError)
    assert (error.status_code, error.limit, len(error.body)) == (200, LIMIT, 8192)
    assert "check the open orders" in str(error)
    assert measured.peak_bytes < 3 * LIMIT, measured.peak_bytes  # measured: about 1.3 x the limit
    assert measured.seconds < 2
    assert endless.sent < 16 * LIMIT  # the connection was closed: the server could not go on


@pytest.mark.parametrize("mode", MODES)
def test_a_large_error_body_is_not_read_whole_nor_retried(mode: str) -> None:
    big = 100 * 1024 * 1024

    def huge_500(conn: socket.socket, closing: threading.Event) -> None:
        conn.sendall(head("500 Internal Server Error", Content_Length=big))
        block = b"x" * 65536
        for _ in range(big // len(block)):
            conn.sendall(block)

    with RawServer(huge_500) as server:
        measured = call(mode, server.url, retry=Retry(attempts=4, backoff=0.01), max_response_bytes=LIMIT, memory=True)
        attempts = len(server.requests)
    assert isinstance(measured.error, ResponseTooLargeError)
    assert measured.error.status_code == 500 and "may have happened" not in str(measured.error)
    assert attempts == 1
    assert measured.peak_bytes < 3 * LIMIT, measured.peak_bytes


@pytest.mark.parametrize("mode", MODES)
def test_a_million_orders_stop_at_the_default_limit(mode: str) -> None:
    order = json.dumps({"displayingId": 1, "symbol": "BTCUSDT", "status": "CANCELED", "padding": "x" * 100}).encode()
    endless = Endless(blob=(order + b",") * 1000, prefix=b'{"status":"ok","data":[')
    with RawServer(endless) as server:
        measured = call(mode, server.url, memory=True)
    assert isinstance(measured.error, ResponseTooLargeError)
    assert measured.error.limit == 4 * 1024 * 1024  # the default
    assert measured.peak_bytes < 3 * measured.error.limit, measured.peak_bytes
    assert measured.seconds < 3


@pytest.mark.parametrize("mode", MODES)
def test_a_compressed_bomb_is_decompressed_only_up_to_the_limit(mode: str) -> None:
    bomb = gzip.compress(b" " * (64 * LIMIT))  # 64 MiB of spaces in about 64 KB
    with RawServer(fixed("200 OK", bomb, Content_Encoding="gzip")) as server:
        measured = call(mode, server.url, max_response_bytes=LIMIT, memory=True)
        (request,) = server.requests
    assert b"accept-encoding: identity" in request.lower()  # it asked for no compression
    assert isinstance(measured.error, ResponseTooLargeError)
    assert measured.peak_bytes < 3 * LIMIT, measured.peak_bytes


@pytest.mark.parametrize("mode", MODES)
def test_a_compressed_answer_sent_anyway_is_read(mode: str) -> None:
    with RawServer(fixed("200 OK", gzip.compress(json.dumps(OK).encode()), Content_Encoding="gzip")) as server:
        measured = call(mode, server.url)
    assert measured.error is None and getattr(measured.result, "status", None) == "ok"


# 3. Every failure is a NamiError: answers that arrive but cannot be used.

DEEP = b"[" * 100_000 + b"]" * 100_000


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        (b"{not json", "application/json"),
        (b"<html>maintenance</html>", "text/html"),
        (b"", "application/json"),
        (json.dumps({"status": "ok"}).encode(), "application/json"),
        (json.dumps({"status": "ok", "data": "cancelled"}).encode(), "application/json"),
        (json.dumps({"status": "ok", "data": [{"displayingId": 1}]}).encode(), "application/json"),
        (DEEP, "application/json"),
    ],
    ids=["invalid-json", "html", "empty", "no-data", "data-not-a-list", "order-missing-fields", "nested-100000-deep"],
)
@pytest.mark.parametrize("raise_errors", [True, False])
def test_a_2xx_that_breaks_the_spec_is_an_invalid_response_error(
    cancel: Callable[[Client], Result], body: bytes, content_type: str, raise_errors: bool
) -> None:
    exchange = ScriptedExchange(answer(200, body, {"Content-Type": content_type}))
    started = time.monotonic()
    with pytest.raises(InvalidResponseError) as caught:
        cancel(client_for(exchange, retry=None, raise_errors=raise_errors))
    error = caught.value
    assert isinstance(error, NamiError) and error.status_code == 200
    assert error.body == body[:8192]
    assert error.headers["content-type"] == content_type
    assert "so a cancel may have happened (a listing changes nothing): check the open orders" in str(error)
    assert len(str(error)) < 600
    assert time.monotonic() - started < 1
    assert_clean(texts_of(error))


@pytest.mark.parametrize("mode", MODES)
def test_without_raise_errors_an_unreadable_error_answer_is_typed_too(mode: str) -> None:
    with RawServer(fixed("400 Bad Request", b"<html>bad</html>", Content_Type="text/html")) as server:
        measured = call(mode, server.url, retry=None, raise_errors=False)
    assert isinstance(measured.error, InvalidResponseError)
    assert measured.error.status_code == 400 and "may have happened" not in str(measured.error)


# 4. Credentials stay with the origin.


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("status", ["307 Temporary Redirect", "302 Found", "308 Permanent Redirect"])
def test_a_redirect_to_another_host_is_a_typed_error_and_nothing_goes_there(mode: str, status: str) -> None:
    with RawServer("ok") as elsewhere:
        location = f"{elsewhere.url}/steal"
        with RawServer(fixed(status, b"", Location=location)) as server:
            measured = call(mode, server.url, retry=Retry(attempts=3, backoff=0.01))
            attempts = len(server.requests)
        assert elsewhere.requests == []
    assert isinstance(measured.error, RedirectError)
    assert measured.error.location == location and location in str(measured.error)
    assert attempts == 1


@pytest.mark.parametrize("mode", MODES)
def test_an_httpx_client_told_to_follow_redirects_still_sends_nothing_elsewhere(mode: str) -> None:
    def follow_anyway(client: Any) -> None:
        client.get_httpx_client().follow_redirects = True
        client.get_async_httpx_client().follow_redirects = True

    with (
        RawServer("ok") as elsewhere,
        RawServer(fixed("307 Temporary Redirect", b"", Location=elsewhere.url)) as server,
    ):
        client = real_client(server.url, retry=None, raise_errors=False)
        follow_anyway(client)
        with pytest.raises(SigningError, match=r"refused to sign a request for http://127\.0\.0\.1"):
            if mode == "sync":
                delete_all_orders.sync_detailed(client=client, body=BODY)
            else:
                asyncio.run(delete_all_orders.asyncio_detailed(client=client, body=BODY))
        assert elsewhere.requests == []


@pytest.mark.parametrize("where", ["httpx_args", "client"])
def test_following_redirects_is_refused_when_the_client_is_built(where: str) -> None:
    settings: dict[str, Any] = (
        {"httpx_args": {"follow_redirects": True}} if where == "httpx_args" else {"follow_redirects": True}
    )
    with pytest.raises(SigningError, match="never follows redirects"):
        real_client("https://nami.exchange", **settings)


# The transports signed_client builds are the ones bounded by the deadline.


def test_the_deadline_backend_is_in_place_for_both_transports() -> None:
    from nami_client.deadline import AsyncDeadlineBackend, DeadlineBackend

    client = real_client("https://nami.exchange")
    transport = client.get_httpx_client()._transport
    assert isinstance(transport._sync._pool._network_backend, DeadlineBackend)  # type: ignore[attr-defined]
    assert isinstance(transport._async._pool._network_backend, AsyncDeadlineBackend)  # type: ignore[attr-defined]


def test_a_deadline_that_passed_fails_a_read_at_once() -> None:
    """The backend itself: a read waits no longer than the time left, however long its timeout."""
    from nami_client.deadline import deadline_scope, reset_deadline

    with RawServer("slow", slow_seconds=5) as server:
        client = real_client(server.url, retry=None, timeout=10)
        token = deadline_scope(time.monotonic() + 0.3)
        started = time.monotonic()
        try:
            with pytest.raises(httpx.ReadTimeout):  # below the signed transport: httpx's own error
                client.get_httpx_client()._transport._sync.handle_request(  # type: ignore[attr-defined]
                    httpx.Request("GET", server.url, extensions={"timeout": {"read": 10, "connect": 10}})
                )
        finally:
            reset_deadline(token)
        assert time.monotonic() - started < 0.3 + SLACK


def test_server_error_answers_still_work_within_the_limits() -> None:
    with RawServer(fixed("503 Service Unavailable", b"busy")) as server:
        measured = call("sync", server.url, retry=None)
    assert isinstance(measured.error, ServerError) and measured.error.body == b"busy"

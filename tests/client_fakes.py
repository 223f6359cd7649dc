"""Fakes for the tests of the client's service layer (tests/test_client_*.py): a scripted exchange,
fake time, and a raw-socket server for faults httpx.MockTransport cannot produce."""

from __future__ import annotations

import asyncio
import contextlib
import json
import socket
import threading
import traceback
from collections.abc import Callable, Iterable, Iterator
from typing import Any

import httpx
from nami_client import signed_client
from nami_client.api.spot import delete_all_orders
from nami_client.client import Client
from nami_client.models import DeleteAllOrdersRequest, DeleteAllOrdersResponse, ErrorEnvelope, OrderRef
from nami_client.retry import Retry
from nami_client.types import Response

from tests.signatures import signature_valid

SECRET = "s3cret-Value-that-must-never-print"
KEY = "key-0123456789abcdef"
BASE_URL = "http://nami.test"
OK = {"status": "ok", "data": []}
BODY = DeleteAllOrdersRequest(orders=[OrderRef(displaying_id=435372, symbol="BTCUSDT")])

Step = Callable[[httpx.Request], httpx.Response] | Exception


def answer(status: int, body: Any = None, headers: dict[str, str] | None = None) -> Step:
    """A step that answers `status` with a JSON body (or raw bytes)."""

    def respond(request: httpx.Request) -> httpx.Response:
        if isinstance(body, bytes):
            return httpx.Response(status, content=body, headers=headers)
        return httpx.Response(status, json=OK if body is None and status == 200 else body, headers=headers)

    return respond


class ScriptedExchange:
    """A scripted exchange behind httpx.MockTransport: step n answers attempt n, the last step repeats."""

    def __init__(self, *steps: Step) -> None:
        self.steps = list(steps) or [answer(200)]
        self.seen: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.seen.append(request)
        step = self.steps[min(len(self.seen), len(self.steps)) - 1]
        if isinstance(step, Exception):
            raise step
        return step(request)

    def transport(self) -> httpx.MockTransport:
        return httpx.MockTransport(self)


class FakeTime:
    """Monotonic time that moves only when the client sleeps; records the sleeps."""

    def __init__(self) -> None:
        self.now = 0.0
        self.sleeps: list[float] = []

    def monotonic(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds

    async def async_sleep(self, seconds: float) -> None:
        self.sleep(seconds)

    def retry(self, *, random: float = 0.0, **settings: Any) -> Retry:
        """A policy on this fake time; `random` is what the jitter source returns."""
        return Retry(
            sleep=self.sleep,
            async_sleep=self.async_sleep,
            monotonic=self.monotonic,
            random=lambda: random,
            **settings,
        )


def texts_of(error: BaseException) -> Iterator[str]:
    """Everything a failure prints: its message, repr and traceback, the chain and every frame's locals."""
    yield str(error)
    yield repr(error)
    yield "".join(traceback.TracebackException.from_exception(error, capture_locals=True).format())


def assert_clean(texts: Iterable[str], secret: str = SECRET, key: str = KEY) -> int:
    """Checks that no text shows the secret or the whole key; returns how many texts it read."""
    count = 0
    for text in texts:
        assert secret not in text
        assert key not in text
        count += 1
    return count


def client_for(exchange: ScriptedExchange, *, retry: Retry | None, **settings: Any) -> Client:
    httpx_args = {"transport": exchange.transport(), **settings.pop("httpx_args", {})}
    client: Client = signed_client(
        BASE_URL, api_key=KEY, api_secret=SECRET, retry=retry, httpx_args=httpx_args, **settings
    )
    return client


Result = DeleteAllOrdersResponse | ErrorEnvelope | None


def cancel_sync(client: Client) -> Result:
    return delete_all_orders.sync(client=client, body=BODY)


def cancel_async(client: Client) -> Result:
    return asyncio.run(delete_all_orders.asyncio(client=client, body=BODY))


def detailed_sync(client: Client) -> Response[DeleteAllOrdersResponse | ErrorEnvelope]:
    return delete_all_orders.sync_detailed(client=client, body=BODY)


def detailed_async(client: Client) -> Response[DeleteAllOrdersResponse | ErrorEnvelope]:
    return asyncio.run(delete_all_orders.asyncio_detailed(client=client, body=BODY))


def verified_timestamp(request: httpx.Request) -> int:
    """The request's timestamp, after checking its signature and key as the exchange would."""
    body = json.loads(request.content)
    assert signature_valid(body, SECRET), "the signature does not verify"
    assert request.headers["x-api-key"] == KEY
    timestamp: int = body["timestamp"]
    return timestamp


SocketScript = Callable[[socket.socket, threading.Event], None]
"""A scripted answer: writes to the connection after the request was read; the event is set when
the server closes, so that an answer that waits or streams can stop."""


class RawServer:
    """A tiny HTTP/1.1 server on 127.0.0.1: connection n gets behaviour n, the last one repeats.

    "drop" reads the request and closes; "cut" sends half a 200 and closes; "slow" waits
    `slow_seconds` before answering 200; "ok" answers 200; an `SocketScript` writes what it likes.
    """

    def __init__(self, *behaviours: str | SocketScript, slow_seconds: float = 2.0) -> None:
        self.behaviours = list(behaviours)
        self.slow_seconds = slow_seconds
        self.requests: list[bytes] = []
        self._listener = socket.create_server(("127.0.0.1", 0))
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._closing = threading.Event()

    @property
    def url(self) -> str:
        host, port = self._listener.getsockname()[:2]
        return f"http://{host}:{port}"

    def __enter__(self) -> RawServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._closing.set()
        self._thread.join(timeout=5)
        self._listener.close()

    def _serve(self) -> None:
        connections = 0
        self._listener.settimeout(0.01)  # so that the loop sees _closing soon
        while not self._closing.is_set():
            try:
                conn, _ = self._listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            conn.settimeout(None)
            connections += 1
            behaviour = self.behaviours[min(connections, len(self.behaviours)) - 1]
            threading.Thread(target=self._handle, args=(conn, behaviour), daemon=True).start()

    def _handle(self, conn: socket.socket, behaviour: str | SocketScript) -> None:
        with conn:
            self.requests.append(_read_request(conn))
            if callable(behaviour):
                with contextlib.suppress(OSError):  # the client hung up: what a hostile answer expects
                    behaviour(conn, self._closing)
                return
            if behaviour == "drop":
                return
            body = json.dumps(OK).encode()
            if behaviour == "cut":
                conn.sendall(_head(len(body) + 100) + body[:5])
                return
            if behaviour == "slow":
                self._closing.wait(self.slow_seconds)
            conn.sendall(_head(len(body)) + body)


def _head(content_length: int) -> bytes:
    return (
        "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nConnection: close\r\n"
        f"Content-Length: {content_length}\r\n\r\n"
    ).encode()


def _read_request(conn: socket.socket) -> bytes:
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = conn.recv(65536)
        if not chunk:
            return data
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    length = next(
        (int(line.split(b":")[1]) for line in head.split(b"\r\n") if line.lower().startswith(b"content-length:")), 0
    )
    while len(body) < length:
        chunk = conn.recv(65536)
        if not chunk:
            break
        body += chunk
    return head + b"\r\n\r\n" + body


def real_client(url: str, **settings: Any) -> Client:
    """A signed client on the real transport, for RawServer."""
    client: Client = signed_client(url, api_key=KEY, api_secret=SECRET, **settings)
    return client

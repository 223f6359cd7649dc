"""The deadline of a call: how long it may take, and no connect, read or write outlasting it.

A call's time is `Retry.total`, cut by `call_timeout`'s `total` when the caller set one
(`call_limits`); each attempt's httpx timeouts are cut to the time the call has left
(`attempt_timeouts`). The retry policy (`nami_client.retry`) caps its waits to the same time.

httpx bounds each network operation, not the call: a server sending one byte every second keeps
a read timeout of 10 s from ever firing. The transport sets the call's deadline here
(`deadline_scope`), and the connections of the transports that `signed_client` builds go through
`DeadlineBackend`, which cuts the timeout of every socket operation to the time left and fails at
once when none is left; reading an answer's body checks `time_left` between chunks. The check is a
context variable, so concurrent calls in other threads or asyncio tasks keep their own deadlines.
"""

from __future__ import annotations

import contextlib
import contextvars
import math
import ssl
import time
import typing
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import httpcore
import httpx

__all__ = [
    "MIN_ATTEMPT_SECONDS",
    "attempt_timeouts",
    "bound_by_deadline",
    "call_limits",
    "call_timeout",
    "deadline_scope",
    "reset_deadline",
    "time_left",
]

MIN_ATTEMPT_SECONDS = 0.01
"""An attempt that starts gets at least this long."""


@dataclass(frozen=True)
class _CallTimeout:
    timeout: httpx.Timeout
    total: float | None


_call_timeout: contextvars.ContextVar[_CallTimeout | None] = contextvars.ContextVar("nami_call_timeout", default=None)


@contextlib.contextmanager
def call_timeout(timeout: float | httpx.Timeout, *, total: float | None = None) -> Iterator[None]:
    """Calls made inside the block, in this thread or task only, use `timeout` instead of the client's,
    and each ends within `total` seconds, retries included (a number `timeout` is also the `total`)."""
    if total is None and not isinstance(timeout, httpx.Timeout):
        total = timeout
    if total is not None and not total > 0:
        raise ValueError("total must be a positive number of seconds")
    chosen = timeout if isinstance(timeout, httpx.Timeout) else httpx.Timeout(timeout)
    token = _call_timeout.set(_CallTimeout(chosen, total))
    try:
        yield
    finally:
        _call_timeout.reset(token)


def call_limits(client_timeouts: dict[str, float | None], retry_total: float) -> tuple[dict[str, float | None], float]:
    """The httpx timeouts of a call starting now and its time in seconds, retries included: the
    client's timeouts and `retry_total`, unless `call_timeout` chose others here."""
    chosen = _call_timeout.get()
    if chosen is None:
        return client_timeouts, retry_total
    total = retry_total if chosen.total is None else min(retry_total, chosen.total)
    return chosen.timeout.as_dict(), total


def attempt_timeouts(timeouts: dict[str, float | None], left: float) -> dict[str, float | None]:
    """`timeouts`, each cut to `left`, the seconds the call has left (at least `MIN_ATTEMPT_SECONDS`)."""
    left = max(left, MIN_ATTEMPT_SECONDS)
    if not math.isfinite(left) or all(value is not None and value <= left for value in timeouts.values()):
        return timeouts
    return {name: left if value is None else min(value, left) for name, value in timeouts.items()}


_deadline: contextvars.ContextVar[float | None] = contextvars.ContextVar("nami_deadline", default=None)

_SocketOption = typing.Any  # httpcore's SOCKET_OPTION, not exported


def deadline_scope(deadline: float | None) -> contextvars.Token[float | None]:
    """Set the deadline (a `time.monotonic()` value) of what this thread or task sends next, until
    `reset_deadline(token)`."""
    return _deadline.set(deadline)


def reset_deadline(token: contextvars.Token[float | None]) -> None:
    _deadline.reset(token)


def time_left() -> float | None:
    """Seconds until the current deadline (<= 0 once it passed), or None without one."""
    deadline = _deadline.get()
    return None if deadline is None else deadline - time.monotonic()


def _cut(timeout: float | None, error: type[Exception]) -> float | None:
    left = time_left()
    if left is None:
        return timeout
    if left <= 0:
        raise error("the call's deadline passed")
    return left if timeout is None else min(timeout, left)


class _Stream(httpcore.NetworkStream):
    def __init__(self, stream: httpcore.NetworkStream) -> None:
        self._stream = stream

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._stream.read(max_bytes, _cut(timeout, httpcore.ReadTimeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._stream.write(buffer, _cut(timeout, httpcore.WriteTimeout))

    def close(self) -> None:
        self._stream.close()

    def start_tls(
        self, ssl_context: ssl.SSLContext, server_hostname: str | None = None, timeout: float | None = None
    ) -> httpcore.NetworkStream:
        return _Stream(self._stream.start_tls(ssl_context, server_hostname, _cut(timeout, httpcore.ConnectTimeout)))

    def get_extra_info(self, info: str) -> typing.Any:
        return self._stream.get_extra_info(info)


class _AsyncStream(httpcore.AsyncNetworkStream):
    def __init__(self, stream: httpcore.AsyncNetworkStream) -> None:
        self._stream = stream

    async def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return await self._stream.read(max_bytes, _cut(timeout, httpcore.ReadTimeout))

    async def write(self, buffer: bytes, timeout: float | None = None) -> None:
        await self._stream.write(buffer, _cut(timeout, httpcore.WriteTimeout))

    async def aclose(self) -> None:
        await self._stream.aclose()

    async def start_tls(
        self, ssl_context: ssl.SSLContext, server_hostname: str | None = None, timeout: float | None = None
    ) -> httpcore.AsyncNetworkStream:
        timeout = _cut(timeout, httpcore.ConnectTimeout)
        return _AsyncStream(await self._stream.start_tls(ssl_context, server_hostname, timeout))

    def get_extra_info(self, info: str) -> typing.Any:
        return self._stream.get_extra_info(info)


class DeadlineBackend(httpcore.NetworkBackend):
    """httpcore's network backend, every timeout cut to the current call's deadline."""

    def __init__(self, backend: httpcore.NetworkBackend) -> None:
        self._backend = backend

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[_SocketOption] | None = None,
    ) -> httpcore.NetworkStream:
        timeout = _cut(timeout, httpcore.ConnectTimeout)
        return _Stream(self._backend.connect_tcp(host, port, timeout, local_address, socket_options))

    def connect_unix_socket(
        self, path: str, timeout: float | None = None, socket_options: Iterable[_SocketOption] | None = None
    ) -> httpcore.NetworkStream:
        timeout = _cut(timeout, httpcore.ConnectTimeout)
        return _Stream(self._backend.connect_unix_socket(path, timeout, socket_options))

    def sleep(self, seconds: float) -> None:
        self._backend.sleep(seconds)


class AsyncDeadlineBackend(httpcore.AsyncNetworkBackend):
    """httpcore's async network backend, every timeout cut to the current call's deadline."""

    def __init__(self, backend: httpcore.AsyncNetworkBackend) -> None:
        self._backend = backend

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[_SocketOption] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        timeout = _cut(timeout, httpcore.ConnectTimeout)
        return _AsyncStream(await self._backend.connect_tcp(host, port, timeout, local_address, socket_options))

    async def connect_unix_socket(
        self, path: str, timeout: float | None = None, socket_options: Iterable[_SocketOption] | None = None
    ) -> httpcore.AsyncNetworkStream:
        timeout = _cut(timeout, httpcore.ConnectTimeout)
        return _AsyncStream(await self._backend.connect_unix_socket(path, timeout, socket_options))

    async def sleep(self, seconds: float) -> None:
        await self._backend.sleep(seconds)


_Transport = typing.TypeVar("_Transport", httpx.HTTPTransport, httpx.AsyncHTTPTransport)


def bound_by_deadline(transport: _Transport) -> _Transport:
    """`transport` with its connections going through the deadline backend.

    httpx has no public way to give its transport a network backend: this replaces the backend of
    the connection pool it built (`_pool._network_backend`, the same in httpx 0.23 to 0.28), before
    any connection exists. tests/test_hostile_server.py fails if that stops working.
    """
    pool = transport._pool
    backend = pool._network_backend
    if isinstance(transport, httpx.HTTPTransport):
        pool._network_backend = DeadlineBackend(backend)
    else:
        pool._network_backend = AsyncDeadlineBackend(backend)
    return transport

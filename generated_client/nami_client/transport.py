# Copied from generator/hook/transport.py by `make generate`: edit it there, not here.
"""The transport under a signed client: it signs each attempt afresh, sends the attempts the retry
policy (`nami_client.retry`) asks for, and raises typed errors.

It sits where httpx hands a request to the network, below the generated code and above the
connection, so retries happen above signing: every attempt carries a new `timestamp` and
`signature` (Nami rejects a replayed, stale one). All attempts happen inside one httpx send, so the
caller and its event hooks see one result per call. It raises before the generated parsing runs,
which cannot parse a status Python's `HTTPStatus` does not know (Cloudflare's 520).
"""

from __future__ import annotations

import contextlib
import contextvars
import datetime
import logging
import math
import time
from collections.abc import Callable, Iterator
from http import HTTPStatus

import httpx

from .error_types import TransportError, error_for_response
from .retry import Retry

__all__ = ["DEFAULT_TIMEOUT", "NamiTransport", "call_timeout"]

logger = logging.getLogger(__name__)

DEFAULT_TIMEOUT = httpx.Timeout(10.0, connect=5.0)
"""5 s to connect; 10 s for each read, each write and a free connection from the pool."""

_NO_RETRY = Retry(attempts=1, total=math.inf)
_MIN_ATTEMPT_SECONDS = 0.01  # an attempt that starts gets at least this long

_call_timeout: contextvars.ContextVar[httpx.Timeout | None] = contextvars.ContextVar("nami_call_timeout", default=None)


@contextlib.contextmanager
def call_timeout(timeout: float | httpx.Timeout) -> Iterator[None]:
    """Calls made inside the block, in this thread or task only, use `timeout` instead of the client's."""
    token = _call_timeout.set(timeout if isinstance(timeout, httpx.Timeout) else httpx.Timeout(timeout))
    try:
        yield
    finally:
        _call_timeout.reset(token)


Sign = Callable[[httpx.Request], httpx.Request]
Outcome = httpx.Response | httpx.TransportError


class NamiTransport(httpx.BaseTransport, httpx.AsyncBaseTransport):
    """Wraps the transports that reach the network: one for the sync client, one for the async one."""

    def __init__(
        self,
        sign: Sign,
        *,
        sync_transport: httpx.BaseTransport | None,
        async_transport: httpx.AsyncBaseTransport | None,
        retry: Retry | None,
        raise_errors: bool,
    ) -> None:
        self._sign = sign
        self._sync = sync_transport
        self._async = async_transport
        self._retry = retry or _NO_RETRY
        self._raise_errors = raise_errors

    def __repr__(self) -> str:
        return f"NamiTransport(sign={self._sign!r}, retry={self._retry!r}, raise_errors={self._raise_errors})"

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        if self._sync is None:
            raise RuntimeError("this client's transport is async-only; use the asyncio functions")
        request.read()
        call = _Call(request, self._sign, self._retry, self._raise_errors)
        while True:
            started = time.perf_counter()
            try:
                outcome: Outcome = _read(self._sync.handle_request(call.next_request()), started)
            except httpx.TransportError as exc:
                outcome = exc
            delay = call.delay_after(outcome)
            if delay is None:
                return call.result(outcome)
            self._retry.sleep(delay)

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if self._async is None:
            raise RuntimeError("this client's transport is sync-only; use the sync functions")
        await request.aread()
        call = _Call(request, self._sign, self._retry, self._raise_errors)
        while True:
            started = time.perf_counter()
            try:
                outcome: Outcome = await _aread(await self._async.handle_async_request(call.next_request()), started)
            except httpx.TransportError as exc:
                outcome = exc
            delay = call.delay_after(outcome)
            if delay is None:
                return call.result(outcome)
            await self._retry.async_sleep(delay)

    def close(self) -> None:
        if self._sync is not None:
            self._sync.close()

    async def aclose(self) -> None:
        if self._async is not None:
            await self._async.aclose()


class _Call:
    """One call across its attempts: what to send next, whether to send again, what the caller gets."""

    def __init__(self, request: httpx.Request, sign: Sign, retry: Retry, raise_errors: bool) -> None:
        self._request = request
        self._sign = sign
        self._retry = retry
        self._raise_errors = raise_errors
        self._started = retry.monotonic()
        self._attempt = 0

    def next_request(self) -> httpx.Request:
        """The request signed now, with this call's timeouts cut to the time the retry policy has left."""
        self._attempt += 1
        sent = self._sign(self._request)
        chosen = _call_timeout.get()
        timeouts = chosen.as_dict() if chosen is not None else dict(self._request.extensions.get("timeout", {}))
        left = max(self._retry.total - self._elapsed(), _MIN_ATTEMPT_SECONDS)
        if math.isfinite(left):
            timeouts = {name: left if value is None else min(value, left) for name, value in timeouts.items()}
        sent.extensions["timeout"] = timeouts
        return sent

    def delay_after(self, outcome: Outcome) -> float | None:
        """Seconds to wait before sending again, or None when `outcome` is the caller's result."""
        delay = self._retry.wait_after(outcome, attempt=self._attempt, elapsed=self._elapsed())
        if delay is not None:
            what = (
                f"got HTTP {outcome.status_code}"
                if isinstance(outcome, httpx.Response)
                else f"failed with {type(outcome).__name__}"
            )
            logger.warning(
                "%s %s: attempt %d of %d %s; sending again in %.2f s",
                self._request.method,
                self._request.url.path,
                self._attempt,
                self._retry.attempts,
                what,
                delay,
            )
        return delay

    def result(self, outcome: Outcome) -> httpx.Response:
        if isinstance(outcome, httpx.TransportError):
            if not self._raise_errors:
                raise outcome
            raise TransportError(
                f"{self._request.method} {self._request.url.path}: no answer after {self._attempt} attempt(s): "
                f"{type(outcome).__name__}: {outcome}",
                attempts=self._attempt,
            ) from outcome
        if not _known(outcome.status_code) or (self._raise_errors and not outcome.is_success):
            raise error_for_response(outcome, attempts=self._attempt)
        return outcome

    def _elapsed(self) -> float:
        return self._retry.monotonic() - self._started


def _known(status_code: int) -> bool:
    """Whether the generated parsing can handle the status (it calls `HTTPStatus(status_code)`)."""
    try:
        HTTPStatus(status_code)
    except ValueError:
        return False
    return True


def _read(response: httpx.Response, started: float) -> httpx.Response:
    """The response, read here so that a connection dropped mid-body is retried too."""
    try:
        response.read()
    finally:
        response.close()
    response.elapsed = datetime.timedelta(seconds=time.perf_counter() - started)
    return response


async def _aread(response: httpx.Response, started: float) -> httpx.Response:
    try:
        await response.aread()
    finally:
        await response.aclose()
    response.elapsed = datetime.timedelta(seconds=time.perf_counter() - started)
    return response

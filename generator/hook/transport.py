"""The transport under a signed client: it refuses a request for another host, checks each request
against the spec, gives each attempt its place under the client's rate, sends the attempts of each
call and reads each answer within the size limit. What each attempt sends, whether to send again
and what the caller gets are the call's own (`call_attempts.CallAttempts`).

It sits where httpx hands a request to the network, below the generated code and above the
connection, so retries happen above signing: every attempt carries a new `timestamp` and
`signature` (Nami rejects a replayed, stale one). All attempts happen inside one httpx send, so the
caller and its event hooks see one result per call. It raises before the generated parsing runs,
which cannot parse a status Python's `HTTPStatus` does not know (Cloudflare's 520).

Every attempt waits for its place under the client's rate (`limiter`); a 429 that says how long to
wait pauses every call, a 418 bans the client. Each attempt is logged on `nami_client.transport`
(see `call_attempts`), never with its query, body or headers.
"""

from __future__ import annotations

import time
from typing import Any, Protocol

import httpx

from .body_reading import aread_body, read_body
from .call_attempts import CallAttempts, Outcome, Sign, watching_resends
from .clock import ClockSync
from .deadline import call_timeout, deadline_scope, reset_deadline
from .error_types import BannedError, RateLimitError, SigningError, error_for_response
from .limiter import RateLimiter
from .retry import Retry
from .signing import request_params

__all__ = ["DEFAULT_TIMEOUT", "NamiTransport", "call_timeout", "watching_resends"]

DEFAULT_TIMEOUT = httpx.Timeout(10.0, connect=5.0)
"""5 s to connect; 10 s for each read, each write and a free connection from the pool."""

_NO_RETRY = Retry(attempts=1)  # one attempt, still within the default total


class Check(Protocol):
    enforce_assumed_limits: bool

    def __call__(self, method: str, path: str, params: dict[str, Any], *, in_query: bool) -> None: ...


class NamiTransport(httpx.BaseTransport, httpx.AsyncBaseTransport):
    """Wraps the transports that reach the network: one for the sync client, one for the async one.

    `sign` signs a request with its parameters (`signing.request_params`: its JSON body's, or its
    query's when it has no body). `origin` is the base URL the client was built for: a request to
    another scheme, host or port is refused before it is signed. `check` is called with each
    request's method, path and parameters before its first attempt. `clock` learns the server's
    clock from the answers (the one `sign` signs with); `limiter` paces the attempts of every call.
    """

    def __init__(
        self,
        sign: Sign,
        *,
        sync_transport: httpx.BaseTransport | None,
        async_transport: httpx.AsyncBaseTransport | None,
        retry: Retry | None,
        raise_errors: bool,
        origin: httpx.URL | None = None,
        check: Check | None = None,
        max_response_bytes: int,
        max_listing_bytes: int | None = None,
        clock: ClockSync | None = None,
        limiter: RateLimiter | None = None,
    ) -> None:
        self._sign = sign
        self._sync = sync_transport
        self._async = async_transport
        self._retry = retry or _NO_RETRY
        self._raise_errors = raise_errors
        self._origin = None if origin is None else (origin.scheme, origin.host, origin.port)
        self._check = check
        self._max_response_bytes = max_response_bytes
        self._max_listing_bytes = max_listing_bytes or max_response_bytes
        self.clock = clock
        self.limiter = limiter or RateLimiter(monotonic=self._retry.monotonic)

    def __repr__(self) -> str:
        return f"NamiTransport(sign={self._sign!r}, retry={self._retry!r}, raise_errors={self._raise_errors})"

    @property
    def enforces_assumed_limits(self) -> bool:
        """Whether requests are held to the limits the spec marks as assumptions."""
        return self._check is not None and self._check.enforce_assumed_limits

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        if self._sync is None:
            raise RuntimeError("this client's transport is async-only; use the asyncio functions")
        request.read()
        call = self._start(request)
        while True:
            while (wait := call.wait_for_place(self.limiter)) > 0:
                self._retry.sleep(wait)
            started = time.perf_counter()
            token = deadline_scope(call.deadline)
            try:
                attempt = call.next_request()
                sent = self._sync.handle_request(attempt)
                call.observe(sent)
                outcome: Outcome = read_body(sent, *self._limit(request), started=started)
            except httpx.TransportError as exc:
                outcome = exc
            finally:
                reset_deadline(token)
                self.limiter.release()
            delay = call.delay_after(self._noted(outcome), time.perf_counter() - started)
            if delay is None:
                return call.result(outcome)
            self._retry.sleep(delay)

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if self._async is None:
            raise RuntimeError("this client's transport is sync-only; use the sync functions")
        await request.aread()
        call = self._start(request)
        while True:
            while (wait := call.wait_for_place(self.limiter)) > 0:
                await self._retry.async_sleep(wait)
            started = time.perf_counter()
            token = deadline_scope(call.deadline)
            try:
                attempt = call.next_request()
                sent = await self._async.handle_async_request(attempt)
                call.observe(sent)
                outcome: Outcome = await aread_body(sent, *self._limit(request), started=started)
            except httpx.TransportError as exc:
                outcome = exc
            finally:
                reset_deadline(token)
                self.limiter.release()
            delay = call.delay_after(self._noted(outcome), time.perf_counter() - started)
            if delay is None:
                return call.result(outcome)
            await self._retry.async_sleep(delay)

    def _limit(self, request: httpx.Request) -> tuple[int, str]:
        """The size limit of the answer to `request`, and the setting that sets it: a GET lists orders."""
        if request.method == "GET":
            return self._max_listing_bytes, "max_listing_bytes"
        return self._max_response_bytes, "max_response_bytes"

    def _noted(self, outcome: Outcome) -> Outcome:
        """`outcome`, after a 429 that says how long to wait has paused every call, or a 418 has banned the client."""
        if isinstance(outcome, httpx.Response) and outcome.status_code in (418, 429):
            error = error_for_response(outcome)
            if isinstance(error, BannedError):
                self.limiter.ban(error)
            elif isinstance(error, RateLimitError):
                self.limiter.pause(error)
        return outcome

    def _start(self, request: httpx.Request) -> CallAttempts:
        """The call of `request`, after the checks that come before any signing."""
        url = request.url
        if self._origin is not None and (url.scheme, url.host, url.port) != self._origin:
            raise SigningError(
                f"refused to sign a request for {url.scheme}://{url.host[:100]}: the client was built for "
                f"{self._origin[0]}://{self._origin[1]} and sends its key nowhere else"
            )
        params = request_params(request)
        if self._check is not None:
            self._check(request.method, url.path, params, in_query=not request.content)
        return CallAttempts(request, params, self._sign, self._retry, self._raise_errors, self.clock)

    def close(self) -> None:
        if self._sync is not None:
            self._sync.close()

    async def aclose(self) -> None:
        if self._async is not None:
            await self._async.aclose()

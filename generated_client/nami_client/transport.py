# Copied from generator/hook/transport.py by `make generate`: edit it there, not here.
"""The transport under a signed client: it checks each request, signs each attempt afresh, sends the
attempts the retry policy (`nami_client.retry`) asks for within the call's deadline, reads each
answer within the size limit, and raises typed errors.

It sits where httpx hands a request to the network, below the generated code and above the
connection, so retries happen above signing: every attempt carries a new `timestamp` and
`signature` (Nami rejects a replayed, stale one). All attempts happen inside one httpx send, so the
caller and its event hooks see one result per call. It raises before the generated parsing runs,
which cannot parse a status Python's `HTTPStatus` does not know (Cloudflare's 520).

Every attempt waits for its place under the client's rate (`limiter`), and every answer's `Date`
feeds the clock estimate (`clock`); a 401 to a request signed with a clock the estimate now says
is off is signed afresh and sent once more. Each attempt is logged on `nami_client.transport`: at
DEBUG, or at WARNING when it is sent again. The log names the method and path, never the query,
body or headers, which carry the key, the timestamp and the signature.
"""

from __future__ import annotations

import contextlib
import contextvars
import logging
import math
import time
from collections.abc import Callable, Iterator
from http import HTTPStatus
from typing import Any, Protocol

import httpx

from .body_reading import aread_body, read_body
from .clock import ClockSync
from .deadline import MIN_ATTEMPT_SECONDS, attempt_timeouts, call_limits, call_timeout, deadline_scope, reset_deadline
from .error_types import (
    BannedError,
    DeadlineExceeded,
    RateLimitError,
    SigningError,
    TransportError,
    _envelope,
    error_for_response,
)
from .limiter import RateLimiter
from .retry import Retry, outcome_unknown
from .signing import request_params

__all__ = ["DEFAULT_TIMEOUT", "NamiTransport", "call_timeout", "watching_resends"]

logger = logging.getLogger(__name__)

DEFAULT_TIMEOUT = httpx.Timeout(10.0, connect=5.0)
"""5 s to connect; 10 s for each read, each write and a free connection from the pool."""

_NO_RETRY = Retry(attempts=1)  # one attempt, still within the default total


_resends: contextvars.ContextVar[list[bool] | None] = contextvars.ContextVar("nami_resends", default=None)


@contextlib.contextmanager
def watching_resends() -> Iterator[list[bool]]:
    """For each call made inside the block, in this thread or task only, that ends with an answer:
    whether it sent its request again after an attempt whose outcome is unknown (no answer, or a
    5xx). Then the server may have carried out that attempt too, and the answer tells of the last
    one only: a cancel retried after a lost answer lists none of the orders the lost attempt cancelled.
    """
    log: list[bool] = []
    token = _resends.set(log)
    try:
        yield log
    finally:
        _resends.reset(token)


Sign = Callable[[httpx.Request, dict[str, Any], int | None], httpx.Request]
"""Signs a request with its parameters, at the given time in ms (None: the signer's own clock)."""


class Check(Protocol):
    enforce_assumed_limits: bool

    def __call__(self, method: str, path: str, params: dict[str, Any], *, in_query: bool) -> None: ...


Outcome = httpx.Response | httpx.TransportError


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

    def _start(self, request: httpx.Request) -> _Call:
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
        return _Call(request, params, self._sign, self._retry, self._raise_errors, self.clock)

    def close(self) -> None:
        if self._sync is not None:
            self._sync.close()

    async def aclose(self) -> None:
        if self._async is not None:
            await self._async.aclose()


class _Call:
    """One call across its attempts: what to send next, whether to send again, what the caller gets."""

    def __init__(
        self,
        request: httpx.Request,
        params: dict[str, Any],
        sign: Sign,
        retry: Retry,
        raise_errors: bool,
        clock: ClockSync | None = None,
    ) -> None:
        self._request = request
        self._params = params
        self._sign = sign
        self._retry = retry
        self._raise_errors = raise_errors
        self._started = retry.monotonic()
        self._attempt = 0
        self._resent_after_unknown = False
        self._clock = clock
        self._offset_used = 0  # the learned clock offset the last attempt was signed with
        self._signed_at = 0  # the local time (ms) it was signed at
        self._sent_at = 0.0  # and the monotonic time it was sent at
        self._resigned = False  # sent again once after a 401, with a corrected clock
        self._timeout, self._total = call_limits(request.extensions.get("timeout", {}), retry.total)
        # The deadline on the real clock, for the sockets (retry.monotonic may be a test's fake clock).
        self.deadline = time.monotonic() + self._total if math.isfinite(self._total) else None

    def next_request(self) -> httpx.Request:
        """The request signed now, with this call's timeouts cut to the time the call has left."""
        self._attempt += 1
        timestamp = None
        if self._clock is not None:
            self._offset_used = self._clock.offset_ms
            self._signed_at = self._clock.local_ms()
            timestamp = self._signed_at + self._offset_used
        sent = self._sign(self._request, self._params, timestamp)
        self._sent_at = time.monotonic()
        sent.extensions["timeout"] = attempt_timeouts(self._timeout, self._total - self._elapsed())
        return sent

    def observe(self, answer: httpx.Response) -> None:
        """An answer's `Date` (its headers have just arrived), as a sample of the server's clock."""
        if self._clock is not None:
            self._clock.observe(self._signed_at, time.monotonic() - self._sent_at, answer.headers)

    def wait_for_place(self, limiter: RateLimiter) -> float:
        """0 once this call may send its next attempt (its place taken); else the seconds to wait first.

        Raises instead when the wait would end past the call's total: the pause's `RateLimitError`,
        or `DeadlineExceeded`, saying that nothing was sent; and a ban's `BannedError`.
        """
        wait, pause = limiter.reserve()
        if wait > 0 and self._elapsed() + wait >= self._total:
            where = f"{self._request.method} {self._request.url.path}"
            if pause is not None:
                refused = RateLimitError(pause.status_code, pause.body, pause.headers, attempts=self._attempt)
                refused.retry_after = wait
                refused.args = (f"{where}: not sent: every call waits {wait:.2f} s more after {pause}",)
                raise refused
            raise DeadlineExceeded(
                f"{where}: not sent: the client's rate (max_requests_per_second={limiter.per_second}) "
                f"leaves no place within the call's {self._total:g} s",
                attempts=self._attempt,
            )
        return wait

    def delay_after(self, outcome: Outcome, seconds: float) -> float | None:
        """Seconds to wait before sending again, or None when `outcome` (of an attempt that took
        `seconds`) is the caller's result."""
        elapsed = self._elapsed()
        for_clock = self._resend_for_clock(outcome)
        if for_clock:
            delay = self._retry.within_total(0.0, elapsed=elapsed, total=self._total)
        else:
            attempt = self._attempt - self._resigned  # a resend for the clock is no retry
            delay = self._retry.wait_after(outcome, attempt=attempt, elapsed=elapsed, total=self._total)
        if delay is not None:
            status = outcome.status_code if isinstance(outcome, httpx.Response) else None
            self._resent_after_unknown |= outcome_unknown(status)
        self._log(outcome, seconds, delay, for_clock=for_clock and delay is not None)
        return delay

    def _resend_for_clock(self, outcome: Outcome) -> bool:
        """Whether `outcome` is a 401 to an attempt signed with a clock the estimate now says is off
        (once per call: a 401 means nothing was done, so sending again is safe)."""
        if self._resigned or self._clock is None or not isinstance(outcome, httpx.Response):
            return False
        self._resigned = outcome.status_code == 401 and self._clock.worth_resigning(self._offset_used)
        return self._resigned

    def _log(self, outcome: Outcome, seconds: float, delay: float | None, *, for_clock: bool) -> None:
        level = logging.DEBUG if delay is None else logging.WARNING
        if not logger.isEnabledFor(level):
            return
        if isinstance(outcome, httpx.Response):
            what = f"got HTTP {outcome.status_code}"
            data = _envelope(outcome.content).get("data") if not outcome.is_success else None
            request_id = data.get("requestId") if isinstance(data, dict) else None
            if isinstance(request_id, str):
                what += f" (request {request_id[:64]!r})"
        else:
            what = f"failed with {type(outcome).__name__}"
        then = "" if delay is None else f"; sending again in {delay:.2f} s"
        if for_clock and self._clock is not None:
            then += f", signed with the clock corrected by {self._clock.offset_ms} ms"
        logger.log(
            level,
            "%s %s: attempt %d of %d %s in %.3f s%s",
            self._request.method,
            self._request.url.path,
            self._attempt,
            self._retry.attempts + self._resigned,
            what,
            seconds,
            then,
        )

    def result(self, outcome: Outcome) -> httpx.Response:
        if isinstance(outcome, httpx.TransportError):
            if not self._raise_errors:
                raise outcome
            if isinstance(outcome, httpx.TimeoutException) and self._past_deadline():
                raise DeadlineExceeded(
                    f"{self._request.method} {self._request.url.path}: no whole answer within the call's "
                    f"{self._total:g} s, after {self._attempt} attempt(s): {type(outcome).__name__}: {outcome}",
                    attempts=self._attempt,
                ) from outcome
            raise TransportError(
                f"{self._request.method} {self._request.url.path}: no answer after {self._attempt} attempt(s): "
                f"{type(outcome).__name__}: {outcome}",
                attempts=self._attempt,
            ) from outcome
        if not _known(outcome.status_code) or (self._raise_errors and not outcome.is_success):
            raise error_for_response(outcome, attempts=self._attempt)
        resends = _resends.get()
        if resends is not None:
            resends.append(self._resent_after_unknown)
        return outcome

    def _elapsed(self) -> float:
        return self._retry.monotonic() - self._started

    def _past_deadline(self) -> bool:
        late = self.deadline is not None and time.monotonic() >= self.deadline - MIN_ATTEMPT_SECONDS
        return late or self._elapsed() >= self._total - MIN_ATTEMPT_SECONDS


_KNOWN_STATUSES = frozenset(HTTPStatus)


def _known(status_code: int) -> bool:
    """Whether the generated parsing can handle the status (it calls `HTTPStatus(status_code)`)."""
    return status_code in _KNOWN_STATUSES

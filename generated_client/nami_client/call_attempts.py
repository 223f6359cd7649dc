# Copied from generator/hook/call_attempts.py by `make generate`: edit it there, not here.
"""One call across its attempts (`CallAttempts`): what each attempt sends, whether to send again,
and what the caller gets. `transport.NamiTransport` creates one per call and carries out its
attempts; the decisions are here.

Each attempt is signed afresh, with the server's clock as the estimate (`clock`) has it, and with
the call's timeouts cut to the time it has left (`deadline`). Whether to send again, and after how
long, is the retry policy's (`retry.Retry.wait_after`); a 401 to a request signed with a clock the
estimate now says is off is signed afresh and sent once more. The result is the answer, or the
typed error of the answer, of the failure to get one, or of the deadline (`error_types`).

Each attempt is logged on `nami_client.transport`, the logger of the transport that sends it: at
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
from typing import Any

import httpx

from .clock import ClockSync
from .deadline import MIN_ATTEMPT_SECONDS, attempt_timeouts, call_limits
from .error_types import DeadlineExceeded, RateLimitError, TransportError, _envelope, error_for_response
from .limiter import RateLimiter
from .retry import Retry, outcome_unknown

__all__ = ["CallAttempts", "Outcome", "Sign", "watching_resends"]

# The attempts are the transport's: they log on its logger, the one the README names.
logger = logging.getLogger("nami_client.transport")


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


Outcome = httpx.Response | httpx.TransportError
"""What one attempt came to: an answer read within its size limit, or no answer."""


class CallAttempts:
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

# Copied from generator/hook/retry.py by `make generate`: edit it there, not here.
"""When a signed client sends a call again, and how long it waits first: the one place that decides.

Retried: no answer (connection failed or dropped, timeout), 429 and every 5xx. Never retried: any
other status, 400 and 401 included, since sending the same request again cannot change them.
The transport (`nami_client.transport`) only carries out what `Retry.wait_after` decides. Whether
an attempt may have been carried out unseen (`outcome_unknown`) is decided here too, for the
transport's resends and for the runs of `nami_client.orders`.
"""

from __future__ import annotations

import math
import random
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

import anyio  # httpx depends on it; its sleep works under asyncio and trio alike
import httpx

from .retry_after import retry_after_seconds

__all__ = ["DEFAULT_RETRY", "RETRYABLE_ERRORS", "Retry", "outcome_unknown", "retry_after_seconds"]

# No answer arrived after these, so sending again is the only way to learn the outcome.
RETRYABLE_ERRORS = (httpx.TimeoutException, httpx.NetworkError, httpx.RemoteProtocolError)


@dataclass(frozen=True, kw_only=True)
class Retry:
    """A retry policy. `Retry(attempts=1)` (or `retry=None` in `signed_client`) turns retries off.

    The wait after failed attempt n is `min(max_backoff, backoff * multiplier ** (n - 1))`, less a
    random share of up to `jitter` of it (so clients that failed together do not retry together),
    and never less than the server's `Retry-After`. No wait runs past `total` seconds from the
    first attempt, and each attempt's timeouts are cut to the time left.
    """

    attempts: int = 4
    backoff: float = 0.25
    multiplier: float = 2.0
    max_backoff: float = 4.0
    total: float = 20.0
    jitter: float = 0.5
    # Injectable for tests: how to wait, what time it is, and the source of jitter.
    sleep: Callable[[float], None] = field(default=time.sleep, repr=False, compare=False)
    async_sleep: Callable[[float], Awaitable[None]] = field(default=anyio.sleep, repr=False, compare=False)
    monotonic: Callable[[], float] = field(default=time.monotonic, repr=False, compare=False)
    random: Callable[[], float] = field(default=random.random, repr=False, compare=False)

    def __post_init__(self) -> None:
        if not isinstance(self.attempts, int) or isinstance(self.attempts, bool):
            raise TypeError(f"attempts must be an int, not {type(self.attempts).__name__}")
        for name in ("backoff", "multiplier", "max_backoff", "total", "jitter"):
            value = getattr(self, name)
            if not isinstance(value, int | float) or isinstance(value, bool):
                raise TypeError(f"{name} must be a number of seconds (or a factor), not {type(value).__name__}")
            if math.isnan(value) or (name != "total" and math.isinf(value)):
                raise ValueError(f"{name} must be a finite number, got {value}")
        for name in ("sleep", "async_sleep", "monotonic", "random"):
            if not callable(getattr(self, name)):
                raise TypeError(f"{name} must be a function")
        if self.attempts < 1:
            raise ValueError("attempts must be at least 1 (1 means no retries)")
        if min(self.backoff, self.max_backoff, self.total) < 0 or self.multiplier < 1:
            raise ValueError("backoff, max_backoff and total must be >= 0, multiplier >= 1")
        if not 0 <= self.jitter <= 1:
            raise ValueError("jitter must be between 0 and 1")

    @staticmethod
    def retries_status(status_code: int) -> bool:
        return status_code == 429 or status_code >= 500

    def delay(self, attempt: int, retry_after: float | None = None) -> float:
        """Seconds to wait after failed attempt number `attempt` (counted from 1)."""
        try:
            base = min(self.max_backoff, self.backoff * self.multiplier ** (attempt - 1))
        except OverflowError:
            base = self.max_backoff
        wait = base * (1 - self.jitter * self.random())
        return max(wait, retry_after or 0.0)

    def wait_after(
        self, outcome: httpx.Response | Exception, *, attempt: int, elapsed: float, total: float | None = None
    ) -> float | None:
        """Seconds to wait before sending again after attempt number `attempt` ended in `outcome`,
        `elapsed` seconds after the first attempt started; None when `outcome` is the call's result.
        `total` is the call's own cap on its time, when shorter than `self.total` (`call_timeout`)."""
        if isinstance(outcome, httpx.Response):
            if not self.retries_status(outcome.status_code):
                return None
            retry_after = retry_after_seconds(outcome.headers.get("retry-after"))
        elif isinstance(outcome, RETRYABLE_ERRORS):
            retry_after = None
        else:
            return None
        if attempt >= self.attempts:
            return None
        return self.within_total(self.delay(attempt, retry_after), elapsed=elapsed, total=total)

    def within_total(self, delay: float, *, elapsed: float, total: float | None = None) -> float | None:
        """`delay`, or None when a wait that long, `elapsed` seconds into the call, would end past the
        call's time: `self.total`, or `total` when that is shorter. The one place that caps it."""
        cap = self.total if total is None else min(self.total, total)
        return None if elapsed + delay >= cap else delay


DEFAULT_RETRY = Retry()


def outcome_unknown(status_code: int | None) -> bool:
    """Whether an attempt that ended with `status_code` (None: no answer arrived) may have been
    carried out without the client learning so: no answer, a 5xx, or a 2xx it could not read."""
    return status_code is None or status_code >= 500 or 200 <= status_code < 300

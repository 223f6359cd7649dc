"""When a signed client sends a call again, and how long it waits first: the one place that decides.

Retried: no answer (connection failed or dropped, timeout), 429 and every 5xx. Never retried: any
other status, 400 and 401 included, since sending the same request again cannot change them.
The transport (`nami_client.transport`) only carries out what `Retry.wait_after` decides.
"""

from __future__ import annotations

import math
import random
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

import anyio  # httpx depends on it; its sleep works under asyncio and trio alike
import httpx

__all__ = ["DEFAULT_RETRY", "RETRYABLE_ERRORS", "Retry", "retry_after_seconds"]

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

    def wait_after(self, outcome: httpx.Response | Exception, *, attempt: int, elapsed: float) -> float | None:
        """Seconds to wait before sending again after attempt number `attempt` ended in `outcome`,
        `elapsed` seconds after the first attempt started; None when `outcome` is the call's result."""
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
        delay = self.delay(attempt, retry_after)
        if elapsed + delay >= self.total:
            return None  # the wait would end past the budget: give up now
        return delay


DEFAULT_RETRY = Retry()


def retry_after_seconds(value: str | None) -> float | None:
    """A `Retry-After` header (seconds or an HTTP date) as seconds from now; None if absent or unreadable."""
    if value is None:
        return None
    value = value.strip()
    try:
        seconds = float(value)
    except ValueError:
        try:
            when = parsedate_to_datetime(value)
        except (TypeError, ValueError):
            return None
        if when.tzinfo is None:
            when = when.replace(tzinfo=UTC)
        seconds = (when - datetime.now(UTC)).total_seconds()
    if not math.isfinite(seconds):
        return None
    return max(seconds, 0.0)

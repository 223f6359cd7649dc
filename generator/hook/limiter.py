"""How fast one client sends: every call through it, sync or async, in any thread or task.

- **A rate:** at most `per_second` requests in any one second, on a sliding second. A request
  holds its place from when it is sent until one second after its answer arrived (or its attempt
  failed): the server received it in between, so however the network delays each request, the
  server never sees more than `per_second` of them within one second. A bucket that lets a burst
  through at each edge of a fixed second would not promise that.
- **A pause:** after a 429 with `Retry-After`, no call of the client sends until it has passed.
- **A ban:** after a 418, every request is refused (`BannedError`, nothing sent) until the ban ends:
  the answer's `Retry-After`, or `UNSAID_BAN_SECONDS` when it gives none.

`reserve` takes a place or says how long to wait; the caller waits (with its own sleep, within its
own deadline) and asks again, then calls `release` when the attempt ends.
"""

from __future__ import annotations

import logging
import math
import threading
import time
from collections import deque
from collections.abc import Callable

from .error_types import BannedError, RateLimitError

__all__ = ["UNSAID_BAN_SECONDS", "RateLimiter"]

UNSAID_BAN_SECONDS = 3600.0
"""A 418 without `Retry-After`: Nami's published ban for repeated abuse is an hour."""

WINDOW_SECONDS = 1.0

logger = logging.getLogger(__name__)


class RateLimiter:
    """The shared state of one client's sends; `per_second=None` sets no rate (pauses and bans still apply)."""

    def __init__(self, per_second: int | None = None, *, monotonic: Callable[[], float] = time.monotonic) -> None:
        self.per_second = per_second
        self._monotonic = monotonic
        self._lock = threading.Lock()
        self._ended: deque[float] = deque()  # when each recent attempt ended, oldest first
        self._in_flight = 0
        self._paused_until = -math.inf
        self._pause_error: RateLimitError | None = None
        self._banned_until = -math.inf
        self._ban: BannedError | None = None

    def reserve(self) -> tuple[float, RateLimitError | None]:
        """`(0, None)` when the request may go (call `release` after its attempt); else the seconds to
        wait before asking again, and the 429 behind the wait when it is a pause. Raises the ban's
        `BannedError` while a ban lasts."""
        with self._lock:
            now = self._monotonic()
            if now < self._banned_until and self._ban is not None:
                raise self._ban.refusal(self._banned_until - now)
            if now < self._paused_until:
                return self._paused_until - now, self._pause_error
            if self.per_second is None:
                return 0.0, None
            while self._ended and self._ended[0] <= now - WINDOW_SECONDS:
                self._ended.popleft()
            if self._in_flight + len(self._ended) >= self.per_second:
                # The first place to free up: the oldest ended attempt's, else one still in flight,
                # which can end no sooner than now.
                oldest = self._ended[0] if self._ended else now
                return max(oldest + WINDOW_SECONDS - now, 1e-3), None
            self._in_flight += 1
            return 0.0, None

    def release(self) -> None:
        """The attempt that took a place has ended: its place frees up one second from now."""
        if self.per_second is None:
            return
        with self._lock:
            self._in_flight -= 1
            self._ended.append(self._monotonic())

    def pause(self, error: RateLimitError) -> None:
        """No call sends before `error.retry_after` seconds from now (a 429 that said how long)."""
        if error.retry_after is None:
            return
        with self._lock:
            until = self._monotonic() + error.retry_after
            if until > self._paused_until:
                self._paused_until, self._pause_error = until, error
        logger.info("HTTP 429: every call of this client waits %.2f s before sending", error.retry_after)

    def ban(self, error: BannedError) -> None:
        """Refuse every request until the ban of `error` (a 418) ends."""
        seconds = UNSAID_BAN_SECONDS if error.retry_after is None else error.retry_after
        with self._lock:
            until = self._monotonic() + seconds
            if until > self._banned_until:
                self._banned_until, self._ban = until, error
        logger.warning("HTTP 418: banned; this client refuses every request for %.0f s", seconds)

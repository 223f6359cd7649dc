# Copied from generator/testing/rate.py by `make generate`: edit it there, not here.
"""The mock's rate limit per API key (`NAMI_MOCK_RATE_LIMIT`), as the 2019 Nami docs describe one:
429 past the limit, 418 (a ban) after repeated 429s. `Retry-After` on both is this mock's
assumption: Nami publishes none.

A request counts when it is admitted; at most `limit` are admitted in any sliding second. A key
that gets `ban_after` 429s within `ban_window_s` is banned for `ban_seconds`. Refused requests do
not count, so a client that waits `Retry-After` out gets through.
"""

from __future__ import annotations

import math
import time
from collections import deque
from collections.abc import Callable

from .refusals import Rejected

TOO_MANY_REQUESTS = 4290
BANNED = 4180


class RateGate:
    def __init__(
        self,
        limit: int,
        *,
        ban_after: int,
        ban_window_s: float,
        ban_seconds: float,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self.limit, self.ban_after, self.ban_window_s, self.ban_seconds = limit, ban_after, ban_window_s, ban_seconds
        self._monotonic = monotonic
        self._admitted: dict[str, deque[float]] = {}
        self._refused: dict[str, deque[float]] = {}
        self._banned_until: dict[str, float] = {}

    def admit(self, api_key: str) -> None:
        """Count a request of `api_key`, or raise the 429 or 418 that refuses it."""
        now = self._monotonic()
        banned_until = self._banned_until.get(api_key, -math.inf)
        if now < banned_until:
            raise self._ban(banned_until - now)
        admitted = self._admitted.setdefault(api_key, deque())
        while admitted and admitted[0] <= now - 1.0:
            admitted.popleft()
        if len(admitted) < self.limit:
            admitted.append(now)
            return
        refused = self._refused.setdefault(api_key, deque())
        while refused and refused[0] <= now - self.ban_window_s:
            refused.popleft()
        refused.append(now)
        if len(refused) >= self.ban_after:
            refused.clear()
            self._banned_until[api_key] = now + self.ban_seconds
            raise self._ban(self.ban_seconds)
        wait = admitted[0] + 1.0 - now
        message = f"more than {self.limit} requests a second for this key"
        raise Rejected(429, TOO_MANY_REQUESTS, "TOO_MANY_REQUESTS", message, {"Retry-After": _seconds(wait)})

    def _ban(self, seconds: float) -> Rejected:
        message = f"banned for {seconds:.0f} s after repeated 429s"
        return Rejected(418, BANNED, "BANNED", message, {"Retry-After": _seconds(seconds)})


def _seconds(wait: float) -> str:
    """Retry-After in whole seconds, rounded up: a client that waits it is never early."""
    return str(max(1, math.ceil(wait)))

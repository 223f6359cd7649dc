# Copied from generator/hook/clock.py by `make generate`: edit it there, not here.
"""The exchange's clock as this client sees it: learned from the `Date` header of every answer.

Nami publishes no server-time endpoint, so an answer's `Date` is the only source. Each answer gives
one sample: the server's time (the header's second, plus half a second, since the header drops the
milliseconds) less the local time halfway between sending and receiving (the local clock read when
the request was signed, plus half the round trip on the monotonic clock). The estimate is the
median of the last `SAMPLES` samples, so one odd answer does not move it, and it is applied only
beyond `THRESHOLD_MS`: the header's one-second resolution cannot tell a smaller offset from none.
An answer with an `Age` header (served from a cache, its `Date` old) is no sample.
"""

from __future__ import annotations

import logging
import statistics
import threading
from collections import deque
from collections.abc import Callable, Mapping
from datetime import UTC
from email.utils import parsedate_to_datetime

from .error_types import SigningError

__all__ = ["SAMPLES", "THRESHOLD_MS", "ClockSync"]

logger = logging.getLogger(__name__)

SAMPLES = 7
THRESHOLD_MS = 1000
"""An offset this small or smaller is left alone (1 s: the resolution of `Date`)."""

# What a time in ms since the epoch looks like: from 2001 to 2286. Seconds (1.7e9) are far below.
_PLAUSIBLE_MS = range(10**12, 10**13)


class ClockSync:
    """What time to sign with: `clock()` plus the fixed `fixed_offset_ms`, plus the offset learned
    from the answers when `enabled`. Shared by every call of one client, from any thread or task."""

    def __init__(self, clock: Callable[[], int], *, fixed_offset_ms: int = 0, enabled: bool = True) -> None:
        self._clock = clock
        self.fixed_offset_ms = fixed_offset_ms
        self.enabled = enabled
        self._samples: deque[int] = deque(maxlen=SAMPLES)
        self._offset_ms = 0
        self._lock = threading.Lock()

    @property
    def offset_ms(self) -> int:
        """The learned offset in use (server minus local, in ms); 0 until one beyond the threshold is seen."""
        return self._offset_ms

    def local_ms(self) -> int:
        """The local time, with the fixed offset: what the samples are measured against.
        `SigningError` (a `ValueError`) when `clock` does not give an integer count of milliseconds."""
        now = self._clock()
        if type(now) is not int or now not in _PLAUSIBLE_MS:
            got = type(now).__name__ if type(now) is not int else "an integer out of range"
            raise SigningError(
                f"clock must return the time in integer milliseconds since the epoch (as time.time_ns() // 1_000_000), "
                f"got {got}{' (seconds?)' if isinstance(now, float | int) and 0 < now < 10**11 else ''}"
            )
        return now + self.fixed_offset_ms

    def now_ms(self) -> int:
        """The time to sign with: the local time, corrected by the learned offset."""
        return self.local_ms() + self._offset_ms

    def observe(self, sent_ms: int, round_trip_s: float, headers: Mapping[str, str]) -> None:
        """Take the sample of an answer to a request signed at `sent_ms` (`local_ms()`) whose headers
        arrived `round_trip_s` seconds later (on the monotonic clock: the local clock is read once)."""
        if not self.enabled or "age" in headers:
            return
        server_ms = _date_ms(headers.get("date"))
        if server_ms is None:
            return
        sample = server_ms + 500 - (sent_ms + round(round_trip_s * 500))
        with self._lock:
            self._samples.append(sample)
            estimate = int(statistics.median(self._samples))
            applied = estimate if abs(estimate) > THRESHOLD_MS else 0
            changed, self._offset_ms = applied != self._offset_ms, applied
        if changed:
            logger.info("the exchange's clock is %+d ms from this host's: signing with that offset", applied)

    def worth_resigning(self, offset_used_ms: int) -> bool:
        """Whether a request signed with `offset_used_ms` was signed with a clock the estimate now
        says is off: then a 401 for it may be the clock's doing, and a request signed afresh may pass."""
        return self.enabled and abs(self._offset_ms - offset_used_ms) > THRESHOLD_MS


def _date_ms(value: str | None) -> int | None:
    """An HTTP date as ms since the epoch; None if absent or unreadable."""
    if not value:
        return None
    try:
        when = parsedate_to_datetime(value)
        if when.tzinfo is None:  # "-0000" or no zone: HTTP dates are in GMT
            when = when.replace(tzinfo=UTC)
        return int(when.timestamp() * 1000)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None

# Copied from generator/testing/schedule.py by `make generate`: edit it there, not here.
"""The faults scheduled on a `MockExchange`: each hits the next `times` requests it can change that
its predicate accepts, in the order scheduled. Counted, never random: a test replays the same."""

from __future__ import annotations

import copy
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .document import OPEN_ORDERS_PATH, OPERATION_PATH
from .kit_faults import KitFault

MAX_SCHEDULED = 1_000  # faults waiting at once; reset() clears them
Predicate = Callable[[dict[str, Any]], object]


class PredicateFailed(Exception):
    """A fault's `when` raised on a request: the request is answered 500 and the error logged with it."""


@dataclass
class Scheduled:
    fault: KitFault
    times: int | None  # None: every request it can change, until reset()
    when: Predicate | None


class FaultSchedule:
    def __init__(self) -> None:
        self._waiting: list[Scheduled] = []
        self._lock = threading.RLock()  # a predicate may schedule another fault

    def add(self, scheduled: Scheduled) -> None:
        with self._lock:
            if len(self._waiting) >= MAX_SCHEDULED:
                raise ValueError(f"{MAX_SCHEDULED} faults are already waiting: the most a MockExchange keeps")
            self._waiting.append(scheduled)

    def take(self, view: dict[str, Any]) -> KitFault | None:
        """The fault that hits this request (one at most: the first scheduled that matches), counted."""
        if view["path"] not in (OPERATION_PATH, OPEN_ORDERS_PATH):
            return None
        with self._lock:
            for scheduled in self._waiting:
                if view["method"] not in scheduled.fault.methods or not self._accepts(scheduled, view):
                    continue
                if scheduled.times is not None:
                    scheduled.times -= 1
                    if scheduled.times == 0:
                        self._waiting.remove(scheduled)
                return scheduled.fault
        return None

    @staticmethod
    def _accepts(scheduled: Scheduled, view: dict[str, Any]) -> bool:
        if scheduled.when is None:
            return True
        try:
            return bool(scheduled.when(copy.deepcopy(view)))
        except Exception as exc:
            raise PredicateFailed(f"the `when` of fault {scheduled.fault.name!r} raised {exc!r}"[:300]) from exc

    def clear(self) -> None:
        with self._lock:
            self._waiting = []

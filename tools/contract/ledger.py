"""What the server has said it cancelled, in the order its answers came back: the state that the
promises across requests are judged against (an order a Delete All Orders answer listed is not
listed by a Get Open Orders request sent after that answer; an order a listing showed is one a
Delete All Orders request cancels).

One ledger per run (tools/contract/state.py). Every 2xx Delete All Orders answer of the run is
recorded, Schemathesis' (from the `after_call` hook) and the harness's own
(tools/contract/exchange.py); a listing notes, when it is sent, how many answers had come back by
then. Positions, not clocks: concurrent workers stay exact.
"""

from __future__ import annotations

import threading
from typing import Any

from tools.contract.promises import ListedOrderKey, order_key


class Ledger:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._cancelled: list[frozenset[ListedOrderKey | None]] = []  # the orders each 2xx answer listed
        self._sent_at: dict[str, int] = {}  # a request's id: how many answers were recorded when it was sent

    def record_cancelled(self, listed: list[Any]) -> None:
        """Note the orders one 2xx Delete All Orders answer listed as cancelled."""
        with self._lock:
            self._cancelled.append(frozenset(order_key(order) for order in listed))

    def mark_sent(self, request_id: str) -> None:
        """Note that a request is being sent now."""
        with self._lock:
            self._sent_at[request_id] = len(self._cancelled)

    def cancelled_before(self, request_id: str) -> frozenset[ListedOrderKey | None]:
        """The orders answers had listed as cancelled before the request was sent (none when it was
        never marked: nothing is known about when it was sent)."""
        with self._lock:
            return frozenset().union(*self._cancelled[: self._sent_at.get(request_id, 0)])

    def cancelled_so_far(self) -> frozenset[ListedOrderKey | None]:
        with self._lock:
            return frozenset().union(*self._cancelled)

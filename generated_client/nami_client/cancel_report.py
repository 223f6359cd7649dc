# Copied from generator/hook/cancel_report.py by `make generate`: edit it there, not here.
"""What a run of `nami_client.orders` reports: each order it set out to cancel, and what became of it.

Plain data that imports nothing of the package at run time: an error that stops a run carries its
report (`error_types.NamiError.report`) and a report names the errors of its failed orders, so the
two refer to each other, the errors at run time, this module for type checkers only.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, NamedTuple

if TYPE_CHECKING:
    from .error_types import NamiError

__all__ = ["CancelReport", "FailedOrder", "NotCancelled", "OrderKey"]


class OrderKey(NamedTuple):
    """An order as a cancel names it."""

    displaying_id: int
    symbol: str


class FailedOrder(NamedTuple):
    """An order the run could not cancel, and the error of its last attempt (or the one that stopped the run)."""

    order: OrderKey
    error: NamiError


class NotCancelled(NamedTuple):
    """An order a cancel answer listed with a status other than `CANCELED` (e.g. `FILLED`): it is not
    open, and this run did not cancel it. `status` is the answer's text, as sent."""

    order: OrderKey
    status: str


@dataclass(frozen=True)
class CancelReport:
    """What a run did with each order it set out to cancel; every order is in exactly one list.

    - `cancelled`: a cancel answer listed it as `CANCELED`, whatever a later listing showed. Also an
      order whose cancel had an unknown outcome (no answer, a 5xx, an unreadable or undeclared 2xx)
      and which a later listing no longer showed (or a later cancel found not open): most likely
      that cancel went through, though something else may have removed it meanwhile.
    - `already_gone`: not open when its cancel arrived (filled, or cancelled by someone else).
    - `not_cancelled`: an answer listed it with another status (`NotCancelled(order, status)`).
    - `still_open`: its cancel was answered, yet the last listing still showed it.
    - `failed`: no cancel of it settled it (`FailedOrder(order, error)`): its last cancel failed and
      the listing still showed it, the run stopped before it was sent or answered, or no cancel can
      express it within the spec (`InvalidRequestError`).

    `listed` is how many open orders the first listing showed, per pair (with `symbol`, that pair,
    0 included: `{"BTCUSTD": 0}` for a pair with no open order, or a mistyped one); for
    `cancel_orders`, how many orders it was given, per pair. `complete` is True only when the last
    listing showed no order the run set out to cancel (for `cancel_all`: no open order of the key,
    or of `symbol`) and no order is `still_open` or `failed`.
    """

    cancelled: list[OrderKey] = field(default_factory=list)
    already_gone: list[OrderKey] = field(default_factory=list)
    not_cancelled: list[NotCancelled] = field(default_factory=list)
    still_open: list[OrderKey] = field(default_factory=list)
    failed: list[FailedOrder] = field(default_factory=list)
    listed: dict[str, int] = field(default_factory=dict)
    complete: bool = False

    def to_dict(self) -> dict[str, Any]:
        """The report as JSON-ready values: each order as `{"displayingId": ..., "symbol": ...}` (as
        the exchange sent them), with `status` in `not_cancelled`, and `error` (the error's type) and
        `message` in `failed`."""

        def order(key: OrderKey) -> dict[str, Any]:
            return {"displayingId": key.displaying_id, "symbol": key.symbol}

        return {
            "complete": self.complete,
            "listed": dict(self.listed),
            "cancelled": [order(key) for key in self.cancelled],
            "already_gone": [order(key) for key in self.already_gone],
            "not_cancelled": [{**order(item.order), "status": item.status} for item in self.not_cancelled],
            "still_open": [order(key) for key in self.still_open],
            "failed": [
                {**order(item.order), "error": type(item.error).__name__, "message": str(item.error)}
                for item in self.failed
            ],
        }

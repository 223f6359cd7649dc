# Copied from generator/hook/orders.py by `make generate`: edit it there, not here.
"""Cancel every open order of a key, or of one pair, and know which orders are gone.

`cancel_all` lists the open orders and cancels them; `cancel_orders` cancels orders the caller
already holds; `acancel_all` and `acancel_orders` do the same on the async client. Each returns a
`CancelReport`. The decisions are made once, in the generator `_cancel`, which yields the requests
it needs and is sent what came of each; `_drive` and `_adrive` carry the requests out.
"""

from __future__ import annotations

import enum
from collections.abc import Generator, Iterable
from dataclasses import dataclass, field
from typing import NamedTuple, Protocol

from .api.spot import delete_all_orders, get_open_orders
from .errors import (
    InvalidRequestError,
    InvalidResponseError,
    NamiError,
    RateLimitError,
    ServerError,
    TransportError,
    UnexpectedStatus,
)
from .factory import RaisingClient
from .models import DeleteAllOrdersRequest, OpenOrdersPage, OpenOrdersResponse, Order, OrderRef
from .spec import REQUEST_BODY_RULES
from .transport import watching_resends
from .types import UNSET
from .validation import RequestCheck

__all__ = [
    "MAX_PASSES",
    "CancelReport",
    "FailedOrder",
    "OrderKey",
    "Ref",
    "acancel_all",
    "acancel_orders",
    "cancel_all",
    "cancel_orders",
]

MAX_PASSES = 3
"""How many times at most an order is sent for cancelling: once, then again after each listing that
still shows it open. After the last one, the listing that follows decides how it is reported."""

_CANCEL = ("DELETE", "/api/v4/spot/all_order")
_MAX_CHUNK: int = REQUEST_BODY_RULES[_CANCEL]["properties"]["orders"]["maxItems"]


class OrderKey(NamedTuple):
    """An order as a cancel names it."""

    displaying_id: int
    symbol: str


class FailedOrder(NamedTuple):
    """An order the run could not cancel, and the error of its last attempt (or the one that stopped the run)."""

    order: OrderKey
    error: NamiError


@dataclass(frozen=True)
class CancelReport:
    """What a run did with each order it set out to cancel; every order is in exactly one list.

    - `cancelled`: gone, cancelled by this run. Also an order whose cancel had an unknown outcome
      (no answer, a 5xx, an unreadable 2xx) and which the next listing no longer showed: most
      likely that cancel went through, though something else may have removed it meanwhile.
    - `already_gone`: not open when its cancel arrived (filled, or cancelled by someone else).
    - `still_open`: its cancel was answered, yet the listing still showed it, after every pass.
    - `failed`: its last cancel failed and the listing still showed it (or the run stopped), with the error.
    """

    cancelled: list[OrderKey] = field(default_factory=list)
    already_gone: list[OrderKey] = field(default_factory=list)
    still_open: list[OrderKey] = field(default_factory=list)
    failed: list[FailedOrder] = field(default_factory=list)

    @property
    def complete(self) -> bool:
        """Whether every order it set out to cancel is gone."""
        return not (self.still_open or self.failed)


class _HasRef(Protocol):
    @property
    def displaying_id(self) -> int: ...

    @property
    def symbol(self) -> str: ...


Ref = tuple[int, str] | _HasRef
"""An order to cancel: `(displaying_id, symbol)`, an `OrderKey`, or a model that has both (`OrderRef`, `Order`)."""


# The requests a run needs, and what comes of them.


@dataclass(frozen=True)
class _List:
    symbol: str | None


@dataclass(frozen=True)
class _Cancel:
    orders: list[OrderKey]


class _Seen(NamedTuple):
    """The orders an answer names: those listed open, or those a cancel cancelled."""

    orders: list[OrderKey]
    exact: bool = True  # False for a cancel sent again after an attempt whose outcome is unknown


_Step = _List | _Cancel
_Outcome = _Seen | NamiError
_Run = Generator[_Step, _Outcome, CancelReport]


class _Verdict(enum.Enum):
    """What the last cancel of an order said about it."""

    CANCELLED = "answered as cancelled"
    NOT_OPEN = "left out of an exact answer: it was not open"
    UNKNOWN = "no telling: no answer, a 5xx, an unreadable 2xx, or an answer to a resent request"
    NOT_DONE = "refused for now (429): not carried out"


def _verdict_of(error: NamiError) -> _Verdict | None:
    """What a failed cancel says of its orders; None when the run must stop (sending again cannot help)."""
    if isinstance(error, TransportError | ServerError):
        return _Verdict.UNKNOWN
    if isinstance(error, InvalidResponseError | UnexpectedStatus):
        status = error.status_code
        return _Verdict.UNKNOWN if 200 <= status < 300 or status >= 500 else None
    return _Verdict.NOT_DONE if isinstance(error, RateLimitError) else None


class _Progress:
    """What a run knows of its orders: the verdict of each one's last cancel, and which orders the
    last listing still showed open (`pending`: sent again in the next pass)."""

    def __init__(self, targets: list[OrderKey]) -> None:
        self.targets = targets
        self.pending = targets
        self.verdicts: dict[OrderKey, tuple[_Verdict, NamiError | None]] = {}
        self.sent: set[OrderKey] = set()  # in this pass

    def answered(self, chunk: list[OrderKey], answer: _Seen) -> None:
        cancelled = set(answer.orders)
        missing = _Verdict.NOT_OPEN if answer.exact else _Verdict.UNKNOWN
        for order in chunk:
            self.verdicts[order] = (_Verdict.CANCELLED if order in cancelled else missing, None)
        self.sent.update(chunk)

    def failed(self, chunk: list[OrderKey], verdict: _Verdict, error: NamiError) -> None:
        self.verdicts.update(dict.fromkeys(chunk, (verdict, error)))
        self.sent.update(chunk)

    def listed(self, still_open: list[OrderKey]) -> None:
        listed = set(still_open)
        self.pending = [order for order in self.pending if order in listed]
        self.sent = set()

    def report(self, stopped_by: NamiError | None = None) -> CancelReport:
        report = CancelReport()
        pending = set(self.pending)
        for order in self.targets:
            verdict, error = self.verdicts.get(order, (None, None))
            if order in pending and stopped_by is not None and order not in self.sent:
                report.failed.append(FailedOrder(order, stopped_by))
            elif order in pending and error is not None:
                report.failed.append(FailedOrder(order, error))
            elif order in pending and stopped_by is None:
                report.still_open.append(order)
            elif verdict in (_Verdict.CANCELLED, _Verdict.UNKNOWN):
                report.cancelled.append(order)
            else:
                report.already_gone.append(order)
        return report

    def stop(self, error: NamiError) -> NamiError:
        error.report = self.report(stopped_by=error)
        return error


def _cancel(targets: list[OrderKey], chunk_size: int, symbol: str | None) -> _Run:
    """Cancel `targets` in chunks, then list the open orders (of `symbol`) to see which are still
    open, and send those again, for at most MAX_PASSES passes."""
    progress = _Progress(targets)
    for _ in range(MAX_PASSES):
        if not progress.pending:
            break
        for start in range(0, len(progress.pending), chunk_size):
            chunk = progress.pending[start : start + chunk_size]
            outcome = yield _Cancel(chunk)
            if isinstance(outcome, NamiError):
                verdict = _verdict_of(outcome)
                if verdict is None:
                    raise progress.stop(outcome)
                progress.failed(chunk, verdict, outcome)
            else:
                progress.answered(chunk, outcome)
        listing = yield _List(symbol)
        if isinstance(listing, NamiError):
            raise progress.stop(listing)
        progress.listed(listing.orders)
    return progress.report()


def _cancel_all(symbol: str | None, chunk_size: int) -> _Run:
    listing = yield _List(symbol)
    if isinstance(listing, NamiError):
        raise _Progress([]).stop(listing)
    # Only the pair asked for, even from a server that ignores the filter.
    targets = [order for order in listing.orders if symbol is None or order.symbol == symbol]
    return (yield from _cancel(list(dict.fromkeys(targets)), chunk_size, symbol))


# Carrying the requests out.


def _body(orders: list[OrderKey]) -> DeleteAllOrdersRequest:
    return DeleteAllOrdersRequest(orders=[OrderRef(displaying_id=i, symbol=s) for i, s in orders])


def _keys(orders: list[Order]) -> list[OrderKey]:
    return [OrderKey(order.displaying_id, order.symbol) for order in orders]


def _open(answer: OpenOrdersResponse) -> list[OrderKey]:
    return _keys(answer.data.orders if isinstance(answer.data, OpenOrdersPage) else answer.data)


def _outcome(client: RaisingClient, step: _Step) -> _Outcome:
    try:
        if isinstance(step, _List):
            pair = UNSET if step.symbol is None else step.symbol
            return _Seen(_open(get_open_orders.sync(client=client, filter_by_pair=pair)))
        with watching_resends() as resends:
            answer = delete_all_orders.sync(client=client, body=_body(step.orders))
        return _Seen(_keys(answer.data), exact=not any(resends))
    except NamiError as error:
        return error


async def _aoutcome(client: RaisingClient, step: _Step) -> _Outcome:
    try:
        if isinstance(step, _List):
            pair = UNSET if step.symbol is None else step.symbol
            return _Seen(_open(await get_open_orders.asyncio(client=client, filter_by_pair=pair)))
        with watching_resends() as resends:
            answer = await delete_all_orders.asyncio(client=client, body=_body(step.orders))
        return _Seen(_keys(answer.data), exact=not any(resends))
    except NamiError as error:
        return error


def _drive(client: RaisingClient, run: _Run) -> CancelReport:
    try:
        step = next(run)
        while True:
            step = run.send(_outcome(client, step))
    except StopIteration as done:
        report: CancelReport = done.value
        return report


async def _adrive(client: RaisingClient, run: _Run) -> CancelReport:
    try:
        step = next(run)
        while True:
            step = run.send(await _aoutcome(client, step))
    except StopIteration as done:
        report: CancelReport = done.value
        return report


# Arguments, checked before anything is sent.


def _checked(client: RaisingClient, chunk_size: int) -> int:
    if not isinstance(client, RaisingClient):
        raise TypeError("cancelling needs a client from signed_client() with raise_errors=True (the default)")
    most = _MAX_CHUNK if client.enforces_assumed_limits else None
    if type(chunk_size) is not int or chunk_size < 1 or (most is not None and chunk_size > most):
        allowed = (
            "a positive integer"
            if most is None
            else f"an integer from 1 to {most} (an assumed limit of the spec: enforce_assumed_limits=False lifts it)"
        )
        raise ValueError(f"chunk_size must be {allowed}")
    return chunk_size


def _targets(client: RaisingClient, refs: Iterable[Ref], chunk_size: int) -> list[OrderKey]:
    """The orders to cancel, each once, in order; `InvalidRequestError` if a cancel of them would break the spec."""
    keys = []
    for index, ref in enumerate(refs):
        pair = ref if isinstance(ref, tuple) else (getattr(ref, "displaying_id", None), getattr(ref, "symbol", None))
        if len(pair) != 2 or type(pair[0]) is not int or type(pair[1]) is not str:
            raise InvalidRequestError([f"refs[{index}]: not an order (an int displaying_id and a str symbol)"])
        keys.append(OrderKey(*pair))
    targets = list(dict.fromkeys(keys))
    check = RequestCheck(enforce_assumed_limits=client.enforces_assumed_limits)
    for start in range(0, len(targets), chunk_size):
        chunk = targets[start : start + chunk_size]
        try:
            check(*_CANCEL, _body(chunk).to_dict())
        except InvalidRequestError as exc:
            where = f"the cancel of orders {start} to {start + len(chunk) - 1}"
            raise InvalidRequestError([f"{where}: {problem}" for problem in exc.problems]) from None
    return targets


def _listing_symbol(targets: list[OrderKey]) -> str | None:
    """The pair to list when every order is of one pair: a shorter listing."""
    symbols = {order.symbol for order in targets}
    return symbols.pop() if len(symbols) == 1 else None


# The public functions.


def cancel_all(client: RaisingClient, symbol: str | None = None, *, chunk_size: int = 200) -> CancelReport:
    """Cancel every open order of the client's key (of the pair `symbol` only, when given), and report.

    It lists the open orders once, cancels them in chunks of at most `chunk_size` (1 to 200, the
    spec's assumed limit, unless the client was built with `enforce_assumed_limits=False`), then
    lists the open orders again: an order still listed is sent again, for at most `MAX_PASSES`
    passes, then reported in `still_open` (or `failed`, with the error of its last cancel). A cancel
    with an unknown outcome (no answer after the retries, a 5xx, an unreadable 2xx, or a cancel the
    client had to send again after such an attempt) is settled by that listing: an order no longer
    listed counts as cancelled, most likely by this run (see `CancelReport`).

    Only the orders of the first listing are its business: an order placed while it runs is neither
    cancelled nor reported. Over 1,000 orders the fewest requests are 7: 1 listing, 5 cancels, 1 listing.

    A request the exchange or the client refuses (`BrokerError` 400, `AuthenticationError` 401,
    another 4xx or 3xx, `InvalidRequestError`), or a listing that fails after its retries, stops
    the run: that error is raised with `error.report` set to what the run had done by then. There an
    order is `cancelled` or `already_gone` as its cancel was answered (no listing has checked it), and
    every other order is in `failed`, with the error of its own cancel or the one that stopped the run.
    """
    chunk_size = _checked(client, chunk_size)
    return _drive(client, _cancel_all(symbol, chunk_size))


async def acancel_all(client: RaisingClient, symbol: str | None = None, *, chunk_size: int = 200) -> CancelReport:
    """`cancel_all` on the async client."""
    chunk_size = _checked(client, chunk_size)
    return await _adrive(client, _cancel_all(symbol, chunk_size))


def cancel_orders(client: RaisingClient, refs: Iterable[Ref], *, chunk_size: int = 200) -> CancelReport:
    """Cancel the orders `refs` names (each once), as `cancel_all` cancels what it lists, and report.

    The orders are checked against the spec first: an order that would break it raises
    `InvalidRequestError` before anything is sent. An order that is not open ends in `already_gone`.
    """
    targets = _targets(client, refs, _checked(client, chunk_size))
    return _drive(client, _cancel(targets, chunk_size, _listing_symbol(targets)))


async def acancel_orders(client: RaisingClient, refs: Iterable[Ref], *, chunk_size: int = 200) -> CancelReport:
    """`cancel_orders` on the async client."""
    targets = _targets(client, refs, _checked(client, chunk_size))
    return await _adrive(client, _cancel(targets, chunk_size, _listing_symbol(targets)))

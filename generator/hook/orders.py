"""Cancel every open order of a key, or of one pair, and know exactly which orders are gone.

`cancel_all` lists the open orders and cancels them until a listing shows none; `cancel_orders`
cancels orders the caller already holds; `acancel_all` and `acancel_orders` do the same on the
async client. Each returns a `CancelReport`. The decisions are made once, in the generator `_cancel`
and its `_Progress`: it yields the requests it needs and is sent what came of each;
`nami_client.cancel_runners` carries them out (threads for the sync client, tasks for the async one).
"""

from __future__ import annotations

import asyncio
import enum
import math
import time
from collections import Counter
from collections.abc import Callable, Iterable
from typing import NamedTuple, Protocol

from .cancel_report import CancelReport, FailedOrder, NotCancelled, OrderKey
from .cancel_runners import Cancels, Done, Flow, Listing, Run, Seen, Wait, adrive, drive
from .error_types import (
    ApiError,
    BannedError,
    DeadlineExceeded,
    InvalidRequestError,
    InvalidResponseError,
    NamiError,
    RateLimitError,
    RunStopped,
    TransportError,
    printable,
)
from .errors import UnexpectedStatus
from .factory import RaisingClient
from .retry import outcome_unknown
from .spec import REQUEST_BODY_RULES
from .validation import RequestCheck, encode_body

__all__ = [
    "DEFAULT_DEADLINE",
    "LISTING_LAG_WAITS",
    "MAX_STALLED_PASSES",
    "CancelReport",
    "FailedOrder",
    "NotCancelled",
    "OrderKey",
    "Progress",
    "Ref",
    "RunStopped",
    "acancel_all",
    "acancel_orders",
    "cancel_all",
    "cancel_orders",
]

DEFAULT_DEADLINE = 30.0
"""Seconds a run may take as a whole, by default: then nothing more is sent and `DeadlineExceeded`
is raised, its `report` holding what was done."""

MAX_STALLED_PASSES = 3
"""A run stops, its report not complete, after this many passes in a row without progress: passes
in which no order was answered as cancelled (or with another status) and the listing that followed
still showed every order the pass sent. A pass that sends an order for the first time always runs."""

LISTING_LAG_WAITS = (0.25, 0.5, 1.0, 2.0)
"""Seconds to wait before listing again, one after the other, while a listing shows only orders that
an answer said are cancelled or not open (a listing that lags behind the cancels, as a read replica
does). Once they are used up, such orders are sent again; the waits start over after each pass."""

_CANCEL = ("DELETE", "/api/v4/spot/all_order")
_LIST = ("GET", "/api/v4/spot/open")
_MAX_CHUNK: int = REQUEST_BODY_RULES[_CANCEL]["properties"]["orders"]["maxItems"]
_CANCELED = "CANCELED"


class Progress(NamedTuple):
    """How far a run is, for `on_progress`: orders answered as cancelled, of the orders it set out to cancel."""

    cancelled: int
    seen: int


class _HasRef(Protocol):
    @property
    def displaying_id(self) -> int: ...

    @property
    def symbol(self) -> str: ...


Ref = tuple[int, str] | _HasRef
"""An order to cancel: `(displaying_id, symbol)`, an `OrderKey`, or a model that has both (`OrderRef`, `Order`)."""


class _Verdict(enum.Enum):
    """What the last cancel of an order said about it."""

    ANSWERED = "listed in the answer (see `_State.answer`)"
    NOT_OPEN = "left out of an exact answer: it was not open"
    UNKNOWN = "no telling: no answer, a 5xx, an unreadable or undeclared 2xx, or an answer to a resent request"
    NOT_DONE = "refused for now (429): not carried out"
    REFUSED = "refused: the run stops"
    INVALID = "no cancel can express it within the spec: never sent"


def _verdict_of(error: NamiError) -> _Verdict:
    """What a failed cancel says of its orders; REFUSED when the run must stop (sending again cannot help)."""
    if isinstance(error, TransportError):  # no answer
        return _Verdict.UNKNOWN
    status = getattr(error, "status_code", None)  # any 2xx, declared or not, or a 5xx: it may have been done
    if isinstance(error, ApiError | InvalidResponseError | UnexpectedStatus) and outcome_unknown(status):
        return _Verdict.UNKNOWN
    if isinstance(error, BannedError):  # nothing will be sent until the ban ends: stop now
        return _Verdict.REFUSED
    return _Verdict.NOT_DONE if isinstance(error, RateLimitError) else _Verdict.REFUSED


class _State:
    """One order's story: the status an answer gave it (final), its last cancel's verdict, and what
    the last listing said."""

    __slots__ = ("answer", "checked", "error", "in_flight", "last", "shown", "unknown")

    def __init__(self) -> None:
        self.answer: str | None = None  # the status a cancel answer listed it with: final
        self.last: _Verdict | None = None  # None: never sent
        self.error: NamiError | None = None  # of its last cancel
        self.unknown = False  # some cancel of it had an unknown outcome
        self.in_flight = False  # in the pass under way
        self.checked = False  # a listing came after its last cancel
        self.shown = True  # the last listing showed it (or, before any listing, it is to be sent)


class _Progress:
    """What a run knows of its orders, and the decisions taken from it."""

    def __init__(
        self,
        *,
        symbol: str | None,
        adopt: bool,
        chunk_size: int,
        check: RequestCheck,
        deadline: float | None,
        seconds: float | None,
        on_progress: Callable[[Progress], None] | None = None,
    ) -> None:
        self.orders: dict[OrderKey, _State] = {}  # every order it set out to cancel, in order
        self.shown: list[OrderKey] = []  # those the last listing showed
        self.listed: dict[str, int] | None = None
        self.symbol = symbol  # the pair of cancel_all(symbol): another pair listed is not its business
        self.adopt = adopt  # whether an order a later listing shows is cancelled too (cancel_all)
        self.chunk_size = chunk_size
        self.check = check
        self.deadline = deadline
        self.seconds = seconds
        self.stalled = 0
        self.pass_sent: list[OrderKey] = []
        self.progressed = False
        self.on_progress = on_progress
        self.cancelled = 0  # orders answered as CANCELED

    def notify(self) -> None:
        if self.on_progress is None:
            return
        try:
            self.on_progress(Progress(self.cancelled, len(self.orders)))
        except Exception:  # a broken progress display must not stop a kill switch
            self.on_progress = None

    def given(self, targets: list[OrderKey]) -> None:
        self.orders = {key: _State() for key in targets}
        self.shown = list(self.orders)
        self.listed = dict(Counter(key.symbol for key in targets))

    # Time

    def out_of_time(self) -> bool:
        return self.deadline is not None and time.monotonic() >= self.deadline - 0.02

    def timed(self, step: Listing | Wait | Cancels) -> Listing | Wait | Cancels:
        """`step`, unless the run's time is out: then nothing more is sent."""
        if self.out_of_time():
            raise self.stop(self.deadline_error())
        return step

    def deadline_error(self) -> DeadlineExceeded:
        return DeadlineExceeded(f"the run's deadline ({self.seconds:g} s) ran out: nothing more was sent")

    # Listings

    def listing(self, reply: Seen | NamiError | Done | None) -> None:
        if isinstance(reply, NamiError):
            raise self.stop(self.deadline_error() if self.out_of_time() else reply)
        assert isinstance(reply, Seen)
        keys = dict.fromkeys(OrderKey(i, s) for i, s, _ in reply.orders if self.symbol in (None, s))
        if self.listed is None:  # the first listing: what it set out to cancel
            self.listed = dict(Counter(key.symbol for key in keys))
            if self.symbol is not None:
                self.listed = {self.symbol: len(keys)}
        if self.adopt:
            for key in keys:
                if key not in self.orders:
                    self.orders[key] = _State()
        self.shown = [key for key in keys if key in self.orders]
        if self.pass_sent:
            gone = any(key not in keys for key in self.pass_sent)
            self.stalled = 0 if self.progressed or gone else self.stalled + 1
            self.pass_sent = []
        for key, state in self.orders.items():
            state.shown = key in keys
            state.checked = True
        self.notify()

    def next_pass(self) -> tuple[list[OrderKey], list[OrderKey]]:
        """The listed orders to send, and those listed though an answer settled them (a listing that lags)."""
        send, lagging = [], []
        for key in self.shown:
            state = self.orders[key]
            if state.answer is not None or state.last is _Verdict.NOT_OPEN:
                lagging.append(key)
            elif state.last is not _Verdict.INVALID:
                send.append(key)
        return send, lagging

    def stuck(self, send: list[OrderKey]) -> bool:
        """Whether to stop: passes stopped making progress, and every order to send was sent before."""
        return self.stalled >= MAX_STALLED_PASSES and all(self.orders[key].last is not None for key in send)

    # Cancels

    def chunks(self, send: list[OrderKey]) -> list[list[OrderKey]]:
        """`send` in chunks, without the orders no cancel can express (each then in `failed`)."""
        chunks = []
        for start in range(0, len(send), self.chunk_size):
            chunk = send[start : start + self.chunk_size]
            if self.refusal(chunk) is not None:
                chunk = [key for key in chunk if not self.inexpressible(key)]
            if chunk:
                chunks.append(chunk)
        for chunk in chunks:
            for key in chunk:
                self.orders[key].in_flight = True
            self.pass_sent += chunk
        self.progressed = False
        return chunks

    def refusal(self, chunk: list[OrderKey]) -> InvalidRequestError | None:
        """What the client would refuse a cancel of `chunk` with, before sending it."""
        body = {"orders": [{"displayingId": i, "symbol": s} for i, s in chunk]}
        try:
            self.check(*_CANCEL, body)
            encode_body(body)
        except InvalidRequestError as refused:
            return refused
        return None

    def inexpressible(self, key: OrderKey) -> bool:
        refused = self.refusal([key])
        if refused is None:
            return False
        state = self.orders[key]
        state.last, state.error = (
            _Verdict.INVALID,
            InvalidRequestError([problem.removeprefix("orders[0].") for problem in refused.problems]),
        )
        return True

    def answered(self, chunk: list[OrderKey], outcome: Seen | NamiError | None) -> NamiError | None:
        """Record what came of the cancel of `chunk`; the error that stops the run, if it must stop."""
        if outcome is None:  # never sent: the run is stopping; the orders stay in flight
            return None
        if isinstance(outcome, NamiError):
            verdict = _verdict_of(outcome)
            for key in chunk:
                state = self.orders[key]
                state.last, state.error, state.in_flight, state.checked = verdict, outcome, False, False
                state.unknown |= verdict is _Verdict.UNKNOWN
            return outcome if verdict is _Verdict.REFUSED else None
        members = set(chunk)
        named = set()
        for i, s, status in outcome.orders:
            key = OrderKey(i, s)
            if key in members:  # an answer about an order it was not asked for proves nothing
                named.add(key)
                state = self.orders[key]
                if state.answer is None:
                    state.answer = status
                    self.progressed = True
                    self.cancelled += status == _CANCELED
        missing = _Verdict.NOT_OPEN if outcome.exact else _Verdict.UNKNOWN
        for key in chunk:
            state = self.orders[key]
            state.last = _Verdict.ANSWERED if key in named else missing
            state.error, state.in_flight, state.checked = None, False, False
            state.unknown |= state.last is _Verdict.UNKNOWN
        self.notify()
        return None

    # The report

    def report(self, stopped_by: NamiError | None = None) -> CancelReport:
        cancelled: list[OrderKey] = []
        already_gone: list[OrderKey] = []
        not_cancelled: list[NotCancelled] = []
        still_open: list[OrderKey] = []
        failed: list[FailedOrder] = []
        for key, state in self.orders.items():
            if state.answer == _CANCELED:
                cancelled.append(key)
            elif state.answer is not None:
                not_cancelled.append(NotCancelled(key, printable(state.answer)))
            elif state.last is _Verdict.INVALID and state.error is not None:
                failed.append(FailedOrder(key, state.error))
            elif stopped_by is not None and (state.in_flight or state.last is None):
                failed.append(FailedOrder(key, stopped_by))  # never sent, or never answered
            elif state.checked and state.shown:
                if state.error is not None:
                    failed.append(FailedOrder(key, state.error))
                else:
                    still_open.append(key)
            elif state.checked or state.last is _Verdict.NOT_OPEN:
                # Not listed any more, or found not open: after a cancel of unknown outcome, most likely by it.
                (cancelled if state.unknown else already_gone).append(key)
            else:  # no listing checked its last cancel, which failed or has an unknown outcome
                failed.append(FailedOrder(key, state.error or stopped_by or RunStopped("no answer")))
        clear = stopped_by is None and not self.shown and not (still_open or failed)
        return CancelReport(cancelled, already_gone, not_cancelled, still_open, failed, dict(self.listed or {}), clear)

    def stop(self, error: BaseException) -> BaseException:
        """`error`, with the report of a run it stopped (`report`, also on KeyboardInterrupt and CancelledError)."""
        stopped_by = (
            error if isinstance(error, NamiError) else RunStopped(f"the run was interrupted ({type(error).__name__})")
        )
        error.report = self.report(stopped_by)  # type: ignore[attr-defined]
        return error


def _cancel(progress: _Progress, listing_symbol: str | None, *, list_first: bool) -> Run[CancelReport]:
    """Send the orders to cancel in passes, each followed by a listing, until a listing shows none of
    them, the passes stop making progress, or the time runs out."""
    try:
        return (yield from _passes(progress, listing_symbol, list_first=list_first))
    except (KeyboardInterrupt, asyncio.CancelledError) as interrupt:
        progress.stop(interrupt)
        raise


def _passes(progress: _Progress, symbol: str | None, *, list_first: bool) -> Run[CancelReport]:
    if list_first:
        progress.listing((yield progress.timed(Listing(symbol))))
    waits = 0
    while True:
        send, lagging = progress.next_pass()
        if not send and not lagging:
            return progress.report()
        if not send:
            if waits < len(LISTING_LAG_WAITS):  # not proof they are open: wait, then look again
                yield progress.timed(Wait(LISTING_LAG_WAITS[waits]))
                waits += 1
                progress.listing((yield progress.timed(Listing(symbol))))
                continue
            send = lagging
        if progress.stuck(send):
            return progress.report()
        waits = 0
        chunks = progress.chunks(send)
        if chunks:
            yield from _pass(progress, chunks)
            progress.listing((yield progress.timed(Listing(symbol))))


def _pass(progress: _Progress, chunks: list[list[OrderKey]]) -> Run[None]:
    """The cancels of one pass, sent concurrently; each outcome recorded as it arrives."""
    step: Cancels | Flow = progress.timed(Cancels([list(chunk) for chunk in chunks]))  # type: ignore[assignment]
    stop: NamiError | None = None
    for _ in chunks:
        done = yield step
        assert isinstance(done, Done)
        stop = progress.answered(chunks[done.chunk], done.outcome) or stop
        if stop is None and progress.out_of_time():
            stop = progress.deadline_error()
        step = Flow.HALT if stop is not None else Flow.MORE
    if stop is not None:
        raise progress.stop(stop)


# Arguments, checked before anything is sent.


def _checked(client: RaisingClient, chunk_size: int, deadline: float | None, concurrency: int) -> float | None:
    """The run's deadline as a `time.monotonic()` value, once the arguments are checked."""
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
    if type(concurrency) is not int or concurrency < 1:
        raise ValueError("concurrency must be a positive integer (1 sends one cancel at a time)")
    if deadline is None:
        return None
    if isinstance(deadline, bool) or not isinstance(deadline, int | float) or not (0 < deadline < math.inf):
        raise ValueError("deadline must be a positive number of seconds, or None for no deadline")
    return time.monotonic() + deadline


def _checked_symbol(client: RaisingClient, symbol: str | None) -> None:
    if symbol is None:
        return
    try:
        RequestCheck(enforce_assumed_limits=client.enforces_assumed_limits)(
            *_LIST, {"filterByPair": symbol}, in_query=True
        )
        encode_body(symbol)
    except InvalidRequestError as exc:
        raise InvalidRequestError(
            [problem.replace("filterByPair", "symbol", 1).replace("(body)", "symbol", 1) for problem in exc.problems]
        ) from None


def _targets(refs: Iterable[Ref]) -> list[OrderKey]:
    """The orders to cancel, each once, in order; `InvalidRequestError` for a ref that is not an order."""
    keys = []
    for index, ref in enumerate(refs):
        pair = ref if isinstance(ref, tuple) else (getattr(ref, "displaying_id", None), getattr(ref, "symbol", None))
        if len(pair) != 2 or type(pair[0]) is not int or type(pair[1]) is not str:
            raise InvalidRequestError([f"refs[{index}]: not an order (an int displaying_id and a str symbol)"])
        keys.append(OrderKey(*pair))
    return list(dict.fromkeys(keys))


def _listing_symbol(targets: list[OrderKey]) -> str | None:
    """The pair to list when every order is of one pair: a shorter listing."""
    symbols = {order.symbol for order in targets}
    return symbols.pop() if len(symbols) == 1 else None


_OnProgress = Callable[[Progress], None] | None


def _progress(
    client: RaisingClient,
    symbol: str | None,
    chunk_size: int,
    seconds: float | None,
    concurrency: int,
    on_progress: _OnProgress,
    *,
    adopt: bool,
) -> _Progress:
    deadline = _checked(client, chunk_size, seconds, concurrency)
    if on_progress is not None and not callable(on_progress):
        raise TypeError("on_progress must be a function taking a Progress, or None")
    check = RequestCheck(enforce_assumed_limits=client.enforces_assumed_limits)
    return _Progress(
        symbol=symbol,
        adopt=adopt,
        chunk_size=chunk_size,
        check=check,
        deadline=deadline,
        seconds=seconds,
        on_progress=on_progress,
    )


def _all(
    client: RaisingClient,
    symbol: str | None,
    chunk_size: int,
    seconds: float | None,
    concurrency: int,
    on_progress: _OnProgress,
) -> _Progress:
    if symbol is not None and not isinstance(symbol, str):
        raise InvalidRequestError([f"symbol: a {type(symbol).__name__}, not a string"])
    _checked_symbol(client, symbol)
    return _progress(client, symbol, chunk_size, seconds, concurrency, on_progress, adopt=True)


def _given(
    client: RaisingClient,
    refs: Iterable[Ref],
    chunk_size: int,
    seconds: float | None,
    concurrency: int,
    on_progress: _OnProgress,
) -> tuple[_Progress, str | None]:
    progress = _progress(client, None, chunk_size, seconds, concurrency, on_progress, adopt=False)
    targets = _targets(refs)
    progress.given(targets)
    return progress, _listing_symbol(targets)


# The public functions.


def cancel_all(
    client: RaisingClient,
    symbol: str | None = None,
    *,
    chunk_size: int = 200,
    deadline: float | None = DEFAULT_DEADLINE,
    concurrency: int = 4,
    on_progress: Callable[[Progress], None] | None = None,
) -> CancelReport:
    """Cancel every open order of the client's key (of the pair `symbol` only, when given) until a
    listing shows none, and report what became of each.

    It lists the open orders, cancels them in chunks of at most `chunk_size` (1 to 200, the spec's
    assumed limit, unless the client was built with `enforce_assumed_limits=False`), up to
    `concurrency` cancels at a time, then lists again, and repeats: an order that a later listing
    shows (one placed while it runs, or one a capped listing left out) is cancelled and reported
    too. It stops when a listing shows no open order (of `symbol`): then `report.complete` is True
    unless an order is in `still_open` or `failed`. It also stops, not complete, after
    `MAX_STALLED_PASSES` passes in a row without progress.

    An order that an answer listed as `CANCELED` is `cancelled`, whatever a later listing shows: a
    listing that still shows only such orders may lag behind the cancels, so it waits
    (`LISTING_LAG_WAITS`) and lists again before sending them again. An order answered with
    another status (`FILLED`) is in `not_cancelled`. A cancel with an unknown outcome (no answer
    after the retries, a 5xx, an unreadable or undeclared 2xx, or a cancel the client sent again
    after such an attempt) is settled by the listing: an order no longer listed counts as
    cancelled, most likely by this run; one still listed is sent again. An order that no cancel can
    express within the spec (an id past 2^53 - 1, a symbol over 32 characters) is in `failed`
    with its `InvalidRequestError`; the others are cancelled.

    `deadline` bounds the whole run, in seconds (`DEFAULT_DEADLINE`, 30; None for none): every call
    is cut to the time left, and once it runs out nothing more is sent and `DeadlineExceeded` is
    raised, its `report` holding what was done. A request the exchange or the client refuses
    (`BrokerError` 400, `AuthenticationError` 401, another 4xx or 3xx), or a listing that fails
    after its retries, stops the run the same way, with that error. So does an interrupt:
    `KeyboardInterrupt` (or, for `acancel_all`, `asyncio.CancelledError`) is raised again with a
    `report` attribute. In a report of a run that stopped, an order whose cancel was never sent
    or never answered is in `failed`, never in `cancelled`.

    A `symbol` that breaks the spec or cannot be sent (a lone surrogate) raises
    `InvalidRequestError` before anything is sent. `report.listed` says how many open orders the
    first listing showed, per pair: `{"BTCUSTD": 0}` for a pair with none.

    `on_progress`, when given, is called with a `Progress(cancelled, seen)` after each answer and
    each listing, in the thread or task that runs the decisions (an error it raises is ignored,
    and it is not called again).
    """
    progress = _all(client, symbol, chunk_size, deadline, concurrency, on_progress)
    run = _cancel(progress, symbol, list_first=True)
    return drive(client, run, concurrency=concurrency, deadline=progress.deadline)


async def acancel_all(
    client: RaisingClient,
    symbol: str | None = None,
    *,
    chunk_size: int = 200,
    deadline: float | None = DEFAULT_DEADLINE,
    concurrency: int = 4,
    on_progress: Callable[[Progress], None] | None = None,
) -> CancelReport:
    """`cancel_all` on the async client; the cancels of a pass run in up to `concurrency` tasks."""
    progress = _all(client, symbol, chunk_size, deadline, concurrency, on_progress)
    run = _cancel(progress, symbol, list_first=True)
    return await adrive(client, run, concurrency=concurrency, deadline=progress.deadline)


def cancel_orders(
    client: RaisingClient,
    refs: Iterable[Ref],
    *,
    chunk_size: int = 200,
    deadline: float | None = DEFAULT_DEADLINE,
    concurrency: int = 4,
    on_progress: Callable[[Progress], None] | None = None,
) -> CancelReport:
    """Cancel exactly the orders `refs` names (each once), as `cancel_all` cancels what it lists, and report.

    A ref that is not an order (an int `displaying_id` and a str `symbol`) raises
    `InvalidRequestError` before anything is sent; an order no cancel can express within the spec
    is in `failed` with its `InvalidRequestError`. An order that is not open ends in
    `already_gone`. `report.listed` counts the orders given, per pair. Other orders a listing
    shows are not its business.
    """
    progress, symbol = _given(client, refs, chunk_size, deadline, concurrency, on_progress)
    return drive(
        client, _cancel(progress, symbol, list_first=False), concurrency=concurrency, deadline=progress.deadline
    )


async def acancel_orders(
    client: RaisingClient,
    refs: Iterable[Ref],
    *,
    chunk_size: int = 200,
    deadline: float | None = DEFAULT_DEADLINE,
    concurrency: int = 4,
    on_progress: Callable[[Progress], None] | None = None,
) -> CancelReport:
    """`cancel_orders` on the async client."""
    progress, symbol = _given(client, refs, chunk_size, deadline, concurrency, on_progress)
    run = _cancel(progress, symbol, list_first=False)
    return await adrive(client, run, concurrency=concurrency, deadline=progress.deadline)

# Copied from generator/hook/cancel_run.py by `make generate`: edit it there, not here.
"""A cancel run's decisions: what to list, what to cancel in which chunks, and what each outcome
says of an order, made once for the sync and the async client.

`cancel_run` is a generator: it yields the request it needs next and is sent what came of it
(`nami_client.cancel_steps`); `nami_client.cancel_runners` carries the requests out (threads for
the sync client, tasks for the async one). `RunState` is what the run knows of its orders and the
decisions taken from it; its `report` is the run's `CancelReport`. The public functions and their
arguments are in `nami_client.orders`.
"""

from __future__ import annotations

import asyncio
import enum
import time
from collections import Counter
from collections.abc import Callable
from typing import NamedTuple

from .cancel_report import CancelReport, FailedOrder, NotCancelled, OrderKey
from .cancel_steps import Cancels, Done, Flow, Listing, Run, Seen, Wait
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
from .retry import outcome_unknown
from .validation import RequestCheck, encode_body

__all__ = ["CANCEL", "Progress", "RunState", "cancel_run"]

CANCEL = ("DELETE", "/api/v4/spot/all_order")
"""The cancel's method and path, as the spec's rules name it."""
_CANCELED = "CANCELED"


class Progress(NamedTuple):
    """How far a run is, for `on_progress`: orders answered as cancelled, of the orders it set out to cancel."""

    cancelled: int
    seen: int


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


class RunState:
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
        lag_waits: tuple[float, ...],
        max_stalled_passes: int,
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
        self.lag_waits = lag_waits  # orders.LISTING_LAG_WAITS
        self.max_stalled_passes = max_stalled_passes  # orders.MAX_STALLED_PASSES

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
        return self.stalled >= self.max_stalled_passes and all(self.orders[key].last is not None for key in send)

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
            self.check(*CANCEL, body)
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


def cancel_run(progress: RunState, listing_symbol: str | None, *, list_first: bool) -> Run[CancelReport]:
    """Send the orders to cancel in passes, each followed by a listing, until a listing shows none of
    them, the passes stop making progress, or the time runs out."""
    try:
        return (yield from _passes(progress, listing_symbol, list_first=list_first))
    except (KeyboardInterrupt, asyncio.CancelledError) as interrupt:
        progress.stop(interrupt)
        raise


def _passes(progress: RunState, symbol: str | None, *, list_first: bool) -> Run[CancelReport]:
    if list_first:
        progress.listing((yield progress.timed(Listing(symbol))))
    waits = 0
    while True:
        send, lagging = progress.next_pass()
        if not send and not lagging:
            return progress.report()
        if not send:
            if waits < len(progress.lag_waits):  # not proof they are open: wait, then look again
                yield progress.timed(Wait(progress.lag_waits[waits]))
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


def _pass(progress: RunState, chunks: list[list[OrderKey]]) -> Run[None]:
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

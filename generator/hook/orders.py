"""Cancel every open order of a key, or of one pair, and know exactly which orders are gone.

`cancel_all` lists the open orders and cancels them until a listing shows none; `cancel_orders`
cancels orders the caller already holds; `acancel_all` and `acancel_orders` do the same on the
async client. Each returns a `CancelReport`. Here the arguments are checked; the decisions are
made once, for both clients, by the generator `cancel_run` (`nami_client.cancel_run`): it yields
the requests it needs and is sent what came of each; `nami_client.cancel_runners` carries them out
(threads for the sync client, tasks for the async one).
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Iterable
from typing import Protocol

from .cancel_report import CancelReport, FailedOrder, NotCancelled, OrderKey
from .cancel_run import CANCEL, Progress, RunState, cancel_run
from .cancel_runners import adrive, drive
from .error_types import InvalidRequestError, RunStopped
from .factory import RaisingClient
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

_LIST = ("GET", "/api/v4/spot/open")
_MAX_CHUNK: int = REQUEST_BODY_RULES[CANCEL]["properties"]["orders"]["maxItems"]


class _HasRef(Protocol):
    @property
    def displaying_id(self) -> int: ...

    @property
    def symbol(self) -> str: ...


Ref = tuple[int, str] | _HasRef
"""An order to cancel: `(displaying_id, symbol)`, an `OrderKey`, or a model that has both (`OrderRef`, `Order`)."""


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
) -> RunState:
    deadline = _checked(client, chunk_size, seconds, concurrency)
    if on_progress is not None and not callable(on_progress):
        raise TypeError("on_progress must be a function taking a Progress, or None")
    check = RequestCheck(enforce_assumed_limits=client.enforces_assumed_limits)
    return RunState(
        symbol=symbol,
        adopt=adopt,
        chunk_size=chunk_size,
        check=check,
        deadline=deadline,
        seconds=seconds,
        on_progress=on_progress,
        lag_waits=LISTING_LAG_WAITS,
        max_stalled_passes=MAX_STALLED_PASSES,
    )


def _all(
    client: RaisingClient,
    symbol: str | None,
    chunk_size: int,
    seconds: float | None,
    concurrency: int,
    on_progress: _OnProgress,
) -> RunState:
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
) -> tuple[RunState, str | None]:
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
    run = cancel_run(progress, symbol, list_first=True)
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
    run = cancel_run(progress, symbol, list_first=True)
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
        client, cancel_run(progress, symbol, list_first=False), concurrency=concurrency, deadline=progress.deadline
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
    run = cancel_run(progress, symbol, list_first=False)
    return await adrive(client, run, concurrency=concurrency, deadline=progress.deadline)

# Copied from generator/hook/cancel_runners.py by `make generate`: edit it there, not here.
"""Carrying out the requests of a cancel run (`nami_client.orders`): sync in threads, async in tasks.

A run is a generator that decides: it yields the request it needs next and is sent what came of
it. A runner only carries requests out: it lists, waits, or sends the cancels of one pass, at most
`concurrency` at a time, and hands back each outcome as it arrives (`Done`). Every call is cut to
the time the run has left (`call_timeout`), so no call outlasts the run's deadline.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
import enum
import json
import time
from collections import deque
from collections.abc import Awaitable, Callable, Generator, Iterator
from dataclasses import dataclass
from typing import Any, Generic, NamedTuple, Protocol, TypeVar

import httpx

from .api.spot import delete_all_orders, get_open_orders
from .error_types import DeadlineExceeded, InvalidResponseError, NamiError
from .errors import UnexpectedStatus
from .factory import RaisingClient
from .models import DeleteAllOrdersRequest, DeleteAllOrdersResponse, Order, OrderRef
from .transport import call_timeout, watching_resends
from .types import UNSET

__all__ = ["Cancels", "Done", "Flow", "Listing", "Seen", "Wait", "adrive", "drive"]

Key = tuple[int, str]  # (displaying_id, symbol)

# Past the run's deadline, how long a runner still waits for a call that should have ended by then.
_GRACE_SECONDS = 0.5
_SHORTEST_CALL = 0.001  # call_timeout wants a positive total


@dataclass(frozen=True)
class Listing:
    """List the open orders, of `symbol` when given. Sent back: `Seen` or the `NamiError`."""

    symbol: str | None


@dataclass(frozen=True)
class Wait:
    """Wait `seconds` (never past the deadline). Sent back: None."""

    seconds: float


@dataclass(frozen=True)
class Cancels:
    """Send these cancels, one request per chunk. Sent back: a `Done` for the first that ends."""

    chunks: list[list[Key]]


class Flow(enum.Enum):
    """During a pass: `MORE`, send back the next `Done`; `HALT`, start no more cancels and send back a
    `Done` for every chunk left (`outcome` None for one never sent)."""

    MORE = "more"
    HALT = "halt"


class Seen(NamedTuple):
    """The orders an answer names, as (displaying_id, symbol, status): those listed open, or those
    a cancel answered for. `exact` is False for a cancel the client sent again after an attempt
    whose outcome is unknown: its answer leaves out what that attempt cancelled."""

    orders: list[tuple[int, str, str]]
    exact: bool = True


class Done(NamedTuple):
    chunk: int  # its place in `Cancels.chunks`
    outcome: Seen | NamiError | None  # None: never sent


Step = Listing | Wait | Cancels | Flow
Reply = Seen | NamiError | Done | None
Result = TypeVar("Result")
Run = Generator[Step, Reply, Result]


def _body(chunk: list[Key]) -> DeleteAllOrdersRequest:
    return DeleteAllOrdersRequest(orders=[OrderRef(displaying_id=i, symbol=s) for i, s in chunk])


def _seen(orders: list[Order]) -> list[tuple[int, str, str]]:
    return [(order.displaying_id, order.symbol, str(order.status)) for order in orders]


def _order(fields: dict[str, Any]) -> Any:
    """An order of a listing as (displaying_id, symbol, status), as soon as it is read; other objects as read."""
    key, symbol, status = fields.get("displayingId"), fields.get("symbol"), fields.get("status")
    if type(key) is int and type(symbol) is str and type(status) is str:
        return (key, symbol, status)
    return fields


def _listed(response: httpx.Response) -> Seen:
    """The open orders of a listing, read lean: of each order only what a cancel needs is kept, as
    soon as it is read, so that a book of 100,000 orders costs a few times its answer's size, not
    the many times its models would. An answer that does not fit the spec (`status` "ok", `data` the
    orders or `{"orders": [...]}`, each order with an integer `displayingId` and string `symbol` and
    `status`) raises `InvalidResponseError`; a 2xx other than the declared 200, `UnexpectedStatus`."""
    if response.status_code != 200:
        raise UnexpectedStatus(response.status_code, response.content)
    try:
        answer = json.loads(response.content, object_hook=_order)
    except (ValueError, RecursionError) as exc:
        problem = f"the listing is not JSON ({type(exc).__name__})"
    else:
        data = answer.get("data") if isinstance(answer, dict) and answer.get("status") == "ok" else None
        orders = data.get("orders") if isinstance(data, dict) else data
        if isinstance(orders, list) and all(type(order) is tuple for order in orders):
            return Seen(orders)
        problem = 'the listing does not fit the spec: `status` "ok" and `data` a list of orders, each with an '
        problem += "integer `displayingId` and a string `symbol` and `status`"
    raise InvalidResponseError(response.status_code, response.content, response.headers, problem=problem)


class _Clock:
    """The run's deadline (a `time.monotonic()` value, or None) and the calls' bounds from it."""

    def __init__(self, deadline: float | None, timeout: httpx.Timeout) -> None:
        self.deadline = deadline
        self.timeout = timeout

    def left(self) -> float | None:
        return None if self.deadline is None else self.deadline - time.monotonic()

    def waiting(self, seconds: float) -> float:
        left = self.left()
        return max(0.0, seconds if left is None else min(seconds, left))

    def patience(self) -> float | None:
        """How long to wait for a call in flight: until the deadline, and a little more."""
        left = self.left()
        return None if left is None else max(left + _GRACE_SECONDS, 0.0)

    @contextlib.contextmanager
    def bounded(self) -> Iterator[None]:
        left = self.left()
        if left is None:
            yield
            return
        with call_timeout(self.timeout, total=max(left, _SHORTEST_CALL)):
            yield


def _late(index: int) -> Done:
    return Done(index, DeadlineExceeded("no answer by the run's deadline; the cancel may have reached the server"))


class _Job(Protocol):
    """A cancel in flight: a thread's future or an asyncio task."""

    def result(self) -> Seen | NamiError: ...


Job = TypeVar("Job", bound=_Job)


class _Pass(Generic[Job]):
    """The cancels of one pass: which chunks wait, which are in flight (at most `concurrency`). The
    bookkeeping is the same for threads and tasks; only starting, waiting and giving up differ."""

    def __init__(self, concurrency: int, clock: _Clock) -> None:
        self.concurrency = concurrency
        self.clock = clock
        self.waiting: deque[tuple[int, list[Key]]] = deque()
        self.running: dict[Job, int] = {}
        self.halted = False

    def take(self, step: Cancels | Flow) -> Done | None:
        """Follow the run's step (new chunks, or a halt), then start chunks up to `concurrency` in
        flight. Once halted, the `Done` of a chunk never sent instead; None: wait for one to end."""
        if isinstance(step, Cancels):
            self.waiting = deque(enumerate(step.chunks))
            self.halted = False
        elif step is Flow.HALT:
            self.halted = True
        if self.halted:
            return Done(self.waiting.popleft()[0], None) if self.waiting else None
        while self.waiting and len(self.running) < self.concurrency:
            index, chunk = self.waiting.popleft()
            self.running[self.submit(chunk)] = index
        return None

    def first_done(self, done: set[Job]) -> Done:
        """The outcome of a call of `done`, the calls that ended; none ended: the deadline passed, so
        give up on a call in flight."""
        if not done:
            job = next(iter(self.running))
            self.abandon(job)
            return _late(self.running.pop(job))
        job = done.pop()
        return Done(self.running.pop(job), job.result())

    def submit(self, chunk: list[Key]) -> Job:
        raise NotImplementedError

    def abandon(self, job: Job) -> None:
        raise NotImplementedError


class _ThreadPass(_Pass["concurrent.futures.Future[Seen | NamiError]"]):
    def __init__(self, send: Callable[[list[Key]], Seen | NamiError], concurrency: int, clock: _Clock) -> None:
        super().__init__(concurrency, clock)
        self.send = send
        self.executor: concurrent.futures.ThreadPoolExecutor | None = None

    def submit(self, chunk: list[Key]) -> concurrent.futures.Future[Seen | NamiError]:
        if self.executor is None:
            self.executor = concurrent.futures.ThreadPoolExecutor(self.concurrency, thread_name_prefix="nami-cancel")
        return self.executor.submit(self.send, chunk)

    def abandon(self, job: concurrent.futures.Future[Seen | NamiError]) -> None:
        pass  # a thread cannot be stopped: its call ends by the deadline on its own

    def next(self, step: Cancels | Flow) -> Done:
        skipped = self.take(step)  # only once the run has seen the last outcome: it may halt
        if skipped is not None:
            return skipped
        done, _ = concurrent.futures.wait(
            self.running, timeout=self.clock.patience(), return_when=concurrent.futures.FIRST_COMPLETED
        )
        return self.first_done(done)

    def close(self) -> None:
        if self.executor is not None:  # calls still in flight end by the deadline on their own
            self.executor.shutdown(wait=False, cancel_futures=True)


class _TaskPass(_Pass["asyncio.Task[Seen | NamiError]"]):
    def __init__(self, send: Callable[[list[Key]], Awaitable[Seen | NamiError]], concurrency: int, clock: _Clock):
        super().__init__(concurrency, clock)
        self.send = send

    def submit(self, chunk: list[Key]) -> asyncio.Task[Seen | NamiError]:
        return asyncio.ensure_future(self.send(chunk))

    def abandon(self, job: asyncio.Task[Seen | NamiError]) -> None:
        job.cancel()

    async def next(self, step: Cancels | Flow) -> Done:
        skipped = self.take(step)
        if skipped is not None:
            return skipped
        done, _ = await asyncio.wait(self.running, timeout=self.clock.patience(), return_when=asyncio.FIRST_COMPLETED)
        return self.first_done(done)

    async def close(self) -> None:
        for task in self.running:
            task.cancel()
        if self.running:  # let them see their cancellation, briefly: never a wait on the network
            await asyncio.wait(self.running, timeout=0.1)


class _Steps(Generic[Result]):
    """The run, step by step, for a runner: the `step` to carry out, until the run is `over` and
    has its `result`. The runner sends back what came of each step, or the interrupt that stopped it."""

    def __init__(self, run: Run[Result]) -> None:
        self._run = run
        self.over = False
        self.step: Step = Flow.MORE
        self._advance(run.__next__)

    def send(self, reply: Reply) -> None:
        self._advance(lambda: self._run.send(reply))

    def throw(self, interrupt: BaseException) -> None:
        """The run adds its report to `interrupt` and raises it again."""
        self._advance(lambda: self._run.throw(interrupt))

    def _advance(self, advance: Callable[[], Step]) -> None:
        try:
            self.step = advance()
        except StopIteration as finished:
            self.over = True
            self.result: Result = finished.value


def _listing(symbol: str | None) -> dict[str, Any]:
    """The request of a listing, read by `_listed` rather than by the generated parsing."""
    return get_open_orders._get_kwargs(filter_by_pair=UNSET if symbol is None else symbol)


def _cancelled(answer: DeleteAllOrdersResponse, resends: list[bool]) -> Seen:
    """What a cancel's answer names; not `exact` when the call was sent again after an unknown outcome."""
    return Seen(_seen(answer.data), exact=not any(resends))


def drive(client: RaisingClient, run: Run[Result], *, concurrency: int, deadline: float | None) -> Result:
    """Carry out `run` with the sync client; cancels in up to `concurrency` threads."""
    clock = _Clock(deadline, client.get_httpx_client().timeout)

    def cancel(chunk: list[Key]) -> Seen | NamiError:
        try:
            with clock.bounded(), watching_resends() as resends:
                answer = delete_all_orders.sync(client=client, body=_body(chunk))
            return _cancelled(answer, resends)
        except NamiError as error:
            return error

    def listing(symbol: str | None) -> Seen | NamiError:
        try:
            with clock.bounded():
                return _listed(client.get_httpx_client().request(**_listing(symbol)))
        except NamiError as error:
            return error

    def carry_out(step: Step) -> Reply:
        if isinstance(step, Listing):
            return listing(step.symbol)
        if isinstance(step, Wait):
            time.sleep(clock.waiting(step.seconds))
            return None
        return cancels.next(step)

    cancels = _ThreadPass(cancel, concurrency, clock)
    try:
        steps = _Steps(run)
        while not steps.over:
            try:
                reply = carry_out(steps.step)
            except KeyboardInterrupt as interrupt:
                steps.throw(interrupt)
            else:
                steps.send(reply)
        return steps.result
    finally:
        cancels.close()
        run.close()


async def adrive(client: RaisingClient, run: Run[Result], *, concurrency: int, deadline: float | None) -> Result:
    """Carry out `run` with the async client; cancels in up to `concurrency` tasks."""
    clock = _Clock(deadline, client.get_async_httpx_client().timeout)

    async def cancel(chunk: list[Key]) -> Seen | NamiError:
        try:
            with clock.bounded(), watching_resends() as resends:
                answer = await delete_all_orders.asyncio(client=client, body=_body(chunk))
            return _cancelled(answer, resends)
        except NamiError as error:
            return error

    async def listing(symbol: str | None) -> Seen | NamiError:
        try:
            with clock.bounded():
                return _listed(await client.get_async_httpx_client().request(**_listing(symbol)))
        except NamiError as error:
            return error

    async def carry_out(step: Step) -> Reply:
        if isinstance(step, Listing):
            return await listing(step.symbol)
        if isinstance(step, Wait):
            await asyncio.sleep(clock.waiting(step.seconds))
            return None
        return await cancels.next(step)

    cancels = _TaskPass(cancel, concurrency, clock)
    try:
        steps = _Steps(run)
        while not steps.over:
            try:
                reply = await carry_out(steps.step)
            except (KeyboardInterrupt, asyncio.CancelledError) as interrupt:
                steps.throw(interrupt)
            else:
                steps.send(reply)
        return steps.result
    finally:
        await cancels.close()
        run.close()

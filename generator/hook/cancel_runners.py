"""Carrying out the requests of a cancel run (`nami_client.cancel_run`): sync in threads, async in tasks.

A run is a generator that decides: it yields the request it needs next and is sent what came of
it (`nami_client.cancel_steps`). A runner only carries requests out: it lists, waits, or sends the
cancels of one pass, at most `concurrency` at a time, and hands back each outcome as it arrives
(`Done`). Every call is cut to the time the run has left (`call_timeout`), so no call outlasts the
run's deadline.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
import time
from collections import deque
from collections.abc import Awaitable, Callable, Iterator
from typing import Any, Generic, Protocol, TypeVar

import httpx

from .api.spot import delete_all_orders, get_open_orders
from .cancel_steps import Cancels, Done, Flow, Key, Listing, Reply, Result, Run, Seen, Step, Wait
from .error_types import DeadlineExceeded, NamiError
from .factory import RaisingClient
from .listing_reading import read_listing
from .models import DeleteAllOrdersRequest, DeleteAllOrdersResponse, Order, OrderRef
from .transport import call_timeout, watching_resends
from .types import UNSET

__all__ = ["Cancels", "Done", "Flow", "Listing", "Seen", "Wait", "adrive", "drive"]

# Past the run's deadline, how long a runner still waits for a call that should have ended by then.
_GRACE_SECONDS = 0.5
_SHORTEST_CALL = 0.001  # call_timeout wants a positive total


def _body(chunk: list[Key]) -> DeleteAllOrdersRequest:
    return DeleteAllOrdersRequest(orders=[OrderRef(displaying_id=i, symbol=s) for i, s in chunk])


def _seen(orders: list[Order]) -> list[tuple[int, str, str]]:
    return [(order.displaying_id, order.symbol, str(order.status)) for order in orders]


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
    """The request of a listing, read by `read_listing` rather than by the generated parsing."""
    return get_open_orders.request_kwargs(filter_by_pair=UNSET if symbol is None else symbol)


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
                return read_listing(client.get_httpx_client().request(**_listing(symbol)))
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
                return read_listing(await client.get_async_httpx_client().request(**_listing(symbol)))
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

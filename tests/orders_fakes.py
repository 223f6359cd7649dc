"""A scripted exchange with one order book, behind httpx.MockTransport, for the tests of
`nami_client.orders`: it lists and cancels as the mock does, and each request can be given a fault."""

from __future__ import annotations

import asyncio
import json
import threading
import time
from collections.abc import Awaitable, Callable, Iterable
from typing import Any

import httpx
from nami_client import CancelReport, acancel_all, acancel_orders, cancel_all, cancel_orders, signed_client
from nami_client.factory import RaisingClient
from nami_client.orders import Ref
from nami_client.signing import query_params
from nami_client.testing.book import Key, order_json

from tests.client_fakes import KEY, SECRET, FakeTime
from tests.signatures import signature_valid

# What happens to a request, given the exchange and the orders it names (a listing: none); it
# answers, raises (the answer is lost), or returns None to be served as usual.
ScriptedFault = Callable[["FakeExchange", list[Key]], httpx.Response | None]


def envelope(status: int, code: int, message: str) -> httpx.Response:
    body = {"status": "ERROR", "code": code, "data": {"requestId": "req-1"}, "message": message}
    return httpx.Response(status, json=body)


def refused(status: int) -> ScriptedFault:
    """Answers `status` without changing the book."""
    return lambda exchange, orders: envelope(status, status * 10, "refused")


def after_cancelling(answer: Callable[[], httpx.Response]) -> ScriptedFault:
    """Cancels the orders, then answers with `answer()` (or raises what it raises) instead of the list."""

    def fault(exchange: FakeExchange, orders: list[Key]) -> httpx.Response:
        exchange.cancel(orders)
        return answer()

    return fault


def lost() -> httpx.Response:
    raise httpx.ReadError("connection closed before the answer")


def never_sent(exchange: FakeExchange, orders: list[Key]) -> httpx.Response:
    raise httpx.ConnectError("connection refused")


def server_error() -> httpx.Response:
    return envelope(500, 5000, "internal error")


def unreadable() -> httpx.Response:
    return httpx.Response(200, content=b'{"status":"ok","data":[{"oops"')


class FakeExchange:
    """One book. `cancel_faults[n]` is what happens to the n-th cancel attempt and `list_faults[n]`
    to the n-th listing (None, or no entry: served as usual). Orders in `stuck` are answered as
    cancelled but stay open; orders in `statuses` are answered with that status (e.g. `FILLED`) and
    leave the book. With `ignores_filter`, a listing shows every pair; with `lag`, listing n shows the
    book as it was at listing n - lag (a read replica behind the cancels); with `cap`, a listing shows
    at most that many orders. Each cancel waits `delay` seconds first (outside the lock, so that
    cancels overlap); `in_flight_most` is how many overlapped at most. Each request's key and
    signature are checked. Safe to call from several threads."""

    def __init__(
        self,
        orders: Iterable[Key],
        *,
        cancel_faults: Iterable[ScriptedFault | None] = (),
        list_faults: Iterable[ScriptedFault | None] = (),
        stuck: Iterable[Key] = (),
        statuses: dict[Key, str] | None = None,
        ignores_filter: bool = False,
        lag: int = 0,
        cap: int | None = None,
        delay: float = 0.0,
    ) -> None:
        self.open = dict.fromkeys(orders)
        self.ignores_filter = ignores_filter
        self.cancel_faults = list(cancel_faults)
        self.list_faults = list(list_faults)
        self.stuck = set(stuck)
        self.statuses = dict(statuses or {})
        self.lag = lag
        self.cap = cap
        self.delay = delay
        self.snapshots: list[list[Key]] = []  # the book at each listing
        self.requests: list[str] = []  # "list" or "cancel <n orders>", one per attempt
        self.after_listing: Callable[[], None] = lambda: None
        self.in_flight = 0
        self.in_flight_most = 0
        self._lock = threading.Lock()

    def cancel(self, orders: list[Key]) -> list[Key]:
        cancelled = [key for key in dict.fromkeys(orders) if key in self.open]
        for key in cancelled:
            if key not in self.stuck:
                del self.open[key]
        return cancelled

    def __call__(self, request: httpx.Request) -> httpx.Response:
        assert request.headers["x-api-key"] == KEY
        if request.method == "GET":
            with self._lock:
                return self._list(request)
        with self._lock:
            self.in_flight += 1
            self.in_flight_most = max(self.in_flight_most, self.in_flight)
        try:
            time.sleep(self.delay)
            with self._lock:
                return self._cancel(request)
        finally:
            with self._lock:
                self.in_flight -= 1

    async def handle_async(self, request: httpx.Request) -> httpx.Response:
        """As `__call__`, waiting without blocking the event loop."""
        if request.method == "GET":
            return self(request)
        self.in_flight += 1
        self.in_flight_most = max(self.in_flight_most, self.in_flight)
        try:
            await asyncio.sleep(self.delay)
            return self._cancel(request)
        finally:
            self.in_flight -= 1

    def _list(self, request: httpx.Request) -> httpx.Response:
        params = query_params(request.url.query)
        assert signature_valid(params, SECRET)
        fault = self._fault(self.list_faults, "list")
        answer = fault(self, []) if fault else None
        if answer is None:
            self.snapshots.append(list(self.open))
            book = self.snapshots[max(0, len(self.snapshots) - 1 - self.lag)]
            pair = None if self.ignores_filter else params.get("filterByPair")
            shown = [key for key in book if pair in (None, key[1])][: self.cap]
            listed = [order_json(*key, status="NEW") for key in shown]
            answer = httpx.Response(200, json={"status": "ok", "data": {"orders": listed}})
        self.after_listing()
        return answer

    def _cancel(self, request: httpx.Request) -> httpx.Response:
        body = json.loads(request.content)
        assert signature_valid(body, SECRET)
        orders = [(ref["displayingId"], ref["symbol"]) for ref in body["orders"]]
        fault = self._fault(self.cancel_faults, f"cancel {len(orders)}")
        answer = fault(self, orders) if fault else None
        if answer is None:
            data = [order_json(*key, status=self.statuses.get(key, "CANCELED")) for key in self.cancel(orders)]
            answer = httpx.Response(200, json={"status": "ok", "data": data})
        return answer

    def _fault(self, faults: list[ScriptedFault | None], request: str) -> ScriptedFault | None:
        count = sum(1 for seen in self.requests if seen.split()[0] == request.split()[0])
        self.requests.append(request)
        return faults[count] if count < len(faults) else None

    def cancels(self) -> int:
        return sum(1 for request in self.requests if request.startswith("cancel"))

    def client(self, mode: str = "sync", *, resend: bool = False, **settings: Any) -> RaisingClient:
        """A signed client on this exchange, for `mode` ("sync" or "async"); with `resend`, it sends
        again after a lost answer (fake time)."""
        retry = FakeTime().retry(attempts=2) if resend else None
        handler: Callable[[httpx.Request], httpx.Response | Awaitable[httpx.Response]]
        handler = self if mode == "sync" else self.handle_async
        httpx_args = {"transport": httpx.MockTransport(handler)}
        client: RaisingClient = signed_client(
            "http://nami.test", api_key=KEY, api_secret=SECRET, retry=retry, httpx_args=httpx_args, **settings
        )
        return client


def run_cancel_all(mode: str, client: RaisingClient, symbol: str | None = None, **settings: Any) -> CancelReport:
    if mode == "sync":
        return cancel_all(client, symbol, **settings)
    return asyncio.run(acancel_all(client, symbol, **settings))


def run_cancel_orders(mode: str, client: RaisingClient, refs: Iterable[Ref], **settings: Any) -> CancelReport:
    if mode == "sync":
        return cancel_orders(client, refs, **settings)
    return asyncio.run(acancel_orders(client, refs, **settings))

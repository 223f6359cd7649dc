# Copied from generator/testing/kit_faults.py by `make generate`: edit it there, not here.
"""The faults a test can schedule on a `MockExchange`, by name: what each does to the request it hits.

Two kinds. Transport faults act around the server: an error answer instead of it (`rate-429`,
`ban-418`, `server-500`), no answer (`drop`), the answer lost after the server carried it out
(`drop-after-cancel`), a late one (`slow`). Server faults hand the request to a server that
differs from the faithful one in one step: the kit's own (`clock-offset`, `lagging-listing`,
`fill-during-cancel`, `partial-cancel`) and every planted fault of `planted.py`, by its name.
Each fault hits only the requests it can change (a listing fault, listings only).
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from starlette.types import Message, Receive, Scope, Send

from .book import Key, OrderBook
from .faults import OPEN_ORDERS_FAULTS, Fault
from .planted import PLANTED
from .planted import _CutOffResponse as CutOffResponse
from .refusals import Rejected
from .server import Account, MockServer

DELETE, GET = frozenset({"DELETE"}), frozenset({"GET"})
BOTH = DELETE | GET
# Planted faults in steps both operations share.
_SHARED_PLANTED = {Fault.NO_API_KEY_CHECK, Fault.NO_TIMESTAMP_CHECK, Fault.BAD_ERROR_ENVELOPE}


@dataclass
class Passage:
    """One request on its way through the kit: its ASGI triple, the status answered, and how to hand
    it to a server (the faithful one by default, which also renders the transport faults' answers)."""

    scope: Scope
    receive: Receive
    client_send: Send
    server: MockServer
    apps: dict[MockServer, Any]  # the ASGI app serving each server
    status: int | None = None
    # Called with the status before any byte of the answer leaves, so that a client that has its
    # answer finds it in the log (set after the send, it could lag behind the client).
    on_status: Callable[[int], None] | None = None

    async def send(self, message: Message) -> None:
        if message["type"] == "http.response.start" and self.status is None:
            self.status = message["status"]
            if self.on_status is not None:
                self.on_status(self.status)
        await self.client_send(message)

    async def forward(self, server: MockServer | None = None, send: Send | None = None) -> None:
        await self.apps[server or self.server](self.scope, self.receive, send or self.send)


Action = Callable[[Passage], Awaitable[None]]


@dataclass(frozen=True)
class KitFault:
    """A fault ready to hit a request: which methods it hits and what it does; `cuts_off`: no answer arrives."""

    name: str
    methods: frozenset[str]
    action: Action
    cuts_off: bool = False


# Transport faults


def _refusal(status: int, code: int, kind: str, message: str, retry_after: float | None) -> Action:
    async def refuse(passage: Passage) -> None:
        headers = {} if retry_after is None else {"Retry-After": f"{retry_after:g}"}
        rejection = Rejected(status, code, kind, message, headers)
        server = passage.server
        answer = server.refuse_listing(rejection) if passage.scope["method"] == "GET" else server.refuse(rejection)
        await answer(passage.scope, passage.receive, passage.send)

    return refuse


async def _drop(passage: Passage) -> None:
    await CutOffResponse()(passage.scope, passage.receive, passage.send)


async def _drop_after_cancel(passage: Passage) -> None:
    async def swallow(message: Message) -> None:
        pass

    await passage.forward(send=swallow)  # the server does everything; its answer goes nowhere
    await CutOffResponse()(passage.scope, passage.receive, passage.send)


def _slow(seconds: float) -> Action:
    async def late(passage: Passage) -> None:
        await asyncio.sleep(seconds)
        await passage.forward()

    return late


# Server faults of the kit


class ClockOffset(MockServer):
    """The exchange's clock is `offset_ms` ahead of true time (behind when negative)."""

    offset_ms = 60_000

    def check_timestamp(self, timestamp: int | str) -> None:
        skew = abs(time.time_ns() // 1_000_000 + self.offset_ms - int(timestamp))
        if skew > self.config.timestamp_window_ms:
            raise Rejected(401, 4012, "UNAUTHORIZED", f"timestamp is {skew} ms from server time")


class LaggingListing(MockServer):
    """Listings show each book as it was when the fault was scheduled: a replica that has not caught up."""

    def snapshot(self) -> None:
        self._then = {id(account.book): account.book.open_orders() for account in self.accounts}

    def listing(self, book: OrderBook, pair: str | None) -> list[Key]:
        then = self._then.get(id(book))
        if then is None:
            return super().listing(book, pair)
        return [key for key in then if pair is None or key[1] == pair]


def _named(body: dict[str, Any]) -> list[Key]:
    return [(int(ref["displayingId"]), ref["symbol"]) for ref in body["orders"]]


class FillDuringCancel(MockServer):
    """The first `orders` open orders a cancel names are filled just before it runs: its answer leaves them out."""

    orders = 1

    async def cancel(self, body: dict[str, Any], account: Account) -> Any:
        account.book.fill(account.book.open_among(_named(body))[: self.orders])
        return await super().cancel(body, account)


class PartialCancel(MockServer):
    """A cancel carries out only the first `cancels` of the open orders it names (by default half,
    rounded down); the others stay open, and its answer lists only those it cancelled."""

    cancels: int | None = None

    async def cancel(self, body: dict[str, Any], account: Account) -> Any:
        named_open = account.book.open_among(_named(body))
        kept = set(named_open[: len(named_open) // 2 if self.cancels is None else self.cancels])
        orders = [ref for ref in body["orders"] if (int(ref["displayingId"]), ref["symbol"]) in kept]
        return await super().cancel({**body, "orders": orders}, account)


# The catalogue: name -> (methods, how to build it from the faithful server and the options)

ServerFactory = Callable[[type[MockServer], dict[str, Any]], MockServer]


def _options(name: str, given: dict[str, Any], allowed: dict[str, type | tuple[type, ...]]) -> dict[str, Any]:
    for option, value in given.items():
        if option not in allowed:
            known = ", ".join(allowed) or "none"
            raise ValueError(f"fault {name!r} takes no option {option!r} (its options: {known})")
        if isinstance(value, bool) or not isinstance(value, allowed[option]):
            raise ValueError(f"fault {name!r}: option {option!r} must be a number, got {type(value).__name__}")
        if option != "offset_ms" and isinstance(value, int | float) and value < 0:
            raise ValueError(f"fault {name!r}: option {option!r} must be at least 0, got {value}")
    return given


_NUMBER = (int, float)


def kit_fault(name: str, options: dict[str, Any], make_server: ServerFactory) -> KitFault:
    """The fault called `name`, with its options; ValueError for an unknown name or option."""
    if name == "rate-429":
        retry = _options(name, options, {"retry_after": _NUMBER}).get("retry_after", 1)
        return KitFault(name, BOTH, _refusal(429, 4290, "RATE_LIMITED", "too many requests", retry))
    if name == "ban-418":
        retry = _options(name, options, {"retry_after": _NUMBER}).get("retry_after", 60)
        return KitFault(name, BOTH, _refusal(418, 4180, "IP_BANNED", "banned for too many requests", retry))
    if name == "server-500":
        _options(name, options, {})
        return KitFault(name, BOTH, _refusal(500, 5000, "INTERNAL_ERROR", "the exchange failed", None))
    if name == "drop":
        _options(name, options, {})
        return KitFault(name, BOTH, _drop, cuts_off=True)
    if name == "drop-after-cancel":
        _options(name, options, {})
        return KitFault(name, DELETE, _drop_after_cancel, cuts_off=True)
    if name == "slow":
        seconds = _options(name, options, {"seconds": _NUMBER}).get("seconds", 2.0)
        return KitFault(name, BOTH, _slow(seconds))
    if name == "clock-offset":
        server = make_server(ClockOffset, _options(name, options, {"offset_ms": int}))
        return KitFault(name, BOTH, _through(server))
    if name == "lagging-listing":
        lagging = make_server(LaggingListing, _options(name, options, {}))
        assert isinstance(lagging, LaggingListing)
        lagging.snapshot()
        return KitFault(name, GET, _through(lagging))
    if name == "fill-during-cancel":
        server = make_server(FillDuringCancel, _options(name, options, {"orders": int}))
        return KitFault(name, DELETE, _through(server))
    if name == "partial-cancel":
        server = make_server(PartialCancel, _options(name, options, {"cancels": int}))
        return KitFault(name, DELETE, _through(server))
    try:
        planted = Fault(name)
    except ValueError:
        raise ValueError(f"unknown fault {name!r}; known faults: {', '.join(FAULT_NAMES)}") from None
    server = make_server(PLANTED[planted], _options(name, options, {}))
    methods = BOTH if planted in _SHARED_PLANTED else GET if planted in OPEN_ORDERS_FAULTS else DELETE
    cuts_off = planted in (Fault.DROP_CONNECTION, Fault.CANCEL_THEN_DROP)
    return KitFault(name, methods, _through(server), cuts_off=cuts_off)


def _through(server: MockServer) -> Action:
    async def handled(passage: Passage) -> None:
        await passage.forward(server)

    return handled


KIT_FAULT_NAMES = (
    "rate-429",
    "ban-418",
    "server-500",
    "drop",
    "drop-after-cancel",
    "slow",
    "clock-offset",
    "lagging-listing",
    "fill-during-cancel",
    "partial-cancel",
)
FAULT_NAMES = (*KIT_FAULT_NAMES, *(fault.value for fault in Fault))

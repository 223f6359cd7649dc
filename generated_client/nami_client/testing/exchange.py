# Copied from generator/testing/exchange.py by `make generate`: edit it there, not here.
"""`MockExchange`: the mock exchange as a test fixture, a real server on a free loopback port, run in
a thread of the test process. It works the same for sync and async tests: its methods never wait
on the server's event loop."""

from __future__ import annotations

import itertools
import secrets
import threading
import time
from collections.abc import Mapping
from types import TracebackType
from typing import Any

import uvicorn

from .book import FIRST_ID, IDS_PER_ACCOUNT, OrderBook
from .config import MAX_EXTRA_ACCOUNTS, MAX_OPEN_ORDERS, MockConfig
from .contract import GET_OPEN_ORDERS
from .kit_app import KitApp
from .kit_faults import kit_fault
from .schedule import Predicate, Scheduled
from .server import Account, MockServer
from .serving import loopback_listener, server_config

_START_TIMEOUT_S = 10.0


class MockExchange:
    """A mock Nami exchange with order books and faults on demand, for the tests of a service.

    `open_orders` orders are seeded into each account's book (the default account's first two are
    the spec's examples, 435372 BTCUSDT and 435373 ETHUSDT). `accounts` adds accounts, API key to
    secret, each with a book of its own. The default account's credentials are made afresh for
    each exchange: `api_key`, `api_secret`. Use it in a `with`, or call `close()`.
    """

    def __init__(
        self,
        open_orders: int = 0,
        accounts: Mapping[str, str] | None = None,
        *,
        open_orders_shape: str = "page",
        timestamp_window_ms: int = 10_000,
    ) -> None:
        self.api_key = f"mock-key-{secrets.token_hex(8)}"
        self.api_secret = secrets.token_hex(24)
        self._seed = {
            "open_orders": open_orders,
            "accounts": dict(accounts or {}),
            "open_orders_shape": open_orders_shape,
            "timestamp_window_ms": timestamp_window_ms,
        }
        self._kit = KitApp(self._config(self._seed))
        self._next_ids: dict[int, itertools.count[int]] = {}
        listener = loopback_listener()
        port = listener.getsockname()[1]
        self.url = f"http://127.0.0.1:{port}"
        self._server = uvicorn.Server(
            server_config(self._kit, self._kit.server.config, host="127.0.0.1", port=port, access_log=False)
        )
        self._thread = threading.Thread(
            target=self._server.run, kwargs={"sockets": [listener]}, name=f"MockExchange {self.url}", daemon=True
        )
        self._thread.start()
        deadline = time.monotonic() + _START_TIMEOUT_S
        while not self._server.started:
            if not self._thread.is_alive() or time.monotonic() > deadline:
                self.close()
                raise RuntimeError(f"the MockExchange did not start within {_START_TIMEOUT_S:g} s")
            time.sleep(0.001)

    def __repr__(self) -> str:
        return f"MockExchange({self.url}, accounts={len(self._kit.server.accounts)})"  # never the credentials

    def _config(self, seed: Mapping[str, Any]) -> MockConfig:
        accounts = seed["accounts"]
        if not isinstance(accounts, Mapping) or len(accounts) > MAX_EXTRA_ACCOUNTS:
            raise ValueError(f"accounts must map API keys to secrets, at most {MAX_EXTRA_ACCOUNTS} of them")
        for key, secret in accounts.items():
            if not (isinstance(key, str) and key.isascii() and key.isprintable() and key.strip() and " " not in key):
                raise ValueError("each API key must be printable ASCII without spaces (it goes in a header)")
            if not isinstance(secret, str) or not secret:
                raise ValueError("each secret must be a non-empty string")  # never quoted: it is a secret
        return MockConfig(
            api_key=self.api_key,
            api_secret=self.api_secret,
            extra_accounts=tuple(accounts.items()),
            open_orders=seed["open_orders"],
            open_orders_shape=seed["open_orders_shape"],
            timestamp_window_ms=seed["timestamp_window_ms"],
        )

    # The books

    def _account(self, api_key: str | None) -> tuple[int, Account]:
        accounts = self._kit.server.accounts
        if api_key is None:
            return 0, accounts[0]
        for number, account in enumerate(accounts):
            if account.api_key == api_key:
                return number, account
        raise ValueError("no account has this API key")  # the key is not repeated: it is a credential

    def place(self, symbol: str = "BTCUSDT", *, api_key: str | None = None, **fields: Any) -> dict[str, Any]:
        """Open an order in the book of `api_key` (the default account's by default); returns it as a
        listing shows it. `fields` set the order's other fields (`price`, `side`, `displayingId`, ...);
        by default they derive from its id, a new one. ValueError if the order would break the spec."""
        number, account = self._account(api_key)
        if "status" in fields:
            raise ValueError("an order is placed open: its status is NEW until it is cancelled")
        displaying_id = fields.pop("displayingId", None)
        if displaying_id is None:
            first = FIRST_ID + number * IDS_PER_ACCOUNT + MAX_OPEN_ORDERS  # past every seeded id
            displaying_id = next(self._next_ids.setdefault(number, itertools.count(first)))
        key = (displaying_id, symbol)
        order = {**OrderBook(()).order(key, "NEW"), **fields} if isinstance(displaying_id, int) else None
        problem = "displayingId must be an integer" if order is None else None
        if order is not None:
            answer = {"status": "ok", "data": {"orders": [order]}}
            problem = self._kit.contract.answer_problem(GET_OPEN_ORDERS, 200, answer)
        if problem is not None:
            raise ValueError(f"this order would break the spec: {problem}")
        account.book.place(key, fields, limit=MAX_OPEN_ORDERS)
        return account.book.order(key, "NEW")

    def open_orders(self, api_key: str | None = None) -> list[dict[str, Any]]:
        """The open orders of the book of `api_key` (the default account's by default), as a listing shows them."""
        book = self._account(api_key)[1].book
        return [book.order(key, "NEW") for key in book.open_orders()]

    # Faults and what was received

    def fault(self, name: str, times: int | None = 1, when: Predicate | None = None, **options: Any) -> None:
        """Let fault `name` hit the next `times` requests it can change (None: all of them, until
        `reset()`), of those for which `when(request)` is true when given. `request` is a dict as in
        `requests`, without `status`. Faults hit in the order scheduled, one per request.
        Options: `retry_after` (rate-429, ban-418), `seconds` (slow), `offset_ms` (clock-offset),
        `orders` (fill-during-cancel), `cancels` (partial-cancel)."""
        if times is not None and (isinstance(times, bool) or not isinstance(times, int) or times < 1):
            raise ValueError(f"times must be a whole number of at least 1, or None for every request, got {times!r}")
        if when is not None and not callable(when):
            raise ValueError("when must be a function of the request")
        self._kit.schedule.add(Scheduled(kit_fault(name, options, self._kit.make_server), times, when))

    @property
    def requests(self) -> list[dict[str, Any]]:
        """What was received since the last reset, in order: dicts of `method`, `path`, `query` and
        `body` (`signature` redacted), `account` (0 the default account, then the others in the order
        given; None for an unknown key), `status` (None when no full answer was sent) and `fault`
        (the one that hit it, or None)."""
        return self._kit.log.entries()

    def reset(
        self,
        *,
        open_orders: int | None = None,
        accounts: Mapping[str, str] | None = None,
        open_orders_shape: str | None = None,
        timestamp_window_ms: int | None = None,
    ) -> None:
        """Fresh books, seeded as at the start (or as given here), no fault waiting, an empty log."""
        given = {
            "open_orders": open_orders,
            "accounts": accounts,
            "open_orders_shape": open_orders_shape,
            "timestamp_window_ms": timestamp_window_ms,
        }
        seed = {**self._seed, **{name: value for name, value in given.items() if value is not None}}
        self._kit.install(MockServer(self._config(seed), self._kit.contract))
        self._next_ids.clear()

    def close(self) -> None:
        """Stop the server; open connections are closed."""
        self._server.should_exit = True
        if self._thread.is_alive() and threading.current_thread() is not self._thread:
            self._thread.join(timeout=5)

    def __enter__(self) -> MockExchange:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, value: BaseException | None, traceback: TracebackType | None
    ) -> None:
        self.close()

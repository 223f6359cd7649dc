# Copied from generator/testing/book.py by `make generate`: edit it there, not here.
"""Each mock account's order book: a fixed set of seeded orders, open until a request cancels them.

Seeded deterministically: the default account's first two orders are the spec's examples
(435372 BTCUSDT, 435373 ETHUSDT), so the contract's example requests cancel real orders.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from typing import Any, Protocol, TypeVar

QUOTE_ASSET = "USDT"
SYMBOLS = ("BTCUSDT", "ETHUSDT", "SOLUSDT", "BNBUSDT")
FIRST_ID = 435_372
IDS_PER_ACCOUNT = 1_000_000  # each account's ids in a range of their own

Key = tuple[int, str]
"""An order: its (displayingId, symbol)."""


def seeded_orders(count: int, account: int = 0) -> list[Key]:
    """The open orders account number `account` (0 is the default one) starts with."""
    first = FIRST_ID + account * IDS_PER_ACCOUNT
    return [(first + n, SYMBOLS[n % len(SYMBOLS)]) for n in range(count)]


def order_json(displaying_id: int, symbol: str, status: str = "CANCELED") -> dict[str, Any]:
    """An order, shaped as the published examples, with values derived from its id."""
    base = symbol.removesuffix(QUOTE_ASSET) or symbol
    price = round(100 + (displaying_id % 10_000) * 1.25, 2)
    quantity = round(0.01 + (displaying_id % 97) / 100, 5)
    return {
        "displayingId": displaying_id,
        "userId": 18,
        "side": "BUY" if displaying_id % 2 == 0 else "SELL",
        "type": "LIMIT",
        "price": price,
        "liquidityStatus": 1,
        "quantity": quantity,
        "executedQty": 0,
        "quoteQty": round(price * quantity, 8),
        "executedQuoteQty": 0,
        "liquidityUsdtPrice": 1,
        "liquidityTransferPrice": price,
        "liquiditySymbol": symbol,
        "liquidityOrderId": str(11_000_000 + displaying_id % 1_000_000),
        "feeMetadata": {
            "assetId": 22,
            "asset": QUOTE_ASSET,
            "value": round(price * quantity * 0.001, 10),
            "feeRatio": 0.001,
            "executed": 0,
        },
        "useQuoteQty": False,
        "symbol": symbol,
        "baseAsset": base,
        "baseAssetId": 9,
        "quoteAsset": QUOTE_ASSET,
        "quoteAssetId": 22,
        "status": status,
        "stopPrice": 0,
    }


class _HasStatus(Protocol):
    status_code: int


_A = TypeVar("_A", bound=_HasStatus)


class OrderBook:
    """One account's orders. Shared by the event loop and worker threads, so every read and every
    cancel holds a lock: a listing is one instant of the book, a cancel is all or nothing."""

    def __init__(self, orders: Iterable[Key]) -> None:
        self.seeded: tuple[Key, ...] = tuple(dict.fromkeys(orders))
        self._open = dict.fromkeys(self.seeded)  # an ordered set: listed in the order seeded
        self._lock = threading.Lock()
        # Orders placed later (nami_client.testing's `place`), with the fields they were given.
        self._placed: dict[Key, dict[str, Any]] = {}
        self._ids: set[int] | None = None  # every displayingId the book has held

    def order(self, key: Key, status: str) -> dict[str, Any]:
        """The order as an answer shows it: derived from its id, with the fields it was placed with."""
        placed = self._placed.get(key)
        return order_json(*key, status=status) if placed is None else {**order_json(*key, status=status), **placed}

    def place(self, key: Key, fields: dict[str, Any], *, limit: int) -> None:
        """Open a new order, listed after the others; refused for an id the book has held, or past `limit` orders."""
        with self._lock:
            if self._ids is None:  # built on the first place: most books are never added to
                self._ids = {displaying_id for displaying_id, _ in self.seeded}
            if key[0] in self._ids:
                raise ValueError(f"order {key[0]} is already in the book")
            if len(self._open) >= limit:
                raise ValueError(f"the book holds {limit} open orders, the most the mock keeps")
            self._ids.add(key[0])
            self._placed[key] = dict(fields)
            self._open[key] = None

    def fill(self, keys: Iterable[Key]) -> list[Key]:
        """Take the listed orders that are open out of the book, as if traded: no cancel will list them."""
        with self._lock:
            filled = self._open_among(keys)
            for key in filled:
                del self._open[key]
            return filled

    def open_orders(self, symbol: str | None = None) -> list[Key]:
        """The open orders, or those of one symbol."""
        with self._lock:
            if symbol is None:
                return list(self._open)
            return [key for key in self._open if key[1] == symbol]

    def open_among(self, keys: Iterable[Key]) -> list[Key]:
        """The listed orders that are open, each once, in the order listed."""
        with self._lock:
            return self._open_among(keys)

    def _open_among(self, keys: Iterable[Key]) -> list[Key]:
        return [key for key in dict.fromkeys(keys) if key in self._open]

    def cancel_with(self, keys: Iterable[Key], answer: Callable[[list[Key]], _A]) -> _A:
        """`answer(the listed orders that are open)`; they are cancelled only if it is a 2xx.

        Atomic: no other cancel or listing sees the book between the two.
        """
        with self._lock:
            cancelled = self._open_among(keys)
            response = answer(cancelled)
            if 200 <= response.status_code < 300:
                for key in cancelled:
                    del self._open[key]
            return response

"""The mock account's open orders.

Every (displayingId, symbol) pair starts as an open order, so that almost every valid request
cancels something and the harness sees full order objects; once cancelled, it is never returned
again.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

QUOTE_ASSET = "USDT"


def order_json(displaying_id: int, symbol: str) -> dict[str, Any]:
    """A cancelled order, shaped as the published example, with values derived from its id."""
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
        "status": "CANCELED",
        "stopPrice": 0,
    }


Key = tuple[int, str]
"""An order: its (displayingId, symbol)."""


class OrderBook:
    """Which orders are cancelled. Reading and changing are apart, so a request can build its whole
    answer before it changes anything."""

    def __init__(self) -> None:
        self._cancelled: set[Key] = set()

    def open_among(self, keys: Iterable[Key]) -> list[Key]:
        """The listed orders that are open, each once, in the order listed."""
        return [key for key in dict.fromkeys(keys) if key not in self._cancelled]

    def cancel(self, keys: Iterable[Key]) -> None:
        self._cancelled.update(keys)

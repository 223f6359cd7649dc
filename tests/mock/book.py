"""The mock account's open orders.

Every (displayingId, symbol) pair starts as an open order, so that almost every valid request
cancels something and the harness sees full order objects; once cancelled, it is never returned
again.
"""

from __future__ import annotations

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


class OrderBook:
    def __init__(self) -> None:
        self._cancelled: set[tuple[int, str]] = set()

    def is_open(self, displaying_id: int, symbol: str) -> bool:
        return (displaying_id, symbol) not in self._cancelled

    def cancel(self, refs: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """Cancel the listed open orders, each once, and return them in request order."""
        cancelled = []
        for ref in refs:
            key = (int(ref["displayingId"]), ref["symbol"])
            if key not in self._cancelled:
                self._cancelled.add(key)
                cancelled.append(order_json(*key))
        return cancelled

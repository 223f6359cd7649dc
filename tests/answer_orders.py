"""An order as an answer lists it, for the tests of the harness's promises and its ledger."""

from __future__ import annotations


def order(displaying_id: object, symbol: str, status: str = "CANCELED") -> dict[str, object]:
    return {"displayingId": displaying_id, "symbol": symbol, "status": status}

"""What the operations' descriptions promise about their answers, beyond the schemas, as plain functions.

Delete All Orders (`paths./api/v4/spot/all_order.delete.description`): `data` lists only orders the
request listed, each at most once, each with the status of a cancelled order; an order cancelled
once is never listed again. Get Open Orders (`paths./api/v4/spot/open.get.description`): with
`filterByPair` every order listed has that symbol; an order a Delete All Orders answer listed is not
listed afterwards; an order listed is one Delete All Orders cancels when asked to. Each function
returns the problems it finds, [] when there are none.
"""

from __future__ import annotations

import json
from collections import Counter
from typing import Any

# An order as an answer listed it: (displayingId, symbol), whatever JSON values they were, made
# hashable (the package's `OrderKey` is a well-formed one the client holds).
ListedOrderKey = tuple[Any, Any]


def cancelled_statuses(spec: dict[str, Any]) -> frozenset[str]:
    """The `status` every order of a Delete All Orders answer must have: `x-nami-order-status` on its
    `data` (`Order.status` itself also allows the statuses of open orders, and any string)."""
    data = spec["components"]["schemas"]["DeleteAllOrdersResponse"]["properties"]["data"]
    return frozenset([data["x-nami-order-status"]])


def _hashable(value: Any) -> Any:
    """A JSON value as a set can hold it: an array or object (which a broken answer may send where a
    scalar belongs) as its JSON text."""
    return json.dumps(value, sort_keys=True) if isinstance(value, (list, dict)) else value


def order_key(order: Any) -> ListedOrderKey | None:
    """How an order is told apart: its (displayingId, symbol), the id compared as a number."""
    if not isinstance(order, dict):
        return None
    displaying_id = order.get("displayingId")
    if isinstance(displaying_id, float) and displaying_id.is_integer():
        displaying_id = int(displaying_id)
    return _hashable(displaying_id), _hashable(order.get("symbol"))


def listed_orders(document: Any) -> list[Any] | None:
    """The orders an answer lists: `data` when it is a list, `data.orders` (the current published
    page of the open orders) when that is; None when neither is."""
    data = document.get("data") if isinstance(document, dict) else None
    if isinstance(data, dict):
        data = data.get("orders")
    return data if isinstance(data, list) else None


def key_name(key: ListedOrderKey | None) -> str:
    """How a failure names an order."""
    return "an order that is not an object" if key is None else f"order {key[0]!r} {key[1]!r}"


def unrequested(requested: list[Any], listed: list[Any]) -> list[str]:
    asked = {order_key(order) for order in requested}
    return [
        f"{key_name(order_key(order))} was listed but not requested"
        for order in listed
        if order_key(order) not in asked
    ]


def listed_twice(listed: list[Any]) -> list[str]:
    counts = Counter(order_key(order) for order in listed)
    return [f"{key_name(key)} was listed {count} times" for key, count in counts.items() if count > 1]


def not_cancelled(listed: list[Any], statuses: frozenset[str]) -> list[str]:
    allowed = " or ".join(sorted(statuses))
    return [
        f"{key_name(order_key(order))} was listed with status {order.get('status')!r}, not {allowed}"
        for order in listed
        if isinstance(order, dict) and order.get("status") not in statuses
    ]


def listed_again(first: list[Any], again: list[Any]) -> list[str]:
    before = {order_key(order) for order in first}
    return [f"{key_name(order_key(order))} was listed again" for order in again if order_key(order) in before]


def of_other_pairs(listed: list[Any], pair: str) -> list[str]:
    return [
        f"{key_name(order_key(order))} was listed, asked for {pair!r} only"
        for order in listed
        if not isinstance(order, dict) or order.get("symbol") != pair
    ]


def listed_after_cancel(listed: list[Any], cancelled: frozenset[ListedOrderKey | None]) -> list[str]:
    return [
        f"{key_name(order_key(order))} was listed after an answer had listed it cancelled"
        for order in listed
        if order_key(order) in cancelled
    ]


def not_cancelled_when_asked(
    requested: list[Any], shown: list[Any], cancelled: frozenset[ListedOrderKey | None]
) -> list[str]:
    """The requested orders a listing had shown open that no answer (this one or an earlier one) listed
    as cancelled."""
    open_ = {order_key(order) for order in shown}
    return [
        f"{key_name(key)} was listed open, then asked to be cancelled, and no answer listed it cancelled"
        for key in dict.fromkeys(order_key(order) for order in requested)
        if key in open_ and key not in cancelled
    ]

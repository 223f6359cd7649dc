"""Reading a listing of the open orders for a cancel run: lean, the orders as soon as they are read."""

from __future__ import annotations

import json
from typing import Any

import httpx

from .cancel_steps import Seen
from .error_types import InvalidResponseError
from .errors import UnexpectedStatus

__all__ = ["read_listing"]


def _order(fields: dict[str, Any]) -> Any:
    """An order of a listing as (displaying_id, symbol, status), as soon as it is read; other objects as read."""
    key, symbol, status = fields.get("displayingId"), fields.get("symbol"), fields.get("status")
    if type(key) is int and type(symbol) is str and type(status) is str:
        return (key, symbol, status)
    return fields


def read_listing(response: httpx.Response) -> Seen:
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

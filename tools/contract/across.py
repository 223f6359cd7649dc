"""The promises that only show across requests, each judged by a sentence of the operations'
descriptions in the spec, against any faithful server (no reset, no endpoint of the mock's own).

Once per run, set off by the first accepted positive case of either operation, the harness sends,
one after another:

1. the open orders (no filter): `before`;
2. the open orders of one pair (the first listed order's symbol), with `filterByPair`: `filtered`;
3. a Delete All Orders request naming the first two orders of that pair that `before` showed open,
   and one order it did not show (an id past every listed one): `cancel`;
4. the open orders again: `after`;
5. with a second account of the same server (NAMI_API_KEY_2 / NAMI_API_SECRET_2; the embedded mock
   always has one): its own listing, its cancel of the first account's first open order, and the
   first account's listing once more.

What the checks hold each step to, from the descriptions: Get Open Orders "lists the open orders of
the account the API key belongs to, of one pair when filterByPair is given", unpaged ("every open
order is listed"); Delete All Orders "cancels the listed orders that are open and returns them. An
order that is not open is left out of the answer"; it cancels nothing else. Orders that nobody
cancels stay open while the run lasts (against a real account: limit orders far from the market).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from nami_client.testing.signatures import with_signature
from schemathesis import Case
from schemathesis.core.transport import Response

from tools.contract.exchange import Exchange, RoundTrip
from tools.contract.probes import accepted_signed_body, accepted_signed_query, now_ms
from tools.contract.promises import ListedOrderKey, key_name, order_key
from tools.contract.signing import query_string, with_query_signature
from tools.contract.state import Credentials, RunState
from tools.spec import OPEN_ORDERS_PATH, OPERATION_PATH

SUITE = "across requests"
MAX_ID = 9_007_199_254_740_991  # the spec's maximum displayingId
NOT_OPEN_OFFSET = 7_777_777  # an order past every listed one: not open for this account


@dataclass(frozen=True)
class OtherAccount:
    """What the second account saw and did."""

    listing: RoundTrip  # its own open orders
    cancel: RoundTrip  # its cancel of the first account's order
    target: dict[str, Any]  # that order
    after: RoundTrip  # the first account's listing afterwards


@dataclass(frozen=True)
class AcrossRequests:
    before: RoundTrip
    pair: str
    filtered: RoundTrip
    named: list[dict[str, Any]]  # the open orders the cancel named
    not_open: dict[str, Any]  # the order it named that was not open
    cancel: RoundTrip
    after: RoundTrip
    other: OtherAccount | None

    def answers(self) -> list[RoundTrip]:
        steps = [self.before, self.filtered, self.cancel, self.after]
        return steps + ([self.other.listing, self.other.cancel, self.other.after] if self.other else [])


def results(response: Response, case: Case[Any]) -> AcrossRequests | None:
    """The suite's results for the response that set it off (so its failures are reported once), else
    None. Why it could not run is kept in the run's state for the verdict."""
    state = RunState.of(case)
    with state.sending:
        if SUITE not in state.suites:
            if accepted_signed_body(response, case) is None and accepted_signed_query(response, case) is None:
                return None
            state.suites[SUITE] = (response, _run(state, case.operation.schema.get_base_url().rstrip("/")))
        trigger, found = state.suites[SUITE]
    return found if trigger is response else None


def answers(response: Response, case: Case[Any]) -> list[RoundTrip]:
    found = results(response, case)
    return found.answers() if found else []


def _listing(exchange: Exchange, base: str, account: Credentials, pair: str | None, what: str) -> RoundTrip:
    query: dict[str, Any] = {"filterByPair": pair} if pair is not None else {}
    signed = with_query_signature({**query, "timestamp": str(now_ms())}, account.api_secret)
    return exchange.send_query(base + OPEN_ORDERS_PATH, account.api_key, query_string(signed), what)


def _cancel(exchange: Exchange, base: str, account: Credentials, orders: list[dict[str, Any]], what: str) -> RoundTrip:
    body = with_signature({"orders": orders, "timestamp": now_ms()}, account.api_secret)
    return exchange.send(base + OPERATION_PATH, account.api_key, body, what)


def _ref(order: dict[str, Any]) -> dict[str, Any]:
    return {"displayingId": order["displayingId"], "symbol": order["symbol"]}


def _usable(answer: RoundTrip) -> list[dict[str, Any]] | None:
    """The orders of a 2xx listing, each an object with an integer id and a symbol, or None."""
    orders = answer.listed_orders()
    ok = 200 <= answer.status < 300 and all(
        isinstance(o, dict) and isinstance(o.get("displayingId"), int) and isinstance(o.get("symbol"), str)
        for o in orders
    )
    return orders if ok else None


def _run(state: RunState, base: str) -> AcrossRequests | None:
    account, exchange = state.account, state.exchange
    before = _listing(exchange, base, account, None, "the open orders")
    listed = _usable(before)
    if not listed:
        state.skipped[SUITE] = "the promises across requests were not checked: " + (
            "the account has no open orders" if listed == [] else f"the listing got {before.status}"
        )
        return None
    pair = listed[0]["symbol"]
    filtered = _listing(exchange, base, account, pair, f"the open orders of {pair}")
    named = [_ref(order) for order in listed if order["symbol"] == pair][:2]
    highest = max(order["displayingId"] for order in listed)
    not_open = {"displayingId": min(highest + NOT_OPEN_OFFSET, MAX_ID), "symbol": pair}
    cancel = _cancel(exchange, base, account, [*named, not_open], "a cancel of two open orders and one not open")
    after = _listing(exchange, base, account, None, "the open orders after the cancel")
    other = _other_account(state, base, after) if state.other is not None else None
    if state.other is None:
        state.skipped["other account"] = (
            "what one account sees of another was not checked: set NAMI_API_KEY_2 and NAMI_API_SECRET_2"
        )
    return AcrossRequests(before, pair, filtered, named, not_open, cancel, after, other)


def _other_account(state: RunState, base: str, after: RoundTrip) -> OtherAccount | None:
    assert state.other is not None
    mine = _usable(after)
    if not mine:
        state.skipped["other account"] = "what one account sees of another was not checked: no open order left"
        return None
    target = _ref(mine[0])
    outsider = Exchange()  # its answers are about its own book: not the first account's ledger
    listing = _listing(outsider, base, state.other, None, "the second account's open orders")
    cancel = _cancel(outsider, base, state.other, [target], "the second account's cancel of the first account's order")
    again = _listing(state.exchange, base, state.account, None, "the open orders after the second account's cancel")
    return OtherAccount(listing, cancel, target, again)


# What each promise finds wrong (the checks in tools/contract/checks.py raise them)


def _keys(orders: list[Any]) -> set[ListedOrderKey | None]:
    return {order_key(order) for order in orders}


def _name(order: Any) -> str:
    return key_name(order_key(order))


def _left_out(orders: list[Any], listing: list[Any], what: str) -> list[str]:
    """`<order> <what>` for each of `orders` that `listing` leaves out."""
    shown = _keys(listing)
    return [f"{_name(order)} {what}" for order in orders if order_key(order) not in shown]


def _pair_of(orders: list[Any], pair: str) -> list[Any]:
    return [order for order in orders if isinstance(order, dict) and order.get("symbol") == pair]


def filtered_listing_misses(found: AcrossRequests) -> list[str]:
    """Open orders of the pair the listing showed that the listing with `filterByPair` left out."""
    if not 200 <= found.filtered.status < 300:
        return [f"the listing with filterByPair={found.pair} got {found.filtered.status}"]
    orders = _pair_of(found.before.listed_orders(), found.pair)
    what = f"is open (listed without a filter) but not listed with filterByPair={found.pair}"
    return _left_out(orders, found.filtered.listed_orders(), what)


def unfiltered_listing_misses(found: AcrossRequests) -> list[str]:
    """Open orders the listing with `filterByPair` showed that the listing without a filter left out."""
    what = f"is open (listed with filterByPair={found.pair}) but not listed without a filter"
    return _left_out(found.filtered.listed_orders(), found.before.listed_orders(), what)


def cancel_misses(found: AcrossRequests) -> list[str]:
    """Open orders the cancel named that its answer did not list."""
    if not 200 <= found.cancel.status < 300:
        return [f"the cancel got {found.cancel.status}; expected 2xx"]
    return _left_out(found.named, found.cancel.listed_orders(), "was open and named, and the answer does not list it")


def not_open_listed(found: AcrossRequests) -> list[str]:
    """The order that was not open, listed by the cancel's answer."""
    key = order_key(found.not_open)
    return [
        f"{_name(found.not_open)} was not open (no listing showed it) and the answer lists it cancelled"
        for order in found.cancel.listed_orders()
        if order_key(order) == key
    ]


def others_cancelled(found: AcrossRequests) -> list[str]:
    """Open orders the cancel did not name that the listing after it no longer shows."""
    if not 200 <= found.after.status < 300:
        return [f"the listing after the cancel got {found.after.status}"]
    named, still = _keys(found.named) | {order_key(found.not_open)}, _keys(found.after.listed_orders())
    return [
        f"{_name(order)} was open and not named by the cancel, and is no longer listed"
        for order in found.before.listed_orders()
        if order_key(order) not in named and order_key(order) not in still
    ]


def other_account_sees(found: AcrossRequests) -> list[str]:
    """Orders of the first account in the second account's listing."""
    if found.other is None:
        return []
    mine = _keys(found.before.listed_orders()) | _keys(found.after.listed_orders())
    return [
        f"{_name(order)} of the first account is listed to the second account"
        for order in found.other.listing.listed_orders()
        if order_key(order) in mine
    ]


def other_account_cancels(found: AcrossRequests) -> list[str]:
    """The first account's order, cancelled or listed cancelled by the second account's request."""
    if found.other is None:
        return []
    other, key = found.other, order_key(found.other.target)
    problems = [
        f"{_name(order)} of the first account is listed cancelled in the second account's answer"
        for order in other.cancel.listed_orders()
        if order_key(order) == key
    ]
    if 200 <= other.after.status < 300 and key not in _keys(other.after.listed_orders()):
        problems.append(
            f"{_name(other.target)} of the first account is no longer open after the second account's cancel"
        )
    return problems

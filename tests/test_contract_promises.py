"""The promises of the operations' descriptions, as the harness's checks read them."""

from __future__ import annotations

from tests.answer_orders import order
from tools.contract import promises
from tools.contract.validation import VALIDATORS

ASKED = [{"displayingId": 1, "symbol": "BTCUSDT"}, {"displayingId": 2, "symbol": "ETHUSDT"}]


def test_the_cancelled_status_is_read_from_the_spec() -> None:
    assert promises.cancelled_statuses(VALIDATORS.spec) == {"CANCELED"}


def test_only_requested_orders_may_be_listed() -> None:
    assert promises.unrequested(ASKED, [order(1, "BTCUSDT"), order(2.0, "ETHUSDT")]) == []
    assert promises.unrequested(ASKED, [order(1, "ETHUSDT")]) == ["order 1 'ETHUSDT' was listed but not requested"]
    assert promises.unrequested(ASKED, [order(3, "BTCUSDT"), "x"]) == [
        "order 3 'BTCUSDT' was listed but not requested",
        "an order that is not an object was listed but not requested",
    ]


def test_each_order_is_listed_at_most_once() -> None:
    assert promises.listed_twice([order(1, "BTCUSDT"), order(1, "ETHUSDT")]) == []
    assert promises.listed_twice([order(1, "BTCUSDT"), order(1.0, "BTCUSDT")]) == [
        "order 1 'BTCUSDT' was listed 2 times"
    ]


def test_listed_orders_carry_the_cancelled_status() -> None:
    assert promises.not_cancelled([order(1, "BTCUSDT")], frozenset({"CANCELED"})) == []
    assert promises.not_cancelled([order(1, "BTCUSDT", "NEW")], frozenset({"CANCELED"})) == [
        "order 1 'BTCUSDT' was listed with status 'NEW', not CANCELED"
    ]


def test_an_order_cancelled_once_is_never_listed_again() -> None:
    first = [order(1, "BTCUSDT")]
    assert promises.listed_again(first, []) == []
    assert promises.listed_again(first, [order(2, "BTCUSDT")]) == []
    assert promises.listed_again(first, [order(1.0, "BTCUSDT")]) == ["order 1 'BTCUSDT' was listed again"]


def test_listed_orders_are_read_from_either_published_shape() -> None:
    orders = [order(1, "BTCUSDT", "NEW")]
    assert promises.listed_orders({"status": "ok", "data": {"orders": orders}}) == orders
    assert promises.listed_orders({"status": "ok", "data": orders}) == orders
    assert promises.listed_orders({"status": "ok", "data": {"list": orders}}) is None
    assert promises.listed_orders([orders]) is None


def test_a_filtered_listing_shows_only_that_pair() -> None:
    assert promises.of_other_pairs([order(1, "BTCUSDT", "NEW")], "BTCUSDT") == []
    assert promises.of_other_pairs([order(1, "BTCUSDT", "NEW"), order(2, "ETHUSDT", "NEW")], "BTCUSDT") == [
        "order 2 'ETHUSDT' was listed, asked for 'BTCUSDT' only"
    ]


def test_an_order_listed_cancelled_is_not_listed_afterwards() -> None:
    cancelled = frozenset({(1, "BTCUSDT")})
    assert promises.listed_after_cancel([order(2, "BTCUSDT", "NEW")], cancelled) == []
    assert promises.listed_after_cancel([order(1.0, "BTCUSDT", "NEW")], cancelled) == [
        "order 1 'BTCUSDT' was listed after an answer had listed it cancelled"
    ]


def test_an_order_listed_open_is_cancelled_when_asked() -> None:
    shown = [order(1, "BTCUSDT", "NEW"), order(2, "ETHUSDT", "NEW")]
    asked = [{"displayingId": 1, "symbol": "BTCUSDT"}, {"displayingId": 3, "symbol": "BTCUSDT"}]
    assert promises.not_cancelled_when_asked(asked, shown, frozenset({(1, "BTCUSDT")})) == []
    assert promises.not_cancelled_when_asked(asked, shown, frozenset()) == [
        "order 1 'BTCUSDT' was listed open, then asked to be cancelled, and no answer listed it cancelled"
    ]  # order 3 was never listed: not this promise's business


def test_a_broken_order_is_judged_not_crashed_on() -> None:
    """A server may send arrays or objects where the schema wants an id or a symbol."""
    broken = {"displayingId": [1], "symbol": {"a": 1}, "status": "CANCELED"}
    assert promises.listed_twice([broken, dict(broken)]) == ["order '[1]' '{\"a\": 1}' was listed 2 times"]
    assert promises.unrequested(ASKED, [broken]) == ["order '[1]' '{\"a\": 1}' was listed but not requested"]
    assert promises.listed_after_cancel([broken], frozenset({(1, "BTCUSDT")})) == []

"""What is refused before anything is signed or sent: requests that break the spec's rules (rules
generated from the spec), and credentials that cannot be used, without the secret in any trace."""

from __future__ import annotations

import asyncio
import collections
import copy
import json
import math
import re
import traceback
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from nami_client import signed_client, validation
from nami_client import spec as spec_module
from nami_client.api.spot import delete_all_orders, get_open_orders
from nami_client.client import Client
from nami_client.errors import InvalidRequestError, NamiError, SigningError
from nami_client.models import DeleteAllOrdersRequest, OrderRef
from nami_client.record_columns import columns_test
from nami_client.signing import query_params
from nami_client.validation import RequestCheck

from generator.client_view import client_view
from generator.layout import GenerationError
from generator.request_rules import query_rules, request_rules
from generator.spec_loader import load_spec
from tests.client_fakes import KEY, SECRET, ScriptedExchange, answer, assert_clean, client_for, texts_of
from tests.signatures import signature_valid

ASSUMED = " (an assumed limit: signed_client(..., enforce_assumed_limits=False) lifts it)"
OPERATION = ("DELETE", "/api/v4/spot/all_order")


def orders(count: int, *, displaying_id: Any = 435372, symbol: Any = "BTCUSDT") -> list[OrderRef]:
    return [OrderRef(displaying_id=displaying_id, symbol=symbol) for _ in range(count)]


# (the body, the problem the client names, whether the broken limit is an assumption of the spec)
REFUSED: dict[str, tuple[DeleteAllOrdersRequest, str, bool]] = {
    "201-orders": (DeleteAllOrdersRequest(orders=orders(201)), "orders: 201 items, at most 200", True),
    "no-orders": (DeleteAllOrdersRequest(orders=[]), "orders: 0 items, at least 1", True),
    "id-0": (DeleteAllOrdersRequest(orders=orders(1, displaying_id=0)), "orders[0].displayingId: 0, at least 1", True),
    "id-minus-5": (
        DeleteAllOrdersRequest(orders=orders(1, displaying_id=-5)),
        "orders[0].displayingId: -5, at least 1",
        True,
    ),
    "id-2**63": (
        DeleteAllOrdersRequest(orders=orders(1, displaying_id=2**63)),
        "orders[0].displayingId: 9223372036854775808, at most 9007199254740991",
        True,
    ),
    "id-2**64": (  # beyond what orjson writes: the body falls back to the json module when it is sent
        DeleteAllOrdersRequest(orders=orders(1, displaying_id=2**64)),
        "orders[0].displayingId: 18446744073709551616, at most 9007199254740991",
        True,
    ),
    "lone-surrogate-symbol": (  # not Unicode: no UTF-8 body can carry it
        DeleteAllOrdersRequest(orders=orders(1, symbol="BTC\ud800")),
        "orders[0].symbol: a lone surrogate, not Unicode text: it cannot be sent as UTF-8",
        False,
    ),
    "empty-symbol": (
        DeleteAllOrdersRequest(orders=orders(1, symbol="")),
        "orders[0].symbol: 0 characters, at least 1",
        True,
    ),
    "1-MB-symbol": (
        DeleteAllOrdersRequest(orders=orders(1, symbol="X" * 1_000_000)),
        "orders[0].symbol: 1000000 characters, at most 32",
        True,
    ),
    "id-abc": (
        DeleteAllOrdersRequest(orders=orders(1, displaying_id="abc")),
        "orders[0].displayingId: the string 'abc', not integer",
        False,
    ),
    "id-true": (
        DeleteAllOrdersRequest(orders=orders(1, displaying_id=True)),
        "orders[0].displayingId: True, not integer",
        False,
    ),
    "id-1.5": (
        DeleteAllOrdersRequest(orders=orders(1, displaying_id=1.5)),
        "orders[0].displayingId: 1.5, not integer",
        False,
    ),
    "notification-yes": (
        DeleteAllOrdersRequest(orders=orders(1), allow_notification="yes"),  # type: ignore[arg-type]
        "allowNotification: the string 'yes', not boolean",
        False,
    ),
}


def send(mode: str, client: Client, body: DeleteAllOrdersRequest) -> object:
    if mode == "sync":
        return delete_all_orders.sync(client=client, body=body)
    return asyncio.run(delete_all_orders.asyncio(client=client, body=body))


@pytest.mark.parametrize("mode", ["sync", "async"])
@pytest.mark.parametrize("case", REFUSED, ids=str)
def test_a_request_that_breaks_the_spec_is_refused_before_it_is_signed(mode: str, case: str) -> None:
    body, problem, assumed = REFUSED[case]
    exchange = ScriptedExchange()
    with pytest.raises(InvalidRequestError) as caught:
        send(mode, client_for(exchange, retry=None), body)
    assert caught.value.problems == [problem + (ASSUMED if assumed else "")]
    assert problem in str(caught.value) and len(str(caught.value)) < 400
    assert isinstance(caught.value, NamiError) and isinstance(caught.value, ValueError)
    assert exchange.seen == []  # nothing was sent


@pytest.mark.parametrize("mode", ["sync", "async"])
@pytest.mark.parametrize("case", REFUSED, ids=str)
def test_the_assumed_limits_can_be_lifted_and_the_others_cannot(mode: str, case: str) -> None:
    body, problem, assumed = REFUSED[case]
    exchange = ScriptedExchange()
    client = client_for(exchange, retry=None, enforce_assumed_limits=False)
    if assumed:
        send(mode, client, body)
        (request,) = exchange.seen
        assert signature_valid(json.loads(request.content), SECRET)
    else:
        with pytest.raises(InvalidRequestError, match=re.escape(problem)):
            send(mode, client, body)
        assert exchange.seen == []


def test_every_broken_rule_is_named_and_the_message_stays_short() -> None:
    broken = DeleteAllOrdersRequest(orders=orders(300, displaying_id="abc", symbol=""))
    with pytest.raises(InvalidRequestError) as caught:
        send("sync", client_for(ScriptedExchange(), retry=None), broken)
    assert len(caught.value.problems) == 1 + 300 * 2
    assert caught.value.problems[:3] == [
        "orders: 300 items, at most 200" + ASSUMED,
        "orders[0].displayingId: the string 'abc', not integer",
        "orders[0].symbol: 0 characters, at least 1" + ASSUMED,
    ]
    assert str(caught.value).endswith("; and 596 more")


def test_the_rules_are_the_spec_s_written_when_the_package_was_generated() -> None:
    assert request_rules(client_view(load_spec())) == spec_module.REQUEST_BODY_RULES
    rule = spec_module.REQUEST_BODY_RULES[OPERATION]
    assert rule["properties"]["orders"]["maxItems"] == 200
    assert "timestamp" not in rule["properties"]  # the signing hook's fields are not the caller's


def test_a_spec_change_moves_the_rules(monkeypatch: pytest.MonkeyPatch) -> None:
    spec = load_spec()
    request = spec["components"]["schemas"]["DeleteAllOrdersRequest"]
    request["properties"]["orders"]["maxItems"] = 150
    request["properties"]["orders"]["x-nami-assumed"] = ["minItems"]  # 150 is now a published limit
    monkeypatch.setattr(validation, "REQUEST_BODY_RULES", request_rules(client_view(spec)))
    check = RequestCheck(enforce_assumed_limits=False)
    body = {"orders": [{"displayingId": 1, "symbol": "BTCUSDT"}] * 151}
    with pytest.raises(InvalidRequestError) as caught:
        check(*OPERATION, body)
    assert caught.value.problems == ["orders: 151 items, at most 150"]
    check(*OPERATION, {"orders": body["orders"][:150]})


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda s: s["OrderRef"]["properties"]["symbol"].update(oneOf=[{"type": "string"}]), "does not know"),
        (lambda s: s["OrderRef"]["properties"]["symbol"].update({"x-nami-assumed": ["maximum"]}), "must list"),
    ],
    ids=["unknown-keyword", "assumed-keyword-not-in-the-schema"],
)
def test_a_request_rule_the_check_cannot_hold_fails_generation(
    change: Callable[[dict[str, Any]], None], message: str
) -> None:
    spec = copy.deepcopy(load_spec())
    change(spec["components"]["schemas"])
    with pytest.raises(GenerationError, match=message) as caught:
        request_rules(client_view(spec))
    assert str(caught.value).startswith("#/components/schemas/OrderRef/properties/symbol/")


def test_checking_is_quick_for_a_valid_request_and_exact_for_a_broken_one() -> None:
    """The quick test and the full walk agree, on valid and broken bodies alike."""
    check = RequestCheck()
    valid = {"orders": [{"displayingId": 1, "symbol": "BTCUSDT"}], "allowNotification": True}
    check(*OPERATION, valid)
    for body in (
        {**valid, "extra": 1},
        {"orders": [{"displayingId": 1}]},
        {"orders": [{"displayingId": 1.0, "symbol": "X"}]},
        {"orders": [{"displayingId": 1, "symbol": "X", "side": "BUY"}]},
        {"orders": [{"displayingId": 1, "sym": "X"}]},  # as many fields as an order, one of them unknown
        {"orders": [{"symbol": "X"}]},
        {"orders": [{"displayingId": 1, "symbol": None}]},
        {"orders": [[1, "X"]]},
    ):
        problems: list[str] = []
        validation._problems(spec_module.REQUEST_BODY_RULES[OPERATION], body, "", problems, True)
        quick_says_valid = check._quick[OPERATION](body)
        assert quick_says_valid == (not problems), (body, problems)


class _Id(int):
    pass


class _Text(str):
    pass


_ODD: list[Any] = [None, True, False, 0, -1, 1.0, 1.5, math.nan, math.inf, "", [], {}, 2**53, 2**64]
_ODD_VALUES = st.sampled_from(_ODD)
_IDS = st.one_of(st.integers(min_value=-3, max_value=2**54), st.builds(_Id, st.integers(1, 99)), _ODD_VALUES)
_SYMBOLS = st.one_of(st.text(max_size=34), st.builds(_Text, st.text(min_size=1, max_size=3)), _ODD_VALUES)
_RECORDS = st.one_of(
    st.fixed_dictionaries({"displayingId": _IDS, "symbol": _SYMBOLS}),
    st.fixed_dictionaries({"displayingId": _IDS}, optional={"symbol": _SYMBOLS, "side": _SYMBOLS}),
    st.builds(collections.OrderedDict, st.fixed_dictionaries({"displayingId": _IDS, "symbol": _SYMBOLS})),
    st.dictionaries(st.sampled_from(["displayingId", "symbol", "sym"]), _IDS, max_size=3),
    _ODD_VALUES,
)
_VALID_RECORDS = st.fixed_dictionaries(
    {"displayingId": st.integers(1, 2**53 - 1), "symbol": st.text(min_size=1, max_size=32)}
)


@settings(max_examples=300, deadline=None)
@given(
    orders=st.one_of(st.lists(_RECORDS, max_size=4), st.lists(_VALID_RECORDS, max_size=4)),
    valid_before=st.lists(_VALID_RECORDS, max_size=3),
    enforce=st.booleans(),
)
def test_the_orders_tested_all_at_once_say_what_item_by_item_says(
    orders: list[Any], valid_before: list[Any], enforce: bool
) -> None:
    """`record_columns` (every order's fields across all the orders at once) says valid only for
    orders that each pass the item-by-item test and the full walk finds nothing wrong with; the
    check's quick test says what testing item by item says, odd values and all (floats, booleans,
    subclasses, which only the full walk accepts, missing and extra fields)."""
    rule = spec_module.REQUEST_BODY_RULES[OPERATION]
    body = {"orders": valid_before + orders}
    problems: list[str] = []
    validation._problems(rule, body, "", problems, enforce)
    order_rule = rule["properties"]["orders"]["items"]
    columns = validation._columns(order_rule, enforce)
    assert columns is not None
    each_passes = all(map(validation._quick(order_rule, enforce), body["orders"]))
    if columns_test(columns)(body["orders"]):
        assert each_passes and not problems, (body, problems)
    quick = RequestCheck(enforce_assumed_limits=enforce)._quick[OPERATION](body)
    assert quick == (each_passes and (0 < len(body["orders"]) <= 200 or not enforce)), body
    assert not (quick and problems), (body, problems)


def test_records_the_columns_cannot_test_are_left_to_the_item_by_item_test() -> None:
    """A record rule with a pattern, an open object or a field of another kind gets no column test."""
    order = copy.deepcopy(spec_module.REQUEST_BODY_RULES[OPERATION]["properties"]["orders"]["items"])
    assert validation._columns(order, True) is not None
    changes: list[Callable[[dict[str, Any]], None]] = [
        lambda rule: rule["properties"]["symbol"].update(pattern="^[A-Z]+$"),
        lambda rule: rule.update(additionalProperties=True),
        lambda rule: rule.update(required=["symbol"]),
        lambda rule: rule["properties"]["symbol"].update(type=["string", "null"]),
        lambda rule: rule["properties"].update(price={"type": "number"}),
        lambda rule: rule.update(minProperties=1, maxItems=3),
    ]
    for change in changes:
        changed = copy.deepcopy(order)
        change(changed)
        assert validation._columns(changed, True) is None, changed


# The query of Get Open Orders: its parameters are checked as the spec's, like a body.

OPEN_ORDERS = ("GET", "/api/v4/spot/open")


def list_open(mode: str, client: Client, pair: str) -> object:
    if mode == "sync":
        return get_open_orders.sync(client=client, filter_by_pair=pair)
    return asyncio.run(get_open_orders.asyncio(client=client, filter_by_pair=pair))


@pytest.mark.parametrize("mode", ["sync", "async"])
@pytest.mark.parametrize(
    ("pair", "problem"),
    [("", "filterByPair: 0 characters, at least 1"), ("B" * 33, "filterByPair: 33 characters, at most 32")],
    ids=["empty", "33-characters"],
)
def test_a_query_that_breaks_the_spec_is_refused_unless_the_assumed_limits_are_lifted(
    mode: str, pair: str, problem: str
) -> None:
    exchange = ScriptedExchange(answer(200, {"status": "ok", "data": {"orders": []}}))
    with pytest.raises(InvalidRequestError) as caught:
        list_open(mode, client_for(exchange, retry=None), pair)
    assert caught.value.problems == [problem + ASSUMED]
    assert exchange.seen == []
    list_open(mode, client_for(exchange, retry=None, enforce_assumed_limits=False), pair)
    (request,) = exchange.seen
    assert query_params(request.url.query)["filterByPair"] == pair
    assert signature_valid(query_params(request.url.query), SECRET)


@pytest.mark.parametrize(
    ("method", "query", "problem"),
    [
        ("GET", "recvWindow=5000", "recvWindow: not allowed here"),
        ("GET", "timestamp=1", "timestamp: not allowed here"),  # the signing hook's, not the caller's
        ("GET", "filterByPair=BTCUSDT&filterByPair=ETHUSDT", "query parameter 'filterByPair': given more than once"),
        ("DELETE", "", "(body): required, a JSON object"),
    ],
    ids=["unknown", "timestamp", "repeated", "delete-without-body"],
)
def test_a_hand_made_request_is_checked_too(method: str, query: str, problem: str) -> None:
    exchange = ScriptedExchange()
    client = client_for(exchange, retry=None)
    path = OPEN_ORDERS[1] if method == "GET" else OPERATION[1]
    with pytest.raises(InvalidRequestError) as caught:
        client.get_httpx_client().request(method, f"{path}?{query}")
    assert caught.value.problems == [problem]
    assert exchange.seen == []


def test_the_query_rules_are_the_spec_s() -> None:
    assert query_rules(client_view(load_spec())) == spec_module.REQUEST_QUERY_RULES
    rule = spec_module.REQUEST_QUERY_RULES[OPEN_ORDERS]
    assert rule["properties"]["filterByPair"]["maxLength"] == 32
    assert set(rule["properties"]) == {"filterByPair"}  # timestamp and signature are the signing hook's
    assert OPERATION not in spec_module.REQUEST_QUERY_RULES  # Delete All Orders has no query parameters


# Credentials.

ASCII_PART = "lone-surrogate-secret-1f2e3d"
LONE_SURROGATE_SECRET = ASCII_PART + "\udc80"  # what os.environ gives for a byte that is not UTF-8
LONE_SURROGATE_KEY = "lone-surrogate-key-4c5b6a\udc80"

BAD_CREDENTIALS: dict[str, tuple[Any, Any, str]] = {
    "empty-key": ("", SECRET, "api_key must be a non-empty string"),
    "blank-key": ("   ", SECRET, "api_key must be a non-empty string"),
    "no-key": (None, SECRET, "api_key must be a non-empty string"),
    "empty-secret": (KEY, "", "api_secret must be a non-empty string"),
    "blank-secret": (KEY, " \t\n", "api_secret must be a non-empty string"),
    "bytes-secret": (KEY, SECRET.encode(), "api_secret must be a non-empty string"),
    "key-with-a-lone-surrogate": (LONE_SURROGATE_KEY, SECRET, "api_key must be printable ASCII"),
    "secret-with-a-lone-surrogate": (KEY, LONE_SURROGATE_SECRET, "api_secret cannot be encoded as UTF-8"),
}


def package_texts(error: BaseException) -> Iterator[str]:
    """What the package's own part of a failure shows: message, repr, args, the chain, and the
    locals of every frame of the package (the test's own frames hold the credentials it passed)."""
    yield str(error)
    yield repr(error)
    yield repr(error.args)
    for exc in _chain(traceback.TracebackException.from_exception(error, capture_locals=True)):
        yield "".join(exc.format_exception_only())
        for frame in exc.stack:
            if "nami_client" in frame.filename:
                yield f"{frame.name} {frame.locals!r}"


def _chain(first: traceback.TracebackException) -> Iterator[traceback.TracebackException]:
    exc: traceback.TracebackException | None = first
    while exc is not None:
        yield exc
        exc = exc.__cause__ or exc.__context__


@pytest.mark.parametrize("case", BAD_CREDENTIALS, ids=str)
def test_unusable_credentials_are_refused_when_the_client_is_built(case: str) -> None:
    key, secret, message = BAD_CREDENTIALS[case]
    with pytest.raises(SigningError, match=message) as caught:
        signed_client("https://nami.exchange", api_key=key, api_secret=secret)
    texts = list(package_texts(caught.value))
    assert len(texts) >= 4 and any(frame.startswith("signed_client") for frame in texts)
    for text in texts:
        for shown in (SECRET, KEY, ASCII_PART, "lone-surrogate-key-4c5b6a"):
            assert shown not in text, (shown, text)
    assert caught.value.__cause__ is None and caught.value.__context__ is None


def test_a_secret_with_a_lone_surrogate_shows_nowhere_in_the_whole_traceback() -> None:
    with pytest.raises(SigningError) as caught:
        signed_client(api_key=KEY, api_secret=LONE_SURROGATE_SECRET)
    checked = assert_clean(texts_of(caught.value), secret=ASCII_PART)  # outside an assert: pytest keeps its operands
    assert checked == 3

"""Get Open Orders on the mock: one finite book per API key, listed and cancelled consistently, the
query signed and checked exactly, and every bad query refused in the envelope."""

from __future__ import annotations

import asyncio
import random
import time
from dataclasses import dataclass

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from nami_client.signing import canonical_query
from nami_client.testing.book import SYMBOLS, seeded_orders
from nami_client.testing.faults import CONTRACT_FAULTS, OPEN_ORDERS_FAULTS, Fault
from nami_client.testing.query import parse_query
from nami_client.testing.refusals import Rejected
from starlette.testclient import TestClient

from tests.conftest import NodeSigner
from tests.mock_requests import (
    HEADERS,
    KEY,
    ORDER_KEYS,
    ORDERS,
    SCHEMAS,
    SECRET,
    list_open,
    listed,
    mock_client,
    now_ms,
    send,
    signed,
    signed_query,
)
from tests.signatures import with_signature
from tools.process import mock_env, running_mock
from tools.spec import OPEN_ORDERS_PATH, OPERATION_PATH

SEEDED = seeded_orders(50)
KEY_2, SECRET_2 = "second-key", "second-secret"


def everything(client: TestClient) -> list[tuple[int, str]]:
    return listed(list_open(client, signed_query({})))


# Listing and filtering


def test_lists_the_seeded_open_orders_the_same_way_every_time(client: TestClient) -> None:
    response = list_open(client, signed_query({}))
    assert response.status_code == 200
    orders = response.json()["data"]["orders"]  # the current published shape, by default
    assert listed(response) == SEEDED
    assert listed(response)[:2] == ORDER_KEYS  # the spec's examples
    assert {order["status"] for order in orders} == {"NEW"}
    assert {order["symbol"] for order in orders} == set(SYMBOLS)
    with mock_client() as another:
        assert list_open(another, signed_query({})).json() == response.json()


def test_the_number_of_orders_and_the_answer_shape_are_settings() -> None:
    with mock_client(open_orders=1000, open_orders_shape="list") as test_client:
        response = list_open(test_client, signed_query({}))
    assert isinstance(response.json()["data"], list)  # the older published shape
    assert listed(response) == seeded_orders(1000)
    with mock_client(open_orders=0) as empty:
        assert everything(empty) == []


@pytest.mark.parametrize("pair", SYMBOLS)
def test_filter_by_pair_lists_that_pair_only(client: TestClient, pair: str) -> None:
    orders = listed(list_open(client, signed_query({"filterByPair": pair})))
    assert orders == [key for key in SEEDED if key[1] == pair] != []


@pytest.mark.parametrize("pair", ["XRPUSDT", "btcusdt", "BTC/USD", "BTC USDT", "é" * 32])
def test_a_pair_without_open_orders_lists_none(client: TestClient, pair: str) -> None:
    response = list_open(client, signed_query({"filterByPair": pair}))
    assert (response.status_code, listed(response)) == (200, [])


# One book: what is cancelled is never listed again


def test_a_cancelled_order_is_never_listed_again(client: TestClient) -> None:
    assert len(send(client, signed(ORDERS)).json()["data"]) == 2
    assert everything(client) == SEEDED[2:]
    eth = listed(list_open(client, signed_query({"filterByPair": "ETHUSDT"})))
    assert eth == [key for key in SEEDED[2:] if key[1] == "ETHUSDT"]
    assert send(client, signed(ORDERS)).json()["data"] == []  # nothing left to cancel
    assert everything(client) == SEEDED[2:]


def test_a_cancel_of_orders_not_listed_changes_nothing(client: TestClient) -> None:
    strangers = {"orders": [{"displayingId": 435372, "symbol": "ETHUSDT"}, {"displayingId": 1, "symbol": "BTCUSDT"}]}
    assert send(client, signed(strangers)).json()["data"] == []
    assert send(client, signed(ORDERS, secret="not-the-secret")).status_code == 401
    assert everything(client) == SEEDED


def test_each_api_key_has_a_book_of_its_own() -> None:
    with mock_client(extra_accounts=((KEY_2, SECRET_2),)) as test_client:
        first = everything(test_client)
        second = listed(list_open(test_client, signed_query({}, secret=SECRET_2), key=KEY_2))
        assert (first, second) == (SEEDED, seeded_orders(50, account=1))
        assert not set(first) & set(second)
        # The second key cannot cancel the first key's orders, and each key needs its own secret.
        as_second = {**HEADERS, "x-api-key": KEY_2}
        assert send(test_client, signed(ORDERS, secret=SECRET_2), as_second).json()["data"] == []
        assert send(test_client, signed(ORDERS, secret=SECRET_2)).status_code == 401
        assert list_open(test_client, signed_query({}), key=KEY_2).status_code == 401
        own = {"orders": [{"displayingId": second[0][0], "symbol": second[0][1]}]}
        assert len(send(test_client, signed(own, secret=SECRET_2), as_second).json()["data"]) == 1
        assert everything(test_client) == first
        assert listed(list_open(test_client, signed_query({}, secret=SECRET_2), key=KEY_2)) == second[1:]


# The signature and the timestamp


def _query(params: dict[str, str]) -> str:
    return "&".join(f"{name}={value}" for name, value in params.items())


def _upper_signature(query: str) -> str:
    return query[:-64] + query[-64:].upper()


def _reordered() -> str:
    filter_by_pair, timestamp, signature = signed_query({"filterByPair": "BTCUSDT"}).split("&")
    return "&".join([timestamp, filter_by_pair, signature])


REFUSED = {
    "wrong-secret": (lambda: signed_query({}, secret="not-the-secret"), 401, "bad signature"),
    "value-changed": (lambda: signed_query({"filterByPair": "BTCUSDT"}).replace("BTC", "ETH"), 401, "bad signature"),
    "reordered": (_reordered, 401, "bad signature"),
    "stale": (lambda: signed_query({}, timestamp=now_ms() - 11_000), 401, "from server time"),
    "future": (lambda: signed_query({}, timestamp=now_ms() + 11_000), 401, "from server time"),
    "no-signature": (lambda: f"timestamp={now_ms()}", 400, "signature: required"),
    "uppercase-signature": (lambda: _upper_signature(signed_query({})), 400, "signature: required"),
    "signature-newline": (lambda: signed_query({}) + "%0A", 400, "signature: required"),
    "no-timestamp": (lambda: canonical_query(with_signature({}, SECRET)), 400, '"timestamp" is a required property'),
    "letters-in-timestamp": (lambda: signed_query({}, timestamp="12a"), 400, "timestamp"),
    "timestamp-newline": (lambda: signed_query({}, timestamp=f"{now_ms()}\n"), 400, "timestamp"),
    "17-digit-timestamp": (lambda: signed_query({}, timestamp="1" * 17), 400, "timestamp"),
    "negative-timestamp": (lambda: signed_query({}, timestamp=-1), 400, "timestamp"),
    "pair-too-long": (lambda: signed_query({"filterByPair": "B" * 33}), 400, "filterByPair"),
    "empty-pair": (lambda: signed_query({"filterByPair": ""}), 400, "filterByPair"),
}


@pytest.mark.parametrize(("make_query", "status", "message"), REFUSED.values(), ids=REFUSED)
def test_bad_signatures_and_timestamps_are_refused(
    client: TestClient, make_query: object, status: int, message: str
) -> None:
    assert callable(make_query)
    response = list_open(client, make_query())
    assert response.status_code == status
    assert message in response.json()["message"]


@pytest.mark.parametrize(("key", "message"), [("", "missing x-api-key header"), ("other-key", "unknown API key")])
def test_an_unknown_key_is_refused(client: TestClient, key: str, message: str) -> None:
    response = list_open(client, signed_query({}), key=key)
    assert (response.status_code, response.json()["message"]) == (401, message)


def test_the_signature_covers_the_parameters_in_the_order_sent(client: TestClient) -> None:
    params = {"timestamp": str(now_ms()), "filterByPair": "SOLUSDT"}
    signature = with_signature(params, SECRET)["signature"]
    # `signature` may stand anywhere; the others are signed in the order they come.
    query = _query({"timestamp": params["timestamp"], "signature": signature, "filterByPair": "SOLUSDT"})
    assert listed(list_open(client, query)) == [key for key in SEEDED if key[1] == "SOLUSDT"]


def test_names_and_values_are_read_percent_decoded(client: TestClient) -> None:
    signed_plainly = signed_query({"filterByPair": "BTCUSDT"})
    encoded = signed_plainly.replace("filterByPair=BTCUSDT", "filter%42yPair=BTC%55SDT")
    assert listed(list_open(client, encoded)) == [key for key in SEEDED if key[1] == "BTCUSDT"]
    spaced = signed_query({"filterByPair": "BTC USDT"})  # signed as "BTC+USDT"
    assert list_open(client, spaced.replace("BTC+USDT", "BTC%20USDT")).status_code == 200


# Abuse: queries that are too long, oddly encoded, repeated or unknown


def test_a_huge_query_string_is_refused_before_anything_else(client: TestClient) -> None:
    response = list_open(client, signed_query({}) + "&x=" + "a" * 10_000, key="")
    assert response.status_code == 400
    assert response.json()["message"] == "query string longer than 2048 bytes"


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("filterByPair=A&filterByPair=B", "'filterByPair' given more than once"),
        ("signature=x&signature=y", "'signature' given more than once"),
        ("recvWindow=5000", "unknown query parameter 'recvWindow'; this endpoint takes filterByPair, timestamp"),
        ("=x", "unknown query parameter ''"),
        ("FilterByPair=BTCUSDT", "unknown query parameter 'FilterByPair'"),
        ("%ED%A0%80=1", "unknown query parameter '\ufffd\ufffd\ufffd'"),
        ("filterByPair[]=BTCUSDT", "unknown query parameter 'filterByPair[]'"),
        ("x" * 100 + "=1", "unknown query parameter 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx'…"),
    ],
)
def test_repeated_and_unknown_parameters_are_refused(client: TestClient, query: str, message: str) -> None:
    response = list_open(client, f"{signed_query({})}&{query}")
    assert response.status_code == 400
    assert message in response.json()["message"]


def test_a_lone_surrogate_percent_encoding_is_read_as_replacement_characters(client: TestClient) -> None:
    # %ED%A0%80 is the UTF-8 form of the surrogate U+D800: invalid, so it decodes to three U+FFFD.
    as_read = signed_query({"filterByPair": "\ufffd" * 3})
    query = as_read.replace("%EF%BF%BD" * 3, "%ED%A0%80")
    assert (list_open(client, query).status_code, listed(list_open(client, query))) == (200, [])
    # Signed over the surrogate itself, as a client might: one U+FFFD (JavaScript's USVString), not three.
    signed_over_surrogate = signed_query({"filterByPair": "\ud800"}).replace("%EF%BF%BD", "%ED%A0%80")
    assert list_open(client, signed_over_surrogate).json()["message"] == "bad signature"
    in_signature = signed_query({})[:-3] + "%ED%A0%80"
    assert list_open(client, in_signature).json()["message"] == "signature: required, 64 lowercase hex digits"


@pytest.mark.parametrize(
    ("sent", "read"),
    [("%zz", "%zz"), ("100%", "100%"), ("%C3", "\ufffd"), ("a%2", "a%2"), ("%00", "\x00"), ("+", " "), ("%2B", "+")],
)
def test_odd_percent_encodings_are_read_as_javascript_reads_them(client: TestClient, sent: str, read: str) -> None:
    timestamp = str(now_ms())
    signature = with_signature({"filterByPair": read, "timestamp": timestamp}, SECRET)["signature"]
    response = list_open(client, _query({"filterByPair": sent, "timestamp": timestamp, "signature": signature}))
    assert (response.status_code, listed(response)) == (200, [])


@pytest.mark.parametrize("raw", [b"a=\xff", b"a=\xc3\xa9", b"a=b c", b"a=\tb", b"a=\x7f"])
def test_a_query_with_bytes_a_url_may_not_hold_is_refused(raw: bytes) -> None:
    with pytest.raises(Rejected, match="percent-encode it"):
        parse_query(raw, 2048)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(query=st.text(alphabet="abAB09=&%+-_.~!*'();:@$,/?#[]\u00e9", max_size=80))
def test_no_unsigned_query_makes_it_fail(client: TestClient, query: str) -> None:
    response = list_open(client, query)
    assert 400 <= response.status_code < 500
    assert response.json()["status"] in ("INVALID_REQUEST", "UNAUTHORIZED")


QUERY_TEXT = st.lists(
    st.sampled_from(["a", "B", "=", "&", "+", "%", "%2", "%41", "%3D", "%26", "%2B", "%C3%A9", "%ED%A0%80", "%F0%9F"]),
    max_size=20,
).map("".join)


@settings(max_examples=200, deadline=None)
@given(query=QUERY_TEXT)
def test_queries_are_read_exactly_as_url_search_params_reads_them(node_signer: NodeSigner, query: str) -> None:
    assert parse_query(query.encode(), 2048) == node_signer.parse_query(query)


# Other methods and paths on the new endpoint


def test_other_methods_on_the_open_orders_get_405_in_the_envelope(client: TestClient) -> None:
    response = client.request("DELETE", f"{OPEN_ORDERS_PATH}?{signed_query({})}", headers=HEADERS)
    assert response.status_code == 405
    assert "GET" in response.headers["allow"].split(", ")
    assert not SCHEMAS.errors(SCHEMAS.response_validators[400], response.json())


def test_a_trailing_slash_is_another_path(client: TestClient) -> None:
    response = client.get(f"{OPEN_ORDERS_PATH}/?{signed_query({})}", headers=HEADERS, follow_redirects=False)
    assert (response.status_code, response.json()["status"]) == (404, "NOT_FOUND")


# Planted faults of Get Open Orders: each misbehaves as planted; Delete All Orders stays faithful.


def test_list_no_signature_check_lists_for_a_forged_query() -> None:
    with mock_client(fault=Fault.LIST_NO_SIGNATURE_CHECK) as test_client:
        assert listed(list_open(test_client, signed_query({}, secret="forged"))) == SEEDED
        assert send(test_client, signed(ORDERS, secret="forged")).status_code == 401


def test_list_shows_cancelled_lists_cancelled_orders_as_open() -> None:
    with mock_client(fault=Fault.LIST_SHOWS_CANCELLED) as test_client:
        assert len(send(test_client, signed(ORDERS)).json()["data"]) == 2
        response = list_open(test_client, signed_query({}))
        assert listed(response)[:2] == ORDER_KEYS
        assert response.json()["data"]["orders"][0]["status"] == "NEW"


def test_list_ignores_filter_lists_every_pair() -> None:
    with mock_client(fault=Fault.LIST_IGNORES_FILTER) as test_client:
        assert listed(list_open(test_client, signed_query({"filterByPair": "ETHUSDT"}))) == SEEDED


def test_list_shape_drift_answers_neither_published_shape() -> None:
    with mock_client(fault=Fault.LIST_SHAPE_DRIFT) as test_client:
        response = test_client.get(f"{OPEN_ORDERS_PATH}?{signed_query({})}", headers=HEADERS)
        assert response.status_code == 200
        assert len(response.json()["data"]["list"]) == len(SEEDED)
        assert SCHEMAS.errors(SCHEMAS.answers_of(OPEN_ORDERS_PATH, "get")[200], response.json())
        assert send(test_client, signed(ORDERS)).status_code == 200  # checked against the spec by send


def test_list_bad_error_envelope_answers_errors_in_another_shape() -> None:
    with mock_client(fault=Fault.LIST_BAD_ERROR_ENVELOPE) as test_client:
        response = test_client.get(f"{OPEN_ORDERS_PATH}?recvWindow=1", headers=HEADERS)
        assert response.status_code == 400
        assert set(response.json()) == {"statusCode", "message", "error"}
        assert SCHEMAS.errors(SCHEMAS.answers_of(OPEN_ORDERS_PATH, "get")[400], response.json())
        assert send(test_client, b"{").status_code == 400  # the DELETE's errors keep the envelope


def test_list_unknown_orders_lists_what_the_delete_cannot_cancel() -> None:
    with mock_client(fault=Fault.LIST_UNKNOWN_ORDERS) as test_client:
        shown = listed(list_open(test_client, signed_query({"filterByPair": "BTCUSDT"})))
        assert shown and not set(shown) & set(SEEDED)
        asked = {"orders": [{"displayingId": i, "symbol": symbol} for i, symbol in shown[:2]]}
        assert send(test_client, signed(asked)).json()["data"] == []  # unknown to the DELETE
        assert send(test_client, signed(ORDERS)).json()["data"]  # the seeded ones it does cancel


@pytest.mark.parametrize("fault", [f for f in CONTRACT_FAULTS if f not in OPEN_ORDERS_FAULTS], ids=str)
def test_the_delete_faults_leave_the_listing_faithful(fault: Fault) -> None:
    with mock_client(fault=fault) as test_client:
        assert listed(list_open(test_client, signed_query({"filterByPair": "BTCUSDT"})))[0] == ORDER_KEYS[0]


# Concurrent clients over sockets: cancels race for the same orders while listings run beside them.

CONCURRENT_ORDERS = 600  # over STREAMED_ORDERS: a full listing is streamed in pieces
CANCELLERS, LISTERS, CHUNK = 6, 3, 50


@dataclass(frozen=True)
class Timed:
    """What one request sent and got, with when it was sent and when its answer was in."""

    sent: float
    done: float
    orders: frozenset[tuple[int, str]]
    pair: str | None = None


async def _cancel(client: httpx.AsyncClient, chunk: list[tuple[int, str]], pad: bool) -> Timed:
    """A signed cancel of `chunk`; padded past OFF_LOOP_BYTES, its body is checked in a worker thread."""
    body = signed({"orders": [{"displayingId": i, "symbol": s} for i, s in chunk]})
    content = body[:-1] + b" " * (70_000 if pad else 0) + b"}"
    sent = time.monotonic()
    response = await client.request("DELETE", OPERATION_PATH, content=content, headers=HEADERS)
    assert response.status_code == 200, response.text[:300]
    cancelled = frozenset((o["displayingId"], o["symbol"]) for o in response.json()["data"])
    return Timed(sent, time.monotonic(), cancelled)


async def _list(client: httpx.AsyncClient, pair: str | None) -> Timed:
    sent = time.monotonic()
    response = await client.get(OPEN_ORDERS_PATH, params=signed_query({"filterByPair": pair} if pair else {}))
    assert response.status_code == 200, response.text[:300]
    assert all(order["status"] == "NEW" for order in response.json()["data"]["orders"])
    return Timed(sent, time.monotonic(), frozenset(listed(response)), pair)


async def _race(url: str, orders: list[tuple[int, str]]) -> tuple[list[Timed], list[Timed], list[Timed]]:
    """Every canceller asks for every order, in an order of its own; listers list until they are done."""
    cancels: list[Timed] = []
    listings: list[Timed] = []
    done = asyncio.Event()

    async def canceller(number: int) -> None:
        mine = random.Random(number).sample(orders, len(orders))
        async with httpx.AsyncClient(base_url=url, timeout=30) as client:
            for start in range(0, len(mine), CHUNK):
                cancels.append(await _cancel(client, mine[start : start + CHUNK], pad=number % 2 == 1))

    async def lister(pair: str | None) -> None:
        async with httpx.AsyncClient(base_url=url, headers={"x-api-key": KEY}, timeout=30) as client:
            for _ in range(100):  # bounded; they stop when the cancellers are done
                listings.append(await _list(client, pair))
                if done.is_set():
                    return

    async def cancellers() -> None:
        await asyncio.gather(*(canceller(number) for number in range(CANCELLERS)))
        done.set()

    await asyncio.gather(cancellers(), *(lister(pair) for pair in [None, "BTCUSDT", None][:LISTERS]))
    async with httpx.AsyncClient(base_url=url, headers={"x-api-key": KEY}, timeout=30) as client:
        final = [await _list(client, None)]
    return cancels, listings, final


def test_concurrent_cancels_and_listings_stay_consistent() -> None:
    env = mock_env(KEY, SECRET, NAMI_MOCK_OPEN_ORDERS="600")
    orders = seeded_orders(CONCURRENT_ORDERS)
    with running_mock(env) as url:
        cancels, listings, final = asyncio.run(_race(url, orders))
    # Every order was asked for by every canceller, and reported cancelled by exactly one answer.
    reported = [key for cancel in cancels for key in cancel.orders]
    assert sorted(reported) == sorted(orders)
    assert final[0].orders == frozenset()
    for listing in listings:
        assert listing.orders <= {key for key in orders if listing.pair in (None, key[1])}
        # No listing sent after a cancel's answer came back shows an order that cancel reported.
        for cancel in cancels:
            if cancel.done < listing.sent:
                assert not listing.orders & cancel.orders
        # Orders only ever leave the book: a later listing of the same pair lists no order an earlier one did not.
        for earlier in listings:
            if earlier.pair == listing.pair and earlier.done < listing.sent:
                assert listing.orders <= earlier.orders
    assert len(listings) >= LISTERS and any(0 < len(listing.orders) < 600 for listing in listings)

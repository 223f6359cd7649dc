"""The harness re-signs only schema-valid signing fields, so negative cases stay negative; a query is sent
exactly as it is signed."""

from __future__ import annotations

import hashlib
import hmac
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from nami_client.signing import sign

from tests.conftest import NodeSigner
from tests.signatures import signature_valid, with_signature
from tools.contract.signing import (
    only_signing_fields_broken,
    query_signature,
    query_string,
    read_query,
    resign,
    resign_query,
)

SECRET, NOW = "harness-secret", 1_795_000_000_000
ORDERS = [{"displayingId": 1, "symbol": "BTCUSDT"}]


def verifies(body: dict[str, Any]) -> bool:
    return bool(body["signature"] == sign({k: v for k, v in body.items() if k != "signature"}, SECRET))


@pytest.mark.parametrize(("timestamp", "fresh"), [(0, NOW), ("12", str(NOW)), (553.0, NOW)])
def test_valid_fields_are_refreshed_and_signed(timestamp: Any, fresh: Any) -> None:
    body = resign({"orders": ORDERS, "timestamp": timestamp, "signature": "0" * 64}, SECRET, NOW)
    assert body["timestamp"] == fresh and type(body["timestamp"]) is type(fresh)
    assert verifies(body)
    assert list(body) == ["orders", "timestamp", "signature"]


@pytest.mark.parametrize("timestamp", ["12a", "12\n", 2**53, -1, None, True, "", "1" * 17])
def test_an_invalid_timestamp_is_sent_as_generated(timestamp: Any) -> None:
    body = resign({"orders": ORDERS, "timestamp": timestamp, "signature": "0" * 64}, SECRET, NOW)
    assert body["timestamp"] == timestamp


@pytest.mark.parametrize("signature", ["A" * 64, "0" * 63, 7, None])
def test_an_invalid_signature_is_sent_as_generated(signature: Any) -> None:
    body = resign({"orders": ORDERS, "timestamp": 0, "signature": signature}, SECRET, NOW)
    assert body["signature"] == signature


def test_missing_fields_stay_missing() -> None:
    assert resign({"orders": ORDERS}, SECRET, NOW) == {"orders": ORDERS}
    body = resign({"orders": ORDERS, "signature": "f" * 64}, SECRET, NOW)
    assert "timestamp" not in body and verifies(body)


def test_with_signature_signs_the_fields_in_their_order() -> None:
    body = with_signature({"timestamp": 5, "signature": "x", "orders": ORDERS}, SECRET)
    assert list(body) == ["timestamp", "orders", "signature"] and verifies(body)


@pytest.mark.parametrize(
    "broken",
    [
        {"orders": [{"displayingId": 0, "symbol": "BTCUSDT"}]},  # below the minimum
        {"orders": [{"displayingId": 1, "symbol": "A" * 33}]},  # too long
        {"orders": []},  # too few
        {"allowNotification": "false"},  # wrong type
        {"unexpected": 1},  # unknown property
    ],
    ids=["minimum", "maxLength", "minItems", "type", "additionalProperties"],
)
@pytest.mark.parametrize(
    "signing",
    [{"timestamp": "12a", "signature": "A" * 64}, {"signature": 7}, {}],
    ids=["malformed", "wrong-type", "missing"],
)
def test_negative_data_is_sent_freshly_and_truly_signed(broken: dict[str, Any], signing: dict[str, Any]) -> None:
    """A mutation outside the signing fields tests the server's validation, never its signature check."""
    body = resign({"orders": ORDERS, **signing, **broken}, SECRET, NOW)
    assert verifies(body)
    assert body["timestamp"] == (str(NOW) if isinstance(signing.get("timestamp"), str) else NOW)
    assert all(body[key] == value for key, value in broken.items())  # the mutation itself is kept


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ({"orders": ORDERS, "timestamp": 0, "signature": "0" * 64}, False),  # well formed: positive data
        ({"orders": ORDERS, "timestamp": -1, "signature": "0" * 64}, True),
        ({"orders": ORDERS, "timestamp": 0, "signature": "A" * 64}, True),
        ({"orders": ORDERS}, True),
        ({"orders": [], "timestamp": -1, "signature": "A" * 64}, False),  # the data is broken too
        ({"orders": ORDERS, "timestamp": 0, "signature": "0" * 64, "x": 1}, False),
    ],
)
def test_only_requests_broken_in_their_signing_fields_alone_test_authentication(
    body: dict[str, Any], expected: bool
) -> None:
    assert only_signing_fields_broken(body) is expected


# Get Open Orders: the query, signed by the same rule and sent exactly as signed

FRESH = str(NOW)
QUERY = {"filterByPair": "BTCUSDT", "timestamp": "0", "signature": "0" * 64}


def query_verifies(query: dict[str, Any]) -> bool:
    """The signature, sent last, is the HMAC of the query string before it, byte for byte."""
    text = query_string(query)
    unsigned_text, _, signature = text.rpartition("&signature=")
    return signature == hmac.new(SECRET.encode(), unsigned_text.encode(), hashlib.sha256).hexdigest()


def test_a_valid_query_is_refreshed_and_signed_in_the_recipes_order() -> None:
    sent = resign_query({"signature": "f" * 64, "timestamp": "12", "filterByPair": "ETHUSDT"}, SECRET, NOW)
    assert list(sent) == ["filterByPair", "timestamp", "signature"]  # timestamp appended, then signature
    assert sent["timestamp"] == FRESH and query_verifies(sent)
    assert sent["signature"] == sign({"filterByPair": "ETHUSDT", "timestamp": FRESH}, SECRET)  # the package's
    assert signature_valid(dict(read_query(query_string(sent))), SECRET)  # as the mock reads and checks it


@pytest.mark.parametrize("timestamp", ["12a", "12\n", "", "1" * 17, ["1", "2"]])
def test_an_invalid_query_timestamp_is_sent_as_generated(timestamp: Any) -> None:
    sent = resign_query({**QUERY, "timestamp": timestamp}, SECRET, NOW)
    assert sent["timestamp"] == timestamp and query_verifies(sent)


@pytest.mark.parametrize("signature", ["A" * 64, "0" * 63, "", ["0" * 64, "0" * 64]])
def test_an_invalid_query_signature_is_sent_as_generated(signature: Any) -> None:
    sent = resign_query({**QUERY, "signature": signature}, SECRET, NOW)
    assert sent["signature"] == signature and sent["timestamp"] == FRESH


def test_a_query_missing_its_signing_parameters_stays_so() -> None:
    assert resign_query({"filterByPair": "BTCUSDT"}, SECRET, NOW) == {"filterByPair": "BTCUSDT"}
    sent = resign_query({"filterByPair": "BTCUSDT", "signature": "f" * 64}, SECRET, NOW)
    assert "timestamp" not in sent and query_verifies(sent)


@pytest.mark.parametrize(
    "broken",
    [{"filterByPair": "A" * 33}, {"filterByPair": ""}, {"recvWindow": "5000"}, {"filterByPair": ["A", "B"]}],
    ids=["maxLength", "minLength", "unknown", "given-twice"],
)
@pytest.mark.parametrize("signing", [{"timestamp": "12a", "signature": "A" * 64}, {}], ids=["malformed", "missing"])
def test_negative_query_data_is_sent_freshly_and_truly_signed(broken: dict[str, Any], signing: dict[str, Any]) -> None:
    sent = resign_query({**signing, **broken}, SECRET, NOW)
    assert sent["timestamp"] == FRESH and all(sent[key] == value for key, value in broken.items())
    assert list(sent)[-1] == "signature" and query_verifies(sent)


def test_a_list_is_the_parameter_given_once_per_item() -> None:
    assert query_string({"filterByPair": ["A", "B"], "timestamp": "1"}) == "filterByPair=A&filterByPair=B&timestamp=1"
    assert read_query("filterByPair=A&filterByPair=B&timestamp=1") == [
        ("filterByPair", "A"),
        ("filterByPair", "B"),
        ("timestamp", "1"),
    ]


# Names JavaScript would not move to the front of an object's keys (array indices): the query keeps the
# order it is sent in, an object literal would not.
NAMES = st.text(min_size=1, max_size=8).filter(lambda name: not (name.isascii() and name.isdigit()))


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(pair=st.text(max_size=40), extra=st.dictionaries(NAMES, st.text(max_size=8)))
def test_the_query_string_is_url_search_params_byte_for_byte(
    node_signer: NodeSigner, pair: str, extra: dict[str, str]
) -> None:
    """What the harness sends is what Node.js writes and signs, and reads back to the same values."""
    query = {**extra, "filterByPair": pair, "timestamp": FRESH}
    canonical, signature = node_signer(query, SECRET)
    assert query_string(query) == canonical
    assert query_signature(query, SECRET) == signature
    read = node_signer.parse_query(query_string(query))
    assert read == read_query(query_string(query))

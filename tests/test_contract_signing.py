"""The harness re-signs only schema-valid signing fields, so negative cases stay negative."""

from __future__ import annotations

from typing import Any

import pytest
from nami_client.signing import sign

from tests.contract.signing import only_signing_fields_broken, resign
from tests.signatures import with_signature

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

"""The harness re-signs only schema-valid signing fields, so negative cases stay negative."""

from __future__ import annotations

from typing import Any

import pytest
from nami_client.signing import sign

from tests.contract.signing import resign
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


@pytest.mark.parametrize("timestamp", ["12a", 2**53, -1, None, True, "", "1" * 17])
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

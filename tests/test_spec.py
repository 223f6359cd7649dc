"""The spec: valid OpenAPI 3.1, examples that fit, and a client that reads newer servers."""

from __future__ import annotations

import copy
from typing import Any

from nami_client.models import DeleteAllOrdersResponse, OrderSide, OrderStatus

from tests.signatures import signature_valid
from tests.spec import SpecSchemas, example_errors, load_spec
from tests.spec_check import main as spec_check


def test_spec_and_examples_pass_the_check() -> None:
    assert spec_check([]) == 0


def test_a_wrong_example_is_reported() -> None:
    spec = load_spec()
    spec["components"]["schemas"]["DeleteAllOrdersRequest"]["example"]["signature"] = "a1b2c3d4e5f6g7h8i9j0k"
    problems = example_errors(spec)
    assert len(problems) == 1
    assert "DeleteAllOrdersRequest" in problems[0] and "signature" in problems[0]


def _published_200() -> dict[str, Any]:
    operation = load_spec()["paths"]["/api/v4/spot/all_order"]["delete"]
    example: dict[str, Any] = operation["responses"]["200"]["content"]["application/json"]["example"]
    return copy.deepcopy(example)


def test_client_parses_the_published_answer() -> None:
    parsed = DeleteAllOrdersResponse.from_dict(_published_200())
    assert [order.displaying_id for order in parsed.data] == [435372, 435373]
    assert parsed.data[0].side is OrderSide.BUY
    assert parsed.data[1].status is OrderStatus.CANCELED
    assert parsed.data[0].fee_metadata.fee_ratio == 0.001


def test_client_keeps_what_a_newer_server_adds() -> None:
    answer = _published_200()
    answer["data"][0].update(side="BORROW", status="EXPIRED_IN_MATCH", venue="x1")
    assert not SpecSchemas(load_spec()).errors(SpecSchemas(load_spec()).response_validators[200], answer)

    order = DeleteAllOrdersResponse.from_dict(answer).data[0]
    assert order.side == "BORROW" and not isinstance(order.side, OrderSide)
    assert order.status == "EXPIRED_IN_MATCH"
    assert order.additional_properties == {"venue": "x1"}
    assert order.to_dict()["venue"] == "x1"


def test_timestamp_may_be_a_number_or_digits() -> None:
    schemas = SpecSchemas(load_spec())
    body = {"orders": [{"displayingId": 1, "symbol": "BTCUSDT"}], "signature": "0" * 64}
    for timestamp, ok in [(1670000000000, True), ("1670000000000", True), ("16x", False), (2**53, False)]:
        assert (not schemas.errors(schemas.request_validator, {**body, "timestamp": timestamp})) is ok, timestamp


def test_request_example_signature_is_computed_by_the_recipe() -> None:
    example = load_spec()["components"]["schemas"]["DeleteAllOrdersRequest"]["example"]
    assert signature_valid(example, "example-secret")

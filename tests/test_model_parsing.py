"""The generated models read every published shape of an order, keep what they do not know, and
raise `SpecViolation` (a ValueError) for a body that breaks the spec, naming where."""

from __future__ import annotations

import copy
import json
from collections import OrderedDict
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from types import MappingProxyType
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from nami_client import InvalidResponseError, NamiError
from nami_client.api.spot import delete_all_orders
from nami_client.errors import SpecViolation
from nami_client.models import (
    DeleteAllOrdersRequest,
    DeleteAllOrdersResponse,
    ErrorEnvelope,
    FeeMetadata,
    Order,
    OrderMetadata,
    OrderRef,
    OrderSide,
    OrderStatus,
)
from nami_client.types import UNSET

from tests.client_fakes import BODY, ScriptedExchange, answer, client_for
from tools.spec import SpecSchemas, load_spec

PUBLISHED = load_spec()["paths"]["/api/v4/spot/all_order"]["delete"]["responses"]["200"]["content"]["application/json"]
MARKER = "MARKER-value-never-in-a-message"
RESPONSE_200 = SpecSchemas(load_spec()).response_validators[200]


def example(name: str) -> dict[str, Any]:
    value: dict[str, Any] = copy.deepcopy(PUBLISHED["examples"][name]["value"])
    return value


@pytest.mark.parametrize("name", ["published", "fragment", "open-order"])
def test_each_published_shape_parses_through_the_client(name: str) -> None:
    answer_json = example(name)
    result = delete_all_orders.sync(
        client=client_for(ScriptedExchange(answer(200, answer_json)), retry=None), body=BODY
    )
    assert isinstance(result, DeleteAllOrdersResponse)
    assert [order.displaying_id for order in result.data] == [order["displayingId"] for order in answer_json["data"]]
    # Back to JSON, every field is where it was (date-times are written back in Python's ISO form).
    for order, sent in zip(result.data, answer_json["data"], strict=True):
        written = order.to_dict()
        for key in ("createdAt", "updatedAt"):
            if key in sent:
                assert datetime.fromisoformat(written.pop(key)) == datetime.fromisoformat(sent.pop(key))
        assert written == sent


def test_the_open_orders_shape_keeps_its_nulls_and_gaps() -> None:
    (order,) = DeleteAllOrdersResponse.from_dict(example("open-order")).data
    assert order.stop_price is None and order.limit_price is None and order.use_quote_qty is None
    assert order.liquidity_symbol is None
    assert order.liquidity_status is UNSET and order.liquidity_order_id is UNSET
    assert order.executed_type is None and order.oco_order_id is None
    assert order.status is OrderStatus.NEW and order.side is OrderSide.SELL
    assert order.created_at == datetime(2025, 1, 14, 8, 41, 17, 32000, tzinfo=UTC)
    assert isinstance(order.metadata, OrderMetadata) and order.metadata.additional_properties == {}
    fee = order.fee_metadata
    assert isinstance(fee, FeeMetadata)
    assert (fee.fee_mode, fee.origin_base_qty, fee.asset_id, fee.fee_ratio) == (0, 10000, 39, 0.0004)
    assert fee.asset is UNSET and fee.executed is UNSET
    assert order.additional_properties == {}


def test_the_fragment_shape_has_its_extra_fields() -> None:
    (order,) = DeleteAllOrdersResponse.from_dict(example("fragment")).data
    assert order.stop_price is None
    assert (order.executed_price, order.liquidity_transfer_fee, order.limit_price) == (0, 0, 0)
    assert order.internal_error is False
    assert order.updated_at == datetime(2024, 7, 1, 10, 25, 55, 404000, tzinfo=UTC)


def test_unknown_values_and_fields_are_kept() -> None:
    body = example("published")
    body["data"][0].update(side="BORROW", type="ICEBERG", status="EXPIRED", venue={"id": 7})
    body["data"][0]["feeMetadata"]["rebate"] = 0.5
    body["cursor"] = "next"
    parsed = DeleteAllOrdersResponse.from_dict(body)
    order = parsed.data[0]
    assert (order.side, order.type_, order.status) == ("BORROW", "ICEBERG", "EXPIRED")
    assert not isinstance(order.side, OrderSide)
    assert order.additional_properties == {"venue": {"id": 7}}
    assert isinstance(order.fee_metadata, FeeMetadata) and order.fee_metadata["rebate"] == 0.5
    assert parsed.additional_properties == {"cursor": "next"}


def test_each_model_gets_a_dict_of_its_own_for_unknown_fields_and_the_input_stays_as_it_was() -> None:
    """Without unknown fields a model keeps the empty dict attrs gave it (not the emptied copy of its
    input); with them, the fields in their order. Either way a dict of its own, the input untouched."""
    body = example("published")
    first = body["data"][0]
    body["data"] = [first, {**first, "feeMetadata": dict(first["feeMetadata"]), "zeta": 1, "alpha": [2]}]
    sent = copy.deepcopy(body)
    parsed = DeleteAllOrdersResponse.from_dict(body)
    assert body == sent
    plain, extended = parsed.data
    assert plain.additional_properties == {}
    assert list(extended.additional_properties.items()) == [("zeta", 1), ("alpha", [2])]
    assert isinstance(plain.fee_metadata, FeeMetadata) and isinstance(extended.fee_metadata, FeeMetadata)
    dicts = [plain.additional_properties, plain.fee_metadata.additional_properties, parsed.additional_properties]
    dicts += [extended.additional_properties, extended.fee_metadata.additional_properties]
    assert len({id(each) for each in dicts}) == len(dicts)
    assert all(each is not source for each in dicts for source in (body, *body["data"]))
    plain["added"] = True
    assert "added" not in extended and extended.fee_metadata.additional_properties == {}


_FEE_FIELDS: dict[str, tuple[str, st.SearchStrategy[Any]]] = {
    "assetId": ("asset_id", st.integers(-(2**63), 2**63)),
    "asset": ("asset", st.text(max_size=3)),
    "value": ("value", st.floats(allow_nan=False) | st.integers()),
    "feeRatio": ("fee_ratio", st.floats(allow_nan=False)),
    "executed": ("executed", st.integers()),
    "feeMode": ("fee_mode", st.integers()),
    "originBaseQty": ("origin_base_qty", st.floats(allow_nan=False)),
}
_UNKNOWN_KEYS = st.sampled_from(["zeta", "alpha", "feeratio", "", "1"]) | st.integers(0, 3)


@settings(max_examples=200, deadline=None)
@given(data=st.data())
def test_from_dict_reads_each_declared_field_and_keeps_the_others_in_their_order(data: st.DataObject) -> None:
    """Any subset of the declared fields, any unknown ones, in any order, in a dict or another
    mapping: each declared field is the very value given (UNSET when missing), the others are kept
    as given, in the order given; a closed model names the first unknown field."""
    declared = data.draw(st.lists(st.sampled_from(list(_FEE_FIELDS)), unique=True))
    unknown = data.draw(st.lists(_UNKNOWN_KEYS, unique=True, max_size=3))
    keys = data.draw(st.permutations(declared + unknown))
    src: dict[Any, Any] = {key: data.draw(_FEE_FIELDS[key][1]) if key in _FEE_FIELDS else [key] for key in keys}
    given: list[Mapping[Any, Any]] = [src, OrderedDict(src), MappingProxyType(src)]
    for given_as in given:
        fee = FeeMetadata.from_dict(given_as)
        for name, (attribute, _) in _FEE_FIELDS.items():
            assert getattr(fee, attribute) is src.get(name, UNSET)
        assert list(fee.additional_properties.items()) == [(key, src[key]) for key in keys if key in unknown]
    ref: dict[Any, Any] = {key: src[key] for key in keys if key in unknown} | {"displayingId": 1, "symbol": "BTCUSDT"}
    if unknown:
        with pytest.raises(SpecViolation) as raised:
            OrderRef.from_dict(ref)
        assert raised.value.path == (next(key for key in ref if key in unknown),)
    else:
        assert OrderRef.from_dict(ref) == OrderRef(displaying_id=1, symbol="BTCUSDT")


def test_an_integer_written_as_a_whole_float_is_an_integer() -> None:
    body = example("published")
    body["data"][0]["displayingId"] = 435372.0  # JSON Schema's "integer" allows it
    order = DeleteAllOrdersResponse.from_dict(body).data[0]
    assert order.displaying_id == 435372 and type(order.displaying_id) is int


def _set(path: str, value: Any) -> Callable[[dict[str, Any]], None]:
    """A change to the published answer: put `value` at a dotted path (`data.0.price`)."""

    def change(body: dict[str, Any]) -> None:
        *parents, last = path.split(".")
        node: Any = body
        for step in parents:
            node = node[int(step)] if isinstance(node, list) else node[step]
        node[int(last) if isinstance(node, list) else last] = value

    return change


def _drop(path: str) -> Callable[[dict[str, Any]], None]:
    def change(body: dict[str, Any]) -> None:
        *parents, last = path.split(".")
        node: Any = body
        for step in parents:
            node = node[int(step)] if isinstance(node, list) else node[step]
        del node[last]

    return change


BROKEN = [
    (_drop("data.0.symbol"), "data[0].symbol: expected a string, got nothing (the field is missing)"),
    (_drop("data.1.displayingId"), "data[1].displayingId: expected an integer, got nothing (the field is missing)"),
    (_drop("data.1.status"), "data[1].status: expected a string, got nothing (the field is missing)"),
    (_set("data.1.displayingId", MARKER), "data[1].displayingId: expected an integer, got a string"),
    (_set("data.1.displayingId", 435373.5), "data[1].displayingId: expected an integer, got a number"),
    (_set("data.1.displayingId", 2.0**60), "data[1].displayingId: expected an integer, got a number"),
    (_set("data.0.userId", True), "data[0].userId: expected an integer, got a boolean"),
    (_set("data.0.price", True), "data[0].price: expected a number, got a boolean"),
    (_set("data.0.price", MARKER), "data[0].price: expected a number, got a string"),
    (_set("data.0.stopPrice", "0"), "data[0].stopPrice: expected a number or null, got a string"),
    (_set("data.0.useQuoteQty", "false"), "data[0].useQuoteQty: expected a boolean or null, got a string"),
    (_set("data.0.liquidityOrderId", 11779887), "data[0].liquidityOrderId: expected a string, got an integer"),
    (_set("data.0.liquiditySymbol", ["BTC"]), "data[0].liquiditySymbol: expected a string or null, got an array"),
    (_set("data.0.side", 1), "data[0].side: expected a string, got an integer"),
    (_set("data.0.status", None), "data[0].status: expected a string, got null"),
    (_set("data.0.createdAt", MARKER), "data[0].createdAt: expected a date-time string, got a string that is not one"),
    (_set("data.0.createdAt", 1720000000), "data[0].createdAt: expected a date-time string, got an integer"),
    (_set("data.0.feeMetadata", []), "data[0].feeMetadata: expected an object, got an array"),
    (_set("data.0.feeMetadata.value", MARKER), "data[0].feeMetadata.value: expected a number, got a string"),
    (_set("data.1.metadata", "x"), "data[1].metadata: expected an object, got a string"),
    (_set("data.1", MARKER), "data[1]: expected an object, got a string"),
    (_set("data", {"orders": []}), "data: expected an array, got an object"),
    (_drop("data"), "data: expected an array, got nothing (the field is missing)"),
    (_set("status", "error"), "status: expected the constant 'ok', got a string"),
]


@pytest.mark.parametrize(("change", "message"), BROKEN, ids=[message.split(":")[0] for _, message in BROKEN])
def test_a_body_that_breaks_the_spec_raises_where_it_breaks(
    change: Callable[[dict[str, Any]], None], message: str
) -> None:
    body = example("published")
    change(body)
    with pytest.raises(SpecViolation) as caught:
        DeleteAllOrdersResponse.from_dict(body)
    assert str(caught.value) == message
    assert isinstance(caught.value, NamiError) and isinstance(caught.value, ValueError)
    assert MARKER not in str(caught.value) and MARKER not in repr(caught.value)


@pytest.mark.parametrize("body", [[], "ok", None, 3])
def test_a_body_that_is_not_an_object_raises(body: Any) -> None:
    with pytest.raises(SpecViolation, match=r"^\(root\): expected an object"):
        DeleteAllOrdersResponse.from_dict(body)


def test_the_violation_carries_its_parts() -> None:
    body = example("published")
    body["data"][1]["feeMetadata"]["feeRatio"] = "0.1%"
    with pytest.raises(SpecViolation) as caught:
        DeleteAllOrdersResponse.from_dict(body)
    assert caught.value.path == ("data", 1, "feeMetadata", "feeRatio")
    assert (caught.value.expected, caught.value.got) == ("a number", "a string")


def test_error_envelopes_and_requests_are_checked_too() -> None:
    with pytest.raises(SpecViolation, match=r"^data\.requestId: expected a string, got an integer$"):
        ErrorEnvelope.from_dict({"status": "BROKER_ERROR", "code": 6104, "data": {"requestId": 1}, "message": None})
    # A schema with additionalProperties: false (the request) refuses fields it does not list.
    with pytest.raises(SpecViolation, match=r"^orders\[1\]\.price: expected no other field"):
        DeleteAllOrdersRequest.from_dict(
            {"orders": [{"displayingId": 1, "symbol": "BTCUSDT"}, {"displayingId": 2, "symbol": "X", "price": 1}]}
        )
    with pytest.raises(SpecViolation, match=r"^symbol: expected a string, got nothing"):
        OrderRef.from_dict({"displayingId": 1})


def test_a_mapping_that_is_not_a_dict_is_read() -> None:
    from types import MappingProxyType

    order = Order.from_dict(MappingProxyType({"displayingId": 1, "symbol": "BTCUSDT", "status": "CANCELED"}))
    assert (order.displaying_id, order.symbol, order.status) == (1, "BTCUSDT", OrderStatus.CANCELED)
    assert order.price is UNSET


def test_through_the_client_a_broken_200_raises_a_typed_error_naming_the_violation() -> None:
    body = example("published")
    body["data"][1]["price"] = "3500.50"
    client = client_for(ScriptedExchange(answer(200, body)), retry=None)
    with pytest.raises(
        InvalidResponseError, match=r"\(SpecViolation: data\[1\]\.price: expected a number, got a string\)"
    ):
        delete_all_orders.sync(client=client, body=BODY)


def test_a_200_that_is_not_strict_json_is_refused() -> None:
    """Answers are decoded strictly (orjson): NaN is not JSON, so it never reaches a number field."""
    content = json.dumps(example("published")).replace("62877.99", "NaN", 1).encode()
    client = client_for(ScriptedExchange(answer(200, content)), retry=None)
    with pytest.raises(InvalidResponseError, match="JSONDecodeError: unexpected character"):
        delete_all_orders.sync(client=client, body=BODY)


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | st.text(),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=4),
    max_leaves=12,
)
ORDER_FIELDS = [*sorted(example("open-order")["data"][0]), "liquidityStatus", "liquidityOrderId", "asset", "executed"]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    field=st.sampled_from(ORDER_FIELDS),
    value=JSON_VALUES,
    shape=st.sampled_from(["published", "fragment", "open-order"]),
)
def test_any_json_in_any_field_parses_or_raises_the_violation(field: str, value: Any, shape: str) -> None:
    """A hostile server cannot make parsing raise anything but SpecViolation, nor store a wrong type."""
    body = example(shape)
    order = body["data"][0]
    (order["feeMetadata"] if field in ("asset", "executed") else order)[field] = value
    try:
        parsed = DeleteAllOrdersResponse.from_dict(body)
    except SpecViolation as violation:
        assert violation.path[:2] == ("data", 0)
        return
    assert SpecSchemas(load_spec()).errors(RESPONSE_200, body) == []  # what parses fits the spec
    assert set(parsed.data[0].to_dict()) == set(order)  # and loses no field


@settings(max_examples=200, deadline=None)
@given(body=JSON_VALUES)
def test_any_json_as_the_answer_parses_or_raises_the_violation(body: Any) -> None:
    try:
        DeleteAllOrdersResponse.from_dict(body)
    except SpecViolation:
        return
    assert isinstance(body, dict) and body.get("status") == "ok"


def test_spec_violation_is_still_importable_from_its_former_module() -> None:
    from nami_client import errors, parsing

    assert parsing.SpecViolation is errors.SpecViolation

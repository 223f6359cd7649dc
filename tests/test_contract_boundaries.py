"""The boundary cases come from the spec: every limit at its edge and just past it, every field in
forms its schema rules out, each correctly signed, and what the server must answer follows the spec."""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Iterator
from typing import Any

import pytest

from tests.signatures import signature_valid
from tools.contract import boundaries
from tools.contract.boundaries import EDGE, FORM, PAST, Variant
from tools.contract.probes import example_body
from tools.contract.schema_walk import resolved
from tools.contract.signing import query_string, read_query, with_query_signature
from tools.contract.validation import VALIDATORS

SECRET, NOW = "boundary-secret", 1_795_000_000_000
LIMIT_KEYWORDS = ["minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"]
LIMIT_KEYWORDS += ["minLength", "maxLength", "minItems", "maxItems"]


def request_schema() -> Any:
    return VALIDATORS.operation["requestBody"]["content"]["application/json"]["schema"]


def limits_in(spec: dict[str, Any], node: Any) -> Iterator[str]:
    """Every `keyword value` limit under a schema, found by a walk of its own."""
    node = resolved(spec, node)
    if isinstance(node, dict):
        for keyword in LIMIT_KEYWORDS:
            if keyword in node:
                yield f"{keyword} {node[keyword]}"
        if "pattern" in node:
            yield f"pattern {node['pattern']}"
        children = [*node.get("properties", {}).values(), *node.get("oneOf", []), *node.get("anyOf", [])]
        children += [node["items"]] if "items" in node else []
        for child in children:
            yield from limits_in(spec, child)


@pytest.fixture(scope="module")
def variants() -> list[Variant]:
    return boundaries.derive(VALIDATORS.spec, request_schema(), example_body())


def built(variant: Variant) -> dict[str, Any]:
    return boundaries.build(variant, example_body(), SECRET, NOW)


def expected(variant: Variant) -> boundaries.Expectation:
    return boundaries.expectation(VALIDATORS, variant, built(variant), NOW)


def the_variant(variants: list[Variant], where: str, label: str) -> Variant:
    """The one variant of that field with that label."""
    (variant,) = [v for v in variants if v.where == where and v.label == label]
    return variant


def assert_expected(expectation: boundaries.Expectation, check: str, statuses: set[int] | None) -> None:
    assert expectation.check == check
    assert expectation.statuses == (None if statuses is None else frozenset(statuses))


def test_every_limit_of_the_request_schema_is_tried_at_its_edge_and_just_past(variants: list[Variant]) -> None:
    limits = set(limits_in(VALIDATORS.spec, request_schema()))
    assert len(limits) >= 9  # orders, the ids, symbol lengths, timestamp bounds and pattern, signature pattern
    for limit in limits:
        kinds = {variant.kind for variant in variants if limit in variant.label}
        assert {EDGE, PAST} <= kinds, limit
        at_edge = [v for v in variants if limit in v.label and v.kind == EDGE]
        just_past = [v for v in variants if limit in v.label and v.kind == PAST]
        assert any(expected(v).check != boundaries.LIMITS for v in at_edge), limit
        assert all(expected(v).check == boundaries.LIMITS for v in just_past), limit


def test_every_limit_is_also_tried_far_past_and_numbers_with_the_other_sign(variants: list[Variant]) -> None:
    """A server checking the wrong thing (truthiness instead of `>= 1`, a length cap that wraps) refuses
    the value next to the edge and takes one far from it."""
    far = {v.label: boundaries.value_at(built(v), v.path) for v in variants if "far past" in v.label}
    assert far["far past minimum 1"] == 1 - 1_000_000  # displayingId, below zero too
    assert far["far past maximum 9007199254740991"] >= 9007199254740991 * 1000
    assert len(far["1200 items, far past (maxItems 200)"]) == 1200
    assert len(far["1032 ASCII characters, far past (maxLength 32)"]) == 1032
    other_sign = [v for v in variants if "with the other sign" in v.label]
    assert {boundaries.value_at(built(v), v.path) for v in other_sign} == {-1, -9007199254740991}
    for variant in [v for v in variants if "far past" in v.label] + other_sign:
        assert variant.kind == PAST and expected(variant).check == boundaries.LIMITS, variant.label


def test_lengths_are_counted_in_code_points_with_astral_characters(variants: list[Variant]) -> None:
    astral = [v for v in variants if "astral" in v.label and "maxLength" in v.label]
    assert astral
    for variant in astral:
        value = boundaries.value_at(built(variant), variant.path)
        limit = int(variant.label.rsplit(" ", 1)[1].rstrip(")"))
        assert len(value.encode("utf-16-le")) // 2 > len(value)  # more UTF-16 units than code points
        if variant.kind == EDGE:
            assert len(value) == limit and expected(variant).check == boundaries.ACCEPTED
        else:
            assert len(value) == limit + 1 and expected(variant).check == boundaries.LIMITS


@pytest.mark.parametrize(
    "where", ["orders", "orders/0", "orders/0/displayingId", "orders/0/symbol", "allowNotification", "timestamp"]
)
def test_every_field_is_tried_in_forms_its_schema_rules_out(variants: list[Variant], where: str) -> None:
    ruled_out = [v for v in variants if v.where == where and v.kind == FORM and expected(v).check == boundaries.FORMS]
    values = {repr(boundaries.value_at(built(v), v.path)) for v in ruled_out}
    assert "None" in values and len(values) >= 5, values


def test_the_timestamp_is_tried_in_ruled_out_forms_of_the_current_time(variants: list[Variant]) -> None:
    """Fresh values a lenient parser would take: only a server enforcing the form refuses them."""
    fresh_but_ruled_out = set()
    for variant in variants:
        value = boundaries.value_at(built(variant), variant.path)
        if variant.path == ("timestamp",) and expected(variant).check != boundaries.ACCEPTED:
            try:
                if abs(float(value) - NOW) < 1:
                    fresh_but_ruled_out.add(repr(value))
            except (TypeError, ValueError):
                pass
    assert {repr(NOW + 0.5), repr(f"0000{NOW}"), repr(f" {NOW}"), repr(f"+{NOW}")} <= fresh_but_ruled_out


def test_every_case_is_correctly_signed_and_fresh_but_for_its_own_field(variants: list[Variant]) -> None:
    for variant in variants:
        body = built(variant)
        if variant.path[0] != "signature":
            assert signature_valid(body, SECRET), variant
        if variant.path[0] != "timestamp":
            assert body["timestamp"] == NOW, variant


@pytest.mark.parametrize(
    ("where", "label", "check", "statuses"),
    [
        ("orders", "201 items (maxItems 200)", boundaries.LIMITS, {400}),
        ("orders", "200 items (maxItems 200)", boundaries.ACCEPTED, None),
        ("orders", "0 items (minItems 1)", boundaries.LIMITS, {400}),
        ("orders/0/symbol", "32 astral characters (maxLength 32)", boundaries.ACCEPTED, None),
        ("orders/0/displayingId", "a fraction", boundaries.FORMS, {400}),
        ("orders/0/displayingId", "an integral float", boundaries.ACCEPTED, None),
        ("timestamp", "minimum 0", boundaries.WINDOW, {401, 403}),
        ("timestamp", "an hour ahead", boundaries.WINDOW, {401, 403}),
        (
            "timestamp",
            "17 '0'-padded characters (pattern ^[0-9]{1,16}$, at most 16)",
            boundaries.LIMITS,
            {400, 401, 403},
        ),
        ("timestamp", "16 '0'-padded characters (pattern ^[0-9]{1,16}$, at most 16)", boundaries.ACCEPTED, None),
        ("signature", "its text upper-cased", boundaries.FORMS, {400, 401, 403}),
        ("orders", "missing", boundaries.FORMS, {400}),
        ("x-unknown-property", "an unknown property", boundaries.FORMS, {400}),
    ],
)
def test_what_the_server_must_answer_follows_the_spec(
    variants: list[Variant], where: str, label: str, check: str, statuses: set[int] | None
) -> None:
    assert_expected(expected(the_variant(variants, where, label)), check, statuses)


def test_a_request_schema_without_limits_gives_only_forms() -> None:
    spec: dict[str, Any] = {"components": {"schemas": {}}}
    schema = {"type": "object", "properties": {"note": {"type": "string"}}}
    derived = boundaries.derive(spec, schema, {"note": "x"})
    assert {v.kind for v in derived if v.where == "note"} == {FORM}


@pytest.mark.parametrize(
    ("pattern", "lengths"),
    [("^[0-9]{1,16}$", (1, 16, "0")), ("^[0-9a-f]{64}$", (64, 64, "0")), ("^\\d{3,}$", (3, None, "0"))],
)
def test_lengths_are_read_from_repeated_class_patterns(pattern: str, lengths: tuple[int, int | None, str]) -> None:
    assert boundaries.pattern_lengths(pattern) == lengths


@pytest.mark.parametrize("pattern", ["^[A-Z]+$", "^a{2}b$", "[0-9]{3}"])
def test_other_patterns_give_no_lengths(pattern: str) -> None:
    assert boundaries.pattern_lengths(pattern) is None


# Get Open Orders' query: the same walk over its parameters, sent as query strings


@pytest.fixture(scope="module")
def query_variants() -> list[Variant]:
    schema, example = boundaries.query_example(VALIDATORS)
    return boundaries.derive_query(VALIDATORS.spec, schema, example)


def built_query(variant: Variant) -> str:
    example = boundaries.query_example(VALIDATORS)[1]
    return query_string(boundaries.build(variant, example, SECRET, NOW, with_query_signature))


def expected_of_query(variant: Variant) -> boundaries.Expectation:
    return boundaries.query_expectation(VALIDATORS, variant, built_query(variant), NOW)


def test_every_limit_of_the_query_is_tried_at_its_edge_and_just_past(query_variants: list[Variant]) -> None:
    limits = set(limits_in(VALIDATORS.spec, VALIDATORS.query_schema()))
    assert {"minLength 1", "maxLength 32", "pattern ^[0-9]{1,16}$", "pattern ^[0-9a-f]{64}$"} <= limits
    for limit in limits:
        just_past = [v for v in query_variants if limit in v.label and v.kind == PAST]
        assert just_past and all(expected_of_query(v).check == boundaries.LIMITS for v in just_past), limit
        at_edge = [v for v in query_variants if limit in v.label and v.kind == EDGE]
        assert any(expected_of_query(v).check != boundaries.LIMITS for v in at_edge), limit


def test_every_query_case_is_signed_as_sent_and_fresh_but_for_its_own_parameter(
    query_variants: list[Variant],
) -> None:
    for variant in query_variants:
        text = built_query(variant)
        read = read_query(text)
        unsigned_text, _, signature = text.rpartition("&signature=")
        if variant.path[0] != "signature":
            assert read[-1][0] == "signature", variant
            assert signature == hmac.new(SECRET.encode(), unsigned_text.encode(), hashlib.sha256).hexdigest()
        if variant.path[0] != "timestamp":
            assert ("timestamp", str(NOW)) in read, variant


@pytest.mark.parametrize(
    ("where", "label", "check", "statuses"),
    [
        ("filterByPair", "32 astral characters (maxLength 32)", boundaries.ACCEPTED, None),
        ("filterByPair", "33 ASCII characters (maxLength 32)", boundaries.LIMITS, {400}),
        ("filterByPair", "0 ASCII characters (minLength 1)", boundaries.LIMITS, {400}),
        ("filterByPair", "its text lower-cased", boundaries.ACCEPTED, None),
        ("filterByPair", "given twice", boundaries.FORMS, {400}),
        ("timestamp", "given twice", boundaries.FORMS, {400, 401, 403}),
        ("timestamp", "its text with a plus sign", boundaries.FORMS, {400, 401, 403}),
        ("timestamp", "missing", boundaries.FORMS, {400, 401, 403}),
        ("timestamp", "an hour ahead", boundaries.WINDOW, {401, 403}),
        ("signature", "its text upper-cased", boundaries.FORMS, {400, 401, 403}),
        ("x-unknown-property", "an unknown property", boundaries.FORMS, {400}),
    ],
)
def test_what_the_server_must_answer_to_a_query_follows_the_spec(
    query_variants: list[Variant], where: str, label: str, check: str, statuses: set[int] | None
) -> None:
    assert_expected(expected_of_query(the_variant(query_variants, where, label)), check, statuses)

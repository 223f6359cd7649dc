"""The mock writes its answers with orjson where that gives the json module's text (the same bytes,
but for how a float under 1e-4 is spelt), and with the json module everywhere else."""

from __future__ import annotations

import json
import math
from typing import Any

from hypothesis import given
from hypothesis import strategies as st
from nami_client.testing.answer_json import encode_answer
from nami_client.testing.book import OrderBook, seeded_orders


def _json_module(value: Any) -> bytes:
    return json.dumps(value, separators=(",", ":")).encode()


def _values(scalars: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.recursive(
        scalars,
        lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
        max_leaves=12,
    )


# Every text (non-ASCII, lone surrogates), integers past 64 bits, null: no float.
_WITHOUT_FLOATS = st.none() | st.booleans() | st.integers() | st.integers(min_value=2**63 - 8) | st.text(max_size=8)


@given(_values(_WITHOUT_FLOATS))
def test_without_floats_the_text_is_the_json_modules_byte_for_byte(value: Any) -> None:
    assert encode_answer(value) == _json_module(value)


@given(_values(_WITHOUT_FLOATS | st.floats(allow_nan=False, allow_infinity=False)))
def test_with_floats_the_value_is_the_json_modules(value: Any) -> None:
    assert json.loads(encode_answer(value)) == json.loads(_json_module(value))


def test_nan_and_the_infinities_are_written_as_the_json_module_writes_them_not_as_null() -> None:
    for number in (math.nan, math.inf, -math.inf):
        assert encode_answer({"price": number, "stopPrice": None}) == _json_module({"price": number, "stopPrice": None})


def test_a_listing_is_the_json_modules_text() -> None:
    book = OrderBook(seeded_orders(50))
    answer = {"status": "ok", "data": [book.order(key, "NEW") for key in book.open_orders(None)]}
    assert encode_answer(answer) == _json_module(answer)
    assert encode_answer({"a": 1e-05}) == b'{"a":0.00001}'  # orjson's spelling kept: the same number

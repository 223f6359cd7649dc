"""nami_client.signing: canonical string, signature and the httpx hook, byte for byte."""

from __future__ import annotations

import asyncio
import json
import math
from typing import Any

import httpx
import orjson
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from nami_client import signed_client, url_search_params
from nami_client.api.spot import delete_all_orders
from nami_client.errors import InvalidRequestError
from nami_client.models import DeleteAllOrdersRequest, OrderRef
from nami_client.signing import NamiAuth, SigningError, canonical_query, sign, sign_body

from tests.conftest import NodeSigner
from tests.signatures import signature_valid

SECRET = "example-secret"


def test_published_vectors(signing_vectors: list[dict[str, Any]]) -> None:
    for vector in signing_vectors:
        assert canonical_query(vector["params"]) == vector["canonical"]
        assert sign(vector["params"], SECRET) == vector["signature"]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (5.0, "5"),
        (1e16, "10000000000000000"),
        (1e21, "1e%2B21"),
        (1.5e21, "1.5e%2B21"),
        (1e-7, "1e-7"),
        (1.25e-7, "1.25e-7"),
        (1e-6, "0.000001"),
        (-0.0, "0"),
        (-2.5, "-2.5"),
        (0.1 + 0.2, "0.30000000000000004"),
        (2**53 + 1, "9007199254740992"),
        (10**400, "Infinity"),
        (True, "true"),
        (None, "null"),
        ([1, None, [2, [3, None]]], "1%2C%2C2%2C3%2C"),
        ([{"a": 1}, True], "%5Bobject+Object%5D%2Ctrue"),
        ("a b~*é/&=", "a+b%7E*%C3%A9%2F%26%3D"),
        ("\ud800x", "%EF%BF%BDx"),
    ],
)
def test_values_print_as_javascript_does(value: Any, expected: str) -> None:
    assert canonical_query({"v": value}) == f"v={expected}"


def test_integer_like_keys_come_first_in_ascending_order() -> None:
    query = canonical_query({"b": 1, "10": 2, "2": 3, "01": 4, "4294967295": 5, "a": 6})
    assert query == "2=3&10=2&b=1&01=4&4294967295=5&a=6"


def test_unsupported_value_is_a_clear_error() -> None:
    with pytest.raises(SigningError, match="type bytes"):
        canonical_query({"v": b"raw"})


json_scalars = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**60), max_value=2**60)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=12)
)
json_values = st.recursive(
    json_scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=4), inner, max_size=3),
    max_leaves=10,
)


class _Key(str):
    pass


class _Id(int):
    pass


_ODD_KEYS = st.sampled_from(["", "é", "a1", "1", "orders", "timestamp"]) | st.builds(_Key, st.sampled_from(["a", "x"]))
_ODD_NUMBERS = st.sampled_from([-1, 0, 2**53, 2**53 + 1, -(2**53) - 1, 2**70, True, False])
_ODD_NUMBERS |= st.builds(_Id, st.integers(0, 9))
_SIGNED_VALUES = st.recursive(
    json_scalars | _ODD_NUMBERS,
    lambda inner: st.lists(inner, max_size=4) | st.tuples(inner, inner) | st.dictionaries(st.text(max_size=2), inner),
    max_leaves=8,
)


@settings(max_examples=300, deadline=None)
@given(params=st.dictionaries(st.text(alphabet="abcXYZ", max_size=5) | _ODD_KEYS, _SIGNED_VALUES, max_size=5))
def test_the_canonical_string_s_quick_paths_give_what_the_general_ones_give(params: dict[str, Any]) -> None:
    """Plain keys (ASCII letters, `str` itself), digits and lists of orders take quick paths; they
    give what converting, escaping and ordering everything gives, for odd keys and values too."""
    assert canonical_query(params) == url_search_params._canonical_any_keys(params)
    for value in params.values():
        general = url_search_params._form_encode(url_search_params._js_string(value))
        assert url_search_params._form_value(value) == general


@settings(max_examples=300, deadline=None)
@given(params=st.dictionaries(st.text(max_size=6) | st.integers(0, 99).map(str), json_values, max_size=6))
def test_matches_nodejs_urlsearchparams(node_signer: NodeSigner, params: dict[str, Any]) -> None:
    # Node receives the JSON text, so compare with what JSON makes of these values.
    as_json = json.loads(json.dumps(params))
    canonical, signature = node_signer(as_json, SECRET)
    assert canonical_query(as_json) == canonical
    assert sign(as_json, SECRET) == signature


def _signed_by_the_json_module(content: bytes, timestamp_ms: int) -> bytes:
    """What `sign_body` gave before it used orjson: read and written by the json module."""
    body = json.loads(content)
    body.pop("signature", None)
    body["timestamp"] = timestamp_ms
    body["signature"] = sign(body, SECRET)
    return json.dumps(body, ensure_ascii=False, separators=(",", ":"), allow_nan=False).encode()


def _exact(content: bytes) -> str:
    """The values of a JSON text, types included (1 is not 1.0), in key order."""
    return json.dumps(json.loads(content))


body_values = st.recursive(
    json_scalars | st.integers(min_value=-(2**70), max_value=2**70) | st.just(math.nan) | st.just(math.inf),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=4), inner, max_size=3),
    max_leaves=8,
)


@settings(max_examples=400, deadline=None)
@given(
    params=st.dictionaries(st.sampled_from(["orders", "timestamp", "signature", "a", "é", "1"]), body_values),
    written_by=st.sampled_from(["orjson", "json-compact", "json-spaced"]),
)
def test_a_body_is_signed_with_the_values_the_json_module_reads(params: dict[str, Any], written_by: str) -> None:
    """orjson reads and writes bodies fast, but never changes a value: an integer beyond 64 bits stays
    an integer, NaN is still refused, whoever wrote the body."""
    if written_by == "orjson":
        try:
            content = orjson.dumps(params)
        except orjson.JSONEncodeError:
            content = json.dumps(params).encode()
    else:
        content = json.dumps(params, separators=(",", ":") if written_by == "json-compact" else None).encode()
    try:
        expected = _signed_by_the_json_module(content, 42)
    except ValueError:  # NaN or Infinity: the json module refuses to write them
        with pytest.raises(SigningError):
            NamiAuth("the-key", SECRET, clock=lambda: 42).signed(httpx.Request("DELETE", "http://x/", content=content))
        return
    signed = sign_body(content, SECRET, 42)
    assert _exact(signed) == _exact(expected)
    assert signature_valid(json.loads(signed), SECRET)


def test_sign_body_keeps_order_and_appends_timestamp_then_signature() -> None:
    body = sign_body(b'{"orders":[{"displayingId":1,"symbol":"X"}],"allowNotification":true}', SECRET, 42)
    decoded = json.loads(body)
    assert list(decoded) == ["orders", "allowNotification", "timestamp", "signature"]
    assert signature_valid(decoded, SECRET)


def test_sign_body_replaces_a_stale_timestamp_in_place() -> None:
    body = json.loads(sign_body(b'{"timestamp":1,"a":1,"signature":"old"}', SECRET, 99))
    assert list(body) == ["timestamp", "a", "signature"]
    assert body["timestamp"] == 99
    assert signature_valid(body, SECRET)


@pytest.mark.parametrize("content", [b"", b"[1]", b"\xff", b"not json"])
def test_sign_body_rejects_what_it_cannot_sign(content: bytes) -> None:
    with pytest.raises(SigningError, match="body"):
        sign_body(content, SECRET, 1)


@pytest.mark.parametrize(("key", "secret"), [("", "s"), ("k", ""), ("k", "   "), (None, "s")])
def test_missing_credentials_fail_at_construction(key: Any, secret: Any) -> None:
    with pytest.raises(SigningError, match="must be a non-empty string"):
        signed_client(api_key=key, api_secret=secret)


def test_repr_never_shows_the_secret_and_masks_the_key() -> None:
    auth = NamiAuth("key-1234567890", "top-secret-value")
    client = signed_client(api_key="key-1234567890", api_secret="top-secret-value")
    for text in (repr(auth), str(auth), repr(client)):
        assert "top-secret-value" not in text
        assert "key-1234567890" not in text


def test_one_signing_path_the_transport_signs_every_attempt() -> None:
    # NamiAuth is no httpx.Auth: an auth flow would sign once per call, above the retries.
    assert not isinstance(NamiAuth("key-1", "secret"), httpx.Auth)
    seen: list[httpx.Request] = []
    _recording_client(seen, 1_700_000_000_000).get_httpx_client().request("GET", "/api/v4/spot/open")
    assert len(seen) == 1 and "signature=" in str(seen[0].url) and seen[0].headers["x-api-key"] == "the-key"


def _recording_client(seen: list[httpx.Request], clock_ms: int) -> Any:
    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json={"status": "ok", "data": []})

    return signed_client(
        "http://nami.test",
        api_key="the-key",
        api_secret=SECRET,
        clock=lambda: clock_ms,
        httpx_args={"transport": httpx.MockTransport(handler)},
    )


def test_signed_request_is_byte_for_byte_the_published_one(signing_vectors: list[dict[str, Any]]) -> None:
    seen: list[httpx.Request] = []
    client = _recording_client(seen, clock_ms=1670000000000)
    body = DeleteAllOrdersRequest(
        orders=[OrderRef(displaying_id=435372, symbol="BTCUSDT"), OrderRef(displaying_id=435373, symbol="ETHUSDT")],
        allow_notification=False,
    )
    result = delete_all_orders.sync(client=client, body=body)

    assert result is not None
    (request,) = seen
    vector = signing_vectors[0]
    expected = json.dumps({**vector["params"], "signature": vector["signature"]}, separators=(",", ":")).encode()
    assert request.content == expected
    assert request.headers["x-api-key"] == "the-key"
    assert request.headers["content-length"] == str(len(expected))
    assert request.headers["content-type"] == "application/json"
    assert request.method == "DELETE"
    assert request.url == "http://nami.test/api/v4/spot/all_order"


def test_async_client_signs_the_same_way() -> None:
    seen: list[httpx.Request] = []

    async def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json={"status": "ok", "data": []})

    client = signed_client(
        "http://nami.test",
        api_key="the-key",
        api_secret=SECRET,
        clock=lambda: 1_700_000_000_007,
        httpx_args={"transport": httpx.MockTransport(handler)},
    )
    body = DeleteAllOrdersRequest(orders=[OrderRef(displaying_id=1, symbol="BTCUSDT")])
    asyncio.run(delete_all_orders.asyncio(client=client, body=body))
    (request,) = seen
    sent = json.loads(request.content)
    assert sent["timestamp"] == 1_700_000_000_007
    assert signature_valid(sent, SECRET)


# Query signing (Get Open Orders): the same recipe over the query parameters.

PUBLISHED_SECRET = "UNCZHD1e4501X1WGO9PqjGJBDqWoNjUlc05YZTy38t9Wd7rHWmrmtfKfb1Vpb5RH"


@pytest.mark.parametrize(
    ("query", "timestamp", "signature"),
    [
        ("type=0", 1721284769720, "2cc8df81fc34801e6b6f7dbaf79e72ab098bf5461973239689e32e71368cd145"),
        (
            "symbol=NAMIVNDC&side=SELL&type=LIMIT&quantity=50000&price=600",
            1721284021975,
            "87455e30b15d4d2fe234eeec92cfc165f8b8647bf583ce09f0bdb6b3c6a09b77",
        ),
    ],
)
def test_a_query_is_signed_as_the_published_examples(query: str, timestamp: int, signature: str) -> None:
    """The vectors published with Nami's docs (authentication.md): timestamp appended, then the signature."""
    unsigned = httpx.Request("GET", f"https://nami.exchange/api/v4/spot/open?{query}", headers={"accept": "*/*"})
    signed = NamiAuth("the-key", PUBLISHED_SECRET, clock=lambda: timestamp).signed(unsigned)
    assert signed.url.query.decode() == f"{query}&timestamp={timestamp}&signature={signature}"
    assert (signed.method, signed.url.path, signed.content) == ("GET", "/api/v4/spot/open", b"")
    assert signed.headers["x-api-key"] == "the-key" and signed.headers["accept"] == "*/*"


QUERY_PIECES = ["a", "B", "10", "2", "=", "&", "+", "*", "~", "%", "%2", "%41", "%3D", "%26", "%2B", "%C3%A9"]
QUERY_TEXT = st.lists(
    st.sampled_from([*QUERY_PIECES, "%ED%A0%80", "%F0%9F", "timestamp=1", "signature=x", "filterByPair="]),
    max_size=16,
).map("".join)
# What the generated code sends: parameters encoded by httpx.
ENCODED_PARAMS = st.dictionaries(
    st.text(max_size=6) | st.integers(0, 99).map(str), st.text(max_size=8), max_size=4
).map(lambda params: str(httpx.QueryParams(params)))


@settings(max_examples=300, deadline=None)
@given(query=QUERY_TEXT | ENCODED_PARAMS)
def test_a_query_is_signed_over_what_url_search_params_reads_from_it(node_signer: NodeSigner, query: str) -> None:
    """Node.js reads the query the client was given and the one it sends: the same parameters, the
    fresh timestamp (in place when there was one), and the query sent is exactly the string signed."""
    unsigned = httpx.Request("GET", f"http://nami.test/api/v4/spot/open?{query}")
    read = node_signer.parse_query(unsigned.url.query.decode())
    auth = NamiAuth("the-key", SECRET, clock=lambda: 1721284769720)
    if len({name for name, _ in read}) < len(read):  # the recipe signs an object: a name stands once
        with pytest.raises(InvalidRequestError, match="given more than once"):
            auth.signed(unsigned)
        return
    sent = auth.signed(unsigned).url.query.decode()
    entries = node_signer.parse_query(sent)
    assert entries[-1][0] == "signature"
    expected = {name: value for name, value in read if name != "signature"}
    expected["timestamp"] = "1721284769720"
    assert dict(entries[:-1]) == expected
    canonical, signature = node_signer(dict(entries[:-1]), SECRET)
    assert sent == f"{canonical}&signature={signature}"

# Copied from generator/hook/signing.py by `make generate`: edit it there, not here.
"""Nami request signing: the hook that every call of the generated client goes through.

Nami's recipe (public API docs, "Generating a Signature"): add `timestamp` (ms) to the request's
parameters, take `new URLSearchParams(params).toString()` in JavaScript, HMAC-SHA256 it with the
API secret, and send the lowercase hex digest as `signature`, the API key as `x-api-key`. A request
with a body (Delete All Orders) carries its parameters, `timestamp` and `signature` in its JSON
body; a request without one (Get Open Orders) in its query string, which is sent as exactly the
string that was signed, with `&signature=...` appended.

What the signature protects: every parameter of the query, and every top-level field of the body,
but each order object becomes `[object Object]`, so for Delete All Orders it covers how many
orders there are, not which ones. That is the upstream scheme, reproduced here byte for byte, not
a choice of this client.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import math
import time
from collections.abc import Callable, Generator, Mapping, Sequence
from typing import Any
from urllib.parse import quote, unquote_to_bytes

import httpx
import orjson

from .error_types import InvalidRequestError, SigningError

__all__ = [
    "Clock",
    "NamiAuth",
    "SigningError",
    "body_params",
    "canonical_query",
    "query_params",
    "request_params",
    "sign",
    "sign_body",
    "sign_params",
    "sign_query",
    "system_clock_ms",
]

Clock = Callable[[], int]
"""Returns the current time in milliseconds since the Unix epoch."""

_MAX_EXACT_INT = 2**53
_MAX_ARRAY_INDEX = 2**32 - 2


def system_clock_ms() -> int:
    return time.time_ns() // 1_000_000


def _js_number(value: float) -> str:
    """JavaScript's Number::toString(10) for an IEEE double."""
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "Infinity" if value > 0 else "-Infinity"
    if value == 0:
        return "0"  # -0 prints as 0 too
    if value < 0:
        return "-" + _js_number(-value)
    # repr() gives the shortest round-tripping digits, the same digits JavaScript chooses.
    mantissa, _, exponent = repr(value).partition("e")
    int_part, _, frac_part = mantissa.partition(".")
    all_digits = int_part + frac_part
    digits = all_digits.lstrip("0")
    # n: where the decimal point goes, counted from the first significant digit (ECMA-262 6.1.6.1.20).
    n = len(int_part) + int(exponent or 0) - (len(all_digits) - len(digits))
    digits = digits.rstrip("0")
    k = len(digits)
    if k <= n <= 21:
        return digits + "0" * (n - k)
    if 0 < n <= 21:
        return f"{digits[:n]}.{digits[n:]}"
    if -6 < n <= 0:
        return "0." + "0" * -n + digits
    e = n - 1
    sign = "+" if e >= 0 else "-"
    head = digits if k == 1 else f"{digits[0]}.{digits[1:]}"
    return f"{head}e{sign}{abs(e)}"


def _js_int(value: int) -> str:
    if -_MAX_EXACT_INT <= value <= _MAX_EXACT_INT:
        return str(value)
    try:
        return _js_number(float(value))  # JavaScript holds it as the nearest double
    except OverflowError:
        return "Infinity" if value > 0 else "-Infinity"


def _to_usv(text: str) -> str:
    """WebIDL USVString: join surrogate pairs, replace lone surrogates with U+FFFD."""
    if text.isascii():
        return text
    return text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")


def _js_string(value: Any, *, in_array: bool = False) -> str:
    """JavaScript's String(value) for a JSON-like Python value."""
    if value is None:
        return "" if in_array else "null"  # Array.prototype.join prints null as ""
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, str):
        return _to_usv(value)
    if isinstance(value, int):
        return _js_int(value)
    if isinstance(value, float):
        return _js_number(value)
    if isinstance(value, Mapping):
        return "[object Object]"
    if isinstance(value, Sequence) and not isinstance(value, (bytes, bytearray)):
        return ",".join(_js_string(item, in_array=True) for item in value)
    raise SigningError(f"cannot sign a value of type {type(value).__name__}: use JSON types only")


def _is_array_index(key: str) -> bool:
    return key.isdigit() and key.isascii() and (key == "0" or key[0] != "0") and int(key) <= _MAX_ARRAY_INDEX


def _js_key_order(keys: list[str]) -> list[str]:
    """JavaScript's own-property order: array-index keys ascending, then the rest as inserted."""
    indices = [key for key in keys if _is_array_index(key)]
    if not indices:
        return keys  # the usual case: no key looks like an array index
    indices.sort(key=int)
    return indices + [key for key in keys if not _is_array_index(key)]


def _form_encode(text: str) -> str:
    if text.isascii() and text.isalnum():
        return text  # nothing to escape, as in most keys, numbers and booleans
    # application/x-www-form-urlencoded keeps A-Z a-z 0-9 * - . _ and turns space into "+";
    # quote() keeps "~" as well, which the form encoder escapes.
    return quote(text, safe="*").replace("~", "%7E").replace("%20", "+")


_ENCODED_OBJECT = _form_encode("[object Object]")
_ENCODED_COMMA = _form_encode(",")


def _form_value(value: Any, *, in_array: bool = False) -> str:
    """`_form_encode(_js_string(value))`, an array encoded item by item (the encoding is per
    character), so that N orders cost N constant look-ups, not escaping one long string."""
    if value is True or value is False:
        return "true" if value else "false"
    if value is None or isinstance(value, (str, int, float)):  # as _js_string tests them: first
        return _form_encode(_js_string(value, in_array=in_array))
    if isinstance(value, (dict, Mapping)):  # dict and list first: a plain isinstance is cheaper than an ABC's
        return _ENCODED_OBJECT
    if isinstance(value, (list, Sequence)) and not isinstance(value, (bytes, bytearray)):
        # An order is a dict: its encoding is known without a call.
        items = [_ENCODED_OBJECT if type(item) is dict else _form_value(item, in_array=True) for item in value]
        return _ENCODED_COMMA.join(items)
    return _form_encode(_js_string(value, in_array=in_array))


def canonical_query(params: Mapping[str, Any]) -> str:
    """Exactly what JavaScript's `new URLSearchParams(params).toString()` returns."""
    if all(type(key) is str and key.isascii() and key.isalpha() for key in params):
        # The usual keys (orders, timestamp, ...): nothing to convert, escape or reorder.
        return "&".join([f"{key}={_form_value(value)}" for key, value in params.items()])
    entries = {_js_string(key): value for key, value in params.items()}
    return "&".join(f"{_form_encode(key)}={_form_value(entries[key])}" for key in _js_key_order(list(entries)))


def sign(params: Mapping[str, Any], secret: str | bytes) -> str:
    """Lowercase hex HMAC-SHA256(secret, canonical_query(params)); a `str` secret is taken as UTF-8."""
    return _hex_hmac(secret, canonical_query(params))


def _hex_hmac(secret: str | bytes, canonical: str) -> str:
    key = secret if isinstance(secret, bytes) else secret.encode()
    return hmac.digest(key, canonical.encode(), hashlib.sha256).hex()


def _mask(api_key: str) -> str:
    return api_key[:4] + "…" if len(api_key) > 8 else "…"


def _credential_problem(api_key: object, api_secret: object) -> str | None:
    """What makes the credentials unusable, in words that never quote them; None when they are fine.

    It returns rather than raises, so that no traceback holds a frame whose locals are the credentials.
    """
    for name, value in (("api_key", api_key), ("api_secret", api_secret)):
        if not isinstance(value, str) or not value.strip():
            return f"{name} must be a non-empty string"
    assert isinstance(api_key, str) and isinstance(api_secret, str)
    if not (api_key.isascii() and api_key.isprintable()) or " " in api_key:
        # It goes in a header: a value httpx would refuse could end up in an error message.
        return "api_key must be printable ASCII without spaces"
    try:
        api_secret.encode()
    except UnicodeEncodeError:  # a lone surrogate: what os.environ gives for a byte that is not UTF-8
        return "api_secret cannot be encoded as UTF-8 (it holds a lone surrogate: check how it was read)"
    return None


_JSON = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), allow_nan=False)  # built once, not per call
# orjson writes only JSON types; anything else (datetime, dataclass, a subclass) goes to the json module.
_ORJSON_OPTIONS = orjson.OPT_PASSTHROUGH_DATETIME | orjson.OPT_PASSTHROUGH_DATACLASS | orjson.OPT_PASSTHROUGH_SUBCLASS


def body_params(content: bytes) -> dict[str, Any]:
    """The parameters of a JSON request body, in their order; `SigningError` if it is not a JSON object.

    Read by orjson when it reads the body exactly, that is when writing back what it read gives the
    body byte for byte (the generated client's bodies, written by orjson); anything else, such as an
    integer beyond 64 bits (which orjson reads as a float), whitespace or `NaN`, by the json module.
    """
    try:
        body = orjson.loads(content)
    except orjson.JSONDecodeError:
        body = None
    if body is None or orjson.dumps(body) != content:
        body = _json_module_params(content)
    if not isinstance(body, dict):
        raise SigningError(f"the request body must be a JSON object, not {type(body).__name__}")
    return body


def _json_module_params(content: bytes) -> Any:
    try:
        return json.loads(content)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise SigningError(f"the request body is not JSON: {exc}") from None
    except RecursionError:
        raise SigningError("the request body is JSON nested too deep to sign") from None


def _json_bytes(body: dict[str, Any]) -> bytes:
    """`body` as compact JSON, by orjson when it writes the same values as the json module would."""
    try:
        encoded = orjson.dumps(body, option=_ORJSON_OPTIONS)
    except orjson.JSONEncodeError:  # an integer beyond 64 bits, a lone surrogate, a type that is not JSON
        return _JSON.encode(body).encode()
    if b"null" in encoded:  # orjson writes NaN and Infinity as null, which the json module refuses
        return _JSON.encode(body).encode()
    return encoded


def _form_decode(raw: bytes) -> str:
    return unquote_to_bytes(raw.replace(b"+", b" ")).decode("utf-8", "replace")


def query_params(query: bytes) -> dict[str, str]:
    """The parameters of a query string as JavaScript's `URLSearchParams` reads them, in their order.

    It splits at `&` (skipping empty pieces) and each piece at its first `=`, reads `+` as a space
    and decodes percent-escapes as UTF-8, each invalid sequence becoming U+FFFD. The recipe signs
    an object, where a name stands once: a name given twice raises `InvalidRequestError`.
    """
    params: dict[str, str] = {}
    for piece in query.split(b"&"):
        if piece:
            name, _, value = piece.partition(b"=")
            key = _form_decode(name)
            if key in params:
                raise InvalidRequestError([f"query parameter {key[:40]!r}: given more than once"])
            params[key] = _form_decode(value)
    return params


def request_params(request: httpx.Request) -> dict[str, Any]:
    """The parameters a request is signed over: its JSON body's, or its query's when it has no body."""
    return body_params(request.content) if request.content else query_params(request.url.query)


def _stamped(params: Mapping[str, Any], timestamp_ms: int) -> dict[str, Any]:
    """A copy of `params` with `timestamp` (kept in place when present, appended otherwise), without `signature`."""
    stamped = dict(params)
    stamped.pop("signature", None)
    stamped["timestamp"] = timestamp_ms
    return stamped


def sign_body(content: bytes, api_secret: str | bytes, timestamp_ms: int) -> bytes:
    """The JSON body with a fresh `timestamp` and its `signature`, other fields in order."""
    return sign_params(body_params(content), api_secret, timestamp_ms)


def sign_params(params: Mapping[str, Any], api_secret: str | bytes, timestamp_ms: int) -> bytes:
    """The JSON body of `params` (left as they are) with a fresh `timestamp` and its `signature`."""
    body = _stamped(params, timestamp_ms)
    body["signature"] = sign(body, api_secret)
    return _json_bytes(body)


def sign_query(params: Mapping[str, Any], api_secret: str | bytes, timestamp_ms: int) -> str:
    """The query string to send for `params`: with a fresh `timestamp`, exactly the string that is
    signed (URLSearchParams' own), then `&signature=` and its signature."""
    canonical = canonical_query(_stamped(params, timestamp_ms))
    return f"{canonical}&signature={_hex_hmac(api_secret, canonical)}"


def _with_body(request: httpx.Request, body: bytes, api_key: str) -> httpx.Request:
    """A copy of `request` with `body` and the key header, the headers in the order `content=` gives.

    Built from the raw header pairs and a stream, with its Content-Length set here: `content=`
    would run httpx's request encoding again, and editing a copy of `httpx.Headers` normalises the
    whole list on each change, either costing as much as the signing itself.
    """
    headers = [pair for pair in request.headers.raw if pair[0].lower() != b"content-length"]
    headers += [(b"x-api-key", api_key.encode()), (b"Content-Length", b"%d" % len(body))]
    signed = httpx.Request(
        request.method, request.url, headers=headers, stream=httpx.ByteStream(body), extensions=request.extensions
    )
    signed.read()  # so that `signed.content` is there, as with `content=`
    return signed


def _with_query(request: httpx.Request, query: str, api_key: str) -> httpx.Request:
    """A copy of `request` (which has no body) with `query` as its query string and the key header."""
    headers = request.headers.copy()
    headers["x-api-key"] = api_key
    url = request.url.copy_with(query=query.encode())
    return httpx.Request(request.method, url, headers=headers, extensions=request.extensions)


class NamiAuth(httpx.Auth):
    """httpx auth that signs each request as Nami expects; one instance serves sync and async.

    `clock_offset_ms` is added to `clock()`: for a host whose clock runs 1.5 s behind the
    exchange's, pass 1500.
    """

    requires_request_body = True

    def __init__(
        self, api_key: str, api_secret: str, *, clock: Clock = system_clock_ms, clock_offset_ms: int = 0
    ) -> None:
        problem = _credential_problem(api_key, api_secret)
        if problem is None:
            self._api_key = api_key
            self._api_secret = api_secret.encode()
        del api_key, api_secret  # so that a traceback's locals cannot show them
        if problem is not None:
            raise SigningError(problem)
        self._clock = clock
        self._clock_offset_ms = clock_offset_ms

    def __repr__(self) -> str:
        return f"NamiAuth(api_key={_mask(getattr(self, '_api_key', ''))!r}, api_secret='***')"

    def signed(
        self, request: httpx.Request, params: Mapping[str, Any] | None = None, timestamp_ms: int | None = None
    ) -> httpx.Request:
        """A copy of `request` with the key header, a fresh timestamp and the signature: in its JSON
        body, or in its query string when it has no body.

        `params` are the request's parameters when the caller has read them already (`request_params`);
        `timestamp_ms` the time to sign with, when the caller keeps the clock (`nami_client.clock`).
        """
        if params is None:
            params = request_params(request)
        now = self._clock() + self._clock_offset_ms if timestamp_ms is None else timestamp_ms
        try:
            if request.content:
                body = sign_params(params, self._api_secret, now)
            else:
                query = sign_query(params, self._api_secret, now)
        except SigningError as exc:
            message = str(exc)
        except (RecursionError, ValueError, TypeError) as exc:  # parameters no JSON encoder or signer takes
            message = f"the request cannot be signed: {type(exc).__name__}"
        else:
            if request.content:
                return _with_body(request, body, self._api_key)
            return _with_query(request, query, self._api_key)
        # Raised afresh, outside the handler, so that its traceback starts here and leaves out the
        # frames below, whose locals hold the secret.
        raise SigningError(message)

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        yield self.signed(request)

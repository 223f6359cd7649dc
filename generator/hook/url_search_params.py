"""JavaScript's `String(value)` and `URLSearchParams`, byte for byte: what Nami's signature is computed over.

`canonical_query(params)` is `new URLSearchParams(params).toString()`; `query_params(query)` reads a
query string as `URLSearchParams` does. The signing (`nami_client.signing`) HMACs the first.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any
from urllib.parse import quote, unquote_to_bytes

from .error_types import InvalidRequestError, SigningError

__all__ = ["canonical_query", "query_params"]

_MAX_EXACT_INT = 2**53
_MAX_ARRAY_INDEX = 2**32 - 2


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
    if type(value) is int and 0 <= value <= _MAX_EXACT_INT:
        return str(value)  # a timestamp, an id: digits, which JavaScript prints alike and nothing escapes
    if value is True or value is False:
        return "true" if value else "false"
    if value is None or isinstance(value, (str, int, float)):  # as _js_string tests them: first
        return _form_encode(_js_string(value, in_array=in_array))
    is_list = type(value) is list  # the orders: no ABC's isinstance (Mapping) to ask first
    if not is_list and isinstance(value, (dict, Mapping)):  # dict first: a plain isinstance is cheaper than an ABC's
        return _ENCODED_OBJECT
    if is_list or (isinstance(value, (list, Sequence)) and not isinstance(value, (bytes, bytearray))):
        # An order is a dict: its encoding is known without a call.
        items = [_ENCODED_OBJECT if type(item) is dict else _form_value(item, in_array=True) for item in value]
        return _ENCODED_COMMA.join(items)
    return _form_encode(_js_string(value, in_array=in_array))


_STR = frozenset([str])


def _plain_keys(params: Mapping[str, Any]) -> bool:
    """Whether every key is a `str` (not a subclass) of ASCII letters only, tested in C loops: the
    keys joined are ASCII letters exactly when each key is, as none is empty."""
    if not _STR.issuperset(map(type, params)) or "" in params:
        return False
    joined = "".join(params)
    return joined.isascii() and joined.isalpha()


def canonical_query(params: Mapping[str, Any]) -> str:
    """Exactly what JavaScript's `new URLSearchParams(params).toString()` returns."""
    if _plain_keys(params):
        # The usual keys (orders, timestamp, ...): nothing to convert, escape or reorder.
        return "&".join([f"{key}={_form_value(value)}" for key, value in params.items()])
    return _canonical_any_keys(params)


def _canonical_any_keys(params: Mapping[str, Any]) -> str:
    """`canonical_query` for any keys: each converted, escaped, and put in JavaScript's order."""
    entries = {_js_string(key): value for key, value in params.items()}
    return "&".join(f"{_form_encode(key)}={_form_value(entries[key])}" for key in _js_key_order(list(entries)))


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

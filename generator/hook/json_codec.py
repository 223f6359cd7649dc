"""The package's JSON codec: orjson where it reads or writes exactly what the json module would,
the json module for the rest (integers beyond 64 bits, NaN, whitespace, types that are not JSON).
"""

from __future__ import annotations

import json
from typing import Any

import orjson

__all__ = ["dumps", "json_module_dumps", "loads"]

_JSON_MODULE = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), allow_nan=False)  # built once, not per call
# orjson writes only JSON types; anything else (datetime, dataclass, a subclass) goes to the json module.
_ORJSON_OPTIONS = orjson.OPT_PASSTHROUGH_DATETIME | orjson.OPT_PASSTHROUGH_DATACLASS | orjson.OPT_PASSTHROUGH_SUBCLASS


def loads(content: bytes) -> Any:
    """The JSON value of `content`, raising what `json.loads` raises for what is not JSON.

    Read by orjson when it reads the value exactly, that is when writing back what it read gives
    `content` byte for byte (the generated client's bodies, written by orjson); anything else, such
    as an integer beyond 64 bits (which orjson reads as a float), whitespace or `NaN`, by the json module.
    """
    try:
        value = orjson.loads(content)
    except orjson.JSONDecodeError:
        value = None
    if value is None or orjson.dumps(value) != content:
        return json.loads(content)
    return value


def dumps(value: Any) -> bytes:
    """`value` as compact UTF-8 JSON, by orjson when it writes the same as the json module would;
    `TypeError` or `ValueError` for what the json module cannot write either."""
    try:
        encoded = orjson.dumps(value, option=_ORJSON_OPTIONS)
    except orjson.JSONEncodeError:  # an integer beyond 64 bits, a lone surrogate, a type that is not JSON
        return json_module_dumps(value)
    if b"null" in encoded:  # orjson writes NaN and Infinity as null, which the json module refuses
        return json_module_dumps(value)
    return encoded


def json_module_dumps(value: Any) -> bytes:
    """`value` as compact UTF-8 JSON by the json module: what orjson will not write."""
    return _JSON_MODULE.encode(value).encode()

# Copied from generator/testing/answer_json.py by `make generate`: edit it there, not here.
"""An answer's body as compact JSON, as the json module writes it, by orjson where that is the same.

A listing of 50 orders (26 kB) takes the json module 0.3 ms to write and orjson 0.03 ms; a contract
run asks for over two hundred. orjson's text is kept when it is pure ASCII (the json module escapes
the rest as `\\uXXXX`) and has no `null`: orjson also writes NaN and the infinities as `null`, where
the json module writes `NaN` and `Infinity`, and only a walk of the value could tell them apart.
What orjson will not write (an integer beyond 64 bits, a lone surrogate, a key that is not a
string) goes to the json module too. The one spelling that differs is a float under 1e-4 (orjson's
`0.00001`, the json module's `1e-05`): the same number.
"""

from __future__ import annotations

import json
from typing import Any

import orjson


def encode_answer(value: Any) -> bytes:
    """`value` as `json.dumps(value, separators=(",", ":"))` writes it, by orjson when it writes the same."""
    try:
        encoded = orjson.dumps(value)
    except orjson.JSONEncodeError:
        pass
    else:
        if encoded.isascii() and b"null" not in encoded:
            return encoded
    return json.dumps(value, separators=(",", ":")).encode()

# Copied from generator/hook/signing_recipe.py by `make generate`: edit it there, not here.
"""Nami's signing recipe on a set of parameters: pure functions of the parameters, the secret and the
time, with no HTTP in them (`nami_client.signing` applies them to httpx requests).

Add `timestamp` (ms) to the parameters, take `new URLSearchParams(params).toString()` in JavaScript
(`nami_client.url_search_params`), HMAC-SHA256 it with the API secret and send the lowercase hex
digest as `signature`: in the JSON body (written by `nami_client.json_codec`), or appended to the
query string, which is sent as exactly the string that was signed.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Mapping
from typing import Any

from . import json_codec
from .url_search_params import canonical_query

__all__ = ["sign", "sign_params", "sign_query"]


def sign(params: Mapping[str, Any], secret: str | bytes) -> str:
    """Lowercase hex HMAC-SHA256(secret, canonical_query(params)); a `str` secret is taken as UTF-8."""
    return _hex_hmac(secret, canonical_query(params))


def _hex_hmac(secret: str | bytes, canonical: str) -> str:
    key = secret if isinstance(secret, bytes) else secret.encode()
    return hmac.digest(key, canonical.encode(), hashlib.sha256).hex()


def _stamped(params: Mapping[str, Any], timestamp_ms: int) -> dict[str, Any]:
    """A copy of `params` with `timestamp` (kept in place when present, appended otherwise), without `signature`."""
    stamped = dict(params)
    stamped.pop("signature", None)
    stamped["timestamp"] = timestamp_ms
    return stamped


def sign_params(params: Mapping[str, Any], api_secret: str | bytes, timestamp_ms: int) -> bytes:
    """The JSON body of `params` (left as they are) with a fresh `timestamp` and its `signature`."""
    body = _stamped(params, timestamp_ms)
    body["signature"] = sign(body, api_secret)
    return json_codec.dumps(body)


def sign_query(params: Mapping[str, Any], api_secret: str | bytes, timestamp_ms: int) -> str:
    """The query string to send for `params`: with a fresh `timestamp`, exactly the string that is
    signed (URLSearchParams' own), then `&signature=` and its signature."""
    canonical = canonical_query(_stamped(params, timestamp_ms))
    return f"{canonical}&signature={_hex_hmac(api_secret, canonical)}"

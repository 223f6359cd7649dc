"""How the harness signs generated requests, so each one tests what it was generated to test.

- A request whose `timestamp` and `signature` are well formed, or whose mutation lies elsewhere (in
  `orders` or `filterByPair`, a type, an unknown or repeated parameter, ...), is sent with a fresh
  timestamp and its true signature: a 4xx for bad data then comes from the server's validation,
  not its signature check.
- A request whose only fault is in `timestamp` or `signature` (missing or malformed) tests
  authentication: the broken field is sent as generated, the other one refreshed, so the server
  still has to reject it. A well-formed timestamp is refreshed; a well-formed signature is the true
  one over the request as sent.

The same rule holds for Delete All Orders' JSON body and Get Open Orders' query. The query is sent
exactly as it is signed: the harness writes the query string itself, as `URLSearchParams` writes it.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Mapping
from typing import Any
from urllib.parse import parse_qsl

from nami_client.signing_recipe import sign
from nami_client.testing.signatures import unsigned
from nami_client.url_search_params import canonical_query

from tools.contract.validation import VALIDATORS

TIMESTAMP, SIGNATURE = "timestamp", "signature"
_TIMESTAMP = VALIDATORS.field(TIMESTAMP)
_SIGNATURE = VALIDATORS.field(SIGNATURE)
_QUERY_TIMESTAMP = VALIDATORS.query_field(TIMESTAMP)
_QUERY_SIGNATURE = VALIDATORS.query_field(SIGNATURE)
# Stand-ins that satisfy the signing fields' schemas, to ask whether the rest of a request is valid.
_WELL_FORMED = {TIMESTAMP: 0, SIGNATURE: "0" * 64}
_WELL_FORMED_QUERY = {TIMESTAMP: "0", SIGNATURE: "0" * 64}


def _signing_fields_well_formed(params: Mapping[str, Any], timestamp: Any, signature: Any) -> bool:
    return (
        TIMESTAMP in params
        and SIGNATURE in params
        and timestamp.is_valid(params[TIMESTAMP])
        and signature.is_valid(params[SIGNATURE])
    )


def only_signing_fields_broken(body: dict[str, Any]) -> bool:
    """Whether the body's only fault is in its signing fields (missing or malformed)."""
    if _signing_fields_well_formed(body, _TIMESTAMP, _SIGNATURE):
        return False
    return bool(VALIDATORS.request.is_valid({**body, **_WELL_FORMED}))


def resign(body: dict[str, Any], secret: str, now_ms: int) -> dict[str, Any]:
    """The body to send (see the module's docstring); its key order is kept, new keys go last."""
    signed = dict(body)
    auth_test = only_signing_fields_broken(body)
    timestamp = signed.get(TIMESTAMP)
    if not auth_test or (TIMESTAMP in signed and _TIMESTAMP.is_valid(timestamp)):
        signed[TIMESTAMP] = str(now_ms) if isinstance(timestamp, str) else now_ms
    if not auth_test or (SIGNATURE in signed and _SIGNATURE.is_valid(signed[SIGNATURE])):
        signed[SIGNATURE] = sign(unsigned(signed), secret)
    return signed


# Get Open Orders: the query


def query_string(query: Mapping[str, Any]) -> str:
    """The query string of `query` as `URLSearchParams` writes it; a list is its parameter given once
    per item (as a form-style OpenAPI array is sent)."""
    pairs = [(name, item) for name, value in query.items() for item in (value if isinstance(value, list) else [value])]
    return "&".join(canonical_query({name: item}) for name, item in pairs)


def read_query(query: str) -> list[tuple[str, str]]:
    """The (name, value) pairs of a query string as a server reads them (as `URLSearchParams` does:
    `+` is a space, escapes are UTF-8, an invalid sequence U+FFFD)."""
    return parse_qsl(query, keep_blank_values=True)


def query_signature(query: Mapping[str, Any], secret: str) -> str:
    """The signature of the query string of `query` without `signature`: `nami_client.signing.sign`
    over the same string, which here may also repeat a parameter."""
    return hmac.digest(secret.encode(), query_string(unsigned(query)).encode(), hashlib.sha256).hex()


def with_query_signature(query: Mapping[str, Any], secret: str) -> dict[str, Any]:
    """The query with its true `signature`, appended last as the recipe appends it."""
    return {**unsigned(query), SIGNATURE: query_signature(query, secret)}


def only_query_signing_broken(query: Mapping[str, Any]) -> bool:
    """Whether the query's only fault is in its signing parameters (missing or malformed)."""
    if _signing_fields_well_formed(query, _QUERY_TIMESTAMP, _QUERY_SIGNATURE):
        return False
    return bool(VALIDATORS.query.is_valid({**query, **_WELL_FORMED_QUERY}))


def resign_query(query: Mapping[str, Any], secret: str, now_ms: int) -> dict[str, Any]:
    """The query to send (see the module's docstring), in the recipe's order: the other parameters as
    generated, then `timestamp`, then `signature`."""
    auth_test = only_query_signing_broken(query)
    sent = {name: value for name, value in query.items() if name not in (TIMESTAMP, SIGNATURE)}
    if not auth_test or (TIMESTAMP in query and _QUERY_TIMESTAMP.is_valid(query[TIMESTAMP])):
        sent[TIMESTAMP] = str(now_ms)
    elif TIMESTAMP in query:
        sent[TIMESTAMP] = query[TIMESTAMP]
    if not auth_test or (SIGNATURE in query and _QUERY_SIGNATURE.is_valid(query[SIGNATURE])):
        return with_query_signature(sent, secret)
    return {**sent, SIGNATURE: query[SIGNATURE]} if SIGNATURE in query else sent

"""How the harness signs generated requests, so each one tests what it was generated to test.

- A body whose `timestamp` and `signature` are well formed, or whose mutation lies elsewhere (in
  `orders`, a type, an unknown property, ...), is sent with a fresh timestamp and its true
  signature: a 4xx for bad data then comes from the server's validation, not its signature check.
- A body whose only fault is in `timestamp` or `signature` (missing or malformed) tests
  authentication: the broken field is sent as generated, the other one refreshed, so the server
  still has to reject it. A well-formed timestamp is refreshed; a well-formed signature is the true
  one over the body as sent.
"""

from __future__ import annotations

from typing import Any

from nami_client.signing import sign

from tests.contract.validation import VALIDATORS
from tests.signatures import unsigned

_TIMESTAMP = VALIDATORS.field("timestamp")
_SIGNATURE = VALIDATORS.field("signature")
# Stand-ins that satisfy the signing fields' schemas, to ask whether the rest of a body is valid.
_WELL_FORMED = {"timestamp": 0, "signature": "0" * 64}


def _signing_fields_well_formed(body: dict[str, Any]) -> bool:
    return (
        "timestamp" in body
        and "signature" in body
        and _TIMESTAMP.is_valid(body["timestamp"])
        and _SIGNATURE.is_valid(body["signature"])
    )


def only_signing_fields_broken(body: dict[str, Any]) -> bool:
    """Whether the body's only fault is in its signing fields (missing or malformed)."""
    if _signing_fields_well_formed(body):
        return False
    return bool(VALIDATORS.request.is_valid({**body, **_WELL_FORMED}))


def resign(body: dict[str, Any], secret: str, now_ms: int) -> dict[str, Any]:
    """The body to send (see the module's docstring); its key order is kept, new keys go last."""
    signed = dict(body)
    auth_test = only_signing_fields_broken(body)
    timestamp = signed.get("timestamp")
    if not auth_test or ("timestamp" in signed and _TIMESTAMP.is_valid(timestamp)):
        signed["timestamp"] = str(now_ms) if isinstance(timestamp, str) else now_ms
    if not auth_test or ("signature" in signed and _SIGNATURE.is_valid(signed["signature"])):
        signed["signature"] = sign(unsigned(signed), secret)
    return signed

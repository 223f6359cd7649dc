"""How the harness signs generated requests without turning negative cases into positive ones.

Only a `timestamp` or `signature` that is already valid against its own field schema is replaced
(at send time, with a fresh timestamp and the real signature); a missing or invalid one is sent
as generated, so the server still has to reject it.
"""

from __future__ import annotations

from typing import Any

from nami_client.signing import sign

from tests.signatures import unsigned
from tests.spec import SpecSchemas, load_spec

_FIELDS = "#/components/schemas/DeleteAllOrdersRequest/properties"
_SCHEMAS = SpecSchemas(load_spec())
_TIMESTAMP = _SCHEMAS.validator(f"{_FIELDS}/timestamp")
_SIGNATURE = _SCHEMAS.validator(f"{_FIELDS}/signature")


def resign(body: dict[str, Any], secret: str, now_ms: int) -> dict[str, Any]:
    """The body to send: schema-valid signing fields refreshed, everything else as generated."""
    signed = dict(body)
    if "timestamp" in signed and _TIMESTAMP.is_valid(signed["timestamp"]):
        signed["timestamp"] = str(now_ms) if isinstance(signed["timestamp"], str) else now_ms
    if "signature" in signed and _SIGNATURE.is_valid(signed["signature"]):
        signed["signature"] = sign(unsigned(signed), secret)
    return signed

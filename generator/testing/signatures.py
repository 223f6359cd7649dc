"""Signing and checking a whole set of parameters: the one helper tests, the mock and the harness share."""

from __future__ import annotations

import hmac
from collections.abc import Mapping
from typing import Any

from ..signing_recipe import sign  # no HTTP: the harness's hooks import this


def unsigned(params: Mapping[str, Any]) -> dict[str, Any]:
    """The parameters without their `signature`, in their order."""
    return {key: value for key, value in params.items() if key != "signature"}


def with_signature(params: Mapping[str, Any], secret: str) -> dict[str, Any]:
    """The parameters with a correct `signature` for the others, appended last."""
    rest = unsigned(params)
    return {**rest, "signature": sign(rest, secret)}


def signature_valid(params: Mapping[str, Any], secret: str) -> bool:
    """Whether `signature` is the one the other parameters give, compared in constant time."""
    signature = params.get("signature")
    return isinstance(signature, str) and hmac.compare_digest(signature, sign(unsigned(params), secret))

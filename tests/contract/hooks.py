"""Schemathesis hooks for the contract run (loaded through SCHEMATHESIS_HOOKS).

- `before_call` signs each generated request at send time (see tests/contract/signing.py).
- Two checks for what Schemathesis cannot see in a body signature: after a signed, valid request
  is accepted, the same request with one signature digit changed, and the same request with a
  correctly signed timestamp an hour old, must both be refused with 401 or 403.
"""

from __future__ import annotations

import json
import os
import time
from typing import Any

import requests
import schemathesis

from tests.contract.signing import resign
from tests.signatures import with_signature

REFUSED = (401, 403)
HOUR_MS = 3_600_000
_PROBES = requests.Session()  # keep-alive: a probe follows every accepted case


def _secret() -> str:
    return os.environ["NAMI_API_SECRET"]


def _now_ms() -> int:
    return time.time_ns() // 1_000_000


@schemathesis.hook
def before_call(context: Any, case: Any, kwargs: dict[str, Any]) -> None:
    if isinstance(case.body, dict):
        case.body = resign(case.body, _secret(), _now_ms())


def _accepted_signed_body(response: Any, case: Any) -> dict[str, Any] | None:
    """The JSON body of a positive case the server accepted, or None when a probe would prove nothing."""
    if case.meta is None or not case.meta.generation.mode.is_positive or not 200 <= response.status_code < 300:
        return None
    try:
        body = json.loads(response.request.body)
    except (TypeError, ValueError):
        return None
    return body if isinstance(body, dict) and "signature" in body and "timestamp" in body else None


def _probe(response: Any, body: dict[str, Any]) -> requests.Response:
    sent = response.request
    headers = {k: v for k, v in sent.headers.items() if k.lower() != "content-length"}
    return _PROBES.request(sent.method, sent.url, headers=headers, data=json.dumps(body).encode(), timeout=30)


@schemathesis.check
def tampered_signature_rejected(ctx: Any, response: Any, case: Any) -> bool | None:
    body = _accepted_signed_body(response, case)
    if body is None:
        return None
    signature = body["signature"]
    tampered = {**body, "signature": signature[:-1] + ("0" if signature[-1] != "0" else "1")}
    status = _probe(response, tampered).status_code
    if status not in REFUSED:
        raise AssertionError(f"A request with one signature digit changed got {status}; expected 401 or 403")
    return None


@schemathesis.check
def stale_timestamp_rejected(ctx: Any, response: Any, case: Any) -> bool | None:
    body = _accepted_signed_body(response, case)
    if body is None:
        return None
    stale_ms = _now_ms() - HOUR_MS
    stale = with_signature(
        {**body, "timestamp": str(stale_ms) if isinstance(body["timestamp"], str) else stale_ms}, _secret()
    )
    status = _probe(response, stale).status_code
    if status not in REFUSED:
        raise AssertionError(f"A correctly signed request with an hour-old timestamp got {status}; expected 401 or 403")
    return None

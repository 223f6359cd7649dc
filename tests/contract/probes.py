"""The requests the harness adds to a Schemathesis run, sent once and shared by the checks.

- Follow-ups of the first accepted positive case of each signing shape: the same request with one
  signature digit changed, the same request correctly signed an hour ago, and the same request
  again (fresh signature) when the first answer listed orders.
- The boundary suite (tests/contract/boundaries.py), sent once per process, after the first
  accepted positive case has shown that the server takes the harness's signatures.

Each is computed on first use and kept, so every check that reads it costs no extra request, and
`st replay` (a fresh process) sends what the replayed checks need again.
"""

from __future__ import annotations

import functools
import json
import os
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from tests.contract import boundaries
from tests.contract.exchange import Answer, send, signed
from tests.contract.validation import REQUEST_SCHEMA, VALIDATORS
from tests.signatures import with_signature


def example_body() -> dict[str, Any]:
    """The spec's example of the request body: where every harness-built request starts."""
    return boundaries.request_example(VALIDATORS.spec, REQUEST_SCHEMA)[1]


def now_ms() -> int:
    return time.time_ns() // 1_000_000


def credentials() -> tuple[str, str]:
    return os.environ["NAMI_API_KEY"], os.environ["NAMI_API_SECRET"]


_T = TypeVar("_T")


def per_response(read: Callable[[Any, Any], _T]) -> Callable[[Any, Any], _T]:
    """`read(response, case)` computed once for the latest response: several checks read each one."""
    latest: list[Any] = [None, None]

    def cached(response: Any, case: Any) -> _T:
        if latest[0] is not response:
            latest[:] = [response, read(response, case)]
        value: _T = latest[1]
        return value

    return cached


@per_response
def accepted_signed_body(response: Any, case: Any) -> dict[str, Any] | None:
    """The JSON body of a positive case the server accepted, or None when follow-ups would prove nothing."""
    if case.meta is None or not case.meta.generation.mode.is_positive or not 200 <= response.status_code < 300:
        return None
    try:
        body = json.loads(response.request.body)
    except (TypeError, ValueError):
        return None
    return body if isinstance(body, dict) and "signature" in body and "timestamp" in body else None


@dataclass(frozen=True)
class FollowUps:
    """What was sent after one accepted case; a probe its key had already had is None."""

    first: Answer  # the case's own request and answer
    tampered: Answer | None  # one signature digit changed: once per signing shape
    stale: Answer | None  # correctly signed an hour ago: once per timestamp type
    repeated: Answer | None  # the same request again: once per number of orders the first answer listed

    def answers(self) -> list[Answer]:
        return [answer for answer in (self.tampered, self.stale, self.repeated) if answer is not None]


_last_follow_ups: tuple[Any, FollowUps | None] | None = None
_probed: dict[str, set[Any]] = {"tampered": set(), "stale": set(), "repeated": set()}
# Checks may run in several Schemathesis workers at once; the harness's own requests go one at a time.
_SENDING = threading.Lock()


def signing_shape(body: dict[str, Any]) -> tuple[Any, ...]:
    """What the signature covers besides the timestamp's value: the keys, the number of orders (each
    canonicalises to `[object Object]`), `allowNotification` and the timestamp's JSON type. (Key order
    changes the canonical string too, but every accepted positive case already shows the server
    verifies each order it meets.)"""
    orders = body.get("orders")
    count = len(orders) if isinstance(orders, list) else None
    return frozenset(body), count, repr(body.get("allowNotification")), type(body.get("timestamp")).__name__


def _first_time(probe: str, key: Any) -> bool:
    fresh = key not in _probed[probe]
    _probed[probe].add(key)
    return fresh


def follow_ups(response: Any, case: Any) -> FollowUps | None:
    """The follow-ups of an accepted positive case, each sent once per what it depends on, else None.

    A signature check may depend on everything the signature covers, so a tampered signature is tried
    once per signing shape; a timestamp check on how the timestamp is read (its type); whether a
    cancel is remembered, on how many orders an answer lists. Probing every case would send the same
    questions again.
    """
    global _last_follow_ups
    with _SENDING:
        if _last_follow_ups is not None and _last_follow_ups[0] is response:
            return _last_follow_ups[1]
        body = accepted_signed_body(response, case)
        result = None if body is None else _send_follow_ups(response, body)
        _last_follow_ups = (response, result)
        return result


def _send_follow_ups(response: Any, body: dict[str, Any]) -> FollowUps:
    api_key, secret = credentials()
    url = response.request.url
    media_type = response.headers.get("content-type", [""])[0].split(";")[0].strip().lower()
    first = Answer("the case itself", body, response.status_code, media_type, response.content)
    tampered = stale = repeated = None
    if _first_time("tampered", signing_shape(body)):
        signature = body["signature"]
        tampered_body = {**body, "signature": signature[:-1] + ("0" if signature[-1] != "0" else "1")}
        tampered = send(url, api_key, tampered_body, "the same request with one signature digit changed")
    if _first_time("stale", type(body["timestamp"])):
        stale_ms = now_ms() - boundaries.HOUR_MS
        stale_at = str(stale_ms) if isinstance(body["timestamp"], str) else stale_ms
        stale = send(
            url,
            api_key,
            with_signature({**body, "timestamp": stale_at}, secret),
            "the same request, correctly signed an hour ago",
        )
    listed = len(first.listed_orders())
    if listed and _first_time("repeated", listed):
        repeated = send(url, api_key, signed(body, secret, now_ms()), "the same request again, freshly signed")
    return FollowUps(first, tampered, stale, repeated)


@dataclass(frozen=True)
class BoundaryCase:
    variant: boundaries.Variant
    expected: boundaries.Expectation
    answer: Answer

    @functools.cached_property
    def problem(self) -> str | None:
        """Why the answer breaks the expectation, or None."""
        v, status = self.variant, self.answer.status
        if not self.expected.met_by(status):
            return f"{v.where} as {v.label}: got {status}, expected {self.expected.text}"
        if status in VALIDATORS.answers and self.expected.statuses is None:
            drift = VALIDATORS.problem(VALIDATORS.answers[status], self.answer.json())
            if drift:
                return f"{v.where} as {v.label}: the {status} answer does not match the spec: {drift}"
        return None


_boundary_suite: tuple[Any, list[BoundaryCase]] | None = None


def boundary_cases(response: Any, case: Any) -> list[BoundaryCase]:
    """The boundary suite's results for the response that set it off (the first accepted positive
    case of the process), so its failures are reported once; [] for every other response."""
    global _boundary_suite
    with _SENDING:
        if _boundary_suite is None:
            if accepted_signed_body(response, case) is None:
                return []
            _boundary_suite = (response, _send_boundary_suite(response.request.url))
        trigger, results = _boundary_suite
    return results if trigger is response else []


def _send_boundary_suite(url: str) -> list[BoundaryCase]:
    api_key, secret = credentials()
    schema, example = boundaries.request_example(VALIDATORS.spec, REQUEST_SCHEMA)
    results: list[BoundaryCase] = []
    sent: set[tuple[boundaries.Path, str]] = set()
    for variant in boundaries.derive(VALIDATORS.spec, schema, example):
        now = now_ms()
        body = boundaries.build(variant, example, secret, now)
        key = (variant.path, json.dumps(boundaries.value_at(body, variant.path), sort_keys=True))
        if key in sent:
            continue
        sent.add(key)
        expected = boundaries.expectation(VALIDATORS, variant, body, now)
        results.append(BoundaryCase(variant, expected, send(url, api_key, body, f"{variant.where} as {variant.label}")))
    return results

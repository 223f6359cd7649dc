"""The requests the harness adds to a Schemathesis run, sent once and shared by the checks.

- Follow-ups of the first accepted positive case of each signing shape, for either operation: the
  same request with one signature digit changed, the same request correctly signed an hour ago,
  and (Delete All Orders) the same request again (fresh signature) when the first answer listed
  orders.
- The boundary suites (tools/contract/boundaries.py) of Delete All Orders' body and Get Open
  Orders' query, each sent once per process, after the first accepted positive case of its
  operation has shown that the server takes the harness's signatures.

Each is computed on first use and kept in the run's state (tools/contract/state.py), so every check
that reads it costs no extra request, and `st replay` (a new run) sends what the replayed checks need
again.
"""

from __future__ import annotations

import functools
import json
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from nami_client.testing.signatures import with_signature
from schemathesis import Case
from schemathesis.core.transport import Response

from tools.contract import boundaries
from tools.contract.exchange import Exchange, RoundTrip, media_type, signed
from tools.contract.signing import SIGNATURE, TIMESTAMP, query_string, read_query, with_query_signature
from tools.contract.state import RunState
from tools.contract.validation import DELETE, GET, REQUEST_SCHEMA, VALIDATORS


def example_body() -> dict[str, Any]:
    """The spec's example of the request body: where every harness-built request starts."""
    return boundaries.request_example(VALIDATORS.spec, REQUEST_SCHEMA)[1]


def now_ms() -> int:
    return time.time_ns() // 1_000_000


def _accepted_positive(response: Response, case: Case[Any], method: str) -> bool:
    return (
        case.method.upper() == method
        and case.meta is not None
        and case.meta.generation.mode.is_positive
        and 200 <= response.status_code < 300
    )


def accepted_signed_body(response: Response, case: Case[Any]) -> dict[str, Any] | None:
    """The JSON body of a positive Delete All Orders case the server accepted, or None when follow-ups
    would prove nothing."""
    return RunState.of(case).per_response(_accepted_signed_body, response, case)


def _accepted_signed_body(response: Response, case: Case[Any]) -> dict[str, Any] | None:
    if not _accepted_positive(response, case, DELETE):
        return None
    raw = response.request.body
    try:
        body = json.loads(raw) if isinstance(raw, (str, bytes)) else None
    except ValueError:
        return None
    return body if isinstance(body, dict) and SIGNATURE in body and TIMESTAMP in body else None


def sent_query(response: Response) -> list[tuple[str, str]]:
    """The query parameters of the request a response answers, as the server reads them."""
    return read_query(urlsplit(str(response.request.url)).query)


def accepted_signed_query(response: Response, case: Case[Any]) -> dict[str, str] | None:
    """The query, as sent, of a positive Get Open Orders case the server accepted, or None."""
    return RunState.of(case).per_response(_accepted_signed_query, response, case)


def _accepted_signed_query(response: Response, case: Case[Any]) -> dict[str, str] | None:
    if not _accepted_positive(response, case, GET):
        return None
    pairs = sent_query(response)
    query = dict(pairs)
    return query if len(query) == len(pairs) and SIGNATURE in query and TIMESTAMP in query else None


@dataclass(frozen=True)
class FollowUps:
    """What was sent after one accepted case; a probe its key had already had is None."""

    first: RoundTrip  # the case's own request and answer
    tampered: RoundTrip | None  # one signature digit changed: once per signing shape
    stale: RoundTrip | None  # correctly signed an hour ago: once per timestamp type
    repeated: RoundTrip | None  # the same request again: once per number of orders the first answer listed

    def answers(self) -> list[RoundTrip]:
        return [answer for answer in (self.tampered, self.stale, self.repeated) if answer is not None]


def signing_shape(body: dict[str, Any]) -> tuple[Any, ...]:
    """What the signature covers besides the timestamp's value: the keys, the number of orders (each
    canonicalises to `[object Object]`), `allowNotification` and the timestamp's JSON type. (Key order
    changes the canonical string too, but every accepted positive case already shows the server
    verifies each order it meets.)"""
    orders = body.get("orders")
    count = len(orders) if isinstance(orders, list) else None
    return frozenset(body), count, repr(body.get("allowNotification")), type(body.get("timestamp")).__name__


def _first_time(state: RunState, probe: str, key: Any) -> bool:
    """Whether `probe` was not sent yet for `key` (the operation's method, what the probe depends on)."""
    fresh = key not in state.probed[probe]
    state.probed[probe].add(key)
    return fresh


def follow_ups(response: Response, case: Case[Any]) -> FollowUps | None:
    """The follow-ups of an accepted positive case, each sent once per what it depends on, else None.

    A signature check may depend on everything the signature covers, so a tampered signature is tried
    once per signing shape; a timestamp check on how the timestamp is read (its type); whether a
    cancel is remembered, on how many orders an answer lists. Probing every case would send the same
    questions again.
    """
    state = RunState.of(case)
    with state.sending:
        return state.per_response(_follow_ups, response, case)


def _follow_ups(response: Response, case: Case[Any]) -> FollowUps | None:
    state = RunState.of(case)
    body = accepted_signed_body(response, case)
    if body is not None:
        return _send_follow_ups(state, response, body)
    query = accepted_signed_query(response, case)
    return _send_query_follow_ups(state, response, query) if query is not None else None


def _case_itself(method: str, sent: Any, response: Response) -> RoundTrip:
    content_type = media_type(str(response.headers.get("content-type", [""])[0]))
    return RoundTrip("the case itself", method, sent, response.status_code, content_type, response.content)


def _tampered(signature: str) -> str:
    return signature[:-1] + ("0" if signature[-1] != "0" else "1")


TAMPERED = "the same request with one signature digit changed"
STALE = "the same request, correctly signed an hour ago"


def _send_follow_ups(state: RunState, response: Response, body: dict[str, Any]) -> FollowUps:
    api_key, secret, send = state.account.api_key, state.account.api_secret, state.exchange.send
    url = str(response.request.url)
    first = _case_itself(DELETE, body, response)
    tampered = stale = repeated = None
    if _first_time(state, "tampered", (DELETE, signing_shape(body))):
        tampered = send(url, api_key, {**body, SIGNATURE: _tampered(body[SIGNATURE])}, TAMPERED)
    if _first_time(state, "stale", (DELETE, type(body[TIMESTAMP]))):
        stale_ms = now_ms() - boundaries.HOUR_MS
        stale_at = str(stale_ms) if isinstance(body["timestamp"], str) else stale_ms
        stale = send(url, api_key, with_signature({**body, "timestamp": stale_at}, secret), STALE)
    listed = len(first.listed_orders())
    if listed and _first_time(state, "repeated", (DELETE, listed)):
        repeated = send(url, api_key, signed(body, secret, now_ms()), "the same request again, freshly signed")
    return FollowUps(first, tampered, stale, repeated)


def _send_query_follow_ups(state: RunState, response: Response, query: dict[str, str]) -> FollowUps:
    """A query's signature covers its parameters' names and values in order: the names decide the shape."""
    api_key, secret, send_query = state.account.api_key, state.account.api_secret, state.exchange.send_query
    url = str(response.request.url)
    first = _case_itself(GET, urlsplit(url).query, response)
    tampered = stale = None
    if _first_time(state, "tampered", (GET, tuple(query))):
        tampered = send_query(url, api_key, query_string({**query, SIGNATURE: _tampered(query[SIGNATURE])}), TAMPERED)
    if _first_time(state, "stale", (GET,)):
        stale_query = with_query_signature({**query, TIMESTAMP: str(now_ms() - boundaries.HOUR_MS)}, secret)
        stale = send_query(url, api_key, query_string(stale_query), STALE)
    return FollowUps(first, tampered, stale, None)


@dataclass(frozen=True)
class BoundaryCase:
    variant: boundaries.Variant
    expected: boundaries.Expectation
    answer: RoundTrip

    @functools.cached_property
    def problem(self) -> str | None:
        """Why the answer breaks the expectation, or None."""
        v, status = self.variant, self.answer.status
        if not self.expected.met_by(status):
            return f"{v.where} as {v.label}: got {status}, expected {self.expected.text}"
        answers = VALIDATORS.answers_to(self.answer.method)
        if status in answers and self.expected.statuses is None:
            drift = VALIDATORS.problem(answers[status], self.answer.json())
            if drift:
                return f"{v.where} as {v.label}: the {status} answer does not match the spec: {drift}"
        return None


def boundary_cases(response: Response, case: Case[Any]) -> list[BoundaryCase]:
    """The boundary suite's results for the response that set it off (the first accepted positive
    case of its operation in the run), so its failures are reported once; [] for every other
    response."""
    state, suite = RunState.of(case), f"boundaries {case.method.upper()}"
    with state.sending:
        if suite not in state.suites:
            if accepted_signed_body(response, case) is not None:
                state.suites[suite] = (response, _send_boundary_suite(state, str(response.request.url)))
            elif accepted_signed_query(response, case) is not None:
                state.suites[suite] = (response, _send_query_suite(state, str(response.request.url)))
            else:
                return []
        trigger, results = state.suites[suite]
    return results if trigger is response else []


# A variant of a suite, what the spec expects of its answer, and the request that sends it.
_Planned = tuple[boundaries.Variant, boundaries.Expectation, Callable[[Exchange], RoundTrip]]


def _send_boundary_suite(state: RunState, url: str) -> list[BoundaryCase]:
    api_key, secret = state.account.api_key, state.account.api_secret
    schema, example = boundaries.request_example(VALIDATORS.spec, REQUEST_SCHEMA)
    planned: list[_Planned] = []
    sent: set[tuple[boundaries.Path, str]] = set()
    for variant in boundaries.derive(VALIDATORS.spec, schema, example):
        now = now_ms()
        body = boundaries.build(variant, example, secret, now)
        key = (variant.path, json.dumps(boundaries.value_at(body, variant.path), sort_keys=True))
        if key in sent:
            continue
        sent.add(key)
        expected = boundaries.expectation(VALIDATORS, variant, body, now)
        what = f"{variant.where} as {variant.label}"
        planned.append(
            (variant, expected, functools.partial(Exchange.send, url=url, api_key=api_key, body=body, what=what))
        )
    return _sent_suite(state, planned)


def _send_query_suite(state: RunState, url: str) -> list[BoundaryCase]:
    api_key, secret = state.account.api_key, state.account.api_secret
    schema, example = boundaries.query_example(VALIDATORS)
    planned: list[_Planned] = []
    sent: set[tuple[boundaries.Path, str]] = set()
    for variant in boundaries.derive_query(VALIDATORS.spec, schema, example):
        now = now_ms()
        query = boundaries.build(variant, example, secret, now, with_query_signature)
        value = boundaries.value_at(query, variant.path)
        key = (variant.path, boundaries.MISSING if value == boundaries.MISSING else query_string({"": value}))
        if key in sent:  # forms that the query string writes alike (an integer and its text) are sent once
            continue
        sent.add(key)
        text = query_string(query)
        expected = boundaries.query_expectation(VALIDATORS, variant, text, now)
        what = f"query parameter {variant.where} as {variant.label}"
        send = functools.partial(Exchange.send_query, url=url, api_key=api_key, query=text, what=what)
        planned.append((variant, expected, send))
    return _sent_suite(state, planned)


def _sent_suite(state: RunState, planned: list[_Planned]) -> list[BoundaryCase]:
    """Send a suite's requests (each variant stands alone, so several go at once) and pair each answer
    with what the spec expects of it."""
    answers = state.exchange.send_all([send for _, _, send in planned])
    return [BoundaryCase(v, expected, answer) for (v, expected, _), answer in zip(planned, answers, strict=True)]

"""The harness's own Schemathesis checks: what a body signature, the limits and the operation's
description require, which Schemathesis' built-in checks cannot see.

Each check is named for what it proves; a failure is reported under that name. They read the
requests the harness adds (tests/contract/probes.py), sent once however many checks read them.
"""

from __future__ import annotations

import json
from typing import Any

import schemathesis

from tests.contract import boundaries, promises
from tests.contract.exchange import Answer
from tests.contract.probes import BoundaryCase, accepted_signed_body, boundary_cases, follow_ups, per_response
from tests.contract.validation import VALIDATORS

REFUSED = frozenset({401, 403})
CANCELLED = promises.cancelled_statuses(VALIDATORS.spec)
MAX_LISTED = 8  # problems shown per failure


def _fail(problems: list[str], summary: str) -> None:
    if problems:
        shown = "\n".join(f"- {problem}" for problem in problems[:MAX_LISTED])
        more = f"\n(and {len(problems) - MAX_LISTED} more)" if len(problems) > MAX_LISTED else ""
        raise AssertionError(f"{summary}:\n{shown}{more}")


def _refused(answer: Answer) -> None:
    if answer.status not in REFUSED:
        raise AssertionError(f"{answer.what[0].upper()}{answer.what[1:]} got {answer.status}; expected 401 or 403")


@schemathesis.check
def tampered_signature_rejected(ctx: Any, response: Any, case: Any) -> bool | None:
    found = follow_ups(response, case)
    if found is not None and found.tampered is not None:
        _refused(found.tampered)
    return None


@schemathesis.check
def stale_timestamp_rejected(ctx: Any, response: Any, case: Any) -> bool | None:
    found = follow_ups(response, case)
    if found is not None and found.stale is not None:
        _refused(found.stale)
    return None


@per_response
def _listed(response: Any, case: Any) -> tuple[list[Any], list[Any]] | None:
    """(orders requested, orders listed) of an accepted positive case, or None."""
    body = accepted_signed_body(response, case)
    if body is None or not isinstance(body.get("orders"), list):
        return None
    try:
        document = json.loads(response.content)
    except ValueError:
        return None
    data = document.get("data") if isinstance(document, dict) else None
    return (body["orders"], data) if isinstance(data, list) else None


@schemathesis.check
def answer_lists_only_requested_orders(ctx: Any, response: Any, case: Any) -> bool | None:
    listed = _listed(response, case)
    if listed is not None:
        _fail(promises.unrequested(*listed), "The answer lists orders the request did not list")
    return None


@schemathesis.check
def answer_lists_each_order_once(ctx: Any, response: Any, case: Any) -> bool | None:
    listed = _listed(response, case)
    if listed is not None:
        _fail(promises.listed_twice(listed[1]), "The answer lists an order more than once")
    return None


@schemathesis.check
def answered_orders_are_cancelled(ctx: Any, response: Any, case: Any) -> bool | None:
    listed = _listed(response, case)
    if listed is not None:
        _fail(promises.not_cancelled(listed[1], CANCELLED), "The answer lists orders that are not cancelled")
    return None


@schemathesis.check
def cancelled_orders_not_listed_again(ctx: Any, response: Any, case: Any) -> bool | None:
    found = follow_ups(response, case)
    if found is None or found.repeated is None:
        return None
    again = found.repeated
    if not 200 <= again.status < 300:
        raise AssertionError(
            f"Sending the same request again got {again.status}; expected 2xx listing none of its orders"
        )
    _fail(
        promises.listed_again(found.first.listed_orders(), again.listed_orders()),
        "Sending the same request again lists orders its first answer had already cancelled",
    )
    return None


def _envelope_problem(answer: Answer) -> str | None:
    validator = VALIDATORS.answers.get(answer.status)
    if validator is None or answer.status < 400:
        return None
    if answer.media_type != "application/json":
        return f"{answer.what}: {answer.status} sent as {answer.media_type or 'no content type'}, not application/json"
    document = answer.json()
    drift = VALIDATORS.problem(validator, document) if document is not None else "not JSON"
    return f"{answer.what}: the {answer.status} body is not the error envelope: {drift}" if drift else None


@schemathesis.check
def error_answers_are_envelopes(ctx: Any, response: Any, case: Any) -> bool | None:
    """Every answer with a declared error status to a request the harness sent itself is the envelope
    (Schemathesis' own response checks cover the requests it generates)."""
    found = follow_ups(response, case)
    answers = (found.answers() if found else []) + [result.answer for result in boundary_cases(response, case)]
    problems = [problem for answer in answers if (problem := _envelope_problem(answer))]
    _fail(problems, "Error answers outside the error envelope")
    return None


def _boundary_check(response: Any, case: Any, check: str, summary: str) -> None:
    results: list[BoundaryCase] = [r for r in boundary_cases(response, case) if r.expected.check == check]
    _fail([problem for result in results if (problem := result.problem)], summary)


@schemathesis.check
def valid_edge_cases_accepted(ctx: Any, response: Any, case: Any) -> bool | None:
    _boundary_check(
        response, case, boundaries.ACCEPTED, "Values the spec allows (at its limits or in other forms) refused"
    )
    return None


@schemathesis.check
def limits_enforced(ctx: Any, response: Any, case: Any) -> bool | None:
    _boundary_check(response, case, boundaries.LIMITS, "Values just past the spec's limits not rejected with 400")
    return None


@schemathesis.check
def wrong_forms_rejected(ctx: Any, response: Any, case: Any) -> bool | None:
    _boundary_check(response, case, boundaries.FORMS, "Fields in forms the spec rules out not rejected")
    return None


@schemathesis.check
def timestamp_window_enforced(ctx: Any, response: Any, case: Any) -> bool | None:
    _boundary_check(response, case, boundaries.WINDOW, "Well-formed timestamps far from now not refused with 401/403")
    return None

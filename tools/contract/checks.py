"""The harness's own Schemathesis checks: what a signature, the limits and the operations'
descriptions require, which Schemathesis' built-in checks cannot see.

Each check is named for what it proves; a failure is reported under that name. They read the
requests the harness adds (tools/contract/probes.py), sent once however many checks read them, and
what the server has said it cancelled (tools/contract/ledger.py).
"""

from __future__ import annotations

from typing import Any

import schemathesis

from tools.contract import boundaries, ledger, promises
from tools.contract.exchange import Answer, json_or_none
from tools.contract.probes import (
    BoundaryCase,
    accepted_signed_body,
    boundary_cases,
    follow_ups,
    per_response,
    sent_query,
)
from tools.contract.validation import DELETE, GET, VALIDATORS

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
    document = json_or_none(response.content)
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
    validator = VALIDATORS.answers_to(answer.method).get(answer.status)
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


# Get Open Orders, and the two operations together


@per_response
def _listing(response: Any, case: Any) -> tuple[dict[str, str], list[Any]] | None:
    """(the query as the server read it, the orders listed) of a 2xx Get Open Orders answer whose
    query names each parameter once, or None."""
    if case.method.upper() != GET or not 200 <= response.status_code < 300:
        return None
    pairs = sent_query(response)
    query = dict(pairs)
    listed = promises.listed_orders(json_or_none(response.content))
    return (query, listed) if len(query) == len(pairs) and listed is not None else None


@schemathesis.check
def listing_matches_filter(ctx: Any, response: Any, case: Any) -> bool | None:
    found = _listing(response, case)
    if found is not None and "filterByPair" in found[0]:
        pair = found[0]["filterByPair"]
        _fail(promises.of_other_pairs(found[1], pair), "The answer lists orders of pairs other than filterByPair")
    return None


@schemathesis.check
def cancelled_orders_not_listed(ctx: Any, response: Any, case: Any) -> bool | None:
    found = _listing(response, case)
    if found is not None:
        _fail(
            promises.listed_after_cancel(found[1], ledger.cancelled_before(case.id)),
            "The answer lists orders that a Delete All Orders answer received before it was sent had listed cancelled",
        )
    return None


@schemathesis.check
def listed_orders_are_cancelled(ctx: Any, response: Any, case: Any) -> bool | None:
    """Stateful phase: a Delete All Orders request made from a listing by the spec's links cancels the
    orders it names that the listing showed open (now, or an earlier answer did)."""
    if case.method.upper() != DELETE or not 200 <= response.status_code < 300 or not isinstance(case.body, dict):
        return None
    parent = ctx.internals.find_parent(case_id=case.id)
    listing = ctx.internals.find_response(case_id=parent.id) if parent is not None else None
    if listing is None or parent.method.upper() != GET or not 200 <= listing.status_code < 300:
        return None
    shown = promises.listed_orders(json_or_none(listing.content)) or []
    requested = case.body.get("orders")
    if isinstance(requested, list):
        _fail(
            promises.not_cancelled_when_asked(requested, shown, ledger.cancelled_so_far()),
            "Orders a listing showed open were asked to be cancelled and were not",
        )
    return None

"""The harness's own Schemathesis checks: what a signature, the limits and the operations'
descriptions require, which Schemathesis' built-in checks cannot see.

Each check is named for what it proves; a failure is reported under that name
(tools/contract/verdicts.py). They read the requests the harness adds (tools/contract/probes.py and,
for the promises across requests, tools/contract/across.py), sent once however many checks read
them, and what the server has said it cancelled (the run's ledger, tools/contract/state.py).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from schemathesis import Case, CheckContext
from schemathesis.core.transport import Response

from tools.contract import across, boundaries, promises
from tools.contract.exchange import RoundTrip, json_or_none
from tools.contract.probes import (
    BoundaryCase,
    accepted_signed_body,
    boundary_cases,
    follow_ups,
    sent_query,
)
from tools.contract.state import RunState
from tools.contract.validation import DELETE, GET, VALIDATORS
from tools.contract.verdicts import CheckFunction, Problems, accepted, declared_check, harness_check, operation

REFUSED = frozenset({401, 403})
CANCELLED = promises.cancelled_statuses(VALIDATORS.spec)


def _refused(answer: RoundTrip | None) -> Problems | None:
    if answer is None or answer.status in REFUSED:
        return None
    return Problems(
        f"{answer.what[0].upper()}{answer.what[1:]} was not refused", [f"got {answer.status}; expected 401 or 403"]
    )


@harness_check(accepted)
def tampered_signature_rejected(ctx: CheckContext, response: Response, case: Case[Any]) -> Problems | None:
    found = follow_ups(response, case)
    return _refused(found.tampered) if found is not None else None


@harness_check(accepted)
def stale_timestamp_rejected(ctx: CheckContext, response: Response, case: Case[Any]) -> Problems | None:
    found = follow_ups(response, case)
    return _refused(found.stale) if found is not None else None


def _listed(response: Response, case: Case[Any]) -> tuple[list[Any], list[Any]] | None:
    """(orders requested, orders listed) of an accepted positive case, or None."""
    return RunState.of(case).per_response(_read_listed, response, case)


def _read_listed(response: Response, case: Case[Any]) -> tuple[list[Any], list[Any]] | None:
    body = accepted_signed_body(response, case)
    if body is None or not isinstance(body.get("orders"), list):
        return None
    document = json_or_none(response.content)
    data = document.get("data") if isinstance(document, dict) else None
    return (body["orders"], data) if isinstance(data, list) else None


@harness_check(operation(DELETE), accepted)
def answer_lists_only_requested_orders(ctx: CheckContext, response: Response, case: Case[Any]) -> Problems | None:
    listed = _listed(response, case)
    if listed is None:
        return None
    return Problems("The answer lists orders the request did not list", promises.unrequested(*listed))


@harness_check(operation(DELETE), accepted)
def answer_lists_each_order_once(ctx: CheckContext, response: Response, case: Case[Any]) -> Problems | None:
    listed = _listed(response, case)
    if listed is None:
        return None
    return Problems("The answer lists an order more than once", promises.listed_twice(listed[1]))


@harness_check(operation(DELETE), accepted)
def answered_orders_are_cancelled(ctx: CheckContext, response: Response, case: Case[Any]) -> Problems | None:
    listed = _listed(response, case)
    if listed is None:
        return None
    return Problems("The answer lists orders that are not cancelled", promises.not_cancelled(listed[1], CANCELLED))


@harness_check(operation(DELETE), accepted)
def cancelled_orders_not_listed_again(ctx: CheckContext, response: Response, case: Case[Any]) -> Problems | None:
    found = follow_ups(response, case)
    if found is None or found.repeated is None:
        return None
    again = found.repeated
    if not 200 <= again.status < 300:
        return Problems(
            "Sending the same request again failed", [f"got {again.status}; expected 2xx listing none of its orders"]
        )
    return Problems(
        "Sending the same request again lists orders its first answer had already cancelled",
        promises.listed_again(found.first.listed_orders(), again.listed_orders()),
    )


def _envelope_problem(answer: RoundTrip) -> str | None:
    validator = VALIDATORS.answers_to(answer.method).get(answer.status)
    if validator is None or answer.status < 400:
        return None
    if answer.media_type != "application/json":
        return f"{answer.what}: {answer.status} sent as {answer.media_type or 'no content type'}, not application/json"
    document = answer.json()
    drift = VALIDATORS.problem(validator, document) if document is not None else "not JSON"
    return f"{answer.what}: the {answer.status} body is not the error envelope: {drift}" if drift else None


@harness_check(accepted)
def error_answers_are_envelopes(ctx: CheckContext, response: Response, case: Case[Any]) -> Problems | None:
    """Every answer with a declared error status to a request the harness sent itself is the envelope
    (Schemathesis' own response checks cover the requests it generates)."""
    found = follow_ups(response, case)
    answers = (found.answers() if found else []) + [result.answer for result in boundary_cases(response, case)]
    answers += across.answers(response, case)
    problems = [problem for answer in answers if (problem := _envelope_problem(answer))]
    return Problems("Error answers outside the error envelope", problems)


def _boundary(check: str, summary: str) -> Callable[[Callable[[], None]], CheckFunction]:
    """A check of the boundary cases of one kind (tools/contract/boundaries.py): each one answered
    otherwise than the spec says is a problem."""

    def find(response: Response, case: Case[Any]) -> list[str]:
        results: list[BoundaryCase] = [r for r in boundary_cases(response, case) if r.expected.check == check]
        return [problem for result in results if (problem := result.problem)]

    return declared_check(accepted, summary=summary, find=find)


@_boundary(boundaries.ACCEPTED, "Values the spec allows (at its limits or in other forms) refused")
def valid_edge_cases_accepted() -> None:
    """Values at the spec's limits, and in the other forms it allows, are accepted."""


@_boundary(
    boundaries.LIMITS, "Values past the spec's limits (just past, far past, of the other sign) not rejected with 400"
)
def limits_enforced() -> None:
    """Values past the spec's limits are rejected with 400."""


@_boundary(boundaries.FORMS, "Fields in forms the spec rules out not rejected")
def wrong_forms_rejected() -> None:
    """Fields in forms the spec rules out (other types, missing, unknown, repeated) are rejected."""


@_boundary(boundaries.WINDOW, "Well-formed timestamps far from now not refused with 401/403")
def timestamp_window_enforced() -> None:
    """Well-formed timestamps far from now are refused with 401 or 403."""


# Get Open Orders, and the two operations together


def _listing(response: Response, case: Case[Any]) -> tuple[dict[str, str], list[Any]] | None:
    """(the query as the server read it, the orders listed) of a 2xx Get Open Orders answer whose
    query names each parameter once, or None."""
    return RunState.of(case).per_response(_read_listing, response, case)


def _read_listing(response: Response, case: Case[Any]) -> tuple[dict[str, str], list[Any]] | None:
    pairs = sent_query(response)
    query = dict(pairs)
    listed = promises.listed_orders(json_or_none(response.content))
    return (query, listed) if len(query) == len(pairs) and listed is not None else None


@harness_check(operation(GET), accepted)
def listing_matches_filter(ctx: CheckContext, response: Response, case: Case[Any]) -> Problems | None:
    found = _listing(response, case)
    if found is None or "filterByPair" not in found[0]:
        return None
    pair = found[0]["filterByPair"]
    return Problems("The answer lists orders of pairs other than filterByPair", promises.of_other_pairs(found[1], pair))


@harness_check(operation(GET), accepted)
def cancelled_orders_not_listed(ctx: CheckContext, response: Response, case: Case[Any]) -> Problems | None:
    found = _listing(response, case)
    if found is None:
        return None
    return Problems(
        "The answer lists orders that a Delete All Orders answer received before it was sent had listed cancelled",
        promises.listed_after_cancel(found[1], RunState.of(case).ledger.cancelled_before(case.id)),
    )


@harness_check(operation(DELETE), accepted)
def listed_orders_are_cancelled(ctx: CheckContext, response: Response, case: Case[Any]) -> Problems | None:
    """Stateful phase: a Delete All Orders request made from a listing by the spec's links cancels the
    orders it names that the listing showed open (now, or an earlier answer did)."""
    parent = ctx.internals.find_parent(case_id=case.id)
    listing = ctx.internals.find_response(case_id=parent.id) if parent is not None else None
    if parent is None or listing is None or parent.method.upper() != GET or not 200 <= listing.status_code < 300:
        return None
    shown = promises.listed_orders(json_or_none(listing.content)) or []
    requested = case.body.get("orders") if isinstance(case.body, dict) else None
    if not isinstance(requested, list):
        return None
    return Problems(
        "Orders a listing showed open were asked to be cancelled and were not",
        promises.not_cancelled_when_asked(requested, shown, RunState.of(case).ledger.cancelled_so_far()),
    )


# Promises across requests (tools/contract/across.py): once per run, on the response that set the suite off


def _across(
    summary: str, find: Callable[[across.AcrossRequests], list[str]]
) -> Callable[[Callable[[], None]], CheckFunction]:
    """A check of a promise across requests: `find` says what the suite's requests show wrong."""

    def problems(response: Response, case: Case[Any]) -> list[str]:
        found = across.results(response, case)
        return find(found) if found is not None else []

    return declared_check(accepted, summary=summary, find=problems)


@_across("The listing with filterByPair leaves out open orders of its pair", across.filtered_listing_misses)
def filtered_listing_is_complete() -> None:
    """Get Open Orders with `filterByPair` lists every open order of that pair."""


@_across("The listing without a filter leaves out open orders", across.unfiltered_listing_misses)
def listing_shows_every_open_order() -> None:
    """Get Open Orders without a filter lists every open order (the answer is not paged)."""


@_across("A cancel's answer leaves out open orders it was asked to cancel", across.cancel_misses)
def cancel_answer_lists_every_open_order_named() -> None:
    """Delete All Orders cancels the listed orders that are open and returns them."""


@_across("A cancel's answer lists an order that was not open", across.not_open_listed)
def orders_not_open_left_out() -> None:
    """An order that is not open is left out of Delete All Orders' answer."""


@_across("A cancel also cancelled open orders it did not name", across.others_cancelled)
def other_orders_stay_open() -> None:
    """Delete All Orders cancels only the orders it names."""


@_across("One account's listing shows another account's orders", across.other_account_sees)
def listing_shows_only_own_orders() -> None:
    """Get Open Orders lists the orders of the account the API key belongs to, no other's."""


@_across("One account's cancel reached another account's order", across.other_account_cancels)
def cancel_leaves_other_accounts_alone() -> None:
    """Delete All Orders cancels only orders of the account the API key belongs to."""

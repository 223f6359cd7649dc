"""The request before a contract run: is the server there, is it the documented API, and does it take
the run's credentials? A run starts only when it is (the run's exit codes say which it was not)."""

from __future__ import annotations

import requests

from tools.contract.exchange import RoundTrip, send, signed
from tools.contract.probes import example_body, now_ms
from tools.contract.target import Target, TargetError
from tools.spec import OPERATION_PATH


class CredentialsRejected(Exception):
    """The server refused a correctly signed, valid request."""


def _is_envelope(answer: RoundTrip) -> bool:
    """Whether an answer is shaped as the API's answers: a JSON object with `status` (the success answer
    and the error envelope both have it)."""
    document = answer.json()
    return isinstance(document, dict) and "status" in document


def preflight(target: Target) -> None:
    """One correctly signed request shaped as the spec's example: is the server there, is it the
    documented API (not a 404 or 405, and an answer shaped as the API's), and does it take these
    credentials? Its orders' ids come from the clock, so the example's own orders stay open for
    the run's examples phase (a real server may cancel them, as the run's fuzzing would)."""
    now, example = now_ms(), example_body()
    orders = [{**order, "displayingId": now + index} for index, order in enumerate(example["orders"])]
    body = signed({**example, "orders": orders}, target.api_secret, now)
    endpoint = target.url + OPERATION_PATH
    try:
        answer = send(endpoint, target.api_key, body, "the pre-flight request")
    except requests.RequestException as exc:
        raise TargetError(f"cannot reach {target.url}: {type(exc).__name__}") from None
    redirect = 300 <= answer.status < 400  # the answer under test: the run judges it (and follows none)
    if answer.status in (404, 405) or not (redirect or _is_envelope(answer)):
        got = f"{answer.status} {answer.media_type or 'without a content type'}"
        hint = "give the server's base URL (scheme, host and port), without the API's path"
        raise TargetError(f"{target.url} is not the documented API: DELETE {endpoint} got {got}; {hint}")
    if answer.status in (401, 403):
        raise CredentialsRejected(
            f"{target.label} answered {answer.status} to a correctly signed request built from the spec's example: "
            "NAMI_API_KEY or NAMI_API_SECRET is wrong, or its clock is off by more than its timestamp window"
        )

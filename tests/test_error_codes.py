"""Error codes by name: every error built from an answer carries `code`, `code_name`, `request_id`
and the headers; the names are the published ones, in one table (`nami_client.codes`)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from nami_client import BannedError, BrokerError, NamiCode, code_name
from nami_client.client import Client
from nami_client.errors import ApiError, AuthenticationError, InvalidResponseError, RateLimitError, ServerError

from tests.client_fakes import Result, ScriptedExchange, answer, cancel_sync, client_for

# The published table (the API docs' "Error Code" page), as the docs print it.
PUBLISHED = {
    1000: "UNKNOWN",
    1110: "INVALID_ORDER_TYPE",
    1111: "INVALID_SIDE",
    1112: "BAD_SYMBOL",
    2013: "NO_SUCH_ORDER",
    3004: "TRADE_NOT_ALLOWED",
    3005: "ACCOUNT_BAN_TRADE",
    6101: "NOT_FOUND_ORDER",
    6102: "NOT_ENOUGH_BASE_ASSET",
    6103: "NOT_ENOUGH_QUOTE_ASSET",
    6104: "BROKER_ERROR",
    6106: "NOT_ENOUGH_FEE_ASSET",
    6107: "STOP_LIMIT_INVALID_STOP_PRICE",
    6108: "STOP_LIMIT_UNKNOWN_LAST_PRICE",
    6109: "STOP_LIMIT_INVALID_MIN_TOTAL",
    6110: "ORDER_TYPE_NOT_SUPPORT",
}


def test_every_published_code_has_its_name_and_no_other_code_has_one() -> None:
    assert {code: code_name(code) for code in PUBLISHED} == PUBLISHED
    assert NamiCode["INVALID_REQUEST_ID"] is NamiCode(1112) is NamiCode["BAD_SYMBOL"]  # published twice
    assert [code_name(code) for code in (None, 0, 401, 4012, 6105, 9999)] == [None] * 6


REQUEST_ID = "6ff66697-2742-4caf-acad-f97e9cc3596d"


def envelope(code: object, request_id: object = REQUEST_ID) -> dict[str, object]:
    return {"status": "BROKER_ERROR", "code": code, "data": {"requestId": request_id}, "message": None}


@pytest.mark.parametrize(
    ("status", "kind"),
    [(400, BrokerError), (401, AuthenticationError), (403, ApiError), (418, BannedError), (429, RateLimitError)],
)
def test_an_error_from_an_answer_carries_code_name_request_id_and_headers(
    cancel: Callable[[Client], Result], status: int, kind: type[ApiError]
) -> None:
    client = client_for(ScriptedExchange(answer(status, envelope(6101), {"x-trace": "t-1"})), retry=None)
    with pytest.raises(kind) as caught:
        cancel(client)
    error = caught.value
    assert type(error) is kind
    assert (error.code, error.code_name, error.request_id) == (6101, "NOT_FOUND_ORDER", REQUEST_ID)
    assert error.code == NamiCode.NOT_FOUND_ORDER
    assert error.headers["x-trace"] == "t-1"
    assert "6101 NOT_FOUND_ORDER" in str(error)


@pytest.mark.parametrize(
    "body",
    [envelope(4012, 42), envelope(True), envelope("6101"), b"<html>bad gateway</html>", b"[" * 20_000, {"data": []}],
)
def test_an_unpublished_or_missing_code_is_none_never_a_crash(body: object) -> None:
    client = client_for(ScriptedExchange(answer(502, body)), retry=None)
    with pytest.raises(ServerError) as caught:
        cancel_sync(client)
    error = caught.value
    assert error.code_name is None and error.code in (None, 4012)
    assert error.request_id in (None, REQUEST_ID)  # a string, or nothing: never the 42 of the first body


def test_an_unreadable_2xx_carries_the_same_fields() -> None:
    client = client_for(
        ScriptedExchange(answer(200, {**envelope(6104), "status": "ok", "data": "no list"})), retry=None
    )
    with pytest.raises(InvalidResponseError) as caught:
        cancel_sync(client)
    assert (caught.value.code, caught.value.code_name) == (6104, "BROKER_ERROR")

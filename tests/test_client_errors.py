"""nami_client.errors: what a signed client raises, sync and async, and what raise_errors=False returns."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import httpx
import pytest
from nami_client import errors, signed_client
from nami_client.client import Client
from nami_client.errors import (
    ApiError,
    AuthenticationError,
    BrokerError,
    NamiError,
    RateLimitError,
    ServerError,
    TransportError,
    UnexpectedStatus,
)
from nami_client.factory import RaisingClient, SignedClient
from nami_client.models import DeleteAllOrdersResponse, ErrorEnvelope
from nami_client.retry import retry_after_seconds
from nami_client.signing import SigningError

from tests.client_fakes import (
    KEY,
    FakeTime,
    Result,
    ScriptedExchange,
    answer,
    client_for,
    detailed_async,
    detailed_sync,
)

PUBLISHED_400 = {
    "status": "BROKER_ERROR",
    "code": 6104,
    "data": {"requestId": "6ff66697-2742-4caf-acad-f97e9cc3596d"},
    "message": None,
}


@pytest.mark.parametrize("status", [520, 521, 522, 523, 524, 525, 526, 527])
@pytest.mark.parametrize("raise_errors", [True, False])
def test_a_status_python_does_not_know_raises_server_error(
    cancel: Callable[[Client], Result], status: int, raise_errors: bool
) -> None:
    exchange = ScriptedExchange(answer(status, b"<html>origin error</html>"))
    client = client_for(exchange, retry=None, raise_errors=raise_errors)
    with pytest.raises(ServerError) as caught:
        cancel(client)
    assert caught.value.status_code == status
    assert caught.value.body == b"<html>origin error</html>"
    assert f"HTTP {status}" in str(caught.value)


def test_the_published_400_is_a_broker_error_with_its_envelope(cancel: Callable[[Client], Result]) -> None:
    exchange = ScriptedExchange(answer(400, PUBLISHED_400))
    client = client_for(exchange, retry=FakeTime().retry())
    with pytest.raises(BrokerError) as caught:
        cancel(client)
    error = caught.value
    assert (error.status_code, error.code, error.request_id, error.message) == (
        400,
        6104,
        "6ff66697-2742-4caf-acad-f97e9cc3596d",
        None,
    )
    assert error.error_status == "BROKER_ERROR"
    assert error.headers["content-type"] == "application/json"
    assert error.body == httpx.Response(400, json=PUBLISHED_400).content
    assert "code 6104" in str(error) and "6ff66697-2742-4caf-acad-f97e9cc3596d" in str(error)
    assert len(exchange.seen) == 1


def test_401_is_an_authentication_error(cancel: Callable[[Client], Result]) -> None:
    envelope = {"status": "UNAUTHORIZED", "code": 401, "data": {"requestId": "r-1"}, "message": "bad signature"}
    exchange = ScriptedExchange(answer(401, envelope))
    with pytest.raises(AuthenticationError) as caught:
        cancel(client_for(exchange, retry=FakeTime().retry()))
    assert caught.value.message == "bad signature"
    assert caught.value.request_id == "r-1"
    assert len(exchange.seen) == 1


@pytest.mark.parametrize(("header", "expected"), [({"Retry-After": "7"}, 7.0), ({}, None)])
def test_429_is_a_rate_limit_error_with_the_wait_the_server_asked_for(
    cancel: Callable[[Client], Result], header: dict[str, str], expected: float | None
) -> None:
    exchange = ScriptedExchange(
        answer(429, {"status": "TOO_MANY_REQUESTS", "code": 429, "data": {}, "message": None}, header)
    )
    with pytest.raises(RateLimitError) as caught:
        cancel(client_for(exchange, retry=None))
    assert caught.value.retry_after == expected
    assert caught.value.request_id is None  # `data` without requestId is tolerated


@pytest.mark.parametrize("status", [500, 502, 503, 504])
def test_5xx_is_a_server_error(cancel: Callable[[Client], Result], status: int) -> None:
    exchange = ScriptedExchange(answer(status, b"<html>bad gateway</html>"))
    with pytest.raises(ServerError) as caught:
        cancel(client_for(exchange, retry=None))
    assert caught.value.status_code == status
    assert caught.value.code is None and caught.value.message is None  # no envelope: fields are None


@pytest.mark.parametrize("status", [403, 404, 415])
def test_other_error_statuses_raise_the_base_api_error(cancel: Callable[[Client], Result], status: int) -> None:
    exchange = ScriptedExchange(answer(status, {"status": "X", "code": 1, "data": {"requestId": "r"}, "message": "m"}))
    with pytest.raises(ApiError) as caught:
        cancel(client_for(exchange, retry=FakeTime().retry()))
    assert type(caught.value) is ApiError
    assert caught.value.status_code == status
    assert len(exchange.seen) == 1


@pytest.mark.parametrize(
    "failure",
    [httpx.ConnectError("connection refused"), httpx.ReadTimeout("timed out"), httpx.RemoteProtocolError("dropped")],
)
def test_no_answer_is_a_transport_error_caused_by_the_httpx_error(
    cancel: Callable[[Client], Result], failure: httpx.TransportError
) -> None:
    exchange = ScriptedExchange(failure)
    with pytest.raises(TransportError) as caught:
        cancel(client_for(exchange, retry=None))
    assert caught.value.__cause__ is failure
    assert type(failure).__name__ in str(caught.value)
    assert caught.value.attempts == 1


def test_every_error_is_a_nami_error() -> None:
    for kind in (ApiError, BrokerError, AuthenticationError, RateLimitError, ServerError, TransportError):
        assert issubclass(kind, NamiError)
    assert issubclass(UnexpectedStatus, NamiError)
    assert issubclass(SigningError, NamiError) and issubclass(SigningError, ValueError)
    assert errors.__all__ and all(hasattr(errors, name) for name in errors.__all__)


def test_a_2xx_the_spec_does_not_declare_raises_unexpected_status(cancel: Callable[[Client], Result]) -> None:
    exchange = ScriptedExchange(answer(202, {"status": "accepted"}))
    with pytest.raises(UnexpectedStatus) as caught:
        cancel(client_for(exchange, retry=None))
    assert caught.value.status_code == 202


@pytest.mark.parametrize("detailed", [detailed_sync, detailed_async], ids=["sync", "async"])
def test_raise_errors_false_gives_back_the_generated_values(detailed: Callable[[Client], object]) -> None:
    envelope = {"status": "UNAUTHORIZED", "code": 401, "data": {"requestId": "r"}, "message": None}
    exchange = ScriptedExchange(
        answer(400, PUBLISHED_400), answer(401, envelope), answer(503, b"busy"), answer(202, {})
    )
    client = client_for(exchange, retry=None, raise_errors=False)
    results = [detailed(client) for _ in range(4)]
    parsed = [getattr(result, "parsed", None) for result in results]
    assert isinstance(parsed[0], ErrorEnvelope) and parsed[0].code == 6104
    assert isinstance(parsed[1], ErrorEnvelope) and parsed[1].status == "UNAUTHORIZED"
    assert parsed[2] is None and getattr(results[2], "status_code", None) == 503
    assert parsed[3] is None  # the generated default: an undeclared status is not raised


def test_raise_errors_false_lets_the_httpx_error_through(cancel: Callable[[Client], Result]) -> None:
    failure = httpx.ConnectError("refused")
    with pytest.raises(httpx.ConnectError) as caught:
        cancel(client_for(ScriptedExchange(failure), retry=None, raise_errors=False))
    assert caught.value is failure


def test_success_returns_the_parsed_answer(cancel: Callable[[Client], Result]) -> None:
    result = cancel(client_for(ScriptedExchange(answer(200)), retry=None))
    assert isinstance(result, DeleteAllOrdersResponse)
    assert result.status == "ok"


def test_a_raising_client_returns_the_success_model_or_raises(cancel: Callable[[Client], Result]) -> None:
    """Its functions are typed as returning the success model: even a client told not to raise for
    an undeclared status (so that the generated code would return None) raises instead."""
    client = client_for(
        ScriptedExchange(answer(202, {"status": "ok", "data": []})), retry=None, raise_on_unexpected_status=False
    )
    assert isinstance(client, RaisingClient) and isinstance(client.with_headers({"x-trace": "1"}), RaisingClient)
    with pytest.raises(UnexpectedStatus) as caught:
        cancel(client)
    assert caught.value.status_code == 202
    plain = client_for(ScriptedExchange(answer(202, {"status": "ok", "data": []})), retry=None, raise_errors=False)
    assert type(plain) is SignedClient and isinstance(plain, Client)  # not a RaisingClient
    assert cancel(plain) is None


def test_retry_after_reads_seconds_and_http_dates() -> None:
    in_30s = format_datetime(datetime.now(UTC) + timedelta(seconds=30), usegmt=True)
    an_hour_ago = format_datetime(datetime.now(UTC) - timedelta(hours=1), usegmt=True)
    assert retry_after_seconds("7") == 7.0
    assert retry_after_seconds(" 2.5 ") == 2.5
    seconds = retry_after_seconds(in_30s)
    assert seconds is not None and 25 <= seconds <= 30
    assert retry_after_seconds(an_hour_ago) == 0.0
    for unreadable in (None, "", "soon", "inf", "nan"):
        assert retry_after_seconds(unreadable) is None


def test_construction_errors_are_signing_errors() -> None:
    with pytest.raises(SigningError, match="printable ASCII"):
        signed_client(api_key="key with spaces", api_secret="s")
    for owned in ("auth", "mounts"):
        with pytest.raises(SigningError, match=owned):
            signed_client(api_key=KEY, api_secret="s", httpx_args={owned: None})
    with pytest.raises(SigningError, match="proxy"):
        signed_client(
            api_key=KEY, api_secret="s", httpx_args={"transport": ScriptedExchange().transport(), "proxy": "x"}
        )


def test_raise_errors_false_still_retries(cancel: Callable[[Client], Result]) -> None:
    time = FakeTime()
    recovered = ScriptedExchange(answer(503, b""), answer(200))
    assert isinstance(cancel(client_for(recovered, retry=time.retry(), raise_errors=False)), DeleteAllOrdersResponse)
    down = ScriptedExchange(answer(503, b""))
    assert cancel(client_for(down, retry=time.retry(), raise_errors=False)) is None
    assert (len(recovered.seen), len(down.seen)) == (2, 4)

"""Secret hygiene: the API secret never shows, and the API key shows at most masked, in anything the
client produces while failing: reprs, exception messages, tracebacks with their locals, log records."""

from __future__ import annotations

import asyncio
import logging
import re
from collections.abc import Callable, Iterator

import httpx
import pytest
from nami_client.api.spot import delete_all_orders
from nami_client.client import Client
from nami_client.errors import NamiError
from nami_client.signing import NamiAuth, SigningError

from tests.client_fakes import (
    BODY,
    KEY,
    SECRET,
    FakeTime,
    RawServer,
    Result,
    ScriptedExchange,
    Step,
    answer,
    assert_clean,
    cancel_sync,
    client_for,
    real_client,
    texts_of,
)

ENVELOPE = {"status": "UNAUTHORIZED", "code": 401, "data": {"requestId": "r"}, "message": "bad signature"}
FAILURES: dict[str, list[Step]] = {
    "connect-error": [httpx.ConnectError("refused")],
    "read-timeout": [httpx.ReadTimeout("timed out")],
    "401": [answer(401, ENVELOPE)],
    "400": [answer(400, {**ENVELOPE, "code": 6104})],
    "429": [answer(429, b"slow down", {"Retry-After": "1"})],
    "520": [answer(520, b"<html>origin down</html>")],
    "2xx-not-json": [answer(200, b"<html>ok</html>")],
    "2xx-breaking-the-spec": [answer(200, {"status": "ok", "data": "not a list"})],
    "redirect": [answer(307, b"", {"Location": "http://elsewhere.test/steal"})],
    "too-large": [answer(200, b"[" * 5_000_000)],
}


def logged(caplog: pytest.LogCaptureFixture) -> Iterator[str]:
    formatter = logging.Formatter("%(name)s %(levelname)s %(message)s")
    for record in caplog.records:
        yield formatter.format(record)
        yield repr(record.args)


@pytest.mark.parametrize("failure", FAILURES, ids=str)
def test_failures_never_show_the_secret_or_the_whole_key(
    cancel: Callable[[Client], Result], failure: str, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    client = client_for(ScriptedExchange(*FAILURES[failure]), retry=FakeTime().retry(attempts=2))
    with pytest.raises(NamiError) as caught:
        cancel(client)
    assert assert_clean(texts_of(caught.value)) == 3
    assert_clean(logged(caplog))
    assert_clean(iter([repr(client), str(client)]))


def test_a_body_that_cannot_be_signed_fails_without_the_secret_in_its_traceback() -> None:
    client = client_for(ScriptedExchange(), retry=None)
    with pytest.raises(SigningError) as caught:
        client.get_httpx_client().request("DELETE", "/api/v4/spot/all_order", content=b"not json")
    assert assert_clean(texts_of(caught.value)) == 3


def test_a_secret_shaped_like_the_key_is_not_printed_by_the_auth() -> None:
    auth = NamiAuth(KEY, SECRET)
    assert_clean(iter([repr(auth), str(auth)]))
    assert KEY[:4] + "…" in repr(auth)  # the key, masked


@pytest.mark.parametrize("fault", ["drop", "cut", "slow"])
def test_real_socket_failures_and_their_debug_logs_are_clean(fault: str, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)  # httpx and httpcore log every step at DEBUG
    with RawServer(fault, slow_seconds=2) as server:
        client = real_client(server.url, retry=FakeTime().retry(attempts=2), timeout=0.2)
        with pytest.raises(NamiError) as caught:
            cancel_sync(client)
        assert len(server.requests) == 2
    assert_clean(texts_of(caught.value))
    assert assert_clean(logged(caplog)) > 10
    assert any("sending again" in record.getMessage() for record in caplog.records)


def test_real_socket_failures_are_clean_async(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)

    async def run(url: str) -> None:
        async with real_client(url, retry=FakeTime().retry(attempts=2), timeout=0.2) as client:
            await delete_all_orders.asyncio(client=client, body=BODY)

    with RawServer("cut") as server, pytest.raises(NamiError) as caught:
        asyncio.run(run(server.url))
    assert_clean(texts_of(caught.value))
    assert assert_clean(logged(caplog)) > 10


def test_each_retry_is_logged_as_a_warning(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.WARNING, logger="nami_client")
    exchange = ScriptedExchange(answer(503, b""), httpx.ConnectError("refused"), answer(200))
    cancel_sync(client_for(exchange, retry=FakeTime().retry()))
    messages = [record.getMessage() for record in caplog.records if record.name == "nami_client.transport"]
    assert len(messages) == 2  # the attempt that succeeded is logged at DEBUG
    assert re.fullmatch(
        r"DELETE /api/v4/spot/all_order: attempt 1 of 4 got HTTP 503 in \d+\.\d{3} s; sending again in 0\.25 s",
        messages[0],
    )
    assert re.fullmatch(
        r"DELETE /api/v4/spot/all_order: attempt 2 of 4 failed with ConnectError in \d+\.\d{3} s; "
        r"sending again in 0\.50 s",
        messages[1],
    )

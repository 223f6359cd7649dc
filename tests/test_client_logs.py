"""Logs a person can read: one record per attempt on the `nami_client` logger (method, path,
status, attempt, elapsed, the wait before the next, the request id), `NAMI_LOG=debug|info` turning
it on without code, and never a key, secret, signature or timestamp in any record, httpx's and
httpcore's included."""

from __future__ import annotations

import logging
import os
import re
import subprocess
import sys
import time

import pytest
from nami_client import AuthenticationError, BrokerError, signed_client
from nami_client.api.spot import delete_all_orders, get_open_orders
from nami_client.models import DeleteAllOrdersRequest, OrderRef

from tests.client_fakes import FakeTime, ScriptedExchange, answer, cancel_sync, client_for
from tests.conftest import MOCK_KEY, MOCK_SECRET

NOT_OPEN = DeleteAllOrdersRequest(orders=[OrderRef(displaying_id=999_999_999, symbol="ETHUSDT")])
SIGNATURE = re.compile(r"[0-9a-f]{64}")
# Any time in ms near now, as a timestamp would be (13 digits, starting as now does), a number of its
# own: not 13 digits inside a longer one, such as a duration's fraction (0.0020417960004124325).
TIMESTAMP = re.compile(r"(?<![\d.])" + str(time.time_ns() // 1_000_000)[:4] + r"\d{9}(?!\d)")


def every_text(caplog: pytest.LogCaptureFixture) -> list[str]:
    formatter = logging.Formatter("%(name)s %(levelname)s %(message)s")
    return [text for record in caplog.records for text in (formatter.format(record), repr(record.args))]


def test_no_record_at_debug_holds_a_key_secret_signature_or_timestamp(
    mock_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)  # every logger: httpx and httpcore log each step at DEBUG
    with signed_client(mock_url, api_key=MOCK_KEY, api_secret=MOCK_SECRET) as client:
        get_open_orders.sync(client=client, filter_by_pair="BTCUSDT")  # signed in the query string
        delete_all_orders.sync(client=client, body=NOT_OPEN)  # signed in the body; the shared book unchanged
    with (
        signed_client(mock_url, api_key=MOCK_KEY, api_secret="not-the-secret") as client,
        pytest.raises(AuthenticationError),
    ):
        get_open_orders.sync(client=client)
    names = {record.name for record in caplog.records}
    assert {"nami_client.transport", "httpx"} <= names and any(name.startswith("httpcore") for name in names)
    texts = every_text(caplog)
    assert len(texts) > 40
    for text in texts:
        assert MOCK_KEY not in text and MOCK_SECRET not in text and "not-the-secret" not in text
        assert not SIGNATURE.search(text), text
        assert not TIMESTAMP.search(text) and "timestamp" not in text.lower(), text


def test_each_attempt_is_one_record_saying_what_happened(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG, logger="nami_client")
    refused = {"status": "BROKER_ERROR", "code": 6104, "data": {"requestId": "req-42"}, "message": None}
    exchange = ScriptedExchange(answer(503, refused), answer(400, refused))
    with pytest.raises(BrokerError):
        cancel_sync(client_for(exchange, retry=FakeTime().retry()))
    records = [record for record in caplog.records if record.name == "nami_client.transport"]
    assert [record.levelno for record in records] == [logging.WARNING, logging.DEBUG]
    first, last = (record.getMessage() for record in records)
    assert re.fullmatch(
        r"DELETE /api/v4/spot/all_order: attempt 1 of 4 got HTTP 503 \(request 'req-42'\) in \d+\.\d{3} s; "
        r"sending again in 0\.25 s",
        first,
    )
    assert re.fullmatch(
        r"DELETE /api/v4/spot/all_order: attempt 2 of 4 got HTTP 400 \(request 'req-42'\) in \d+\.\d{3} s", last
    )


def run_python(code: str, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {name: value for name, value in os.environ.items() if name != "NAMI_LOG"}
    return subprocess.run(
        [sys.executable, "-c", code], env={**environment, **env}, capture_output=True, text=True, timeout=60
    )


CALL = """
import httpx
from nami_client import signed_client
from nami_client.api.spot import get_open_orders
transport = httpx.MockTransport(lambda request: httpx.Response(200, json={"status": "ok", "data": []}))
client = signed_client("http://nami.test", api_key="the-key-0001", api_secret="the-secret-0001",
                       httpx_args={"transport": transport})
get_open_orders.sync(client=client)
"""


@pytest.mark.parametrize(("setting", "shown"), [("debug", True), ("DEBUG", True), ("info", False), ("", False)])
def test_nami_log_turns_the_log_on_without_code(setting: str, shown: bool) -> None:
    result = run_python(CALL, NAMI_LOG=setting)
    assert result.returncode == 0, result.stderr
    assert ("nami_client.transport DEBUG GET /api/v4/spot/open: attempt 1 of 4 got HTTP 200" in result.stderr) is shown
    assert "the-secret-0001" not in result.stderr and "the-key-0001" not in result.stderr


def test_nami_log_info_shows_what_the_client_decided() -> None:
    code = CALL.replace(
        'json={"status": "ok", "data": []}',
        'json={"status": "ok", "data": []}, headers={"Date": "Mon, 01 Jan 2024 00:00:00 GMT"}',
    )
    result = run_python(code, NAMI_LOG="info")
    assert result.returncode == 0, result.stderr
    assert "nami_client.clock INFO the exchange's clock is -" in result.stderr

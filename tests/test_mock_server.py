"""The mock behaves like the documented endpoint, and no input makes it fail."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from nami_client.signing import sign
from starlette.testclient import TestClient

from tests.mock.app import create_app
from tests.mock.config import MockConfig
from tests.mock.faults import Fault
from tests.mock.process import free_port
from tests.spec import OPERATION_PATH, SpecSchemas, load_spec

ROOT = Path(__file__).resolve().parent.parent
KEY, SECRET = "test-key", "test-secret"
SCHEMAS = SpecSchemas(load_spec())


@pytest.fixture
def client() -> Iterator[TestClient]:
    with TestClient(create_app(MockConfig(api_key=KEY, api_secret=SECRET))) as test_client:
        yield test_client


def signed(body: dict[str, Any], *, secret: str = SECRET, timestamp: int | None = None) -> bytes:
    unsigned = {**body, "timestamp": timestamp if timestamp is not None else time.time_ns() // 1_000_000}
    return json.dumps({**unsigned, "signature": sign(unsigned, secret)}).encode()


def send(client: TestClient, content: bytes, headers: dict[str, str] | None = None) -> Any:
    base = {"x-api-key": KEY, "content-type": "application/json"}
    response = client.request("DELETE", OPERATION_PATH, content=content, headers={**base, **(headers or {})})
    if response.status_code in SCHEMAS.response_validators:
        assert not SCHEMAS.errors(SCHEMAS.response_validators[response.status_code], response.json())
    return response


ORDERS = {"orders": [{"displayingId": 7, "symbol": "BTCUSDT"}, {"displayingId": 8, "symbol": "ETHUSDT"}]}


def test_valid_request_cancels_each_open_order_once(client: TestClient) -> None:
    twice = {"orders": [*ORDERS["orders"], ORDERS["orders"][0]], "allowNotification": True}
    first = send(client, signed(twice))
    assert first.status_code == 200
    assert [(o["displayingId"], o["symbol"], o["status"]) for o in first.json()["data"]] == [
        (7, "BTCUSDT", "CANCELED"),
        (8, "ETHUSDT", "CANCELED"),
    ]
    again = send(client, signed(ORDERS))
    assert again.json() == {"status": "ok", "data": []}


def test_timestamp_as_digit_string_is_accepted(client: TestClient) -> None:
    unsigned = {**ORDERS, "timestamp": str(time.time_ns() // 1_000_000)}
    body = json.dumps({**unsigned, "signature": sign(unsigned, SECRET)}).encode()
    assert send(client, body).status_code == 200


@pytest.mark.parametrize(
    ("content", "headers", "status", "message"),
    [
        (None, {"x-api-key": ""}, 401, "missing x-api-key"),
        (None, {"x-api-key": "other"}, 401, "unknown API key"),
        (None, {"content-type": "text/plain"}, 415, "send application/json"),
        (b"{", {}, 400, "not valid JSON"),
        (b'{"orders": NaN}', {}, 400, "not valid JSON"),
        (b"\xff\xfe{}", {}, 400, "not UTF-8"),
        (b"\x00" * 64, {}, 400, "not valid JSON"),
        (b"[" * 50_000 + b"]" * 50_000, {}, 400, "not valid JSON"),
        (b'{"a":' * 40 + b"1" + b"}" * 40, {}, 400, "nests deeper"),
        (b" " * (2 << 20), {}, 400, "larger than"),
        (b'{"orders": []}', {}, 400, "orders"),
    ],
)
def test_bad_requests_get_the_envelope_and_change_nothing(
    client: TestClient, content: bytes | None, headers: dict[str, str], status: int, message: str
) -> None:
    response = send(client, content if content is not None else signed(ORDERS), headers)
    assert response.status_code == status
    assert message in response.json()["message"]
    assert len(send(client, signed(ORDERS)).json()["data"]) == 2  # nothing was cancelled


def test_stale_timestamp_and_bad_signature_are_refused(client: TestClient) -> None:
    stale = send(client, signed(ORDERS, timestamp=time.time_ns() // 1_000_000 - 11_000))
    assert (stale.status_code, stale.json()["code"]) == (401, 4012)
    forged = send(client, signed(ORDERS, secret="not-the-secret"))
    assert (forged.status_code, forged.json()["message"]) == (401, "bad signature")
    assert len(send(client, signed(ORDERS)).json()["data"]) == 2


def test_every_error_has_a_fresh_request_id(client: TestClient) -> None:
    ids = {send(client, b"{").json()["data"]["requestId"] for _ in range(3)}
    assert len(ids) == 3


def test_other_methods_get_405_with_allow(client: TestClient) -> None:
    response = client.post(OPERATION_PATH, json=ORDERS)
    assert response.status_code == 405
    assert response.headers["allow"] == "DELETE"
    assert response.json()["status"] == "METHOD_NOT_ALLOWED"


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(content=st.binary(max_size=300) | st.text(max_size=200).map(str.encode))
def test_no_body_makes_it_fail(client: TestClient, content: bytes) -> None:
    assert 400 <= send(client, content).status_code < 500


def test_a_mock_that_drifts_from_the_spec_says_so() -> None:
    spec = load_spec()
    spec["components"]["schemas"]["Order"]["required"].append("notSentByTheMock")
    app = create_app(MockConfig(api_key=KEY, api_secret=SECRET))
    app.state.mock.schemas = SpecSchemas(spec)
    with TestClient(app) as drifting:
        response = drifting.request(
            "DELETE",
            OPERATION_PATH,
            content=signed(ORDERS),
            headers={"x-api-key": KEY, "content-type": "application/json"},
        )
    assert response.status_code == 500
    assert "notSentByTheMock" in response.text


def test_unknown_fault_name_is_a_clear_error() -> None:
    with pytest.raises(ValueError, match="known faults: no-signature-check"):
        Fault.parse("no-such-fault")


def test_make_mock_prints_how_to_point_the_client_at_it() -> None:
    port = free_port()
    env = {**os.environ, "NAMI_API_KEY": KEY, "NAMI_API_SECRET": SECRET}
    env.pop("NAMI_MOCK_FAULT", None)
    process = subprocess.Popen(
        [sys.executable, "-m", "tests.mock", "--port", str(port)], cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True
    )
    try:
        assert process.stdout is not None
        banner = [process.stdout.readline() for _ in range(3)]
    finally:
        process.terminate()
        process.wait(timeout=10)
    assert f"http://127.0.0.1:{port}/api/v4/spot/all_order" in banner[0]
    assert f"signed_client('http://127.0.0.1:{port}'" in banner[1]
    assert SECRET not in "".join(banner)


def test_mock_refuses_an_unknown_fault_at_start() -> None:
    env = {**os.environ, "NAMI_MOCK_FAULT": "nonsense"}
    result = subprocess.run([sys.executable, "-m", "tests.mock"], cwd=ROOT, env=env, capture_output=True, text=True)
    assert result.returncode == 2
    assert "unknown NAMI_MOCK_FAULT 'nonsense'" in result.stderr

"""The mock behaves like the documented endpoint; planted faults live apart from it."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from nami_client.testing.app import create_app
from nami_client.testing.config import MockConfig
from nami_client.testing.contract import Contract
from nami_client.testing.faults import Fault
from nami_client.testing.planted import PLANTED, planted_server
from nami_client.testing.server import MockServer
from nami_client.testing.serving import loopback_listener
from starlette.testclient import TestClient

from tests.mock_requests import HEADERS, KEY, ORDERS, SECRET, mock_client, now_ms, send, signed, still_open
from tests.paths import ROOT
from tools.process import free_port, mock_env
from tools.spec import OPERATION_PATH, load_spec


def test_valid_request_cancels_each_open_order_once(client: TestClient) -> None:
    twice = {"orders": [*ORDERS["orders"], ORDERS["orders"][0]], "allowNotification": True}
    first = send(client, signed(twice))
    assert first.status_code == 200
    assert [(o["displayingId"], o["symbol"], o["status"]) for o in first.json()["data"]] == [
        (435372, "BTCUSDT", "CANCELED"),
        (435373, "ETHUSDT", "CANCELED"),
    ]
    again = send(client, signed(ORDERS))
    assert again.json() == {"status": "ok", "data": []}


def test_only_open_orders_of_the_book_are_cancelled(client: TestClient) -> None:
    # 435374 SOLUSDT is seeded; the same id on another symbol, and an id beyond the book, are not.
    body = {"orders": [{"displayingId": 435374, "symbol": "BTCUSDT"}, {"displayingId": 999, "symbol": "BTCUSDT"}]}
    assert send(client, signed(body)).json()["data"] == []
    seeded = {"orders": [{"displayingId": 435374, "symbol": "SOLUSDT"}]}
    assert [o["displayingId"] for o in send(client, signed(seeded)).json()["data"]] == [435374]


def test_timestamp_as_digit_string_is_accepted(client: TestClient) -> None:
    assert send(client, signed(ORDERS, timestamp=str(now_ms()))).status_code == 200


@pytest.mark.parametrize(
    ("content", "headers", "status", "message"),
    [
        (None, {"x-api-key": ""}, 401, "missing x-api-key"),
        (None, {"x-api-key": "other"}, 401, "unknown API key"),
        (None, {"content-type": "text/plain"}, 415, "send application/json"),
        (b"{", {}, 400, "not valid JSON"),
        (b'{"orders": NaN}', {}, 400, "NaN, which is not JSON"),
        (b"\xff\xfe{}", {}, 400, "not UTF-8"),
        (b"\x00" * 64, {}, 400, "not valid JSON"),
        (b"[" * 50_000 + b"]" * 50_000, {}, 400, "holds more than 10000 values"),
        (b"[" * 900 + b"]" * 900, {}, 400, "nests deeper than 32"),
        (b'{"a":' * 40 + b"1" + b"}" * 40, {}, 400, "nests deeper"),
        (b" " * (2 << 20), {}, 400, "larger than"),
        (b'{"orders": []}', {}, 400, "signature: required"),
        (signed({"orders": []}), {}, 400, "orders: the value has less than 1 item"),
    ],
)
def test_bad_requests_get_the_envelope_and_change_nothing(
    client: TestClient, content: bytes | None, headers: dict[str, str], status: int, message: str
) -> None:
    response = send(client, content if content is not None else signed(ORDERS), headers)
    assert response.status_code == status
    assert message in response.json()["message"]
    assert still_open(client)


def test_stale_timestamp_and_bad_signature_are_refused(client: TestClient) -> None:
    stale = send(client, signed(ORDERS, timestamp=now_ms() - 11_000))
    assert (stale.status_code, stale.json()["code"]) == (401, 4012)
    forged = send(client, signed(ORDERS, secret="not-the-secret"))
    assert (forged.status_code, forged.json()["message"]) == (401, "bad signature")
    assert still_open(client)


def test_the_signature_is_checked_before_the_schema(client: TestClient) -> None:
    # A body that breaks the schema costs a cheap 401 when its signature is wrong, and a
    # validation that stops at its first error when it is right.
    forged = send(client, signed({"orders": [{}] * 1000}, secret="not-the-secret"))
    assert (forged.status_code, forged.json()["message"]) == (401, "bad signature")
    too_many = send(client, signed({"orders": [{}] * 1000}))
    assert (too_many.status_code, too_many.json()["message"]) == (400, "orders: the value has more than 200 items")


def test_every_error_has_a_fresh_request_id(client: TestClient) -> None:
    ids = {send(client, b"{").json()["data"]["requestId"] for _ in range(3)}
    assert len(ids) == 3


def test_other_methods_get_405_with_allow(client: TestClient) -> None:
    response = send(client, signed(ORDERS), method="POST")
    assert response.status_code == 405
    assert response.headers["allow"] == "DELETE"
    assert response.json()["status"] == "METHOD_NOT_ALLOWED"
    assert still_open(client)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(content=st.binary(max_size=300) | st.text(max_size=200).map(str.encode))
def test_no_body_makes_it_fail(client: TestClient, content: bytes) -> None:
    assert 400 <= send(client, content).status_code < 500


def test_a_mock_that_drifts_from_the_spec_says_so_and_cancels_nothing() -> None:
    spec = load_spec()
    spec["components"]["schemas"]["Order"]["required"].append("notSentByTheMock")
    config = MockConfig(api_key=KEY, api_secret=SECRET)
    drifting = MockServer(config, Contract(spec))
    with TestClient(create_app(config, drifting)) as test_client:
        response = test_client.request("DELETE", OPERATION_PATH, content=signed(ORDERS), headers=HEADERS)
    assert response.status_code == 500
    assert response.json()["status"] == "MOCK_DRIFTED"
    assert "notSentByTheMock" in response.json()["message"]
    assert drifting.book.open_among([(435372, "BTCUSDT")]) == [(435372, "BTCUSDT")]


def test_each_fault_is_planted_by_its_own_subclass_and_none_by_default() -> None:
    assert set(PLANTED) == set(Fault)
    assert type(create_app(MockConfig()).state.mock) is MockServer
    for fault, server in PLANTED.items():
        assert issubclass(server, MockServer) and server is not MockServer
        assert type(create_app(MockConfig(fault=fault)).state.mock) is server is planted_server(fault)
    assert len(set(PLANTED.values())) == len(PLANTED)


@pytest.mark.parametrize("fault", [Fault.FLAKY_503, Fault.RATE_LIMIT_429, Fault.STATUS_520])
def test_a_transient_fault_hits_the_first_request_for_each_orders_list(fault: Fault) -> None:
    first, second = ({"orders": [order]} for order in ORDERS["orders"])
    with mock_client(fault=fault) as test_client:
        # Interleaved: each list's first request fails and its retry goes through, whatever came between.
        statuses = [send(test_client, signed(body)).status_code for body in (first, second, second, first, first)]
    failure = {Fault.FLAKY_503: 503, Fault.RATE_LIMIT_429: 429, Fault.STATUS_520: 520}[fault]
    assert statuses == [failure, failure, 200, 200, 200]


def test_unknown_fault_name_is_a_clear_error() -> None:
    with pytest.raises(ValueError, match="known faults: no-signature-check"):
        Fault.parse("no-such-fault")


def test_the_mock_serves_on_a_socket_it_inherits_whose_port_no_one_could_take_meanwhile() -> None:
    """`--fd`, as tools/process.py starts it: the port is bound before the mock starts and never free."""
    with loopback_listener() as listener:
        port = listener.getsockname()[1]
        process = subprocess.Popen(
            [sys.executable, "-m", "nami_client.testing", "--fd", str(listener.fileno())],
            cwd=ROOT,
            env=mock_env(KEY, SECRET),
            stdout=subprocess.PIPE,
            text=True,
            pass_fds=[listener.fileno()],
        )
        with pytest.raises(OSError), socket.socket() as intruder:
            intruder.bind(("127.0.0.1", port))
    try:
        assert process.stdout is not None
        banner = process.stdout.readline()
        answer = httpx.get(f"http://127.0.0.1:{port}/api/v4/spot/open", timeout=10)
    finally:
        process.terminate()
        process.wait(timeout=10)
    assert f"DELETE http://127.0.0.1:{port}/api/v4/spot/all_order" in banner
    assert answer.status_code == 401 and answer.json()["code"] is not None  # the mock's envelope


def test_make_mock_prints_how_to_point_the_client_at_it() -> None:
    port = free_port()
    env = mock_env(KEY, SECRET)
    process = subprocess.Popen(
        [sys.executable, "-m", "nami_client.testing", "--port", str(port)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        banner = [process.stdout.readline() for _ in range(3)]
    finally:
        process.terminate()
        process.wait(timeout=10)
    assert f"DELETE http://127.0.0.1:{port}/api/v4/spot/all_order" in banner[0]
    assert f"GET http://127.0.0.1:{port}/api/v4/spot/open" in banner[0]
    assert f"signed_client('http://127.0.0.1:{port}'" in banner[1]
    assert SECRET not in "".join(banner)


@pytest.mark.parametrize(
    ("variable", "value", "error"),
    [
        ("NAMI_MOCK_FAULT", "nonsense", "unknown NAMI_MOCK_FAULT 'nonsense'"),
        ("NAMI_MOCK_HEADER_TIMEOUT_SECONDS", "soon", "NAMI_MOCK_HEADER_TIMEOUT_SECONDS must be a number"),
        ("NAMI_MOCK_MAX_CONNECTIONS", "0", "NAMI_MOCK_MAX_CONNECTIONS must be more than 0"),
    ],
)
def test_mock_refuses_a_bad_setting_at_start(variable: str, value: str, error: str) -> None:
    env = {**os.environ, variable: value}
    result = subprocess.run(
        [sys.executable, "-m", "nami_client.testing"], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.returncode == 2
    assert error in result.stderr


@pytest.mark.parametrize(
    ("variable", "value", "error"),
    [
        ("NAMI_MOCK_OPEN_ORDERS", "-1", "NAMI_MOCK_OPEN_ORDERS must be at least 0"),
        ("NAMI_MOCK_OPEN_ORDERS", "100001", "NAMI_MOCK_OPEN_ORDERS must be from 0 to 100000"),
        ("NAMI_MOCK_OPEN_ORDERS_SHAPE", "dict", "NAMI_MOCK_OPEN_ORDERS_SHAPE must be page or list"),
        ("NAMI_MOCK_EXTRA_ACCOUNTS", '{"key-2": "sekrit-2"', "it is not valid JSON"),
        ("NAMI_MOCK_EXTRA_ACCOUNTS", '{"key-2": "sekrit-2", "key-2": "sekrit-3"}', "names an API key twice"),
        ("NAMI_MOCK_EXTRA_ACCOUNTS", '["key-2", "sekrit-2"]', "must be a JSON object of API key to secret"),
        ("NAMI_MOCK_EXTRA_ACCOUNTS", '{"key 2": "sekrit-2"}', "printable ASCII without spaces"),
        ("NAMI_MOCK_EXTRA_ACCOUNTS", '{"key-2": ""}', "each secret a non-empty string"),
        ("NAMI_MOCK_EXTRA_ACCOUNTS", '{"mock-api-key": "sekrit-2"}', "each account needs its own API key"),
    ],
)
def test_bad_accounts_and_book_settings_are_clear_errors(
    monkeypatch: pytest.MonkeyPatch, variable: str, value: str, error: str
) -> None:
    monkeypatch.delenv("NAMI_API_KEY", raising=False)
    monkeypatch.setenv(variable, value)
    with pytest.raises(ValueError) as refused:
        MockConfig.from_env()
    assert error in str(refused.value)
    assert "sekrit" not in str(refused.value)  # a secret is never shown


def test_extra_accounts_come_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NAMI_MOCK_EXTRA_ACCOUNTS", '{"key-2": "sekrit-2", "key-3": "sekrit-3"}')
    monkeypatch.setenv("NAMI_MOCK_OPEN_ORDERS", "0")
    config = MockConfig.from_env()
    assert config.extra_accounts == (("key-2", "sekrit-2"), ("key-3", "sekrit-3"))
    assert config.open_orders == 0


def test_a_config_never_shows_a_secret() -> None:
    config = MockConfig(api_secret="sekrit-1", extra_accounts=(("key-2", "sekrit-2"),))
    assert "sekrit" not in repr(config) and "sekrit" not in repr(MockServer(config).accounts)


def test_a_transient_fault_remembers_a_bounded_number_of_lists() -> None:
    app = create_app(MockConfig(api_key=KEY, api_secret=SECRET, fault=Fault.FLAKY_503))
    app.state.mock.MAX_SEEN = 2
    with TestClient(app) as client:
        answers = [send(client, signed({"orders": [{"displayingId": i, "symbol": "BTCUSDT"}]})) for i in (1, 2, 3)]
        assert [answer.status_code for answer in answers] == [503, 503, 503]
        assert answers[2].json()["message"] == "the fault remembers 2 lists"
        assert PLANTED[Fault.FLAKY_503].MAX_SEEN == 100_000  # type: ignore[attr-defined]


def test_the_cli_help_and_the_readme_agree_about_the_access_log() -> None:
    run = subprocess.run([sys.executable, "-m", "nami_client.testing", "--help"], capture_output=True, text=True)
    assert run.returncode == 0
    help_text = " ".join(run.stdout.split())
    assert "--quiet no banner (errors are still printed)" in help_text
    assert "--access-log print a line for each request (none by default, only errors)" in help_text
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    assert 'make mock ARGS="--access-log"' in readme and "a line per request only with `--access-log`" in readme

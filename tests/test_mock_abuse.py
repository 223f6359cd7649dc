"""Abusive clients: every input gets the contract's envelope, only a fully accepted request changes
the book, and slow, idle or oversized clients are cut off. Servers bind to loopback; loops are bounded."""

from __future__ import annotations

import json
import socket
import time
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from nami_client.testing.app import create_app
from nami_client.testing.config import MockConfig
from nami_client.testing.server import Answer, MockServer
from starlette.testclient import TestClient

from tests.mock_requests import HEADERS, KEY, ORDER_KEYS, ORDERS, SECRET, now_ms, send, signed, still_open
from tests.signatures import with_signature
from tools.process import mock_env, running_mock
from tools.spec import OPEN_ORDERS_PATH, OPERATION_PATH

SIGNATURE = "0" * 64  # well formed, and wrong


def signed_raw(params: dict[str, Any]) -> bytes:
    """`params` with a fresh timestamp and a correct signature; JSON escapes lone surrogates."""
    return json.dumps(with_signature({**params, "timestamp": now_ms()}, SECRET)).encode()


@pytest.mark.parametrize(
    "params",
    [
        {"orders": [{"displayingId": 435372, "symbol": "BTC\ud800USDT"}]},
        {"orders": ORDERS["orders"], "allowNotification": "\udfff"},
        {"orders": ORDERS["orders"], "\udc80": 1},
    ],
    ids=["in-a-symbol", "in-a-value", "in-a-key"],
)
def test_a_lone_surrogate_gets_400_and_cancels_nothing(client: TestClient, params: dict[str, Any]) -> None:
    response = send(client, signed_raw(params))
    assert response.status_code == 400
    assert "lone surrogate" in response.json()["message"]
    assert still_open(client)


def test_a_surrogate_pair_is_a_character_like_any_other(client: TestClient) -> None:
    response = send(client, signed_raw({"orders": [{"displayingId": 435372, "symbol": "\ud83d\ude00USDT"}]}))
    assert (response.status_code, response.json()["data"]) == (200, [])  # accepted; no such open order
    assert still_open(client)


@pytest.mark.parametrize("field", ["timestamp", "signature"])  # the current time, or a correct signature, and "\n"
def test_patterns_match_the_whole_string(client: TestClient, field: str) -> None:
    if field == "timestamp":
        body = json.loads(signed(ORDERS, timestamp=f"{now_ms()}\n"))
    else:
        body = json.loads(signed(ORDERS))
        body["signature"] += "\n"
    response = send(client, json.dumps(body).encode())
    assert response.status_code == 400
    assert field in response.json()["message"]
    assert still_open(client)


def _fill(prefix: bytes, unit: bytes, suffix: bytes, size: int = 1 << 20) -> bytes:
    """`prefix`, then `unit` repeated, then `suffix`: `size` bytes at most."""
    return prefix + unit * ((size - len(prefix) - len(suffix)) // len(unit)) + suffix


def _signed_prefix() -> bytes:
    return b'{"signature":"' + SIGNATURE.encode() + b'",'


HOSTILE_BODIES = {
    "300k-empty-orders-unsigned": (_fill(b'{"orders":[', b"{},", b"{}]}"), "more than 10000 values"),
    "1000-empty-orders-signed": (signed({"orders": [{}] * 1000}), "orders: the value has more than 200 items"),
    "deep-nesting": (_signed_prefix() + b'"orders":' + b"[" * 500 + b"]" * 500 + b"}", "nests deeper than 32"),
    "deep-objects": (_signed_prefix() + b'"x":' + b'{"a":' * 33 + b"1" + b"}" * 34, "nests deeper than 32"),
    "repeated-key": (signed(ORDERS)[:-1] + b', "orders": []}', "repeats a key"),
    "nan": (_signed_prefix() + b'"orders":NaN}', "NaN, which is not JSON"),
    "infinity": (_signed_prefix() + b'"orders":[-Infinity]}', "Infinity, which is not JSON"),
    "overflowing-number": (_signed_prefix() + b'"orders":1e999}', "too large for a double"),
    "5000-digit-integer": (_signed_prefix() + b'"orders":' + b"9" * 5000 + b"}", "not valid JSON"),
    "byte-order-mark": (b"\xef\xbb\xbf" + signed(ORDERS), "not valid JSON"),
    "latin-1": (_signed_prefix() + b'"orders":"\xe9"}', "not UTF-8"),
    "top-level-array": (b"[" + signed(ORDERS) + b"]", "not a JSON object"),
    "top-level-null": (b"null", "not a JSON object"),
    "empty": (b"", "not valid JSON"),
    "megabyte-string": (_fill(_signed_prefix() + b'"x":"', b"!~ ", b'"}'), "bad signature"),
    "megabyte-key": (_fill(_signed_prefix() + b'"', b"\xc3\xa9", b'":1}'), "bad signature"),
    "no-signature": (b'{"orders":[]}', "signature: required"),
    "signature-not-a-string": (b'{"orders":[],"signature":5}', "signature: required"),
    "uppercase-signature": (b'{"signature":"' + b"A" * 64 + b'"}', "signature: required"),
    "integer-beyond-2^53": (
        signed({"orders": [{"displayingId": 2**60, "symbol": "BTCUSDT"}]}),
        "orders/0/displayingId: the value is greater than the maximum",
    ),
    "extra-field": (signed({**ORDERS, "recvWindow": 5000}), "Additional properties are not allowed"),
}


@pytest.mark.parametrize(("content", "message"), HOSTILE_BODIES.values(), ids=HOSTILE_BODIES)
def test_hostile_bodies_get_a_clear_4xx_and_cancel_nothing(client: TestClient, content: bytes, message: str) -> None:
    response = send(client, content)
    assert 400 <= response.status_code < 500
    assert message in response.json()["message"]
    assert still_open(client)


@pytest.mark.parametrize(
    "content_type",
    ["text/json", "application/jsonx", "application/json-patch+json", "multipart/form-data", "", "text/plain"],
)
def test_other_content_types_get_415(client: TestClient, content_type: str) -> None:
    response = send(client, signed(ORDERS), {"content-type": content_type})
    assert response.status_code == 415
    assert still_open(client)


def test_the_media_type_is_case_insensitive_and_takes_parameters(client: TestClient) -> None:
    assert send(client, signed(ORDERS), {"content-type": "Application/JSON; charset=utf-8"}).status_code == 200


@pytest.mark.parametrize("method", ["GET", "POST", "PUT", "PATCH", "OPTIONS", "TRACE", "BREW"])
def test_other_methods_get_405_in_the_envelope(client: TestClient, method: str) -> None:
    response = send(client, signed(ORDERS), method=method)
    assert response.status_code == 405
    assert response.headers["allow"] == "DELETE"
    assert response.json()["code"] == 4050
    assert still_open(client)


def test_head_gets_405_with_allow(client: TestClient) -> None:
    response = client.request("HEAD", OPERATION_PATH, headers=HEADERS)
    assert (response.status_code, response.headers["allow"]) == (405, "DELETE")


@pytest.mark.parametrize(
    "path", [OPERATION_PATH + "/", "/", OPERATION_PATH.upper(), OPERATION_PATH + "/x", "/api/v4/spot/all_order%00"]
)
def test_other_paths_get_404_in_the_envelope_and_no_redirect(client: TestClient, path: str) -> None:
    response = client.request("DELETE", path, content=signed(ORDERS), headers=HEADERS, follow_redirects=False)
    assert response.status_code == 404
    assert "location" not in response.headers
    assert response.json()["status"] == "NOT_FOUND"
    assert still_open(client)


def test_a_chunked_body_over_the_limit_is_refused(client: TestClient) -> None:
    chunks = iter([b"[" + b" " * 65_536] * 20)
    response = client.request("DELETE", OPERATION_PATH, content=chunks, headers=HEADERS)
    assert response.status_code == 400
    assert "larger than 1048576 bytes" in response.json()["message"]


class _FailsWhileAnswering(MockServer):
    def render(self, answer: Answer) -> Any:
        if answer.status == 200:
            raise RuntimeError("planted by the test")
        return super().render(answer)


def test_a_crash_while_answering_gets_the_envelope_and_cancels_nothing() -> None:
    config = MockConfig(api_key=KEY, api_secret=SECRET)
    server = _FailsWhileAnswering(config)
    with TestClient(create_app(config, server), raise_server_exceptions=False) as test_client:
        response = test_client.request("DELETE", OPERATION_PATH, content=signed(ORDERS), headers=HEADERS)
    assert response.status_code == 500
    assert response.json()["status"] == "INTERNAL_ERROR"
    assert "planted by the test" not in response.text
    assert server.book.open_among(ORDER_KEYS) == ORDER_KEYS


# Over real sockets: a mock with short deadlines and a small connection cap.

HEAD_TIMEOUT_S, BODY_TIMEOUT_S, MAX_CONNECTIONS = 0.5, 0.5, 32


@pytest.fixture(scope="module")
def port() -> Iterator[int]:
    env = mock_env(
        KEY,
        SECRET,
        NAMI_MOCK_HEADER_TIMEOUT_SECONDS=str(HEAD_TIMEOUT_S),
        NAMI_MOCK_BODY_TIMEOUT_SECONDS=str(BODY_TIMEOUT_S),
        NAMI_MOCK_KEEP_ALIVE_SECONDS="1",
        NAMI_MOCK_MAX_CONNECTIONS=str(MAX_CONNECTIONS),
    )
    with running_mock(env) as url:
        yield int(url.rsplit(":", 1)[1])


def _connect(port: int) -> socket.socket:
    sock = socket.create_connection(("127.0.0.1", port), timeout=5)
    sock.settimeout(5)
    return sock


def _read_until_closed(sock: socket.socket) -> bytes:
    """Everything the server sends until it closes the connection; 5 s of silence raise TimeoutError."""
    received = b""
    for _ in range(1000):
        try:
            chunk = sock.recv(65_536)
        except ConnectionResetError:
            break
        if not chunk:
            break
        received += chunk
    return received


def _head(content_length: int, extra: str = "") -> bytes:
    return (
        f"DELETE {OPERATION_PATH} HTTP/1.1\r\nHost: 127.0.0.1\r\nx-api-key: {KEY}\r\n"
        f"content-type: application/json\r\ncontent-length: {content_length}\r\n{extra}\r\n"
    ).encode()


def _envelope(answer: bytes) -> tuple[int, dict[str, Any]]:
    head, _, body = answer.partition(b"\r\n\r\n")
    status = int(head.split(b" ", 2)[1])
    assert b"content-type: application/json" in head.lower(), head
    return status, json.loads(body)


def test_a_client_trickling_its_head_is_cut_off(port: int) -> None:
    with _connect(port) as sock:
        sock.sendall(f"DELETE {OPERATION_PATH} HTTP/1.1\r\n".encode())
        with pytest.raises(OSError):  # broken pipe or reset, once the server has closed
            for number in range(100):  # 10 s at most
                sock.sendall(f"x-trickle-{number}: 1\r\n".encode())
                time.sleep(0.1)
                if sock.recv(1, socket.MSG_PEEK | socket.MSG_DONTWAIT) == b"":
                    raise ConnectionResetError("closed by the server")


def test_idle_connections_are_closed_and_service_resumes(port: int) -> None:
    idle = [_connect(port) for _ in range(MAX_CONNECTIONS + 8)]
    try:
        time.sleep(HEAD_TIMEOUT_S + 0.3)
        assert all(_read_until_closed(sock) == b"" for sock in idle)  # closed without an answer
    finally:
        for sock in idle:
            sock.close()
    time.sleep(0.1)
    answer = httpx.request(
        "DELETE", f"http://127.0.0.1:{port}{OPERATION_PATH}", content=signed(ORDERS), headers=HEADERS, timeout=5
    )
    assert answer.status_code == 200


def test_an_idle_keep_alive_connection_is_closed(port: int) -> None:
    body = signed({"orders": [{"displayingId": 99, "symbol": "BTCUSDT"}]})
    with _connect(port) as sock:
        sock.sendall(_head(len(body)) + body)
        answer = _read_until_closed(sock)  # a connection left open would time out here after 5 s
    assert b" 200 " in answer.split(b"\r\n", 1)[0]


def test_a_very_long_head_gets_400_in_the_envelope(port: int) -> None:
    head = _head(2, "x-long: " + "a" * 64_000 + "\r\n")
    with _connect(port) as sock:
        with pytest.raises(OSError):  # the server answers and closes before the head is all sent
            for start in range(0, len(head), 4096):
                sock.sendall(head[start : start + 4096])
                time.sleep(0.01)
        status, envelope = _envelope(_read_until_closed(sock))
    assert status == 400
    assert "head is over 16384 bytes" in envelope["message"]


def test_headers_over_the_limit_get_431(client: TestClient) -> None:
    response = send(client, signed(ORDERS), {"x-long": "a" * 17_000})
    assert response.status_code == 431
    assert still_open(client)


def test_a_body_that_never_arrives_gets_408(port: int) -> None:
    with _connect(port) as sock:
        sock.sendall(_head(100) + b'{"orders":')
        status, envelope = _envelope(_read_until_closed(sock))
    assert status == 408
    assert envelope["status"] == "REQUEST_TIMEOUT"


def test_a_content_length_over_the_limit_is_refused_before_the_body(port: int) -> None:
    with _connect(port) as sock:
        sock.sendall(_head(5_000_000))
        status, envelope = _envelope(_read_until_closed(sock))
    assert status == 400
    assert "larger than" in envelope["message"]  # at once: waiting for the body would end in a 408


@pytest.mark.parametrize(
    ("query", "message"),
    [
        (b"timestamp=1&x=\xff\xfe", "malformed HTTP request"),  # h11 refuses a byte outside ASCII in the target
        (b"x=" + b"a" * 15_000, "query string longer than 2048 bytes"),
        (b"filterByPair=%ED%A0%80&filterByPair=%ED%A0%80", "given more than once"),
    ],
    ids=["raw-bytes", "15k-query", "repeated-surrogates"],
)
def test_hostile_queries_over_a_socket_get_400_in_the_envelope(port: int, query: bytes, message: str) -> None:
    head = b"GET " + OPEN_ORDERS_PATH.encode() + b"?" + query + b" HTTP/1.1\r\nHost: 127.0.0.1\r\n"
    with _connect(port) as sock:
        sock.sendall(head + f"x-api-key: {KEY}\r\nconnection: close\r\n\r\n".encode())
        status, envelope = _envelope(_read_until_closed(sock))
    assert status == 400
    assert message in envelope["message"]

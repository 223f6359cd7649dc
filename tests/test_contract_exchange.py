"""The harness's own requests never follow a redirect: the API key stays with the server under test."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from tests.contract.exchange import send


class Recorder(BaseHTTPRequestHandler):
    """Answers every request with `answer` and keeps the headers it was sent."""

    answer: tuple[int, dict[str, str]] = (200, {})
    seen: list[dict[str, str]]

    def do_DELETE(self) -> None:
        self.seen.append(dict(self.headers))
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        status, headers = self.answer
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


def serve(answer: tuple[int, dict[str, str]]) -> tuple[ThreadingHTTPServer, list[dict[str, str]]]:
    seen: list[dict[str, str]] = []
    handler = type("Handler", (Recorder,), {"answer": answer, "seen": seen})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True).start()
    return server, seen


@pytest.fixture
def elsewhere() -> Iterator[tuple[str, list[dict[str, str]]]]:
    server, seen = serve((200, {}))
    yield f"http://127.0.0.1:{server.server_address[1]}/", seen
    server.shutdown()


@pytest.mark.parametrize("status", [301, 302, 307, 308])
def test_a_redirect_is_the_answer_not_followed(status: int, elsewhere: tuple[str, list[dict[str, str]]]) -> None:
    target, seen_elsewhere = elsewhere
    server, seen = serve((status, {"Location": target}))
    try:
        answer = send(f"http://127.0.0.1:{server.server_address[1]}/x", "the-api-key", {"a": 1}, "a probe")
    finally:
        server.shutdown()
    assert answer.status == status
    assert [headers["x-api-key"] for headers in seen] == ["the-api-key"]
    assert seen_elsewhere == []

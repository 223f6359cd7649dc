"""A loopback HTTP server that answers every request the same way and records what it got."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Recording:
    url: str  # the base URL, without a trailing slash
    seen: list[dict[str, str]] = field(default_factory=list)  # the headers of each request, in order
    targets: list[str] = field(default_factory=list)  # the request target (path and query) of each, as sent


@contextmanager
def recording_server(status: int = 200, headers: dict[str, str] | None = None) -> Iterator[Recording]:
    """While it runs, every request gets `status` with `headers` and an empty body."""
    recording = Recording("")

    class Handler(BaseHTTPRequestHandler):
        def _answer(self) -> None:
            recording.seen.append(dict(self.headers))
            recording.targets.append(self.path)
            self.rfile.read(int(self.headers.get("Content-Length") or 0))
            self.send_response(status)
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            self.send_header("Content-Length", "0")
            self.end_headers()

        do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = do_OPTIONS = do_HEAD = _answer

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    recording.url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)
    thread.start()
    try:
        yield recording
    finally:
        server.shutdown()
        server.server_close()

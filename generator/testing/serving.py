"""Serving an app with uvicorn, with limits on slow, idle and too many clients.

From uvicorn's own settings: `timeout_keep_alive` closes a connection idle between requests,
`limit_concurrency` answers 503 once that many connections or requests are open, and
`h11_max_incomplete_event_size` bounds a request head. uvicorn 0.54 has no deadline for a
request head, so a client could connect and send nothing, or trickle headers, for ever:
`HeadDeadline` adds one. The request body's deadline is the server's (generator/testing/body.py).
"""

from __future__ import annotations

import asyncio
import json
import socket
from typing import Any

import h11
import uvicorn
from uvicorn.protocols.http.h11_impl import H11Protocol

from .config import MockConfig
from .refusals import Rejected, envelope


class HeadDeadline(H11Protocol):
    """uvicorn's h11 protocol, closing a connection whose next request head is not in within `head_timeout_s`."""

    head_timeout_s = 5.0
    max_head_bytes = 16 * 1024

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        self._head_timer: asyncio.TimerHandle | None = None
        super().connection_made(transport)
        self._await_head(after=None)

    def on_response_complete(self) -> None:
        finished = self.cycle
        super().on_response_complete()  # may start a pipelined request's cycle already
        self._await_head(after=finished)

    def connection_lost(self, exc: Exception | None) -> None:
        if self._head_timer is not None:
            self._head_timer.cancel()
        super().connection_lost(exc)

    def _await_head(self, after: Any) -> None:
        """Close the connection unless a request head after cycle `after` arrives in time
        (uvicorn starts a new cycle for each request head it receives)."""
        if self._head_timer is not None:
            self._head_timer.cancel()
        self._head_timer = self.loop.call_later(self.head_timeout_s, self._close_unless_new_head, after)

    def _close_unless_new_head(self, after: Any) -> None:
        if self.cycle is after and not self.transport.is_closing():
            self.transport.close()

    def send_400_response(self, msg: str) -> None:
        """A malformed or oversized request head, answered in the contract's envelope."""
        refusal = Rejected(
            400, 4003, "INVALID_REQUEST", f"malformed HTTP request, or its head is over {self.max_head_bytes} bytes"
        )
        content = json.dumps(envelope(refusal)).encode()
        headers = [
            (b"content-type", b"application/json"),
            (b"content-length", b"%d" % len(content)),
            (b"connection", b"close"),
        ]
        for event in (h11.Response(status_code=400, headers=headers), h11.Data(data=content), h11.EndOfMessage()):
            self.transport.write(self.conn.send(event))
        self.transport.close()


def loopback_listener() -> socket.socket:
    """A listening socket on a free loopback port, bound before the server starts so no one takes the port.

    Created as TCP by name: for a protocol of 0 asyncio does not set TCP_NODELAY on the connections,
    and every answer then waits some 40 ms for a delayed ACK."""
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    listener.bind(("127.0.0.1", 0))
    return listener


def server_config(app: Any, settings: MockConfig, *, host: str, port: int, access_log: bool) -> uvicorn.Config:
    """uvicorn's settings for `app` with the limits of `settings`: errors logged, requests only with `access_log`."""
    limits = {"head_timeout_s": settings.header_timeout_s, "max_head_bytes": settings.max_head_bytes}
    protocol = type("HeadDeadline", (HeadDeadline,), limits)
    return uvicorn.Config(
        app,
        host=host,
        port=port,
        http=protocol,
        timeout_keep_alive=settings.keep_alive_s,
        limit_concurrency=settings.max_connections,
        h11_max_incomplete_event_size=settings.max_head_bytes,
        date_header=False,  # the mock writes its own `Date`, from its own clock (NAMI_MOCK_CLOCK_OFFSET_MS)
        # uvicorn logs each request at INFO ("uvicorn.access"): shown only when asked for.
        log_level="info" if access_log else "warning",
        access_log=access_log,
        lifespan="off",
        timeout_graceful_shutdown=2,
    )


def serve(app: Any, settings: MockConfig, *, host: str, port: int, access_log: bool, fd: int | None = None) -> None:
    """Run `app` in the foreground with the limits of `settings`: on `host`:`port`, or on the listening
    socket `fd` when given (inherited from the process that started this one, which chose the port)."""
    server = uvicorn.Server(server_config(app, settings, host=host, port=port, access_log=access_log))
    server.run(sockets=None if fd is None else [socket.socket(fileno=fd)])

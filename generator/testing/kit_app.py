"""The ASGI app of a `MockExchange`: logs each request, lets the scheduled faults hit it, and hands it
to the faithful server or to the one a fault names. Everything else is the mock's own."""

from __future__ import annotations

import asyncio
import dataclasses
from collections import deque
from typing import Any

from starlette.types import Message, Receive, Scope, Send

from .app import create_app
from .config import MockConfig
from .contract import Contract
from .document import load_spec
from .kit_faults import Passage
from .recording import MAX_REQUESTS, RequestLog, request_view
from .refusals import Rejected
from .schedule import FaultSchedule, PredicateFailed
from .server import MockServer


class KitApp:
    def __init__(self, config: MockConfig) -> None:
        self.contract = Contract(load_spec())
        self.log = RequestLog()
        self.schedule = FaultSchedule()
        self.install(MockServer(config, self.contract))

    def install(self, server: MockServer) -> None:
        """Serve `server` from now on, with no fault waiting and an empty log."""
        self.schedule.clear()
        self.log.clear()
        self._apps = {server: create_app(server.config, server)}
        self.server = server

    def make_server(self, kind: type[MockServer], settings: dict[str, Any]) -> MockServer:
        """A server of `kind` sharing the faithful server's books, with `settings` as attributes."""
        server = kind(dataclasses.replace(self.server.config, open_orders=0), self.contract)
        server.accounts = self.server.accounts
        for name, value in settings.items():
            setattr(server, name, value)
        self._apps[server] = create_app(server.config, server)
        return server

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        server, apps = self.server, self._apps  # a reset meanwhile does not change this request's
        if scope["type"] != "http":
            await apps[server](scope, receive, send)
            return
        raw, receive = await _buffered(receive, server.config.max_body_bytes, server.config.body_timeout_s)
        api_keys = [account.api_key for account in server.accounts]
        view = request_view(scope, raw, api_keys, server.config.max_query_bytes)
        passage = Passage(scope, receive, send, server, apps)
        entry = self.log.add(view, len(raw))
        if entry is None:
            message = f"the MockExchange logged {MAX_REQUESTS} requests since it was reset: reset() it"
            await self._refuse(passage, Rejected(503, 5031, "MOCK_LOG_FULL", message))
            return
        passage.on_status = lambda status: entry.__setitem__("status", status)
        try:
            fault = self.schedule.take(view)
        except PredicateFailed as failure:
            entry.update(fault="predicate-error", error=str(failure))
            message = "a fault's `when` raised on this request; MockExchange.requests shows the error"
            await self._refuse(passage, Rejected(500, 5002, "MOCK_PREDICATE_FAILED", message))
            return
        if fault is None:
            await passage.forward()
            return
        entry["fault"] = fault.name
        if fault.cuts_off:  # no answer arrives: its status stays None
            passage.on_status = None
        await fault.action(passage)

    async def _refuse(self, passage: Passage, rejection: Rejected) -> None:
        server = passage.server
        answer = server.refuse_listing(rejection) if passage.scope["method"] == "GET" else server.refuse(rejection)
        await answer(passage.scope, passage.receive, passage.send)


async def _buffered(receive: Receive, limit: int, timeout_s: float) -> tuple[bytes, Receive]:
    """The request's body when it arrives whole within `limit` bytes and `timeout_s` (else b""), and a
    `receive` that hands the server everything again, from the first message."""
    messages: deque[Message] = deque()
    size, whole = 0, False
    try:
        async with asyncio.timeout(timeout_s):
            while True:
                message = await receive()
                messages.append(message)
                if message["type"] != "http.request":
                    break
                size += len(message.get("body", b""))
                if size > limit:
                    break
                if not message.get("more_body", False):
                    whole = True
                    break
    except TimeoutError:
        pass
    raw = b"".join(message.get("body", b"") for message in messages) if whole else b""

    async def replay() -> Message:
        return messages.popleft() if messages else await receive()

    return raw, replay

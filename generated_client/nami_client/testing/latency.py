# Copied from generator/testing/latency.py by `make generate`: edit it there, not here.
"""`NAMI_MOCK_LATENCY_MS`: every answer comes that much later, as from an exchange across a network.

An ASGI middleware that waits before the request is served: an asyncio sleep, so the event loop
keeps serving other requests meanwhile (latency, not a slow server)."""

from __future__ import annotations

import asyncio
from typing import Any


class Latency:
    def __init__(self, app: Any, seconds: float) -> None:
        self.app = app
        self.seconds = seconds

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] == "http":
            await asyncio.sleep(self.seconds)
        await self.app(scope, receive, send)

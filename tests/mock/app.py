"""The mock server: Delete All Orders as documented, its contract read from the spec.

Every request is validated against the spec's request schema and every answer against the
spec's response schema for its status, so a mock that drifts from the spec fails its own tests.
"""

from __future__ import annotations

import asyncio
import hmac
import itertools
import json
import time
import uuid
from typing import Any

from nami_client.signing import sign
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route
from starlette.types import Receive, Scope, Send

from tests.mock.book import OrderBook
from tests.mock.config import MockConfig
from tests.mock.faults import TRANSIENT_FAULTS, Fault
from tests.spec import OPERATION_PATH, SpecSchemas, load_spec

ALL_METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE"]
JSON = "application/json"


class Rejected(Exception):
    """A request the endpoint refuses: sent back in the published error envelope."""

    def __init__(self, status: int, code: int, kind: str, message: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status, self.code, self.kind, self.message = status, code, kind, message
        self.headers = headers or {}


class CutOffResponse(Response):
    """Promises a body it never finishes sending, so the client sees the connection drop."""

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        await send({"type": "http.response.start", "status": 200, "headers": [(b"content-length", b"1000")]})
        await send({"type": "http.response.body", "body": b'{"status":', "more_body": False})


def _encode(value: Any) -> bytes:
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False).encode()


def _reject_constant(name: str) -> None:
    raise ValueError(f"{name} is not JSON")


def _depth(value: Any) -> int:
    """How deeply arrays and objects nest, without recursion (bodies may be hostile)."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        node, level = stack.pop()
        if isinstance(node, dict | list):
            deepest = max(deepest, level)
            stack.extend((child, level + 1) for child in (node.values() if isinstance(node, dict) else node))
    return deepest


class MockServer:
    def __init__(self, config: MockConfig, schemas: SpecSchemas | None = None) -> None:
        self.config = config
        self.schemas = schemas or SpecSchemas(load_spec())
        self.book = OrderBook()
        self._request_numbers = itertools.count(1)

    def _planted(self, fault: Fault) -> bool:
        return self.config.fault is fault

    async def handle(self, request: Request) -> Response:
        number = next(self._request_numbers)
        if request.method != "DELETE":
            not_allowed = Rejected(
                405, 4050, "METHOD_NOT_ALLOWED", f"use DELETE, not {request.method}", {"Allow": "DELETE"}
            )
            return self._error(not_allowed)
        fault = self.config.fault
        if fault in TRANSIENT_FAULTS and number % 2 == 1:
            transient = await self._transient(fault)
            if transient is not None:
                return transient
        try:
            status, body = await self._delete_all_orders(request)
        except Rejected as rejection:
            return self._error(rejection)
        return self._answer(status, body)

    async def _transient(self, fault: Fault) -> Response | None:
        if fault is Fault.FLAKY_503:
            return self._error(Rejected(503, 5030, "UNAVAILABLE", "try again"), validate=False)
        if fault is Fault.RATE_LIMIT_429:
            limited = Rejected(429, 4290, "RATE_LIMITED", "slow down", {"Retry-After": "1"})
            return self._error(limited, validate=False)
        if fault is Fault.STATUS_520:
            return self._error(Rejected(520, 5200, "UNKNOWN_ERROR", "origin answered oddly"), validate=False)
        if fault is Fault.DROP_CONNECTION:
            return CutOffResponse()
        await asyncio.sleep(self.config.slow_seconds)
        return None  # SLOW: then answer as usual

    async def _delete_all_orders(self, request: Request) -> tuple[int, dict[str, Any]]:
        self._check_api_key(request.headers.get("x-api-key"))
        media_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
        if media_type != JSON:
            raise Rejected(415, 4150, "UNSUPPORTED_MEDIA_TYPE", f"send {JSON}, not {media_type or 'no content type'}")
        body = self._parse(await self._read_body(request))
        problems = self.schemas.errors(self.schemas.request_validator, body)
        if problems:
            if self._planted(Fault.ACCEPT_INVALID):
                return 200, {"status": "ok", "data": []}
            raise Rejected(400, 4001, "INVALID_REQUEST", "; ".join(problems[:3])[:500])
        self._check_timestamp(body["timestamp"])
        self._check_signature(body)
        if self._planted(Fault.REJECT_VALID):
            raise Rejected(400, 4001, "INVALID_REQUEST", "rejected")
        if self._planted(Fault.SERVER_ERROR_ON_VALID) and len(body["orders"]) >= 2:
            raise Rejected(500, 5000, "INTERNAL_ERROR", "planted failure")
        return 200, {"status": "ok", "data": self.book.cancel(body["orders"])}

    def _check_api_key(self, api_key: str | None) -> None:
        if self._planted(Fault.NO_API_KEY_CHECK):
            return
        if not api_key:
            raise Rejected(401, 4010, "UNAUTHORIZED", "missing x-api-key header")
        if not hmac.compare_digest(api_key.encode(), self.config.api_key.encode()):
            raise Rejected(401, 4011, "UNAUTHORIZED", "unknown API key")

    async def _read_body(self, request: Request) -> bytes:
        chunks, size = [], 0
        async for chunk in request.stream():
            size += len(chunk)
            if size > self.config.max_body_bytes:
                raise Rejected(400, 4002, "INVALID_REQUEST", f"body larger than {self.config.max_body_bytes} bytes")
            chunks.append(chunk)
        return b"".join(chunks)

    def _parse(self, raw: bytes) -> Any:
        try:
            body = json.loads(raw.decode("utf-8"), parse_constant=_reject_constant)
        except (UnicodeDecodeError, ValueError, RecursionError) as exc:
            reason = "not UTF-8" if isinstance(exc, UnicodeDecodeError) else "not valid JSON"
            raise Rejected(400, 4000, "INVALID_JSON", f"body is {reason}") from None
        if _depth(body) > self.config.max_json_depth:
            raise Rejected(400, 4000, "INVALID_JSON", f"body nests deeper than {self.config.max_json_depth}")
        return body

    def _check_timestamp(self, timestamp: int | str) -> None:
        if self._planted(Fault.NO_TIMESTAMP_CHECK):
            return
        skew = abs(time.time_ns() // 1_000_000 - int(timestamp))
        if skew > self.config.timestamp_window_ms:
            raise Rejected(401, 4012, "UNAUTHORIZED", f"timestamp is {skew} ms from server time")

    def _check_signature(self, body: dict[str, Any]) -> None:
        if self._planted(Fault.NO_SIGNATURE_CHECK):
            return
        expected = sign({key: value for key, value in body.items() if key != "signature"}, self.config.api_secret)
        if not hmac.compare_digest(expected.encode(), body["signature"].encode()):
            raise Rejected(401, 4013, "UNAUTHORIZED", "bad signature")

    def _answer(self, status: int, body: dict[str, Any]) -> Response:
        planted = self.config.fault
        for order in body["data"]:
            if planted is Fault.MISSING_RESPONSE_FIELD:
                del order["status"]
            if planted is Fault.WRONG_FIELD_TYPE:
                order["price"] = str(order["price"])
        if planted is Fault.UNDECLARED_STATUS:
            status = 202
        media_type = "text/plain" if planted is Fault.WRONG_CONTENT_TYPE else JSON
        return self._send(status, body, media_type, validate=planted is None)

    def _error(self, rejection: Rejected, *, validate: bool = True) -> Response:
        envelope: dict[str, Any] = {
            "status": rejection.kind,
            "code": rejection.code,
            "data": {"requestId": str(uuid.uuid4())},
            "message": rejection.message,
        }
        if self._planted(Fault.BAD_ERROR_ENVELOPE):
            envelope, validate = {"error": rejection.message}, False
        validate = validate and rejection.status in self.schemas.response_validators
        return self._send(rejection.status, envelope, JSON, validate=validate, headers=rejection.headers)

    def _send(
        self,
        status: int,
        body: dict[str, Any],
        media_type: str,
        *,
        validate: bool,
        headers: dict[str, str] | None = None,
    ) -> Response:
        if validate:
            drift = self.schemas.errors(self.schemas.response_validators[status], body)
            if drift:
                # A bug in the mock, never in the request: say so loudly.
                return Response(_encode({"mock drifted from the spec": drift}), 500, media_type=JSON)
        return Response(_encode(body), status, headers=headers, media_type=media_type)


def create_app(config: MockConfig | None = None) -> Starlette:
    server = MockServer(config or MockConfig.from_env())
    app = Starlette(routes=[Route(OPERATION_PATH, server.handle, methods=ALL_METHODS)])
    app.state.mock = server
    return app

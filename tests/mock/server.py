"""The faithful mock server: Delete All Orders as documented, its contract read from the spec.

Every request is checked against the spec's request schema and every answer against the spec's
schema for its status, so a mock that drifts from the spec fails its own tests. A planted fault
(tests/mock/planted.py) is a subclass that overrides one step; this class has no fault branches.
"""

from __future__ import annotations

import asyncio
import hmac
import json
import time
from dataclasses import dataclass, field
from typing import Any

from starlette.datastructures import Headers
from starlette.exceptions import HTTPException
from starlette.requests import ClientDisconnect, Request
from starlette.responses import Response

from tests.mock.body import parse_json, read_body
from tests.mock.book import Key, OrderBook, order_json
from tests.mock.config import MockConfig
from tests.mock.contract import Contract
from tests.mock.refusals import Rejected, body_too_large, envelope, invalid_json, invalid_request
from tests.signatures import signature_valid
from tests.spec import OPERATION_PATH, load_spec

JSON = "application/json"
# Bodies larger than this are checked in a worker thread, so the event loop keeps serving others.
OFF_LOOP_BYTES = 64 * 1024


@dataclass
class Answer:
    """A response before it is checked against the spec and encoded."""

    status: int
    body: dict[str, Any]
    headers: dict[str, str] = field(default_factory=dict)
    media_type: str = JSON


def _encode(value: Any) -> bytes:
    return json.dumps(value, separators=(",", ":")).encode()


class MockServer:
    def __init__(self, config: MockConfig, contract: Contract | None = None) -> None:
        self.config = config
        self.contract = contract or Contract(load_spec())
        self.book = OrderBook()

    async def handle(self, request: Request) -> Response:
        """DELETE on the endpoint: the cheap checks first, then the body, then the cancel."""
        try:
            self.check_headers(request.headers)
            raw = await read_body(request, self.config.max_body_bytes, self.config.body_timeout_s)
            if len(raw) > OFF_LOOP_BYTES:
                body = await asyncio.to_thread(self.accept, raw)
            else:
                body = self.accept(raw)
            return await self.cancel(body)
        except Rejected as rejection:
            return self.refuse(rejection)
        except ClientDisconnect:
            return Response(status_code=499)  # nobody is left to read it

    def check_headers(self, headers: Headers) -> None:
        # uvicorn bounds a head that arrives in pieces; one that arrives whole is bounded here.
        if sum(len(name) + len(value) for name, value in headers.raw) > self.config.max_head_bytes:
            raise Rejected(431, 4310, "HEADERS_TOO_LARGE", f"headers over {self.config.max_head_bytes} bytes")
        length = headers.get("content-length", "")
        if length.isdigit() and int(length) > self.config.max_body_bytes:
            raise body_too_large(self.config.max_body_bytes)
        media_type = headers.get("content-type", "").split(";")[0].strip().lower()
        if media_type != JSON:
            shown = media_type[:60] or "no content type"
            raise Rejected(415, 4150, "UNSUPPORTED_MEDIA_TYPE", f"send {JSON}, not {shown}")
        self.check_api_key(headers.get("x-api-key"))

    def check_api_key(self, api_key: str | None) -> None:
        if not api_key:
            raise Rejected(401, 4010, "UNAUTHORIZED", "missing x-api-key header")
        if not hmac.compare_digest(api_key.encode(), self.config.api_key.encode()):
            raise Rejected(401, 4011, "UNAUTHORIZED", "unknown API key")

    def accept(self, raw: bytes) -> dict[str, Any]:
        """The body of a request the endpoint accepts, checked cheapest first; else Rejected."""
        body = parse_json(raw, max_values=self.config.max_json_values, max_depth=self.config.max_json_depth)
        if not isinstance(body, dict):
            raise invalid_json("is not a JSON object")
        if not self.contract.signature_well_formed(body.get("signature")):
            raise invalid_request("signature: required, 64 lowercase hex digits")
        self.check_signature(body)
        problem = self.contract.request_problem(body)
        if problem is not None:
            raise invalid_request(problem[:500])
        self.check_timestamp(body["timestamp"])
        return body

    def check_signature(self, body: dict[str, Any]) -> None:
        if not signature_valid(body, self.config.api_secret):
            raise Rejected(401, 4013, "UNAUTHORIZED", "bad signature")

    def check_timestamp(self, timestamp: int | str) -> None:
        skew = abs(time.time_ns() // 1_000_000 - int(timestamp))
        if skew > self.config.timestamp_window_ms:
            raise Rejected(401, 4012, "UNAUTHORIZED", f"timestamp is {skew} ms from server time")

    async def cancel(self, body: dict[str, Any]) -> Response:
        """All or nothing: the answer is built and checked first; the book changes only if it is a 2xx."""
        keys: list[Key] = [(int(ref["displayingId"]), ref["symbol"]) for ref in body["orders"]]
        cancelled = self.book.open_among(keys)
        response = self.render(Answer(200, {"status": "ok", "data": [order_json(*key) for key in cancelled]}))
        if 200 <= response.status_code < 300:
            self.book.cancel(cancelled)
        return response

    def refuse(self, rejection: Rejected) -> Response:
        return self.render(Answer(rejection.status, self.envelope(rejection), rejection.headers))

    def envelope(self, rejection: Rejected) -> dict[str, Any]:
        return envelope(rejection)

    def drift(self, answer: Answer) -> str | None:
        """How an answer breaks the spec, or None."""
        return self.contract.answer_problem(answer.status, answer.body)

    def render(self, answer: Answer) -> Response:
        drift = self.drift(answer)
        if drift is not None:
            # A bug in the mock, never in the request: say so loudly.
            answer = Answer(
                500, self.envelope(Rejected(500, 5001, "MOCK_DRIFTED", f"mock drifted from the spec: {drift}"))
            )
        return Response(_encode(answer.body), answer.status, headers=answer.headers, media_type=answer.media_type)

    # Errors outside the endpoint: unknown paths, other methods, and a crash, in the same envelope.

    def http_error(self, request: Request, exc: Exception) -> Response:
        assert isinstance(exc, HTTPException)
        if exc.status_code == 405:
            allowed = (exc.headers or {}).get("Allow", "DELETE")
            message = f"{OPERATION_PATH} allows {allowed}, not {request.method[:20]}"
            return self.refuse(Rejected(405, 4050, "METHOD_NOT_ALLOWED", message, {"Allow": allowed}))
        if exc.status_code == 404:
            return self.refuse(
                Rejected(404, 4040, "NOT_FOUND", f"no such endpoint; the mock serves DELETE {OPERATION_PATH}")
            )
        return self.refuse(Rejected(exc.status_code, exc.status_code * 10, "HTTP_ERROR", exc.detail[:200]))

    def crash(self, request: Request, exc: Exception) -> Response:
        return self.refuse(Rejected(500, 5000, "INTERNAL_ERROR", "the mock failed; see its log"))

# Copied from generator/testing/server.py by `make generate`: edit it there, not here.
"""The faithful mock server: Delete All Orders and Get Open Orders as documented, the contract read
from the spec.

Every request is checked against the spec and every answer against the spec's schema for its
operation and status, so a mock that drifts from the spec fails its own tests. A planted fault
(generator/testing/planted.py) is a subclass that overrides one step; this class has no fault branches.
"""

from __future__ import annotations

import asyncio
import hmac
import time
from dataclasses import dataclass, field
from email.utils import formatdate
from typing import Any

from starlette.datastructures import Headers
from starlette.exceptions import HTTPException
from starlette.requests import ClientDisconnect, Request
from starlette.responses import Response

from .answer_json import encode_answer
from .body import parse_json, read_body
from .book import Key, OrderBook, seeded_orders
from .config import MockConfig
from .contract import DELETE_ALL_ORDERS, GET_OPEN_ORDERS, Contract
from .document import OPEN_ORDERS_PATH, OPERATION_PATH, load_spec
from .query import parse_query
from .rate import RateGate
from .refusals import Rejected, body_too_large, envelope, invalid_json, invalid_query, invalid_request
from .signatures import signature_valid
from .streaming import STREAMED_ORDERS, streamed_listing

JSON_MEDIA_TYPE = "application/json"
# Bodies larger than this are checked in a worker thread, so the event loop keeps serving others.
OFF_LOOP_BYTES = 64 * 1024


@dataclass
class Answer:
    """A response before it is checked against the spec and encoded."""

    status: int
    body: dict[str, Any]
    headers: dict[str, str] = field(default_factory=dict)
    media_type: str = JSON_MEDIA_TYPE
    operation: str = DELETE_ALL_ORDERS


@dataclass(frozen=True)
class Account:
    api_key: str
    api_secret: str = field(repr=False)
    book: OrderBook = field(repr=False)


def _shown(text: str) -> str:
    """A client's text, quoted and cut short, for an error message."""
    return repr(text[:40]) + ("…" if len(text) > 40 else "")


class MockServer:
    def __init__(self, config: MockConfig, contract: Contract | None = None) -> None:
        self.config = config
        self.contract = contract or Contract(load_spec())
        self.accounts = [
            Account(key, secret, OrderBook(seeded_orders(config.open_orders, number)))
            for number, (key, secret) in enumerate(config.accounts)
        ]
        self.rate = (
            None
            if config.rate_limit is None
            else RateGate(
                config.rate_limit,
                ban_after=config.ban_after_429s,
                ban_window_s=config.ban_window_s,
                ban_seconds=config.ban_seconds,
            )
        )

    def now_ms(self) -> int:
        """The mock's clock: the host's, moved by `clock_offset_ms`."""
        return time.time_ns() // 1_000_000 + self.config.clock_offset_ms

    @property
    def book(self) -> OrderBook:
        """The default account's book."""
        return self.accounts[0].book

    # Delete All Orders

    async def delete_all_orders(self, request: Request) -> Response:
        """The cheap checks first, then the body, then the cancel."""
        try:
            account = self.check_headers(request.headers)
            raw = await read_body(request, self.config.max_body_bytes, self.config.body_timeout_s)
            if len(raw) > OFF_LOOP_BYTES:
                body = await asyncio.to_thread(self.accept, raw, account)
            else:
                body = self.accept(raw, account)
            return await self.cancel(body, account)
        except Rejected as rejection:
            return self.refuse(rejection)
        except ClientDisconnect:
            return Response(status_code=499)  # nobody is left to read it

    def check_headers(self, headers: Headers) -> Account:
        self.check_head_size(headers)
        length = headers.get("content-length", "")
        if length.isdigit() and int(length) > self.config.max_body_bytes:
            raise body_too_large(self.config.max_body_bytes)
        media_type = headers.get("content-type", "").split(";")[0].strip().lower()
        if media_type != JSON_MEDIA_TYPE:
            shown = media_type[:60] or "no content type"
            raise Rejected(415, 4150, "UNSUPPORTED_MEDIA_TYPE", f"send {JSON_MEDIA_TYPE}, not {shown}")
        return self.admitted(self.account(headers.get("x-api-key")))

    def check_head_size(self, headers: Headers) -> None:
        # uvicorn bounds a head that arrives in pieces; one that arrives whole is bounded here.
        if sum(len(name) + len(value) for name, value in headers.raw) > self.config.max_head_bytes:
            raise Rejected(431, 4310, "HEADERS_TOO_LARGE", f"headers over {self.config.max_head_bytes} bytes")

    def account(self, api_key: str | None) -> Account:
        """The account of `api_key`. Every key is compared, in constant time."""
        if not api_key:
            raise Rejected(401, 4010, "UNAUTHORIZED", "missing x-api-key header")
        given = api_key.encode()
        matches = [account for account in self.accounts if hmac.compare_digest(given, account.api_key.encode())]
        if not matches:
            raise Rejected(401, 4011, "UNAUTHORIZED", "unknown API key")
        return matches[0]

    def admitted(self, account: Account) -> Account:
        """`account`, once its request is within the rate limit (429 or 418 otherwise)."""
        if self.rate is not None:
            self.rate.admit(account.api_key)
        return account

    def accept(self, raw: bytes, account: Account) -> dict[str, Any]:
        """The body of a request the endpoint accepts, checked cheapest first; else Rejected."""
        body = parse_json(raw, max_values=self.config.max_json_values, max_depth=self.config.max_json_depth)
        if not isinstance(body, dict):
            raise invalid_json("is not a JSON object")
        if not self.contract.signature_well_formed(body.get("signature")):
            raise invalid_request("signature: required, 64 lowercase hex digits")
        self.check_signature(body, account.api_secret)
        problem = self.contract.request_problem(body)
        if problem is not None:
            raise invalid_request(problem[:500])
        self.check_timestamp(body["timestamp"])
        return body

    def check_signature(self, body: dict[str, Any], secret: str) -> None:
        if not signature_valid(body, secret):
            raise Rejected(401, 4013, "UNAUTHORIZED", "bad signature")

    def check_timestamp(self, timestamp: int | str) -> None:
        skew = abs(self.now_ms() - int(timestamp))
        if skew > self.config.timestamp_window_ms:
            raise Rejected(401, 4012, "UNAUTHORIZED", f"timestamp is {skew} ms from server time")

    async def cancel(self, body: dict[str, Any], account: Account) -> Response:
        """All or nothing: the answer is built and checked first; the book changes only if it is a 2xx."""
        keys: list[Key] = [(int(ref["displayingId"]), ref["symbol"]) for ref in body["orders"]]
        book = account.book
        return book.cancel_with(keys, lambda cancelled: self.cancelled_answer(cancelled, book))

    def cancelled_answer(self, cancelled: list[Key], book: OrderBook) -> Response:
        return self.render(Answer(200, {"status": "ok", "data": [book.order(key, "CANCELED") for key in cancelled]}))

    # Get Open Orders

    async def get_open_orders(self, request: Request) -> Response:
        """The cheap checks first, then the query, then the listing."""
        try:
            self.check_head_size(request.headers)
            pairs = parse_query(request.scope["query_string"], self.config.max_query_bytes)
            account = self.admitted(self.account(request.headers.get("x-api-key")))
            params = self.accept_query(pairs, account)
            return await self.list_open(account, params.get("filterByPair"))
        except Rejected as rejection:
            return self.refuse_listing(rejection)

    def accept_query(self, pairs: list[tuple[str, str]], account: Account) -> dict[str, str]:
        """The parameters of a query the endpoint accepts, checked cheapest first; else Rejected."""
        params: dict[str, str] = {}
        for name, value in pairs:
            if name in params:
                raise invalid_query(f"query parameter {_shown(name)} given more than once")
            params[name] = value
        unknown = [name for name in params if name not in self.contract.query_parameters]
        if unknown:
            known = ", ".join(self.contract.query_parameters)
            raise invalid_query(f"unknown query parameter {_shown(unknown[0])}; this endpoint takes {known}")
        if not self.contract.query_signature_well_formed(params.get("signature")):
            raise invalid_query("signature: required, 64 lowercase hex digits")
        self.check_query_signature(params, account.api_secret)
        problem = self.contract.query_problem(params)
        if problem is not None:
            raise invalid_query(problem[:500])
        self.check_timestamp(params["timestamp"])
        return params

    def check_query_signature(self, params: dict[str, str], secret: str) -> None:
        if not signature_valid(params, secret):
            raise Rejected(401, 4013, "UNAUTHORIZED", "bad signature")

    async def list_open(self, account: Account, pair: str | None) -> Response:
        keys = self.listing(account.book, pair)
        if len(keys) > STREAMED_ORDERS:
            return streamed_listing(keys, lambda part: self.open_orders_answer(part, account.book))
        return self.open_orders_answer(keys, account.book)

    def listing(self, book: OrderBook, pair: str | None) -> list[Key]:
        """The orders to list: the open ones, of `pair` when given."""
        return book.open_orders(pair)

    def open_orders_answer(self, keys: list[Key], book: OrderBook) -> Response:
        orders = [book.order(key, "NEW") for key in keys]
        data = orders if self.config.open_orders_shape == "list" else {"orders": orders}
        return self.render(Answer(200, {"status": "ok", "data": data}, operation=GET_OPEN_ORDERS))

    def refuse_listing(self, rejection: Rejected) -> Response:
        return self.render(
            Answer(rejection.status, self.envelope(rejection), rejection.headers, operation=GET_OPEN_ORDERS)
        )

    # Answers

    def refuse(self, rejection: Rejected) -> Response:
        return self.render(Answer(rejection.status, self.envelope(rejection), rejection.headers))

    def envelope(self, rejection: Rejected) -> dict[str, Any]:
        return envelope(rejection)

    def drift(self, answer: Answer) -> str | None:
        """How an answer breaks the spec, or None."""
        return self.contract.answer_problem(answer.operation, answer.status, answer.body)

    def render(self, answer: Answer) -> Response:
        drift = self.drift(answer)
        if drift is not None:
            # A bug in the mock, never in the request: say so loudly.
            answer = Answer(
                500, self.envelope(Rejected(500, 5001, "MOCK_DRIFTED", f"mock drifted from the spec: {drift}"))
            )
        headers = {"Date": formatdate(self.now_ms() / 1000, usegmt=True), **answer.headers}  # the mock's own clock
        return Response(encode_answer(answer.body), answer.status, headers=headers, media_type=answer.media_type)

    # Errors outside the endpoints: unknown paths, other methods, and a crash, in the same envelope.

    def http_error(self, request: Request, exc: Exception) -> Response:
        assert isinstance(exc, HTTPException)
        if exc.status_code == 405:
            allowed = (exc.headers or {}).get("Allow", "")
            message = f"{request.url.path} allows {allowed}, not {request.method[:20]}"
            return self.refuse(Rejected(405, 4050, "METHOD_NOT_ALLOWED", message, {"Allow": allowed}))
        if exc.status_code == 404:
            served = f"DELETE {OPERATION_PATH} and GET {OPEN_ORDERS_PATH}"
            return self.refuse(Rejected(404, 4040, "NOT_FOUND", f"no such endpoint; the mock serves {served}"))
        return self.refuse(Rejected(exc.status_code, exc.status_code * 10, "HTTP_ERROR", exc.detail[:200]))

    def crash(self, request: Request, exc: Exception) -> Response:
        return self.refuse(Rejected(500, 5000, "INTERNAL_ERROR", "the mock failed; see its log"))

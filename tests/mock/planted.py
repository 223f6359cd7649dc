"""Planted faults, one subclass of the faithful server each, chosen when the app is created.

Each overrides one step of `MockServer`; the faithful server knows nothing of them.
"""

from __future__ import annotations

import asyncio
import json
from typing import Any

from starlette.responses import Response
from starlette.types import Receive, Scope, Send

from tests.mock.book import Key, OrderBook
from tests.mock.contract import DELETE_ALL_ORDERS, GET_OPEN_ORDERS
from tests.mock.faults import Fault
from tests.mock.refusals import INVALID_REQUEST, Rejected, invalid_request
from tests.mock.server import Account, Answer, MockServer


class NoSignatureCheck(MockServer):
    def check_signature(self, body: dict[str, Any], secret: str) -> None:
        pass


class NoTimestampCheck(MockServer):
    def check_timestamp(self, timestamp: int | str) -> None:
        pass


class NoApiKeyCheck(MockServer):
    def account(self, api_key: str | None) -> Account:
        try:
            return super().account(api_key)
        except Rejected:
            return self.accounts[0]


class ServerErrorOnValid(MockServer):
    async def cancel(self, body: dict[str, Any], account: Account) -> Response:
        if len(body["orders"]) >= 2:
            return self.refuse(Rejected(500, 5000, "INTERNAL_ERROR", "planted failure"))
        return await super().cancel(body, account)


class AcceptInvalid(MockServer):
    def refuse(self, rejection: Rejected) -> Response:
        if rejection.code == INVALID_REQUEST:
            return self.render(Answer(200, {"status": "ok", "data": []}))
        return super().refuse(rejection)


class RejectValid(MockServer):
    async def cancel(self, body: dict[str, Any], account: Account) -> Response:
        return self.refuse(invalid_request("rejected"))


class _Drifts(MockServer):
    """Breaks the spec on purpose, so its answers are not held to it."""

    def drift(self, answer: Answer) -> str | None:
        return None


class BadErrorEnvelope(_Drifts):
    def envelope(self, rejection: Rejected) -> dict[str, Any]:
        return {"error": rejection.message}


class _ChangesAnswers(_Drifts):
    """Changes the 200 answers of one operation (by default Delete All Orders)."""

    operation = DELETE_ALL_ORDERS

    def change(self, answer: Answer) -> None:
        raise NotImplementedError

    def render(self, answer: Answer) -> Response:
        if answer.status == 200 and answer.operation == self.operation:
            self.change(answer)
        return super().render(answer)


class MissingResponseField(_ChangesAnswers):
    def change(self, answer: Answer) -> None:
        for order in answer.body["data"]:
            del order["status"]


class WrongFieldType(_ChangesAnswers):
    def change(self, answer: Answer) -> None:
        for order in answer.body["data"]:
            order["price"] = str(order["price"])


class WrongContentType(_ChangesAnswers):
    def change(self, answer: Answer) -> None:
        answer.media_type = "text/plain"


class UndeclaredStatus(_ChangesAnswers):
    def change(self, answer: Answer) -> None:
        answer.status = 202


# Get Open Orders


class ListNoSignatureCheck(MockServer):
    def check_query_signature(self, params: dict[str, str], secret: str) -> None:
        pass


class ListShowsCancelled(MockServer):
    def listing(self, book: OrderBook, pair: str | None) -> list[Key]:
        return [key for key in book.seeded if pair is None or key[1] == pair]


class ListIgnoresFilter(MockServer):
    def listing(self, book: OrderBook, pair: str | None) -> list[Key]:
        return super().listing(book, None)


class ListShapeDrift(_ChangesAnswers):
    operation = GET_OPEN_ORDERS

    def change(self, answer: Answer) -> None:
        data = answer.body["data"]
        answer.body["data"] = {"list": data["orders"] if isinstance(data, dict) else data}


class ListBadErrorEnvelope(_Drifts):
    """Errors in the second shape Nami publishes (for another endpoint), not the envelope."""

    def refuse_listing(self, rejection: Rejected) -> Response:
        body = {"statusCode": rejection.status, "message": rejection.message, "error": "Bad Request"}
        return self.render(Answer(rejection.status, body, rejection.headers, operation=GET_OPEN_ORDERS))


# Transient faults


class _Transient(MockServer):
    """The first request for each `orders` list meets the fault; a retry of the same list goes through.

    Keyed by the request, not by a count of requests, so tests may run in any order.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._seen: set[str] = set()

    async def cancel(self, body: dict[str, Any], account: Account) -> Response:
        orders = json.dumps(body["orders"], sort_keys=True)
        if orders in self._seen:
            return await super().cancel(body, account)
        self._seen.add(orders)
        return await self.fault(body, account)

    async def fault(self, body: dict[str, Any], account: Account) -> Response:
        raise NotImplementedError


class Flaky503(_Transient):
    async def fault(self, body: dict[str, Any], account: Account) -> Response:
        return self.refuse(Rejected(503, 5030, "UNAVAILABLE", "try again"))


class RateLimit429(_Transient):
    async def fault(self, body: dict[str, Any], account: Account) -> Response:
        return self.refuse(Rejected(429, 4290, "RATE_LIMITED", "slow down", {"Retry-After": "1"}))


class Status520(_Transient):
    async def fault(self, body: dict[str, Any], account: Account) -> Response:
        return self.refuse(Rejected(520, 5200, "UNKNOWN_ERROR", "origin answered oddly"))


class _CutOffResponse(Response):
    """Promises a body it never finishes sending, so the client sees the connection drop."""

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        await send({"type": "http.response.start", "status": 200, "headers": [(b"content-length", b"1000")]})
        await send({"type": "http.response.body", "body": b'{"status":', "more_body": False})


class DropConnection(_Transient):
    async def fault(self, body: dict[str, Any], account: Account) -> Response:
        return _CutOffResponse()


class CancelThenDrop(_Transient):
    """The cancel is carried out, but its answer never arrives: the client cannot know what it did."""

    async def fault(self, body: dict[str, Any], account: Account) -> Response:
        await MockServer.cancel(self, body, account)
        return _CutOffResponse()


class Slow(_Transient):
    async def fault(self, body: dict[str, Any], account: Account) -> Response:
        await asyncio.sleep(self.config.slow_seconds)
        return await MockServer.cancel(self, body, account)  # then answers as usual


PLANTED: dict[Fault, type[MockServer]] = {
    Fault.NO_SIGNATURE_CHECK: NoSignatureCheck,
    Fault.NO_TIMESTAMP_CHECK: NoTimestampCheck,
    Fault.NO_API_KEY_CHECK: NoApiKeyCheck,
    Fault.SERVER_ERROR_ON_VALID: ServerErrorOnValid,
    Fault.MISSING_RESPONSE_FIELD: MissingResponseField,
    Fault.WRONG_FIELD_TYPE: WrongFieldType,
    Fault.WRONG_CONTENT_TYPE: WrongContentType,
    Fault.UNDECLARED_STATUS: UndeclaredStatus,
    Fault.ACCEPT_INVALID: AcceptInvalid,
    Fault.REJECT_VALID: RejectValid,
    Fault.BAD_ERROR_ENVELOPE: BadErrorEnvelope,
    Fault.LIST_NO_SIGNATURE_CHECK: ListNoSignatureCheck,
    Fault.LIST_SHOWS_CANCELLED: ListShowsCancelled,
    Fault.LIST_IGNORES_FILTER: ListIgnoresFilter,
    Fault.LIST_SHAPE_DRIFT: ListShapeDrift,
    Fault.LIST_BAD_ERROR_ENVELOPE: ListBadErrorEnvelope,
    Fault.FLAKY_503: Flaky503,
    Fault.RATE_LIMIT_429: RateLimit429,
    Fault.STATUS_520: Status520,
    Fault.DROP_CONNECTION: DropConnection,
    Fault.CANCEL_THEN_DROP: CancelThenDrop,
    Fault.SLOW: Slow,
}


def planted_server(fault: Fault | None) -> type[MockServer]:
    """The faithful server, or the subclass that plants `fault`."""
    return MockServer if fault is None else PLANTED[fault]

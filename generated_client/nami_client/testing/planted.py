# Copied from generator/testing/planted.py by `make generate`: edit it there, not here.
"""Planted faults, one subclass of the faithful server each, chosen when the app is created.

Each overrides one step of `MockServer`; the faithful server knows nothing of them.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import time
from typing import Any

from starlette.responses import Response
from starlette.types import Receive, Scope, Send

from .book import Key, OrderBook, order_json
from .contract import DELETE_ALL_ORDERS, GET_OPEN_ORDERS
from .faults import Fault
from .refusals import INVALID_REQUEST, Rejected, invalid_request
from .server import Account, Answer, MockServer
from .signatures import signature_valid


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


def _json_object(raw: bytes) -> dict[str, Any] | None:
    try:
        body = json.loads(raw)
    except (ValueError, RecursionError):
        return None
    return body if isinstance(body, dict) else None


class _AcceptsDespite(MockServer):
    """Takes a body the faithful server refuses as invalid, when `excuse` says the problem is one it ignores."""

    def excuse(self, body: dict[str, Any]) -> dict[str, Any] | None:
        """The body as this server reads it when its only problem is the ignored one, else None."""
        raise NotImplementedError

    def accept(self, raw: bytes, account: Account) -> dict[str, Any]:
        try:
            return super().accept(raw, account)
        except Rejected as rejection:
            body = _json_object(raw) if rejection.code == INVALID_REQUEST else None
            read = self.excuse(body) if body is not None else None
            if read is None or self.contract.request_problem(read) is not None:
                raise
            self.check_timestamp(read["timestamp"])
            return read


class SignedInvalidAccepted(MockServer):
    def accept(self, raw: bytes, account: Account) -> dict[str, Any]:
        try:
            return super().accept(raw, account)
        except Rejected as rejection:
            body = _json_object(raw) if rejection.code == INVALID_REQUEST else None
            if body is None or not signature_valid(body, account.api_secret):
                raise
            return {"orders": []}  # cancels nothing, answers 200


class MaxOrdersUnenforced(_AcceptsDespite):
    def excuse(self, body: dict[str, Any]) -> dict[str, Any] | None:
        orders = body.get("orders")
        return {**body, "orders": orders[:200]} if isinstance(orders, list) and len(orders) > 200 else None


class NegativeIdAccepted(_AcceptsDespite):
    """Checks `displayingId` for truthiness instead of `>= 1`: 0 is refused, a negative id taken."""

    def excuse(self, body: dict[str, Any]) -> dict[str, Any] | None:
        orders = body.get("orders")
        if not isinstance(orders, list) or not all(isinstance(order, dict) for order in orders):
            return None
        ids = [order.get("displayingId") for order in orders]
        if not any(isinstance(i, int) and i < 0 for i in ids):
            return None
        return {**body, "orders": [{**order, "displayingId": abs(order.get("displayingId"))} for order in orders]}


class LenientTimestamp(_AcceptsDespite):
    def excuse(self, body: dict[str, Any]) -> dict[str, Any] | None:
        try:
            return {**body, "timestamp": int(float(str(body.get("timestamp")).strip()))}
        except ValueError:
            return None


class SymbolLengthUtf16(MockServer):
    def accept(self, raw: bytes, account: Account) -> dict[str, Any]:
        body = super().accept(raw, account)
        if any(len(order["symbol"].encode("utf-16-le")) // 2 > 32 for order in body["orders"]):  # maxLength 32
            raise invalid_request("orders: symbol longer than 32 characters")
        return body


class FutureTimestampAccepted(MockServer):
    def check_timestamp(self, timestamp: int | str) -> None:
        if int(timestamp) < time.time_ns() // 1_000_000:
            super().check_timestamp(timestamp)


class CaseInsensitiveSignature(MockServer):
    def accept(self, raw: bytes, account: Account) -> dict[str, Any]:
        body = _json_object(raw)
        if body is not None and isinstance(body.get("signature"), str):
            raw = json.dumps({**body, "signature": body["signature"].lower()}).encode()
        return super().accept(raw, account)


class BadSignatureNotEnvelope(MockServer):
    def refuse(self, rejection: Rejected) -> Response:
        if rejection.message == "bad signature":
            return Response(b"bad signature", 401, media_type="text/plain")
        return super().refuse(rejection)


class RelistsCancelled(MockServer):
    async def cancel(self, body: dict[str, Any], account: Account) -> Response:
        response = await super().cancel(body, account)
        reopened = Account(account.api_key, account.api_secret, OrderBook(account.book.seeded))  # forgets every cancel
        self.accounts = [reopened if known is account else known for known in self.accounts]
        return response


# Promises across requests


class CancelsWholePair(MockServer):
    async def cancel(self, body: dict[str, Any], account: Account) -> Response:
        pairs = {ref["symbol"] for ref in body["orders"]}
        response = await super().cancel(body, account)
        if 200 <= response.status_code < 300:
            same_pair = [key for key in account.book.open_orders() if key[1] in pairs]
            account.book.cancel_with(same_pair, lambda cancelled: response)  # silently, beside the answer
        return response


class AnswerOmitsCancelled(MockServer):
    def cancelled_answer(self, cancelled: list[Key], book: OrderBook) -> Response:
        response = super().cancelled_answer(cancelled, book)  # the book goes on to cancel all of them
        return super().cancelled_answer(cancelled[:1], book) if 200 <= response.status_code < 300 else response


class ListsUnknownAsCancelled(MockServer):
    """An order no account ever had is "cancelled" the first time it is named (and then remembered)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._answered: set[Key] = set()

    async def cancel(self, body: dict[str, Any], account: Account) -> Response:
        keys: list[Key] = [(int(ref["displayingId"]), ref["symbol"]) for ref in body["orders"]]
        known = {key for each in self.accounts for key in each.book.seeded} | self._answered
        unknown = [key for key in dict.fromkeys(keys) if key not in known]
        self._answered.update(unknown)
        book = account.book
        return book.cancel_with(keys, lambda cancelled: self.cancelled_answer(cancelled + unknown, book))


class _Taken:
    """An answer that lets another book's cancel go through, keeping what it cancelled."""

    status_code = 200

    def __init__(self) -> None:
        self.keys: list[Key] = []

    def __call__(self, cancelled: list[Key]) -> _Taken:
        self.keys += cancelled
        return self


class CancelAnyAccount(MockServer):
    async def cancel(self, body: dict[str, Any], account: Account) -> Response:
        keys: list[Key] = [(int(ref["displayingId"]), ref["symbol"]) for ref in body["orders"]]
        taken = _Taken()
        for other in self.accounts:
            if other is not account:
                other.book.cancel_with(keys, taken)
        elsewhere = taken.keys
        book = account.book
        return book.cancel_with(keys, lambda cancelled: self.cancelled_answer(cancelled + elsewhere, book))


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


class ListsUnrequestedOrder(_ChangesAnswers):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._unrequested = itertools.count(900_000_001)  # a new one each time, never listed twice

    def change(self, answer: Answer) -> None:
        answer.body["data"].append(order_json(next(self._unrequested), "XYZUSDT"))


class ListsOrderTwice(_ChangesAnswers):
    def change(self, answer: Answer) -> None:
        answer.body["data"] += answer.body["data"][:1]


class WrongOrderStatus(_ChangesAnswers):
    def change(self, answer: Answer) -> None:
        for order in answer.body["data"]:
            order["status"] = "NEW"


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


class ListUnknownOrders(MockServer):
    """Breaks the link between the operations: what it lists, Delete All Orders cannot cancel."""

    def listing(self, book: OrderBook, pair: str | None) -> list[Key]:
        return [(displaying_id + 500_000_000, symbol) for displaying_id, symbol in super().listing(book, pair)]


class ListFilterDropsSome(MockServer):
    def listing(self, book: OrderBook, pair: str | None) -> list[Key]:
        listed = super().listing(book, pair)
        return listed[::2] if pair is not None else listed


class ListPaged(MockServer):
    def listing(self, book: OrderBook, pair: str | None) -> list[Key]:
        listed = super().listing(book, pair)
        return listed[:20] if pair is None else listed


class ListAllAccounts(MockServer):
    def listing(self, book: OrderBook, pair: str | None) -> list[Key]:
        others = [
            key for account in self.accounts if account.book is not book for key in account.book.open_orders(pair)
        ]
        return super().listing(book, pair) + others


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

    MAX_SEEN = 100_000  # lists remembered; past them it refuses rather than grow

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._seen: set[str] = set()

    async def cancel(self, body: dict[str, Any], account: Account) -> Response:
        orders = json.dumps(body["orders"], sort_keys=True)
        if orders in self._seen:
            return await super().cancel(body, account)
        if len(self._seen) >= self.MAX_SEEN:
            return self.refuse(Rejected(503, 5032, "MOCK_MEMORY_FULL", f"the fault remembers {self.MAX_SEEN} lists"))
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
    Fault.SIGNED_INVALID_ACCEPTED: SignedInvalidAccepted,
    Fault.MAX_ORDERS_UNENFORCED: MaxOrdersUnenforced,
    Fault.SYMBOL_LENGTH_UTF16: SymbolLengthUtf16,
    Fault.LENIENT_TIMESTAMP: LenientTimestamp,
    Fault.FUTURE_TIMESTAMP_ACCEPTED: FutureTimestampAccepted,
    Fault.CASE_INSENSITIVE_SIGNATURE: CaseInsensitiveSignature,
    Fault.BAD_SIGNATURE_NOT_ENVELOPE: BadSignatureNotEnvelope,
    Fault.LISTS_UNREQUESTED_ORDER: ListsUnrequestedOrder,
    Fault.LISTS_ORDER_TWICE: ListsOrderTwice,
    Fault.WRONG_ORDER_STATUS: WrongOrderStatus,
    Fault.RELISTS_CANCELLED: RelistsCancelled,
    Fault.CANCELS_WHOLE_PAIR: CancelsWholePair,
    Fault.ANSWER_OMITS_CANCELLED: AnswerOmitsCancelled,
    Fault.LISTS_UNKNOWN_AS_CANCELLED: ListsUnknownAsCancelled,
    Fault.CANCEL_ANY_ACCOUNT: CancelAnyAccount,
    Fault.NEGATIVE_ID_ACCEPTED: NegativeIdAccepted,
    Fault.LIST_NO_SIGNATURE_CHECK: ListNoSignatureCheck,
    Fault.LIST_SHOWS_CANCELLED: ListShowsCancelled,
    Fault.LIST_IGNORES_FILTER: ListIgnoresFilter,
    Fault.LIST_SHAPE_DRIFT: ListShapeDrift,
    Fault.LIST_BAD_ERROR_ENVELOPE: ListBadErrorEnvelope,
    Fault.LIST_UNKNOWN_ORDERS: ListUnknownOrders,
    Fault.LIST_FILTER_DROPS_SOME: ListFilterDropsSome,
    Fault.LIST_PAGED: ListPaged,
    Fault.LIST_ALL_ACCOUNTS: ListAllAccounts,
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

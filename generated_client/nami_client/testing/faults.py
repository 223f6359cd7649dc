# Copied from generator/testing/faults.py by `make generate`: edit it there, not here.
"""Faults the mock can plant, one at a time (NAMI_MOCK_FAULT=name), to prove the checks bite.

How each is planted: generator/testing/planted.py.
"""

from __future__ import annotations

import enum


class Fault(enum.Enum):
    # Contract faults: the harness must fail on each. These are in Delete All Orders; the key and
    # timestamp checks and the error envelope are shared with Get Open Orders.
    NO_SIGNATURE_CHECK = "no-signature-check"
    NO_TIMESTAMP_CHECK = "no-timestamp-check"
    NO_API_KEY_CHECK = "no-api-key-check"
    SERVER_ERROR_ON_VALID = "server-error-on-valid"  # 500 when a valid request lists two or more orders
    MISSING_RESPONSE_FIELD = "missing-response-field"  # cancelled orders lack `status` (required)
    WRONG_FIELD_TYPE = "wrong-field-type"  # `price` sent as a string
    WRONG_CONTENT_TYPE = "wrong-content-type"  # 200 sent as text/plain
    UNDECLARED_STATUS = "undeclared-status"  # 202 instead of 200
    ACCEPT_INVALID = "accept-invalid"  # schema violations answered with 200
    REJECT_VALID = "reject-valid"  # valid requests answered with 400
    BAD_ERROR_ENVELOPE = "bad-error-envelope"  # errors as {"error": "..."}
    SIGNED_INVALID_ACCEPTED = "signed-invalid-accepted"  # checks key and signature, then takes any body
    MAX_ORDERS_UNENFORCED = "max-orders-unenforced"  # more than 200 valid orders accepted
    SYMBOL_LENGTH_UTF16 = "symbol-length-utf16"  # `symbol` length counted in UTF-16 units, not code points
    LENIENT_TIMESTAMP = "lenient-timestamp"  # any timestamp that reads as a recent number, e.g. "+1795..."
    FUTURE_TIMESTAMP_ACCEPTED = "future-timestamp-accepted"  # only timestamps in the past are stale
    CASE_INSENSITIVE_SIGNATURE = "case-insensitive-signature"  # an upper-case signature accepted
    BAD_SIGNATURE_NOT_ENVELOPE = "bad-signature-not-envelope"  # 401 for a bad signature as text/plain
    LISTS_UNREQUESTED_ORDER = "lists-unrequested-order"  # every answer adds an order nobody asked for
    LISTS_ORDER_TWICE = "lists-order-twice"  # the first cancelled order listed twice
    WRONG_ORDER_STATUS = "wrong-order-status"  # cancelled orders reported with status NEW
    RELISTS_CANCELLED = "relists-cancelled"  # forgets what it cancelled: lists it again every time
    # Promises across requests (the server's state), each caught by one check of the harness.
    CANCELS_WHOLE_PAIR = "cancels-whole-pair"  # a cancel also cancels every other open order of the same pairs
    ANSWER_OMITS_CANCELLED = "answer-omits-cancelled"  # cancels every order named, lists only the first
    LISTS_UNKNOWN_AS_CANCELLED = "lists-unknown-as-cancelled"  # an order it never had is listed cancelled, once
    CANCEL_ANY_ACCOUNT = "cancel-any-account"  # a named order not in the caller's book is cancelled in another's
    NEGATIVE_ID_ACCEPTED = "negative-id-accepted"  # displayingId checked for truthiness: 0 refused, -5 accepted
    # Contract faults of Get Open Orders only.
    LIST_NO_SIGNATURE_CHECK = "list-no-signature-check"  # the query's signature is not checked
    LIST_SHOWS_CANCELLED = "list-shows-cancelled"  # cancelled orders are still listed, as NEW
    LIST_IGNORES_FILTER = "list-ignores-filter"  # filterByPair is ignored: every open order is listed
    LIST_SHAPE_DRIFT = "list-shape-drift"  # 200 answers `data: {"list": [...]}`, neither published shape
    LIST_BAD_ERROR_ENVELOPE = "list-bad-error-envelope"  # errors as {"statusCode": 400, "message": ..., "error": ...}
    LIST_UNKNOWN_ORDERS = "list-unknown-orders"  # lists each open order under an id the DELETE does not know
    LIST_FILTER_DROPS_SOME = "list-filter-drops-some"  # with filterByPair, every second order of the pair left out
    LIST_PAGED = "list-paged"  # without a filter, only the first 20 open orders
    LIST_ALL_ACCOUNTS = "list-all-accounts"  # the caller's open orders, then every other account's
    # Transient faults for client tests: each hits the first request for a given `orders` list;
    # a retry of the same list goes through.
    FLAKY_503 = "flaky-503"
    RATE_LIMIT_429 = "rate-limit-429"  # with Retry-After: 1
    STATUS_520 = "status-520"
    DROP_CONNECTION = "drop-connection"  # the answer is cut off mid-body
    CANCEL_THEN_DROP = "cancel-then-drop"  # the orders are cancelled, then the answer is cut off mid-body
    SLOW = "slow"  # answers after NAMI_MOCK_SLOW_SECONDS

    @classmethod
    def parse(cls, name: str) -> Fault:
        try:
            return cls(name)
        except ValueError:
            known = ", ".join(fault.value for fault in cls)
            raise ValueError(f"unknown NAMI_MOCK_FAULT {name!r}; known faults: {known}") from None


TRANSIENT_FAULTS = frozenset(
    {Fault.FLAKY_503, Fault.RATE_LIMIT_429, Fault.STATUS_520, Fault.DROP_CONNECTION, Fault.CANCEL_THEN_DROP, Fault.SLOW}
)
CONTRACT_FAULTS = [fault for fault in Fault if fault not in TRANSIENT_FAULTS]
OPEN_ORDERS_FAULTS = [fault for fault in CONTRACT_FAULTS if fault.value.startswith("list-")]

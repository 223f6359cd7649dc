"""Why the mock refuses a request: the status, code and message of its error envelope."""

from __future__ import annotations

import uuid
from typing import Any


class Rejected(Exception):
    """A request the endpoint refuses: sent back in the published error envelope."""

    def __init__(self, status: int, code: int, kind: str, message: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status, self.code, self.kind, self.message = status, code, kind, message
        self.headers = headers or {}


# The codes this mock uses; the real exchange's codes are not published beyond the 400 example.
INVALID_JSON = 4000
INVALID_REQUEST = 4001  # the body breaks the request schema
BODY_TOO_LARGE = 4002
INVALID_QUERY = 4004  # the query string breaks the operation's parameters
QUERY_TOO_LONG = 4005


def body_too_large(limit: int) -> Rejected:
    return Rejected(400, BODY_TOO_LARGE, "INVALID_REQUEST", f"body larger than {limit} bytes")


def invalid_json(reason: str) -> Rejected:
    return Rejected(400, INVALID_JSON, "INVALID_JSON", f"body {reason}")


def invalid_request(problem: str) -> Rejected:
    return Rejected(400, INVALID_REQUEST, "INVALID_REQUEST", problem)


def invalid_query(problem: str) -> Rejected:
    return Rejected(400, INVALID_QUERY, "INVALID_REQUEST", problem)


def query_too_long(limit: int) -> Rejected:
    return Rejected(400, QUERY_TOO_LONG, "INVALID_REQUEST", f"query string longer than {limit} bytes")


def envelope(rejection: Rejected) -> dict[str, Any]:
    """The published error envelope, with a fresh request id."""
    return {
        "status": rejection.kind,
        "code": rejection.code,
        "data": {"requestId": str(uuid.uuid4())},
        "message": rejection.message,
    }

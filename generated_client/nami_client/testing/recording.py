# Copied from generator/testing/recording.py by `make generate`: edit it there, not here.
"""What a `MockExchange` received: each request as a plain dict, its credentials redacted, in a log of
bounded size."""

from __future__ import annotations

import contextlib
import hmac
import json
import threading
from typing import Any

from starlette.types import Scope

from .query import parse_query
from .refusals import Rejected

REDACTED = "[redacted]"
MAX_REQUESTS = 10_000  # per test (reset() empties the log); past it the kit answers 503
MAX_LOGGED_BODY_BYTES = 16 << 20  # bodies kept in all; past it a request is logged without its body
MAX_SHOWN_BODY_BYTES = 64 << 10  # a larger body is logged without its content


def request_view(scope: Scope, raw_body: bytes, api_keys: list[str], max_query_bytes: int) -> dict[str, Any]:
    """The request as a test sees it: method, path, query and body (`signature` redacted), and the
    account: the number of its API key (0 the default one, then the others as given), else None.
    The API key itself is never shown."""
    query: dict[str, str] = {}
    with contextlib.suppress(Rejected):  # a query the mock refuses is shown empty
        query = dict(parse_query(scope.get("query_string", b""), max_query_bytes))
    body: Any = None
    if raw_body and len(raw_body) <= MAX_SHOWN_BODY_BYTES:
        try:
            body = json.loads(raw_body)
        except (ValueError, RecursionError):
            body = None
    for params in (query, body):
        if isinstance(params, dict) and "signature" in params:
            params["signature"] = REDACTED
    given = next((value for name, value in scope["headers"] if name == b"x-api-key"), None)
    account = None
    if given is not None:
        matches = [number for number, key in enumerate(api_keys) if hmac.compare_digest(given, key.encode())]
        account = matches[0] if matches else None
    return {"method": scope["method"], "path": scope["path"], "query": query, "body": body, "account": account}


class RequestLog:
    """The requests received since the last reset, in the order they arrived."""

    def __init__(self) -> None:
        self._entries: list[dict[str, Any]] = []
        self._body_bytes = 0
        self._lock = threading.Lock()

    def add(self, view: dict[str, Any], body_bytes: int) -> dict[str, Any] | None:
        """The entry of a new request (its `status` and `fault` filled in later), or None when the log is full."""
        with self._lock:
            if len(self._entries) >= MAX_REQUESTS:
                return None
            if view["body"] is not None:
                if self._body_bytes + body_bytes > MAX_LOGGED_BODY_BYTES:
                    view = {**view, "body": None}
                else:
                    self._body_bytes += body_bytes
            entry = {**view, "status": None, "fault": None}
            self._entries.append(entry)
            return entry

    def entries(self) -> list[dict[str, Any]]:
        with self._lock:
            return [dict(entry) for entry in self._entries]

    def clear(self) -> None:
        with self._lock:
            self._entries, self._body_bytes = [], 0

# Copied from generator/hook/error_types.py by `make generate`: edit it there, not here.
"""The errors a client built by `nami_client.factory.signed_client` raises, so that a caller can
tell what to do next from the type alone. Import them from `nami_client.errors`, which adds the
generator's own `UnexpectedStatus` (it must come from the generator's template).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from http import HTTPStatus
from typing import Any

import httpx

from .retry import retry_after_seconds

__all__ = [
    "ApiError",
    "AuthenticationError",
    "BrokerError",
    "NamiError",
    "RateLimitError",
    "ServerError",
    "SigningError",
    "TransportError",
    "error_for_response",
]


class NamiError(Exception):
    """The root of every error the client raises on purpose."""


class SigningError(NamiError, ValueError):
    """Credentials, a setting or a body the signing hook cannot use. Never carries the secret."""


class TransportError(NamiError):
    """No answer arrived: the connection failed, dropped or timed out, on every attempt.

    The httpx error of the last attempt is `__cause__`. Unless that is `httpx.ConnectError` or
    `httpx.ConnectTimeout`, the request may have reached the server.
    """

    def __init__(self, message: str, *, attempts: int = 1) -> None:
        super().__init__(message)
        self.attempts = attempts


class ApiError(NamiError):
    """The server answered with an error status. Carries what the server said, never the request."""

    def __init__(self, status_code: int, body: bytes, headers: Mapping[str, str] | None = None, *, attempts: int = 1):
        self.status_code = status_code
        self.body = body
        self.headers = httpx.Headers(headers)
        self.attempts = attempts
        envelope = _envelope(body)
        self.error_status: str | None = _str_or_none(envelope.get("status"))
        code = envelope.get("code")
        self.code: int | None = code if isinstance(code, int) and not isinstance(code, bool) else None
        data = envelope.get("data")
        self.request_id: str | None = _str_or_none(data.get("requestId")) if isinstance(data, dict) else None
        self.message: str | None = _str_or_none(envelope.get("message"))
        self.retry_after: float | None = retry_after_seconds(self.headers.get("retry-after"))
        super().__init__(self._describe())

    def _describe(self) -> str:
        text = f"HTTP {self.status_code} {_reason(self.status_code)}"
        details = [
            f"{name} {value}"
            for name, value in (
                ("status", self.error_status),
                ("code", self.code),
                ("request", self.request_id),
                ("message", self.message),
                ("retry after (s)", self.retry_after),
            )
            if value is not None
        ]
        if details:
            text += ": " + ", ".join(details)
        if self.attempts > 1:
            text += f" (after {self.attempts} attempts)"
        return text


class BrokerError(ApiError):
    """400: the exchange rejected the request; `code` and `request_id` say why and where to look."""


class AuthenticationError(ApiError):
    """401: unknown key, bad signature or a timestamp outside the server's window (check the clock)."""


class RateLimitError(ApiError):
    """429: too many requests; `retry_after` is the wait in seconds the server asked for, if any."""


class ServerError(ApiError):
    """5xx, including statuses Python does not know, such as Cloudflare's 520-527."""


def error_for_response(response: httpx.Response, *, attempts: int = 1) -> ApiError:
    """The error for a read error response, by status."""
    status = response.status_code
    kind: type[ApiError] = ApiError
    if status == 400:
        kind = BrokerError
    elif status == 401:
        kind = AuthenticationError
    elif status == 429:
        kind = RateLimitError
    elif status >= 500:
        kind = ServerError
    return kind(status, response.content, response.headers, attempts=attempts)


def _reason(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "(a status Python does not know)"


def _envelope(body: bytes) -> dict[str, Any]:
    """The published error envelope as a dict, or {} when the body is something else."""
    try:
        value = json.loads(body)
    except (UnicodeDecodeError, ValueError):
        return {}
    return value if isinstance(value, dict) else {}


def _str_or_none(value: object) -> str | None:
    return value if isinstance(value, str) else None

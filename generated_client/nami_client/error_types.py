# Copied from generator/hook/error_types.py by `make generate`: edit it there, not here.
"""The errors a client built by `nami_client.factory.signed_client` raises, so that a caller can
tell what to do next from the type alone. Import them from `nami_client.errors`, which adds the
generator's own `UnexpectedStatus` (it must come from the generator's template).

The hierarchy, what each error is raised for and what it carries are described once, in
generator/templates/error_hierarchy.jinja, from which the README's table, the package docstring and
every generated function's "Raises:" section are rendered; a test keeps these classes to it.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from http import HTTPStatus
from typing import TYPE_CHECKING, Any

# Leaves only, modules that import nothing of the package: the report an error carries when it
# stopped a run, the code names, the `Retry-After` reader.
from .cancel_report import CancelReport
from .codes import code_name
from .retry_after import retry_after_seconds

if TYPE_CHECKING:  # at run time httpx is imported only to build an error from an answer (below)
    import httpx

__all__ = [
    "ApiError",
    "AuthenticationError",
    "BannedError",
    "BrokerError",
    "ClientClosedError",
    "DeadlineExceeded",
    "InvalidRequestError",
    "InvalidResponseError",
    "NamiError",
    "RateLimitError",
    "RedirectError",
    "ResponseTooLargeError",
    "RunStopped",
    "ServerError",
    "SigningError",
    "SpecViolation",
    "TransportError",
    "error_for_response",
    "printable",
]

BODY_KEPT = 8192
"""How many bytes of an answer an error keeps in `body` (`InvalidResponseError`)."""


class NamiError(Exception):
    """The root of every error the client raises on purpose.

    `report` is set when the error stopped a run of `nami_client.orders` (`cancel_all`, ...): what
    the run had done by then. It is None otherwise.
    """

    report: CancelReport | None = None


class _FromAnswer:
    """What every error built from an answer carries: the envelope's `code`, its published
    `code_name` (`nami_client.codes`), `request_id` (`data.requestId`, for the exchange's support
    desk) and the answer's `headers`; each None (headers empty) when the answer does not have it."""

    code: int | None
    code_name: str | None
    request_id: str | None
    headers: httpx.Headers

    def _read_answer(self, body: bytes, headers: Mapping[str, str] | None) -> dict[str, Any]:
        # Imported here, not at the top: the mock and the contract harness import these errors (and the
        # signing recipe, which raises them) without sending a request through httpx.
        from httpx import Headers

        self.headers = Headers(headers)
        envelope = _envelope(body)
        code = envelope.get("code")
        self.code = code if isinstance(code, int) and not isinstance(code, bool) else None
        self.code_name = code_name(self.code)
        data = envelope.get("data")
        self.request_id = _str_or_none(data.get("requestId")) if isinstance(data, dict) else None
        return envelope


class SigningError(NamiError, ValueError):
    """Credentials, a setting or a body the signing hook cannot use. Never carries the secret."""


class ClientClosedError(NamiError, RuntimeError):
    """A call on a client whose `with` block (or `close()`) has ended; build a new client. Nothing was sent."""


class TransportError(NamiError):
    """No answer arrived: the connection failed, dropped or timed out, on every attempt.

    The httpx error of the last attempt is `__cause__`. Unless that is `httpx.ConnectError` or
    `httpx.ConnectTimeout`, the request may have reached the server.
    """

    def __init__(self, message: str, *, attempts: int = 1) -> None:
        super().__init__(message)
        self.attempts = attempts


class DeadlineExceeded(TransportError):
    """The call's time ran out (`Retry.total`, or the `total` of `call_timeout`) before a whole
    answer arrived. The request may have reached the server."""


class InvalidRequestError(NamiError, ValueError):
    """The request breaks the spec's rules; it was refused before it was signed or sent.

    `problems` lists each broken rule as `field: what is wrong`, e.g. `orders: 201 items, at most 200`.
    """

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        shown = "; ".join(problems[:5]) + (f"; and {len(problems) - 5} more" if len(problems) > 5 else "")
        super().__init__(f"the request breaks the spec and was not sent: {shown}")


class InvalidResponseError(_FromAnswer, NamiError):
    """An answer arrived that the client cannot read: not JSON, or not what the spec says.

    Carries `status_code`, `headers` and the first `BODY_KEPT` bytes of the raw `body`. For a 2xx to a
    cancel, the server may have carried it out: check the open orders before sending it again.
    """

    def __init__(self, status_code: int, body: bytes, headers: Mapping[str, str] | None, *, problem: str) -> None:
        self.status_code = status_code
        self._read_answer(body[:BODY_KEPT], headers)
        self.body = body[:BODY_KEPT]
        self.problem = problem
        text = f"HTTP {status_code} {_reason(status_code)}: {printable(problem)}"
        if 200 <= status_code < 300:
            text += (
                ". The server answered 2xx, so a cancel may have happened (a listing changes nothing):"
                " check the open orders before sending a cancel again"
            )
        super().__init__(text)


class ResponseTooLargeError(InvalidResponseError):
    """The answer's body was larger than `limit` bytes (`setting` of `signed_client`: `max_response_bytes`,
    or `max_listing_bytes` for a listing): reading stopped there and the connection was closed.
    `body` holds its first bytes."""

    def __init__(
        self,
        status_code: int,
        body: bytes,
        headers: Mapping[str, str] | None,
        *,
        limit: int,
        setting: str = "max_response_bytes",
    ) -> None:
        self.limit = limit
        self.setting = setting
        problem = (
            f"the answer is larger than {limit} bytes; reading stopped there and the connection was closed "
            f"(signed_client(..., {setting}=...) raises the limit)"
        )
        super().__init__(status_code, body, headers, problem=problem)


class ApiError(_FromAnswer, NamiError):
    """The server answered with an error status. Carries what the server said, never the request."""

    def __init__(self, status_code: int, body: bytes, headers: Mapping[str, str] | None = None, *, attempts: int = 1):
        self.status_code = status_code
        self.body = body
        self.attempts = attempts
        envelope = self._read_answer(body, headers)
        self.error_status: str | None = _str_or_none(envelope.get("status"))
        self.message: str | None = _str_or_none(envelope.get("message"))
        self.retry_after: float | None = retry_after_seconds(self.headers.get("retry-after"))
        super().__init__(self._describe())

    def _describe(self) -> str:
        text = f"HTTP {self.status_code} {_reason(self.status_code)}"
        details = [
            f"{name} {printable(value) if isinstance(value, str) else value}"
            for name, value in (
                ("status", self.error_status),
                ("code", self.code if self.code_name is None else f"{self.code} {self.code_name}"),
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
    """429: too many requests; `retry_after` is the wait in seconds the server asked for, if any.
    Every call of the client that got it waits that long before sending."""


class BannedError(RateLimitError):
    """418: the exchange banned the key or address for sending too fast. Never retried: the client
    refuses every request (raising `BannedError`, nothing sent, `attempts` 0) until the ban ends,
    `retry_after` seconds from the answer, or an hour (Nami's published ban) when it did not say."""

    def refusal(self, seconds_left: float) -> BannedError:
        """The error for a request the client did not send because of this ban: the banning answer's
        fields, `retry_after` the seconds left, and a message that says nothing was sent."""
        refused = BannedError(self.status_code, self.body, self.headers, attempts=0)
        refused.retry_after = seconds_left
        refused.args = (f"not sent: the client is banned for {seconds_left:.0f} s more, since {self}",)
        return refused


class ServerError(ApiError):
    """5xx, including statuses Python does not know, such as Cloudflare's 520-527."""


class RedirectError(ApiError):
    """3xx: the server sent the request elsewhere (`location`). A signed request goes only to the
    host the client was built for, so the redirect is not followed."""

    @property
    def location(self) -> str | None:
        location = self.headers.get("location")
        return None if location is None else str(location)

    def _describe(self) -> str:
        return (
            f"{super()._describe()}: to {printable((self.location or '(no Location)')[:200])}, not followed: "
            "a signed request goes only to the host the client was built for"
        )


class RunStopped(NamiError):
    """The error of an order in `failed` whose cancel was never sent or never answered because the
    run was interrupted (KeyboardInterrupt, a cancelled task): the order may still be open."""


Step = str | int
"""A step of `SpecViolation.path`: a field name, or an index in an array."""


class SpecViolation(NamiError, ValueError):
    """A value does not fit the spec's schema: a required field is missing, a value has the wrong
    type or is not allowed there, or an object has a field its schema forbids. Raised for a 2xx
    answer that breaks the spec, and by `from_dict` on any object that does.

    `path` locates the value from the parsed object (field names and array indexes, e.g.
    `("data", 3, "feeMetadata", "value")`); `expected` says what the spec allows there and `got`
    what was found, as a JSON type. The value itself is never part of the message.
    """

    def __init__(self, expected: str, got: str, path: tuple[Step, ...] = ()) -> None:
        self.expected = expected
        self.got = got
        self.path = path
        super().__init__(expected, got, path)

    def __str__(self) -> str:
        return f"{self.location}: expected {self.expected}, got {self.got}"

    @property
    def location(self) -> str:
        """The path as written in JavaScript, e.g. `data[3].feeMetadata.value`; `(root)` for the object itself."""
        text = "".join(f"[{step}]" if isinstance(step, int) else f".{step}" for step in self.path)
        return text.removeprefix(".") or "(root)"

    def within(self, step: Step) -> SpecViolation:
        """The same violation, seen from the object or array that holds this one at `step`."""
        return SpecViolation(self.expected, self.got, (step, *self.path))


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
    elif status == 418:
        kind = BannedError
    elif status >= 500:
        kind = ServerError
    elif 300 <= status < 400:
        kind = RedirectError
    return kind(status, response.content, response.headers, attempts=attempts)


def printable(text: str) -> str:
    """`text` as one printable line: each character that is not printable (a control character such
    as a newline, a lone surrogate, a bidirectional override) written as its escape (`\\n`,
    `\\ud800`). For a server's text in a message: printing or logging it cannot fail or forge a line."""
    if text.isprintable():
        return text
    return "".join(char if char.isprintable() else ascii(char)[1:-1] for char in text)


def _reason(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "(a status Python does not know)"


def _envelope(body: bytes) -> dict[str, Any]:
    """The published error envelope as a dict, or {} when the body is something else."""
    try:
        value = json.loads(body)
    except (UnicodeDecodeError, ValueError, RecursionError):
        return {}
    return value if isinstance(value, dict) else {}


def _str_or_none(value: object) -> str | None:
    return value if isinstance(value, str) else None

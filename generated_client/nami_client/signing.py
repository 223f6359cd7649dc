# Copied from generator/hook/signing.py by `make generate`: edit it there, not here.
"""Nami request signing: `NamiAuth.signed`, which the transport of `signed_client` calls for every attempt.

Nami's recipe (public API docs, "Generating a Signature"): add `timestamp` (ms) to the request's
parameters, take `new URLSearchParams(params).toString()` in JavaScript, HMAC-SHA256 it with the
API secret, and send the lowercase hex digest as `signature`, the API key as `x-api-key`. A request
with a body (Delete All Orders) carries its parameters, `timestamp` and `signature` in its JSON
body; a request without one (Get Open Orders) in its query string, which is sent as exactly the
string that was signed, with `&signature=...` appended.

What the signature protects: every parameter of the query, and every top-level field of the body,
but each order object becomes `[object Object]`, so for Delete All Orders it covers how many
orders there are, not which ones. That is the upstream scheme, reproduced here byte for byte, not
a choice of this client.

The recipe itself, on a set of parameters, is `nami_client.signing_recipe` (no HTTP in it): its
canonical string is JavaScript's (`nami_client.url_search_params`), its body is written by the
package's JSON codec (`nami_client.json_codec`). Here it is applied to httpx requests, and the signed
request is rebuilt by `nami_client.signed_request`.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Mapping
from typing import Any

import httpx

from . import json_codec
from .error_types import SigningError
from .signed_request import with_body, with_query
from .signing_recipe import sign, sign_params, sign_query
from .url_search_params import canonical_query, query_params

__all__ = [
    "Clock",
    "NamiAuth",
    "SigningError",
    "body_params",
    "canonical_query",
    "query_params",
    "request_params",
    "sign",
    "sign_body",
    "sign_params",
    "sign_query",
    "system_clock_ms",
]

Clock = Callable[[], int]
"""Returns the current time in milliseconds since the Unix epoch."""


def system_clock_ms() -> int:
    return time.time_ns() // 1_000_000


def _mask(api_key: str) -> str:
    return api_key[:4] + "…" if len(api_key) > 8 else "…"


def _credential_problem(api_key: object, api_secret: object) -> str | None:
    """What makes the credentials unusable, in words that never quote them; None when they are fine.

    It returns rather than raises, so that no traceback holds a frame whose locals are the credentials.
    """
    for name, value in (("api_key", api_key), ("api_secret", api_secret)):
        if not isinstance(value, str) or not value.strip():
            return f"{name} must be a non-empty string"
    assert isinstance(api_key, str) and isinstance(api_secret, str)
    if not (api_key.isascii() and api_key.isprintable()) or " " in api_key:
        # It goes in a header: a value httpx would refuse could end up in an error message.
        return "api_key must be printable ASCII without spaces"
    try:
        api_secret.encode()
    except UnicodeEncodeError:  # a lone surrogate: what os.environ gives for a byte that is not UTF-8
        return "api_secret cannot be encoded as UTF-8 (it holds a lone surrogate: check how it was read)"
    return None


def body_params(content: bytes) -> dict[str, Any]:
    """The parameters of a JSON request body, in their order; `SigningError` if it is not a JSON object."""
    try:
        body = json_codec.loads(content)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise SigningError(f"the request body is not JSON: {exc}") from None
    except RecursionError:
        raise SigningError("the request body is JSON nested too deep to sign") from None
    if not isinstance(body, dict):
        raise SigningError(f"the request body must be a JSON object, not {type(body).__name__}")
    return body


def request_params(request: httpx.Request) -> dict[str, Any]:
    """The parameters a request is signed over: its JSON body's, or its query's when it has no body."""
    return body_params(request.content) if request.content else query_params(request.url.query)


def sign_body(content: bytes, api_secret: str | bytes, timestamp_ms: int) -> bytes:
    """The JSON body with a fresh `timestamp` and its `signature`, other fields in order."""
    return sign_params(body_params(content), api_secret, timestamp_ms)


class NamiAuth:
    """Signs requests as Nami expects (`signed`); one instance serves sync and async calls.

    It is not an `httpx.Auth`: signing happens in the transport of `signed_client`, below httpx's
    auth, so that every retried attempt is signed afresh (see `nami_client.transport`).

    `clock_offset_ms` is added to `clock()`: for a host whose clock runs 1.5 s behind the
    exchange's, pass 1500.
    """

    def __init__(
        self, api_key: str, api_secret: str, *, clock: Clock = system_clock_ms, clock_offset_ms: int = 0
    ) -> None:
        problem = _credential_problem(api_key, api_secret)
        if problem is None:
            self._api_key = api_key
            self._api_secret = api_secret.encode()
        del api_key, api_secret  # so that a traceback's locals cannot show them
        if problem is not None:
            raise SigningError(problem)
        self._clock = clock
        self._clock_offset_ms = clock_offset_ms

    def __repr__(self) -> str:
        return f"NamiAuth(api_key={_mask(getattr(self, '_api_key', ''))!r}, api_secret='***')"

    def signed(
        self, request: httpx.Request, params: Mapping[str, Any] | None = None, timestamp_ms: int | None = None
    ) -> httpx.Request:
        """A copy of `request` with the key header, a fresh timestamp and the signature: in its JSON
        body, or in its query string when it has no body.

        `params` are the request's parameters when the caller has read them already (`request_params`);
        `timestamp_ms` the time to sign with, when the caller keeps the clock (`nami_client.clock`).
        """
        if params is None:
            params = request_params(request)
        now = self._clock() + self._clock_offset_ms if timestamp_ms is None else timestamp_ms
        has_body = bool(request.content)
        try:
            if has_body:
                body = sign_params(params, self._api_secret, now)
            else:
                query = sign_query(params, self._api_secret, now)
        except SigningError as exc:
            message = str(exc)
        except (RecursionError, ValueError, TypeError) as exc:  # parameters no JSON encoder or signer takes
            message = f"the request cannot be signed: {type(exc).__name__}"
        else:
            if has_body:
                return with_body(request, body, self._api_key)
            return with_query(request, query, self._api_key)
        # Raised afresh, outside the handler, so that its traceback starts here and leaves out the
        # frames below, whose locals hold the secret.
        raise SigningError(message)

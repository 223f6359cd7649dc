"""The clients `signed_client` returns: the generated `Client` with what the signing layer knows.

`SignedClient` uses the generated `Client` through its public face (its `httpx_client_class`, not
its private attributes: the generated code is regenerated, never edited); `RaisingClient` is its
type when every answer but a success raises.
"""

from __future__ import annotations

from typing import Any, Self, cast

import httpx
from attrs import define, field

from .client import Client
from .error_types import ClientClosedError
from .transport import NamiTransport

__all__ = ["RaisingClient", "SignedClient"]

_CLOSED = "this client is closed (its `with` block ended, or close() was called): build a new one with signed_client()"


class _HttpxClient(httpx.Client):
    """httpx's client, raising `ClientClosedError` (a `NamiError`) instead of a bare RuntimeError once closed."""

    def send(self, request: httpx.Request, **kwargs: Any) -> httpx.Response:
        if self.is_closed:
            raise ClientClosedError(_CLOSED)
        return super().send(request, **kwargs)

    def __enter__(self) -> Self:
        if self.is_closed:
            raise ClientClosedError(_CLOSED)
        return super().__enter__()


class _AsyncHttpxClient(httpx.AsyncClient):
    async def send(self, request: httpx.Request, **kwargs: Any) -> httpx.Response:
        if self.is_closed:
            raise ClientClosedError(_CLOSED)
        return await super().send(request, **kwargs)

    async def __aenter__(self) -> Self:
        if self.is_closed:
            raise ClientClosedError(_CLOSED)
        return await super().__aenter__()


@define
class SignedClient(Client):
    """The `Client` that `signed_client` returns: the generated one, with what the signing layer
    knows (`clock_offset_ms`, `enforces_assumed_limits`), and a `ClientClosedError` for a call
    after it was closed."""

    httpx_client_class = _HttpxClient
    async_httpx_client_class = _AsyncHttpxClient
    # The transport signed_client built (also in httpx_args, for httpx): what the signing layer knows.
    _nami_transport: NamiTransport | None = field(default=None, kw_only=True, alias="nami_transport")

    # The generator types these as returning `Client`; attrs' evolve keeps the class, so say so.
    def with_headers(self, headers: dict[str, str]) -> Self:
        return cast(Self, super().with_headers(headers))

    def with_cookies(self, cookies: dict[str, str]) -> Self:
        return cast(Self, super().with_cookies(cookies))

    def with_timeout(self, timeout: httpx.Timeout) -> Self:
        return cast(Self, super().with_timeout(timeout))

    @property
    def clock_offset_ms(self) -> int:
        """What is added to `clock()` to sign: `clock_offset_ms` as given, plus the offset learned
        from the answers' `Date` (0 until one beyond 1 s is seen, or with `clock_sync=False`)."""
        clock = None if self._nami_transport is None else self._nami_transport.clock
        return 0 if clock is None else clock.fixed_offset_ms + clock.offset_ms

    @property
    def enforces_assumed_limits(self) -> bool:
        """Whether requests are held to the limits the spec marks as assumptions (200 orders, ...):
        `signed_client`'s `enforce_assumed_limits` (True for a client `signed_client` did not build)."""
        return self._nami_transport is None or self._nami_transport.enforces_assumed_limits


class RaisingClient(SignedClient):
    """The `Client` that `signed_client` returns when it raises on every answer but a success.

    Its type is what lets the generated `sync` and `asyncio` be typed as returning the success model
    (`DeleteAllOrdersResponse`) for it: any other answer raises. It adds no behaviour.
    """

    __slots__ = ()

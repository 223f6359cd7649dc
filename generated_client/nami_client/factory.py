# Copied from generator/hook/factory.py by `make generate`: edit it there, not here.
"""`signed_client`: the generated `Client`, set up for a service that must get its cancels through.

It puts the pieces together: `validation.RequestCheck` checks each request against the spec,
`signing.NamiAuth` signs it, `transport.NamiTransport` sends each attempt the `retry.Retry` policy
asks for within the call's deadline (`deadline`) and reads each answer within the size limit
(`reading`), raising the errors of `nami_client.errors`.
"""

from __future__ import annotations

from typing import Any, Literal, cast, overload

import httpx

from .client import Client
from .deadline import bound_by_deadline
from .error_types import SigningError
from .reading import ACCEPT_ENCODING, DEFAULT_MAX_LISTING_BYTES, DEFAULT_MAX_RESPONSE_BYTES
from .retry import DEFAULT_RETRY, Retry
from .signing import Clock, NamiAuth, system_clock_ms
from .transport import DEFAULT_TIMEOUT, NamiTransport
from .validation import RequestCheck

__all__ = ["RaisingClient", "signed_client"]

# httpx.Client arguments that configure the connection: they go to the transports signed_client builds.
_TRANSPORT_ARGS = ("cert", "http1", "http2", "limits", "proxy")


class RaisingClient(Client):
    """The `Client` that `signed_client` returns when it raises on every answer but a success.

    Its type is what lets the generated `sync` and `asyncio` be typed as returning the success model
    (`DeleteAllOrdersResponse`) for it: any other answer raises. It adds no behaviour.
    """

    __slots__ = ()

    # The generator types these as returning `Client`; attrs' evolve keeps the class, so say so.
    def with_headers(self, headers: dict[str, str]) -> RaisingClient:
        return cast(RaisingClient, super().with_headers(headers))

    def with_cookies(self, cookies: dict[str, str]) -> RaisingClient:
        return cast(RaisingClient, super().with_cookies(cookies))

    def with_timeout(self, timeout: httpx.Timeout) -> RaisingClient:
        return cast(RaisingClient, super().with_timeout(timeout))

    @property
    def enforces_assumed_limits(self) -> bool:
        """Whether requests are held to the limits the spec marks as assumptions (200 orders, ...):
        `signed_client`'s `enforce_assumed_limits` (True for a client `signed_client` did not build)."""
        transport = self._httpx_args.get("transport")
        return not isinstance(transport, NamiTransport) or transport.enforces_assumed_limits


@overload
def signed_client(
    base_url: str = ...,
    *,
    api_key: str,
    api_secret: str,
    clock: Clock = ...,
    clock_offset_ms: int = ...,
    timeout: httpx.Timeout | float | None = ...,
    retry: Retry | None = ...,
    raise_errors: Literal[True] = ...,
    max_response_bytes: int = ...,
    max_listing_bytes: int = ...,
    enforce_assumed_limits: bool = ...,
    **client_kwargs: Any,
) -> RaisingClient: ...


@overload
def signed_client(
    base_url: str = ...,
    *,
    api_key: str,
    api_secret: str,
    clock: Clock = ...,
    clock_offset_ms: int = ...,
    timeout: httpx.Timeout | float | None = ...,
    retry: Retry | None = ...,
    raise_errors: bool,
    max_response_bytes: int = ...,
    max_listing_bytes: int = ...,
    enforce_assumed_limits: bool = ...,
    **client_kwargs: Any,
) -> Client: ...


def signed_client(
    base_url: str = "https://nami.exchange",
    *,
    api_key: str,
    api_secret: str,
    clock: Clock = system_clock_ms,
    clock_offset_ms: int = 0,
    timeout: httpx.Timeout | float | None = DEFAULT_TIMEOUT,
    retry: Retry | None = DEFAULT_RETRY,
    raise_errors: bool = True,
    max_response_bytes: int = DEFAULT_MAX_RESPONSE_BYTES,
    max_listing_bytes: int = DEFAULT_MAX_LISTING_BYTES,
    enforce_assumed_limits: bool = True,
    **client_kwargs: Any,
) -> Client:
    """The generated `Client`, every request checked, signed, retried by `retry` and bounded in time.

    Each call ends within `retry.total` seconds (20 by default; also with `retry=None`, which turns
    retries off), or the `total` of `call_timeout` when shorter; `timeout` bounds each connect, read
    and write. An answer larger than `max_response_bytes` (4 MiB) is not read further; for a listing of
    the open orders the limit is `max_listing_bytes` (128 MiB, some 200,000 orders). A request that breaks
    the spec is refused before it is signed; `enforce_assumed_limits=False` lifts the limits the spec
    marks as assumptions (200 orders, 32-character symbols, ...). Redirects are never followed.

    With `raise_errors` (the default) every answer but a 2xx raises an error of `nami_client.errors`;
    then it is a `RaisingClient`, and the generated `sync` and `asyncio` are typed as returning the
    success model. With `raise_errors=False` it is a plain `Client` and the generated functions return
    what they generate, except for a status they cannot parse (520), which still raises `ServerError`,
    and an answer they cannot read, which raises `InvalidResponseError`.
    """
    try:
        auth = NamiAuth(api_key, api_secret, clock=clock, clock_offset_ms=clock_offset_ms)
    finally:
        del api_key, api_secret  # so that no traceback's locals show them
    if max_response_bytes < 1 or max_listing_bytes < 1:
        raise ValueError("max_response_bytes and max_listing_bytes must be positive numbers of bytes")
    httpx_args = dict(client_kwargs.pop("httpx_args", None) or {})
    for owned in ("auth", "mounts"):
        if owned in httpx_args:
            raise SigningError(
                f"signed_client sets how requests are signed and sent; do not pass httpx_args[{owned!r}]"
            )
    if client_kwargs.get("follow_redirects") or httpx_args.get("follow_redirects"):
        raise SigningError(
            "signed_client never follows redirects: a redirect would carry the API key and a signed "
            "request to a host you did not name. A redirect raises RedirectError with its `location`."
        )
    inner = httpx_args.pop("transport", None)
    # Popped either way: left in httpx_args, a proxy would get its own transport, bypassing this one.
    options = {name: httpx_args.pop(name) for name in _TRANSPORT_ARGS if name in httpx_args}
    if inner is not None and options:
        raise SigningError(f"give {', '.join(options)} to your own transport, not beside it in httpx_args")
    if inner is None:
        options["verify"] = client_kwargs.get("verify_ssl", True)
        options["trust_env"] = httpx_args.get("trust_env", True)
        sync_inner: httpx.BaseTransport | None = bound_by_deadline(httpx.HTTPTransport(**options))
        async_inner: httpx.AsyncBaseTransport | None = bound_by_deadline(httpx.AsyncHTTPTransport(**options))
    else:  # a given transport (httpx.MockTransport in tests) serves whichever client it can
        sync_inner = inner if isinstance(inner, httpx.BaseTransport) else None
        async_inner = inner if isinstance(inner, httpx.AsyncBaseTransport) else None
    httpx_args["transport"] = NamiTransport(
        auth.signed,
        sync_transport=sync_inner,
        async_transport=async_inner,
        retry=retry,
        raise_errors=raise_errors,
        origin=httpx.URL(base_url),
        check=RequestCheck(enforce_assumed_limits=enforce_assumed_limits),
        max_response_bytes=max_response_bytes,
        max_listing_bytes=max_listing_bytes,
    )
    client_kwargs.setdefault("raise_on_unexpected_status", raise_errors)
    # Asked for uncompressed answers, so that the size limit holds for memory too (`reading`).
    client_kwargs["headers"] = {"Accept-Encoding": ACCEPT_ENCODING, **(client_kwargs.get("headers") or {})}
    if timeout is not None and not isinstance(timeout, httpx.Timeout):
        timeout = httpx.Timeout(timeout)
    client_type = RaisingClient if raise_errors else Client
    return client_type(base_url=base_url, httpx_args=httpx_args, timeout=timeout, **client_kwargs)

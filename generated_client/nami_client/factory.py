# Copied from generator/hook/factory.py by `make generate`: edit it there, not here.
"""`signed_client`: the generated `Client`, set up for a service that must get its cancels through.

It puts the pieces together: `signing.NamiAuth` signs, `transport.NamiTransport` sends each
attempt the `retry.Retry` policy asks for and raises the errors of `nami_client.errors`.
"""

from __future__ import annotations

from typing import Any, Literal, cast, overload

import httpx

from .client import Client
from .error_types import SigningError
from .retry import DEFAULT_RETRY, Retry
from .signing import Clock, NamiAuth, system_clock_ms
from .transport import DEFAULT_TIMEOUT, NamiTransport

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
    **client_kwargs: Any,
) -> Client:
    """The generated `Client`, every request signed, retried by `retry` and bounded by `timeout`.

    With `raise_errors` (the default) every answer but a 2xx raises an error of `nami_client.errors`;
    then it is a `RaisingClient`, and the generated `sync` and `asyncio` are typed as returning the
    success model. With `raise_errors=False` it is a plain `Client` and the generated functions return
    what they generate, except for a status they cannot parse (520), which still raises `ServerError`.
    `retry=None` turns retries off.
    """
    auth = NamiAuth(api_key, api_secret, clock=clock, clock_offset_ms=clock_offset_ms)
    httpx_args = dict(client_kwargs.pop("httpx_args", None) or {})
    for owned in ("auth", "mounts"):
        if owned in httpx_args:
            raise SigningError(
                f"signed_client sets how requests are signed and sent; do not pass httpx_args[{owned!r}]"
            )
    inner = httpx_args.pop("transport", None)
    # Popped either way: left in httpx_args, a proxy would get its own transport, bypassing this one.
    options = {name: httpx_args.pop(name) for name in _TRANSPORT_ARGS if name in httpx_args}
    if inner is not None and options:
        raise SigningError(f"give {', '.join(options)} to your own transport, not beside it in httpx_args")
    if inner is None:
        options["verify"] = client_kwargs.get("verify_ssl", True)
        options["trust_env"] = httpx_args.get("trust_env", True)
        sync_inner: httpx.BaseTransport | None = httpx.HTTPTransport(**options)
        async_inner: httpx.AsyncBaseTransport | None = httpx.AsyncHTTPTransport(**options)
    else:  # a given transport (httpx.MockTransport in tests) serves whichever client it can
        sync_inner = inner if isinstance(inner, httpx.BaseTransport) else None
        async_inner = inner if isinstance(inner, httpx.AsyncBaseTransport) else None
    httpx_args["transport"] = NamiTransport(
        auth.signed, sync_transport=sync_inner, async_transport=async_inner, retry=retry, raise_errors=raise_errors
    )
    client_kwargs.setdefault("raise_on_unexpected_status", raise_errors)
    if timeout is not None and not isinstance(timeout, httpx.Timeout):
        timeout = httpx.Timeout(timeout)
    client_type = RaisingClient if raise_errors else Client
    return client_type(base_url=base_url, httpx_args=httpx_args, timeout=timeout, **client_kwargs)

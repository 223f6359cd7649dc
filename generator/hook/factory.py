"""`signed_client`: the generated `Client`, set up for a service that must get its cancels through.

It puts the pieces together: `validation.RequestCheck` checks each request against the spec,
`signing.NamiAuth` signs it with the time of `clock.ClockSync`, `transport.NamiTransport` sends
each attempt the `retry.Retry` policy asks for within the call's deadline (`deadline`) and the
client's rate (`limiter`) and reads each answer within the size limit (`body_reading`), raising the
errors of `nami_client.errors`. Every argument is checked here, when the client is built. The
client classes it returns are in `nami_client.signed_clients`.
"""

from __future__ import annotations

import functools
import math
import os
import ssl
from typing import Any, Literal, overload

import httpx

from .body_reading import ACCEPT_ENCODING, DEFAULT_MAX_LISTING_BYTES, DEFAULT_MAX_RESPONSE_BYTES
from .clock import ClockSync
from .deadline import bound_by_deadline
from .error_types import SigningError
from .limiter import RateLimiter
from .retry import DEFAULT_RETRY, Retry
from .signed_clients import RaisingClient, SignedClient
from .signing import Clock, NamiAuth, system_clock_ms
from .transport import DEFAULT_TIMEOUT, NamiTransport
from .validation import RequestCheck

__all__ = ["DEFAULT_BASE_URL", "RaisingClient", "SignedClient", "signed_client"]

DEFAULT_BASE_URL = "https://nami.exchange"
"""The published host: where a client goes unless given `base_url` or `NAMI_BASE_URL`."""

# httpx.Client arguments that configure the connection: they go to the transports signed_client builds.
_TRANSPORT_ARGS = ("cert", "http1", "http2", "limits", "proxy")
_MAX_FIXED_OFFSET_MS = 24 * 3600 * 1000  # a clock a day off is broken, not skewed


@functools.cache
def _shared_tls_context(verify: bool, ca_file: str | None, ca_dir: str | None) -> ssl.SSLContext:
    """One TLS context per setting, for the whole process: building one (loading the CA bundle) is
    most of the cost of a client. httpx reads SSL_CERT_FILE and SSL_CERT_DIR, hence the key."""
    return httpx.create_ssl_context(verify=verify, trust_env=ca_file is not None or ca_dir is not None)


def _tls_verify(verify: object, trust_env: bool, options: dict[str, Any]) -> Any:
    """What to give the transports as `verify`: the shared context, when it is httpx's own for these settings."""
    if type(verify) is not bool or "cert" in options:  # a context or path of the caller's, or a client certificate
        return verify
    ca_file = os.environ.get("SSL_CERT_FILE") or None if trust_env else None
    ca_dir = os.environ.get("SSL_CERT_DIR") or None if trust_env else None
    return _shared_tls_context(verify, ca_file, ca_dir)


@overload
def signed_client(
    base_url: str | None = ...,
    *,
    api_key: str,
    api_secret: str,
    clock: Clock = ...,
    clock_offset_ms: int = ...,
    clock_sync: bool = ...,
    max_requests_per_second: int | None = ...,
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
    base_url: str | None = ...,
    *,
    api_key: str,
    api_secret: str,
    clock: Clock = ...,
    clock_offset_ms: int = ...,
    clock_sync: bool = ...,
    max_requests_per_second: int | None = ...,
    timeout: httpx.Timeout | float | None = ...,
    retry: Retry | None = ...,
    raise_errors: bool,
    max_response_bytes: int = ...,
    max_listing_bytes: int = ...,
    enforce_assumed_limits: bool = ...,
    **client_kwargs: Any,
) -> SignedClient: ...


def signed_client(
    base_url: str | None = None,
    *,
    api_key: str,
    api_secret: str,
    clock: Clock = system_clock_ms,
    clock_offset_ms: int = 0,
    clock_sync: bool = True,
    max_requests_per_second: int | None = None,
    timeout: httpx.Timeout | float | None = DEFAULT_TIMEOUT,
    retry: Retry | None = DEFAULT_RETRY,
    raise_errors: bool = True,
    max_response_bytes: int = DEFAULT_MAX_RESPONSE_BYTES,
    max_listing_bytes: int = DEFAULT_MAX_LISTING_BYTES,
    enforce_assumed_limits: bool = True,
    **client_kwargs: Any,
) -> SignedClient:
    """The generated `Client`, every request checked, signed, retried by `retry` and bounded in time.

    It goes to `base_url`, else to the environment's `NAMI_BASE_URL`, else to the published host
    (`DEFAULT_BASE_URL`). Each call ends within `retry.total` seconds (20 by default; also with
    `retry=None`, which turns retries off), or the `total` of `call_timeout` when shorter; `timeout`
    bounds each connect, read and write. An answer larger than `max_response_bytes` (4 MiB) is not
    read further; for a listing of the open orders the limit is `max_listing_bytes` (128 MiB, some
    200,000 orders). A request that breaks the spec is refused before it is signed;
    `enforce_assumed_limits=False` lifts the limits the spec marks as assumptions (200 orders,
    32-character symbols, ...). Redirects are never followed.

    Requests are signed with `clock()` (ms since the epoch) plus `clock_offset_ms`, plus, with
    `clock_sync` (the default), the offset learned from the answers' `Date` headers (see
    `clock_offset_ms` on the client). `max_requests_per_second` keeps every call of the client, sync
    and async, under that many requests in any one second; a 429 with `Retry-After` pauses every
    call, and a 418 refuses every request until the ban ends (`BannedError`).

    With `raise_errors` (the default) every answer but a 2xx raises an error of `nami_client.errors`;
    then it is a `RaisingClient`, and the generated `sync` and `asyncio` are typed as returning the
    success model. With `raise_errors=False` it is a `SignedClient` and the generated functions return
    what they generate, except for a status they cannot parse (520), which still raises `ServerError`,
    and an answer they cannot read, which raises `InvalidResponseError`.

    Every argument is checked here: a wrong type raises `TypeError`, a value out of range
    `ValueError`, each naming the argument.
    """
    try:
        auth = NamiAuth(api_key, api_secret)
    finally:
        del api_key, api_secret  # so that no traceback's locals show them
    base_url = _checked_base_url(os.environ.get("NAMI_BASE_URL") or DEFAULT_BASE_URL if base_url is None else base_url)
    _check_settings(
        clock=clock,
        clock_offset_ms=clock_offset_ms,
        clock_sync=clock_sync,
        max_requests_per_second=max_requests_per_second,
        timeout=timeout,
        retry=retry,
        raise_errors=raise_errors,
        max_response_bytes=max_response_bytes,
        max_listing_bytes=max_listing_bytes,
        enforce_assumed_limits=enforce_assumed_limits,
    )
    clock_sync_state = ClockSync(clock, fixed_offset_ms=clock_offset_ms, enabled=clock_sync)
    clock_sync_state.local_ms()  # a clock that gives seconds, a float or nothing fails here, not at the first call
    httpx_args = client_kwargs.pop("httpx_args", None) or {}
    if not isinstance(httpx_args, dict):
        raise TypeError(f"httpx_args must be a dict, not {type(httpx_args).__name__}")
    httpx_args = dict(httpx_args)
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
        trust_env = httpx_args.get("trust_env", True)
        options["verify"] = _tls_verify(client_kwargs.get("verify_ssl", True), trust_env, options)
        options["trust_env"] = trust_env
        sync_inner: httpx.BaseTransport | None = bound_by_deadline(httpx.HTTPTransport(**options))
        async_inner: httpx.AsyncBaseTransport | None = bound_by_deadline(httpx.AsyncHTTPTransport(**options))
    else:  # a given transport (httpx.MockTransport in tests) serves whichever client it can
        sync_inner = inner if isinstance(inner, httpx.BaseTransport) else None
        async_inner = inner if isinstance(inner, httpx.AsyncBaseTransport) else None
    policy = retry or DEFAULT_RETRY
    transport = NamiTransport(
        auth.signed,
        sync_transport=sync_inner,
        async_transport=async_inner,
        retry=retry,
        raise_errors=raise_errors,
        origin=httpx.URL(base_url),
        check=RequestCheck(enforce_assumed_limits=enforce_assumed_limits),
        max_response_bytes=max_response_bytes,
        max_listing_bytes=max_listing_bytes,
        clock=clock_sync_state,
        limiter=RateLimiter(max_requests_per_second, monotonic=policy.monotonic),
    )
    httpx_args["transport"] = transport
    client_kwargs.setdefault("raise_on_unexpected_status", raise_errors)
    # Asked for uncompressed answers, so that the size limit holds for memory too (`body_reading`).
    client_kwargs["headers"] = {"Accept-Encoding": ACCEPT_ENCODING, **(client_kwargs.get("headers") or {})}
    if timeout is not None and not isinstance(timeout, httpx.Timeout):
        timeout = httpx.Timeout(timeout)
    client_type = RaisingClient if raise_errors else SignedClient
    return client_type(
        base_url=base_url, httpx_args=httpx_args, timeout=timeout, nami_transport=transport, **client_kwargs
    )


def _checked_base_url(base_url: object) -> str:
    if not isinstance(base_url, str):
        raise TypeError(f"base_url must be a str, not {type(base_url).__name__}")
    try:
        url = httpx.URL(base_url)
    except (httpx.InvalidURL, ValueError, TypeError):
        url = None
    if url is None or url.scheme not in ("http", "https") or not url.host:
        raise ValueError(f"base_url must be an http:// or https:// URL with a host, got {base_url[:100]!r}")
    return base_url


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _check_settings(**settings: Any) -> None:
    """TypeError for a setting of the wrong type, ValueError for one out of range; each names it."""

    def wrong(name: str, expected: str) -> TypeError:
        return TypeError(f"{name} must be {expected}, not {type(settings[name]).__name__}")

    for name in ("clock_sync", "raise_errors", "enforce_assumed_limits"):
        if not isinstance(settings[name], bool):
            raise wrong(name, "True or False")
    if not callable(settings["clock"]):
        raise wrong("clock", "a function returning the time in ms since the epoch")
    offset = settings["clock_offset_ms"]
    if not _is_int(offset):
        raise wrong("clock_offset_ms", "an int (milliseconds)")
    if abs(offset) > _MAX_FIXED_OFFSET_MS:
        raise ValueError(f"clock_offset_ms must be within a day (±{_MAX_FIXED_OFFSET_MS} ms), got {offset}")
    rate = settings["max_requests_per_second"]
    if rate is not None and not _is_int(rate):
        raise wrong("max_requests_per_second", "an int or None")
    if rate is not None and rate < 1:
        raise ValueError(f"max_requests_per_second must be at least 1 (or None for no limit), got {rate}")
    for name in ("max_response_bytes", "max_listing_bytes"):
        if not _is_int(settings[name]):
            raise wrong(name, "an int (bytes)")
        if settings[name] < 1:
            raise ValueError(f"{name} must be a positive number of bytes")
    if settings["retry"] is not None and not isinstance(settings["retry"], Retry):
        raise wrong("retry", "a nami_client.Retry or None")
    timeout = settings["timeout"]
    if isinstance(timeout, httpx.Timeout):
        seconds = list(timeout.as_dict().values())
    elif timeout is None or (isinstance(timeout, int | float) and not isinstance(timeout, bool)):
        seconds = [timeout]
    else:
        raise wrong("timeout", "seconds (a number), an httpx.Timeout or None")
    if any(value is not None and not (math.isfinite(value) and value > 0) for value in seconds):
        raise ValueError(f"timeout must be a finite number of seconds above 0 (or None), got {timeout!r}")

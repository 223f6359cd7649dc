"""Building a client: every argument checked at once, one TLS context for the process, the base URL
from the argument, `NAMI_BASE_URL` or the published host, and a closed client that says so."""

from __future__ import annotations

import asyncio
import math
from typing import Any

import httpx
import pytest
from nami_client import ClientClosedError, NamiError, Retry, SigningError, signed_client
from nami_client.api.spot import delete_all_orders
from nami_client.factory import DEFAULT_BASE_URL
from nami_client.transport import NamiTransport

from tests.client_fakes import BODY, KEY, SECRET, ScriptedExchange, cancel_sync, client_for


def build(**settings: Any) -> object:
    return signed_client("http://nami.test", api_key=KEY, api_secret=SECRET, **settings)


@pytest.mark.parametrize(
    ("setting", "value", "error"),
    [
        ("retry", "bad", TypeError),
        ("retry", 3, TypeError),
        ("clock", 1_700_000_000_000, TypeError),
        ("clock", lambda: 1_700_000_000.5, SigningError),  # seconds as a float: would get a 400
        ("clock", lambda: 1_700_000_000, SigningError),  # whole seconds
        ("clock", lambda: None, SigningError),
        ("clock_offset_ms", 1.5, TypeError),
        ("clock_offset_ms", True, TypeError),
        ("clock_offset_ms", 10**12, ValueError),
        ("clock_sync", "yes", TypeError),
        ("timeout", "10", TypeError),
        ("timeout", -1, ValueError),
        ("timeout", 0, ValueError),
        ("timeout", math.nan, ValueError),
        ("timeout", httpx.Timeout(5.0, connect=-1.0), ValueError),
        ("max_requests_per_second", 0, ValueError),
        ("max_requests_per_second", 2.5, TypeError),
        ("max_requests_per_second", "5", TypeError),
        ("max_response_bytes", 0, ValueError),
        ("max_response_bytes", 1.5, TypeError),
        ("raise_errors", 1, TypeError),
        ("enforce_assumed_limits", None, TypeError),
        ("httpx_args", ["transport"], TypeError),
    ],
)
def test_a_bad_setting_raises_at_construction_naming_it(setting: str, value: object, error: type[Exception]) -> None:
    with pytest.raises(error, match=setting) as caught:
        build(**{setting: value})
    assert isinstance(caught.value, TypeError | ValueError)


@pytest.mark.parametrize(
    ("settings", "error", "name"),
    [
        ({"attempts": "3"}, TypeError, "attempts"),
        ({"attempts": 0}, ValueError, "attempts"),
        ({"backoff": "0.5"}, TypeError, "backoff"),
        ({"total": math.nan}, ValueError, "total"),
        ({"max_backoff": math.inf}, ValueError, "max_backoff"),
        ({"jitter": 2}, ValueError, "jitter"),
        ({"sleep": None}, TypeError, "sleep"),
    ],
)
def test_a_bad_retry_policy_raises_when_built_naming_the_field(
    settings: dict[str, Any], error: type[Exception], name: str
) -> None:
    with pytest.raises(error, match=name):
        Retry(**settings)


@pytest.mark.parametrize("base_url", ["nami.exchange", "ftp://nami.exchange", "http://", ""])
def test_a_base_url_that_is_no_http_url_is_refused(base_url: str) -> None:
    with pytest.raises(ValueError, match="base_url"):
        signed_client(base_url, api_key=KEY, api_secret=SECRET)
    with pytest.raises(TypeError, match="base_url"):
        signed_client(b"http://x", api_key=KEY, api_secret=SECRET)  # type: ignore[call-overload]


def test_the_base_url_comes_from_the_argument_then_nami_base_url_then_the_published_host(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("NAMI_BASE_URL", raising=False)
    assert str(signed_client(api_key=KEY, api_secret=SECRET).get_httpx_client().base_url) == DEFAULT_BASE_URL
    assert DEFAULT_BASE_URL == "https://nami.exchange"
    monkeypatch.setenv("NAMI_BASE_URL", "http://127.0.0.1:8765")
    assert str(signed_client(api_key=KEY, api_secret=SECRET).get_httpx_client().base_url) == "http://127.0.0.1:8765"
    assert str(build().get_httpx_client().base_url) == "http://nami.test"  # type: ignore[attr-defined]
    monkeypatch.setenv("NAMI_BASE_URL", "not a url")
    with pytest.raises(ValueError, match="base_url"):
        signed_client(api_key=KEY, api_secret=SECRET)


def tls_contexts(client: Any) -> list[object]:
    transport = client._httpx_args["transport"]
    assert isinstance(transport, NamiTransport)
    inner = [transport._sync, transport._async]  # the httpx transports signed_client built
    pools = [layer._pool for layer in inner if isinstance(layer, httpx.HTTPTransport | httpx.AsyncHTTPTransport)]
    assert len(pools) == 2
    return [pool._ssl_context for pool in pools]


def test_every_client_of_the_process_shares_one_tls_context() -> None:
    first, second = signed_client(api_key=KEY, api_secret=SECRET), signed_client(api_key=KEY, api_secret=SECRET)
    contexts = tls_contexts(first) + tls_contexts(second)
    assert all(context is contexts[0] for context in contexts)
    unverified = signed_client(api_key=KEY, api_secret=SECRET, verify_ssl=False)
    assert tls_contexts(unverified)[0] is not contexts[0]  # a setting of its own, a context of its own
    assert (
        tls_contexts(signed_client(api_key=KEY, api_secret=SECRET, verify_ssl=False))[0] is tls_contexts(unverified)[0]
    )


def test_a_closed_client_raises_a_nami_error_that_says_so() -> None:
    exchange = ScriptedExchange()
    with client_for(exchange, retry=None) as client:
        cancel_sync(client)
    with pytest.raises(ClientClosedError, match="closed") as caught:
        cancel_sync(client)
    assert isinstance(caught.value, NamiError)
    with pytest.raises(ClientClosedError):
        client.__enter__()

    async def run() -> None:
        async with client_for(exchange, retry=None) as async_client:
            await delete_all_orders.asyncio(client=async_client, body=BODY)
        await delete_all_orders.asyncio(client=async_client, body=BODY)

    with pytest.raises(ClientClosedError):
        asyncio.run(run())
    assert len(exchange.seen) == 2

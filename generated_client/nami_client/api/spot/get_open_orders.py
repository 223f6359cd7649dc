from http import HTTPStatus
from typing import Any, overload

import httpx
import orjson

from ... import errors
from ...answer_parsing import parse_answer
from ...client import AuthenticatedClient, Client
from ...factory import RaisingClient
from ...models.error_envelope import ErrorEnvelope
from ...models.open_orders_response import OpenOrdersResponse
from ...types import UNSET, Response, Unset
from ...validation import encodable_query


def _get_kwargs(
    *,
    filter_by_pair: str | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["filterByPair"] = filter_by_pair

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    params = encodable_query(params)

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/v4/spot/open",
        "params": params,
    }

    return _kwargs


def request_kwargs(
    *,
    filter_by_pair: str | Unset = UNSET,
) -> dict[str, Any]:
    """The keyword arguments of `httpx.Client.request` for this operation, as `sync` sends them."""
    return _get_kwargs(
        filter_by_pair=filter_by_pair,
    )


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ErrorEnvelope | OpenOrdersResponse | None:
    if response.status_code == 200:
        response_200 = OpenOrdersResponse.from_dict(orjson.loads(response.content))

        return response_200

    if response.status_code == 400:
        response_400 = ErrorEnvelope.from_dict(orjson.loads(response.content))

        return response_400

    if response.status_code == 401:
        response_401 = ErrorEnvelope.from_dict(orjson.loads(response.content))

        return response_401

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content, response.headers)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[ErrorEnvelope | OpenOrdersResponse]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=parse_answer(_parse_response, client=client, response=response),
    )


def _checked(
    client: AuthenticatedClient | Client, response: Response[ErrorEnvelope | OpenOrdersResponse]
) -> ErrorEnvelope | OpenOrdersResponse | None:
    """The parsed answer; for a `RaisingClient` only ever the success model, as its overloads promise."""
    if isinstance(client, RaisingClient) and not isinstance(response.parsed, (OpenOrdersResponse,)):
        raise errors.UnexpectedStatus(response.status_code, response.content, response.headers)
    return response.parsed


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    filter_by_pair: str | Unset = UNSET,
) -> Response[ErrorEnvelope | OpenOrdersResponse]:
    """Get Open Orders

     Lists the open orders of the account the API key belongs to, of one pair when `filterByPair` is
    given. Signed in the query string: `timestamp` is appended to the query parameters, signature =
    lowercase hex HMAC-SHA256(api secret, URLSearchParams(parameters without signature).toString()),
    then `signature` is appended. Every order listed is open: an order a Delete All Orders request has
    cancelled is no longer listed. Assumption (not in the published docs): the answer is not paged;
    every open order is listed.

    How the query is read, all assumptions (the published docs show only the recipe): the query string
    is read as `new URLSearchParams(query)` reads it (`+` is a space, percent-escapes are decoded as
    UTF-8 and an invalid sequence becomes U+FFFD), and the signature covers the other parameters in the
    order they are sent, wherever `signature` stands. A parameter not listed here, or one given twice,
    is refused with 400, so the signature always covers every parameter the server reads.

    What every answer promises (Assumption: implied by the published page, which shows only the example;
    the contract harness checks each): with `filterByPair`, every order listed has that `symbol`. Every
    order listed is open: an order that a Delete All Orders answer has listed as cancelled is not listed
    by a request sent after that answer came back, and Delete All Orders cancels an order listed here
    when asked to (the harness's stateful phase follows the links of the 200 answer to check it). A
    correctly signed request with a fresh timestamp whose parameters break their schemas (a length, a
    pattern, a missing, unknown or repeated parameter) gets 400; one whose signature is wrong, or whose
    timestamp is well formed but outside the server's window, gets 401. Every answer with a declared
    error status (400, 401) is the error envelope, sent as `application/json`.

    Args:
        filter_by_pair (str | Unset):

    Raises:
        With a client from `nami_client.signed_client` (every error is an `errors.NamiError`):
        errors.BrokerError: 400, the published error envelope.
        errors.AuthenticationError: 401: unknown key, bad signature, stale timestamp.
        errors.RateLimitError: 429; still after the retries.
        errors.BannedError: 418: a ban for going too fast (a `RateLimitError`); then every request of
            the client, refused unsent.
        errors.ServerError: every 5xx, including Cloudflare's 520–527; still after the retries.
        errors.RedirectError: a 3xx: never followed.
        errors.ApiError: any other status that is not a 2xx (403, 404, 415).
        errors.TransportError: no answer: the connection failed or dropped, or a timeout; still after
            the retries.
        errors.DeadlineExceeded: a `TransportError`: the call's time (`Retry.total`, `call_timeout`) ran
            out before a whole answer arrived.
        errors.InvalidResponseError: an answer that is not what the contract says: not JSON, a field
            missing or of the wrong type, nested too deep (for a 2xx, the cancel may have happened).
        errors.ResponseTooLargeError: an `InvalidResponseError`: the body passed `max_response_bytes`
            (`max_listing_bytes` for a listing).
        errors.InvalidRequestError: the request (its body or query) breaks the contract; it was not
            signed or sent.
        errors.UnexpectedStatus: a 2xx the contract does not declare (202).
        errors.ClientClosedError: a call on a client whose `with` block ended, or that was closed.
        errors.SigningError: credentials, a `clock` that does not give integer milliseconds, a request
            that cannot be signed, a request for another host.
        With `raise_errors=False`, or a `Client` built by hand: errors.UnexpectedStatus if the server
        returns an undocumented status code and Client.raise_on_unexpected_status is True;
        httpx.TimeoutException if the request takes longer than Client.timeout.

    Returns:
        Response[ErrorEnvelope | OpenOrdersResponse]
    """

    kwargs = _get_kwargs(
        filter_by_pair=filter_by_pair,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


@overload
def sync(
    *,
    client: RaisingClient,
    filter_by_pair: str | Unset = UNSET,
) -> OpenOrdersResponse: ...


@overload
def sync(
    *,
    client: AuthenticatedClient | Client,
    filter_by_pair: str | Unset = UNSET,
) -> ErrorEnvelope | OpenOrdersResponse | None: ...


def sync(
    *,
    client: AuthenticatedClient | Client,
    filter_by_pair: str | Unset = UNSET,
) -> ErrorEnvelope | OpenOrdersResponse | None:
    """Get Open Orders

     Lists the open orders of the account the API key belongs to, of one pair when `filterByPair` is
    given. Signed in the query string: `timestamp` is appended to the query parameters, signature =
    lowercase hex HMAC-SHA256(api secret, URLSearchParams(parameters without signature).toString()),
    then `signature` is appended. Every order listed is open: an order a Delete All Orders request has
    cancelled is no longer listed. Assumption (not in the published docs): the answer is not paged;
    every open order is listed.

    How the query is read, all assumptions (the published docs show only the recipe): the query string
    is read as `new URLSearchParams(query)` reads it (`+` is a space, percent-escapes are decoded as
    UTF-8 and an invalid sequence becomes U+FFFD), and the signature covers the other parameters in the
    order they are sent, wherever `signature` stands. A parameter not listed here, or one given twice,
    is refused with 400, so the signature always covers every parameter the server reads.

    What every answer promises (Assumption: implied by the published page, which shows only the example;
    the contract harness checks each): with `filterByPair`, every order listed has that `symbol`. Every
    order listed is open: an order that a Delete All Orders answer has listed as cancelled is not listed
    by a request sent after that answer came back, and Delete All Orders cancels an order listed here
    when asked to (the harness's stateful phase follows the links of the 200 answer to check it). A
    correctly signed request with a fresh timestamp whose parameters break their schemas (a length, a
    pattern, a missing, unknown or repeated parameter) gets 400; one whose signature is wrong, or whose
    timestamp is well formed but outside the server's window, gets 401. Every answer with a declared
    error status (400, 401) is the error envelope, sent as `application/json`.

    Args:
        filter_by_pair (str | Unset):

    Raises:
        With a client from `nami_client.signed_client` (every error is an `errors.NamiError`):
        errors.BrokerError: 400, the published error envelope.
        errors.AuthenticationError: 401: unknown key, bad signature, stale timestamp.
        errors.RateLimitError: 429; still after the retries.
        errors.BannedError: 418: a ban for going too fast (a `RateLimitError`); then every request of
            the client, refused unsent.
        errors.ServerError: every 5xx, including Cloudflare's 520–527; still after the retries.
        errors.RedirectError: a 3xx: never followed.
        errors.ApiError: any other status that is not a 2xx (403, 404, 415).
        errors.TransportError: no answer: the connection failed or dropped, or a timeout; still after
            the retries.
        errors.DeadlineExceeded: a `TransportError`: the call's time (`Retry.total`, `call_timeout`) ran
            out before a whole answer arrived.
        errors.InvalidResponseError: an answer that is not what the contract says: not JSON, a field
            missing or of the wrong type, nested too deep (for a 2xx, the cancel may have happened).
        errors.ResponseTooLargeError: an `InvalidResponseError`: the body passed `max_response_bytes`
            (`max_listing_bytes` for a listing).
        errors.InvalidRequestError: the request (its body or query) breaks the contract; it was not
            signed or sent.
        errors.UnexpectedStatus: a 2xx the contract does not declare (202).
        errors.ClientClosedError: a call on a client whose `with` block ended, or that was closed.
        errors.SigningError: credentials, a `clock` that does not give integer milliseconds, a request
            that cannot be signed, a request for another host.
        With `raise_errors=False`, or a `Client` built by hand: errors.UnexpectedStatus if the server
        returns an undocumented status code and Client.raise_on_unexpected_status is True;
        httpx.TimeoutException if the request takes longer than Client.timeout.

    Returns:
        ErrorEnvelope | OpenOrdersResponse
    """

    response = sync_detailed(
        client=client,
        filter_by_pair=filter_by_pair,
    )
    return _checked(client, response)


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    filter_by_pair: str | Unset = UNSET,
) -> Response[ErrorEnvelope | OpenOrdersResponse]:
    """Get Open Orders

     Lists the open orders of the account the API key belongs to, of one pair when `filterByPair` is
    given. Signed in the query string: `timestamp` is appended to the query parameters, signature =
    lowercase hex HMAC-SHA256(api secret, URLSearchParams(parameters without signature).toString()),
    then `signature` is appended. Every order listed is open: an order a Delete All Orders request has
    cancelled is no longer listed. Assumption (not in the published docs): the answer is not paged;
    every open order is listed.

    How the query is read, all assumptions (the published docs show only the recipe): the query string
    is read as `new URLSearchParams(query)` reads it (`+` is a space, percent-escapes are decoded as
    UTF-8 and an invalid sequence becomes U+FFFD), and the signature covers the other parameters in the
    order they are sent, wherever `signature` stands. A parameter not listed here, or one given twice,
    is refused with 400, so the signature always covers every parameter the server reads.

    What every answer promises (Assumption: implied by the published page, which shows only the example;
    the contract harness checks each): with `filterByPair`, every order listed has that `symbol`. Every
    order listed is open: an order that a Delete All Orders answer has listed as cancelled is not listed
    by a request sent after that answer came back, and Delete All Orders cancels an order listed here
    when asked to (the harness's stateful phase follows the links of the 200 answer to check it). A
    correctly signed request with a fresh timestamp whose parameters break their schemas (a length, a
    pattern, a missing, unknown or repeated parameter) gets 400; one whose signature is wrong, or whose
    timestamp is well formed but outside the server's window, gets 401. Every answer with a declared
    error status (400, 401) is the error envelope, sent as `application/json`.

    Args:
        filter_by_pair (str | Unset):

    Raises:
        With a client from `nami_client.signed_client` (every error is an `errors.NamiError`):
        errors.BrokerError: 400, the published error envelope.
        errors.AuthenticationError: 401: unknown key, bad signature, stale timestamp.
        errors.RateLimitError: 429; still after the retries.
        errors.BannedError: 418: a ban for going too fast (a `RateLimitError`); then every request of
            the client, refused unsent.
        errors.ServerError: every 5xx, including Cloudflare's 520–527; still after the retries.
        errors.RedirectError: a 3xx: never followed.
        errors.ApiError: any other status that is not a 2xx (403, 404, 415).
        errors.TransportError: no answer: the connection failed or dropped, or a timeout; still after
            the retries.
        errors.DeadlineExceeded: a `TransportError`: the call's time (`Retry.total`, `call_timeout`) ran
            out before a whole answer arrived.
        errors.InvalidResponseError: an answer that is not what the contract says: not JSON, a field
            missing or of the wrong type, nested too deep (for a 2xx, the cancel may have happened).
        errors.ResponseTooLargeError: an `InvalidResponseError`: the body passed `max_response_bytes`
            (`max_listing_bytes` for a listing).
        errors.InvalidRequestError: the request (its body or query) breaks the contract; it was not
            signed or sent.
        errors.UnexpectedStatus: a 2xx the contract does not declare (202).
        errors.ClientClosedError: a call on a client whose `with` block ended, or that was closed.
        errors.SigningError: credentials, a `clock` that does not give integer milliseconds, a request
            that cannot be signed, a request for another host.
        With `raise_errors=False`, or a `Client` built by hand: errors.UnexpectedStatus if the server
        returns an undocumented status code and Client.raise_on_unexpected_status is True;
        httpx.TimeoutException if the request takes longer than Client.timeout.

    Returns:
        Response[ErrorEnvelope | OpenOrdersResponse]
    """

    kwargs = _get_kwargs(
        filter_by_pair=filter_by_pair,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


@overload
async def asyncio(
    *,
    client: RaisingClient,
    filter_by_pair: str | Unset = UNSET,
) -> OpenOrdersResponse: ...


@overload
async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    filter_by_pair: str | Unset = UNSET,
) -> ErrorEnvelope | OpenOrdersResponse | None: ...


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    filter_by_pair: str | Unset = UNSET,
) -> ErrorEnvelope | OpenOrdersResponse | None:
    """Get Open Orders

     Lists the open orders of the account the API key belongs to, of one pair when `filterByPair` is
    given. Signed in the query string: `timestamp` is appended to the query parameters, signature =
    lowercase hex HMAC-SHA256(api secret, URLSearchParams(parameters without signature).toString()),
    then `signature` is appended. Every order listed is open: an order a Delete All Orders request has
    cancelled is no longer listed. Assumption (not in the published docs): the answer is not paged;
    every open order is listed.

    How the query is read, all assumptions (the published docs show only the recipe): the query string
    is read as `new URLSearchParams(query)` reads it (`+` is a space, percent-escapes are decoded as
    UTF-8 and an invalid sequence becomes U+FFFD), and the signature covers the other parameters in the
    order they are sent, wherever `signature` stands. A parameter not listed here, or one given twice,
    is refused with 400, so the signature always covers every parameter the server reads.

    What every answer promises (Assumption: implied by the published page, which shows only the example;
    the contract harness checks each): with `filterByPair`, every order listed has that `symbol`. Every
    order listed is open: an order that a Delete All Orders answer has listed as cancelled is not listed
    by a request sent after that answer came back, and Delete All Orders cancels an order listed here
    when asked to (the harness's stateful phase follows the links of the 200 answer to check it). A
    correctly signed request with a fresh timestamp whose parameters break their schemas (a length, a
    pattern, a missing, unknown or repeated parameter) gets 400; one whose signature is wrong, or whose
    timestamp is well formed but outside the server's window, gets 401. Every answer with a declared
    error status (400, 401) is the error envelope, sent as `application/json`.

    Args:
        filter_by_pair (str | Unset):

    Raises:
        With a client from `nami_client.signed_client` (every error is an `errors.NamiError`):
        errors.BrokerError: 400, the published error envelope.
        errors.AuthenticationError: 401: unknown key, bad signature, stale timestamp.
        errors.RateLimitError: 429; still after the retries.
        errors.BannedError: 418: a ban for going too fast (a `RateLimitError`); then every request of
            the client, refused unsent.
        errors.ServerError: every 5xx, including Cloudflare's 520–527; still after the retries.
        errors.RedirectError: a 3xx: never followed.
        errors.ApiError: any other status that is not a 2xx (403, 404, 415).
        errors.TransportError: no answer: the connection failed or dropped, or a timeout; still after
            the retries.
        errors.DeadlineExceeded: a `TransportError`: the call's time (`Retry.total`, `call_timeout`) ran
            out before a whole answer arrived.
        errors.InvalidResponseError: an answer that is not what the contract says: not JSON, a field
            missing or of the wrong type, nested too deep (for a 2xx, the cancel may have happened).
        errors.ResponseTooLargeError: an `InvalidResponseError`: the body passed `max_response_bytes`
            (`max_listing_bytes` for a listing).
        errors.InvalidRequestError: the request (its body or query) breaks the contract; it was not
            signed or sent.
        errors.UnexpectedStatus: a 2xx the contract does not declare (202).
        errors.ClientClosedError: a call on a client whose `with` block ended, or that was closed.
        errors.SigningError: credentials, a `clock` that does not give integer milliseconds, a request
            that cannot be signed, a request for another host.
        With `raise_errors=False`, or a `Client` built by hand: errors.UnexpectedStatus if the server
        returns an undocumented status code and Client.raise_on_unexpected_status is True;
        httpx.TimeoutException if the request takes longer than Client.timeout.

    Returns:
        ErrorEnvelope | OpenOrdersResponse
    """

    response = await asyncio_detailed(
        client=client,
        filter_by_pair=filter_by_pair,
    )
    return _checked(client, response)

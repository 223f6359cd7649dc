from http import HTTPStatus
from typing import Any, overload

import httpx
import orjson

from ... import errors
from ...answer_parsing import parse_answer
from ...client import AuthenticatedClient, Client
from ...factory import RaisingClient
from ...models.delete_all_orders_request import DeleteAllOrdersRequest
from ...models.delete_all_orders_response import DeleteAllOrdersResponse
from ...models.error_envelope import ErrorEnvelope
from ...types import Response
from ...validation import encode_body


def _get_kwargs(
    *,
    body: DeleteAllOrdersRequest,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "delete",
        "url": "/api/v4/spot/all_order",
    }

    _kwargs["json"] = body.to_dict()

    if "json" in _kwargs:
        _kwargs["content"] = encode_body(_kwargs.pop("json"))
    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def request_kwargs(
    *,
    body: DeleteAllOrdersRequest,
) -> dict[str, Any]:
    """The keyword arguments of `httpx.Client.request` for this operation, as `sync` sends them."""
    return _get_kwargs(
        body=body,
    )


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> DeleteAllOrdersResponse | ErrorEnvelope | None:
    if response.status_code == 200:
        response_200 = DeleteAllOrdersResponse.from_dict(orjson.loads(response.content))

        return response_200

    if response.status_code == 400:
        response_400 = ErrorEnvelope.from_dict(orjson.loads(response.content))

        return response_400

    if response.status_code == 401:
        response_401 = ErrorEnvelope.from_dict(orjson.loads(response.content))

        return response_401

    if response.status_code == 415:
        response_415 = ErrorEnvelope.from_dict(orjson.loads(response.content))

        return response_415

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content, response.headers)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[DeleteAllOrdersResponse | ErrorEnvelope]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=parse_answer(_parse_response, client=client, response=response),
    )


def _checked(
    client: AuthenticatedClient | Client, response: Response[DeleteAllOrdersResponse | ErrorEnvelope]
) -> DeleteAllOrdersResponse | ErrorEnvelope | None:
    """The parsed answer; for a `RaisingClient` only ever the success model, as its overloads promise."""
    if isinstance(client, RaisingClient) and not isinstance(response.parsed, (DeleteAllOrdersResponse,)):
        raise errors.UnexpectedStatus(response.status_code, response.content, response.headers)
    return response.parsed


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: DeleteAllOrdersRequest,
) -> Response[DeleteAllOrdersResponse | ErrorEnvelope]:
    """Delete All Orders

     Cancels the listed orders that are open and returns them. An order that is not open is left out of
    the answer.

    What every answer promises (Assumption: implied by the published page, which shows only the
    examples; the contract harness checks each): `data` lists only orders the request listed (the same
    `displayingId` and `symbol`), each at most once, each with `status` `CANCELED`. An order cancelled
    once is never listed again, so sending the same request again lists none of the orders the first
    answer listed. A correctly signed request with a fresh timestamp whose body breaks the request
    schema (a limit, a type, a pattern, a missing or unknown property) gets 400; one whose signature is
    wrong, or whose timestamp is well formed but outside the server's window (in the past or the
    future), gets 401. Every answer with a declared error status (400, 401, 415) is the error envelope,
    sent as `application/json`.

    Args:
        body (DeleteAllOrdersRequest): The request body. Assumption (not in the published docs):
            `orders`, `timestamp` and `signature` are required, `allowNotification` is optional, and
            `orders` holds 1 to 200 items. The example is the published one, except its `signature`:
            the published value is a placeholder (not hex), so this one is computed by the documented
            recipe with the secret `example-secret`. Example: {'orders': [{'displayingId': 435372,
            'symbol': 'BTCUSDT'}, {'displayingId': 435373, 'symbol': 'ETHUSDT'}], 'allowNotification':
            False}.

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
        Response[DeleteAllOrdersResponse | ErrorEnvelope]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


@overload
def sync(
    *,
    client: RaisingClient,
    body: DeleteAllOrdersRequest,
) -> DeleteAllOrdersResponse: ...


@overload
def sync(
    *,
    client: AuthenticatedClient | Client,
    body: DeleteAllOrdersRequest,
) -> DeleteAllOrdersResponse | ErrorEnvelope | None: ...


def sync(
    *,
    client: AuthenticatedClient | Client,
    body: DeleteAllOrdersRequest,
) -> DeleteAllOrdersResponse | ErrorEnvelope | None:
    """Delete All Orders

     Cancels the listed orders that are open and returns them. An order that is not open is left out of
    the answer.

    What every answer promises (Assumption: implied by the published page, which shows only the
    examples; the contract harness checks each): `data` lists only orders the request listed (the same
    `displayingId` and `symbol`), each at most once, each with `status` `CANCELED`. An order cancelled
    once is never listed again, so sending the same request again lists none of the orders the first
    answer listed. A correctly signed request with a fresh timestamp whose body breaks the request
    schema (a limit, a type, a pattern, a missing or unknown property) gets 400; one whose signature is
    wrong, or whose timestamp is well formed but outside the server's window (in the past or the
    future), gets 401. Every answer with a declared error status (400, 401, 415) is the error envelope,
    sent as `application/json`.

    Args:
        body (DeleteAllOrdersRequest): The request body. Assumption (not in the published docs):
            `orders`, `timestamp` and `signature` are required, `allowNotification` is optional, and
            `orders` holds 1 to 200 items. The example is the published one, except its `signature`:
            the published value is a placeholder (not hex), so this one is computed by the documented
            recipe with the secret `example-secret`. Example: {'orders': [{'displayingId': 435372,
            'symbol': 'BTCUSDT'}, {'displayingId': 435373, 'symbol': 'ETHUSDT'}], 'allowNotification':
            False}.

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
        DeleteAllOrdersResponse | ErrorEnvelope
    """

    response = sync_detailed(
        client=client,
        body=body,
    )
    return _checked(client, response)


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: DeleteAllOrdersRequest,
) -> Response[DeleteAllOrdersResponse | ErrorEnvelope]:
    """Delete All Orders

     Cancels the listed orders that are open and returns them. An order that is not open is left out of
    the answer.

    What every answer promises (Assumption: implied by the published page, which shows only the
    examples; the contract harness checks each): `data` lists only orders the request listed (the same
    `displayingId` and `symbol`), each at most once, each with `status` `CANCELED`. An order cancelled
    once is never listed again, so sending the same request again lists none of the orders the first
    answer listed. A correctly signed request with a fresh timestamp whose body breaks the request
    schema (a limit, a type, a pattern, a missing or unknown property) gets 400; one whose signature is
    wrong, or whose timestamp is well formed but outside the server's window (in the past or the
    future), gets 401. Every answer with a declared error status (400, 401, 415) is the error envelope,
    sent as `application/json`.

    Args:
        body (DeleteAllOrdersRequest): The request body. Assumption (not in the published docs):
            `orders`, `timestamp` and `signature` are required, `allowNotification` is optional, and
            `orders` holds 1 to 200 items. The example is the published one, except its `signature`:
            the published value is a placeholder (not hex), so this one is computed by the documented
            recipe with the secret `example-secret`. Example: {'orders': [{'displayingId': 435372,
            'symbol': 'BTCUSDT'}, {'displayingId': 435373, 'symbol': 'ETHUSDT'}], 'allowNotification':
            False}.

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
        Response[DeleteAllOrdersResponse | ErrorEnvelope]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


@overload
async def asyncio(
    *,
    client: RaisingClient,
    body: DeleteAllOrdersRequest,
) -> DeleteAllOrdersResponse: ...


@overload
async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    body: DeleteAllOrdersRequest,
) -> DeleteAllOrdersResponse | ErrorEnvelope | None: ...


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    body: DeleteAllOrdersRequest,
) -> DeleteAllOrdersResponse | ErrorEnvelope | None:
    """Delete All Orders

     Cancels the listed orders that are open and returns them. An order that is not open is left out of
    the answer.

    What every answer promises (Assumption: implied by the published page, which shows only the
    examples; the contract harness checks each): `data` lists only orders the request listed (the same
    `displayingId` and `symbol`), each at most once, each with `status` `CANCELED`. An order cancelled
    once is never listed again, so sending the same request again lists none of the orders the first
    answer listed. A correctly signed request with a fresh timestamp whose body breaks the request
    schema (a limit, a type, a pattern, a missing or unknown property) gets 400; one whose signature is
    wrong, or whose timestamp is well formed but outside the server's window (in the past or the
    future), gets 401. Every answer with a declared error status (400, 401, 415) is the error envelope,
    sent as `application/json`.

    Args:
        body (DeleteAllOrdersRequest): The request body. Assumption (not in the published docs):
            `orders`, `timestamp` and `signature` are required, `allowNotification` is optional, and
            `orders` holds 1 to 200 items. The example is the published one, except its `signature`:
            the published value is a placeholder (not hex), so this one is computed by the documented
            recipe with the secret `example-secret`. Example: {'orders': [{'displayingId': 435372,
            'symbol': 'BTCUSDT'}, {'displayingId': 435373, 'symbol': 'ETHUSDT'}], 'allowNotification':
            False}.

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
        DeleteAllOrdersResponse | ErrorEnvelope
    """

    response = await asyncio_detailed(
        client=client,
        body=body,
    )
    return _checked(client, response)

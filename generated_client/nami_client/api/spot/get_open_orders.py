from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error_envelope import ErrorEnvelope
from ...models.open_orders_response import OpenOrdersResponse
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    filter_by_pair: str | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["filterByPair"] = filter_by_pair

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/v4/spot/open",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ErrorEnvelope | OpenOrdersResponse | None:
    if response.status_code == 200:
        response_200 = OpenOrdersResponse.from_dict(response.json())

        return response_200

    if response.status_code == 400:
        response_400 = ErrorEnvelope.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = ErrorEnvelope.from_dict(response.json())

        return response_401

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[ErrorEnvelope | OpenOrdersResponse]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


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

    Args:
        filter_by_pair (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

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

    Args:
        filter_by_pair (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorEnvelope | OpenOrdersResponse
    """

    return sync_detailed(
        client=client,
        filter_by_pair=filter_by_pair,
    ).parsed


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

    Args:
        filter_by_pair (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorEnvelope | OpenOrdersResponse]
    """

    kwargs = _get_kwargs(
        filter_by_pair=filter_by_pair,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


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

    Args:
        filter_by_pair (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorEnvelope | OpenOrdersResponse
    """

    return (
        await asyncio_detailed(
            client=client,
            filter_by_pair=filter_by_pair,
        )
    ).parsed

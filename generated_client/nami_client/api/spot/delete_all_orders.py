from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.delete_all_orders_request import DeleteAllOrdersRequest
from ...models.delete_all_orders_response import DeleteAllOrdersResponse
from ...models.error_envelope import ErrorEnvelope
from ...types import Response


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

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> DeleteAllOrdersResponse | ErrorEnvelope | None:
    if response.status_code == 200:
        response_200 = DeleteAllOrdersResponse.from_dict(response.json())

        return response_200

    if response.status_code == 400:
        response_400 = ErrorEnvelope.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = ErrorEnvelope.from_dict(response.json())

        return response_401

    if response.status_code == 415:
        response_415 = ErrorEnvelope.from_dict(response.json())

        return response_415

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[DeleteAllOrdersResponse | ErrorEnvelope]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


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
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

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
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        DeleteAllOrdersResponse | ErrorEnvelope
    """

    return sync_detailed(
        client=client,
        body=body,
    ).parsed


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
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[DeleteAllOrdersResponse | ErrorEnvelope]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


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
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        DeleteAllOrdersResponse | ErrorEnvelope
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
        )
    ).parsed

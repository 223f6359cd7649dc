"""The generated client, signed by the hook, against the running mock: sync, async, installed."""

from __future__ import annotations

import asyncio
import subprocess
import textwrap
from pathlib import Path

import pytest
from nami_client import signed_client
from nami_client.api.spot import delete_all_orders
from nami_client.errors import AuthenticationError
from nami_client.models import DeleteAllOrdersRequest, DeleteAllOrdersResponse, ErrorEnvelope, Order, OrderRef
from nami_client.testing.book import seeded_orders

from tests.conftest import MOCK_KEY, MOCK_SECRET

# The mock's open orders, by their place in its book; each test cancels orders of its own.
SEEDED = seeded_orders(50)


def request_for(*places: int) -> DeleteAllOrdersRequest:
    return DeleteAllOrdersRequest(orders=[OrderRef(displaying_id=SEEDED[n][0], symbol=SEEDED[n][1]) for n in places])


def ids(*places: int) -> list[int]:
    return [SEEDED[n][0] for n in places]


def test_sync_client_cancels_and_parses_typed_orders(mock_url: str) -> None:
    client = signed_client(mock_url, api_key=MOCK_KEY, api_secret=MOCK_SECRET)
    result = delete_all_orders.sync_detailed(client=client, body=request_for(10, 11, 10))
    assert result.status_code == 200
    assert isinstance(result.parsed, DeleteAllOrdersResponse)
    assert all(isinstance(order, Order) for order in result.parsed.data)
    assert [order.displaying_id for order in result.parsed.data] == ids(10, 11)
    again = delete_all_orders.sync(client=client, body=request_for(10))
    assert isinstance(again, DeleteAllOrdersResponse) and again.data == []


def test_async_client_cancels_and_parses_typed_orders(mock_url: str) -> None:
    async def cancel() -> object:
        client = signed_client(mock_url, api_key=MOCK_KEY, api_secret=MOCK_SECRET)
        async with client:
            return await delete_all_orders.asyncio(client=client, body=request_for(12, 13))

    result = asyncio.run(cancel())
    assert isinstance(result, DeleteAllOrdersResponse)
    assert [order.displaying_id for order in result.data] == ids(12, 13)


def test_bad_secret_raises_authentication_error_and_cancels_nothing(mock_url: str) -> None:
    forged = signed_client(mock_url, api_key=MOCK_KEY, api_secret="not-the-secret")
    with pytest.raises(AuthenticationError) as refused:
        delete_all_orders.sync(client=forged, body=request_for(14))
    assert (refused.value.status_code, refused.value.message) == (401, "bad signature")
    assert refused.value.request_id

    as_generated = signed_client(mock_url, api_key=MOCK_KEY, api_secret="not-the-secret", raise_errors=False)
    envelope = delete_all_orders.sync_detailed(client=as_generated, body=request_for(14))
    assert envelope.status_code == 401
    assert isinstance(envelope.parsed, ErrorEnvelope) and envelope.parsed.message == "bad signature"

    client = signed_client(mock_url, api_key=MOCK_KEY, api_secret=MOCK_SECRET)
    accepted = delete_all_orders.sync(client=client, body=request_for(14))
    assert isinstance(accepted, DeleteAllOrdersResponse)
    assert [order.displaying_id for order in accepted.data] == ids(14)


def test_pip_installed_package_cancels_on_the_mock(mock_url: str, installed_python: Path, tmp_path: Path) -> None:
    script = textwrap.dedent(
        f"""
        from nami_client import signed_client
        from nami_client.api.spot import delete_all_orders
        from nami_client.models import DeleteAllOrdersRequest, OrderRef

        client = signed_client({mock_url!r}, api_key={MOCK_KEY!r}, api_secret={MOCK_SECRET!r})
        body = DeleteAllOrdersRequest(orders=[OrderRef(displaying_id={SEEDED[17][0]}, symbol="ETHUSDT")])
        print(delete_all_orders.sync(client=client, body=body).data[0].symbol)
        """
    )
    run = subprocess.run([installed_python, "-c", script], cwd=tmp_path, capture_output=True, text=True, timeout=60)
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == "ETHUSDT"

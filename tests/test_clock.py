"""The clock: the offset learned from each answer's `Date`, applied beyond the threshold, and a 401
to a request signed with a clock now known to be off re-signed and sent once more."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Iterator
from email.utils import formatdate

import httpx
import pytest
from nami_client import AuthenticationError, signed_client
from nami_client.api.spot import delete_all_orders, get_open_orders
from nami_client.client import Client
from nami_client.clock import THRESHOLD_MS, ClockSync
from nami_client.models import DeleteAllOrdersResponse, OpenOrdersResponse

from tests.client_fakes import BODY, FakeTime, Result, ScriptedExchange, client_for
from tests.conftest import MOCK_KEY, MOCK_SECRET
from tools.process import mock_env, running_mock

LOCAL_MS = 1_700_000_000_000  # the fake local clock: fixed, so each sample is exact to the header's second


def date(ms: int) -> str:
    return formatdate(ms / 1000, usegmt=True)


class SkewedExchange(ScriptedExchange):
    """An exchange whose clock is `offset_ms` from LOCAL_MS: it refuses a timestamp more than
    `window_ms` from its clock with 401, and answers every request with its `Date`."""

    def __init__(self, offset_ms: int, window_ms: int = 5_000) -> None:
        super().__init__()
        self.server_ms = LOCAL_MS + offset_ms
        self.window_ms = window_ms

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.seen.append(request)
        timestamp = json.loads(request.content)["timestamp"] if request.content else None
        if timestamp is None:
            timestamp = int(dict(httpx.QueryParams(request.url.query))["timestamp"])
        status = 200 if abs(timestamp - self.server_ms) <= self.window_ms else 401
        body = {"status": "ok", "data": []} if status == 200 else {"status": "UNAUTHORIZED", "code": 4012}
        return httpx.Response(status, json=body, headers={"Date": date(self.server_ms)})


def timestamps(exchange: ScriptedExchange) -> list[int]:
    return [json.loads(request.content)["timestamp"] for request in exchange.seen]


@pytest.mark.parametrize("offset_ms", [300_000, -300_000, 30_000])
def test_a_skewed_server_costs_one_extra_request_then_none(cancel: Callable[[Client], Result], offset_ms: int) -> None:
    exchange = SkewedExchange(offset_ms)
    client = client_for(exchange, retry=FakeTime().retry(), clock=lambda: LOCAL_MS)
    assert isinstance(cancel(client), DeleteAllOrdersResponse)
    assert len(exchange.seen) == 2  # the first, refused (401) and re-signed at once
    assert abs(client.clock_offset_ms - offset_ms) <= 500  # type: ignore[attr-defined]
    for _ in range(3):
        assert isinstance(cancel(client), DeleteAllOrdersResponse)
    assert len(exchange.seen) == 5  # no call after the first answer needed more than one request
    assert all(abs(t - exchange.server_ms) <= 500 for t in timestamps(exchange)[1:])


def test_the_get_is_re_signed_in_its_query_too() -> None:
    exchange = SkewedExchange(-120_000)
    client = client_for(exchange, retry=None, clock=lambda: LOCAL_MS)
    get_open_orders.sync(client=client)
    assert (
        len(exchange.seen) == 2 and exchange.seen[1].url.params["timestamp"] != exchange.seen[0].url.params["timestamp"]
    )


def test_clock_sync_off_leaves_the_clock_alone() -> None:
    exchange = SkewedExchange(300_000)
    client = client_for(exchange, retry=None, clock=lambda: LOCAL_MS, clock_sync=False)
    for _ in range(2):
        with pytest.raises(AuthenticationError):
            delete_all_orders.sync(client=client, body=BODY)
    assert client.clock_offset_ms == 0  # type: ignore[attr-defined]
    assert timestamps(exchange) == [LOCAL_MS, LOCAL_MS]


def test_a_401_with_a_clock_already_corrected_is_not_sent_again() -> None:
    """A bad key or signature is no clock problem: once the offset is in use, a 401 is final."""
    exchange = SkewedExchange(300_000, window_ms=-1)  # refuses every timestamp
    client = client_for(exchange, retry=None, clock=lambda: LOCAL_MS)
    with pytest.raises(AuthenticationError):
        delete_all_orders.sync(client=client, body=BODY)
    assert len(exchange.seen) == 2  # one re-signed attempt, never more
    with pytest.raises(AuthenticationError):
        delete_all_orders.sync(client=client, body=BODY)
    assert len(exchange.seen) == 3


def test_a_small_offset_is_left_alone_and_the_fixed_offset_still_applies() -> None:
    exchange = SkewedExchange(THRESHOLD_MS - 600)
    client = client_for(exchange, retry=None, clock=lambda: LOCAL_MS, clock_offset_ms=250)
    delete_all_orders.sync(client=client, body=BODY)
    delete_all_orders.sync(client=client, body=BODY)
    assert timestamps(exchange) == [LOCAL_MS + 250] * 2
    assert client.clock_offset_ms == 250  # type: ignore[attr-defined]


def sync_of(*headers: dict[str, str]) -> ClockSync:
    clock = ClockSync(lambda: LOCAL_MS)
    for answer in headers:
        clock.observe(LOCAL_MS, 0.0, httpx.Headers(answer))
    return clock


def test_the_estimate_is_the_median_of_recent_samples() -> None:
    ahead = {"date": date(LOCAL_MS + 60_000)}
    assert sync_of(ahead).offset_ms == 60_500  # the header drops the ms: half a second is added
    odd = {"date": date(LOCAL_MS - 3_600_000)}
    assert sync_of(ahead, ahead, odd).offset_ms == 60_500  # one odd answer does not move it


def test_answers_that_say_nothing_of_the_clock_are_no_samples() -> None:
    cached = {"date": date(LOCAL_MS + 60_000), "age": "30"}
    for headers in ({}, {"date": "not a date"}, {"date": ""}, cached):
        assert sync_of(headers).offset_ms == 0
    naive = {"date": "Tue, 14 Nov 2023 22:14:20 -0000"}  # no zone: read as GMT
    assert sync_of(naive).offset_ms == 60_500  # LOCAL_MS is 22:13:20 GMT
    assert ClockSync(lambda: LOCAL_MS, enabled=False).offset_ms == 0


def test_the_round_trip_is_split_in_half() -> None:
    clock = ClockSync(lambda: LOCAL_MS)
    clock.observe(LOCAL_MS, 4.0, httpx.Headers({"date": date(LOCAL_MS + 60_000)}))
    assert clock.offset_ms == 60_500 - 2_000


@pytest.fixture(params=[300_000, -300_000], ids=["ahead", "behind"])
def skewed_mock(request: pytest.FixtureRequest) -> Iterator[str]:
    env = mock_env(MOCK_KEY, MOCK_SECRET, NAMI_MOCK_CLOCK_OFFSET_MS=str(request.param))
    with running_mock(env) as url:
        yield url


def test_against_the_mock_300_s_off_the_first_call_costs_one_extra_request(
    skewed_mock: str, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger="nami_client.transport")  # one record per attempt
    with signed_client(skewed_mock, api_key=MOCK_KEY, api_secret=MOCK_SECRET) as client:
        statuses = []
        for _ in range(4):
            caplog.clear()
            assert isinstance(get_open_orders.sync(client=client), OpenOrdersResponse)
            statuses.append([record.getMessage().split(" got HTTP ")[1][:3] for record in caplog.records])
        assert abs(abs(client.clock_offset_ms) - 300_000) < 1_500
    assert statuses == [["401", "200"], ["200"], ["200"], ["200"]]

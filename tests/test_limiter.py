"""The limiter: a sliding second shared by every call of a client, sync or async; a 429's
`Retry-After` pausing every call; a 418 banning the client (`BannedError`, never retried)."""

from __future__ import annotations

import asyncio
import threading
import time

import httpx
import pytest
from nami_client import BannedError, RateLimitError
from nami_client.api.spot import delete_all_orders
from nami_client.error_types import DeadlineExceeded
from nami_client.limiter import UNSAID_BAN_SECONDS, RateLimiter

from tests.client_fakes import BODY, FakeTime, ScriptedExchange, answer, cancel_sync, client_for


class ManualClock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def take(limiter: RateLimiter) -> float:
    wait, _ = limiter.reserve()
    return wait


def test_no_second_holds_more_than_the_rate_not_even_across_an_edge() -> None:
    clock = ManualClock()
    limiter = RateLimiter(3, monotonic=clock)
    clock.now = 100.9  # late in a second: a fixed-window bucket would let 3 through here and 3 more at 101.0
    for _ in range(3):
        assert take(limiter) == 0
        limiter.release()
    assert take(limiter) == pytest.approx(1.0)
    clock.now = 101.0
    assert take(limiter) == pytest.approx(0.9)  # sliding: the three of 100.9 hold their places until 101.9
    clock.now = 101.9
    assert take(limiter) == 0


def test_a_request_in_flight_holds_its_place_until_a_second_after_its_answer() -> None:
    clock = ManualClock()
    limiter = RateLimiter(2, monotonic=clock)
    assert take(limiter) == 0 and take(limiter) == 0  # two in flight
    clock.now = 105.0
    assert take(limiter) == pytest.approx(1.0)  # none can free up before a second from now
    limiter.release()  # the first answer arrives at 105.0
    clock.now = 105.5
    assert take(limiter) == pytest.approx(0.5)
    clock.now = 106.0
    assert take(limiter) == 0


def test_a_pause_holds_every_caller_and_a_ban_refuses_them() -> None:
    clock = ManualClock()
    limiter = RateLimiter(None, monotonic=clock)
    paused = RateLimitError(429, b"", {"Retry-After": "2"})
    limiter.pause(paused)
    wait, cause = limiter.reserve()
    assert wait == pytest.approx(2.0) and cause is paused
    limiter.pause(RateLimitError(429, b"", {}))  # no Retry-After: no pause for the others
    clock.now = 102.0
    assert limiter.reserve() == (0.0, None)
    limiter.ban(BannedError(418, b'{"data":{"requestId":"r-9"}}', {}))  # no Retry-After: the published hour
    with pytest.raises(BannedError, match="not sent") as caught:
        limiter.reserve()
    assert caught.value.retry_after == UNSAID_BAN_SECONDS and caught.value.request_id == "r-9"
    assert caught.value.attempts == 0
    clock.now += UNSAID_BAN_SECONDS
    assert limiter.reserve() == (0.0, None)


def test_a_418_raises_banned_error_is_never_retried_and_the_client_refuses_until_the_ban_ends() -> None:
    banned = answer(418, {"status": "BANNED", "code": 1, "data": {"requestId": "r-1"}}, {"Retry-After": "120"})
    exchange = ScriptedExchange(banned, answer(200))
    fake = FakeTime()
    client = client_for(exchange, retry=fake.retry(attempts=5))
    with pytest.raises(BannedError) as caught:
        cancel_sync(client)
    assert isinstance(caught.value, RateLimitError)
    assert (caught.value.retry_after, caught.value.attempts, caught.value.request_id) == (120, 1, "r-1")
    assert len(exchange.seen) == 1 and fake.sleeps == []
    with pytest.raises(BannedError, match="not sent"):
        asyncio.run(delete_all_orders.asyncio(client=client, body=BODY))  # async calls share the ban
    assert len(exchange.seen) == 1
    fake.now += 120
    cancel_sync(client)
    assert len(exchange.seen) == 2


def test_a_429_with_retry_after_pauses_every_call_of_the_client() -> None:
    exchange = ScriptedExchange(answer(429, b"", {"Retry-After": "3"}), answer(200))
    fake = FakeTime()
    client = client_for(exchange, retry=fake.retry(attempts=1))  # this call gives up at once
    with pytest.raises(RateLimitError):
        cancel_sync(client)
    cancel_sync(client)  # the next call waits out what the 429 asked for before sending
    assert fake.sleeps == [pytest.approx(3.0)] and len(exchange.seen) == 2


def test_a_pause_longer_than_the_call_may_last_raises_without_sending() -> None:
    exchange = ScriptedExchange(answer(429, b"", {"Retry-After": "30"}), answer(200))
    fake = FakeTime()
    client = client_for(exchange, retry=fake.retry(attempts=1, total=5))
    with pytest.raises(RateLimitError):
        cancel_sync(client)
    with pytest.raises(RateLimitError, match="not sent") as caught:
        cancel_sync(client)
    assert caught.value.retry_after == pytest.approx(30) and len(exchange.seen) == 1 and fake.sleeps == []


def test_a_rate_that_leaves_no_place_within_the_call_raises_deadline_exceeded_without_sending() -> None:
    exchange = ScriptedExchange()
    fake = FakeTime()
    client = client_for(exchange, retry=fake.retry(total=0.5), max_requests_per_second=1)
    cancel_sync(client)
    with pytest.raises(DeadlineExceeded, match="not sent"):
        cancel_sync(client)
    assert len(exchange.seen) == 1


def test_sync_and_async_calls_from_many_threads_share_one_sliding_second() -> None:
    """Real time, small: 30 calls at 20 a second from 3 threads and 3 asyncio tasks take about a second."""
    arrivals: list[float] = []
    lock = threading.Lock()

    def record(request: httpx.Request) -> httpx.Response:
        with lock:
            arrivals.append(time.monotonic())
        return httpx.Response(200, json={"status": "ok", "data": []})

    client = client_for(ScriptedExchange(record), retry=None, max_requests_per_second=20)

    def sync_calls() -> None:
        for _ in range(5):
            cancel_sync(client)

    async def async_calls() -> None:
        await asyncio.gather(*(delete_all_orders.asyncio(client=client, body=BODY) for _ in range(5)))

    threads = [threading.Thread(target=sync_calls) for _ in range(3)]
    threads += [threading.Thread(target=asyncio.run, args=(async_calls(),)) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=10)
    arrivals.sort()
    assert len(arrivals) == 30
    assert all(later - earlier >= 1.0 for earlier, later in zip(arrivals, arrivals[20:], strict=False))

"""The mock's clock offset and rate limit (NAMI_MOCK_CLOCK_OFFSET_MS, NAMI_MOCK_RATE_LIMIT), and the
client keeping under that limit against it."""

from __future__ import annotations

from email.utils import parsedate_to_datetime

import pytest
from nami_client import BannedError, RateLimitError, cancel_all, signed_client
from nami_client.api.spot import get_open_orders
from nami_client.testing.config import MockConfig
from nami_client.testing.rate import RateGate
from nami_client.testing.refusals import Rejected

from tests.conftest import MOCK_KEY, MOCK_SECRET
from tests.mock_requests import ORDERS, mock_client, now_ms, send, signed
from tools.process import mock_env, running_mock


class ManualClock:
    now = 0.0

    def __call__(self) -> float:
        return self.now


def test_the_mock_clock_date_and_window_move_together() -> None:
    with mock_client(clock_offset_ms=300_000) as client:
        stale = send(client, signed(ORDERS))  # the host's time is 300 s behind the mock's
        assert stale.status_code == 401 and "ms from server time" in stale.json()["message"]
        date_ms = parsedate_to_datetime(stale.headers["date"]).timestamp() * 1000
        assert abs(date_ms - (now_ms() + 300_000)) < 2_000
        assert send(client, signed(ORDERS, timestamp=now_ms() + 300_000)).status_code == 200


def test_the_gate_refuses_past_the_limit_with_retry_after_then_bans() -> None:
    clock = ManualClock()
    gate = RateGate(2, ban_after=3, ban_window_s=10, ban_seconds=60, monotonic=clock)
    gate.admit("k")
    clock.now = 0.5
    gate.admit("k")
    gate.admit("other")  # per key
    for expected in ("1", "1"):
        with pytest.raises(Rejected) as refused:
            gate.admit("k")
        assert (refused.value.status, refused.value.headers["Retry-After"]) == (429, expected)
    clock.now = 1.0  # the first left the sliding second; refused requests did not count
    gate.admit("k")
    clock.now = 1.1
    with pytest.raises(Rejected) as banned:  # the third 429 within 10 s
        gate.admit("k")
    assert (banned.value.status, banned.value.headers["Retry-After"]) == (418, "60")
    clock.now = 30.0
    with pytest.raises(Rejected) as still:
        gate.admit("k")
    assert (still.value.status, still.value.headers["Retry-After"]) == (418, "32")
    clock.now = 61.2
    gate.admit("k")


def test_the_settings_come_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NAMI_MOCK_CLOCK_OFFSET_MS", "-300000")
    monkeypatch.setenv("NAMI_MOCK_RATE_LIMIT", "5")
    config = MockConfig.from_env()
    assert (config.clock_offset_ms, config.rate_limit) == (-300_000, 5)
    for name, value in (("NAMI_MOCK_CLOCK_OFFSET_MS", "soon"), ("NAMI_MOCK_RATE_LIMIT", "-1")):
        monkeypatch.setenv(name, value)
        with pytest.raises(ValueError, match=name):
            MockConfig.from_env()
        monkeypatch.delenv(name)


def test_against_the_limited_mock_a_matched_client_gets_no_429_and_an_unlimited_one_gets_banned() -> None:
    """Real time, small: 3 requests a second, a book of 40 orders in chunks of 10 (6 requests)."""
    accounts = {"limited-key-2": "limited-secret-2"}
    env = mock_env(MOCK_KEY, MOCK_SECRET, accounts, NAMI_MOCK_RATE_LIMIT="3", NAMI_MOCK_OPEN_ORDERS="40")
    with running_mock(env) as url:
        statuses: list[int] = []
        hooks = {"response": [lambda response: statuses.append(response.status_code)]}
        with signed_client(
            url, api_key=MOCK_KEY, api_secret=MOCK_SECRET, max_requests_per_second=3, httpx_args={"event_hooks": hooks}
        ) as client:
            report = cancel_all(client, chunk_size=10)
        assert report.complete and len(report.cancelled) == 40
        assert statuses == [200] * 6
        # Without the limit: each 429 pauses the client for its Retry-After (1 s), and the third 429
        # within 10 s gets the key banned.
        refused: list[int] = []
        with signed_client(url, api_key="limited-key-2", api_secret="limited-secret-2", retry=None) as client:
            with pytest.raises(BannedError) as caught:
                for _ in range(30):
                    try:
                        get_open_orders.sync(client=client)
                    except RateLimitError as exc:
                        if isinstance(exc, BannedError):
                            raise
                        refused.append(exc.status_code)
            assert refused == [429, 429]
            assert caught.value.retry_after == 60 and caught.value.attempts == 1
            with pytest.raises(BannedError, match="not sent"):
                cancel_all(client)

"""How a run of `nami_client.orders` stops, against the scripted exchange (tests/orders_fakes.py):
at its deadline, on an interrupt, and what a server's odd text does to the errors; sync and async."""

from __future__ import annotations

import asyncio
import signal
import threading
import time

import httpx
import pytest
from nami_client import BrokerError, DeadlineExceeded, InvalidRequestError, OrderKey, RunStopped, acancel_all
from nami_client.api.spot import get_open_orders
from nami_client.orders import CancelReport
from nami_client.testing.book import seeded_orders

from tests.orders_fakes import FakeExchange, run_cancel_all

MODES = pytest.mark.parametrize("mode", ["sync", "async"])
BOOK = seeded_orders(400)
KEYS = [OrderKey(*key) for key in BOOK]


@MODES
def test_a_hanging_cancel_ends_the_run_at_its_deadline_with_the_report(mode: str) -> None:
    """Every cancel hangs for 2 s: the run raises DeadlineExceeded within 1 s of its deadline, with
    every order in `failed` (sent, never answered) and nothing sent after the deadline."""
    exchange = FakeExchange(BOOK, delay=2.0)
    started = time.monotonic()
    with pytest.raises(DeadlineExceeded) as caught:
        run_cancel_all(mode, exchange.client(mode), deadline=0.4)
    assert time.monotonic() - started < 0.4 + 1.0
    report = caught.value.report
    assert report is not None and not report.complete
    assert [failure.order for failure in report.failed] == KEYS and report.cancelled == []
    assert exchange.requests == ["list"] and exchange.in_flight_most == 2  # both sent, neither answered


@MODES
def test_a_deadline_that_passes_between_passes_sends_nothing_more(mode: str) -> None:
    exchange = FakeExchange(BOOK, delay=0.3, stuck=BOOK[:1])
    with pytest.raises(DeadlineExceeded) as caught:
        run_cancel_all(mode, exchange.client(mode), deadline=0.5)
    report = caught.value.report
    assert report is not None and report.cancelled == KEYS and not report.complete
    assert "deadline (0.5 s)" in str(caught.value)


def _interrupt_main_after(seconds: float) -> threading.Timer:
    """Ctrl-C as the terminal sends it: SIGINT to the main thread, `seconds` from now."""
    main = threading.main_thread().ident
    assert main is not None
    timer = threading.Timer(seconds, signal.pthread_kill, (main, signal.SIGINT))
    timer.start()
    return timer


def _first_chunk_done(report: CancelReport) -> None:
    assert report.cancelled == KEYS[:200] and not report.complete
    assert [failure.order for failure in report.failed] == KEYS[200:]
    assert all(isinstance(failure.error, RunStopped) for failure in report.failed)


def test_ctrl_c_raises_the_same_interrupt_with_what_was_done() -> None:
    exchange = FakeExchange(BOOK, delay=0.4)
    timer = _interrupt_main_after(0.6)  # the first chunk is answered, the second in flight
    try:
        with pytest.raises(KeyboardInterrupt) as caught:
            run_cancel_all("sync", exchange.client(), concurrency=1)
    finally:
        timer.cancel()
    _first_chunk_done(caught.value.report)  # type: ignore[attr-defined]


def test_a_cancelled_task_raises_cancelled_error_with_what_was_done() -> None:
    async def main() -> BaseException:
        exchange = FakeExchange(BOOK, delay=0.4)
        task = asyncio.ensure_future(acancel_all(exchange.client("async"), concurrency=1))
        await asyncio.sleep(0.6)
        task.cancel()
        started = time.monotonic()
        with pytest.raises(asyncio.CancelledError) as caught:
            await task
        assert time.monotonic() - started < 0.5
        return caught.value

    _first_chunk_done(asyncio.run(main()).report)  # type: ignore[attr-defined]


def test_wait_for_ends_on_time_and_the_report_is_on_its_cause() -> None:
    async def main() -> BaseException:
        exchange = FakeExchange(BOOK, delay=0.4)
        started = time.monotonic()
        with pytest.raises(TimeoutError) as caught:
            await asyncio.wait_for(acancel_all(exchange.client("async"), concurrency=1), 0.6)
        assert time.monotonic() - started < 0.6 + 0.5
        return caught.value

    timeout = asyncio.run(main())
    assert isinstance(timeout.__cause__, asyncio.CancelledError)
    _first_chunk_done(timeout.__cause__.report)  # type: ignore[attr-defined]


# What a server writes ends up escaped in the error's message.

ODD = (
    b'{"status":"ERR\\nOR","code":4000,"message":"bad \\ud800 pair\\nINFO all orders cancelled\\u202e",'
    b'"data":{"requestId":"r-\\u001b[31m"}}'
)


@MODES
def test_odd_text_from_the_server_is_escaped_in_the_message(mode: str) -> None:
    exchange = FakeExchange(BOOK, cancel_faults=[lambda exchange, orders: httpx.Response(400, content=ODD)])
    with pytest.raises(BrokerError) as caught:
        run_cancel_all(mode, exchange.client(mode))
    text = str(caught.value)
    assert text.isprintable() and text.encode("utf-8")  # prints anywhere, on one line
    assert "bad \\ud800 pair\\nINFO all orders cancelled\\u202e" in text and "r-\\x1b[31m" in text
    assert caught.value.message == "bad \ud800 pair\nINFO all orders cancelled\u202e"  # kept as sent
    assert caught.value.report is not None and str(caught.value.report.to_dict()).isprintable()


@MODES
def test_a_filter_that_cannot_be_encoded_is_refused_before_anything_is_sent(mode: str) -> None:
    exchange = FakeExchange(BOOK)
    client = exchange.client(mode)
    with pytest.raises(InvalidRequestError, match="filterByPair: a lone surrogate"):
        if mode == "sync":
            get_open_orders.sync(client=client, filter_by_pair="\ud800")
        else:
            asyncio.run(get_open_orders.asyncio(client=client, filter_by_pair="\ud800"))
    assert exchange.requests == []

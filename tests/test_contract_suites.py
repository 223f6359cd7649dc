"""A suite's requests go several at once, and each answer stays paired with its own request."""

from __future__ import annotations

import functools
import threading
import time

from tests.recording_server import recording_server
from tools.contract.exchange import SUITE_CONCURRENCY, Exchange, RoundTrip


def test_a_suite_is_sent_several_at_once_and_answers_keep_their_order() -> None:
    exchange = Exchange()
    in_flight, most = 0, 0
    lock = threading.Lock()

    def send(index: int, url: str, ex: Exchange) -> RoundTrip:
        nonlocal in_flight, most
        with lock:
            in_flight += 1
            most = max(most, in_flight)
        time.sleep(0.05)  # long enough for the others to start meanwhile
        try:
            return ex.send(f"{url}/{index}", "key", {"n": index}, f"request {index}")
        finally:
            with lock:
                in_flight -= 1

    with recording_server() as target:
        answers = exchange.send_all([functools.partial(send, i, target.url) for i in range(8)])
    assert [answer.sent for answer in answers] == [{"n": i} for i in range(8)]
    assert [answer.what for answer in answers] == [f"request {i}" for i in range(8)]
    assert most == SUITE_CONCURRENCY
    assert sorted(target.targets) == sorted(f"/{i}" for i in range(8))

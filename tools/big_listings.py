"""How long a big listing holds up another client: the mock seeded with a big book, `listers` clients
each listing all of it over and over, and one client sending one-order cancels meanwhile.

`make bench` reports the p99 of the cancels' latency (`listing_hold_p99_ms`); a test checks it runs.
Each cancel names an order that is never open, so the book stays whole for the listings.
"""

from __future__ import annotations

import http.client
import json
import threading
import time
from dataclasses import dataclass
from urllib.parse import urlsplit

from nami_client.signing import canonical_query
from nami_client.testing.signatures import with_signature

from tools.process import mock_env, running_mock
from tools.spec import OPEN_ORDERS_PATH, OPERATION_PATH

KEY, SECRET = "big-book-key", "big-book-secret"


@dataclass(frozen=True)
class HoldUp:
    cancels_ms: list[float]  # each small cancel's latency, in the order sent
    listings: int  # full listings read while they ran
    listing_bytes: int  # the size of one full listing

    def percentile(self, share: float) -> float:
        ordered = sorted(self.cancels_ms)
        return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def _now_ms() -> int:
    return time.time_ns() // 1_000_000


def _connection(url: str) -> http.client.HTTPConnection:
    parts = urlsplit(url)
    return http.client.HTTPConnection(parts.hostname or "127.0.0.1", parts.port, timeout=120)


def _list_everything(url: str) -> int:
    """Read one full listing, discarding it as it arrives; its size in bytes."""
    connection = _connection(url)
    query = canonical_query(with_signature({"timestamp": _now_ms()}, SECRET))
    connection.request("GET", f"{OPEN_ORDERS_PATH}?{query}", headers={"x-api-key": KEY})
    response = connection.getresponse()
    assert response.status == 200, response.read(300)
    size = 0
    while chunk := response.read(1 << 20):
        size += len(chunk)
    connection.close()
    return size


def _cancel_once(connection: http.client.HTTPConnection, number: int) -> float:
    body = with_signature(
        {"orders": [{"displayingId": 1 + number, "symbol": "BTCUSDT"}], "timestamp": _now_ms()}, SECRET
    )
    started = time.perf_counter()
    connection.request(
        "DELETE", OPERATION_PATH, body=json.dumps(body), headers={"x-api-key": KEY, "content-type": "application/json"}
    )
    response = connection.getresponse()
    response.read()
    assert response.status == 200, response.status
    return (time.perf_counter() - started) * 1000


def hold_up(orders: int = 100_000, listers: int = 4, cancels: int = 200, gap_s: float = 0.01) -> HoldUp:
    """Run the mock with `orders` per book; `listers` clients list it in a loop while `cancels`
    one-order cancels are sent, `gap_s` apart, each on the same connection."""
    env = mock_env(KEY, SECRET, NAMI_MOCK_OPEN_ORDERS=str(orders))
    with running_mock(env) as url:
        listing_bytes = _list_everything(url)  # also warms the mock up
        done = threading.Event()
        listed = [0] * listers

        def lister(number: int) -> None:
            while not done.is_set():
                _list_everything(url)
                listed[number] += 1

        threads = [threading.Thread(target=lister, args=(n,), daemon=True) for n in range(listers)]
        for thread in threads:
            thread.start()
        time.sleep(0.3)  # every listing under way
        connection = _connection(url)
        latencies = []
        for number in range(cancels):
            latencies.append(_cancel_once(connection, number))
            time.sleep(gap_s)
        done.set()
        for thread in threads:
            thread.join(timeout=120)
        connection.close()
    return HoldUp(latencies, sum(listed), listing_bytes)


if __name__ == "__main__":
    result = hold_up()
    print(
        f"p50 {result.percentile(0.5):.1f} ms, p99 {result.percentile(0.99):.1f} ms,"
        f" max {max(result.cancels_ms):.1f} ms;"
        f" {result.listings} listings of {result.listing_bytes / 1e6:.1f} MB"
    )

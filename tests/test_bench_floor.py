"""The contract benchmark's baseline server: with `--faithful` it refuses what the spec rules out, as
the mock does, so bare Schemathesis is timed doing the work it does against a faithful server."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator

import pytest
import requests

from tools.contract.boundaries import query_example
from tools.contract.probes import example_body
from tools.contract.signing import query_string
from tools.contract.validation import VALIDATORS
from tools.process import running_server
from tools.spec import OPEN_ORDERS_PATH, OPERATION_PATH

BODY = example_body()
QUERY = query_string(query_example(VALIDATORS)[1])
# What the spec rules out, each in one way: the mock refuses each with a 400.
OUT_OF_SPEC_BODIES = [
    b'{"orders": [], "allowNotification": false, "timestamp": 1, "signature": "' + b"a" * 64 + b'"}',
    b'{"orders": "BTCUSDT"}',
    b'{"a": 1, "a": 2}',
    b"[1, 2]",
]
OUT_OF_SPEC_QUERIES = [QUERY + "&unknown=1", QUERY + "&filterByPair=ETHUSDT", "filterByPair=BTCUSDT"]


@pytest.fixture(scope="module", params=["plain", "faithful"])
def floor(request: pytest.FixtureRequest) -> Iterator[tuple[str, str]]:
    flags = ["--faithful"] if request.param == "faithful" else []
    with running_server("tools.bench.floor", dict(os.environ), *flags) as url:
        yield request.param, url


def delete(url: str, raw: bytes) -> int:
    return requests.delete(url + OPERATION_PATH, data=raw, headers={"Content-Type": "application/json"}).status_code


def test_what_the_spec_allows_is_accepted(floor: tuple[str, str]) -> None:
    _, url = floor
    assert delete(url, json.dumps(BODY).encode()) == 200
    assert requests.get(f"{url}{OPEN_ORDERS_PATH}?{QUERY}").status_code == 200


def test_only_the_faithful_floor_refuses_what_the_spec_rules_out(floor: tuple[str, str]) -> None:
    kind, url = floor
    refused = 400 if kind == "faithful" else None
    body_statuses = [delete(url, raw) for raw in OUT_OF_SPEC_BODIES[:2]]
    query_statuses = [requests.get(f"{url}{OPEN_ORDERS_PATH}?{q}").status_code for q in OUT_OF_SPEC_QUERIES]
    if refused:
        assert body_statuses + query_statuses == [refused] * 5
        assert [delete(url, raw) for raw in OUT_OF_SPEC_BODIES[2:]] == [400, 400]
    else:
        assert body_statuses[0] == 200 and query_statuses == [200] * 3  # it reads the first, and lists

"""The client's own cost next to hand-written code doing the same work, on `httpx.MockTransport`.

The baselines are the floor: the signing recipe written inline for this one body shape, and a
plain `httpx` + `hmac` + `json` call returning the parsed JSON. Before any timing, every path is
run once against a handler that checks the key and the signature, so the baselines provably do
the same work.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import httpx
from nami_client import signed_client
from nami_client.api.spot import delete_all_orders
from nami_client.models import DeleteAllOrdersRequest, DeleteAllOrdersResponse
from nami_client.signing import NamiAuth, sign
from nami_client.testing.book import order_json, seeded_orders

from tools.bench import BenchError
from tools.spec import OPERATION_PATH

BASE_URL = "https://nami.bench"
API_KEY = "bench-api-key-0123"
API_SECRET = "bench-api-secret-4567"

Handler = Callable[[httpx.Request], httpx.Response]


def unsigned_body(orders: int) -> dict[str, Any]:
    refs = [{"displayingId": displaying_id, "symbol": symbol} for displaying_id, symbol in seeded_orders(orders)]
    return {"orders": refs, "allowNotification": False}


def response_bytes(body: dict[str, Any]) -> bytes:
    """The mock's answer to `body`: every listed order, cancelled."""
    data = [order_json(ref["displayingId"], ref["symbol"]) for ref in body["orders"]]
    return json.dumps({"status": "ok", "data": data}, separators=(",", ":")).encode()


def canned(content: bytes) -> Handler:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, content=content, headers={"content-type": "application/json"})

    return handler


def checking(content: bytes, expected: dict[str, Any]) -> Handler:
    """A handler that answers only a correctly keyed and signed request for `expected`."""

    def handler(request: httpx.Request) -> httpx.Response:
        body = json.loads(request.content)
        unsigned = {key: value for key, value in body.items() if key != "signature"}
        if request.headers.get("x-api-key") != API_KEY or body.get("signature") != sign(unsigned, API_SECRET):
            raise BenchError(f"badly signed request: {request.headers!r} {request.content[:200]!r}")
        if {key: value for key, value in unsigned.items() if key != "timestamp"} != expected:
            raise BenchError("the request body is not the one to send")
        return canned(content)(request)

    return handler


# The floor: Nami's recipe written inline for {"orders": [...], "allowNotification": bool}.


def baseline_signed_content(body: dict[str, Any], timestamp_ms: int) -> bytes:
    objects = "%2C".join(["%5Bobject+Object%5D"] * len(body["orders"]))  # URLSearchParams of the orders
    flag = "true" if body["allowNotification"] else "false"
    canonical = f"orders={objects}&allowNotification={flag}&timestamp={timestamp_ms}"
    signature = hmac.new(API_SECRET.encode(), canonical.encode(), hashlib.sha256).hexdigest()
    signed = {**body, "timestamp": timestamp_ms, "signature": signature}
    return json.dumps(signed, separators=(",", ":")).encode()


def baseline_call(http: httpx.Client, body: dict[str, Any]) -> list[dict[str, Any]]:
    content = baseline_signed_content(body, time.time_ns() // 1_000_000)
    headers = {"x-api-key": API_KEY, "content-type": "application/json"}
    response = http.request("DELETE", OPERATION_PATH, content=content, headers=headers)
    if response.status_code != 200:
        raise BenchError(f"baseline call got {response.status_code}")
    data: list[dict[str, Any]] = response.json()["data"]
    return data


@dataclass(frozen=True)
class Subjects:
    """What a figure times: the client's way and the hand-written floor, both checked first."""

    client: Callable[[], object]
    baseline: Callable[[], object]


def sign_subjects(orders: int = 2) -> Subjects:
    """`NamiAuth` signing an unsigned request, next to the inline recipe."""
    body = unsigned_body(orders)
    with httpx.Client(base_url=BASE_URL) as http:  # the request as a client hands it over, default headers and all
        request = http.build_request("DELETE", OPERATION_PATH, json=body)
    fixed = NamiAuth(API_KEY, API_SECRET, clock=lambda: 1_670_000_000_000).signed(request)
    if json.loads(fixed.content) != json.loads(baseline_signed_content(body, 1_670_000_000_000)):
        raise BenchError("NamiAuth and the baseline sign the body differently")
    auth = NamiAuth(API_KEY, API_SECRET)
    return Subjects(
        client=lambda: auth.signed(request),
        baseline=lambda: baseline_signed_content(body, time.time_ns() // 1_000_000),
    )


def call_subjects(orders: int) -> Subjects:
    """A full generated call (sign, send, parse into models), next to a hand-written one."""
    body = unsigned_body(orders)
    model = DeleteAllOrdersRequest.from_dict(body)
    content = response_bytes(body)

    def generated(handler: Handler) -> Callable[[], object]:
        transport = httpx.MockTransport(handler)
        client = signed_client(
            BASE_URL,
            api_key=API_KEY,
            api_secret=API_SECRET,
            httpx_args={"transport": transport},
            enforce_assumed_limits=orders <= 200,  # past the spec's assumed maximum of 200 orders, lifted
        )
        return lambda: delete_all_orders.sync(client=client, body=model)

    def hand_written(handler: Handler) -> Callable[[], list[dict[str, Any]]]:
        http = httpx.Client(base_url=BASE_URL, transport=httpx.MockTransport(handler))
        return lambda: baseline_call(http, body)

    parsed = generated(checking(content, body))()
    if not isinstance(parsed, DeleteAllOrdersResponse) or len(parsed.data) != orders:
        raise BenchError(f"the generated call did not parse {orders} orders: {parsed!r:.200}")
    if len(hand_written(checking(content, body))()) != orders:
        raise BenchError("the hand-written call did not return every order")
    return Subjects(client=generated(canned(content)), baseline=hand_written(canned(content)))


def parse_subject(orders: int) -> Callable[[], object]:
    """Parsing an answer listing `orders` orders into the generated models, from its JSON."""
    data = json.loads(response_bytes(unsigned_body(orders)))
    return lambda: DeleteAllOrdersResponse.from_dict(data)


def client_build_ms(builds: int) -> float:
    """Median milliseconds to build a client ready for both kinds of call: `signed_client(...)` on the
    default (real) transports, then its sync and async httpx clients, in a fresh process, so that the
    first build, which makes the process's TLS context, is among those timed."""
    code = f"""
import statistics, time
from nami_client import signed_client
seconds = []
for _ in range({builds}):
    started = time.perf_counter()
    client = signed_client(api_key="bench-key-0001", api_secret="bench-secret-0001")
    client.get_httpx_client()
    client.get_async_httpx_client()
    seconds.append(time.perf_counter() - started)
    client.get_httpx_client().close()
print(statistics.median(seconds) * 1000, max(seconds) * 1000)
"""
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    if result.returncode != 0:
        raise BenchError(f"building clients failed: {result.stderr[-500:]}")
    median_ms, _first_ms = (float(value) for value in result.stdout.split())
    return median_ms

"""Requests to the in-process mock for its tests: signed bodies and queries, and answers checked
against the spec."""

from __future__ import annotations

import json
import time
from typing import Any

from nami_client.signing import canonical_query
from nami_client.testing.app import create_app
from nami_client.testing.config import MockConfig
from starlette.testclient import TestClient

from tests.signatures import with_signature
from tools.spec import OPEN_ORDERS_PATH, OPERATION_PATH, SpecSchemas, load_spec

KEY, SECRET = "test-key", "test-secret"
HEADERS = {"x-api-key": KEY, "content-type": "application/json"}
# The spec's example orders: the first two the mock seeds.
ORDER_KEYS = [(435372, "BTCUSDT"), (435373, "ETHUSDT")]
ORDERS = {"orders": [{"displayingId": i, "symbol": symbol} for i, symbol in ORDER_KEYS]}
SCHEMAS = SpecSchemas(load_spec())
_OPEN_ORDERS_ANSWERS = SCHEMAS.answers_of(OPEN_ORDERS_PATH, "get")


def mock_client(**settings: Any) -> TestClient:
    """A test client of a fresh mock (its own book) knowing KEY and SECRET; use it in a `with`."""
    return TestClient(create_app(MockConfig(api_key=KEY, api_secret=SECRET, **settings)))


def now_ms() -> int:
    return time.time_ns() // 1_000_000


def signed(body: dict[str, Any], *, secret: str = SECRET, timestamp: int | str | None = None) -> bytes:
    """`body` with a fresh (or the given) timestamp and its signature, as JSON."""
    params = {**body, "timestamp": now_ms() if timestamp is None else timestamp}
    return json.dumps(with_signature(params, secret)).encode()


def signed_query(params: dict[str, Any], *, secret: str = SECRET, timestamp: int | str | None = None) -> str:
    """The query string of `params` with a fresh (or the given) timestamp and its signature appended."""
    params = {**params, "timestamp": now_ms() if timestamp is None else timestamp}
    return canonical_query(with_signature(params, secret))


def _checked(response: Any, answers: dict[int, Any]) -> Any:
    """The response, once its JSON is the spec's body for its status (the error envelope for an undeclared one)."""
    validator = answers.get(response.status_code, answers[400])
    assert response.headers["content-type"] == "application/json", response.text[:300]
    assert not SCHEMAS.errors(validator, response.json()), response.text[:300]
    return response


def send(client: TestClient, content: bytes, headers: dict[str, str] | None = None, method: str = "DELETE") -> Any:
    """The answer to `content`, checked against the spec."""
    response = client.request(method, OPERATION_PATH, content=content, headers={**HEADERS, **(headers or {})})
    return _checked(response, SCHEMAS.response_validators)


def list_open(client: TestClient, query: str, *, key: str = KEY) -> Any:
    """The answer to a Get Open Orders request with this raw query string, checked against the spec."""
    response = client.get(f"{OPEN_ORDERS_PATH}?{query}", headers={"x-api-key": key})
    return _checked(response, _OPEN_ORDERS_ANSWERS)


def listed(response: Any) -> list[tuple[int, str]]:
    """The (displayingId, symbol) of each order an open-orders answer lists, in either published shape."""
    data = response.json()["data"]
    orders = data["orders"] if isinstance(data, dict) else data
    return [(order["displayingId"], order["symbol"]) for order in orders]


def still_open(client: TestClient) -> bool:
    """Whether both ORDERS are still open: a valid request cancels and lists them."""
    return len(send(client, signed(ORDERS)).json()["data"]) == 2

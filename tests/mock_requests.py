"""Requests to the in-process mock for its tests: signed bodies, and answers checked against the spec."""

from __future__ import annotations

import json
import time
from typing import Any

from starlette.testclient import TestClient

from tests.mock.app import create_app
from tests.mock.config import MockConfig
from tests.signatures import with_signature
from tests.spec import OPERATION_PATH, SpecSchemas, load_spec

KEY, SECRET = "test-key", "test-secret"
HEADERS = {"x-api-key": KEY, "content-type": "application/json"}
ORDERS = {"orders": [{"displayingId": 7, "symbol": "BTCUSDT"}, {"displayingId": 8, "symbol": "ETHUSDT"}]}
SCHEMAS = SpecSchemas(load_spec())


def mock_client(**settings: Any) -> TestClient:
    """A test client of a fresh mock (its own book) knowing KEY and SECRET; use it in a `with`."""
    return TestClient(create_app(MockConfig(api_key=KEY, api_secret=SECRET, **settings)))


def now_ms() -> int:
    return time.time_ns() // 1_000_000


def signed(body: dict[str, Any], *, secret: str = SECRET, timestamp: int | str | None = None) -> bytes:
    """`body` with a fresh (or the given) timestamp and its signature, as JSON."""
    params = {**body, "timestamp": now_ms() if timestamp is None else timestamp}
    return json.dumps(with_signature(params, secret)).encode()


def send(client: TestClient, content: bytes, headers: dict[str, str] | None = None, method: str = "DELETE") -> Any:
    """The answer to `content`; any JSON answer must be the spec's body for its status (the error
    envelope for an undeclared one)."""
    response = client.request(method, OPERATION_PATH, content=content, headers={**HEADERS, **(headers or {})})
    validator = SCHEMAS.response_validators.get(response.status_code, SCHEMAS.response_validators[400])
    assert response.headers["content-type"] == "application/json", response.text[:300]
    assert not SCHEMAS.errors(validator, response.json()), response.text[:300]
    return response


def still_open(client: TestClient) -> bool:
    """Whether both ORDERS are still open: a valid request cancels and lists them."""
    return len(send(client, signed(ORDERS)).json()["data"]) == 2

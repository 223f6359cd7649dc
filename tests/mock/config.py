"""The mock's settings, from the environment (documented in the README)."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from tests.mock.faults import Fault

DEFAULT_API_KEY = "mock-api-key"
DEFAULT_API_SECRET = "mock-api-secret"

_Number = TypeVar("_Number", int, float)


@dataclass(frozen=True)
class MockConfig:
    api_key: str = DEFAULT_API_KEY
    api_secret: str = DEFAULT_API_SECRET
    # How far a request's timestamp may be from the server clock.
    timestamp_window_ms: int = 10_000
    max_head_bytes: int = 16 * 1024  # a request's method, path and headers
    max_body_bytes: int = 1 << 20
    # Far above what a valid request holds (200 orders: about 600 values), and cheap to check.
    max_json_values: int = 10_000
    max_json_depth: int = 32
    fault: Fault | None = None
    slow_seconds: float = 2.0
    # Slow and idle clients (tests/mock/serving.py): each request's head, and its body, must
    # arrive within these; an idle keep-alive connection is closed after `keep_alive_s`.
    header_timeout_s: float = 5.0
    body_timeout_s: float = 10.0
    keep_alive_s: int = 5
    max_connections: int = 256

    def __repr__(self) -> str:
        return f"MockConfig(timestamp_window_ms={self.timestamp_window_ms}, fault={self.fault})"

    @classmethod
    def from_env(cls) -> MockConfig:
        fault = os.environ.get("NAMI_MOCK_FAULT") or None
        defaults = cls()
        return cls(
            api_key=os.environ.get("NAMI_API_KEY") or DEFAULT_API_KEY,
            api_secret=os.environ.get("NAMI_API_SECRET") or DEFAULT_API_SECRET,
            timestamp_window_ms=_number("NAMI_MOCK_TIMESTAMP_WINDOW_MS", int, defaults.timestamp_window_ms),
            fault=Fault.parse(fault) if fault else None,
            slow_seconds=_number("NAMI_MOCK_SLOW_SECONDS", float, defaults.slow_seconds),
            header_timeout_s=_number("NAMI_MOCK_HEADER_TIMEOUT_SECONDS", float, defaults.header_timeout_s),
            body_timeout_s=_number("NAMI_MOCK_BODY_TIMEOUT_SECONDS", float, defaults.body_timeout_s),
            keep_alive_s=_number("NAMI_MOCK_KEEP_ALIVE_SECONDS", int, defaults.keep_alive_s),
            max_connections=_number("NAMI_MOCK_MAX_CONNECTIONS", int, defaults.max_connections),
        )


def _number(name: str, kind: Callable[[str], _Number], default: _Number) -> _Number:
    text = os.environ.get(name)
    if not text:
        return default
    try:
        value = kind(text)
    except ValueError:
        raise ValueError(f"{name} must be a number, got {text[:40]!r}") from None
    if not value > 0:
        raise ValueError(f"{name} must be more than 0, got {text[:40]!r}")
    return value

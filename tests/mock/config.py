"""The mock's settings, from the environment (documented in the README)."""

from __future__ import annotations

import os
from dataclasses import dataclass

from tests.mock.faults import Fault

DEFAULT_API_KEY = "mock-api-key"
DEFAULT_API_SECRET = "mock-api-secret"


@dataclass(frozen=True)
class MockConfig:
    api_key: str = DEFAULT_API_KEY
    api_secret: str = DEFAULT_API_SECRET
    # How far a request's timestamp may be from the server clock.
    timestamp_window_ms: int = 10_000
    max_body_bytes: int = 1 << 20
    max_json_depth: int = 32
    fault: Fault | None = None
    slow_seconds: float = 2.0

    def __repr__(self) -> str:
        return f"MockConfig(timestamp_window_ms={self.timestamp_window_ms}, fault={self.fault})"

    @classmethod
    def from_env(cls) -> MockConfig:
        fault = os.environ.get("NAMI_MOCK_FAULT") or None
        return cls(
            api_key=os.environ.get("NAMI_API_KEY") or DEFAULT_API_KEY,
            api_secret=os.environ.get("NAMI_API_SECRET") or DEFAULT_API_SECRET,
            timestamp_window_ms=int(os.environ.get("NAMI_MOCK_TIMESTAMP_WINDOW_MS", "10000")),
            fault=Fault.parse(fault) if fault else None,
            slow_seconds=float(os.environ.get("NAMI_MOCK_SLOW_SECONDS", "2")),
        )

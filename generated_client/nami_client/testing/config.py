# Copied from generator/testing/config.py by `make generate`: edit it there, not here.
"""The mock's settings, from the environment (documented in the README)."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from .faults import Fault

DEFAULT_API_KEY = "mock-api-key"
DEFAULT_API_SECRET = "mock-api-secret"
MAX_OPEN_ORDERS = 100_000  # per account: enough for any benchmark, still seeded in well under a second
MAX_EXTRA_ACCOUNTS = 100
OPEN_ORDERS_SHAPES = ("page", "list")  # data: {"orders": [...]} (the current published page), or the list itself

_Number = TypeVar("_Number", int, float)


@dataclass(frozen=True)
class MockConfig:
    api_key: str = DEFAULT_API_KEY
    api_secret: str = DEFAULT_API_SECRET
    # More accounts, as (API key, secret); each has its own order book.
    extra_accounts: tuple[tuple[str, str], ...] = ()
    # Open orders seeded into each account's book; the default account's first two are the spec's examples.
    open_orders: int = 50
    open_orders_shape: str = "page"
    # How far a request's timestamp may be from the server clock.
    timestamp_window_ms: int = 10_000
    max_head_bytes: int = 16 * 1024  # a request's method, path and headers
    max_query_bytes: int = 2048  # a valid query to the open orders is under 500 bytes
    max_body_bytes: int = 1 << 20
    # Far above what a valid request holds (200 orders: about 600 values), and cheap to check.
    max_json_values: int = 10_000
    max_json_depth: int = 32
    fault: Fault | None = None
    slow_seconds: float = 2.0
    # Added to every answer (generator/testing/latency.py), as from an exchange across a network.
    latency_ms: float = 0.0
    # Slow and idle clients (generator/testing/serving.py): each request's head, and its body, must
    # arrive within these; an idle keep-alive connection is closed after `keep_alive_s`.
    header_timeout_s: float = 5.0
    body_timeout_s: float = 10.0
    keep_alive_s: int = 5
    max_connections: int = 256
    # The mock's clock runs this far ahead of (or, below 0, behind) the host's: its `Date` header and
    # its timestamp window with it.
    clock_offset_ms: int = 0
    # Requests a second per API key (generator/testing/rate.py); None: no limit.
    rate_limit: int | None = None
    ban_after_429s: int = 3  # within ban_window_s: then 418
    ban_window_s: float = 10.0
    ban_seconds: float = 60.0

    def __post_init__(self) -> None:
        if not 0 <= self.open_orders <= MAX_OPEN_ORDERS:
            raise ValueError(f"NAMI_MOCK_OPEN_ORDERS must be from 0 to {MAX_OPEN_ORDERS}, got {self.open_orders}")
        if self.open_orders_shape not in OPEN_ORDERS_SHAPES:
            shapes = " or ".join(OPEN_ORDERS_SHAPES)
            raise ValueError(f"NAMI_MOCK_OPEN_ORDERS_SHAPE must be {shapes}, got {self.open_orders_shape[:20]!r}")
        keys = [key for key, _ in self.accounts]
        if len(set(keys)) != len(keys):
            raise ValueError("each account needs its own API key")  # the keys are credentials: never shown

    @property
    def accounts(self) -> tuple[tuple[str, str], ...]:
        """Every account as (API key, secret), the default one first."""
        return ((self.api_key, self.api_secret), *self.extra_accounts)

    def __repr__(self) -> str:
        return (
            f"MockConfig(accounts={len(self.accounts)}, open_orders={self.open_orders}, "
            f"timestamp_window_ms={self.timestamp_window_ms}, clock_offset_ms={self.clock_offset_ms}, "
            f"rate_limit={self.rate_limit}, fault={self.fault})"
        )

    @classmethod
    def from_env(cls) -> MockConfig:
        fault = os.environ.get("NAMI_MOCK_FAULT") or None
        defaults = cls()
        return cls(
            api_key=os.environ.get("NAMI_API_KEY") or DEFAULT_API_KEY,
            api_secret=os.environ.get("NAMI_API_SECRET") or DEFAULT_API_SECRET,
            extra_accounts=_accounts("NAMI_MOCK_EXTRA_ACCOUNTS"),
            open_orders=_number("NAMI_MOCK_OPEN_ORDERS", int, defaults.open_orders, minimum=0),
            open_orders_shape=os.environ.get("NAMI_MOCK_OPEN_ORDERS_SHAPE") or defaults.open_orders_shape,
            timestamp_window_ms=_number("NAMI_MOCK_TIMESTAMP_WINDOW_MS", int, defaults.timestamp_window_ms),
            fault=Fault.parse(fault) if fault else None,
            slow_seconds=_number("NAMI_MOCK_SLOW_SECONDS", float, defaults.slow_seconds),
            latency_ms=_number("NAMI_MOCK_LATENCY_MS", float, defaults.latency_ms, minimum=0),
            header_timeout_s=_number("NAMI_MOCK_HEADER_TIMEOUT_SECONDS", float, defaults.header_timeout_s),
            body_timeout_s=_number("NAMI_MOCK_BODY_TIMEOUT_SECONDS", float, defaults.body_timeout_s),
            keep_alive_s=_number("NAMI_MOCK_KEEP_ALIVE_SECONDS", int, defaults.keep_alive_s),
            max_connections=_number("NAMI_MOCK_MAX_CONNECTIONS", int, defaults.max_connections),
            clock_offset_ms=_offset("NAMI_MOCK_CLOCK_OFFSET_MS"),
            rate_limit=_number("NAMI_MOCK_RATE_LIMIT", int, 0, minimum=0) or None,
            ban_seconds=_number("NAMI_MOCK_BAN_SECONDS", float, defaults.ban_seconds),
        )


def _number(name: str, kind: Callable[[str], _Number], default: _Number, *, minimum: int | None = None) -> _Number:
    """The setting `name`: more than 0, or at least `minimum` when given."""
    text = os.environ.get(name)
    if not text:
        return default
    try:
        value = kind(text)
    except ValueError:
        raise ValueError(f"{name} must be a number, got {text[:40]!r}") from None
    if minimum is None and not value > 0:
        raise ValueError(f"{name} must be more than 0, got {text[:40]!r}")
    if minimum is not None and not value >= minimum:
        raise ValueError(f"{name} must be at least {minimum}, got {text[:40]!r}")
    return value


def _offset(name: str) -> int:
    """A signed whole number of milliseconds, within a day."""
    text = os.environ.get(name)
    if not text:
        return 0
    try:
        value = int(text)
    except ValueError:
        raise ValueError(f"{name} must be a whole number of milliseconds, got {text[:40]!r}") from None
    if abs(value) > 86_400_000:
        raise ValueError(f"{name} must be within a day (±86400000), got {value}")
    return value


def _unique_pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    if len({key for key, _ in pairs}) != len(pairs):
        raise ValueError("names an API key twice")
    return dict(pairs)


def _accounts(name: str) -> tuple[tuple[str, str], ...]:
    """A JSON object of API key -> secret. Errors never quote the value: it holds secrets."""
    text = os.environ.get(name)
    if not text:
        return ()
    usage = f'{name} must be a JSON object of API key to secret, e.g. {{"key-2": "secret-2"}}'
    try:
        accounts = json.loads(text, object_pairs_hook=_unique_pairs)
    except ValueError as exc:
        reason = str(exc) if str(exc) == "names an API key twice" else "is not valid JSON"
        raise ValueError(f"{usage}; it {reason}") from None
    if not isinstance(accounts, dict) or len(accounts) > MAX_EXTRA_ACCOUNTS:
        raise ValueError(f"{usage}, of at most {MAX_EXTRA_ACCOUNTS} accounts")
    for key, secret in accounts.items():
        if not (key.isascii() and key.isprintable()) or not key.strip() or " " in key:
            raise ValueError(f"{usage}; each API key printable ASCII without spaces (it goes in a header)")
        if not isinstance(secret, str) or not secret:
            raise ValueError(f"{usage}; each secret a non-empty string")
    return tuple(accounts.items())

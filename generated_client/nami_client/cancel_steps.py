# Copied from generator/hook/cancel_steps.py by `make generate`: edit it there, not here.
"""The steps of a cancel run: what the run (`nami_client.cancel_run`) asks a runner
(`nami_client.cancel_runners`) to do next, and what the runner sends back.

A run is a generator (`Run`): it yields a `Step` and is sent its `Reply`.
"""

from __future__ import annotations

import enum
from collections.abc import Generator
from dataclasses import dataclass
from typing import NamedTuple, TypeVar

from .error_types import NamiError

__all__ = ["Cancels", "Done", "Flow", "Key", "Listing", "Reply", "Run", "Seen", "Step", "Wait"]

Key = tuple[int, str]  # (displaying_id, symbol)


@dataclass(frozen=True)
class Listing:
    """List the open orders, of `symbol` when given. Sent back: `Seen` or the `NamiError`."""

    symbol: str | None


@dataclass(frozen=True)
class Wait:
    """Wait `seconds` (never past the deadline). Sent back: None."""

    seconds: float


@dataclass(frozen=True)
class Cancels:
    """Send these cancels, one request per chunk. Sent back: a `Done` for the first that ends."""

    chunks: list[list[Key]]


class Flow(enum.Enum):
    """During a pass: `MORE`, send back the next `Done`; `HALT`, start no more cancels and send back a
    `Done` for every chunk left (`outcome` None for one never sent)."""

    MORE = "more"
    HALT = "halt"


class Seen(NamedTuple):
    """The orders an answer names, as (displaying_id, symbol, status): those listed open, or those
    a cancel answered for. `exact` is False for a cancel the client sent again after an attempt
    whose outcome is unknown: its answer leaves out what that attempt cancelled."""

    orders: list[tuple[int, str, str]]
    exact: bool = True


class Done(NamedTuple):
    chunk: int  # its place in `Cancels.chunks`
    outcome: Seen | NamiError | None  # None: never sent


Step = Listing | Wait | Cancels | Flow
Reply = Seen | NamiError | Done | None
Result = TypeVar("Result")
Run = Generator[Step, Reply, Result]

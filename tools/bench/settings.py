"""How much `make bench` measures: the full run's counts, and the quick mode's tiny ones."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Settings:
    repeats: int  # timed runs of each client figure
    sign_calls: int  # calls per timed run
    call_2_calls: int
    call_200_calls: int
    call_1000_calls: int
    tool_runs: int  # runs of generate.py and of the contract harness (each beside a bare Schemathesis run)
    contract_options: tuple[str, ...]  # passed to both contract runs
    load_rounds: int
    load_calls_per_client: int
    cancel_all_runs: int
    flat_orders: int  # the book acancel_all empties (10,000; fewer in quick mode)
    flat_runs: int
    client_builds: int
    rate_limited_orders: int
    kit_runs: int  # fresh MockExchanges timed
    kit_resets: int  # resets timed on each
    hold_orders: int  # the book listed by the hold-up run, with `hold_listers` listing it meanwhile
    hold_listers: int
    hold_cancels: int


FULL = Settings(
    repeats=9,
    sign_calls=2000,
    call_2_calls=300,
    call_200_calls=30,
    call_1000_calls=6,
    tool_runs=5,
    contract_options=(),
    load_rounds=5,
    load_calls_per_client=60,
    cancel_all_runs=9,
    flat_orders=10_000,
    flat_runs=5,
    client_builds=101,
    rate_limited_orders=5000,
    kit_runs=9,
    kit_resets=50,
    hold_orders=100_000,
    hold_listers=4,
    hold_cancels=200,
)
QUICK = Settings(
    repeats=3,
    sign_calls=20,
    call_2_calls=5,
    call_200_calls=1,
    call_1000_calls=1,
    tool_runs=1,
    contract_options=("--phases", "examples"),
    load_rounds=1,
    load_calls_per_client=3,
    cancel_all_runs=1,
    flat_orders=400,
    flat_runs=1,
    client_builds=3,
    rate_limited_orders=400,
    kit_runs=1,
    kit_resets=3,
    hold_orders=2_000,
    hold_listers=2,
    hold_cancels=5,
)

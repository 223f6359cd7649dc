"""The embedded mock as a contract run's target: on a free loopback port, with credentials made for
the run only (two accounts, to check what one sees of the other)."""

from __future__ import annotations

import dataclasses
import json
import secrets
from collections.abc import Iterator
from contextlib import contextmanager

from generator.spec_loader import validated_env
from tools.contract.target import Target, TargetError
from tools.process import MockStartError, running_mock


def mock_target(env: dict[str, str]) -> tuple[Target, dict[str, str]]:
    """The embedded mock's target (no URL yet) with credentials made for this run only, two accounts,
    and the environment the mock starts with."""
    api_key, api_secret = f"contract-{secrets.token_hex(8)}", secrets.token_hex(24)
    other_key, other_secret = f"contract-other-{secrets.token_hex(8)}", secrets.token_hex(24)
    fault = env.get("NAMI_MOCK_FAULT")
    label = "embedded mock" + (f" with planted fault {fault!r}" if fault else "")
    target = Target("", api_key, api_secret, label, other_key, other_secret)
    mock_env = {
        **env,
        "NAMI_API_KEY": api_key,
        "NAMI_API_SECRET": api_secret,
        "NAMI_MOCK_EXTRA_ACCOUNTS": json.dumps({other_key: other_secret}),
        **validated_env(),  # a run has validated the spec (importing the probes): not again
    }
    return target, mock_env


@contextmanager
def embedded_mock(env: dict[str, str]) -> Iterator[Target]:
    """The mock on a free loopback port, with credentials made for this run only."""
    target, mock_env = mock_target(env)
    try:
        with running_mock(mock_env) as url:
            yield dataclasses.replace(target, url=url)
    except MockStartError as exc:
        raise TargetError(str(exc)) from exc

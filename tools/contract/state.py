"""One contract run's state: its credentials, its connection, its ledger and what its probes found.

Schemathesis builds one schema object per run and every case of the run points to it, so the state
lives there (`RunState.of(case)`): the hooks and the checks of a run share it, and two runs in one
process (the self-test runs many) share nothing. Nothing else in the harness keeps state between
calls.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from schemathesis import Case
from schemathesis.core.transport import Response

from tools.contract.exchange import Exchange
from tools.contract.ledger import Ledger

_T = TypeVar("_T")
_ATTRIBUTE = "nami_contract_run"
_CREATING = threading.Lock()


@dataclass(frozen=True)
class Credentials:
    api_key: str
    api_secret: str = field(repr=False)


def accounts_from_env(env: dict[str, str] | os._Environ[str]) -> tuple[Credentials, Credentials | None]:
    """The account under test (NAMI_API_KEY / NAMI_API_SECRET) and, when both are set, a second account
    of the same server (NAMI_API_KEY_2 / NAMI_API_SECRET_2) to check what one account sees of another."""
    main = Credentials(env["NAMI_API_KEY"], env["NAMI_API_SECRET"])
    key, secret = env.get("NAMI_API_KEY_2", ""), env.get("NAMI_API_SECRET_2", "")
    return main, Credentials(key, secret) if key and secret else None


class RunState:
    def __init__(self, account: Credentials, other: Credentials | None) -> None:
        self.account = account
        self.other = other
        self.ledger = Ledger()
        self.exchange = Exchange(self.ledger)
        # Checks may run in several Schemathesis workers at once; the harness's own requests go one at a time.
        self.sending = threading.Lock()
        self.probed: dict[str, set[Any]] = {"tampered": set(), "stale": set(), "repeated": set()}
        self.suites: dict[str, Any] = {}  # what each once-per-run suite found, and the response that set it off
        self.skipped: dict[str, str] = {}  # a suite that could not run: why
        self._latest: dict[str, tuple[Response, Any]] = {}

    @classmethod
    def of(cls, case: Case[Any]) -> RunState:
        """The state of the run `case` belongs to."""
        schema = case.operation.schema
        state = cls.attached(schema)
        if state is None:
            with _CREATING:
                state = schema.__dict__.setdefault(_ATTRIBUTE, cls(*accounts_from_env(os.environ)))
        return state

    @staticmethod
    def attached(schema: Any) -> RunState | None:
        """The state of the run of this schema, if it has one yet."""
        state: RunState | None = schema.__dict__.get(_ATTRIBUTE)
        return state

    def per_response(self, read: Callable[[Response, Case[Any]], _T], response: Response, case: Case[Any]) -> _T:
        """`read(response, case)`, computed once for the latest response: several checks read each one."""
        name = read.__qualname__
        latest = self._latest.get(name)
        if latest is None or latest[0] is not response:
            latest = (response, read(response, case))
            self._latest[name] = latest
        value: _T = latest[1]
        return value

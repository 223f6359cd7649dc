"""Schemathesis hooks for the contract run (the config's `hooks`): signing, the ledger of cancels,
the harness's checks and the one-line account of what a run skipped.

`before_call` signs each generated request at send time (tools/contract/signing.py): Delete All
Orders' body, or Get Open Orders' query, which it then sends byte for byte as signed. `after_call`
notes what each accepted Delete All Orders request cancelled in the run's ledger
(tools/contract/state.py). Importing tools/contract/checks.py registers the checks Schemathesis
cannot provide itself, and tools/contract/skips.py the handler that sums up what was skipped.
tools/contract/cassette.py writes the cassette's strings faster, byte for byte as Schemathesis does;
tools/contract/local_constants.py keeps the harness's own literals out of what Hypothesis generates.
"""

from __future__ import annotations

from typing import Any

import schemathesis
from schemathesis import Case
from schemathesis.core.transport import Response

from tools.contract import (
    cassette,
    checks,  # noqa: F401  (registers the checks)
    local_constants,
    skips,  # noqa: F401  (registers the handler)
)
from tools.contract.exchange import ExactQuery, json_or_none
from tools.contract.probes import now_ms
from tools.contract.promises import listed_orders
from tools.contract.signing import query_string, resign, resign_query
from tools.contract.state import RunState
from tools.contract.validation import DELETE, GET

cassette.install()  # the cassette's strings written as Schemathesis writes them, faster
local_constants.install()  # generation from the spec, not from the harness's literals


@schemathesis.hook
def before_call(context: Any, case: Case[Any], kwargs: dict[str, Any]) -> None:
    state = RunState.of(case)
    method = case.method.upper()
    if method == GET:
        case.query = resign_query(case.query or {}, state.account.api_secret, now_ms())
        kwargs["auth"] = ExactQuery(query_string(case.query))
        state.ledger.mark_sent(case.id)
    elif isinstance(case.body, dict):
        case.body = resign(case.body, state.account.api_secret, now_ms())


@schemathesis.hook
def after_call(context: Any, case: Case[Any], response: Response) -> None:
    if case.method.upper() == DELETE and 200 <= response.status_code < 300:
        RunState.of(case).ledger.record_cancelled(listed_orders(json_or_none(response.content)) or [])

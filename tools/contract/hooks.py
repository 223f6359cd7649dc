"""Schemathesis hooks for the contract run (the config's `hooks`): signing, the ledger of cancels,
and the harness's checks.

`before_call` signs each generated request at send time (tools/contract/signing.py): Delete All
Orders' body, or Get Open Orders' query, which it then sends byte for byte as signed. `after_call`
notes what each accepted Delete All Orders request cancelled (tools/contract/ledger.py). Importing
tools/contract/checks.py registers the checks Schemathesis cannot provide itself.
"""

from __future__ import annotations

from typing import Any

import schemathesis

from tools.contract import (
    checks,  # noqa: F401  (registers the checks)
    ledger,
)
from tools.contract.exchange import ExactQuery, json_or_none
from tools.contract.probes import credentials, now_ms
from tools.contract.promises import listed_orders
from tools.contract.signing import query_string, resign, resign_query
from tools.contract.validation import DELETE, GET


@schemathesis.hook
def before_call(context: Any, case: Any, kwargs: dict[str, Any]) -> None:
    method = case.method.upper()
    if method == GET:
        case.query = resign_query(case.query or {}, credentials()[1], now_ms())
        kwargs["auth"] = ExactQuery(query_string(case.query))
        ledger.mark_sent(case.id)
    elif isinstance(case.body, dict):
        case.body = resign(case.body, credentials()[1], now_ms())


@schemathesis.hook
def after_call(context: Any, case: Any, response: Any) -> None:
    if case.method.upper() == DELETE and 200 <= response.status_code < 300:
        ledger.record_cancelled(listed_orders(json_or_none(response.content)) or [])

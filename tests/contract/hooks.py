"""Schemathesis hooks for the contract run (the config's `hooks`): signing, and the harness's checks.

`before_call` signs each generated request at send time (tests/contract/signing.py); importing
tests/contract/checks.py registers the checks Schemathesis cannot provide itself.
"""

from __future__ import annotations

from typing import Any

import schemathesis

from tests.contract import checks  # noqa: F401  (registers the checks)
from tests.contract.probes import credentials, now_ms
from tests.contract.signing import resign


@schemathesis.hook
def before_call(context: Any, case: Any, kwargs: dict[str, Any]) -> None:
    if isinstance(case.body, dict):
        case.body = resign(case.body, credentials()[1], now_ms())

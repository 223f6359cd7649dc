"""Cases generated from the spec alone: Hypothesis draws no literal from the harness's own code.

Hypothesis seeds a share of the values it generates with the literals (strings, numbers) of every
module the process imported from outside site-packages and the standard library: for the contract
run that is the harness, the mock's shared modules and the client, none of them the API under test.
Their messages and names would steer which cases Schemathesis generates, and editing one would
change what a deterministic run sends. Bare Schemathesis imports no such module; `install` gives
the harness's run the same: only the spec and Hypothesis' own constants.

Hypothesis has no setting for it, so `install` replaces the function its provider asks for those
literals (`providers._get_local_constants`, pinned Hypothesis); if a new Hypothesis no longer has
it, `install` fails rather than let the run change silently (tests/test_contract_local_constants.py).
"""

from __future__ import annotations

from hypothesis.internal.conjecture import providers
from hypothesis.internal.constants_ast import Constants

_NONE = Constants()


def _no_local_constants() -> Constants:
    return _NONE


def install() -> None:
    if not callable(getattr(providers, "_get_local_constants", None)):
        raise RuntimeError(
            "this Hypothesis has no providers._get_local_constants: check how it collects local "
            "literals and update tools/contract/local_constants.py"
        )
    providers._get_local_constants = _no_local_constants

"""How the harness's checks are declared and how they fail, in Schemathesis' own terms.

A check is a typed function `(ctx, response, case)` registered with `@harness_check(*guards)`: each
guard is a precondition on the response and its case (the operation, an accepted answer, ...); when
one does not hold the check does not apply and says so (Schemathesis counts it as skipped, not
passed). The check's body returns the problems it found, or None; the decorator turns problems into
a `ContractFailure` carrying the check's name, as Schemathesis reports any custom check.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import schemathesis
from schemathesis import Case, CheckContext
from schemathesis.core.failures import Failure, Severity
from schemathesis.core.transport import Response

MAX_LISTED = 8  # problems shown per failure

Guard = Callable[[Response, Case[Any]], bool]
CheckFunction = Callable[[CheckContext, Response, Case[Any]], bool | None]


@dataclass(frozen=True)
class Problems:
    """What a check found: a summary and each problem."""

    summary: str
    items: list[str]

    def __bool__(self) -> bool:
        return bool(self.items)

    def text(self) -> str:
        shown = "\n".join(f"- {problem}" for problem in self.items[:MAX_LISTED])
        more = f"\n(and {len(self.items) - MAX_LISTED} more)" if len(self.items) > MAX_LISTED else ""
        return f"{self.summary}:\n{shown}{more}"


class ContractFailure(Failure):
    """A promise of the spec broken, reported under the name of the check that found it."""

    code = "ST901"
    kind_title = "Custom check failed"

    def __init__(self, *, check: str, operation: str, message: str, case_id: str | None = None) -> None:
        title = f"{self.kind_title}: `{check}`"
        super().__init__(operation=operation, title=title, message=message, case_id=case_id, severity=Severity.HIGH)

    @property
    def _unique_key(self) -> str:
        return self.title  # one finding per check and operation


def harness_check(
    *guards: Guard,
) -> Callable[[Callable[[CheckContext, Response, Case[Any]], Problems | None]], CheckFunction]:
    """Register a check that applies when every guard holds."""

    def register(body: Callable[[CheckContext, Response, Case[Any]], Problems | None]) -> CheckFunction:
        @functools.wraps(body)
        def check(ctx: CheckContext, response: Response, case: Case[Any]) -> bool | None:
            if not all(guard(response, case) for guard in guards):
                return True  # does not apply to this response
            found = body(ctx, response, case)
            if found:
                raise ContractFailure(check=body.__name__, operation=case.operation.label, message=found.text())
            return None

        registered: CheckFunction = schemathesis.check(check)
        return registered

    return register


def declared_check(
    *guards: Guard, summary: str, find: Callable[[Response, Case[Any]], list[str]]
) -> Callable[[Callable[[], None]], CheckFunction]:
    """Register a check declared by a function with only a docstring: it has that function's name and
    docstring, applies when every guard holds, and reports what `find` sees wrong under `summary`."""

    def register(declaration: Callable[[], None]) -> CheckFunction:
        def body(ctx: CheckContext, response: Response, case: Case[Any]) -> Problems | None:
            return Problems(summary, find(response, case))

        body.__name__, body.__qualname__ = declaration.__name__, declaration.__qualname__
        body.__doc__ = declaration.__doc__
        return harness_check(*guards)(body)

    return register


# Guards


def operation(method: str) -> Guard:
    """The case is a request to the operation with this method (DELETE or GET)."""
    return lambda response, case: case.method.upper() == method


def accepted(response: Response, case: Case[Any]) -> bool:
    return 200 <= response.status_code < 300

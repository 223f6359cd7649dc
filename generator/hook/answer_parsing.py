"""The generated functions' parsing of an answer, with every failure turned into a typed error.

The generated `_parse_response` raises whatever `json` and the models raise on a body that is not
what the spec says (`JSONDecodeError`, `KeyError`, `ValueError`, `TypeError`, `RecursionError` for
JSON nested too deep). The endpoint template (generator/templates/endpoint_module.py.jinja) calls
it through `parse_answer`, which raises `InvalidResponseError` instead: a `NamiError` that carries the
status, the headers and the raw body, and says when a 2xx means the cancel may have happened.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

import httpx

from .error_types import InvalidResponseError

__all__ = ["parse_answer"]

Parsed = TypeVar("Parsed")
Client = TypeVar("Client")

# What parsing a body that breaks the spec raises; JSONDecodeError and UnicodeDecodeError are ValueErrors.
_PARSE_FAILURES = (ValueError, KeyError, TypeError, AttributeError, IndexError, RecursionError)


def parse_answer(parse: Callable[..., Parsed], *, client: Client, response: httpx.Response) -> Parsed:
    """`parse(client=client, response=response)`, or `InvalidResponseError` if the body breaks the spec."""
    try:
        return parse(client=client, response=response)
    except _PARSE_FAILURES as exc:
        problem = f"the answer does not fit the spec ({type(exc).__name__}: {str(exc)[:200]})"
    # Raised outside the handler: the parser's frames and their locals stay out of the traceback.
    raise InvalidResponseError(response.status_code, response.content, response.headers, problem=problem)

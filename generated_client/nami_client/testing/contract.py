# Copied from generator/testing/contract.py by `make generate`: edit it there, not here.
"""The operations' contract as the mock checks it: the spec's schemas, validated as JSON Schema says
(ECMA-262 patterns, see `spec_validators.py`), each problem named by where it is, never by the value."""

from __future__ import annotations

from typing import Any

from .document import OPEN_ORDERS_PATH, OPERATION_METHOD, OPERATION_PATH
from .spec_validators import SpecValidators, first_problem

DELETE_ALL_ORDERS = "deleteAllOrders"
GET_OPEN_ORDERS = "getOpenOrders"

# Error messages name where the problem is, never echo the (maybe huge, maybe hostile) value.
_MASK = "the value"


class Contract:
    """Validators for the requests of both operations and for each answer they declare."""

    def __init__(self, spec: dict[str, Any]) -> None:
        validators = SpecValidators(spec, mask=_MASK)
        self._answers = {
            operation["operationId"]: validators.answers_of(path, method)
            for path, item in spec["paths"].items()
            for method, operation in item.items()
        }
        request_pointer = validators.request_pointer(OPERATION_PATH, OPERATION_METHOD)
        self._request = validators.at(request_pointer)
        self._signature = validators.at(f"{request_pointer}/properties/signature")

        # The query as one object: each parameter's own schema, the required ones, nothing else.
        query = validators.query_schema_of(OPEN_ORDERS_PATH, "get")
        self.query_parameters = tuple(query["properties"])
        self._query = validators.query_of(OPEN_ORDERS_PATH, "get")
        self._query_signature = validators.at(query["properties"]["signature"]["$ref"])

    def request_problem(self, body: Any) -> str | None:
        """The first way a Delete All Orders body breaks the request schema, or None."""
        return first_problem(self._request, body)

    def signature_well_formed(self, value: Any) -> bool:
        """Whether a body's `value` has the shape of a signature (a cheap check before computing one)."""
        return self._signature.is_valid(value)

    def query_problem(self, params: dict[str, str]) -> str | None:
        """The first way the open orders' query parameters break their schemas, or None."""
        return first_problem(self._query, params)

    def query_signature_well_formed(self, value: Any) -> bool:
        return self._query_signature.is_valid(value)

    def answer_problem(self, operation: str, status: int, body: Any) -> str | None:
        """How an answer of `operation` breaks the spec's schema for its status; an undeclared status
        is held to the error envelope of the 400 answer."""
        answers = self._answers[operation]
        return first_problem(answers.get(status, answers[400]), body)

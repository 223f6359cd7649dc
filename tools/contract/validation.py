"""The spec's schemas as the harness judges values against them: JSON Schema 2020-12 with ECMA-262
patterns (jsonschema-rs), as Schemathesis and the mock read them (`nami_client.testing.spec_validators`).

Python's `re` would let `"123\\n"` match `^[0-9]{1,16}$`; judged that way, a negative case could be
re-signed into a positive one and a correct server blamed for refusing it.
"""

from __future__ import annotations

from typing import Any

import jsonschema_rs
from nami_client.testing.json_pointer import JSON_BODY, operation_pointer
from nami_client.testing.spec_validators import SpecValidators, first_problem

from tools.spec import OPEN_ORDERS_PATH, OPERATION_METHOD, OPERATION_PATH, load_spec

REQUEST_SCHEMA = f"{operation_pointer(OPERATION_PATH, OPERATION_METHOD)}/requestBody/{JSON_BODY}"
DELETE, GET = "DELETE", "GET"


class Validators(SpecValidators):
    """The validators the harness judges with: the request, its fields, the query and the answers."""

    def __init__(self, spec: dict[str, Any]) -> None:
        super().__init__(spec)
        self.operation: dict[str, Any] = spec["paths"][OPERATION_PATH][OPERATION_METHOD]
        self.listing: dict[str, Any] = spec["paths"][OPEN_ORDERS_PATH]["get"]
        self._request_pointer = self.request_pointer(OPERATION_PATH, OPERATION_METHOD)
        self.request = self.at(self._request_pointer)
        self._answers = {
            DELETE: self.answers_of(OPERATION_PATH, OPERATION_METHOD),
            GET: self.answers_of(OPEN_ORDERS_PATH, "get"),
        }
        self.query = self.query_of(OPEN_ORDERS_PATH, "get")

    def answers_to(self, method: str) -> dict[int, jsonschema_rs.Validator]:
        """The validators of the declared answers of the operation `method` names (DELETE or GET)."""
        return self._answers[method.upper()]

    def query_schema(self) -> dict[str, Any]:
        """Get Open Orders' query as one object, each parameter's schema by `$ref` to its node, as the
        operation's description says (a repeated parameter is refused too, which an object cannot say)."""
        return self.query_schema_of(OPEN_ORDERS_PATH, "get")

    def field(self, name: str) -> jsonschema_rs.Validator:
        """The validator of one property of the request body."""
        return self.at(f"{self._request_pointer}/properties/{name}")

    def query_field(self, name: str) -> jsonschema_rs.Validator:
        """The validator of one query parameter of Get Open Orders."""
        return self.at(self.query_schema()["properties"][name]["$ref"])

    @staticmethod
    def problem(validator: jsonschema_rs.Validator, value: Any) -> str | None:
        """The first way `value` breaks the schema, or None."""
        return first_problem(validator, value, limit=300)


VALIDATORS = Validators(load_spec())

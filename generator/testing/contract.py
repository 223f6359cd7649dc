"""The operations' contract as the mock checks it: the spec's schemas, validated as JSON Schema says.

JSON Schema patterns are ECMA-262 regular expressions, where `$` matches only at the end of the
string. Python's `re` (behind the `jsonschema` package) also matches `$` before a trailing
newline, so it would accept `"123\\n"` for `^[0-9]{1,16}$`. jsonschema-rs (which Schemathesis
uses too) follows ECMA-262, and stops at the first error, so a hostile body costs little.
"""

from __future__ import annotations

from typing import Any

import jsonschema_rs

from .document import OPEN_ORDERS_PATH, OPERATION_METHOD, OPERATION_PATH

DELETE_ALL_ORDERS = "deleteAllOrders"
GET_OPEN_ORDERS = "getOpenOrders"

_URI = "urn:nami-spot"
_JSON_SCHEMA = "content/application~1json/schema"
# Error messages name where the problem is, never echo the (maybe huge, maybe hostile) value.
_MASK = "the value"


def _escape(token: str) -> str:
    return token.replace("~", "~0").replace("/", "~1")


def _first_problem(validator: jsonschema_rs.Validator, value: Any) -> str | None:
    if validator.is_valid(value):
        return None
    try:
        validator.validate(value)
    except jsonschema_rs.ValidationError as error:
        return f"{'/'.join(map(str, error.instance_path)) or '(root)'}: {error.message}"
    return None  # not reached: is_valid and validate agree


class Contract:
    """Validators for the requests of both operations and for each answer they declare."""

    def __init__(self, spec: dict[str, Any]) -> None:
        registry = jsonschema_rs.Registry([(_URI, spec)])

        def validator(schema: dict[str, Any]) -> jsonschema_rs.Validator:
            return jsonschema_rs.Draft202012Validator(schema, registry=registry, mask=_MASK)

        def at(pointer: str) -> jsonschema_rs.Validator:
            return validator({"$ref": f"{_URI}{pointer}"})

        self._answers: dict[str, dict[int, jsonschema_rs.Validator]] = {}
        for path, item in spec["paths"].items():
            for method, operation in item.items():
                base = f"#/paths/{_escape(path)}/{method}"
                self._answers[operation["operationId"]] = {
                    int(status): at(f"{base}/responses/{status}/{_JSON_SCHEMA}") for status in operation["responses"]
                }

        base = f"#/paths/{_escape(OPERATION_PATH)}/{OPERATION_METHOD}"
        request_body = spec["paths"][OPERATION_PATH][OPERATION_METHOD]["requestBody"]
        request_schema = request_body["content"]["application/json"]["schema"]
        request_pointer = request_schema.get("$ref", f"{base}/requestBody/{_JSON_SCHEMA}")
        self._request = at(request_pointer)
        self._signature = at(f"{request_pointer}/properties/signature")

        # The query as one object: each parameter's own schema, the required ones, nothing else.
        base = f"#/paths/{_escape(OPEN_ORDERS_PATH)}/get"
        parameters = spec["paths"][OPEN_ORDERS_PATH]["get"]["parameters"]
        pointers = {p["name"]: f"{base}/parameters/{i}/schema" for i, p in enumerate(parameters) if p["in"] == "query"}
        self.query_parameters = tuple(pointers)
        self._query = validator(
            {
                "type": "object",
                "properties": {name: {"$ref": f"{_URI}{pointer}"} for name, pointer in pointers.items()},
                "required": [p["name"] for p in parameters if p["in"] == "query" and p.get("required")],
                "additionalProperties": False,
            }
        )
        self._query_signature = at(pointers["signature"])

    def request_problem(self, body: Any) -> str | None:
        """The first way a Delete All Orders body breaks the request schema, or None."""
        return _first_problem(self._request, body)

    def signature_well_formed(self, value: Any) -> bool:
        """Whether a body's `value` has the shape of a signature (a cheap check before computing one)."""
        return self._signature.is_valid(value)

    def query_problem(self, params: dict[str, str]) -> str | None:
        """The first way the open orders' query parameters break their schemas, or None."""
        return _first_problem(self._query, params)

    def query_signature_well_formed(self, value: Any) -> bool:
        return self._query_signature.is_valid(value)

    def answer_problem(self, operation: str, status: int, body: Any) -> str | None:
        """How an answer of `operation` breaks the spec's schema for its status; an undeclared status
        is held to the error envelope of the 400 answer."""
        answers = self._answers[operation]
        return _first_problem(answers.get(status, answers[400]), body)

"""The operation's contract as the mock checks it: the spec's schemas, validated as JSON Schema says.

JSON Schema patterns are ECMA-262 regular expressions, where `$` matches only at the end of the
string. Python's `re` (behind the `jsonschema` package) also matches `$` before a trailing
newline, so it would accept `"123\\n"` for `^[0-9]{1,16}$`. jsonschema-rs (which Schemathesis
uses too) follows ECMA-262, and stops at the first error, so a hostile body costs little.
"""

from __future__ import annotations

from typing import Any

import jsonschema_rs

from tests.spec import OPERATION_METHOD, OPERATION_PATH

_URI = "urn:nami-spot"
_JSON = "content/application~1json/schema"
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
    """Validators for the request and each declared answer of Delete All Orders."""

    def __init__(self, spec: dict[str, Any]) -> None:
        registry = jsonschema_rs.Registry([(_URI, spec)])
        operation = spec["paths"][OPERATION_PATH][OPERATION_METHOD]
        base = f"#/paths/{_escape(OPERATION_PATH)}/{OPERATION_METHOD}"

        def validator(pointer: str) -> jsonschema_rs.Validator:
            schema = {"$ref": f"{_URI}{pointer}"}
            return jsonschema_rs.Draft202012Validator(schema, registry=registry, mask=_MASK)

        request_schema = operation["requestBody"]["content"]["application/json"]["schema"]
        request_pointer = request_schema.get("$ref", f"{base}/requestBody/{_JSON}")
        self._request = validator(request_pointer)
        self._signature = validator(f"{request_pointer}/properties/signature")
        self._answers = {
            int(status): validator(f"{base}/responses/{status}/{_JSON}") for status in operation["responses"]
        }

    def request_problem(self, body: Any) -> str | None:
        """The first way `body` breaks the request schema, or None."""
        return _first_problem(self._request, body)

    def signature_well_formed(self, value: Any) -> bool:
        """Whether `value` has the shape of a signature (a cheap check before computing one)."""
        return self._signature.is_valid(value)

    def answer_problem(self, status: int, body: Any) -> str | None:
        """How an answer breaks the spec's schema for its status; an undeclared status is held to the
        error envelope of the 400 answer."""
        return _first_problem(self._answers.get(status, self._answers[400]), body)

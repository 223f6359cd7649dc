# Copied from generator/testing/spec_validators.py by `make generate`: edit it there, not here.
"""Validators of the spec's schemas, for the mock, the harness and the spec check: the one way to
build a validator for the schema at a JSON pointer, and the one way to see a query as an object.

JSON Schema patterns are ECMA-262 regular expressions, where `$` matches only at the end of the
string. Python's `re` (behind the `jsonschema` package) also matches `$` before a trailing
newline, so it would accept `"123\\n"` for `^[0-9]{1,16}$`. jsonschema-rs (which Schemathesis
uses too) follows ECMA-262, and stops at the first error when asked for one, so a hostile value
costs little.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import jsonschema_rs

from .json_pointer import JSON_BODY, operation_pointer

SPEC_URI = "urn:nami-spot"
"""The spec's name in the validators' registry: `{"$ref": SPEC_URI + pointer}` is the schema at `pointer`."""


def query_object(
    parameters: list[dict[str, Any]], schema_of: Callable[[int, dict[str, Any]], Any]
) -> dict[str, Any] | None:
    """An operation's query as one object: a property for each query parameter (its schema as
    `schema_of(index, parameter)` gives it), the required ones required, no other; None when the
    operation has no query parameter."""
    query = [(index, parameter) for index, parameter in enumerate(parameters) if parameter.get("in") == "query"]
    if not query:
        return None
    return {
        "type": "object",
        "additionalProperties": False,
        "required": [parameter["name"] for _, parameter in query if parameter.get("required")],
        "properties": {parameter["name"]: schema_of(index, parameter) for index, parameter in query},
    }


def describe(error: jsonschema_rs.ValidationError, limit: int | None = None) -> str:
    """Where a value breaks its schema, and how (the message cut to `limit` characters)."""
    return f"{'/'.join(map(str, error.instance_path)) or '(root)'}: {error.message[:limit]}"


def first_problem(validator: jsonschema_rs.Validator, value: Any, limit: int | None = None) -> str | None:
    """The first way `value` breaks the validator's schema, or None."""
    if validator.is_valid(value):
        return None
    try:
        validator.validate(value)
    except jsonschema_rs.ValidationError as error:
        return describe(error, limit)
    return None  # not reached: is_valid and validate agree


class SpecValidators:
    """Validators for the schemas of one spec, `$ref`s resolved within it, each built once.

    `mask` stands for the value in error messages (the mock never echoes a hostile value)."""

    def __init__(self, spec: dict[str, Any], *, mask: str | None = None) -> None:
        self.spec = spec
        self._registry = jsonschema_rs.Registry([(SPEC_URI, spec)])
        self._mask = mask
        self._at: dict[str, jsonschema_rs.Validator] = {}

    def of(self, schema: dict[str, Any]) -> jsonschema_rs.Validator:
        """A validator for `schema`, whose `$ref`s name the spec's nodes as `SPEC_URI + pointer`."""
        return jsonschema_rs.Draft202012Validator(schema, registry=self._registry, mask=self._mask)

    def at(self, pointer: str) -> jsonschema_rs.Validator:
        """The validator of the schema at a JSON pointer (`#/...`) of the spec."""
        if pointer not in self._at:
            self._at[pointer] = self.of({"$ref": SPEC_URI + pointer})
        return self._at[pointer]

    def request_pointer(self, path: str, method: str) -> str:
        """The pointer of an operation's JSON request body schema: where its `$ref` points, if it has one."""
        schema = self.spec["paths"][path][method]["requestBody"]["content"]["application/json"]["schema"]
        pointer: str = schema.get("$ref", f"{operation_pointer(path, method)}/requestBody/{JSON_BODY}")
        return pointer

    def answers_of(self, path: str, method: str) -> dict[int, jsonschema_rs.Validator]:
        """Per declared status code of an operation with a JSON body, the validator of that body."""
        pointer = operation_pointer(path, method)
        return {
            int(status): self.at(f"{pointer}/responses/{status}/{JSON_BODY}")
            for status, answer in self.spec["paths"][path][method]["responses"].items()
            if "application/json" in answer.get("content", {})
        }

    def query_schema_of(self, path: str, method: str, *, base: str = "") -> dict[str, Any]:
        """An operation's query as one object (`query_object`), each parameter's schema by `$ref`
        to the spec's node, its pointer under `base` (`SPEC_URI` to validate with, "" to walk)."""
        pointer = operation_pointer(path, method)
        parameters = self.spec["paths"][path][method].get("parameters", [])
        schema = query_object(parameters, lambda index, _: {"$ref": f"{base}{pointer}/parameters/{index}/schema"})
        if schema is None:
            raise LookupError(f"{pointer}: the operation has no query parameter")
        return schema

    def query_of(self, path: str, method: str) -> jsonschema_rs.Validator:
        """The validator of an operation's query as one object (`query_schema_of`)."""
        return self.of(self.query_schema_of(path, method, base=SPEC_URI))

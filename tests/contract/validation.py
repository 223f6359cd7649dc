"""The spec's schemas as the harness judges values against them: JSON Schema 2020-12 with ECMA-262
patterns (jsonschema-rs), as Schemathesis and the mock read them.

Python's `re` would let `"123\\n"` match `^[0-9]{1,16}$`; judged that way, a negative case could be
re-signed into a positive one and a correct server blamed for refusing it.
"""

from __future__ import annotations

import functools
from typing import Any

import jsonschema_rs

from tests.spec import OPERATION_METHOD, OPERATION_PATH, load_spec

_URI = "urn:nami-spot"
OPERATION = f"#/paths/{OPERATION_PATH.replace('~', '~0').replace('/', '~1')}/{OPERATION_METHOD}"
REQUEST_SCHEMA = f"{OPERATION}/requestBody/content/application~1json/schema"


class Validators:
    """Validators for the schemas of one OpenAPI document, built once each."""

    def __init__(self, spec: dict[str, Any]) -> None:
        self.spec = spec
        self.operation: dict[str, Any] = spec["paths"][OPERATION_PATH][OPERATION_METHOD]
        self._registry = jsonschema_rs.Registry([(_URI, spec)])
        request_schema = self.operation["requestBody"]["content"]["application/json"]["schema"]
        self._request_pointer: str = request_schema.get("$ref", REQUEST_SCHEMA)
        self.request = self.at(self._request_pointer)
        self.answers = {
            int(status): self.at(f"{OPERATION}/responses/{status}/content/application~1json/schema")
            for status, answer in self.operation["responses"].items()
            if "application/json" in answer.get("content", {})
        }

    @functools.cache  # noqa: B019  (one instance per process, kept for its life)
    def at(self, pointer: str) -> jsonschema_rs.Validator:
        """The validator of the schema at a JSON pointer (`#/...`) of the spec."""
        return jsonschema_rs.Draft202012Validator({"$ref": _URI + pointer}, registry=self._registry)

    def field(self, name: str) -> jsonschema_rs.Validator:
        """The validator of one property of the request body."""
        return self.at(f"{self._request_pointer}/properties/{name}")

    @staticmethod
    def problem(validator: jsonschema_rs.Validator, value: Any) -> str | None:
        """The first way `value` breaks the schema, or None."""
        for error in validator.iter_errors(value):
            return f"{'/'.join(map(str, error.instance_path)) or '(root)'}: {error.message[:300]}"
        return None


VALIDATORS = Validators(load_spec())

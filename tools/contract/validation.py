"""The spec's schemas as the harness judges values against them: JSON Schema 2020-12 with ECMA-262
patterns (jsonschema-rs), as Schemathesis and the mock read them.

Python's `re` would let `"123\\n"` match `^[0-9]{1,16}$`; judged that way, a negative case could be
re-signed into a positive one and a correct server blamed for refusing it.
"""

from __future__ import annotations

import functools
from typing import Any

import jsonschema_rs

from generator.spec_loader import pointer_token
from tools.spec import OPEN_ORDERS_PATH, OPERATION_METHOD, OPERATION_PATH, load_spec

_URI = "urn:nami-spot"
OPERATION = f"#/paths/{pointer_token(OPERATION_PATH)}/{OPERATION_METHOD}"
REQUEST_SCHEMA = f"{OPERATION}/requestBody/content/application~1json/schema"
LISTING = f"#/paths/{pointer_token(OPEN_ORDERS_PATH)}/get"
DELETE, GET = "DELETE", "GET"


class Validators:
    """Validators for the schemas of one OpenAPI document, built once each."""

    def __init__(self, spec: dict[str, Any]) -> None:
        self.spec = spec
        self.operation: dict[str, Any] = spec["paths"][OPERATION_PATH][OPERATION_METHOD]
        self.listing: dict[str, Any] = spec["paths"][OPEN_ORDERS_PATH]["get"]
        self._registry = jsonschema_rs.Registry([(_URI, spec)])
        request_schema = self.operation["requestBody"]["content"]["application/json"]["schema"]
        self._request_pointer: str = request_schema.get("$ref", REQUEST_SCHEMA)
        self.request = self.at(self._request_pointer)
        self._answers = {
            DELETE: self._answers_of(OPERATION_PATH, OPERATION_METHOD),
            GET: self._answers_of(OPEN_ORDERS_PATH, "get"),
        }
        self.answers = self._answers[DELETE]
        self.query = jsonschema_rs.Draft202012Validator(self.query_schema(_URI), registry=self._registry)

    def _answers_of(self, path: str, method: str) -> dict[int, jsonschema_rs.Validator]:
        operation = f"#/paths/{pointer_token(path)}/{method}"
        return {
            int(status): self.at(f"{operation}/responses/{status}/content/application~1json/schema")
            for status, answer in self.spec["paths"][path][method]["responses"].items()
            if "application/json" in answer.get("content", {})
        }

    def answers_to(self, method: str) -> dict[int, jsonschema_rs.Validator]:
        """The validators of the declared answers of the operation `method` names (DELETE or GET)."""
        return self._answers[method.upper()]

    def query_schema(self, base: str = "") -> dict[str, Any]:
        """Get Open Orders' query as one object: each parameter's own schema (by `$ref`, under `base`),
        the required ones, and no other, as the operation's description says (a repeated parameter is
        refused too, which an object cannot say)."""
        parameters = [(index, p) for index, p in enumerate(self.listing["parameters"]) if p["in"] == "query"]
        return {
            "type": "object",
            "properties": {p["name"]: {"$ref": f"{base}{LISTING}/parameters/{i}/schema"} for i, p in parameters},
            "required": [p["name"] for _, p in parameters if p.get("required")],
            "additionalProperties": False,
        }

    @functools.cache  # noqa: B019  (one instance per process, kept for its life)
    def at(self, pointer: str) -> jsonschema_rs.Validator:
        """The validator of the schema at a JSON pointer (`#/...`) of the spec."""
        return jsonschema_rs.Draft202012Validator({"$ref": _URI + pointer}, registry=self._registry)

    def field(self, name: str) -> jsonschema_rs.Validator:
        """The validator of one property of the request body."""
        return self.at(f"{self._request_pointer}/properties/{name}")

    def query_field(self, name: str) -> jsonschema_rs.Validator:
        """The validator of one query parameter of Get Open Orders."""
        return self.at(self.query_schema()["properties"][name]["$ref"])

    @staticmethod
    def problem(validator: jsonschema_rs.Validator, value: Any) -> str | None:
        """The first way `value` breaks the schema, or None."""
        for error in validator.iter_errors(value):
            return f"{'/'.join(map(str, error.instance_path)) or '(root)'}: {error.message[:300]}"
        return None


VALIDATORS = Validators(load_spec())

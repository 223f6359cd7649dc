"""The OpenAPI document as data: validating JSON values against its schemas.

The spec check and the tests validate through here, with the validators the mock and the harness
use (`nami_client.testing.spec_validators`: JSON Schema 2020-12, as OpenAPI 3.1 uses, with ECMA-262
patterns, the spec's own `$ref`s resolved). The spec itself is loaded and checked by the
generator's loader (`generator.spec_loader.load_spec`, re-exported here).
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from typing import Any

import jsonschema_rs
from nami_client.testing.document import OPEN_ORDERS_PATH, OPERATION_METHOD, OPERATION_PATH
from nami_client.testing.json_pointer import pointer_token
from nami_client.testing.spec_validators import SpecValidators, describe

from generator.spec_loader import SPEC_PATH, load_spec

__all__ = [
    "OPEN_ORDERS_PATH",
    "OPERATION_METHOD",
    "OPERATION_PATH",
    "SPEC_PATH",
    "SpecSchemas",
    "example_errors",
    "load_spec",
]


class SpecSchemas(SpecValidators):
    """Validators for the schemas of one OpenAPI document, with every problem of a value."""

    @functools.cached_property
    def request_validator(self) -> jsonschema_rs.Validator:
        return self.at(self.request_pointer(OPERATION_PATH, OPERATION_METHOD))

    @functools.cached_property
    def response_validators(self) -> dict[int, jsonschema_rs.Validator]:
        """Per declared status code of Delete All Orders, the validator of its `application/json` body."""
        return self.answers_of(OPERATION_PATH, OPERATION_METHOD)

    def errors(self, validator: jsonschema_rs.Validator, value: Any) -> list[str]:
        return [describe(error) for error in validator.iter_errors(value)]


def _examples(node: Any, pointer: str) -> Iterator[tuple[str, Any]]:
    """Every (schema pointer, example): media-type examples (`example` and each of `examples`) and schema-level ones."""
    if isinstance(node, dict):
        if "example" in node and "schema" in node:
            yield f"{pointer}/schema", node["example"]
        elif "example" in node:
            yield pointer, node["example"]
        if "schema" in node:
            for example in node.get("examples", {}).values():
                yield f"{pointer}/schema", example["value"]
        for key, value in node.items():
            if key not in ("example", "examples"):
                yield from _examples(value, f"{pointer}/{pointer_token(str(key))}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _examples(value, f"{pointer}/{index}")


def example_errors(spec: dict[str, Any]) -> list[str]:
    """Where an example of the spec does not validate against its own schema."""
    schemas = SpecSchemas(spec)
    problems: list[str] = []
    for pointer, example in _examples(spec, "#"):
        problems += [f"{pointer}: {error}" for error in schemas.errors(schemas.at(pointer), example)]
    return problems

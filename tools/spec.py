"""The OpenAPI document as data: validating JSON values against its schemas.

The mock server, the spec check and the tests all validate through here, with a real JSON Schema
(2020-12, as OpenAPI 3.1 uses) validator that resolves the spec's own `$ref`s. The spec itself is
loaded and checked by the generator's loader (`generator.spec_loader.load_spec`, re-exported here).
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from typing import Any

from jsonschema import Draft202012Validator
from nami_client.testing.document import OPEN_ORDERS_PATH, OPERATION_METHOD, OPERATION_PATH
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from generator.spec_loader import SPEC_PATH, load_spec, pointer_token

__all__ = [
    "OPEN_ORDERS_PATH",
    "OPERATION_METHOD",
    "OPERATION_PATH",
    "SPEC_PATH",
    "SpecSchemas",
    "example_errors",
    "load_spec",
]

_SPEC_URI = "urn:nami-spot"


_OPERATION_POINTER = f"#/paths/{pointer_token(OPERATION_PATH)}/{OPERATION_METHOD}"


class SpecSchemas:
    """Validators for the schemas of one OpenAPI document."""

    def __init__(self, spec: dict[str, Any]) -> None:
        self.spec = spec
        resource = Resource.from_contents(spec, default_specification=DRAFT202012)
        self._registry: Registry[Any] = Registry().with_resource(_SPEC_URI, resource)

    def validator(self, pointer: str) -> Draft202012Validator:
        """A validator for the schema at a JSON pointer (`#/...`) of the spec, `$ref`s resolved there."""
        return Draft202012Validator({"$ref": _SPEC_URI + pointer}, registry=self._registry)

    @property
    def operation(self) -> dict[str, Any]:
        operation: dict[str, Any] = self.spec["paths"][OPERATION_PATH][OPERATION_METHOD]
        return operation

    @functools.cached_property
    def request_validator(self) -> Draft202012Validator:
        return self.validator(f"{_OPERATION_POINTER}/requestBody/content/application~1json/schema")

    @functools.cached_property
    def response_validators(self) -> dict[int, Draft202012Validator]:
        """Per declared status code of Delete All Orders, the validator of its `application/json` body."""
        return self.responses_of(OPERATION_PATH, OPERATION_METHOD)

    def responses_of(self, path: str, method: str) -> dict[int, Draft202012Validator]:
        """Per declared status code of an operation, the validator of its `application/json` body."""
        pointer = f"#/paths/{pointer_token(path)}/{method}"
        return {
            int(status): self.validator(f"{pointer}/responses/{status}/content/application~1json/schema")
            for status in self.spec["paths"][path][method]["responses"]
        }

    def errors(self, validator: Draft202012Validator, value: Any) -> list[str]:
        return [f"{'/'.join(map(str, e.absolute_path)) or '(root)'}: {e.message}" for e in validator.iter_errors(value)]


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
        problems += [f"{pointer}: {error}" for error in schemas.errors(schemas.validator(pointer), example)]
    return problems

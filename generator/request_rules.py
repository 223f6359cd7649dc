"""The rule compiler: the JSON Schema of each request body and query of the client view, `$ref`s
resolved and reduced to the keywords `nami_client.validation` checks before a request is signed."""

from __future__ import annotations

import functools
from typing import Any

from generator.layout import GenerationError
from generator.testing.json_pointer import JSON_BODY, operation_pointer, pointer_token, resolve_pointer
from generator.testing.spec_validators import query_object

__all__ = ["ASSUMED_MARK", "RULE_KEYWORDS", "query_rules", "request_rules"]

ASSUMED_MARK = "x-nami-assumed"
# The JSON Schema keywords nami_client.validation checks, and those it may leave aside.
RULE_KEYWORDS = {
    "type",
    "required",
    "properties",
    "additionalProperties",
    "items",
    "minItems",
    "maxItems",
    "minLength",
    "maxLength",
    "minimum",
    "maximum",
    "pattern",
    "enum",
    "const",
}
ANNOTATIONS = {"description", "title", "example", "examples", "default", "deprecated", "format", "$comment"}


def request_rules(view: dict[str, Any]) -> dict[tuple[str, str], dict[str, Any]]:
    """The rules of each JSON request body of the client view, `$ref`s resolved, by (METHOD, path):
    what nami_client.validation checks before a request is signed."""
    rules = {}
    for path, item in view.get("paths", {}).items():
        for method, operation in item.items():
            media = operation.get("requestBody", {}).get("content", {}).get("application/json", {})
            if isinstance(operation, dict) and "schema" in media:
                pointer = f"{operation_pointer(path, method)}/requestBody/{JSON_BODY}"
                rules[(method.upper(), path)] = _rule(view, media["schema"], pointer)
    return rules


def query_rules(view: dict[str, Any]) -> dict[tuple[str, str], dict[str, Any]]:
    """The rules of the query of each operation of the client view that has query parameters, by
    (METHOD, path): an object whose properties are the parameters, required as the spec says. A
    parameter the spec does not list is refused: the spec lists every parameter the server reads."""
    rules = {}
    for path, item in view.get("paths", {}).items():
        for method, operation in item.items():
            if not isinstance(operation, dict):
                continue
            pointer = f"{operation_pointer(path, method)}/parameters"
            parameters = operation.get("parameters", [])
            for index, parameter in enumerate(parameters):
                if "$ref" in parameter:
                    raise GenerationError(f"{pointer}/{index}: the client's request check does not follow $ref here")
            rule = query_object(parameters, functools.partial(_parameter_rule, view, pointer))
            if rule is not None:
                rules[(method.upper(), path)] = rule
    return rules


def _parameter_rule(view: dict[str, Any], pointer: str, index: int, parameter: dict[str, Any]) -> dict[str, Any]:
    return _rule(view, parameter["schema"], f"{pointer}/{index}/schema")


def _rule(
    view: dict[str, Any], schema: dict[str, Any], pointer: str, seen: frozenset[str] = frozenset()
) -> dict[str, Any]:
    while "$ref" in schema:
        pointer = schema["$ref"]
        if pointer in seen:
            raise GenerationError(f"{pointer}: a request schema that contains itself cannot be checked")
        seen |= {pointer}
        schema = resolve_pointer(view, pointer)
    rule: dict[str, Any] = {}
    for key, value in schema.items():
        where = f"{pointer}/{pointer_token(key)}"
        if key == "properties":
            rule[key] = {name: _rule(view, sub, f"{where}/{pointer_token(name)}", seen) for name, sub in value.items()}
        elif key == "items":
            rule[key] = _rule(view, value, where, seen)
        elif key == "additionalProperties" and not isinstance(value, bool):
            raise GenerationError(f"{where}: the request check knows only additionalProperties true or false")
        elif key in RULE_KEYWORDS:
            rule[key] = value
        elif key == ASSUMED_MARK:
            if not isinstance(value, list) or not set(value) <= set(schema) & RULE_KEYWORDS:
                raise GenerationError(f"{where}: must list keywords of this schema, as {sorted(RULE_KEYWORDS)}")
            rule["assumed"] = sorted(value)
        elif key not in ANNOTATIONS and not key.startswith("x-"):
            raise GenerationError(f"{where}: the client's request check does not know this keyword")
    return rule

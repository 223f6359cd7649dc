"""The one loader of openapi/nami-spot.yaml: the generator, the spec check, the tests, the mock and
the harness all read the spec through `load_spec`.

It validates the spec against the OpenAPI 3.1 schema and checks that every local `$ref` resolves
(it does not resolve them: the readers do, `resolve_pointer` walking a pointer; the pointer
functions live in `generator/testing/json_pointer.py`, shipped with the mock, which needs them too).
A spec that cannot be used raises `SpecError` with one short line per problem, each naming the
JSON pointer of the node at fault. A spec text is validated once per run of a `make` step: a
process remembers the SHA-256 of each text it validated, and passes the list on to the processes
it starts (the mock, the harness) in an environment variable.
"""

from __future__ import annotations

import functools
import hashlib
import os
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

if TYPE_CHECKING:
    from jsonschema import Draft202012Validator
    from jsonschema.exceptions import ValidationError

from generator.testing.json_pointer import pointer_token, resolve_pointer

SPEC_PATH = Path(__file__).resolve().parent.parent / "openapi" / "nami-spot.yaml"

# libyaml's loader when PyYAML was built with it: 40 times faster, and every harness run loads the spec.
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
# The keys an OpenAPI document may have at its root; an error path that starts elsewhere is relative to a schema.
_ROOT_KEYS = {"openapi", "info", "jsonSchemaDialect", "servers", "paths", "webhooks", "components", "security", "tags"}
_MAX_MESSAGE = 160
_VALIDATED_ENV = "NAMI_SPEC_VALIDATED"  # SHA-256 of the spec texts validated, by this process or its parents


class SpecError(Exception):
    """The spec cannot be used. `problems` holds one line each: `#/json/pointer: what is wrong`."""

    def __init__(self, path: Path, problems: list[str]) -> None:
        self.path = path
        self.problems = problems
        super().__init__("\n".join(f"{path}{problem}" for problem in problems))


def load_spec(path: Path = SPEC_PATH) -> dict[str, Any]:
    """The spec as a fresh dict (the caller may change it), checked: parsed, `$ref`s resolved, valid."""
    try:
        text = path.read_bytes()
    except OSError as exc:
        raise SpecError(path, [f"#: cannot read the spec file: {exc.strerror}"]) from None
    try:
        spec = yaml.load(text, Loader=_YAML_LOADER)
    except yaml.YAMLError as exc:
        raise SpecError(path, [f"#: cannot read the spec as YAML: {_yaml_problem(exc)}"]) from None
    if not isinstance(spec, dict):
        raise SpecError(path, ["#: not a YAML mapping"])
    digest = hashlib.sha256(text).hexdigest()
    validated = os.environ.get(_VALIDATED_ENV, "").split()
    if digest not in validated:
        problems = spec_problems(spec)
        if problems:
            raise SpecError(path, problems)
        os.environ[_VALIDATED_ENV] = " ".join([*validated, digest])
    return spec


def validated_env() -> dict[str, str]:
    """The variable naming the spec texts this process (or its parents) validated, for the environment
    of a process it starts with an environment of its own making (which then skips validating them)."""
    validated = os.environ.get(_VALIDATED_ENV)
    return {_VALIDATED_ENV: validated} if validated else {}


def spec_problems(spec: dict[str, Any]) -> list[str]:
    """Every problem of the spec, one line each. References first: the validator cannot follow a
    dangling one, and would describe it with the whole document."""
    dangling = [f"{pointer}: {ref!r} points nowhere" for pointer, ref in _dangling_refs(spec)]
    if dangling:
        return dangling
    schema_problems = [
        f"{pointer}{_pointer(error.absolute_path)[1:]}: {_message(error)}"
        for pointer, schema in _schemas(spec)
        for error in _metaschema().iter_errors(schema)
    ]
    return _unique(schema_problems + _openapi_problems(spec, skip_schemas=bool(schema_problems)))


def _openapi_problems(spec: dict[str, Any], *, skip_schemas: bool) -> list[str]:
    from openapi_spec_validator import OpenAPIV31SpecValidator  # slow to import: only when validating

    problems = []
    try:
        for error in OpenAPIV31SpecValidator(spec).iter_errors():
            path = list(getattr(error, "absolute_path", []))
            if path and path[0] not in _ROOT_KEYS and skip_schemas:
                continue  # a schema's own error, relative to it: already reported with its pointer
            problems.append(f"{_pointer(path)}: {_message(error)}")
    except Exception as exc:  # the validator gave up; say why in one line, without the document
        problems.append(f"#: the OpenAPI validator failed: {type(exc).__name__}: {_short(str(exc))}")
    return problems


@functools.cache
def _metaschema() -> Draft202012Validator:
    """The validator of JSON Schema 2020-12 itself, built when a spec is first validated: a process that
    was handed an already validated spec (the harness's Schemathesis, the mock) never imports jsonschema."""
    from jsonschema import Draft202012Validator

    return Draft202012Validator(Draft202012Validator.META_SCHEMA)


def _schemas(spec: dict[str, Any]) -> Iterator[tuple[str, Any]]:
    """(pointer, schema) of every schema the document holds at the top: components and `schema` keys."""
    for name, schema in spec.get("components", {}).get("schemas", {}).items():
        yield f"#/components/schemas/{pointer_token(str(name))}", schema

    def walk(node: Any, pointer: str) -> Iterator[tuple[str, Any]]:
        if isinstance(node, dict):
            for key, value in node.items():
                if key == "schema" and isinstance(value, dict | bool):
                    yield f"{pointer}/schema", value
                else:
                    yield from walk(value, f"{pointer}/{pointer_token(str(key))}")
        elif isinstance(node, list):
            for index, value in enumerate(node):
                yield from walk(value, f"{pointer}/{index}")

    for key in ("paths", "webhooks"):
        yield from walk(spec.get(key), f"#/{key}")
    for key, value in spec.get("components", {}).items():
        if key != "schemas":
            yield from walk(value, f"#/components/{pointer_token(str(key))}")


def _dangling_refs(spec: dict[str, Any]) -> Iterator[tuple[str, str]]:
    """(pointer of the `$ref`, its value) for each local `$ref` (`#/...`) that does not resolve."""

    def walk(node: Any, pointer: str) -> Iterator[tuple[str, str]]:
        if isinstance(node, list):
            for index, item in enumerate(node):
                yield from walk(item, f"{pointer}/{index}")
        elif isinstance(node, dict):
            ref = node.get("$ref")
            if isinstance(ref, str) and ref.startswith("#") and not _resolves(spec, ref):
                yield f"{pointer}/$ref", ref
            for key, value in node.items():
                yield from walk(value, f"{pointer}/{pointer_token(str(key))}")

    yield from walk(spec, "#")


def _resolves(spec: dict[str, Any], ref: str) -> bool:
    try:
        resolve_pointer(spec, ref)
    except LookupError:
        return False
    return True


def _pointer(path: Any) -> str:
    return "#" + "".join(f"/{pointer_token(str(token))}" for token in path)


def _message(error: ValidationError) -> str:
    """The most telling line of a validation error: the best of its sub-errors, its first line, short."""
    if error.context:
        from jsonschema.exceptions import best_match

        error = best_match(error.context)
    return _short(error.message.splitlines()[0] if error.message else "invalid")


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= _MAX_MESSAGE else text[: _MAX_MESSAGE - 1] + "…"


def _yaml_problem(exc: yaml.YAMLError) -> str:
    if isinstance(exc, yaml.MarkedYAMLError) and exc.problem_mark is not None:
        mark = exc.problem_mark
        return f"line {mark.line + 1}, column {mark.column + 1}: {exc.problem}"
    return _short(str(exc))


def _unique(lines: list[str]) -> list[str]:
    return list(dict.fromkeys(lines))

"""The spec as data has one home: JSON pointers in `json_pointer.py`, validators at a pointer and the
query as one object in `spec_validators.py` (both shipped in nami_client.testing), used by all readers."""

from __future__ import annotations

import re
from typing import Any

import pytest
from nami_client.testing.json_pointer import operation_pointer, pointer_token, resolve_pointer
from nami_client.testing.spec_validators import SPEC_URI, SpecValidators, first_problem, query_object

from tests.paths import ROOT
from tools.spec import OPEN_ORDERS_PATH, load_spec

DOCUMENT = {"a/b": {"c~d": [10, {"e": "found"}]}}


def test_a_pointer_escapes_and_walks_back() -> None:
    pointer = f"#/{pointer_token('a/b')}/{pointer_token('c~d')}/1/e"
    assert pointer == "#/a~1b/c~0d/1/e"
    assert resolve_pointer(DOCUMENT, pointer) == "found"
    assert resolve_pointer(DOCUMENT, "#") is DOCUMENT
    assert operation_pointer("/api/v4/spot/open", "get") == "#/paths/~1api~1v4~1spot~1open/get"


@pytest.mark.parametrize("pointer", ["#/a~1b/c~0d/2", "#/a~1b/c~0d/x", "#/missing", "#/a~1b/c~0d/0/e"])
def test_a_pointer_to_nothing_is_a_lookup_error(pointer: str) -> None:
    with pytest.raises(LookupError):
        resolve_pointer(DOCUMENT, pointer)


def test_a_query_is_one_object_of_its_parameters() -> None:
    parameters: list[dict[str, Any]] = [
        {"name": "q", "in": "query", "required": True},
        {"name": "h", "in": "header", "required": True},
        {"name": "r", "in": "query"},
    ]
    schema = query_object(parameters, lambda index, parameter: {"at": index})
    assert schema == {
        "type": "object",
        "additionalProperties": False,
        "required": ["q"],
        "properties": {"q": {"at": 0}, "r": {"at": 2}},
    }
    assert query_object(parameters[1:2], lambda index, parameter: {}) is None


def test_validators_read_patterns_as_ecma_262_and_can_mask_the_value() -> None:
    validators = SpecValidators(load_spec(), mask="the value")
    timestamp = validators.query_schema_of(OPEN_ORDERS_PATH, "get")["properties"]["timestamp"]["$ref"]
    assert first_problem(validators.at(timestamp), "1670000000000") is None
    problem = first_problem(validators.at(timestamp), "1670000000000\n")  # Python's `$` would take it
    assert problem is not None and "1670000000000" not in problem
    query = validators.query_of(OPEN_ORDERS_PATH, "get")
    assert first_problem(query, {"timestamp": "1", "signature": "0" * 64}) is None
    assert "unknown" in (first_problem(query, {"timestamp": "1", "signature": "0" * 64, "unknown": "1"}) or "")


# What only the shared modules may do: an own registry, base URI, pointer walker or escaper elsewhere
# is a second home for the spec as data.
SHARED_ONLY = re.compile(
    r'jsonschema_rs\.Registry\(|Registry\(\)\.with_resource|"urn:|replace\("~1"|replace\("/", "~1"\)'
)
SHARED = {"generator/testing/json_pointer.py", "generator/testing/spec_validators.py"}


def test_no_other_module_builds_validators_or_walks_pointers() -> None:
    found = [
        f"{path.relative_to(ROOT)}: {match.group()}"
        for folder in ("generator", "tools", "tests")
        for path in sorted((ROOT / folder).rglob("*.py"))
        if path.relative_to(ROOT).as_posix() not in SHARED and path.name != "test_spec_data.py"
        for match in SHARED_ONLY.finditer(path.read_text(encoding="utf-8"))
    ]
    assert found == []
    assert SPEC_URI.startswith("urn:")

"""Reading the spec's schemas as data: following a `$ref` to the node it names."""

from __future__ import annotations

from typing import Any


def pointer_target(spec: dict[str, Any], pointer: str) -> Any:
    """The node at a local JSON pointer (`#/components/...`) of the spec."""
    node: Any = spec
    for token in pointer.removeprefix("#/").split("/"):
        token = token.replace("~1", "/").replace("~0", "~")
        node = node[int(token)] if isinstance(node, list) else node[token]
    return node


def resolved(spec: dict[str, Any], node: Any) -> Any:
    """The node itself, or what its `$ref` (a chain of them) points to."""
    seen = 0
    while isinstance(node, dict) and "$ref" in node and seen < 32:
        node, seen = pointer_target(spec, node["$ref"]), seen + 1
    return node

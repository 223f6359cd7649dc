"""Reading the spec's schemas as data: following a `$ref` to the node it names."""

from __future__ import annotations

from typing import Any

from nami_client.testing.json_pointer import resolve_pointer


def resolved(spec: dict[str, Any], node: Any) -> Any:
    """The node itself, or what its `$ref` (a chain of them) points to."""
    seen = 0
    while isinstance(node, dict) and "$ref" in node and seen < 32:
        node, seen = resolve_pointer(spec, node["$ref"]), seen + 1
    return node

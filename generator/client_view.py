"""The spec as the generated client sees it: body properties marked `x-nami-signing` and the
operation-level security removed, because the signing hook owns them (it sets `x-api-key`,
`timestamp` and `signature`)."""

from __future__ import annotations

import copy
from typing import Any

__all__ = ["SIGNING_MARK", "client_view"]

SIGNING_MARK = "x-nami-signing"


def client_view(spec: dict[str, Any]) -> dict[str, Any]:
    """The spec as the generated client sees it: without what the signing hook owns."""
    view = copy.deepcopy(spec)
    for schema in view.get("components", {}).get("schemas", {}).values():
        properties = schema.get("properties", {})
        owned = [name for name, prop in properties.items() if prop.get(SIGNING_MARK)]
        for name in owned:
            del properties[name]
        if owned and "required" in schema:
            schema["required"] = [name for name in schema["required"] if name not in owned]
        example = schema.get("example")
        if owned and isinstance(example, dict):
            schema["example"] = {k: v for k, v in example.items() if k not in owned}
    for path_item in view.get("paths", {}).values():
        for operation in path_item.values():
            if isinstance(operation, dict):
                operation.pop("security", None)
                if "parameters" in operation:
                    operation["parameters"] = [p for p in operation["parameters"] if not p.get(SIGNING_MARK)]
    return view

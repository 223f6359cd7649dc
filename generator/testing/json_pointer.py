"""JSON pointers (RFC 6901) into the spec: the one escaper and the one walker, for every reader of
the spec as data (the generator, the spec check, the mock, the harness).

It lives in the mock's package because the mock, shipped as `nami_client.testing`, needs it too;
the generator imports it from here (`generator.testing.json_pointer`), the tools from the package.
"""

from __future__ import annotations

from typing import Any

JSON_BODY = "content/application~1json/schema"
"""From a request body or an answer, the pointer's tail to the schema of its JSON content."""


def pointer_token(token: str) -> str:
    """One JSON-pointer token (RFC 6901)."""
    return token.replace("~", "~0").replace("/", "~1")


def operation_pointer(path: str, method: str) -> str:
    """The pointer of an operation: `#/paths/<path>/<method>`."""
    return f"#/paths/{pointer_token(path)}/{method}"


def resolve_pointer(document: Any, pointer: str) -> Any:
    """The node at a local JSON pointer (`#/...`, RFC 6901) of `document`; `LookupError` when there is none."""
    target = document
    for token in pointer[2:].split("/") if pointer != "#" else []:
        token = token.replace("~1", "/").replace("~0", "~")
        if isinstance(target, list) and token.isdigit() and int(token) < len(target):
            target = target[int(token)]
        elif isinstance(target, dict) and token in target:
            target = target[token]
        else:
            raise LookupError(f"{pointer}: no node at {token!r}")
    return target

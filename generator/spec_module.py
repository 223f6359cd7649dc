"""The source of `nami_client/spec.py`: what the package takes from the spec when it is generated."""

from __future__ import annotations

from typing import Any

from generator.request_rules import query_rules, request_rules

__all__ = ["spec_module"]


def spec_module(spec: dict[str, Any], spec_sha256: str, view: dict[str, Any]) -> str:
    """The source of nami_client/spec.py: what the package takes from the spec when it is generated."""
    return (
        '"""What this package takes from openapi/nami-spot.yaml: its version, its SHA-256 and the\n'
        'rules of its request bodies and queries, which nami_client.validation checks before signing."""\n\n'
        "from typing import Any\n\n"
        f"SPEC_VERSION = {spec['info']['version']!r}\n"
        '"""`info.version` of the spec."""\n\n'
        f"SPEC_SHA256 = {spec_sha256!r}\n"
        '"""SHA-256 of the spec file, byte for byte."""\n\n'
        f"REQUEST_BODY_RULES: dict[tuple[str, str], dict[str, Any]] = {request_rules(view)!r}\n"
        '"""By (METHOD, path): the JSON Schema keywords of the request body, `$ref`s resolved; `assumed`\n'
        'lists the keywords whose limits are the project\'s assumptions (`x-nami-assumed` in the spec)."""\n\n'
        f"REQUEST_QUERY_RULES: dict[tuple[str, str], dict[str, Any]] = {query_rules(view)!r}\n"
        '"""By (METHOD, path): the query parameters as the rule of an object, one property each; a\n'
        "parameter the spec does not list is refused. The signing hook's own (`timestamp`,\n"
        '`signature`) are not the caller\'s, so they are not listed either."""\n'
    )

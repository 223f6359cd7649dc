# Written by generator/generate.py from openapi/nami-spot.yaml: edit the spec, not this file.
"""What this package takes from openapi/nami-spot.yaml: its version, its SHA-256 and the
rules of its request bodies and queries, which nami_client.validation checks before signing."""

from typing import Any

SPEC_VERSION = "4.0.0"
"""`info.version` of the spec."""

SPEC_SHA256 = "1f4a4e949bb8e7ad27e7fb1b5fbb0bc3440b26b167714a1bdbfe17cded156a6a"
"""SHA-256 of the spec file, byte for byte."""

REQUEST_BODY_RULES: dict[tuple[str, str], dict[str, Any]] = {
    ("DELETE", "/api/v4/spot/all_order"): {
        "type": "object",
        "additionalProperties": False,
        "required": ["orders"],
        "properties": {
            "orders": {
                "type": "array",
                "minItems": 1,
                "maxItems": 200,
                "assumed": ["maxItems", "minItems"],
                "items": {
                    "type": "object",
                    "additionalProperties": False,
                    "required": ["displayingId", "symbol"],
                    "properties": {
                        "displayingId": {
                            "type": "integer",
                            "minimum": 1,
                            "maximum": 9007199254740991,
                            "assumed": ["maximum", "minimum"],
                        },
                        "symbol": {
                            "type": "string",
                            "minLength": 1,
                            "maxLength": 32,
                            "assumed": ["maxLength", "minLength"],
                        },
                    },
                },
            },
            "allowNotification": {"type": "boolean"},
        },
    }
}
"""By (METHOD, path): the JSON Schema keywords of the request body, `$ref`s resolved; `assumed`
lists the keywords whose limits are the project's assumptions (`x-nami-assumed` in the spec)."""

REQUEST_QUERY_RULES: dict[tuple[str, str], dict[str, Any]] = {
    ("GET", "/api/v4/spot/open"): {
        "type": "object",
        "additionalProperties": False,
        "required": [],
        "properties": {
            "filterByPair": {"type": "string", "minLength": 1, "maxLength": 32, "assumed": ["maxLength", "minLength"]}
        },
    }
}
"""By (METHOD, path): the query parameters as the rule of an object, one property each; a
parameter the spec does not list is refused. The signing hook's own (`timestamp`,
`signature`) are not the caller's, so they are not listed either."""

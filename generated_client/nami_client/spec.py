# Written by generator/generate.py from openapi/nami-spot.yaml: edit the spec, not this file.
"""What this package takes from openapi/nami-spot.yaml: its version, its SHA-256 and the
rules of its request bodies, which nami_client.validation checks before signing."""

from typing import Any

SPEC_VERSION = "4.0.0"
"""`info.version` of the spec."""

SPEC_SHA256 = "5ec4ffc72651c6a1b1533f310355dcd1e2b662df019dc62b5dffe54b463bae71"
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

# Copied from generator/testing/document.py by `make generate`: edit it there, not here.
"""The spec the mock serves: openapi/nami-spot.yaml, shipped beside the mock as JSON by `make generate`
(so the kit needs no YAML parser), and the paths of its two operations."""

from __future__ import annotations

import functools
import json
from importlib import resources
from typing import Any

OPERATION_PATH = "/api/v4/spot/all_order"
OPERATION_METHOD = "delete"
OPEN_ORDERS_PATH = "/api/v4/spot/open"
SPEC_FILE = "nami-spot.json"


@functools.cache
def _spec_text() -> str:
    return resources.files(__package__ or "nami_client.testing").joinpath(SPEC_FILE).read_text(encoding="utf-8")


def load_spec() -> dict[str, Any]:
    """The spec as a fresh dict (the caller may change it); checked against OpenAPI when it was generated."""
    spec: dict[str, Any] = json.loads(_spec_text())
    return spec

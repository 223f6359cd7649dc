"""Requests the harness sends itself (probes, boundary cases, the pre-flight): one way to send them.

They never follow a redirect (a 3xx is the answer under test, and following it would carry the API
key elsewhere), ignore proxy and .netrc settings from the environment, and keep what came back in
an `Answer` the checks can judge without touching the network again.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import requests

from tests.signatures import with_signature

TIMEOUT_S = 10

_SESSION = requests.Session()  # keep-alive: probes follow accepted cases one after another
_SESSION.trust_env = False


@dataclass(frozen=True)
class Answer:
    """One request the harness sent and what came back."""

    what: str  # what the request tried, for failure messages
    body: Any  # the JSON body sent
    status: int
    media_type: str
    content: bytes

    def json(self) -> Any:
        """The answer's JSON value, or None when it is not JSON."""
        try:
            return json.loads(self.content)
        except ValueError:
            return None

    def listed_orders(self) -> list[Any]:
        """The `data` list of a JSON answer, or [] when there is none."""
        document = self.json()
        data = document.get("data") if isinstance(document, dict) else None
        return data if isinstance(data, list) else []


def send(url: str, api_key: str, body: Any, what: str) -> Answer:
    """DELETE `body` as JSON to `url` with the key; no redirect followed. Raises requests' errors."""
    raw = json.dumps(body).encode()
    headers = {"x-api-key": api_key, "Content-Type": "application/json"}
    response = _SESSION.delete(url, data=raw, headers=headers, timeout=TIMEOUT_S, allow_redirects=False)
    media_type = response.headers.get("content-type", "").split(";")[0].strip().lower()
    return Answer(what, body, response.status_code, media_type, response.content)


def signed(body: dict[str, Any], secret: str, now_ms: int) -> dict[str, Any]:
    """The body with a fresh timestamp (kept a string if it was one) and its signature."""
    fresh = str(now_ms) if isinstance(body.get("timestamp"), str) else now_ms
    return with_signature({**body, "timestamp": fresh}, secret)

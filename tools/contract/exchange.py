"""Requests the harness sends itself (probes, boundary cases, the pre-flight): one way to send them.

They never follow a redirect (a 3xx is the answer under test, and following it would carry the API
key elsewhere), ignore proxy and .netrc settings from the environment, and keep what came back in
a `RoundTrip` the checks can judge without touching the network again. A query is sent byte for byte
as given (requests would re-quote it: `%7E` becomes `~`), so what is signed is what is sent.

An `Exchange` is one run's connection (keep-alive: probes follow accepted cases one after another)
and, when given, the run's ledger, which learns what each 2xx Delete All Orders answer cancelled.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import requests
from nami_client.testing.signatures import with_signature

from tools.contract.ledger import Ledger
from tools.contract.promises import listed_orders
from tools.contract.validation import DELETE, GET

TIMEOUT_S = 10
# How many of a suite's requests are in flight at once: the server answers one while the harness
# builds and reads the others (a suite of over a hundred requests took 0.3 s one at a time).
SUITE_CONCURRENCY = 4


def json_or_none(content: bytes) -> Any:
    """A server's JSON value, or None when it is not JSON (or nests too deep to read)."""
    try:
        return json.loads(content)
    except (ValueError, RecursionError):
        return None


@dataclass(frozen=True)
class RoundTrip:
    """One request the harness sent and what came back."""

    what: str  # what the request tried, for failure messages
    method: str  # DELETE (Delete All Orders) or GET (Get Open Orders)
    sent: Any  # the JSON body, or the query string
    status: int
    media_type: str
    content: bytes

    def json(self) -> Any:
        """The answer's JSON value, or None when it is not JSON."""
        return json_or_none(self.content)

    def listed_orders(self) -> list[Any]:
        """The orders a JSON answer lists (in either shape of the open orders), or [] when there are none."""
        return listed_orders(self.json()) or []


def media_type(content_type: str) -> str:
    """The media type a `Content-Type` header names, lower-cased, without its parameters."""
    return content_type.split(";")[0].strip().lower()


def _round_trip(what: str, method: str, sent: Any, response: requests.Response) -> RoundTrip:
    content_type = media_type(response.headers.get("content-type", ""))
    return RoundTrip(what, method, sent, response.status_code, content_type, response.content)


def with_query(url: str, query: str) -> str:
    """`url` with its query string replaced by `query`, as given."""
    return urlsplit(url)._replace(query=query).geturl()


class ExactQuery(requests.auth.AuthBase):
    """Sends the request with this query string, byte for byte (set after requests has built the URL)."""

    def __init__(self, query: str) -> None:
        self.query = query

    def __call__(self, request: requests.PreparedRequest) -> requests.PreparedRequest:
        request.url = with_query(request.url or "", self.query)
        return request


class Exchange:
    """Sends the harness's own requests for one run."""

    def __init__(self, ledger: Ledger | None = None) -> None:
        self.ledger = ledger
        self._local = threading.local()  # a requests.Session is not safe to share between threads

    @property
    def session(self) -> requests.Session:
        session: requests.Session | None = getattr(self._local, "session", None)
        if session is None:
            session = requests.Session()
            session.trust_env = False  # no proxy, .netrc or CA bundle from the environment
            self._local.session = session
        return session

    def send_all(self, requests_: Sequence[Callable[[Exchange], RoundTrip]]) -> list[RoundTrip]:
        """Each `request(self)`, several at once; the answers in the order of `requests_`. For requests
        whose answers do not depend on each other's order (a suite's variants)."""
        if len(requests_) < 2:
            return [request(self) for request in requests_]
        with ThreadPoolExecutor(SUITE_CONCURRENCY, thread_name_prefix="contract-suite") as pool:
            return list(pool.map(lambda request: request(self), requests_))

    def send(self, url: str, api_key: str, body: Any, what: str) -> RoundTrip:
        """DELETE `body` as JSON to `url` with the key; no redirect followed. Raises requests' errors.

        A 2xx answer's orders go into the ledger: they are cancelled from now on."""
        raw = json.dumps(body).encode()
        headers = {"x-api-key": api_key, "Content-Type": "application/json"}
        response = self.session.delete(url, data=raw, headers=headers, timeout=TIMEOUT_S, allow_redirects=False)
        answer = _round_trip(what, DELETE, body, response)
        if self.ledger is not None and 200 <= answer.status < 300:
            self.ledger.record_cancelled(answer.listed_orders())
        return answer

    def send_query(self, url: str, api_key: str, query: str, what: str) -> RoundTrip:
        """GET `url` with exactly the query string `query` and the key; no redirect followed."""
        request = requests.Request(GET, url, headers={"x-api-key": api_key}, auth=ExactQuery(query))
        response = self.session.send(self.session.prepare_request(request), timeout=TIMEOUT_S, allow_redirects=False)
        return _round_trip(what, GET, query, response)


def send(url: str, api_key: str, body: Any, what: str) -> RoundTrip:
    """One DELETE outside any run (the pre-flight request): no ledger."""
    return Exchange().send(url, api_key, body, what)


def send_query(url: str, api_key: str, query: str, what: str) -> RoundTrip:
    """One GET outside any run."""
    return Exchange().send_query(url, api_key, query, what)


def signed(body: dict[str, Any], secret: str, now_ms: int) -> dict[str, Any]:
    """The body with a fresh timestamp (kept a string if it was one) and its signature."""
    fresh = str(now_ms) if isinstance(body.get("timestamp"), str) else now_ms
    return with_signature({**body, "timestamp": fresh}, secret)

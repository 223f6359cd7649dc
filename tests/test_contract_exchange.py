"""The harness's own requests never follow a redirect (the API key stays with the server under test),
and a query goes out byte for byte as it was signed."""

from __future__ import annotations

import pytest

from tests.recording_server import recording_server
from tools.contract.exchange import json_or_none, send, send_query


@pytest.mark.parametrize("status", [301, 302, 307, 308])
def test_a_redirect_is_the_answer_not_followed(status: int) -> None:
    with recording_server() as elsewhere, recording_server(status, {"Location": elsewhere.url + "/x"}) as target:
        answer = send(target.url + "/x", "the-api-key", {"a": 1}, "a probe")
        listing = send_query(target.url + "/x?old=1", "the-api-key", "a=1", "a probe")
    assert (answer.status, listing.status) == (status, status)
    assert [headers["x-api-key"] for headers in target.seen] == ["the-api-key", "the-api-key"]
    assert elsewhere.seen == []


def test_a_query_is_sent_as_given() -> None:
    """requests would write `%7E` as `~` and `*` as `%2A`: the server could then read another string
    than the one signed."""
    query = "filterByPair=A%7E*+%F0%9D%94%B8&timestamp=1&signature=ab"
    with recording_server() as target:
        send_query(target.url + "/api/v4/spot/open?stale=1", "k", query, "a listing")
    assert target.targets == [f"/api/v4/spot/open?{query}"]


@pytest.mark.parametrize("content", [b"[" * 100_000, b"not json", b"\xff"])
def test_an_answer_that_cannot_be_read_is_none_not_a_crash(content: bytes) -> None:
    assert json_or_none(content) is None

"""The harness's own requests never follow a redirect: the API key stays with the server under test."""

from __future__ import annotations

import pytest

from tests.contract.exchange import send
from tests.recording_server import recording_server


@pytest.mark.parametrize("status", [301, 302, 307, 308])
def test_a_redirect_is_the_answer_not_followed(status: int) -> None:
    with recording_server() as elsewhere, recording_server(status, {"Location": elsewhere.url + "/x"}) as target:
        answer = send(target.url + "/x", "the-api-key", {"a": 1}, "a probe")
    assert answer.status == status
    assert [headers["x-api-key"] for headers in target.seen] == ["the-api-key"]
    assert elsewhere.seen == []

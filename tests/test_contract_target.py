"""The harness tests only the server the HTTP stack will really connect to, and only with consent."""

from __future__ import annotations

import os

import pytest

from tools.contract.mock_target import mock_target
from tools.contract.schemathesis_process import st_env
from tools.contract.target import TargetError, parse_target_url, remote_target

CREDENTIALS = {"NAMI_API_KEY": "key-0123", "NAMI_API_SECRET": "secret-4567"}


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("http://x.invalid\\@127.0.0.1:8080/", "backslash"),  # urlsplit reads 127.0.0.1, urllib3 x.invalid
        ("http://127.0.0.1\\.x.invalid:8080/", "backslash"),
        ("http://user:pass@127.0.0.1:8080/", "user info"),
        ("http://x.invalid@127.0.0.1:8080/", "user info"),
        ("http://127.0.0.1%2ex.invalid:8080/", "percent"),
        ("http://127.0.0.1:8080/\t", "spaces, control"),
        ("http://127.0.0.1 :8080/", "spaces, control"),
        ("http://127.0.0.1:8080/\x00", "spaces, control"),
        ("http://bücher.example/", "non-ASCII"),
        ("http://127.0.0.1:8080/?x=1", "query"),
        ("http://127.0.0.1:8080/#frag", "query or a fragment"),
        ("http://127.0.0.1:8080#@x.invalid/", "user info"),
        ("http://127.0.0.1:99999/", "does not parse"),
        ("http://127.0.0.1:80:81/", "does not parse"),
        ("ftp://127.0.0.1/", "http or https"),
        ("127.0.0.1:8080", "http or https"),
        ("http:///api", "http or https"),
        ("", "http or https"),
    ],
)
def test_ambiguous_or_malformed_urls_are_refused(url: str, reason: str) -> None:
    with pytest.raises(TargetError, match=reason) as raised:
        remote_target(url, {**CREDENTIALS, "ALLOW_REMOTE": "1"})
    assert "secret-4567" not in str(raised.value) and "key-0123" not in str(raised.value)


@pytest.mark.parametrize(
    ("url", "base", "host"),
    [
        ("http://127.0.0.1:8080/", "http://127.0.0.1:8080", "127.0.0.1"),
        ("http://localhost:8080", "http://localhost:8080", "localhost"),
        ("http://LOCALHOST:8080", "http://LOCALHOST:8080", "localhost"),
        ("http://[::1]:8080/", "http://[::1]:8080", "::1"),
        ("http://127.0.0.2", "http://127.0.0.2", "127.0.0.2"),
        ("https://127.0.0.1:8443/prefix/", "https://127.0.0.1:8443/prefix", "127.0.0.1"),
    ],
)
def test_plain_loopback_urls_are_taken(url: str, base: str, host: str) -> None:
    assert parse_target_url(url) == (base, host)
    assert remote_target(url, CREDENTIALS).url == base


@pytest.mark.parametrize(
    "url",
    [
        "http://nami.exchange",
        "http://10.0.0.1:8080",
        "http://0.0.0.0:8080",
        "http://2130706433/",
        "http://localhost.:1",
    ],
)
def test_hosts_that_are_not_plainly_loopback_need_consent(url: str) -> None:
    with pytest.raises(TargetError, match="ALLOW_REMOTE=1"):
        remote_target(url, CREDENTIALS)
    assert remote_target(url, {**CREDENTIALS, "ALLOW_REMOTE": "1"}).url == url.rstrip("/")


def test_credentials_are_required_and_never_shown() -> None:
    with pytest.raises(TargetError, match="NAMI_API_KEY and NAMI_API_SECRET"):
        remote_target("http://127.0.0.1:1", {"NAMI_API_KEY": "key-0123"})
    target = remote_target("http://127.0.0.1:1", CREDENTIALS)
    assert "secret-4567" not in repr(target) and "key-0123" not in repr(target)


def test_schemathesis_and_the_mock_skip_validating_the_spec_the_harness_validated() -> None:
    """The environment a run is given may lack the variable (the benchmark strips NAMI_*): the harness,
    which validated the spec on import, adds it itself."""
    validated = os.environ["NAMI_SPEC_VALIDATED"]  # set by importing the harness
    target, mock_env = mock_target({"PATH": os.environ["PATH"]})
    assert mock_env["NAMI_SPEC_VALIDATED"] == validated
    assert st_env(target, {"PATH": os.environ["PATH"]})["NAMI_SPEC_VALIDATED"] == validated

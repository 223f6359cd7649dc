"""The harness passes a faithful server and fails each planted fault: proof that it bites."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.contract.run import REPORT_FILES, REPORTS
from tests.mock.faults import CONTRACT_FAULTS, Fault
from tests.mock.process import running_mock

ROOT = Path(__file__).resolve().parent.parent

# The check that must catch each planted fault (as Schemathesis names it in its report).
EXPECTED_FAILURE = {
    Fault.NO_SIGNATURE_CHECK: "tampered_signature_rejected",
    Fault.NO_TIMESTAMP_CHECK: "stale_timestamp_rejected",
    Fault.NO_API_KEY_CHECK: "API accepts requests without authentication",
    Fault.SERVER_ERROR_ON_VALID: "Server error",
    Fault.MISSING_RESPONSE_FIELD: "Response violates schema",
    Fault.WRONG_FIELD_TYPE: "Response violates schema",
    Fault.WRONG_CONTENT_TYPE: "Undocumented Content-Type",
    Fault.UNDECLARED_STATUS: "Undocumented status code",
    Fault.ACCEPT_INVALID: "Schema-violating request accepted",
    Fault.REJECT_VALID: "Schema-valid request rejected",
    Fault.BAD_ERROR_ENVELOPE: "Response violates schema",
}


def harness(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("NAMI_", "ALLOW_REMOTE", "URL"))}
    return subprocess.run(
        [sys.executable, "-m", "tests.contract.run", *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=300,
    )


def verdict(result: subprocess.CompletedProcess[str]) -> str:
    return result.stdout[result.stdout.index("Contract verdict") :]


def test_every_contract_fault_is_covered() -> None:
    assert set(EXPECTED_FAILURE) == set(CONTRACT_FAULTS)


def test_faithful_mock_passes_and_reports_hide_credentials() -> None:
    result = harness()
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert "Contract verdict: PASS" in verdict(result)
    junit, cassette = REPORTS / "junit.xml", REPORTS / "cassette.yaml"
    assert 'failures="0"' in junit.read_text()
    recorded = cassette.read_text()
    assert recorded.count("uri: ") > 50  # the run really sent requests
    assert "contract-" not in recorded and "contract-" not in result.stdout  # the per-run API key


@pytest.mark.parametrize("fault", CONTRACT_FAULTS, ids=lambda fault: fault.value)
def test_planted_fault_fails_the_run(fault: Fault) -> None:
    result = harness(NAMI_MOCK_FAULT=fault.value)
    assert result.returncode == 1, result.stdout[-3000:] + result.stderr[-3000:]
    text = verdict(result)
    assert "Contract verdict: FAIL" in text
    assert EXPECTED_FAILURE[fault] in text


def test_remote_url_is_refused_without_opt_in() -> None:
    result = harness("--url", "http://nami.exchange", NAMI_API_KEY="k", NAMI_API_SECRET="s")
    assert result.returncode == 2
    assert "ALLOW_REMOTE=1" in result.stderr
    assert "Contract verdict" not in result.stdout


def test_url_needs_credentials() -> None:
    result = harness("--url", "http://127.0.0.1:9")
    assert result.returncode == 2
    assert "NAMI_API_KEY" in result.stderr


def test_url_mode_judges_a_separately_running_server() -> None:
    credentials = {"NAMI_API_KEY": "url-mode-key-0123", "NAMI_API_SECRET": "url-mode-secret-4567"}
    with running_mock({**os.environ, **credentials}) as url:
        result = harness("--url", url, **credentials)
    assert result.returncode == 0, result.stdout[-3000:]
    assert f"server at {url}" in verdict(result)
    for path in (REPORTS / name for name in REPORT_FILES):
        assert "url-mode-secret-4567" not in path.read_text()
        assert "url-mode-key-0123" not in path.read_text()

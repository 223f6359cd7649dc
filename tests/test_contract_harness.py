"""The harness passes a faithful server, fails each planted fault through the check named for it,
and can be neither fooled nor misused: odd credentials, odd URLs, proxies, redirects, exit codes,
replay.

The planted faults' runs are many short runs: they go through `tools.contract.batch` (the mock in a
thread, Schemathesis in-process, the harness's own pre-flight and verdict), one batch per core.
"""

from __future__ import annotations

import json
import os
import pty
import re
import select
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
import yaml
from nami_client.testing.faults import CONTRACT_FAULTS, Fault

from tests.paths import ROOT
from tests.recording_server import recording_server
from tools.contract.batch import EXIT_CODE, OUTPUT
from tools.contract.schemathesis_process import REPORT_FILES
from tools.process import running_mock

QUICK = ("--phases", "examples")  # the harness's own checks all run on the examples phase's cases
WITH_COVERAGE = ("--phases", "examples,coverage")  # Schemathesis' negative cases come from coverage
STATEFUL = ("--phases", "stateful")  # scenarios that follow the spec's links from a listing to a cancel
NO_SHRINK = ("--no-shrink",)  # a planted fault's run only has to fail: no minimal example needed

# The check that must catch each planted fault (as the run report names it), and the phases it needs.
EXPECTED_FAILURE: dict[Fault, tuple[str, tuple[str, ...]]] = {
    Fault.NO_SIGNATURE_CHECK: ("`tampered_signature_rejected`", QUICK),
    Fault.NO_TIMESTAMP_CHECK: ("`stale_timestamp_rejected`", QUICK),
    Fault.NO_API_KEY_CHECK: ("API accepts requests without authentication", QUICK),
    Fault.SERVER_ERROR_ON_VALID: ("Server error", QUICK),
    Fault.MISSING_RESPONSE_FIELD: ("Response violates schema", QUICK),
    Fault.WRONG_FIELD_TYPE: ("Response violates schema", QUICK),
    Fault.WRONG_CONTENT_TYPE: ("Undocumented Content-Type", QUICK),
    Fault.UNDECLARED_STATUS: ("Undocumented status code", QUICK),
    Fault.ACCEPT_INVALID: ("Schema-violating request accepted", WITH_COVERAGE),
    Fault.REJECT_VALID: ("Schema-valid request rejected", QUICK),
    Fault.BAD_ERROR_ENVELOPE: ("Response violates schema", WITH_COVERAGE),
    Fault.SIGNED_INVALID_ACCEPTED: ("Schema-violating request accepted", WITH_COVERAGE),
    Fault.MAX_ORDERS_UNENFORCED: ("`limits_enforced`", QUICK),
    Fault.SYMBOL_LENGTH_UTF16: ("`valid_edge_cases_accepted`", QUICK),
    Fault.LENIENT_TIMESTAMP: ("`wrong_forms_rejected`", QUICK),
    Fault.FUTURE_TIMESTAMP_ACCEPTED: ("`timestamp_window_enforced`", QUICK),
    Fault.CASE_INSENSITIVE_SIGNATURE: ("`wrong_forms_rejected`", QUICK),
    Fault.BAD_SIGNATURE_NOT_ENVELOPE: ("`error_answers_are_envelopes`", QUICK),
    Fault.LISTS_UNREQUESTED_ORDER: ("`answer_lists_only_requested_orders`", QUICK),
    Fault.LISTS_ORDER_TWICE: ("`answer_lists_each_order_once`", QUICK),
    Fault.WRONG_ORDER_STATUS: ("`answered_orders_are_cancelled`", QUICK),
    Fault.RELISTS_CANCELLED: ("`cancelled_orders_not_listed_again`", QUICK),
    Fault.LIST_NO_SIGNATURE_CHECK: ("`tampered_signature_rejected`", QUICK),
    Fault.LIST_SHOWS_CANCELLED: ("`cancelled_orders_not_listed`", WITH_COVERAGE),
    Fault.LIST_IGNORES_FILTER: ("`listing_matches_filter`", QUICK),
    Fault.LIST_SHAPE_DRIFT: ("Response violates schema", QUICK),
    Fault.LIST_BAD_ERROR_ENVELOPE: ("`error_answers_are_envelopes`", QUICK),
    Fault.LIST_UNKNOWN_ORDERS: ("`listed_orders_are_cancelled`", STATEFUL),
    # Each caught by its check alone (see ONLY_ITS_CHECK).
    Fault.NEGATIVE_ID_ACCEPTED: ("`limits_enforced`", QUICK),
    Fault.CANCELS_WHOLE_PAIR: ("`other_orders_stay_open`", QUICK),
    Fault.ANSWER_OMITS_CANCELLED: ("`cancel_answer_lists_every_open_order_named`", QUICK),
    Fault.LISTS_UNKNOWN_AS_CANCELLED: ("`orders_not_open_left_out`", QUICK),
    Fault.CANCEL_ANY_ACCOUNT: ("`cancel_leaves_other_accounts_alone`", QUICK),
    Fault.LIST_FILTER_DROPS_SOME: ("`filtered_listing_is_complete`", QUICK),
    Fault.LIST_PAGED: ("`listing_shows_every_open_order`", QUICK),
    Fault.LIST_ALL_ACCOUNTS: ("`listing_shows_only_own_orders`", QUICK),
}
# The faults of the promises across requests and of the far limits: no other check fails on them, so
# each check is the only thing between such a server and a pass.
ONLY_ITS_CHECK = frozenset(
    {
        Fault.NEGATIVE_ID_ACCEPTED,
        Fault.CANCELS_WHOLE_PAIR,
        Fault.ANSWER_OMITS_CANCELLED,
        Fault.LISTS_UNKNOWN_AS_CANCELLED,
        Fault.CANCEL_ANY_ACCOUNT,
        Fault.LIST_FILTER_DROPS_SOME,
        Fault.LIST_PAGED,
        Fault.LIST_ALL_ACCOUNTS,
    }
)
BATCHES = 2  # one per core: the runs are CPU-bound now that nothing waits for interpreters to start


def clean_env(**env: str) -> dict[str, str]:
    kept = {k: v for k, v in os.environ.items() if not k.startswith(("NAMI_", "ALLOW_REMOTE", "CONTRACT_"))}
    return {**kept, **env}


def harness(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "tools.contract.run", *args],
        cwd=ROOT,
        env=clean_env(**env),
        capture_output=True,
        text=True,
        timeout=300,
    )


def verdict(result: subprocess.CompletedProcess[str]) -> str:
    return result.stdout[result.stdout.index("Contract verdict") :]


class BatchRun:
    """One run of a batch: its exit code, its console output and verdict, as a subprocess result has them."""

    def __init__(self, reports: Path) -> None:
        self.returncode = int((reports / EXIT_CODE).read_text())
        self.stdout = (reports / OUTPUT).read_text(encoding="utf-8")
        self.stderr = ""


def failures(reports: Path) -> list[str]:
    return [f"{group['code']} {group['title']}" for group in json.loads((reports / "run.json").read_text())["failures"]]


def assert_reports_intact(reports: Path, api_key: str) -> None:
    """Every report parses, and the key is written only as Schemathesis' [Filtered]."""
    json.loads((reports / "run.json").read_text(encoding="utf-8"))
    ET.parse(reports / "junit.xml")
    cassette = yaml.load(
        (reports / "cassette.yaml").read_text(encoding="utf-8"), Loader=yaml.CSafeLoader
    )  # libyaml: 5x
    keys = [
        value
        for interaction in cassette["http_interactions"]
        for name, value in interaction["request"]["headers"].items()
        if name.lower() == "x-api-key"
    ]
    assert keys and all(value == ["[Filtered]"] for value in keys)
    assert api_key not in keys


def test_every_contract_fault_is_covered() -> None:
    assert set(EXPECTED_FAILURE) == set(CONTRACT_FAULTS)
    assert len(CONTRACT_FAULTS) >= 20


Run = tuple[Any, Path]  # (a subprocess result or a BatchRun, the run's reports folder)
FAITHFUL = "faithful"
OLDER_SHAPE = "list-unknown-orders, the listing in the older shape"  # the spec's second link
# What each kind of run costs, roughly (seconds of CPU), to share the runs out evenly.
COST = {(): 8.0, STATEFUL: 4.0, WITH_COVERAGE: 1.5, QUICK: 0.7}


def balanced(jobs: list[dict[str, Any]], costs: list[float], batches: int) -> list[list[dict[str, Any]]]:
    """The jobs in `batches` groups of about equal cost, the costliest placed first."""
    groups: list[list[dict[str, Any]]] = [[] for _ in range(batches)]
    loads = [0.0] * batches
    for cost, job in sorted(zip(costs, jobs, strict=True), key=lambda pair: -pair[0]):
        lightest = loads.index(min(loads))
        groups[lightest].append(job)
        loads[lightest] += cost
    return groups


@pytest.fixture(scope="module")
def harness_runs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Run]:
    """Every planted fault's run (by its name), the faithful mock's through every phase and the link
    fault's with the listing in its older shape, each with a mock of its own and its reports folder,
    in batches run side by side."""
    runs: dict[str, tuple[tuple[str, ...], dict[str, str]]] = {FAITHFUL: ((), {})}
    runs |= {fault.value: (EXPECTED_FAILURE[fault][1], {"NAMI_MOCK_FAULT": fault.value}) for fault in CONTRACT_FAULTS}
    runs[OLDER_SHAPE] = (STATEFUL, {"NAMI_MOCK_FAULT": "list-unknown-orders", "NAMI_MOCK_OPEN_ORDERS_SHAPE": "list"})
    folder = tmp_path_factory.mktemp("batches")
    reports = {name: folder / name.split(",")[0] / ("older-shape" if name == OLDER_SHAPE else "run") for name in runs}
    jobs = [
        {"name": name, "reports": str(reports[name]), "options": [*phases, *(NO_SHRINK if env else ())], "env": env}
        for name, (phases, env) in runs.items()
    ]
    groups = balanced(jobs, [COST[phases] for phases, _ in runs.values()], BATCHES)

    def run_batch(index: int) -> None:
        listing = folder / f"batch-{index}.json"
        listing.write_text(json.dumps(groups[index]), encoding="utf-8")
        command = [sys.executable, "-m", "tools.contract.batch", str(listing)]
        done = subprocess.run(command, cwd=ROOT, env=clean_env(), capture_output=True, text=True, timeout=600)
        assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]

    with ThreadPoolExecutor(BATCHES) as pool:
        list(pool.map(run_batch, range(BATCHES)))
    return {name: (BatchRun(reports[name]), reports[name]) for name in runs}


@pytest.mark.parametrize("fault", CONTRACT_FAULTS, ids=lambda fault: fault.value)
def test_planted_fault_fails_the_run_through_its_check(fault: Fault, harness_runs: dict[str, Run]) -> None:
    result, reports = harness_runs[fault.value]
    assert result.returncode == 1, result.stdout[-3000:] + result.stderr[-3000:]
    assert "Contract verdict: FAIL" in verdict(result)
    check = EXPECTED_FAILURE[fault][0]
    assert any(check in failure for failure in failures(reports)), failures(reports)
    assert check in verdict(result)
    if fault in ONLY_ITS_CHECK:
        assert failures(reports) == [f"ST901 Custom check failed: {check}"]


def test_the_older_shape_of_the_listing_is_followed_by_its_own_link(harness_runs: dict[str, Run]) -> None:
    result, reports = harness_runs[OLDER_SHAPE]
    assert result.returncode == 1, result.stdout[-3000:] + result.stderr[-3000:]
    assert any("`listed_orders_are_cancelled`" in failure for failure in failures(reports)), failures(reports)


def test_faithful_mock_passes_every_phase_and_reports_hide_credentials(harness_runs: dict[str, Run]) -> None:
    result, reports = harness_runs[FAITHFUL]
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert "Contract verdict: PASS" in verdict(result)
    assert "\x1b[" not in result.stdout  # in a pipe, plain text (see the terminal test below)
    report = json.loads((reports / "run.json").read_text())
    assert report["test_cases"]["generated"] > 200 and report["failures"] == []
    # A quiet pass: nothing that reads like a failure; what was skipped is said once, with why.
    assert "Failed to extract" not in result.stdout
    (skipped,) = [line for line in verdict(result).splitlines() if line.startswith(" Skipped:")]
    assert "`ignored_auth`" in skipped and "links not followed: no order to cancel in the listing" in skipped
    assert "second account" not in skipped  # the embedded mock has two accounts: every promise was checked
    assert_reports_intact(reports, "contract-")
    for name in REPORT_FILES:
        assert "contract-" not in (reports / name).read_text()  # the per-run API key


def test_one_character_credentials_leave_the_reports_whole(tmp_path: Path) -> None:
    """ "t" is in every report's text; a redaction by substring would garble them all."""
    api_key, credentials = "t", {"NAMI_API_KEY": "t", "NAMI_API_SECRET": "s"}
    with running_mock(clean_env(**credentials)) as url:
        result = harness("--url", url, "--reports", str(tmp_path), *QUICK, **credentials)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert f"server at {url}" in verdict(result) and "[REDACTED]" not in result.stdout
    assert_reports_intact(tmp_path, api_key)


@pytest.mark.parametrize(
    ("args", "env", "message"),
    [
        (("--url", "http://nami.exchange"), {"NAMI_API_KEY": "k", "NAMI_API_SECRET": "s"}, "ALLOW_REMOTE=1"),
        (("--url", "http://x.invalid\\@127.0.0.1:9/"), {"NAMI_API_KEY": "k", "NAMI_API_SECRET": "s"}, "backslash"),
        (("--url", "http://127.0.0.1:9"), {}, "NAMI_API_KEY"),
        (("--url", "http://127.0.0.1:9"), {"NAMI_API_KEY": "k", "NAMI_API_SECRET": "s"}, "cannot reach"),
        (("--no-such-option",), {}, "Schemathesis could not run"),
    ],
    ids=["remote", "ambiguous-url", "no-credentials", "unreachable", "bad-option"],
)
def test_a_run_that_cannot_happen_exits_2(args: tuple[str, ...], env: dict[str, str], message: str) -> None:
    result = harness(*args, **env)
    assert result.returncode == 2, result.stdout[-3000:] + result.stderr[-3000:]
    assert message in result.stderr
    assert "Contract verdict" not in result.stdout


@pytest.mark.parametrize("where", ["a path", "not the API"])
def test_a_server_that_is_not_the_documented_api_exits_2_naming_the_url(where: str) -> None:
    credentials = {"NAMI_API_KEY": "k-0123", "NAMI_API_SECRET": "s"}
    with running_mock(clean_env(**credentials)) as mock, recording_server(200) as other:
        url = mock + "/api/v4" if where == "a path" else other.url  # the path doubled, or an empty 200
        result = harness("--url", url, *QUICK, **credentials)
    assert result.returncode == 2, result.stdout[-3000:] + result.stderr[-3000:]
    (line,) = result.stderr.strip().splitlines()
    assert f"{url} is not the documented API: DELETE {url}/api/v4/spot/all_order got" in line
    assert "Contract verdict" not in result.stdout


def test_proxies_in_the_environment_get_nothing() -> None:
    """CI images often set them; requests, and so Schemathesis, would send every request, the API key
    in it, to the proxy. NO_PROXY=localhost would not cover 127.0.0.1."""
    with recording_server() as proxy:
        names = ("HTTP_PROXY", "http_proxy", "HTTPS_PROXY", "https_proxy", "ALL_PROXY", "all_proxy")
        result = harness(*QUICK, **dict.fromkeys(names, proxy.url), NO_PROXY="localhost")
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert proxy.seen == []
    assert "ignoring ALL_PROXY, HTTPS_PROXY, HTTP_PROXY, all_proxy, http_proxy, https_proxy" in result.stdout


def test_rejected_credentials_exit_3_without_showing_them() -> None:
    with running_mock(clean_env(NAMI_API_KEY="right-key-0123", NAMI_API_SECRET="right-secret-4567")) as url:
        result = harness("--url", url, NAMI_API_KEY="right-key-0123", NAMI_API_SECRET="wrong-secret-89")
    assert result.returncode == 3, result.stdout[-3000:] + result.stderr[-3000:]
    assert "NAMI_API_KEY or NAMI_API_SECRET is wrong" in result.stderr
    assert "right-key-0123" not in result.stderr + result.stdout and "wrong-secret-89" not in result.stderr


def test_a_redirect_fails_the_run_and_takes_the_key_nowhere(tmp_path: Path) -> None:
    with recording_server() as elsewhere, recording_server(307, {"Location": elsewhere.url + "/x"}) as target:
        result = harness(
            "--url", target.url, "--reports", str(tmp_path), *QUICK, NAMI_API_KEY="k-0123", NAMI_API_SECRET="s"
        )
    assert result.returncode == 1, result.stdout[-3000:] + result.stderr[-3000:]
    assert any("Undocumented status code" in failure for failure in failures(tmp_path))
    assert target.seen and elsewhere.seen == []


def test_replay_starts_the_mock_again_and_replays_the_failing_cases(harness_runs: dict[str, Run]) -> None:
    result, reports = harness_runs[Fault.RELISTS_CANCELLED.value]
    command = verdict(result).split("Replay:", 1)[1].splitlines()[0].strip()
    assert command.startswith("NAMI_MOCK_FAULT=relists-cancelled ") and command.endswith("--replay")
    replayed = harness("--reports", str(reports), "--replay", NAMI_MOCK_FAULT="relists-cancelled")
    assert replayed.returncode == 1, replayed.stdout[-3000:] + replayed.stderr[-3000:]
    assert "cancelled_orders_not_listed_again" in replayed.stdout
    fixed = harness("--reports", str(reports), "--replay")  # the faithful mock: the failure is gone
    assert fixed.returncode == 0, fixed.stdout[-3000:] + fixed.stderr[-3000:]


def test_make_contract_hands_over_the_url_as_one_argument_and_args_to_schemathesis(tmp_path: Path) -> None:
    planted = tmp_path / "planted"
    url = f"http://127.0.0.1:9/'; touch {planted}; echo '$(touch {planted})`touch {planted}`$$HOME"
    make = ["make", "-s", "--no-print-directory", "contract"]
    refused = subprocess.run([*make, f"URL={url}"], cwd=ROOT, env=clean_env(), capture_output=True, text=True)
    assert refused.returncode == 2 and "the URL holds spaces" in refused.stderr  # the harness got it whole
    assert not planted.exists()
    args = "ARGS=--phases examples --max-examples 1"
    quick = subprocess.run([*make, args], cwd=ROOT, env=clean_env(), capture_output=True, text=True, timeout=300)
    assert quick.returncode == 0, quick.stdout[-3000:] + quick.stderr[-3000:]
    cases = re.search(r"Cases: +(\d+) generated", verdict(quick))
    assert cases is not None and int(cases[1]) < 10  # the options reached Schemathesis


def read_all(fd: int) -> Iterator[bytes]:
    while select.select([fd], [], [], 120)[0]:
        try:
            chunk = os.read(fd, 65536)
        except OSError:  # the other end closed
            return
        if not chunk:
            return
        yield chunk


def test_progress_is_live_on_a_terminal() -> None:
    args = [sys.executable, "-m", "tools.contract.run", *QUICK, "--max-examples", "1"]
    controller, terminal = pty.openpty()
    process = subprocess.Popen(
        args, cwd=ROOT, env=clean_env(), stdin=subprocess.DEVNULL, stdout=terminal, stderr=terminal
    )
    os.close(terminal)
    shown = b"".join(read_all(controller))
    os.close(controller)
    assert process.wait(timeout=60) == 0
    assert b"\x1b[" in shown  # Schemathesis saw a terminal: colours, and its spinners and progress bars

"""`nami-client` / `python -m nami_client` against the real mock: listing, dry run, cancel-all, its
report as a table and as JSON, live progress on a terminal, and every exit code (0 complete,
1 not complete, 2 usage or configuration, 3 credentials refused). Each test uses an account of its
own, so the books do not depend on the order the tests run in."""

from __future__ import annotations

import io
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator

import pytest
from nami_client.cli import EXIT_CREDENTIALS, EXIT_INCOMPLETE, EXIT_OK, EXIT_USAGE, main
from nami_client.testing.book import SYMBOLS, seeded_orders
from nami_client.testing.document import OPEN_ORDERS_PATH

from tools.process import mock_env, running_mock

ORDERS = 30
ACCOUNTS = {f"cli-key-{n:04}": f"cli-secret-{n:04}-do-not-print" for n in range(1, 12)}


def _env(**settings: str) -> dict[str, str]:
    return mock_env(
        "cli-key-0000", "cli-secret-0000-do-not-print", ACCOUNTS, **{"NAMI_MOCK_OPEN_ORDERS": str(ORDERS), **settings}
    )


@pytest.fixture(scope="module")
def url() -> Iterator[str]:
    with running_mock(_env()) as base_url:
        yield base_url


@pytest.fixture(scope="module")
def relisting_url() -> Iterator[str]:
    """A mock whose listing still shows the orders it cancelled: no run can see the book flat."""
    with running_mock(_env(NAMI_MOCK_FAULT="relists-cancelled")) as base_url:
        yield base_url


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


class Run:
    def __init__(self, code: int, out: str, err: str) -> None:
        self.code, self.out, self.err = code, out, err

    def json(self) -> dict[str, object]:
        document: dict[str, object] = json.loads(self.out)
        return document


def cli(
    url: str, account: int, *argv: str, stderr: io.StringIO | None = None, env: dict[str, str] | None = None
) -> Run:
    key = f"cli-key-{account:04}"
    environment = {"NAMI_API_KEY": key, "NAMI_API_SECRET": ACCOUNTS.get(key, ""), "NAMI_BASE_URL": url, **(env or {})}
    out, err = io.StringIO(), stderr or io.StringIO()
    code = main(list(argv), env=environment, stdout=out, stderr=err)
    run = Run(code, out.getvalue(), err.getvalue())
    for secret in ACCOUNTS.values():
        assert secret not in run.out + run.err
    return run


def listed_ids(url: str, account: int, *argv: str) -> list[int]:
    run = cli(url, account, "open-orders", "--json", *argv)
    assert run.code == EXIT_OK, run.err
    orders = run.json()["orders"]
    assert isinstance(orders, list)
    return [order["displayingId"] for order in orders]


def test_open_orders_lists_the_book_as_json_and_as_a_table(url: str) -> None:
    assert listed_ids(url, 1) == [key for key, _ in seeded_orders(ORDERS, 1)]
    assert listed_ids(url, 1, "--symbol", "ETHUSDT") == [
        key for key, pair in seeded_orders(ORDERS, 1) if pair == "ETHUSDT"
    ]
    table = cli(url, 1, "open-orders")
    assert table.code == EXIT_OK
    lines = table.out.splitlines()
    assert lines[0].split() == ["displayingId", "symbol", "side", "type", "price", "quantity", "status"]
    assert len(lines) == ORDERS + 2 and lines[-1] == f"{ORDERS} open orders"


def test_dry_run_lists_what_would_go_and_cancels_nothing(url: str) -> None:
    run = cli(url, 2, "cancel-all", "--dry-run", "--json", "--symbol", "BTCUSDT")
    assert run.code == EXIT_OK
    document = run.json()
    expected = [key for key, pair in seeded_orders(ORDERS, 2) if pair == "BTCUSDT"]
    assert document["dry_run"] is True and document["listed"] == {"BTCUSDT": len(expected)}
    assert [order["displayingId"] for order in document["orders"]] == expected  # type: ignore[attr-defined]
    assert len(listed_ids(url, 2)) == ORDERS


def test_cancel_all_empties_the_book_and_reports_as_json(url: str) -> None:
    run = cli(url, 3, "cancel-all", "--json")
    assert run.code == EXIT_OK, run.err
    report = run.json()
    assert report["complete"] is True
    assert report["listed"] == {
        pair: ORDERS // len(SYMBOLS) + (i < ORDERS % len(SYMBOLS)) for i, pair in enumerate(SYMBOLS)
    }
    assert sorted(order["displayingId"] for order in report["cancelled"]) == [k for k, _ in seeded_orders(ORDERS, 3)]  # type: ignore[attr-defined]
    assert listed_ids(url, 3) == []


def test_cancel_all_of_one_pair_leaves_the_others_and_prints_a_summary(url: str) -> None:
    run = cli(url, 4, "cancel-all", "--symbol", "SOLUSDT")
    assert run.code == EXIT_OK, run.err
    sol = [key for key, pair in seeded_orders(ORDERS, 4) if pair == "SOLUSDT"]
    assert f"first listing: {len(sol)} open orders of SOLUSDT" in run.out
    assert "complete: yes" in run.out
    assert sorted(listed_ids(url, 4)) == [key for key, pair in seeded_orders(ORDERS, 4) if pair != "SOLUSDT"]


def test_a_mistyped_pair_says_no_order_of_it_was_open(url: str) -> None:
    run = cli(url, 5, "cancel-all", "--symbol", "BTCUSTD")
    assert run.code == EXIT_OK
    assert "first listing: 0 open orders of BTCUSTD" in run.out
    assert len(listed_ids(url, 5)) == ORDERS


def test_live_progress_on_a_terminal_only(url: str) -> None:
    terminal = Terminal()
    run = cli(url, 6, "cancel-all", "--json", stderr=terminal)
    assert run.code == EXIT_OK
    assert f"cancelled {ORDERS} of {ORDERS} orders seen" in run.err
    quiet = cli(url, 7, "cancel-all", "--json")
    assert quiet.code == EXIT_OK and quiet.err == ""


def test_an_account_that_cannot_be_flattened_exits_1_with_its_report(relisting_url: str) -> None:
    run = cli(relisting_url, 8, "cancel-all", "--json", "--deadline", "3")
    assert run.code == EXIT_INCOMPLETE, run.err
    report = run.json()
    assert report["complete"] is False


def test_refused_credentials_exit_3_without_the_secret(url: str) -> None:
    run = cli(url, 9, "cancel-all", env={"NAMI_API_SECRET": "cli-secret-wrong-do-not-print"})
    assert run.code == EXIT_CREDENTIALS
    assert "cli-secret-wrong-do-not-print" not in run.out + run.err
    assert "credentials refused" in run.err or "AuthenticationError" in run.err


@pytest.mark.parametrize(
    ("argv", "env", "says"),
    [
        ((), {}, "required"),
        (("cancel-all", "--deadline", "-1"), {}, "deadline"),
        (("cancel-all", "--deadline", "soon"), {}, "soon"),
        (("launch",), {}, "launch"),
        (("open-orders",), {"NAMI_API_KEY": ""}, "NAMI_API_KEY"),
        (("open-orders",), {"NAMI_API_SECRET": ""}, "NAMI_API_SECRET"),
        (("cancel-all", "--symbol", "\ud800"), {}, "symbol"),
        (("open-orders", "--symbol", "B" * 33), {}, "filterByPair"),
    ],
)
def test_usage_and_configuration_errors_exit_2(url: str, argv: tuple[str, ...], env: dict[str, str], says: str) -> None:
    run = cli(url, 10, *argv, env=env)
    assert run.code == EXIT_USAGE
    assert says in run.err
    assert len(listed_ids(url, 10)) == ORDERS  # nothing was cancelled


def test_python_m_nami_client_runs_the_command_line(url: str) -> None:
    env = {**os.environ, "NAMI_API_KEY": "cli-key-0011", "NAMI_API_SECRET": ACCOUNTS["cli-key-0011"]}
    done = subprocess.run(
        [sys.executable, "-m", "nami_client", "--base-url", url, "open-orders", "--json"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == EXIT_OK, done.stderr
    assert len(json.loads(done.stdout)["orders"]) == ORDERS
    usage = subprocess.run([sys.executable, "-m", "nami_client"], env=env, capture_output=True, text=True, timeout=60)
    assert usage.returncode == EXIT_USAGE and "required" in usage.stderr


@pytest.fixture(scope="module")
def slow_url() -> Iterator[str]:
    """A mock that takes 1.5 s over every answer: time to press Ctrl-C during a run."""
    with running_mock(_env(NAMI_MOCK_LATENCY_MS="1500")) as base_url:
        yield base_url


def test_ctrl_c_prints_what_was_done_and_exits_1(slow_url: str) -> None:
    env = {
        **os.environ,
        "NAMI_API_KEY": "cli-key-0001",
        "NAMI_API_SECRET": ACCOUNTS["cli-key-0001"],
        "NAMI_LOG": "debug",
    }
    command = [sys.executable, "-m", "nami_client", "--base-url", slow_url, "cancel-all", "--json"]
    process = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert process.stderr is not None
    logged = []  # up to the first listing's answer: the cancel is then on its way, for 1.5 s
    for line in iter(process.stderr.readline, ""):
        logged.append(line)
        if f"GET {OPEN_ORDERS_PATH}" in line:
            break
    time.sleep(0.3)
    process.send_signal(signal.SIGINT)
    out, err = process.communicate(timeout=30)
    err = "".join(logged) + err
    assert process.returncode == EXIT_INCOMPLETE, err
    assert "interrupted" in err
    report = json.loads(out)
    assert report["complete"] is False
    every = [
        order["displayingId"]
        for name in ("cancelled", "already_gone", "still_open", "failed")
        for order in report[name]
    ]
    assert sorted(every) == [key for key, _ in seeded_orders(ORDERS, 1)]  # each order in exactly one list
    assert all(failure["error"] == "RunStopped" for failure in report["failed"])
    assert ACCOUNTS["cli-key-0001"] not in out + err

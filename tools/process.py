"""Run the mock as its own process on a free loopback port, for the harness and the tests.

The port is bound here and the listening socket handed to the server process (`--fd`): a port only
picked here and bound by the server could be taken in between by another process, whose server
would then answer in its place (as happened with two test workers starting mocks at once)."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path

from nami_client.testing.serving import loopback_listener

ROOT = Path(__file__).resolve().parents[1]


class MockStartError(Exception):
    """The mock (or another test server) did not come up."""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _wait_until_listening(port: int, process: subprocess.Popen[bytes], timeout_s: float) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise MockStartError(f"the server exited with code {process.returncode} before listening")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return
        except OSError:
            time.sleep(0.05)
    raise MockStartError(f"the server did not listen on port {port} within {timeout_s:.0f} s")


@contextmanager
def running_server(module: str, env: dict[str, str], *args: str, timeout_s: float = 20) -> Iterator[str]:
    """The base URL of `python -m module --fd N *args`, on a free loopback port, while it runs."""
    with loopback_listener() as listener:  # this process's copy is closed once the server has its own
        port = listener.getsockname()[1]
        command = [sys.executable, "-m", module, "--fd", str(listener.fileno()), *args]
        process = subprocess.Popen(command, cwd=ROOT, env=env, pass_fds=[listener.fileno()])
    try:
        _wait_until_listening(port, process, timeout_s)
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def mock_env(api_key: str, api_secret: str, accounts: dict[str, str] | None = None, **settings: str) -> dict[str, str]:
    """The environment of a mock process: this one's without a planted fault (`NAMI_MOCK_FAULT`), the
    account under test, the extra `accounts` (`NAMI_MOCK_EXTRA_ACCOUNTS`) when given, then `settings`."""
    env = {name: value for name, value in os.environ.items() if name != "NAMI_MOCK_FAULT"}
    env |= {"NAMI_API_KEY": api_key, "NAMI_API_SECRET": api_secret}
    if accounts is not None:
        env["NAMI_MOCK_EXTRA_ACCOUNTS"] = json.dumps(accounts)
    return {**env, **settings}


def running_mock(env: dict[str, str]) -> AbstractContextManager[str]:
    """The mock's base URL while it runs with `env` (credentials, NAMI_MOCK_FAULT, ...)."""
    return running_server("nami_client.testing", env, "--quiet")

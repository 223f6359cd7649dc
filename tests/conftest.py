"""Shared fixtures: the Node.js reference signer, the published signing vectors, a running mock,
`client` (a test client of a fresh mock app, in process), and `cancel`, which runs each client test
once with the sync and once with the async function."""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from nami_client.client import Client

from tests.client_fakes import Result, cancel_async, cancel_sync
from tests.installed import build_wheel, clean_install
from tools.process import mock_env, running_mock

if TYPE_CHECKING:  # imported by the fixture that uses it: most tests never need the mock's app
    from starlette.testclient import TestClient

# Copied from the project's shared notes: computed with Node.js URLSearchParams, secret "example-secret".
VECTORS = Path(__file__).resolve().parent / "data" / "signing-vectors.json"


class NodeSigner:
    """A long-lived `node` process computing URLSearchParams + HMAC, the ground truth."""

    def __init__(self, process: subprocess.Popen[str]) -> None:
        self._process = process

    def __call__(self, params: dict[str, Any], secret: str) -> tuple[str, str]:
        assert self._process.stdin is not None and self._process.stdout is not None
        self._process.stdin.write(json.dumps({"params": params, "secret": secret}) + "\n")
        self._process.stdin.flush()
        answer = json.loads(self._process.stdout.readline())
        return answer["canonical"], answer["signature"]

    def parse_query(self, query: str) -> list[tuple[str, str]]:
        """The (name, value) entries of `new URLSearchParams(query)`."""
        assert self._process.stdin is not None and self._process.stdout is not None
        self._process.stdin.write(json.dumps({"query": query}) + "\n")
        self._process.stdin.flush()
        return [(name, value) for name, value in json.loads(self._process.stdout.readline())["entries"]]


@pytest.fixture(scope="session")
def node_signer() -> Iterator[NodeSigner]:
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed: the Node.js reference comparison needs it")
    script = Path(__file__).parent / "js" / "sign_reference.js"
    process = subprocess.Popen([node, str(script)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    yield NodeSigner(process)
    assert process.stdin is not None
    process.stdin.close()
    process.wait(timeout=10)


@pytest.fixture(scope="session")
def signing_vectors() -> list[dict[str, Any]]:
    vectors: list[dict[str, Any]] = json.loads(VECTORS.read_text(encoding="utf-8"))
    return vectors


MOCK_KEY, MOCK_SECRET = "client-test-key-0001", "client-test-secret-0001"


@pytest.fixture(scope="session")
def mock_url() -> Iterator[str]:
    """A faithful mock in its own uvicorn process, for tests that go through real sockets."""
    with running_mock(mock_env(MOCK_KEY, MOCK_SECRET)) as url:
        yield url


@pytest.fixture
def client() -> Iterator[TestClient]:
    """A Starlette test client of a fresh mock (its own book) that knows the test key and secret."""
    from tests.mock_requests import mock_client

    with mock_client() as test_client:
        yield test_client


@pytest.fixture(params=[cancel_sync, cancel_async], ids=["sync", "async"])
def cancel(request: pytest.FixtureRequest) -> Callable[[Client], Result]:
    call: Callable[[Client], Result] = request.param
    return call


@pytest.fixture(scope="session")
def built_wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_wheel(tmp_path_factory.mktemp("wheel"))


@pytest.fixture(scope="session")
def installed_python(built_wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The python of a clean environment with the wheel and exactly its declared dependencies."""
    return clean_install(built_wheel, tmp_path_factory.mktemp("downstream") / "venv")

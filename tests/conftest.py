"""Shared fixtures: the Node.js reference signer and the published signing vectors."""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

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

"""The mock served from a thread of the calling process, on a free loopback port: for running many
short contract runs in one process (the harness's self-test), where a process per mock would cost
more than the run itself."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

import uvicorn
from nami_client.testing.app import create_app
from nami_client.testing.config import MockConfig
from nami_client.testing.serving import loopback_listener

from tools.process import MockStartError


@contextmanager
def mock_in_thread(config: MockConfig, timeout_s: float = 10) -> Iterator[str]:
    """The base URL of the mock `config` describes, while it runs in a thread."""
    sock = loopback_listener()
    port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(create_app(config), log_level="error", lifespan="off"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + timeout_s
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise MockStartError(f"the mock did not start on port {port}")
        time.sleep(0.005)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        # Not waited for: uvicorn notices within its 0.1 s tick, closes the socket and ends the thread
        # while the caller goes on (a wait per run added up to seconds in the self-test).
        server.should_exit = True

"""The pytest plugin of nami_client.testing (registered as `pytest11` entry point `nami_client`).

`nami_exchange`: a running `MockExchange`, started once per session and reset before each test.
Seed it per test with the marker, or with indirect parametrisation:

    @pytest.mark.nami_exchange(open_orders=3, accounts={"key-2": "secret-2"})
    def test_shutdown(nami_exchange): ...

    @pytest.mark.parametrize("nami_exchange", [{"open_orders": 1}, {"open_orders": 400}], indirect=True)
    def test_sizes(nami_exchange): ...

The server starts only when a test asks for the fixture, so the plugin loads where the `testing`
extra is missing; the fixture then fails with the `pip install` to run.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from .exchange import MockExchange

_MARKER = "nami_exchange"


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        f"{_MARKER}(open_orders=0, accounts=None, open_orders_shape='page', timestamp_window_ms=10000): "
        "how the nami_exchange fixture's books are seeded for this test",
    )


@pytest.fixture(scope="session")
def nami_exchange_server() -> Iterator[MockExchange]:
    """The session's `MockExchange`, as it was left by the last test; prefer `nami_exchange`."""
    from . import MockExchange

    with MockExchange() as exchange:
        yield exchange


@pytest.fixture
def nami_exchange(nami_exchange_server: MockExchange, request: pytest.FixtureRequest) -> MockExchange:
    """The session's `MockExchange`, reset: fresh books seeded by the marker or the parameter, no faults, no log."""
    seed: dict[str, Any] = {}
    marker = request.node.get_closest_marker(_MARKER)
    if marker is not None:
        if marker.args:
            raise pytest.UsageError(f"@pytest.mark.{_MARKER} takes keyword arguments only, e.g. open_orders=3")
        seed.update(marker.kwargs)
    seed.update(getattr(request, "param", None) or {})
    nami_exchange_server.reset(**seed)
    return nami_exchange_server

"""The pytest plugin the package registers (`pytest11`): the `nami_exchange` fixture, one server per
session, reset before each test, seeded by the marker or by indirect parametrisation."""

from __future__ import annotations

import pytest
from nami_client.testing import MockExchange

PLUGIN_TESTS = """
import pytest

SEEN = []

def test_seeded_by_the_marker_default(nami_exchange):
    assert nami_exchange.open_orders() == []
    nami_exchange.place()
    nami_exchange.fault("server-500", times=None)
    SEEN.append(nami_exchange.url)

@pytest.mark.nami_exchange(open_orders=3, accounts={"key-2": "secret-2"})
def test_reset_and_seeded_by_the_marker(nami_exchange):
    assert len(nami_exchange.open_orders()) == 3 and len(nami_exchange.open_orders(api_key="key-2")) == 3
    assert nami_exchange.requests == []
    SEEN.append(nami_exchange.url)

@pytest.mark.parametrize("nami_exchange", [{"open_orders": 1}, {"open_orders": 2}], indirect=True)
def test_seeded_by_a_parameter(nami_exchange):
    SEEN.append(nami_exchange.url)
    assert len(nami_exchange.open_orders()) in (1, 2)

def test_one_server_for_the_session():
    assert len(SEEN) == 4 and len(set(SEEN)) == 1

@pytest.mark.nami_exchange(5)
def test_positional_seed_is_refused(nami_exchange):
    pass
"""


def test_the_fixture_is_shared_reset_and_seeded(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(test_downstream=PLUGIN_TESTS)
    result = pytester.runpytest_inprocess("-p", "no:cacheprovider", "--strict-markers")
    result.assert_outcomes(passed=5, errors=1)
    result.stdout.fnmatch_lines(["*keyword arguments only*"])


def test_the_marker_is_documented(pytester: pytest.Pytester) -> None:
    result = pytester.runpytest_inprocess("--markers")
    result.stdout.fnmatch_lines(["@pytest.mark.nami_exchange(open_orders=0, accounts=None*"])


@pytest.mark.nami_exchange(open_orders=2)
def test_this_suite_gets_it_too(nami_exchange: MockExchange) -> None:
    assert [order["displayingId"] for order in nami_exchange.open_orders()] == [435372, 435373]

"""`nami_client.orders` against a scripted exchange (tests/orders_fakes.py): what a run concludes
when answers are lost, fail or lie, when it stops, and how many requests it makes; sync and async."""

from __future__ import annotations

from typing import Any

import pytest
from nami_client import (
    AuthenticationError,
    BrokerError,
    InvalidRequestError,
    NamiError,
    OrderKey,
    TransportError,
    signed_client,
)
from nami_client.models import OrderRef
from nami_client.orders import MAX_PASSES, Ref
from nami_client.testing.book import seeded_orders

from tests.client_fakes import assert_clean, texts_of
from tests.orders_fakes import (
    FakeExchange,
    after_cancelling,
    lost,
    never_sent,
    refused,
    run_cancel_all,
    run_cancel_orders,
    server_error,
    unreadable,
)

MODES = pytest.mark.parametrize("mode", ["sync", "async"])
BOOK = seeded_orders(6)
KEYS = [OrderKey(*key) for key in BOOK]


def cancels(exchange: FakeExchange) -> int:
    return sum(1 for request in exchange.requests if request.startswith("cancel"))


@MODES
def test_every_open_order_is_cancelled_in_chunks_and_checked_once(mode: str) -> None:
    exchange = FakeExchange(BOOK)
    report = run_cancel_all(mode, exchange.client(), chunk_size=4)
    assert report.cancelled == KEYS and report.complete
    assert (report.already_gone, report.still_open, report.failed) == ([], [], [])
    assert exchange.requests == ["list", "cancel 4", "cancel 2", "list"]
    assert exchange.open == {}


@MODES
def test_nothing_open_is_one_listing(mode: str) -> None:
    exchange = FakeExchange([])
    assert run_cancel_all(mode, exchange.client()).complete
    assert exchange.requests == ["list"]


@MODES
def test_an_order_gone_before_its_cancel_is_already_gone(mode: str) -> None:
    exchange = FakeExchange(BOOK)
    report = run_cancel_orders(mode, exchange.client(), [*BOOK[:2], (999, "BTCUSDT")])
    assert report.cancelled == KEYS[:2]
    assert report.already_gone == [OrderKey(999, "BTCUSDT")]


@MODES
def test_a_cancel_whose_answer_was_lost_and_resent_counts_what_the_lost_attempt_cancelled(mode: str) -> None:
    """The first attempt cancels, its answer is lost, the resent cancel finds nothing open: the run
    must not call those orders already gone."""
    exchange = FakeExchange(BOOK, cancel_faults=[after_cancelling(lost)])
    report = run_cancel_all(mode, exchange.client(resend=True))
    assert report.cancelled == KEYS and report.already_gone == []
    assert exchange.requests == ["list", "cancel 6", "cancel 6", "list"]


@MODES
@pytest.mark.parametrize("answer", [lost, server_error, unreadable], ids=["no-answer", "5xx", "unreadable-2xx"])
def test_a_cancel_with_an_unknown_outcome_is_settled_by_the_listing(mode: str, answer: Any) -> None:
    """Carried out, but no usable answer: the listing shows the orders gone, so they are cancelled."""
    exchange = FakeExchange(BOOK, cancel_faults=[None, after_cancelling(answer)])
    report = run_cancel_all(mode, exchange.client(), chunk_size=3)
    assert report.cancelled == KEYS and report.complete
    assert exchange.requests == ["list", "cancel 3", "cancel 3", "list"]


@MODES
@pytest.mark.parametrize("status", [503, 429])
def test_a_cancel_not_carried_out_is_sent_again_in_the_next_pass(mode: str, status: int) -> None:
    exchange = FakeExchange(BOOK, cancel_faults=[refused(status)])
    report = run_cancel_all(mode, exchange.client(), chunk_size=4)
    assert report.cancelled == KEYS and report.complete
    assert exchange.requests == ["list", "cancel 4", "cancel 2", "list", "cancel 4", "list"]


@MODES
def test_passes_are_bounded_then_the_orders_are_reported_with_the_last_error(mode: str) -> None:
    exchange = FakeExchange(BOOK, cancel_faults=[None] + [never_sent] * 10)
    report = run_cancel_all(mode, exchange.client(), chunk_size=3)
    assert report.cancelled == KEYS[:3]
    assert [failure.order for failure in report.failed] == KEYS[3:]
    assert all(isinstance(failure.error, TransportError) for failure in report.failed)
    assert not report.complete
    assert exchange.requests == ["list", "cancel 3", "cancel 3", "list"] + ["cancel 3", "list"] * (MAX_PASSES - 1)


@MODES
def test_an_order_that_stays_open_is_still_open_after_the_last_pass(mode: str) -> None:
    exchange = FakeExchange(BOOK, stuck=[BOOK[4]])
    report = run_cancel_all(mode, exchange.client())
    assert report.still_open == [KEYS[4]]
    assert report.cancelled == KEYS[:4] + KEYS[5:]
    assert cancels(exchange) == MAX_PASSES
    assert exchange.requests[-2:] == ["cancel 1", "list"]


@MODES
def test_orders_placed_while_it_runs_are_not_its_business(mode: str) -> None:
    exchange = FakeExchange(BOOK[:2])
    exchange.after_listing = lambda: exchange.open.update({(777, "BTCUSDT"): None})
    report = run_cancel_all(mode, exchange.client())
    assert report.cancelled == KEYS[:2] and report.complete
    assert (777, "BTCUSDT") in exchange.open
    assert exchange.requests == ["list", "cancel 2", "list"]


@MODES
@pytest.mark.parametrize("ignores_filter", [False, True], ids=["filtered", "server-ignores-the-filter"])
def test_a_symbol_cancels_that_pair_only(mode: str, ignores_filter: bool) -> None:
    exchange = FakeExchange(BOOK, ignores_filter=ignores_filter)
    report = run_cancel_all(mode, exchange.client(), "ETHUSDT")
    assert report.cancelled == [key for key in KEYS if key.symbol == "ETHUSDT"] and report.complete
    assert list(exchange.open) == [key for key in BOOK if key[1] != "ETHUSDT"]


# A rejected request stops the run, with what it did so far.


@MODES
@pytest.mark.parametrize(("status", "error"), [(400, BrokerError), (401, AuthenticationError)])
def test_a_rejected_cancel_stops_the_run_with_the_partial_report(
    mode: str, status: int, error: type[NamiError]
) -> None:
    exchange = FakeExchange(BOOK, cancel_faults=[None, refused(status)])
    with pytest.raises(error) as caught:
        run_cancel_all(mode, exchange.client(), chunk_size=2)
    report = caught.value.report
    assert report is not None
    assert report.cancelled == KEYS[:2]
    assert [(failure.order, failure.error) for failure in report.failed] == [(key, caught.value) for key in KEYS[2:]]
    assert exchange.requests == ["list", "cancel 2", "cancel 2"]  # nothing after the rejection
    assert len(exchange.open) == 4
    assert assert_clean(texts_of(caught.value)) == 3


@MODES
def test_a_listing_that_fails_stops_the_run(mode: str) -> None:
    first = FakeExchange(BOOK, list_faults=[refused(401)])
    with pytest.raises(AuthenticationError) as caught:
        run_cancel_all(mode, first.client())
    assert caught.value.report is not None and caught.value.report.failed == []
    assert first.requests == ["list"]

    check = FakeExchange(BOOK, cancel_faults=[None, after_cancelling(lost)], list_faults=[None, never_sent])
    with pytest.raises(TransportError) as stopped:
        run_cancel_all(mode, check.client(), chunk_size=3)
    report = stopped.value.report
    assert report is not None
    assert report.cancelled == KEYS[:3]  # as answered: no listing checked them
    assert [failure.order for failure in report.failed] == KEYS[3:]
    assert all(isinstance(failure.error, TransportError) for failure in report.failed)


# Arguments are checked before anything is sent.


@pytest.mark.parametrize("chunk_size", [0, -1, 201, 2.5, True, "10"])
def test_a_bad_chunk_size_is_refused_before_anything_is_sent(chunk_size: Any) -> None:
    exchange = FakeExchange(BOOK)
    with pytest.raises(ValueError, match="chunk_size must be an integer from 1 to 200"):
        run_cancel_all("sync", exchange.client(), chunk_size=chunk_size)
    assert exchange.requests == []


def test_chunks_past_the_assumed_limit_need_the_limits_lifted() -> None:
    book = seeded_orders(450)
    exchange = FakeExchange(book)
    report = run_cancel_all("sync", exchange.client(enforce_assumed_limits=False), chunk_size=300)
    assert len(report.cancelled) == 450 and exchange.requests == ["list", "cancel 300", "cancel 150", "list"]


@MODES
@pytest.mark.parametrize(
    ("refs", "problem"),
    [
        ([(1, "BTCUSDT"), ("2", "ETHUSDT")], "refs[1]: not an order"),
        ([(1, "BTCUSDT", "extra")], "refs[0]: not an order"),
        ([object()], "refs[0]: not an order"),
        ([(1, "BTCUSDT")] * 3 + [(0, "BTCUSDT")], "the cancel of orders 0 to 1: orders[1].displayingId: 0, at least 1"),
        ([(n, "BTCUSDT") for n in range(1, 5)] + [(5, "")], "the cancel of orders 4 to 4: orders[0].symbol"),
    ],
    ids=["id-not-int", "three-values", "no-fields", "id-0", "empty-symbol-in-the-last-chunk"],
)
def test_orders_that_break_the_spec_are_refused_before_anything_is_sent(mode: str, refs: Any, problem: str) -> None:
    exchange = FakeExchange(BOOK)
    with pytest.raises(InvalidRequestError) as caught:
        run_cancel_orders(mode, exchange.client(), refs, chunk_size=2)
    assert caught.value.problems[0].startswith(problem)
    assert exchange.requests == []


@MODES
def test_refs_may_be_pairs_keys_or_models_each_cancelled_once(mode: str) -> None:
    exchange = FakeExchange(BOOK)
    refs: list[Ref] = [BOOK[0], KEYS[0], OrderRef(displaying_id=BOOK[1][0], symbol=BOOK[1][1])]
    report = run_cancel_orders(mode, exchange.client(), refs)
    assert report.cancelled == KEYS[:2]
    assert exchange.requests == ["cancel 2", "list"]


def test_a_client_that_does_not_raise_is_refused() -> None:
    client = signed_client("http://nami.test", api_key="k", api_secret="s", raise_errors=False)
    with pytest.raises(TypeError, match="raise_errors=True"):
        run_cancel_all("sync", client)  # type: ignore[arg-type]

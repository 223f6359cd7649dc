"""`nami_client.orders` against a scripted exchange (tests/orders_fakes.py): what a run concludes
when answers are lost, fail or lie, when it stops, and how many requests it makes; sync and async.
Tests that count requests in order send one cancel at a time (`concurrency=1`)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from nami_client import (
    AuthenticationError,
    BannedError,
    BrokerError,
    InvalidRequestError,
    NamiError,
    NotCancelled,
    OrderKey,
    TransportError,
    signed_client,
)
from nami_client import orders as orders_module
from nami_client.models import OrderRef
from nami_client.orders import MAX_STALLED_PASSES, Ref
from nami_client.testing.book import seeded_orders

from tests.client_fakes import assert_clean, texts_of
from tests.orders_fakes import (
    FakeExchange,
    after_cancelling,
    envelope,
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
ONE: dict[str, Any] = {"concurrency": 1}


@pytest.fixture(autouse=True)
def no_lag_waits(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The scripted exchange lags by listings, not by time: the waits between listings only cost time here."""
    monkeypatch.setattr(orders_module, "LISTING_LAG_WAITS", (0.0,) * len(orders_module.LISTING_LAG_WAITS))
    yield


def lists(report: Any) -> tuple[list[Any], ...]:
    return (report.cancelled, report.already_gone, report.not_cancelled, report.still_open, report.failed)


@MODES
def test_every_open_order_is_cancelled_in_chunks_and_checked_once(mode: str) -> None:
    exchange = FakeExchange(BOOK)
    report = run_cancel_all(mode, exchange.client(mode), chunk_size=4, **ONE)
    assert report.cancelled == KEYS and report.complete
    assert lists(report)[1:] == ([], [], [], [])
    assert report.listed == {"BTCUSDT": 2, "ETHUSDT": 2, "SOLUSDT": 1, "BNBUSDT": 1}
    assert exchange.requests == ["list", "cancel 4", "cancel 2", "list"]
    assert exchange.open == {}


@MODES
def test_nothing_open_is_one_listing(mode: str) -> None:
    exchange = FakeExchange([])
    report = run_cancel_all(mode, exchange.client(mode))
    assert report.complete and report.listed == {}
    assert exchange.requests == ["list"]


@MODES
def test_an_order_gone_before_its_cancel_is_already_gone(mode: str) -> None:
    exchange = FakeExchange(BOOK)
    report = run_cancel_orders(mode, exchange.client(mode), [*BOOK[:2], (999, "BTCUSDT")])
    assert report.cancelled == KEYS[:2]
    assert report.already_gone == [OrderKey(999, "BTCUSDT")]
    assert report.listed == {"BTCUSDT": 2, "ETHUSDT": 1} and report.complete


@MODES
def test_a_cancel_whose_answer_was_lost_and_resent_counts_what_the_lost_attempt_cancelled(mode: str) -> None:
    """The first attempt cancels, its answer is lost, the resent cancel finds nothing open: the run
    must not call those orders already gone."""
    exchange = FakeExchange(BOOK, cancel_faults=[after_cancelling(lost)])
    report = run_cancel_all(mode, exchange.client(mode, resend=True))
    assert report.cancelled == KEYS and report.already_gone == []
    assert exchange.requests == ["list", "cancel 6", "cancel 6", "list"]


@MODES
@pytest.mark.parametrize("answer", [lost, server_error, unreadable], ids=["no-answer", "5xx", "unreadable-2xx"])
def test_a_cancel_with_an_unknown_outcome_is_settled_by_the_listing(mode: str, answer: Any) -> None:
    """Carried out, but no usable answer: the listing shows the orders gone, so they are cancelled."""
    exchange = FakeExchange(BOOK, cancel_faults=[None, after_cancelling(answer)])
    report = run_cancel_all(mode, exchange.client(mode), chunk_size=3, **ONE)
    assert report.cancelled == KEYS and report.complete
    assert exchange.requests == ["list", "cancel 3", "cancel 3", "list"]


@MODES
@pytest.mark.parametrize("status", [299, 202, 204])
def test_an_undeclared_2xx_is_an_unknown_outcome_not_a_refusal(mode: str, status: int) -> None:
    """A 299 (a status Python does not know) or a 202 does not stop the run: the listing settles it."""
    done = after_cancelling(lambda: envelope(status, 0, "accepted"))
    exchange = FakeExchange(seeded_orders(300), cancel_faults=[done])
    report = run_cancel_all(mode, exchange.client(mode), **ONE)
    assert len(report.cancelled) == 300 and report.complete and report.failed == []
    assert exchange.requests == ["list", "cancel 200", "cancel 100", "list"]


@MODES
@pytest.mark.parametrize("status", [503, 429])
def test_a_cancel_not_carried_out_is_sent_again_in_the_next_pass(mode: str, status: int) -> None:
    exchange = FakeExchange(BOOK, cancel_faults=[refused(status)])
    report = run_cancel_all(mode, exchange.client(mode), chunk_size=4, **ONE)
    assert report.cancelled == KEYS and report.complete
    assert exchange.requests == ["list", "cancel 4", "cancel 2", "list", "cancel 4", "list"]


@MODES
def test_passes_without_progress_are_bounded_then_the_orders_are_reported_with_the_last_error(mode: str) -> None:
    exchange = FakeExchange(BOOK, cancel_faults=[None] + [never_sent] * 10)
    report = run_cancel_all(mode, exchange.client(mode), chunk_size=3, **ONE)
    assert report.cancelled == KEYS[:3]
    assert [failure.order for failure in report.failed] == KEYS[3:]
    assert all(isinstance(failure.error, TransportError) for failure in report.failed)
    assert not report.complete
    assert exchange.requests == ["list", "cancel 3", "cancel 3", "list"] + ["cancel 3", "list"] * MAX_STALLED_PASSES


@MODES
def test_an_order_answered_as_cancelled_stays_cancelled_though_listed_but_the_run_is_not_complete(mode: str) -> None:
    """The exchange answers CANCELED for one order and keeps listing it: the answer is what it said;
    the listing is why the report is not complete. Waits, lists again, sends again, then gives up."""
    exchange = FakeExchange(BOOK, stuck=[BOOK[4]])
    report = run_cancel_all(mode, exchange.client(mode), **ONE)
    assert report.cancelled == KEYS and not report.complete
    assert lists(report)[1:] == ([], [], [], [])
    waits = len(orders_module.LISTING_LAG_WAITS)
    resend = ["list"] * waits + ["cancel 1", "list"]
    assert exchange.requests == ["list", "cancel 6", "list"] + resend * MAX_STALLED_PASSES + ["list"] * waits


@MODES
def test_orders_placed_while_it_runs_are_cancelled_too(mode: str) -> None:
    exchange = FakeExchange(BOOK[:2])
    placed = iter([(777, "BTCUSDT"), (778, "ETHUSDT")])
    exchange.after_listing = lambda: exchange.open.update(dict.fromkeys([next(placed, (777, "BTCUSDT"))]))
    report = run_cancel_all(mode, exchange.client(mode), **ONE)
    assert report.cancelled == [*KEYS[:2], OrderKey(777, "BTCUSDT"), OrderKey(778, "ETHUSDT")]
    assert report.listed == {"BTCUSDT": 1, "ETHUSDT": 1}  # what the first listing showed


@MODES
@pytest.mark.parametrize("ignores_filter", [False, True], ids=["filtered", "server-ignores-the-filter"])
def test_a_symbol_cancels_that_pair_only(mode: str, ignores_filter: bool) -> None:
    exchange = FakeExchange(BOOK, ignores_filter=ignores_filter)
    report = run_cancel_all(mode, exchange.client(mode), "ETHUSDT")
    assert report.cancelled == [key for key in KEYS if key.symbol == "ETHUSDT"] and report.complete
    assert report.listed == {"ETHUSDT": 2}
    assert list(exchange.open) == [key for key in BOOK if key[1] != "ETHUSDT"]


@MODES
def test_a_mistyped_pair_says_the_listing_showed_none_of_it(mode: str) -> None:
    exchange = FakeExchange(BOOK)
    report = run_cancel_all(mode, exchange.client(mode), "BTCUSTD")
    assert report.listed == {"BTCUSTD": 0} and report.to_dict()["listed"] == {"BTCUSTD": 0}
    assert len(exchange.open) == 6


# Listings that lag behind the cancels, answers with other statuses, odd orders, capped listings.


@MODES
@pytest.mark.parametrize("lag", [1, 3])
def test_a_listing_that_lags_behind_the_cancels_ends_in_an_exact_complete_report(mode: str, lag: int) -> None:
    exchange = FakeExchange(seeded_orders(400), lag=lag)
    report = run_cancel_all(mode, exchange.client(mode), **ONE)
    assert report.cancelled == [OrderKey(*key) for key in seeded_orders(400)] and report.complete
    assert lists(report)[1:] == ([], [], [], [])
    assert exchange.requests == ["list", "cancel 200", "cancel 200", "list"] + ["list"] * lag  # nothing resent


@MODES
def test_an_order_answered_with_another_status_is_not_cancelled(mode: str) -> None:
    exchange = FakeExchange(BOOK, statuses={BOOK[1]: "FILLED", BOOK[2]: "PARTIALLY\nFILLED"})
    report = run_cancel_all(mode, exchange.client(mode))
    assert report.not_cancelled == [NotCancelled(KEYS[1], "FILLED"), NotCancelled(KEYS[2], "PARTIALLY\\nFILLED")]
    assert report.cancelled == [KEYS[0], *KEYS[3:]] and report.complete
    assert report.to_dict()["not_cancelled"][0] == {
        "displayingId": KEYS[1].displaying_id,
        "symbol": "ETHUSDT",
        "status": "FILLED",
    }


@MODES
@pytest.mark.parametrize("odd", [(2**53, "BTCUSDT"), (5, "X" * 33)], ids=["id-2^53", "33-character-symbol"])
def test_one_order_no_cancel_can_express_never_stops_the_others(mode: str, odd: tuple[int, str]) -> None:
    book = seeded_orders(999)
    exchange = FakeExchange([*book[:500], odd, *book[500:]])
    report = run_cancel_all(mode, exchange.client(mode))
    assert report.cancelled == [OrderKey(*key) for key in book]
    assert [failure.order for failure in report.failed] == [OrderKey(*odd)]
    assert isinstance(report.failed[0].error, InvalidRequestError) and not report.complete
    assert list(exchange.open) == [odd]


@MODES
def test_a_capped_listing_is_followed_until_it_shows_nothing(mode: str) -> None:
    book = seeded_orders(1000)
    exchange = FakeExchange(book, cap=100)
    report = run_cancel_all(mode, exchange.client(mode))
    assert report.cancelled == [OrderKey(*key) for key in book] and report.complete
    assert report.listed == {"BTCUSDT": 25, "ETHUSDT": 25, "SOLUSDT": 25, "BNBUSDT": 25}
    assert exchange.open == {} and exchange.requests.count("list") == 11


def test_cancels_of_a_pass_overlap_up_to_the_concurrency() -> None:
    for mode, concurrency in (("sync", 3), ("async", 3), ("sync", 1), ("async", 1)):
        exchange = FakeExchange(seeded_orders(60), delay=0.02)
        report = run_cancel_all(mode, exchange.client(mode), chunk_size=5, concurrency=concurrency)
        assert report.complete and len(report.cancelled) == 60
        assert exchange.in_flight_most == concurrency, (mode, concurrency)


# A rejected request stops the run, with what it did so far.


@MODES
@pytest.mark.parametrize(("status", "error"), [(400, BrokerError), (401, AuthenticationError), (418, BannedError)])
def test_a_rejected_cancel_stops_the_run_with_the_partial_report(
    mode: str, status: int, error: type[NamiError]
) -> None:
    exchange = FakeExchange(BOOK, cancel_faults=[None, refused(status)])
    with pytest.raises(error) as caught:
        run_cancel_all(mode, exchange.client(mode), chunk_size=2, **ONE)
    report = caught.value.report
    assert report is not None and not report.complete
    assert report.cancelled == KEYS[:2]
    assert [(failure.order, failure.error) for failure in report.failed] == [(key, caught.value) for key in KEYS[2:]]
    assert exchange.requests == ["list", "cancel 2", "cancel 2"]  # nothing after the rejection
    assert len(exchange.open) == 4
    assert assert_clean(texts_of(caught.value)) == 3


@MODES
def test_a_rejection_in_a_concurrent_pass_keeps_what_the_others_did(mode: str) -> None:
    exchange = FakeExchange(BOOK, cancel_faults=[refused(400)], delay=0.01)
    with pytest.raises(BrokerError) as caught:
        run_cancel_all(mode, exchange.client(mode), chunk_size=2, concurrency=3)
    report = caught.value.report
    assert report is not None
    assert len(report.cancelled) + len(report.failed) == 6 and len(report.failed) >= 2
    assert set(report.cancelled) == {OrderKey(*key) for key in BOOK} - set(exchange.open)


@MODES
def test_a_listing_that_fails_stops_the_run(mode: str) -> None:
    first = FakeExchange(BOOK, list_faults=[refused(401)])
    with pytest.raises(AuthenticationError) as caught:
        run_cancel_all(mode, first.client(mode))
    assert caught.value.report is not None and caught.value.report.failed == []
    assert first.requests == ["list"]

    check = FakeExchange(BOOK, cancel_faults=[None, after_cancelling(lost)], list_faults=[None, never_sent])
    with pytest.raises(TransportError) as stopped:
        run_cancel_all(mode, check.client(mode), chunk_size=3, **ONE)
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


@pytest.mark.parametrize(
    ("setting", "message"),
    [
        ({"concurrency": 0}, "concurrency must be"),
        ({"concurrency": True}, "concurrency must be"),
        ({"deadline": 0}, "deadline must be"),
        ({"deadline": float("nan")}, "deadline must be"),
        ({"deadline": float("inf")}, "deadline must be"),
        ({"deadline": "5"}, "deadline must be"),
    ],
)
def test_a_bad_deadline_or_concurrency_is_refused_before_anything_is_sent(setting: Any, message: str) -> None:
    exchange = FakeExchange(BOOK)
    with pytest.raises(ValueError, match=message):
        run_cancel_all("sync", exchange.client(), **setting)
    assert exchange.requests == []


@MODES
@pytest.mark.parametrize(
    ("symbol", "problem"),
    [("\ud800", "symbol: a lone surrogate"), ("", "symbol: 0 characters"), ("X" * 33, "symbol: 33 characters")],
    ids=["surrogate", "empty", "33-characters"],
)
def test_a_symbol_that_cannot_be_sent_is_refused_before_anything_is_sent(mode: str, symbol: str, problem: str) -> None:
    exchange = FakeExchange(BOOK)
    with pytest.raises(InvalidRequestError) as caught:
        run_cancel_all(mode, exchange.client(mode), symbol)
    assert caught.value.problems[0].startswith(problem)
    assert exchange.requests == []


def test_chunks_past_the_assumed_limit_need_the_limits_lifted() -> None:
    book = seeded_orders(450)
    exchange = FakeExchange(book)
    report = run_cancel_all("sync", exchange.client(enforce_assumed_limits=False), chunk_size=300, concurrency=1)
    assert len(report.cancelled) == 450 and exchange.requests == ["list", "cancel 300", "cancel 150", "list"]


@MODES
@pytest.mark.parametrize(
    ("refs", "problem"),
    [
        ([(1, "BTCUSDT"), ("2", "ETHUSDT")], "refs[1]: not an order"),
        ([(1, "BTCUSDT", "extra")], "refs[0]: not an order"),
        ([object()], "refs[0]: not an order"),
    ],
    ids=["id-not-int", "three-values", "no-fields"],
)
def test_refs_that_are_not_orders_are_refused_before_anything_is_sent(mode: str, refs: Any, problem: str) -> None:
    exchange = FakeExchange(BOOK)
    with pytest.raises(InvalidRequestError) as caught:
        run_cancel_orders(mode, exchange.client(mode), refs, chunk_size=2)
    assert caught.value.problems[0].startswith(problem)
    assert exchange.requests == []


@MODES
def test_given_orders_that_break_the_spec_fail_and_the_others_are_cancelled(mode: str) -> None:
    exchange = FakeExchange(BOOK)
    refs = [BOOK[0], (0, "BTCUSDT"), BOOK[1], (5, ""), (6, "BTC\ud800")]
    report = run_cancel_orders(mode, exchange.client(mode), refs, chunk_size=2)
    assert report.cancelled == KEYS[:2]
    assert [(failure.order, failure.error.problems[0][:11]) for failure in report.failed] == [  # type: ignore[attr-defined]
        (OrderKey(0, "BTCUSDT"), "displayingI"),
        (OrderKey(5, ""), "symbol: 0 c"),
        (OrderKey(6, "BTC\ud800"), "symbol: a l"),
    ]
    print(report.failed[2].error)  # a surrogate in the order is escaped in the message
    assert not report.complete


@MODES
def test_refs_may_be_pairs_keys_or_models_each_cancelled_once(mode: str) -> None:
    exchange = FakeExchange(BOOK)
    refs: list[Ref] = [BOOK[0], KEYS[0], OrderRef(displaying_id=BOOK[1][0], symbol=BOOK[1][1])]
    report = run_cancel_orders(mode, exchange.client(mode), refs)
    assert report.cancelled == KEYS[:2]
    assert exchange.requests == ["cancel 2", "list"]


def test_a_client_that_does_not_raise_is_refused() -> None:
    client = signed_client("http://nami.test", api_key="k", api_secret="s", raise_errors=False)
    with pytest.raises(TypeError, match="raise_errors=True"):
        run_cancel_all("sync", client)  # type: ignore[arg-type]


def test_the_report_is_json_ready() -> None:
    import json

    exchange = FakeExchange(BOOK, cancel_faults=[None, refused(400)])
    with pytest.raises(BrokerError) as caught:
        run_cancel_all("sync", exchange.client(), chunk_size=3, concurrency=1)
    assert caught.value.report is not None
    shown = json.loads(json.dumps(caught.value.report.to_dict()))
    assert shown["complete"] is False and shown["listed"]["BTCUSDT"] == 2
    assert shown["cancelled"] == [{"displayingId": key.displaying_id, "symbol": key.symbol} for key in KEYS[:3]]
    assert shown["failed"][0]["error"] == "BrokerError" and "HTTP 400" in shown["failed"][0]["message"]
    assert set(shown) == {"complete", "listed", "cancelled", "already_gone", "not_cancelled", "still_open", "failed"}


@MODES
def test_progress_is_reported_after_each_answer_and_listing_and_a_broken_display_stops_nothing(mode: str) -> None:
    seen: list[tuple[int, int]] = []
    exchange = FakeExchange(BOOK)
    report = run_cancel_all(mode, exchange.client(mode), chunk_size=4, on_progress=seen.append, **ONE)
    assert report.complete
    assert seen == [(0, 6), (4, 6), (6, 6), (6, 6)]  # the listing, each cancel's answer, the listing

    def broken(progress: Any) -> None:
        raise RuntimeError("the terminal went away")

    exchange = FakeExchange(BOOK)
    report = run_cancel_all(mode, exchange.client(mode), chunk_size=4, on_progress=broken, **ONE)
    assert report.cancelled == KEYS and report.complete and exchange.open == {}

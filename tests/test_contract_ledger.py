"""The ledger of cancels: a listing is judged by the answers that had come back before it was sent."""

from __future__ import annotations

import uuid

from tests.answer_orders import order
from tools.contract.ledger import Ledger

SYMBOL = "LEDGERUSDT"


def test_a_listing_is_judged_by_the_cancels_answered_before_it_was_sent() -> None:
    before, after, unmarked = (uuid.uuid4().hex for _ in range(3))
    ledger = Ledger()
    ledger.record_cancelled([order(900_001, SYMBOL)])
    ledger.mark_sent(before)
    ledger.record_cancelled([order(900_002, SYMBOL), order(900_003, SYMBOL)])
    ledger.mark_sent(after)
    assert (900_001, "LEDGERUSDT") in ledger.cancelled_before(before)
    assert (900_002, "LEDGERUSDT") not in ledger.cancelled_before(before)  # answered while it was under way
    assert {(900_002, "LEDGERUSDT"), (900_003, "LEDGERUSDT")} <= ledger.cancelled_before(after)
    assert ledger.cancelled_before(unmarked) == frozenset()  # never marked: nothing known, nothing held against it
    assert (900_003, "LEDGERUSDT") in ledger.cancelled_so_far()


def test_each_run_keeps_a_ledger_of_its_own() -> None:
    first, second = Ledger(), Ledger()
    first.record_cancelled([order(900_004, SYMBOL)])
    assert second.cancelled_so_far() == frozenset()

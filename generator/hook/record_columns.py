"""A quick test of an array of flat records (the orders of a cancel), field by field across the records.

`nami_client.validation` tests an array item by item, each field of an item by a test of its own: a
few Python calls per order. When every field of the records is a plain scalar, `columns_test`
tests each field across all the records at once, in C loops (`map`, `set`, `min`, `max`). It says
True only when every record passes. Anything else (a missing or extra field, a float for an
integer, a bound broken) makes it say False, and the caller then tests item by item, which decides.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Sequence
from typing import Any

__all__ = ["Column", "columns_test"]

Column = tuple[str, type, float, float]
"""A field: its name, the exact type of its values (`int`, `str` or `bool`), and the bounds of the
value (of its length for a string), inclusive; a boolean has no bounds (pass -inf and inf)."""

_RECORDS = {dict}


def columns_test(columns: Sequence[Column]) -> Callable[[list[Any]], bool]:
    """A test that every item of a list is a dict with exactly these fields, each of its type within its bounds."""
    width = len(columns)
    fields = [(operator.itemgetter(name), {kind}, kind is str, low, high) for name, kind, low, high in columns]

    def test(records: list[Any]) -> bool:
        if not records or set(map(type, records)) != _RECORDS or set(map(len, records)) != {width}:
            return False
        try:
            for read, kinds, is_text, low, high in fields:
                column = list(map(read, records))  # a dict of `width` keys without this one: KeyError
                if set(map(type, column)) != kinds:
                    return False
                measures = list(map(len, column)) if is_text else column
                if not low <= min(measures) or not max(measures) <= high:
                    return False
        except KeyError:
            return False
        return True

    return test

# Copied from generator/hook/codes.py by `make generate`: edit it there, not here.
"""The error codes Nami publishes (the API docs' "Error Code" page), by name: the one table.

An error built from an answer carries the envelope's `code` and, for a published one, its
`code_name`. `NamiCode` is an `IntEnum`, so `exc.code == NamiCode.NOT_FOUND_ORDER` reads as it says.
"""

from __future__ import annotations

import enum

__all__ = ["NamiCode", "code_name"]


class NamiCode(enum.IntEnum):
    """Every code on the published page. 1112 is published twice: `BAD_SYMBOL` and
    `INVALID_REQUEST_ID` (an alias here; `code_name(1112)` is "BAD_SYMBOL", its first listing)."""

    UNKNOWN = 1000
    INVALID_ORDER_TYPE = 1110
    INVALID_SIDE = 1111
    BAD_SYMBOL = 1112
    INVALID_REQUEST_ID = 1112
    NO_SUCH_ORDER = 2013
    TRADE_NOT_ALLOWED = 3004
    ACCOUNT_BAN_TRADE = 3005
    NOT_FOUND_ORDER = 6101
    NOT_ENOUGH_BASE_ASSET = 6102
    NOT_ENOUGH_QUOTE_ASSET = 6103
    BROKER_ERROR = 6104
    NOT_ENOUGH_FEE_ASSET = 6106
    STOP_LIMIT_INVALID_STOP_PRICE = 6107
    STOP_LIMIT_UNKNOWN_LAST_PRICE = 6108
    STOP_LIMIT_INVALID_MIN_TOTAL = 6109
    ORDER_TYPE_NOT_SUPPORT = 6110


_NAMES = {member.value: member.name for member in NamiCode}  # an alias never replaces its first name


def code_name(code: int | None) -> str | None:
    """The published name of `code`, or None for a code Nami does not publish (or no code)."""
    return None if code is None else _NAMES.get(code)

from __future__ import annotations

import operator
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..model_checks import integral, reject, reject_unknown
from ..types import UNSET

# For from_dict: every declared field, absent; and a reader of them all, in the order declared.
_ABSENT: dict[str, Any] = {
    "displayingId": UNSET,
    "symbol": UNSET,
}
_READ_DECLARED = operator.itemgetter(
    "displayingId",
    "symbol",
)


T = TypeVar("T", bound="OrderRef")


@_attrs_define
class OrderRef:
    """One order to cancel.

    Attributes:
        displaying_id (int): The displaying ID of the order. Assumption (not in the published docs): a positive integer
            that JavaScript represents exactly (at most 2^53 - 1).
        symbol (str): The trading symbol of the order, e.g. `BTCUSDT`. Assumption (not in the published docs): 1 to 32
            characters.
    """

    displaying_id: int
    symbol: str

    def to_dict(self) -> dict[str, Any]:
        field_dict: dict[str, Any] = {
            "displayingId": self.displaying_id,
            "symbol": self.symbol,
        }
        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        if type(src_dict) is not dict:
            if not isinstance(src_dict, Mapping):
                reject(src_dict, None, "an object")
            src_dict = dict(src_dict)
        d = {**_ABSENT, **src_dict}
        (
            displaying_id,
            symbol,
        ) = d.values() if len(d) == 2 else _READ_DECLARED(d)
        if type(displaying_id) is not int:
            displaying_id = integral(displaying_id, "displayingId", "an integer")

        if type(symbol) is not str:
            reject(symbol, "symbol", "a string")

        order_ref = cls(
            displaying_id,
            symbol,
        )

        if len(d) != 2:
            reject_unknown(
                {field_name: field_value for field_name, field_value in src_dict.items() if field_name not in _ABSENT}
            )
        return order_ref

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Literal, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET

if TYPE_CHECKING:
    from ..models.open_orders_page import OpenOrdersPage
    from ..models.order import Order

import operator

from ..error_types import SpecViolation
from ..model_checks import reject

# For from_dict: every declared field, absent; and a reader of them all, in the order declared.
_ABSENT: dict[str, Any] = {
    "status": UNSET,
    "data": UNSET,
}
_READ_DECLARED = operator.itemgetter(
    "status",
    "data",
)


T = TypeVar("T", bound="OpenOrdersResponse")


@_attrs_define
class OpenOrdersResponse:
    """
    Attributes:
        status (Literal['ok']):
        data (list[Order] | OpenOrdersPage): The open orders. The current published page wraps them as `{"orders":
            [...]}`; an older version of the page published the list itself. Both are accepted.
    """

    status: Literal["ok"]
    data: list[Order] | OpenOrdersPage
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.open_orders_page import OpenOrdersPage  # noqa: PLC0415

        status = self.status

        data: dict[str, Any] | list[dict[str, Any]]
        if isinstance(self.data, OpenOrdersPage):
            data = self.data.to_dict()
        else:
            data = []
            for data_type_1_item_data in self.data:
                data_type_1_item = data_type_1_item_data.to_dict()
                data.append(data_type_1_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "status": status,
                "data": data,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        if type(src_dict) is not dict:
            if not isinstance(src_dict, Mapping):
                reject(src_dict, None, "an object")
            src_dict = dict(src_dict)
        d = {**_ABSENT, **src_dict}
        (
            status,
            data,
        ) = d.values() if len(d) == 2 else _READ_DECLARED(d)
        if status != "ok":
            reject(status, "status", "the constant 'ok'")

        if isinstance(data, dict):
            try:
                data = OpenOrdersPage.from_dict(data)
            except SpecViolation as error:
                raise error.within("data") from None
        elif isinstance(data, list):
            data_parsed: list[Any] = []
            data_item_from_dict = Order.from_dict
            data_append = data_parsed.append
            try:
                for data_item in data:
                    data_append(data_item_from_dict(data_item))
            except SpecViolation as error:
                raise error.within(len(data_parsed)).within("data") from None
            data = data_parsed
        else:
            reject(data, "data", "an object or an array")

        open_orders_response = cls(
            status,
            data,
        )

        if len(d) != 2:
            open_orders_response.additional_properties = {
                field_name: field_value for field_name, field_value in src_dict.items() if field_name not in _ABSENT
            }
        return open_orders_response

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties


from ..models.open_orders_page import OpenOrdersPage  # noqa: E402
from ..models.order import Order  # noqa: E402

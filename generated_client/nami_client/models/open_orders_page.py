from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET

if TYPE_CHECKING:
    from ..models.order import Order


from ..error_types import SpecViolation
from ..model_checks import reject

T = TypeVar("T", bound="OpenOrdersPage")


@_attrs_define
class OpenOrdersPage:
    """The current published shape of the open-orders answer's `data`.

    Attributes:
        orders (list[Order]):
    """

    orders: list[Order]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        orders = []
        for orders_item_data in self.orders:
            orders_item = orders_item_data.to_dict()
            orders.append(orders_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "orders": orders,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        if not isinstance(src_dict, dict) and not isinstance(src_dict, Mapping):
            reject(src_dict, None, "an object")
        d = dict(src_dict)
        orders = d.pop("orders", UNSET)
        if isinstance(orders, list):
            orders_parsed: list[Any] = []
            orders_item_from_dict = Order.from_dict
            orders_append = orders_parsed.append
            try:
                for orders_item in orders:
                    orders_append(orders_item_from_dict(orders_item))
            except SpecViolation as error:
                raise error.within(len(orders_parsed)).within("orders") from None
            orders = orders_parsed
        else:
            reject(orders, "orders", "an array")

        open_orders_page = cls(
            orders,
        )

        if d:
            open_orders_page.additional_properties = d
        return open_orders_page

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


from ..models.order import Order  # noqa: E402

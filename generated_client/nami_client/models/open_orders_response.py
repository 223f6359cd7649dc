from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Literal, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.open_orders_page import OpenOrdersPage
    from ..models.order import Order


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
        from ..models.open_orders_page import OpenOrdersPage  # noqa: PLC0415
        from ..models.order import Order  # noqa: PLC0415

        d = dict(src_dict)
        status = cast(Literal["ok"], d.pop("status"))
        if status != "ok":
            raise ValueError(f"status must match const 'ok', got '{status}'")

        def _parse_data(data: object) -> list[Order] | OpenOrdersPage:
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                data_type_0 = OpenOrdersPage.from_dict(data)

                return data_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            if not isinstance(data, list):
                raise TypeError()
            data_type_1 = []
            _data_type_1 = data
            for data_type_1_item_data in _data_type_1:
                data_type_1_item = Order.from_dict(data_type_1_item_data)

                data_type_1.append(data_type_1_item)

            return data_type_1

        data = _parse_data(d.pop("data"))

        open_orders_response = cls(
            status=status,
            data=data,
        )

        open_orders_response.additional_properties = d
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

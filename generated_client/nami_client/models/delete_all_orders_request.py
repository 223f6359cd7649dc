from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.order_ref import OrderRef

import operator

from ..error_types import SpecViolation
from ..model_checks import reject, reject_unknown

# For from_dict: every declared field, absent; and a reader of them all, in the order declared.
_ABSENT: dict[str, Any] = {
    "orders": UNSET,
    "allowNotification": UNSET,
}
_READ_DECLARED = operator.itemgetter(
    "orders",
    "allowNotification",
)


T = TypeVar("T", bound="DeleteAllOrdersRequest")


@_attrs_define
class DeleteAllOrdersRequest:
    """The request body. Assumption (not in the published docs): `orders`, `timestamp` and `signature` are required,
    `allowNotification` is optional, and `orders` holds 1 to 200 items. The example is the published one, except its
    `signature`: the published value is a placeholder (not hex), so this one is computed by the documented recipe with
    the secret `example-secret`.

        Example:
            {'orders': [{'displayingId': 435372, 'symbol': 'BTCUSDT'}, {'displayingId': 435373, 'symbol': 'ETHUSDT'}],
                'allowNotification': False}

        Attributes:
            orders (list[OrderRef]):
            allow_notification (bool | Unset): Whether to send notifications upon deletion.
    """

    orders: list[OrderRef]
    allow_notification: bool | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        orders = []
        for orders_item_data in self.orders:
            orders_item = orders_item_data.to_dict()
            orders.append(orders_item)

        allow_notification = self.allow_notification

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "orders": orders,
            }
        )
        if allow_notification is not UNSET:
            field_dict["allowNotification"] = allow_notification

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        if type(src_dict) is not dict:
            if not isinstance(src_dict, Mapping):
                reject(src_dict, None, "an object")
            src_dict = dict(src_dict)
        d = {**_ABSENT, **src_dict}
        (
            orders,
            allow_notification,
        ) = d.values() if len(d) == 2 else _READ_DECLARED(d)
        if isinstance(orders, list):
            orders_parsed: list[Any] = []
            orders_item_from_dict = OrderRef.from_dict
            orders_append = orders_parsed.append
            try:
                for orders_item in orders:
                    orders_append(orders_item_from_dict(orders_item))
            except SpecViolation as error:
                raise error.within(len(orders_parsed)).within("orders") from None
            orders = orders_parsed
        else:
            reject(orders, "orders", "an array")

        if allow_notification is not UNSET and type(allow_notification) is not bool:
            reject(allow_notification, "allowNotification", "a boolean")

        delete_all_orders_request = cls(
            orders,
            allow_notification,
        )

        if len(d) != 2:
            reject_unknown(
                {field_name: field_value for field_name, field_value in src_dict.items() if field_name not in _ABSENT}
            )
        return delete_all_orders_request


from ..models.order_ref import OrderRef  # noqa: E402

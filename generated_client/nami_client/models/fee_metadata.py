from __future__ import annotations

import operator
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..model_checks import integral, reject
from ..types import UNSET, Unset

# For from_dict: every declared field, absent; and a reader of them all, in the order declared.
_ABSENT: dict[str, Any] = {
    "assetId": UNSET,
    "asset": UNSET,
    "value": UNSET,
    "feeRatio": UNSET,
    "executed": UNSET,
    "feeMode": UNSET,
    "originBaseQty": UNSET,
}
_READ_DECLARED = operator.itemgetter(
    "assetId",
    "asset",
    "value",
    "feeRatio",
    "executed",
    "feeMode",
    "originBaseQty",
)


T = TypeVar("T", bound="FeeMetadata")


@_attrs_define
class FeeMetadata:
    """How the order's fee is charged. Nami publishes two shapes: the Delete All Orders page and its OpenAPI fragment show
    `assetId`, `asset`, `value`, `feeRatio` and `executed`; the Get Open Orders example shows `feeMode`,
    `originBaseQty`, `assetId`, `value` and `feeRatio`. Each shape lacks fields of the other, and the fragment requires
    none, so none is required.

        Attributes:
            asset_id (int | Unset): The ID of the fee asset.
            asset (str | Unset): The fee asset's symbol, e.g. `USDT`.
            value (float | Unset): The fee.
            fee_ratio (float | Unset): The fee ratio, e.g. `0.001`.
            executed (float | Unset): The fee charged so far.
            fee_mode (int | Unset): Shown as `0` in the published Get Open Orders example. Assumption: an integer; its
                meaning is not published.
            origin_base_qty (float | Unset): Shown in the published Get Open Orders example (equal to the order's quantity
                there). Assumption: a number; its meaning is not published.
    """

    asset_id: int | Unset = UNSET
    asset: str | Unset = UNSET
    value: float | Unset = UNSET
    fee_ratio: float | Unset = UNSET
    executed: float | Unset = UNSET
    fee_mode: int | Unset = UNSET
    origin_base_qty: float | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        asset_id = self.asset_id

        asset = self.asset

        value = self.value

        fee_ratio = self.fee_ratio

        executed = self.executed

        fee_mode = self.fee_mode

        origin_base_qty = self.origin_base_qty

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if asset_id is not UNSET:
            field_dict["assetId"] = asset_id
        if asset is not UNSET:
            field_dict["asset"] = asset
        if value is not UNSET:
            field_dict["value"] = value
        if fee_ratio is not UNSET:
            field_dict["feeRatio"] = fee_ratio
        if executed is not UNSET:
            field_dict["executed"] = executed
        if fee_mode is not UNSET:
            field_dict["feeMode"] = fee_mode
        if origin_base_qty is not UNSET:
            field_dict["originBaseQty"] = origin_base_qty

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        if type(src_dict) is not dict:
            if not isinstance(src_dict, Mapping):
                reject(src_dict, None, "an object")
            src_dict = dict(src_dict)
        d = {**_ABSENT, **src_dict}
        (
            asset_id,
            asset,
            value,
            fee_ratio,
            executed,
            fee_mode,
            origin_base_qty,
        ) = d.values() if len(d) == 7 else _READ_DECLARED(d)
        if asset_id is not UNSET and type(asset_id) is not int:
            asset_id = integral(asset_id, "assetId", "an integer")

        if asset is not UNSET and type(asset) is not str:
            reject(asset, "asset", "a string")

        if value is not UNSET and type(value) is not float and type(value) is not int:
            reject(value, "value", "a number")

        if fee_ratio is not UNSET and type(fee_ratio) is not float and type(fee_ratio) is not int:
            reject(fee_ratio, "feeRatio", "a number")

        if executed is not UNSET and type(executed) is not float and type(executed) is not int:
            reject(executed, "executed", "a number")

        if fee_mode is not UNSET and type(fee_mode) is not int:
            fee_mode = integral(fee_mode, "feeMode", "an integer")

        if origin_base_qty is not UNSET and type(origin_base_qty) is not float and type(origin_base_qty) is not int:
            reject(origin_base_qty, "originBaseQty", "a number")

        fee_metadata = cls(
            asset_id,
            asset,
            value,
            fee_ratio,
            executed,
            fee_mode,
            origin_base_qty,
        )

        if len(d) != 7:
            fee_metadata.additional_properties = {
                field_name: field_value for field_name, field_value in src_dict.items() if field_name not in _ABSENT
            }
        return fee_metadata

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

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="FeeMetadata")


@_attrs_define
class FeeMetadata:
    """
    Attributes:
        asset_id (int):
        asset (str):
        value (float):
        fee_ratio (float):
        executed (float):
    """

    asset_id: int
    asset: str
    value: float
    fee_ratio: float
    executed: float
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        asset_id = self.asset_id

        asset = self.asset

        value = self.value

        fee_ratio = self.fee_ratio

        executed = self.executed

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "assetId": asset_id,
                "asset": asset,
                "value": value,
                "feeRatio": fee_ratio,
                "executed": executed,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        asset_id = d.pop("assetId")

        asset = d.pop("asset")

        value = d.pop("value")

        fee_ratio = d.pop("feeRatio")

        executed = d.pop("executed")

        fee_metadata = cls(
            asset_id=asset_id,
            asset=asset,
            value=value,
            fee_ratio=fee_ratio,
            executed=executed,
        )

        fee_metadata.additional_properties = d
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

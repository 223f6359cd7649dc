from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET

if TYPE_CHECKING:
    from ..models.error_data import ErrorData

import operator

from ..error_types import SpecViolation
from ..model_checks import integral, reject

# For from_dict: every declared field, absent; and a reader of them all, in the order declared.
_ABSENT: dict[str, Any] = {
    "status": UNSET,
    "code": UNSET,
    "data": UNSET,
    "message": UNSET,
}
_READ_DECLARED = operator.itemgetter(
    "status",
    "code",
    "data",
    "message",
)


T = TypeVar("T", bound="ErrorEnvelope")


@_attrs_define
class ErrorEnvelope:
    """The error envelope of the published 400 example.

    Attributes:
        status (str):
        code (int):
        data (ErrorData):
        message (None | str):
    """

    status: str
    code: int
    data: ErrorData
    message: None | str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        status = self.status

        code = self.code

        data = self.data.to_dict()

        message: None | str
        message = self.message

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "status": status,
                "code": code,
                "data": data,
                "message": message,
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
            code,
            data,
            message,
        ) = d.values() if len(d) == 4 else _READ_DECLARED(d)
        if type(status) is not str:
            reject(status, "status", "a string")

        if type(code) is not int:
            code = integral(code, "code", "an integer")

        if isinstance(data, dict):
            try:
                data = ErrorData.from_dict(data)
            except SpecViolation as error:
                raise error.within("data") from None
        else:
            reject(data, "data", "an object")

        if type(message) is not str and message is not None:
            reject(message, "message", "a string or null")

        error_envelope = cls(
            status,
            code,
            data,
            message,
        )

        if len(d) != 4:
            error_envelope.additional_properties = {
                field_name: field_value for field_name, field_value in src_dict.items() if field_name not in _ABSENT
            }
        return error_envelope

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


from ..models.error_data import ErrorData  # noqa: E402

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.order_side import OrderSide
from ..models.order_status import OrderStatus
from ..models.order_type import OrderType
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.fee_metadata import FeeMetadata
    from ..models.order_metadata import OrderMetadata

import operator

from ..error_types import SpecViolation
from ..model_checks import integral, iso_datetime, reject

_ORDER_STATUS_BY_VALUE: dict[str, OrderStatus] = {member.value: member for member in OrderStatus}
_ORDER_SIDE_BY_VALUE: dict[str, OrderSide] = {member.value: member for member in OrderSide}
_ORDER_TYPE_BY_VALUE: dict[str, OrderType] = {member.value: member for member in OrderType}
# For from_dict: every declared field, absent; and a reader of them all, in the order declared.
_ABSENT: dict[str, Any] = {
    "displayingId": UNSET,
    "symbol": UNSET,
    "status": UNSET,
    "userId": UNSET,
    "side": UNSET,
    "type": UNSET,
    "price": UNSET,
    "stopPrice": UNSET,
    "limitPrice": UNSET,
    "executedPrice": UNSET,
    "quantity": UNSET,
    "executedQty": UNSET,
    "quoteQty": UNSET,
    "executedQuoteQty": UNSET,
    "useQuoteQty": UNSET,
    "liquidityStatus": UNSET,
    "liquiditySymbol": UNSET,
    "liquidityOrderId": UNSET,
    "liquidityUsdtPrice": UNSET,
    "liquidityTransferPrice": UNSET,
    "liquidityTransferFee": UNSET,
    "internalError": UNSET,
    "feeMetadata": UNSET,
    "baseAsset": UNSET,
    "baseAssetId": UNSET,
    "quoteAsset": UNSET,
    "quoteAssetId": UNSET,
    "createdAt": UNSET,
    "updatedAt": UNSET,
    "executedType": UNSET,
    "limitOrderId": UNSET,
    "ocoOrderId": UNSET,
    "stopLimitOrderId": UNSET,
    "priceToCalLockAndFee": UNSET,
    "metadata": UNSET,
}
_READ_DECLARED = operator.itemgetter(
    "displayingId",
    "symbol",
    "status",
    "userId",
    "side",
    "type",
    "price",
    "stopPrice",
    "limitPrice",
    "executedPrice",
    "quantity",
    "executedQty",
    "quoteQty",
    "executedQuoteQty",
    "useQuoteQty",
    "liquidityStatus",
    "liquiditySymbol",
    "liquidityOrderId",
    "liquidityUsdtPrice",
    "liquidityTransferPrice",
    "liquidityTransferFee",
    "internalError",
    "feeMetadata",
    "baseAsset",
    "baseAssetId",
    "quoteAsset",
    "quoteAssetId",
    "createdAt",
    "updatedAt",
    "executedType",
    "limitOrderId",
    "ocoOrderId",
    "stopLimitOrderId",
    "priceToCalLockAndFee",
    "metadata",
)


T = TypeVar("T", bound="Order")


@_attrs_define
class Order:
    """The exchange's order record, as Delete All Orders returns each cancelled order. Nami publishes it three times, and
    the three disagree: the Delete All Orders example (every field filled), the OpenAPI fragment published for this
    endpoint (no field required, `stopPrice` typed null, and `executedPrice`, `liquidityTransferFee`, `limitPrice`,
    `internalError`, `createdAt`, `updatedAt` added) and the Get Open Orders example (an order on a pair without a
    liquidity venue: several fields null, `liquidityStatus` and `liquidityOrderId` absent). This schema accepts all
    three: a field is nullable where a published shape has null, and optional where one leaves it out.

    Required are only `displayingId`, `symbol` and `status`: a caller matches a cancel result to what it asked to cancel
    by `displayingId` and `symbol` (the two fields of `OrderRef`), and `status` is what the cancel did to the order. An
    answer without them cannot be used; every other field describes the order and may be missing (Assumption: the
    published fragment requires nothing; every published shape has these three).

    Fields not listed here may be added by newer servers and are kept by the client; `side`, `type` and `status` accept
    values not listed in their enums (tolerant reader).

        Attributes:
            displaying_id (int): The displaying ID of the order, as `OrderRef.displayingId`.
            symbol (str): The trading symbol of the order, e.g. `BTCUSDT`.
            status (OrderStatus | str):
            user_id (int | Unset):
            side (OrderSide | str | Unset):
            type_ (OrderType | str | Unset):
            price (float | Unset):
            stop_price (float | None | Unset): Null in the published fragment and the Get Open Orders example, `0` in the
                Delete All Orders example.
            limit_price (float | None | Unset):
            executed_price (float | Unset):
            quantity (float | Unset):
            executed_qty (float | Unset):
            quote_qty (float | Unset):
            executed_quote_qty (float | Unset):
            use_quote_qty (bool | None | Unset):
            liquidity_status (int | Unset): Absent for an order on a pair without a liquidity venue.
            liquidity_symbol (None | str | Unset): Null for an order on a pair without a liquidity venue.
            liquidity_order_id (str | Unset): Absent for an order on a pair without a liquidity venue.
            liquidity_usdt_price (float | Unset):
            liquidity_transfer_price (float | Unset):
            liquidity_transfer_fee (float | Unset):
            internal_error (bool | Unset): Whether the exchange had an internal error with the order.
            fee_metadata (FeeMetadata | Unset): How the order's fee is charged. Nami publishes two shapes: the Delete All
                Orders page and its OpenAPI fragment show `assetId`, `asset`, `value`, `feeRatio` and `executed`; the Get Open
                Orders example shows `feeMode`, `originBaseQty`, `assetId`, `value` and `feeRatio`. Each shape lacks fields of
                the other, and the fragment requires none, so none is required.
            base_asset (str | Unset):
            base_asset_id (int | Unset):
            quote_asset (str | Unset):
            quote_asset_id (int | Unset):
            created_at (datetime.datetime | Unset):
            updated_at (datetime.datetime | Unset):
            executed_type (Any | Unset): A field that Nami's published examples show only as `null`. Assumption: its type is
                not published, so any JSON value is accepted.
            limit_order_id (Any | Unset): A field that Nami's published examples show only as `null`. Assumption: its type
                is not published, so any JSON value is accepted.
            oco_order_id (Any | Unset): A field that Nami's published examples show only as `null`. Assumption: its type is
                not published, so any JSON value is accepted.
            stop_limit_order_id (Any | Unset): A field that Nami's published examples show only as `null`. Assumption: its
                type is not published, so any JSON value is accepted.
            price_to_cal_lock_and_fee (Any | Unset): A field that Nami's published examples show only as `null`. Assumption:
                its type is not published, so any JSON value is accepted.
            metadata (OrderMetadata | Unset): Shown as `{}` in the published Get Open Orders example; its fields are not
                published.
    """

    displaying_id: int
    symbol: str
    status: OrderStatus | str
    user_id: int | Unset = UNSET
    side: OrderSide | str | Unset = UNSET
    type_: OrderType | str | Unset = UNSET
    price: float | Unset = UNSET
    stop_price: float | None | Unset = UNSET
    limit_price: float | None | Unset = UNSET
    executed_price: float | Unset = UNSET
    quantity: float | Unset = UNSET
    executed_qty: float | Unset = UNSET
    quote_qty: float | Unset = UNSET
    executed_quote_qty: float | Unset = UNSET
    use_quote_qty: bool | None | Unset = UNSET
    liquidity_status: int | Unset = UNSET
    liquidity_symbol: None | str | Unset = UNSET
    liquidity_order_id: str | Unset = UNSET
    liquidity_usdt_price: float | Unset = UNSET
    liquidity_transfer_price: float | Unset = UNSET
    liquidity_transfer_fee: float | Unset = UNSET
    internal_error: bool | Unset = UNSET
    fee_metadata: FeeMetadata | Unset = UNSET
    base_asset: str | Unset = UNSET
    base_asset_id: int | Unset = UNSET
    quote_asset: str | Unset = UNSET
    quote_asset_id: int | Unset = UNSET
    created_at: datetime.datetime | Unset = UNSET
    updated_at: datetime.datetime | Unset = UNSET
    executed_type: Any | Unset = UNSET
    limit_order_id: Any | Unset = UNSET
    oco_order_id: Any | Unset = UNSET
    stop_limit_order_id: Any | Unset = UNSET
    price_to_cal_lock_and_fee: Any | Unset = UNSET
    metadata: OrderMetadata | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        displaying_id = self.displaying_id

        symbol = self.symbol

        status: str
        if isinstance(self.status, OrderStatus):
            status = self.status.value
        else:
            status = self.status

        user_id = self.user_id

        side: str | Unset
        if isinstance(self.side, Unset):
            side = UNSET
        elif isinstance(self.side, OrderSide):
            side = self.side.value
        else:
            side = self.side

        type_: str | Unset
        if isinstance(self.type_, Unset):
            type_ = UNSET
        elif isinstance(self.type_, OrderType):
            type_ = self.type_.value
        else:
            type_ = self.type_

        price = self.price

        stop_price: float | None | Unset
        if isinstance(self.stop_price, Unset):
            stop_price = UNSET
        else:
            stop_price = self.stop_price

        limit_price: float | None | Unset
        if isinstance(self.limit_price, Unset):
            limit_price = UNSET
        else:
            limit_price = self.limit_price

        executed_price = self.executed_price

        quantity = self.quantity

        executed_qty = self.executed_qty

        quote_qty = self.quote_qty

        executed_quote_qty = self.executed_quote_qty

        use_quote_qty: bool | None | Unset
        if isinstance(self.use_quote_qty, Unset):
            use_quote_qty = UNSET
        else:
            use_quote_qty = self.use_quote_qty

        liquidity_status = self.liquidity_status

        liquidity_symbol: None | str | Unset
        if isinstance(self.liquidity_symbol, Unset):
            liquidity_symbol = UNSET
        else:
            liquidity_symbol = self.liquidity_symbol

        liquidity_order_id = self.liquidity_order_id

        liquidity_usdt_price = self.liquidity_usdt_price

        liquidity_transfer_price = self.liquidity_transfer_price

        liquidity_transfer_fee = self.liquidity_transfer_fee

        internal_error = self.internal_error

        fee_metadata: dict[str, Any] | Unset = UNSET
        if not isinstance(self.fee_metadata, Unset):
            fee_metadata = self.fee_metadata.to_dict()

        base_asset = self.base_asset

        base_asset_id = self.base_asset_id

        quote_asset = self.quote_asset

        quote_asset_id = self.quote_asset_id

        created_at: str | Unset = UNSET
        if not isinstance(self.created_at, Unset):
            created_at = self.created_at.isoformat()

        updated_at: str | Unset = UNSET
        if not isinstance(self.updated_at, Unset):
            updated_at = self.updated_at.isoformat()

        executed_type = self.executed_type

        limit_order_id = self.limit_order_id

        oco_order_id = self.oco_order_id

        stop_limit_order_id = self.stop_limit_order_id

        price_to_cal_lock_and_fee = self.price_to_cal_lock_and_fee

        metadata: dict[str, Any] | Unset = UNSET
        if not isinstance(self.metadata, Unset):
            metadata = self.metadata.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "displayingId": displaying_id,
                "symbol": symbol,
                "status": status,
            }
        )
        if user_id is not UNSET:
            field_dict["userId"] = user_id
        if side is not UNSET:
            field_dict["side"] = side
        if type_ is not UNSET:
            field_dict["type"] = type_
        if price is not UNSET:
            field_dict["price"] = price
        if stop_price is not UNSET:
            field_dict["stopPrice"] = stop_price
        if limit_price is not UNSET:
            field_dict["limitPrice"] = limit_price
        if executed_price is not UNSET:
            field_dict["executedPrice"] = executed_price
        if quantity is not UNSET:
            field_dict["quantity"] = quantity
        if executed_qty is not UNSET:
            field_dict["executedQty"] = executed_qty
        if quote_qty is not UNSET:
            field_dict["quoteQty"] = quote_qty
        if executed_quote_qty is not UNSET:
            field_dict["executedQuoteQty"] = executed_quote_qty
        if use_quote_qty is not UNSET:
            field_dict["useQuoteQty"] = use_quote_qty
        if liquidity_status is not UNSET:
            field_dict["liquidityStatus"] = liquidity_status
        if liquidity_symbol is not UNSET:
            field_dict["liquiditySymbol"] = liquidity_symbol
        if liquidity_order_id is not UNSET:
            field_dict["liquidityOrderId"] = liquidity_order_id
        if liquidity_usdt_price is not UNSET:
            field_dict["liquidityUsdtPrice"] = liquidity_usdt_price
        if liquidity_transfer_price is not UNSET:
            field_dict["liquidityTransferPrice"] = liquidity_transfer_price
        if liquidity_transfer_fee is not UNSET:
            field_dict["liquidityTransferFee"] = liquidity_transfer_fee
        if internal_error is not UNSET:
            field_dict["internalError"] = internal_error
        if fee_metadata is not UNSET:
            field_dict["feeMetadata"] = fee_metadata
        if base_asset is not UNSET:
            field_dict["baseAsset"] = base_asset
        if base_asset_id is not UNSET:
            field_dict["baseAssetId"] = base_asset_id
        if quote_asset is not UNSET:
            field_dict["quoteAsset"] = quote_asset
        if quote_asset_id is not UNSET:
            field_dict["quoteAssetId"] = quote_asset_id
        if created_at is not UNSET:
            field_dict["createdAt"] = created_at
        if updated_at is not UNSET:
            field_dict["updatedAt"] = updated_at
        if executed_type is not UNSET:
            field_dict["executedType"] = executed_type
        if limit_order_id is not UNSET:
            field_dict["limitOrderId"] = limit_order_id
        if oco_order_id is not UNSET:
            field_dict["ocoOrderId"] = oco_order_id
        if stop_limit_order_id is not UNSET:
            field_dict["stopLimitOrderId"] = stop_limit_order_id
        if price_to_cal_lock_and_fee is not UNSET:
            field_dict["priceToCalLockAndFee"] = price_to_cal_lock_and_fee
        if metadata is not UNSET:
            field_dict["metadata"] = metadata

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
            status,
            user_id,
            side,
            type_,
            price,
            stop_price,
            limit_price,
            executed_price,
            quantity,
            executed_qty,
            quote_qty,
            executed_quote_qty,
            use_quote_qty,
            liquidity_status,
            liquidity_symbol,
            liquidity_order_id,
            liquidity_usdt_price,
            liquidity_transfer_price,
            liquidity_transfer_fee,
            internal_error,
            fee_metadata,
            base_asset,
            base_asset_id,
            quote_asset,
            quote_asset_id,
            created_at,
            updated_at,
            executed_type,
            limit_order_id,
            oco_order_id,
            stop_limit_order_id,
            price_to_cal_lock_and_fee,
            metadata,
        ) = d.values() if len(d) == 35 else _READ_DECLARED(d)
        if type(displaying_id) is not int:
            displaying_id = integral(displaying_id, "displayingId", "an integer")

        if type(symbol) is not str:
            reject(symbol, "symbol", "a string")

        if type(status) is str:
            status = _ORDER_STATUS_BY_VALUE.get(status, status)
        else:
            reject(status, "status", "a string")

        if user_id is not UNSET and type(user_id) is not int:
            user_id = integral(user_id, "userId", "an integer")

        if type(side) is str:
            side = _ORDER_SIDE_BY_VALUE.get(side, side)
        elif side is not UNSET:
            reject(side, "side", "a string")

        if type(type_) is str:
            type_ = _ORDER_TYPE_BY_VALUE.get(type_, type_)
        elif type_ is not UNSET:
            reject(type_, "type", "a string")

        if price is not UNSET and type(price) is not float and type(price) is not int:
            reject(price, "price", "a number")

        if (
            stop_price is not UNSET
            and type(stop_price) is not float
            and type(stop_price) is not int
            and stop_price is not None
        ):
            reject(stop_price, "stopPrice", "a number or null")

        if (
            limit_price is not UNSET
            and type(limit_price) is not float
            and type(limit_price) is not int
            and limit_price is not None
        ):
            reject(limit_price, "limitPrice", "a number or null")

        if executed_price is not UNSET and type(executed_price) is not float and type(executed_price) is not int:
            reject(executed_price, "executedPrice", "a number")

        if quantity is not UNSET and type(quantity) is not float and type(quantity) is not int:
            reject(quantity, "quantity", "a number")

        if executed_qty is not UNSET and type(executed_qty) is not float and type(executed_qty) is not int:
            reject(executed_qty, "executedQty", "a number")

        if quote_qty is not UNSET and type(quote_qty) is not float and type(quote_qty) is not int:
            reject(quote_qty, "quoteQty", "a number")

        if (
            executed_quote_qty is not UNSET
            and type(executed_quote_qty) is not float
            and type(executed_quote_qty) is not int
        ):
            reject(executed_quote_qty, "executedQuoteQty", "a number")

        if use_quote_qty is not UNSET and type(use_quote_qty) is not bool and use_quote_qty is not None:
            reject(use_quote_qty, "useQuoteQty", "a boolean or null")

        if liquidity_status is not UNSET and type(liquidity_status) is not int:
            liquidity_status = integral(liquidity_status, "liquidityStatus", "an integer")

        if liquidity_symbol is not UNSET and type(liquidity_symbol) is not str and liquidity_symbol is not None:
            reject(liquidity_symbol, "liquiditySymbol", "a string or null")

        if liquidity_order_id is not UNSET and type(liquidity_order_id) is not str:
            reject(liquidity_order_id, "liquidityOrderId", "a string")

        if (
            liquidity_usdt_price is not UNSET
            and type(liquidity_usdt_price) is not float
            and type(liquidity_usdt_price) is not int
        ):
            reject(liquidity_usdt_price, "liquidityUsdtPrice", "a number")

        if (
            liquidity_transfer_price is not UNSET
            and type(liquidity_transfer_price) is not float
            and type(liquidity_transfer_price) is not int
        ):
            reject(liquidity_transfer_price, "liquidityTransferPrice", "a number")

        if (
            liquidity_transfer_fee is not UNSET
            and type(liquidity_transfer_fee) is not float
            and type(liquidity_transfer_fee) is not int
        ):
            reject(liquidity_transfer_fee, "liquidityTransferFee", "a number")

        if internal_error is not UNSET and type(internal_error) is not bool:
            reject(internal_error, "internalError", "a boolean")

        if isinstance(fee_metadata, dict):
            try:
                fee_metadata = FeeMetadata.from_dict(fee_metadata)
            except SpecViolation as error:
                raise error.within("feeMetadata") from None
        elif fee_metadata is not UNSET:
            reject(fee_metadata, "feeMetadata", "an object")

        if base_asset is not UNSET and type(base_asset) is not str:
            reject(base_asset, "baseAsset", "a string")

        if base_asset_id is not UNSET and type(base_asset_id) is not int:
            base_asset_id = integral(base_asset_id, "baseAssetId", "an integer")

        if quote_asset is not UNSET and type(quote_asset) is not str:
            reject(quote_asset, "quoteAsset", "a string")

        if quote_asset_id is not UNSET and type(quote_asset_id) is not int:
            quote_asset_id = integral(quote_asset_id, "quoteAssetId", "an integer")

        if type(created_at) is str:
            created_at = iso_datetime(created_at, "createdAt")
        elif created_at is not UNSET:
            reject(created_at, "createdAt", "a date-time string")

        if type(updated_at) is str:
            updated_at = iso_datetime(updated_at, "updatedAt")
        elif updated_at is not UNSET:
            reject(updated_at, "updatedAt", "a date-time string")

        if isinstance(metadata, dict):
            try:
                metadata = OrderMetadata.from_dict(metadata)
            except SpecViolation as error:
                raise error.within("metadata") from None
        elif metadata is not UNSET:
            reject(metadata, "metadata", "an object")

        order = cls(
            displaying_id,
            symbol,
            status,
            user_id,
            side,
            type_,
            price,
            stop_price,
            limit_price,
            executed_price,
            quantity,
            executed_qty,
            quote_qty,
            executed_quote_qty,
            use_quote_qty,
            liquidity_status,
            liquidity_symbol,
            liquidity_order_id,
            liquidity_usdt_price,
            liquidity_transfer_price,
            liquidity_transfer_fee,
            internal_error,
            fee_metadata,
            base_asset,
            base_asset_id,
            quote_asset,
            quote_asset_id,
            created_at,
            updated_at,
            executed_type,
            limit_order_id,
            oco_order_id,
            stop_limit_order_id,
            price_to_cal_lock_and_fee,
            metadata,
        )

        if len(d) != 35:
            order.additional_properties = {
                field_name: field_value for field_name, field_value in src_dict.items() if field_name not in _ABSENT
            }
        return order

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


from ..models.fee_metadata import FeeMetadata  # noqa: E402
from ..models.order_metadata import OrderMetadata  # noqa: E402

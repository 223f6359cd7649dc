from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.order_side import OrderSide
from ..models.order_status import OrderStatus
from ..models.order_type import OrderType
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.fee_metadata import FeeMetadata
    from ..models.order_metadata import OrderMetadata


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
        from ..models.fee_metadata import FeeMetadata  # noqa: PLC0415
        from ..models.order_metadata import OrderMetadata  # noqa: PLC0415

        d = dict(src_dict)
        displaying_id = d.pop("displayingId")

        symbol = d.pop("symbol")

        def _parse_status(data: object) -> OrderStatus | str:
            try:
                if not isinstance(data, str):
                    raise TypeError()
                status_type_0 = OrderStatus(data)

                return status_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(OrderStatus | str, data)

        status = _parse_status(d.pop("status"))

        user_id = d.pop("userId", UNSET)

        def _parse_side(data: object) -> OrderSide | str | Unset:
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                side_type_0 = OrderSide(data)

                return side_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(OrderSide | str | Unset, data)

        side = _parse_side(d.pop("side", UNSET))

        def _parse_type_(data: object) -> OrderType | str | Unset:
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                type_type_0 = OrderType(data)

                return type_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(OrderType | str | Unset, data)

        type_ = _parse_type_(d.pop("type", UNSET))

        price = d.pop("price", UNSET)

        def _parse_stop_price(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        stop_price = _parse_stop_price(d.pop("stopPrice", UNSET))

        def _parse_limit_price(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        limit_price = _parse_limit_price(d.pop("limitPrice", UNSET))

        executed_price = d.pop("executedPrice", UNSET)

        quantity = d.pop("quantity", UNSET)

        executed_qty = d.pop("executedQty", UNSET)

        quote_qty = d.pop("quoteQty", UNSET)

        executed_quote_qty = d.pop("executedQuoteQty", UNSET)

        def _parse_use_quote_qty(data: object) -> bool | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(bool | None | Unset, data)

        use_quote_qty = _parse_use_quote_qty(d.pop("useQuoteQty", UNSET))

        liquidity_status = d.pop("liquidityStatus", UNSET)

        def _parse_liquidity_symbol(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        liquidity_symbol = _parse_liquidity_symbol(d.pop("liquiditySymbol", UNSET))

        liquidity_order_id = d.pop("liquidityOrderId", UNSET)

        liquidity_usdt_price = d.pop("liquidityUsdtPrice", UNSET)

        liquidity_transfer_price = d.pop("liquidityTransferPrice", UNSET)

        liquidity_transfer_fee = d.pop("liquidityTransferFee", UNSET)

        internal_error = d.pop("internalError", UNSET)

        _fee_metadata = d.pop("feeMetadata", UNSET)
        fee_metadata: FeeMetadata | Unset
        if isinstance(_fee_metadata, Unset):
            fee_metadata = UNSET
        else:
            fee_metadata = FeeMetadata.from_dict(_fee_metadata)

        base_asset = d.pop("baseAsset", UNSET)

        base_asset_id = d.pop("baseAssetId", UNSET)

        quote_asset = d.pop("quoteAsset", UNSET)

        quote_asset_id = d.pop("quoteAssetId", UNSET)

        _created_at = d.pop("createdAt", UNSET)
        created_at: datetime.datetime | Unset
        if isinstance(_created_at, Unset):
            created_at = UNSET
        else:
            created_at = datetime.datetime.fromisoformat(_created_at)

        _updated_at = d.pop("updatedAt", UNSET)
        updated_at: datetime.datetime | Unset
        if isinstance(_updated_at, Unset):
            updated_at = UNSET
        else:
            updated_at = datetime.datetime.fromisoformat(_updated_at)

        executed_type = d.pop("executedType", UNSET)

        limit_order_id = d.pop("limitOrderId", UNSET)

        oco_order_id = d.pop("ocoOrderId", UNSET)

        stop_limit_order_id = d.pop("stopLimitOrderId", UNSET)

        price_to_cal_lock_and_fee = d.pop("priceToCalLockAndFee", UNSET)

        _metadata = d.pop("metadata", UNSET)
        metadata: OrderMetadata | Unset
        if isinstance(_metadata, Unset):
            metadata = UNSET
        else:
            metadata = OrderMetadata.from_dict(_metadata)

        order = cls(
            displaying_id=displaying_id,
            symbol=symbol,
            status=status,
            user_id=user_id,
            side=side,
            type_=type_,
            price=price,
            stop_price=stop_price,
            limit_price=limit_price,
            executed_price=executed_price,
            quantity=quantity,
            executed_qty=executed_qty,
            quote_qty=quote_qty,
            executed_quote_qty=executed_quote_qty,
            use_quote_qty=use_quote_qty,
            liquidity_status=liquidity_status,
            liquidity_symbol=liquidity_symbol,
            liquidity_order_id=liquidity_order_id,
            liquidity_usdt_price=liquidity_usdt_price,
            liquidity_transfer_price=liquidity_transfer_price,
            liquidity_transfer_fee=liquidity_transfer_fee,
            internal_error=internal_error,
            fee_metadata=fee_metadata,
            base_asset=base_asset,
            base_asset_id=base_asset_id,
            quote_asset=quote_asset,
            quote_asset_id=quote_asset_id,
            created_at=created_at,
            updated_at=updated_at,
            executed_type=executed_type,
            limit_order_id=limit_order_id,
            oco_order_id=oco_order_id,
            stop_limit_order_id=stop_limit_order_id,
            price_to_cal_lock_and_fee=price_to_cal_lock_and_fee,
            metadata=metadata,
        )

        order.additional_properties = d
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

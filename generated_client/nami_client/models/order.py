from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.order_side import OrderSide
from ..models.order_status import OrderStatus
from ..models.order_type import OrderType

if TYPE_CHECKING:
    from ..models.fee_metadata import FeeMetadata


T = TypeVar("T", bound="Order")


@_attrs_define
class Order:
    """A cancelled order, as the published example shows it. Fields not listed here may be added by newer servers and are
    kept by the client; `side`, `type` and `status` accept values not listed in their enums (tolerant reader).

        Attributes:
            displaying_id (int):
            user_id (int):
            side (OrderSide | str):
            type_ (OrderType | str):
            price (float):
            liquidity_status (int):
            quantity (float):
            executed_qty (float):
            quote_qty (float):
            executed_quote_qty (float):
            liquidity_usdt_price (float):
            liquidity_transfer_price (float):
            liquidity_symbol (str):
            liquidity_order_id (str):
            fee_metadata (FeeMetadata):
            use_quote_qty (bool):
            symbol (str):
            base_asset (str):
            base_asset_id (int):
            quote_asset (str):
            quote_asset_id (int):
            status (OrderStatus | str):
            stop_price (float):
    """

    displaying_id: int
    user_id: int
    side: OrderSide | str
    type_: OrderType | str
    price: float
    liquidity_status: int
    quantity: float
    executed_qty: float
    quote_qty: float
    executed_quote_qty: float
    liquidity_usdt_price: float
    liquidity_transfer_price: float
    liquidity_symbol: str
    liquidity_order_id: str
    fee_metadata: FeeMetadata
    use_quote_qty: bool
    symbol: str
    base_asset: str
    base_asset_id: int
    quote_asset: str
    quote_asset_id: int
    status: OrderStatus | str
    stop_price: float
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        displaying_id = self.displaying_id

        user_id = self.user_id

        side: str
        if isinstance(self.side, OrderSide):
            side = self.side.value
        else:
            side = self.side

        type_: str
        if isinstance(self.type_, OrderType):
            type_ = self.type_.value
        else:
            type_ = self.type_

        price = self.price

        liquidity_status = self.liquidity_status

        quantity = self.quantity

        executed_qty = self.executed_qty

        quote_qty = self.quote_qty

        executed_quote_qty = self.executed_quote_qty

        liquidity_usdt_price = self.liquidity_usdt_price

        liquidity_transfer_price = self.liquidity_transfer_price

        liquidity_symbol = self.liquidity_symbol

        liquidity_order_id = self.liquidity_order_id

        fee_metadata = self.fee_metadata.to_dict()

        use_quote_qty = self.use_quote_qty

        symbol = self.symbol

        base_asset = self.base_asset

        base_asset_id = self.base_asset_id

        quote_asset = self.quote_asset

        quote_asset_id = self.quote_asset_id

        status: str
        if isinstance(self.status, OrderStatus):
            status = self.status.value
        else:
            status = self.status

        stop_price = self.stop_price

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "displayingId": displaying_id,
                "userId": user_id,
                "side": side,
                "type": type_,
                "price": price,
                "liquidityStatus": liquidity_status,
                "quantity": quantity,
                "executedQty": executed_qty,
                "quoteQty": quote_qty,
                "executedQuoteQty": executed_quote_qty,
                "liquidityUsdtPrice": liquidity_usdt_price,
                "liquidityTransferPrice": liquidity_transfer_price,
                "liquiditySymbol": liquidity_symbol,
                "liquidityOrderId": liquidity_order_id,
                "feeMetadata": fee_metadata,
                "useQuoteQty": use_quote_qty,
                "symbol": symbol,
                "baseAsset": base_asset,
                "baseAssetId": base_asset_id,
                "quoteAsset": quote_asset,
                "quoteAssetId": quote_asset_id,
                "status": status,
                "stopPrice": stop_price,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.fee_metadata import FeeMetadata  # noqa: PLC0415

        d = dict(src_dict)
        displaying_id = d.pop("displayingId")

        user_id = d.pop("userId")

        def _parse_side(data: object) -> OrderSide | str:
            try:
                if not isinstance(data, str):
                    raise TypeError()
                side_type_0 = OrderSide(data)

                return side_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(OrderSide | str, data)

        side = _parse_side(d.pop("side"))

        def _parse_type_(data: object) -> OrderType | str:
            try:
                if not isinstance(data, str):
                    raise TypeError()
                type_type_0 = OrderType(data)

                return type_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(OrderType | str, data)

        type_ = _parse_type_(d.pop("type"))

        price = d.pop("price")

        liquidity_status = d.pop("liquidityStatus")

        quantity = d.pop("quantity")

        executed_qty = d.pop("executedQty")

        quote_qty = d.pop("quoteQty")

        executed_quote_qty = d.pop("executedQuoteQty")

        liquidity_usdt_price = d.pop("liquidityUsdtPrice")

        liquidity_transfer_price = d.pop("liquidityTransferPrice")

        liquidity_symbol = d.pop("liquiditySymbol")

        liquidity_order_id = d.pop("liquidityOrderId")

        fee_metadata = FeeMetadata.from_dict(d.pop("feeMetadata"))

        use_quote_qty = d.pop("useQuoteQty")

        symbol = d.pop("symbol")

        base_asset = d.pop("baseAsset")

        base_asset_id = d.pop("baseAssetId")

        quote_asset = d.pop("quoteAsset")

        quote_asset_id = d.pop("quoteAssetId")

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

        stop_price = d.pop("stopPrice")

        order = cls(
            displaying_id=displaying_id,
            user_id=user_id,
            side=side,
            type_=type_,
            price=price,
            liquidity_status=liquidity_status,
            quantity=quantity,
            executed_qty=executed_qty,
            quote_qty=quote_qty,
            executed_quote_qty=executed_quote_qty,
            liquidity_usdt_price=liquidity_usdt_price,
            liquidity_transfer_price=liquidity_transfer_price,
            liquidity_symbol=liquidity_symbol,
            liquidity_order_id=liquidity_order_id,
            fee_metadata=fee_metadata,
            use_quote_qty=use_quote_qty,
            symbol=symbol,
            base_asset=base_asset,
            base_asset_id=base_asset_id,
            quote_asset=quote_asset,
            quote_asset_id=quote_asset_id,
            status=status,
            stop_price=stop_price,
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

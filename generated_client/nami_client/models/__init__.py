"""Contains all the data models used in inputs/outputs"""

from .delete_all_orders_request import DeleteAllOrdersRequest
from .delete_all_orders_response import DeleteAllOrdersResponse
from .error_data import ErrorData
from .error_envelope import ErrorEnvelope
from .fee_metadata import FeeMetadata
from .open_orders_page import OpenOrdersPage
from .open_orders_response import OpenOrdersResponse
from .order import Order
from .order_metadata import OrderMetadata
from .order_ref import OrderRef
from .order_side import OrderSide
from .order_status import OrderStatus
from .order_type import OrderType

__all__ = (
    "DeleteAllOrdersRequest",
    "DeleteAllOrdersResponse",
    "ErrorData",
    "ErrorEnvelope",
    "FeeMetadata",
    "OpenOrdersPage",
    "OpenOrdersResponse",
    "Order",
    "OrderMetadata",
    "OrderRef",
    "OrderSide",
    "OrderStatus",
    "OrderType",
)

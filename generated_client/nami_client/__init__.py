"""A signed client for Nami Exchange's spot Delete All Orders (`DELETE /api/v4/spot/all_order`).

Build a client with `signed_client` and call the generated function:

    from nami_client import signed_client
    from nami_client.api.spot import delete_all_orders
    from nami_client.models import DeleteAllOrdersRequest, OrderRef

    body = DeleteAllOrdersRequest(orders=[OrderRef(displaying_id=435372, symbol="BTCUSDT")])
    with signed_client(api_key=API_KEY, api_secret=API_SECRET) as client:
        result = delete_all_orders.sync(client=client, body=body)  # or: await delete_all_orders.asyncio(...)

Every attempt is signed afresh (`NamiAuth`), failures that are safe to retry are retried (`Retry`),
calls are bounded in time (`timeout=`, `call_timeout`), and every failure raises a `NamiError`:
`BrokerError` (400), `AuthenticationError` (401), `RateLimitError` (429), `ServerError` (5xx),
`ApiError` (any other status), `TransportError` (no answer), `SigningError` (credentials, settings
or a body that cannot be signed), `UnexpectedStatus` (a 2xx the spec does not declare).
The package's README.md says more.

`__version__` is the spec's `info.version` with a label naming the exact spec (`SPEC_SHA256`).
"""

from .client import AuthenticatedClient, Client
from .errors import (
    ApiError,
    AuthenticationError,
    BrokerError,
    NamiError,
    RateLimitError,
    ServerError,
    SigningError,
    TransportError,
    UnexpectedStatus,
)
from .factory import signed_client
from .retry import Retry
from .signing import NamiAuth
from .spec import SPEC_SHA256
from .transport import call_timeout

__version__ = "4.0.0+spec90ae324849ec"

__all__ = (
    "SPEC_SHA256",
    "ApiError",
    "AuthenticatedClient",
    "AuthenticationError",
    "BrokerError",
    "Client",
    "NamiAuth",
    "NamiError",
    "RateLimitError",
    "Retry",
    "ServerError",
    "SigningError",
    "TransportError",
    "UnexpectedStatus",
    "__version__",
    "call_timeout",
    "signed_client",
)

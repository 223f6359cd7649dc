"""A signed client for Nami Exchange's spot Delete All Orders (`DELETE /api/v4/spot/all_order`) and
Get Open Orders (`GET /api/v4/spot/open`), and `cancel_all`: cancel every open order and know which
are gone (`nami_client.orders`).

Build a client with `signed_client` and call the generated function:

    from nami_client import signed_client
    from nami_client.api.spot import delete_all_orders
    from nami_client.models import DeleteAllOrdersRequest, OrderRef

    body = DeleteAllOrdersRequest(orders=[OrderRef(displaying_id=435372, symbol="BTCUSDT")])
    with signed_client(api_key=API_KEY, api_secret=API_SECRET) as client:
        result = delete_all_orders.sync(client=client, body=body)  # or: await delete_all_orders.asyncio(...)

Each request is checked against the spec before it is signed, every attempt is signed afresh
(`NamiAuth`), failures that are safe to retry are retried (`Retry`), every call ends within its
deadline (`Retry.total`, `call_timeout`) and reads at most `max_response_bytes`, and every failure
raises an error of this hierarchy (all in `nami_client.errors`; the package README's "Errors" table
says what each is raised for and what it carries):

    NamiError
        ApiError
            BrokerError
            AuthenticationError
            RateLimitError
                BannedError
            ServerError
            RedirectError
        TransportError
            DeadlineExceeded
        InvalidResponseError
            ResponseTooLargeError
        InvalidRequestError (also a ValueError)
        UnexpectedStatus
        ClientClosedError (also a RuntimeError)
        SigningError (also a ValueError)
        SpecViolation (also a ValueError)
        RunStopped

An error built from an answer has `code`, `code_name` (the published name, `NamiCode`), `request_id`
and `headers`. `signed_client` returns a `RaisingClient`, for which `sync` and `asyncio` are typed
as returning the success model: `result` above is a `DeleteAllOrdersResponse`.
The client learns the exchange's clock from each answer's `Date` (`client.clock_offset_ms`),
keeps under `max_requests_per_second` when given, and logs each attempt on the `nami_client`
logger at DEBUG (`NAMI_LOG=debug` in the environment shows it). The package's README.md says more.

`__version__` is the spec's `info.version` with a label naming the exact spec (`SPEC_SHA256`).
"""

import importlib
from typing import TYPE_CHECKING, Any

from .logs import setup_from_env
from .spec import SPEC_SHA256

if TYPE_CHECKING:  # what type checkers and IDEs read; at run time each name is imported on first use
    from .client import AuthenticatedClient, Client
    from .codes import NamiCode, code_name
    from .errors import (
        ApiError,
        AuthenticationError,
        BannedError,
        BrokerError,
        ClientClosedError,
        DeadlineExceeded,
        InvalidRequestError,
        InvalidResponseError,
        NamiError,
        RateLimitError,
        RedirectError,
        ResponseTooLargeError,
        RunStopped,
        ServerError,
        SigningError,
        SpecViolation,
        TransportError,
        UnexpectedStatus,
    )
    from .factory import RaisingClient, SignedClient, signed_client
    from .orders import (
        CancelReport,
        FailedOrder,
        NotCancelled,
        OrderKey,
        Progress,
        acancel_all,
        acancel_orders,
        cancel_all,
        cancel_orders,
    )
    from .retry import Retry
    from .signing import NamiAuth
    from .transport import call_timeout

__version__ = "4.0.0+spec1f4a4e949bb8"

setup_from_env()  # NAMI_LOG=debug|info

__all__ = (
    "SPEC_SHA256",
    "ApiError",
    "AuthenticatedClient",
    "AuthenticationError",
    "BannedError",
    "BrokerError",
    "CancelReport",
    "Client",
    "ClientClosedError",
    "DeadlineExceeded",
    "FailedOrder",
    "InvalidRequestError",
    "InvalidResponseError",
    "NamiAuth",
    "NamiCode",
    "NamiError",
    "NotCancelled",
    "OrderKey",
    "Progress",
    "RaisingClient",
    "RateLimitError",
    "RedirectError",
    "ResponseTooLargeError",
    "Retry",
    "RunStopped",
    "ServerError",
    "SignedClient",
    "SigningError",
    "SpecViolation",
    "TransportError",
    "UnexpectedStatus",
    "__version__",
    "acancel_all",
    "acancel_orders",
    "call_timeout",
    "cancel_all",
    "cancel_orders",
    "code_name",
    "signed_client",
)

# Where each public name lives: `import nami_client` (or one of its modules, such as the mock's
# `nami_client.testing`) loads only what is used, not httpx and every model up front.
_HOMES = {
    "AuthenticatedClient": "client",
    "Client": "client",
    "NamiCode": "codes",
    "code_name": "codes",
    "ApiError": "errors",
    "AuthenticationError": "errors",
    "BannedError": "errors",
    "BrokerError": "errors",
    "ClientClosedError": "errors",
    "DeadlineExceeded": "errors",
    "InvalidRequestError": "errors",
    "InvalidResponseError": "errors",
    "NamiError": "errors",
    "RateLimitError": "errors",
    "RedirectError": "errors",
    "ResponseTooLargeError": "errors",
    "RunStopped": "errors",
    "ServerError": "errors",
    "SigningError": "errors",
    "SpecViolation": "errors",
    "TransportError": "errors",
    "UnexpectedStatus": "errors",
    "RaisingClient": "factory",
    "SignedClient": "factory",
    "signed_client": "factory",
    "CancelReport": "orders",
    "FailedOrder": "orders",
    "NotCancelled": "orders",
    "OrderKey": "orders",
    "Progress": "orders",
    "acancel_all": "orders",
    "acancel_orders": "orders",
    "cancel_all": "orders",
    "cancel_orders": "orders",
    "Retry": "retry",
    "NamiAuth": "signing",
    "call_timeout": "transport",
}


if not TYPE_CHECKING:  # type checkers see the imports above, so a misspelt name stays an error

    def __getattr__(name: str) -> Any:
        home = _HOMES.get(name)
        if home is None:
            raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(f".{home}", __name__), name)
        globals()[name] = value  # found directly from now on
        return value

    def __dir__() -> list[str]:
        return sorted({*globals(), *__all__})

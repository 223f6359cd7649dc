# Copied from generator/testing/app.py by `make generate`: edit it there, not here.
"""The mock as an ASGI app: the faithful server, or with a fault planted the subclass that plants it."""

from __future__ import annotations

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.routing import Route

from .config import MockConfig
from .document import OPEN_ORDERS_PATH, OPERATION_PATH
from .latency import Latency
from .planted import planted_server
from .server import MockServer


def create_app(config: MockConfig | None = None, server: MockServer | None = None) -> Starlette:
    """Serve `server`, by default the one `config` asks for (from the environment when not given)."""
    config = config or MockConfig.from_env()
    mock = server or planted_server(config.fault)(config)
    app = Starlette(
        routes=[
            Route(OPERATION_PATH, mock.delete_all_orders, methods=["DELETE"]),
            Route(OPEN_ORDERS_PATH, mock.get_open_orders, methods=["GET"]),
        ],
        exception_handlers={HTTPException: mock.http_error, Exception: mock.crash},
        middleware=[Middleware(Latency, seconds=config.latency_ms / 1000)] if config.latency_ms else [],
    )
    app.router.redirect_slashes = False  # a trailing slash is another path: 404, not a 307
    app.state.mock = mock
    return app

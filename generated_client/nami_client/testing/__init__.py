# Copied from generator/testing/__init__.py by `make generate`: edit it there, not here.
"""A mock Nami exchange for testing the services that use this client (the `testing` extra).

    from nami_client.testing import MockExchange

    with MockExchange(open_orders=100) as ex:  # a real server on a free loopback port, in a thread
        client = signed_client(ex.url, api_key=ex.api_key, api_secret=ex.api_secret)
        ex.fault("rate-429", times=2)  # the next two requests get 429 with Retry-After

The pytest plugin (`nami_client.testing.plugin`, loaded by pytest) gives the fixture `nami_exchange`.
`python -m nami_client.testing` serves the mock in the foreground. `import nami_client` never
imports this package, and this package imports the server (Starlette, uvicorn, jsonschema-rs) only
when `MockExchange` is first used, so pytest loads the plugin even where the extra is missing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .exchange import MockExchange

__all__ = ["MockExchange"]

# The extra's distributions, by the module a missing one leaves out.
_EXTRA_MODULES = {"starlette", "uvicorn", "jsonschema_rs", "h11"}


def __getattr__(name: str) -> Any:
    if name != "MockExchange":
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    try:
        from .exchange import MockExchange
    except ModuleNotFoundError as exc:
        if exc.name not in _EXTRA_MODULES:
            raise
        raise ImportError(
            f"nami_client.testing needs the `testing` extra ({exc.name} is not installed): "
            'pip install "nami-client[testing]"'
        ) from None
    return MockExchange

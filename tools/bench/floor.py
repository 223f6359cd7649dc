"""`python -m tools.bench.floor --port P`: the floor under the mock's throughput.

The same endpoints served the same way (Starlette on uvicorn, with the mock's server limits),
answering each cancel with its orders cancelled and each listing with the same few orders, but with
nothing else: no key, signature or timestamp check, no schema validation, no order book. The mock's
requests per second over this server's, measured with the same clients in the same run, is what the
mock's own work costs.
"""

from __future__ import annotations

import argparse
import json

from nami_client.testing.book import order_json, seeded_orders
from nami_client.testing.config import MockConfig
from nami_client.testing.serving import serve
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from tools.spec import OPEN_ORDERS_PATH, OPERATION_PATH

_LISTING = json.dumps(
    {"status": "ok", "data": {"orders": [order_json(*key, status="NEW") for key in seeded_orders(4)]}},
    separators=(",", ":"),
).encode()


async def delete_all_orders(request: Request) -> Response:
    try:
        body = json.loads(await request.body())
        data = [order_json(int(ref["displayingId"]), ref["symbol"]) for ref in body["orders"]]
    except (ValueError, TypeError, KeyError, AttributeError, RecursionError):
        # A body it cannot read (the contract benchmark sends negative cases): 400, never a crash.
        return Response(b"", 400)
    content = json.dumps({"status": "ok", "data": data}, separators=(",", ":")).encode()
    return Response(content, 200, media_type="application/json")


async def get_open_orders(request: Request) -> Response:
    return Response(_LISTING, 200, media_type="application/json")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, required=True)
    args = parser.parse_args()
    app = Starlette(
        routes=[
            Route(OPERATION_PATH, delete_all_orders, methods=["DELETE"]),
            Route(OPEN_ORDERS_PATH, get_open_orders, methods=["GET"]),
        ]
    )
    # As tools/process.py runs the mock: no access log.
    serve(app, MockConfig(), host="127.0.0.1", port=args.port, access_log=False)


if __name__ == "__main__":
    main()

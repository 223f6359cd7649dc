"""`python -m tools.bench.floor (--port P | --fd N) [--faithful]`: the floor under the mock's throughput, and
the server bare Schemathesis is timed against.

The same endpoints served the same way (Starlette on uvicorn, with the mock's server limits),
answering each cancel with its orders cancelled and each listing with the same few orders, but with
nothing else: no key, signature or timestamp check, no schema validation, no order book. The mock's
requests per second over this server's, measured with the same clients in the same run, is what the
mock's own work costs.

`--faithful` adds one thing: a request the spec rules out (its JSON as the mock reads it, its body or
query against the spec's schemas, as the mock's `Contract` checks them) gets a 400, as from any
faithful server. Schemathesis steers its generation by which requests a server accepts, so bare
Schemathesis against a server that accepts everything does other work than against a faithful one:
the contract benchmark's baseline answers as the mock would (signature and clock aside, which the
harness makes right) and costs none of the mock's work.
"""

from __future__ import annotations

import argparse
import json

from nami_client.testing.body import parse_json
from nami_client.testing.book import order_json, seeded_orders
from nami_client.testing.config import MockConfig
from nami_client.testing.contract import Contract
from nami_client.testing.document import load_spec
from nami_client.testing.query import parse_query
from nami_client.testing.refusals import Rejected
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


def faithful_routes(config: MockConfig) -> list[Route]:
    """The routes with `--faithful`: what the spec rules out gets a 400 first."""
    contract = Contract(load_spec())

    async def delete_all_orders_faithfully(request: Request) -> Response:
        try:
            body = parse_json(await request.body(), max_values=config.max_json_values, max_depth=config.max_json_depth)
        except Rejected:
            return Response(b"", 400)
        if not isinstance(body, dict) or contract.request_problem(body) is not None:
            return Response(b"", 400)
        return await delete_all_orders(request)

    async def get_open_orders_faithfully(request: Request) -> Response:
        try:
            pairs = parse_query(request.scope["query_string"], config.max_query_bytes)
        except Rejected:
            return Response(b"", 400)
        params = dict(pairs)
        if len(params) < len(pairs) or contract.query_problem(params) is not None:  # a repeated name, as the mock
            return Response(b"", 400)
        return await get_open_orders(request)

    return [
        Route(OPERATION_PATH, delete_all_orders_faithfully, methods=["DELETE"]),
        Route(OPEN_ORDERS_PATH, get_open_orders_faithfully, methods=["GET"]),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    where = parser.add_mutually_exclusive_group(required=True)
    where.add_argument("--port", type=int)
    where.add_argument("--fd", type=int, help="serve on this inherited socket (as tools/process.py starts it)")
    parser.add_argument("--faithful", action="store_true", help="answer 400 to what the spec rules out")
    args = parser.parse_args()
    config = MockConfig()
    routes = [
        Route(OPERATION_PATH, delete_all_orders, methods=["DELETE"]),
        Route(OPEN_ORDERS_PATH, get_open_orders, methods=["GET"]),
    ]
    app = Starlette(routes=faithful_routes(config) if args.faithful else routes)
    # As tools/process.py runs the mock: no access log.
    serve(app, config, host="127.0.0.1", port=args.port or 0, access_log=False, fd=args.fd)


if __name__ == "__main__":
    main()

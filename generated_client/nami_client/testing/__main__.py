# Copied from generator/testing/__main__.py by `make generate`: edit it there, not here.
"""`python -m nami_client.testing [--host H] [--port P | --fd N] [--quiet] [--access-log]`: serve the mock in the
foreground."""

from __future__ import annotations

import argparse
import socket
import sys

from .app import create_app
from .config import DEFAULT_API_KEY, MockConfig
from .document import OPEN_ORDERS_PATH, OPERATION_PATH
from .serving import serve


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Serve the Nami Delete All Orders and Get Open Orders mock.")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument(
        "--fd",
        type=int,
        help="serve on this inherited socket, bound by the process that started the mock (which then holds its "
        "port from the start: no other process can take it in between); --host and --port are then ignored",
    )
    parser.add_argument("--quiet", action="store_true", help="no banner (errors are still printed)")
    parser.add_argument(
        "--access-log", action="store_true", help="print a line for each request (none by default, only errors)"
    )
    args = parser.parse_args(argv)
    try:
        config = MockConfig.from_env()
    except ValueError as exc:
        print(f"mock: {exc}", file=sys.stderr)
        return 2
    if args.fd is not None:
        with socket.socket(fileno=socket.dup(args.fd)) as inherited:
            args.host, args.port = inherited.getsockname()[:2]
    if not args.quiet:
        url = f"http://{args.host}:{args.port}"
        key = "the default key" if config.api_key == DEFAULT_API_KEY else "NAMI_API_KEY"
        print(f"mock: DELETE {url}{OPERATION_PATH}, GET {url}{OPEN_ORDERS_PATH} ({config.fault or 'no fault planted'})")
        print(f"mock: point the client at it with signed_client({url!r}, api_key=..., api_secret=...),")
        accounts = f" ({len(config.accounts)} accounts)" if len(config.accounts) > 1 else ""
        print(f"mock: using {key} and its secret{accounts} (see the README); Ctrl-C stops it.", flush=True)
    serve(create_app(config), config, host=args.host, port=args.port, access_log=args.access_log, fd=args.fd)
    return 0


if __name__ == "__main__":
    sys.exit(main())

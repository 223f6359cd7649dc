"""`python -m tests.mock [--host H] [--port P]`: serve the mock in the foreground."""

from __future__ import annotations

import argparse
import sys

from tests.mock.app import create_app
from tests.mock.config import DEFAULT_API_KEY, MockConfig
from tests.mock.serving import serve
from tests.spec import OPEN_ORDERS_PATH, OPERATION_PATH


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Serve the Nami Delete All Orders and Get Open Orders mock.")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--quiet", action="store_true", help="no banner and no access log")
    args = parser.parse_args(argv)
    try:
        config = MockConfig.from_env()
    except ValueError as exc:
        print(f"mock: {exc}", file=sys.stderr)
        return 2
    if not args.quiet:
        url = f"http://{args.host}:{args.port}"
        key = "the default key" if config.api_key == DEFAULT_API_KEY else "NAMI_API_KEY"
        print(f"mock: DELETE {url}{OPERATION_PATH}, GET {url}{OPEN_ORDERS_PATH} ({config.fault or 'no fault planted'})")
        print(f"mock: point the client at it with signed_client({url!r}, api_key=..., api_secret=...),")
        accounts = f" ({len(config.accounts)} accounts)" if len(config.accounts) > 1 else ""
        print(f"mock: using {key} and its secret{accounts} (see the README); Ctrl-C stops it.", flush=True)
    serve(create_app(config), config, host=args.host, port=args.port, quiet=args.quiet)
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""`nami-client` (also `python -m nami_client`): the panic button, and a look at the book first.

    nami-client cancel-all [--symbol S] [--dry-run] [--json] [--deadline SECONDS]
    nami-client open-orders [--symbol S] [--json]

Credentials come from NAMI_API_KEY and NAMI_API_SECRET, the server from --base-url or
NAMI_BASE_URL. Exit codes: 0 complete, 1 not complete (orders still open, failed, the deadline
ran out, interrupted), 2 usage or configuration, 3 credentials refused by the server (401).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable, Mapping, Sequence
from typing import IO, Any, NoReturn

from .api.spot import get_open_orders
from .error_types import AuthenticationError, InvalidRequestError, NamiError, SigningError
from .factory import DEFAULT_BASE_URL, RaisingClient, signed_client
from .models import OpenOrdersPage, OpenOrdersResponse, Order
from .orders import DEFAULT_DEADLINE, CancelReport, Progress, cancel_all
from .types import UNSET

__all__ = ["EXIT_CREDENTIALS", "EXIT_INCOMPLETE", "EXIT_OK", "EXIT_USAGE", "main"]

EXIT_OK = 0
EXIT_INCOMPLETE = 1
EXIT_USAGE = 2
EXIT_CREDENTIALS = 3

_COLUMNS = ("displayingId", "symbol", "side", "type", "price", "quantity", "status")


class _UsageError(Exception):
    """A command line or environment the tool cannot run with: exit 2."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise _UsageError(message)


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="nami-client",
        description="Cancel every open order of a Nami API key, or list them. "
        "Credentials from NAMI_API_KEY and NAMI_API_SECRET.",
        epilog="Exit codes: 0 complete, 1 not complete, 2 usage or configuration, 3 credentials refused (401).",
    )
    parser.add_argument("--base-url", help=f"the API server (default: NAMI_BASE_URL, else {DEFAULT_BASE_URL})")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    cancel = commands.add_parser("cancel-all", help="cancel every open order (of one pair with --symbol) and report")
    cancel.add_argument("--symbol", help="only the orders of this pair, e.g. BTCUSDT")
    cancel.add_argument("--dry-run", action="store_true", help="list what would be cancelled; send no cancel")
    cancel.add_argument("--json", action="store_true", help="print the report as JSON on stdout")
    cancel.add_argument(
        "--deadline",
        type=_seconds,
        default=DEFAULT_DEADLINE,
        help=f"seconds for the whole run (default {DEFAULT_DEADLINE:g})",
    )
    listing = commands.add_parser("open-orders", help="list the open orders (of one pair with --symbol)")
    listing.add_argument("--symbol", help="only the orders of this pair, e.g. BTCUSDT")
    listing.add_argument("--json", action="store_true", help="print the orders as JSON on stdout")
    return parser


def _seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of seconds: {text!r}") from None
    if not 0 < value < float("inf"):
        raise argparse.ArgumentTypeError("the deadline must be a positive number of seconds")
    return value


def _client(base_url: str | None, env: Mapping[str, str]) -> RaisingClient:
    key, secret = env.get("NAMI_API_KEY"), env.get("NAMI_API_SECRET")
    missing = [name for name, value in (("NAMI_API_KEY", key), ("NAMI_API_SECRET", secret)) if not value]
    if missing:
        raise _UsageError(f"set {' and '.join(missing)} to the API credentials")
    url = base_url or env.get("NAMI_BASE_URL") or DEFAULT_BASE_URL
    try:
        return signed_client(url, api_key=key or "", api_secret=secret or "")
    except (SigningError, ValueError, TypeError) as exc:
        raise _UsageError(str(exc)) from None


def _open_orders(client: RaisingClient, symbol: str | None) -> list[Order]:
    answer: OpenOrdersResponse = get_open_orders.sync(client=client, filter_by_pair=UNSET if symbol is None else symbol)
    orders = answer.data.orders if isinstance(answer.data, OpenOrdersPage) else answer.data
    # Only the pair asked for, even from a server that ignores the filter (as cancel_all does).
    return [order for order in orders if symbol is None or order.symbol == symbol]


def _printable(text: str) -> str:
    """Text from the server, with control characters and lone surrogates escaped: one line, always encodable."""
    return "".join(char if char.isprintable() else repr(char)[1:-1] for char in text)


def _cell(order: Order, column: str) -> str:
    value = order.to_dict().get(column, "")
    return "" if value is None else _printable(str(value))


def _table(rows: list[list[str]], out: IO[str]) -> None:
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    for row in rows:
        out.write("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip() + "\n")


def _print_orders(orders: list[Order], out: IO[str]) -> None:
    _table([list(_COLUMNS), *([_cell(order, column) for column in _COLUMNS] for order in orders)], out)
    out.write(f"{len(orders)} open order{'' if len(orders) == 1 else 's'}\n")


def _per_pair(orders: list[Order]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for order in orders:
        counts[order.symbol] = counts.get(order.symbol, 0) + 1
    return counts


def _print_report(report: CancelReport, symbol: str | None, out: IO[str]) -> None:
    seen = sum(report.listed.values())
    pairs = ", ".join(f"{_printable(pair)} {count}" for pair, count in sorted(report.listed.items()))
    where = f" of {_printable(symbol)}" if symbol is not None else f" ({pairs})" if pairs else ""
    out.write(f"first listing: {seen} open order{'' if seen == 1 else 's'}{where}\n")
    outcomes: dict[str, Sequence[object]] = {
        "cancelled": report.cancelled,
        "already gone": report.already_gone,
        "not cancelled": report.not_cancelled,
        "still open": report.still_open,
        "failed": report.failed,
    }
    _table([["outcome", "orders"], *([name, str(len(orders))] for name, orders in outcomes.items())], out)
    for item in report.not_cancelled:
        order = item.order
        out.write(f"not cancelled {order.displaying_id} {_printable(order.symbol)}: {_printable(item.status)}\n")
    for failure in report.failed:
        order = failure.order
        out.write(f"failed {order.displaying_id} {_printable(order.symbol)}: {_printable(str(failure.error))}\n")
    out.write("complete: yes\n" if report.complete else "complete: no\n")


def _live(err: IO[str]) -> Callable[[Progress], None] | None:
    """Progress on stderr, rewritten in place, when it is a terminal."""
    if not err.isatty():
        return None

    def show(progress: Progress) -> None:
        err.write(f"\rcancelled {progress.cancelled} of {progress.seen} orders seen")
        err.flush()

    return show


def _cancel_all(client: RaisingClient, args: argparse.Namespace, out: IO[str], err: IO[str]) -> int:
    if args.dry_run:
        orders = _open_orders(client, args.symbol)
        if args.json:
            document = {"dry_run": True, "listed": _per_pair(orders), "orders": [order.to_dict() for order in orders]}
            out.write(json.dumps(document, indent=2) + "\n")
        else:
            _print_orders(orders, out)
            out.write("dry run: no cancel sent\n")
        return EXIT_OK
    show = _live(err)
    report: CancelReport | None
    try:
        report = cancel_all(client, args.symbol, deadline=args.deadline, on_progress=show)
        stopped: BaseException | None = None
    except (NamiError, KeyboardInterrupt) as exc:
        report, stopped = getattr(exc, "report", None), exc
    if show is not None:
        err.write("\n")
    if stopped is not None:
        err.write(f"nami-client: stopped: {_describe(stopped)}\n")
    if report is not None:
        if args.json:
            out.write(json.dumps(report.to_dict(), indent=2) + "\n")
        else:
            _print_report(report, args.symbol, out)
    if stopped is not None:  # InvalidRequestError: the symbol, refused before the first listing was sent
        return _exit_code(stopped)
    return EXIT_OK if report is not None and report.complete else EXIT_INCOMPLETE


def _describe(exc: BaseException) -> str:
    return "interrupted" if isinstance(exc, KeyboardInterrupt) else f"{type(exc).__name__}: {_printable(str(exc))}"


def _failure(exc: BaseException) -> str:
    """What the command says of the error that ended it."""
    if isinstance(exc, _UsageError):
        return str(exc)
    if isinstance(exc, AuthenticationError):
        return f"credentials refused: {_printable(str(exc))}"
    if isinstance(exc, InvalidRequestError):
        return _printable(str(exc))
    return _describe(exc)


def _exit_code(exc: BaseException) -> int:
    """The exit code of an error that ended the command: the credentials refused, a bad argument, or incomplete."""
    if isinstance(exc, AuthenticationError):
        return EXIT_CREDENTIALS
    if isinstance(exc, _UsageError | InvalidRequestError):
        return EXIT_USAGE
    return EXIT_INCOMPLETE


def _open_orders_command(client: RaisingClient, args: argparse.Namespace, out: IO[str]) -> int:
    orders = _open_orders(client, args.symbol)
    if args.json:
        document: dict[str, Any] = {"listed": _per_pair(orders), "orders": [order.to_dict() for order in orders]}
        out.write(json.dumps(document, indent=2) + "\n")
    else:
        _print_orders(orders, out)
    return EXIT_OK


def main(
    argv: Sequence[str] | None = None,
    *,
    env: Mapping[str, str] | None = None,
    stdout: IO[str] | None = None,
    stderr: IO[str] | None = None,
) -> int:
    """Run the command line `argv` (default: the process's); returns the exit code."""
    out, err = stdout or sys.stdout, stderr or sys.stderr
    try:
        args = _parser().parse_args(argv)
        with _client(args.base_url, os.environ if env is None else env) as client:
            if args.command == "open-orders":
                return _open_orders_command(client, args, out)
            return _cancel_all(client, args, out, err)
    except (_UsageError, NamiError, KeyboardInterrupt) as exc:
        err.write(f"nami-client: {_failure(exc)}\n")
        return _exit_code(exc)


def run() -> NoReturn:
    """The console script's entry point."""
    sys.exit(main())

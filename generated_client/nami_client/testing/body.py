# Copied from generator/testing/body.py by `make generate`: edit it there, not here.
"""Reading and parsing an untrusted request body: bounded in size, time and shape."""

from __future__ import annotations

import asyncio
import json
import math
import re
from typing import Any

from starlette.requests import Request

from .refusals import Rejected, body_too_large, invalid_json

# Only a `\uD800`-`\uDFFF` escape can put a surrogate into a parsed string: raw UTF-8 cannot.
_SURROGATE_ESCAPE = re.compile(rb"\\u[dD][89a-fA-F]")


async def read_body(request: Request, limit: int, timeout_s: float) -> bytes:
    """The whole body; refused once it passes `limit` bytes or takes longer than `timeout_s`."""
    chunks, size = [], 0
    try:
        async with asyncio.timeout(timeout_s):
            async for chunk in request.stream():
                size += len(chunk)
                if size > limit:
                    raise body_too_large(limit)
                chunks.append(chunk)
    except TimeoutError:
        raise Rejected(408, 4080, "REQUEST_TIMEOUT", f"body not received within {timeout_s:g} s") from None
    return b"".join(chunks)


class _Refused(ValueError):
    """Valid JSON syntax this endpoint does not accept (a value JSON has no number for, a repeated key)."""


def _finite(text: str) -> float:
    number = float(text)
    if not math.isfinite(number):  # 1e999 parses as infinity
        raise _Refused("holds a number too large for a double")
    return number


def _no_constant(name: str) -> Any:
    raise _Refused(f"holds {name}, which is not JSON")


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    unique = dict(pairs)
    if len(unique) != len(pairs):
        raise _Refused("repeats a key in an object")
    return unique


def parse_json(raw: bytes, *, max_values: int, max_depth: int) -> Any:
    """The JSON value of `raw`, or a 400 saying what is wrong with it.

    Every value but the first opens a container or follows a comma, so counting those bytes
    bounds the values (commas inside strings count too) before anything costs time per value.
    """
    if raw.count(b",") + raw.count(b"[") + raw.count(b"{") >= max_values:
        raise invalid_json(f"holds more than {max_values} values")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise invalid_json("is not UTF-8") from None
    try:
        value = json.loads(text, parse_float=_finite, parse_constant=_no_constant, object_pairs_hook=_unique_keys)
    except _Refused as refused:
        raise invalid_json(str(refused)) from None
    except RecursionError:
        raise invalid_json(f"nests deeper than {max_depth}") from None
    except ValueError:  # a syntax error, or an integer longer than Python converts
        raise invalid_json("is not valid JSON") from None
    _check_shape(value, max_depth, strings=_SURROGATE_ESCAPE.search(raw) is not None)
    return value


def _check_shape(value: Any, max_depth: int, *, strings: bool) -> None:
    """Refuse nesting deeper than `max_depth` and, when `strings`, a lone surrogate in any string.

    Level by level, without recursion: the body may be hostile.
    """
    level, nodes = 1, [value]
    while nodes:
        if strings:
            _check_strings(nodes)
        containers = [node for node in nodes if isinstance(node, dict | list)]
        if not containers:
            return
        if level > max_depth:
            raise invalid_json(f"nests deeper than {max_depth}")
        nodes = []
        for container in containers:
            if isinstance(container, dict):
                if strings:
                    nodes += container  # its keys
                nodes += container.values()
            else:
                nodes += container
        level += 1


def _check_strings(nodes: list[Any]) -> None:
    for node in nodes:
        if isinstance(node, str) and not node.isascii():
            try:
                node.encode("utf-8")
            except UnicodeEncodeError:
                raise invalid_json("holds a lone surrogate (an unpaired \\uD800-\\uDFFF escape)") from None

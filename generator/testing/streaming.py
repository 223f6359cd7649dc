"""A long listing, sent in pieces so that the mock keeps answering everyone else meanwhile.

A listing of 100,000 orders is about 52 MB of JSON. Built and encoded in one go it would hold
the event loop (or, in a worker thread, the GIL) for seconds, and every other client would wait.
Here the envelope is rendered once with no orders, split where its empty list stands, and the
orders follow in pieces of `PIECE_ORDERS`, each rendered (so checked against the spec) on its own:
between two pieces the event loop serves other requests. The book was read once, before the
first piece, so the listing is still one instant of it.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable

from starlette.responses import Response, StreamingResponse

from .book import Key

STREAMED_ORDERS = 500  # listings longer than this are streamed
PIECE_ORDERS = 200  # a piece costs about a millisecond to build, check and encode


class PieceDrifted(RuntimeError):
    """A piece of a streamed listing broke the spec after its head was sent: the answer is cut off."""


def streamed_listing(keys: list[Key], render: Callable[[list[Key]], Response]) -> Response:
    """The answer `render(keys)` would give, streamed; `render` answers for any part of `keys`."""
    empty = render([])
    head, found, tail = bytes(empty.body).partition(b"[]")
    if empty.status_code != 200 or not found or b"[]" in tail:
        return render(keys)  # not an envelope this knows how to split: answered whole
    opening, closing = head + b"[", b"]" + tail

    async def pieces() -> AsyncIterator[bytes]:
        yield opening
        for start in range(0, len(keys), PIECE_ORDERS):
            await asyncio.sleep(0)  # others' requests run between two pieces
            piece = render(keys[start : start + PIECE_ORDERS])
            body = bytes(piece.body)
            if piece.status_code != 200 or not (body.startswith(opening) and body.endswith(closing)):
                raise PieceDrifted(f"piece at order {start} answered {piece.status_code}: {body[:300]!r}")
            yield (b"," if start else b"") + body[len(opening) : len(body) - len(closing)]
        yield closing

    headers = {name: value for name, value in empty.headers.items() if name != "content-length"}
    return StreamingResponse(pieces(), status_code=200, headers=headers)

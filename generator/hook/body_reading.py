"""Reading an answer's body within the call's size limit and deadline.

The body is read chunk by chunk as it arrives: past `limit` bytes the reading stops, the
connection is closed and `ResponseTooLargeError` is raised, so memory stays in proportion to the
limit however much the server sends. Between chunks the call's deadline is checked, so a server
that trickles bytes cannot keep the call going. Requests ask for an uncompressed answer
(`Accept-Encoding: identity`); a gzip or deflate body sent anyway is decompressed within the same limit.
"""

from __future__ import annotations

import datetime
import time
import zlib

import httpx

from .deadline import time_left
from .error_types import BODY_KEPT, InvalidResponseError, ResponseTooLargeError

__all__ = ["ACCEPT_ENCODING", "DEFAULT_MAX_LISTING_BYTES", "DEFAULT_MAX_RESPONSE_BYTES", "aread_body", "read_body"]

DEFAULT_MAX_RESPONSE_BYTES = 4 * 1024 * 1024
"""4 MiB: about 20 times the answer to a cancel of 200 orders."""

DEFAULT_MAX_LISTING_BYTES = 128 * 1024 * 1024
"""128 MiB for a listing of the open orders (`max_listing_bytes`): some 200,000 orders as the mock
writes them, so that a book of 100,000 is read with the default settings."""

_SETTING = "max_response_bytes"

ACCEPT_ENCODING = "identity"

# zlib's window bits: gzip, zlib-wrapped deflate (what "deflate" should be) and raw deflate.
_WBITS = {"gzip": [31], "x-gzip": [31], "deflate": [15, -15]}


def read_body(response: httpx.Response, limit: int, setting: str = _SETTING, *, started: float) -> httpx.Response:
    """The response with its whole body, read here so that a connection dropped mid-body is retried
    too. Past `limit` bytes, `ResponseTooLargeError` names `setting`, the one to raise."""
    if response.is_stream_consumed:  # a body already in memory: a transport given by the caller
        return _in_memory(response, limit, started, setting)
    chunks: list[bytes] = []
    size = 0
    try:
        for chunk in response.iter_raw():
            size += len(chunk)
            _check(response, chunks, size, limit, setting)
            chunks.append(chunk)
    finally:
        response.close()
    return _finished(response, b"".join(chunks), limit, started, setting)


async def aread_body(
    response: httpx.Response, limit: int, setting: str = _SETTING, *, started: float
) -> httpx.Response:
    if response.is_stream_consumed:
        return _in_memory(response, limit, started, setting)
    chunks: list[bytes] = []
    size = 0
    try:
        async for chunk in response.aiter_raw():
            size += len(chunk)
            _check(response, chunks, size, limit, setting)
            chunks.append(chunk)
    finally:
        await response.aclose()
    return _finished(response, b"".join(chunks), limit, started, setting)


def _check(response: httpx.Response, chunks: list[bytes], size: int, limit: int, setting: str) -> None:
    if size > limit:
        first = bytearray()
        for chunk in chunks:  # the error keeps only the first bytes: do not copy the rest
            first += chunk[: BODY_KEPT - len(first)]
        raise ResponseTooLargeError(response.status_code, bytes(first), response.headers, limit=limit, setting=setting)
    left = time_left()
    if left is not None and left <= 0:
        raise httpx.ReadTimeout("the call's deadline passed while the answer was arriving")


def _in_memory(response: httpx.Response, limit: int, started: float, setting: str) -> httpx.Response:
    if len(response.content) > limit:
        raise ResponseTooLargeError(
            response.status_code, response.content, response.headers, limit=limit, setting=setting
        )
    response.elapsed = datetime.timedelta(seconds=time.perf_counter() - started)
    return response


def _finished(response: httpx.Response, raw: bytes, limit: int, started: float, setting: str) -> httpx.Response:
    """A response holding `raw`, decoded, under the same status, headers and extensions."""
    encoding = response.headers.get("content-encoding", "identity").strip().lower()
    body = raw if encoding in ("", "identity") else _decompressed(response, raw, encoding, limit, setting)
    # Built without headers, so that httpx does not decode `body` again; then given the real ones.
    finished = httpx.Response(response.status_code, content=body, extensions=response.extensions)
    finished.headers = response.headers
    finished.elapsed = datetime.timedelta(seconds=time.perf_counter() - started)
    return finished


def _decompressed(response: httpx.Response, raw: bytes, encoding: str, limit: int, setting: str) -> bytes:
    for wbits in _WBITS.get(encoding, []):
        decompressor = zlib.decompressobj(wbits)
        try:
            body = decompressor.decompress(raw, limit + 1)
        except zlib.error:
            continue
        if len(body) > limit:
            raise ResponseTooLargeError(response.status_code, raw, response.headers, limit=limit, setting=setting)
        return body
    problem = f"the answer is encoded as {encoding[:40]!r}, which the client did not ask for and cannot read"
    raise InvalidResponseError(response.status_code, raw, response.headers, problem=problem)

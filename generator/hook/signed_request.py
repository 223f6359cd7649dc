"""Rebuilding a request with what signing adds: a signed JSON body or query string, and the key header."""

from __future__ import annotations

import httpx

__all__ = ["with_body", "with_query"]


def with_body(request: httpx.Request, body: bytes, api_key: str) -> httpx.Request:
    """A copy of `request` with `body` and the key header, the headers in the order `content=` gives.

    Built from the raw header pairs and a stream, with its Content-Length set here: `content=`
    would run httpx's request encoding again, and editing a copy of `httpx.Headers` normalises the
    whole list on each change, either costing as much as the signing itself.
    """
    headers = [pair for pair in request.headers.raw if pair[0].lower() != b"content-length"]
    headers += [(b"x-api-key", api_key.encode()), (b"Content-Length", b"%d" % len(body))]
    signed = httpx.Request(
        request.method, request.url, headers=headers, stream=httpx.ByteStream(body), extensions=request.extensions
    )
    signed.read()  # so that `signed.content` is there, as with `content=`
    return signed


def with_query(request: httpx.Request, query: str, api_key: str) -> httpx.Request:
    """A copy of `request` (which has no body) with `query` as its query string and the key header."""
    headers = request.headers.copy()
    headers["x-api-key"] = api_key
    url = request.url.copy_with(query=query.encode())
    return httpx.Request(request.method, url, headers=headers, extensions=request.extensions)

# Copied from generator/testing/query.py by `make generate`: edit it there, not here.
"""Reading an untrusted query string as JavaScript's `URLSearchParams` does, bounded in size.

URLSearchParams splits on `&` (skipping empty pieces), splits each piece at its first `=`, reads
`+` as a space, percent-decodes to bytes and decodes those as UTF-8, each invalid sequence
becoming U+FFFD (`%ED%A0%80`, a surrogate's encoding, is three of them). Python's UTF-8 decoder
replaces the same maximal subparts, so a lone surrogate can never reach the signature check.
"""

from __future__ import annotations

from urllib.parse import unquote_to_bytes

from .refusals import invalid_query, query_too_long


def _decode(raw: bytes) -> str:
    return unquote_to_bytes(raw.replace(b"+", b" ")).decode("utf-8", "replace")


def parse_query(raw: bytes, max_bytes: int) -> list[tuple[str, str]]:
    """The (name, value) pairs of a query string, in order; refused when too long, or when it holds
    a byte a request target may not (RFC 9112: printable ASCII only)."""
    if len(raw) > max_bytes:
        raise query_too_long(max_bytes)
    if not (raw.isascii() and raw.decode("ascii").isprintable()) or b" " in raw:
        raise invalid_query("the query string holds a byte a URL may not: percent-encode it")
    pairs = []
    for piece in raw.split(b"&"):
        if piece:
            name, _, value = piece.partition(b"=")
            pairs.append((_decode(name), _decode(value)))
    return pairs

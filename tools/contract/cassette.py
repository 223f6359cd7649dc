"""The run's cassette (reports/contract/cassette.yaml) written faster, byte for byte as Schemathesis writes it.

Schemathesis writes each request and response body of its VCR cassette as a YAML double-quoted
string, escaping it one character at a time in Python: with the mock's listings (about 20 kB each)
that was about half a second of a run's CPU, taken from the test phases. `write_double_quoted` here
escapes the same characters the same way: the quote and the backslash (JSON is full of them) with
`str.replace`, anything else, rarely there, with one regular expression; `install()` puts it in
Schemathesis' place (the hooks call it). Sanitization is untouched: it happens before any text gets
here. tests/test_contract_cassette.py holds it to Schemathesis' own output.
"""

from __future__ import annotations

import re
from typing import IO

from schemathesis.reporting import vcr
from yaml.emitter import Emitter

# What Schemathesis' writer escapes besides the quote and the backslash: anything outside printable
# ASCII and the Unicode ranges YAML allows unescaped, and NEL, the line and paragraph separators
# (U+2028, U+2029), the BOM (U+FEFF). One class, the ranges cut around those: three times faster
# than the class and an alternative, which the engine tried at every character.
_OTHER_ESCAPED = re.compile("[^\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd]")


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    if char in Emitter.ESCAPE_REPLACEMENTS:
        return "\\" + Emitter.ESCAPE_REPLACEMENTS[char]
    if char <= "\xff":
        return f"\\x{ord(char):02X}"
    if char <= "\uffff":
        return f"\\u{ord(char):04X}"
    return f"\\U{ord(char):08X}"


def write_double_quoted(stream: IO[str], text: str | None) -> None:
    """Write `text` as a YAML double-quoted string (`null` for None), as Schemathesis' writer does."""
    if text is None:
        stream.write("null")
        return
    quoted = text.replace("\\", "\\\\").replace('"', '\\"')  # first: the escapes below bring backslashes
    if not (quoted.isascii() and quoted.isprintable()):  # printable ASCII (most bodies) needs no other escape
        quoted = _OTHER_ESCAPED.sub(_escape, quoted)
    stream.write(f'"{quoted}"')


ORIGINAL = vcr.write_double_quoted


def install() -> None:
    """Make Schemathesis' cassette writer use `write_double_quoted` (it looks the name up at each call)."""
    vcr.write_double_quoted = write_double_quoted

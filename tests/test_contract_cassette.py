"""The harness's cassette writer writes every string exactly as Schemathesis' own does, and the
hooks put it in place."""

from __future__ import annotations

import importlib
import io
import random

import pytest
import yaml
from schemathesis.reporting import vcr

from tools.contract import cassette

# Every kind of character the writer treats apart: controls, the quote and the backslash, NEL, the
# no-break space, the line and paragraph separators, lone surrogates, the BOM, U+FFFE, astral planes.
SPECIAL = (
    '\x00\x07\t\n\r\x1b\x1f"\\ ~\x7f\x80\x85\x9f\xa0é\u2027\u2028\u2029\ud7ff\ud800\udfff\ue000\ufeff\ufffd\ufffe\uffff'
)
ASTRAL = "\U00010000\U0001f600\U0010ffff"


def written(write: object, text: str | None) -> str:
    stream = io.StringIO()
    write(stream, text)  # type: ignore[operator]
    return stream.getvalue()


@pytest.mark.parametrize(
    "text",
    [
        None,
        "",
        SPECIAL,
        ASTRAL,
        '{"status":"ok","data":{"orders":[{"displayingId":1,"symbol":"BTCUSDT"}]}}',
        '\\"\\\\"',  # backslashes before quotes: escaped once each, in the right order
        "".join(chr(code) for code in range(0x3000)),
        "".join(chr(code) for code in range(0x3000, 0x10000)),  # the rest of the BMP: the class's cut ranges
        "".join(chr(code) for code in range(0x20, 0x7F)),  # printable ASCII: written without the regex
    ],
)
def test_strings_are_written_as_schemathesis_writes_them(text: str | None) -> None:
    assert written(cassette.write_double_quoted, text) == written(cassette.ORIGINAL, text)


def test_random_strings_of_special_characters_are_written_as_schemathesis_writes_them() -> None:
    pool = SPECIAL + ASTRAL + "ab{}:,"
    generator = random.Random(19)
    for _ in range(500):
        text = "".join(generator.choice(pool) for _ in range(generator.randint(0, 40)))
        assert written(cassette.write_double_quoted, text) == written(cassette.ORIGINAL, text), repr(text)


def test_what_is_written_reads_back_as_the_same_string() -> None:
    text = SPECIAL.replace("\ud800", "").replace("\udfff", "") + ASTRAL  # YAML has no lone surrogates
    assert yaml.safe_load(written(cassette.write_double_quoted, text)) == text


def test_the_hooks_install_the_writer_in_schemathesis_place() -> None:
    importlib.import_module("tools.contract.hooks")
    assert vcr.write_double_quoted is cassette.write_double_quoted

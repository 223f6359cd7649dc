"""The generated models' rarely taken paths: what runs when an inline check of `from_dict` fails.

Every generated `from_dict` (template override generator/templates/model.py.jinja) checks each
value inline as it reads it. The functions here run only when an inline check fails: they accept
what the spec allows but the inline check does not cover (an integer written as `2.0`), or raise
`SpecViolation` (defined with the other errors, in `nami_client.error_types`). Nothing here runs
for a value that fits.
"""

from __future__ import annotations

import datetime
from typing import NoReturn

from .error_types import SpecViolation
from .types import Unset

__all__ = ["integral", "iso_datetime", "json_type", "reject", "reject_unknown"]


def json_type(value: object) -> str:
    """What a value is, in the spec's words."""
    if isinstance(value, Unset):
        return "nothing (the field is missing)"
    for kind, name in _JSON_TYPES:
        if isinstance(value, kind):
            return name
    return f"a {type(value).__name__}"


_JSON_TYPES: tuple[tuple[type, str], ...] = (
    (type(None), "null"),
    (bool, "a boolean"),  # before int: a bool is an int in Python
    (int, "an integer"),
    (float, "a number"),
    (str, "a string"),
    (list, "an array"),
    (dict, "an object"),
)


def reject(value: object, field: str | None, expected: str) -> NoReturn:
    """Raise the violation of `value`, read from `field` of the object being parsed (None: the object itself)."""
    raise SpecViolation(expected, json_type(value), () if field is None else (field,))


# Beyond 2^53 a float no longer holds every integer: such a value may have lost digits on the way.
_EXACT_FLOAT_INTEGERS = 2**53


def integral(value: object, field: str | None, expected: str) -> int:
    """`value` as an integer, when the spec's "integer" allows it though the inline check did not: `2.0`."""
    if type(value) is float and value.is_integer() and abs(value) <= _EXACT_FLOAT_INTEGERS:
        return int(value)
    reject(value, field, expected)


def iso_datetime(value: str, field: str | None) -> datetime.datetime:
    """A `date-time` string (RFC 3339, e.g. `2024-07-01T10:25:46.327Z`) as a datetime."""
    try:
        return datetime.datetime.fromisoformat(value)
    except ValueError:
        raise SpecViolation(
            "a date-time string", "a string that is not one", () if field is None else (field,)
        ) from None


def reject_unknown(fields: dict[str, object]) -> NoReturn:
    """Raise for the first field of an object whose schema allows no fields beyond its own."""
    raise SpecViolation("no other field", "a field the schema does not list", (next(iter(fields)),))

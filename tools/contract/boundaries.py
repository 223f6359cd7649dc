"""Boundary cases derived from the spec's request schemas, and what a server must answer to each.

Walking the request body's schema (not a hand list), every limit it sets gives a value at its edge,
one just past it and one far past it (a server that checks the wrong thing, truthiness instead of
`>= 1` say, refuses the value next to the edge and takes the far one), and a number limit a value
of the other sign too: `minimum`/`maximum` (and their exclusive forms), `minItems`/`maxItems`,
`minLength`/`maxLength` (counted in code points, as JSON Schema counts them, with ASCII and astral
characters), and the length a `pattern` of one repeated character class allows. Every field is
also sent in forms its schema may rule out (each JSON type, an integral float, a fraction, case
and sign and padding changes of its text), missing when required, and with an unknown property
beside it when none is allowed.

Get Open Orders' query is walked the same way, as one object of its parameters (each with its own
schema, no other allowed, as its description says), with each parameter also given twice; every
value is sent as the text `URLSearchParams` makes of it, and judged as the server reads it back.

Each case starts from the spec's request example and is correctly signed with a fresh timestamp,
except where the case is about `timestamp` or `signature` itself: then the timestamp is the case's
value (built from the current time where the form allows) and the signature is true for it, or the
signature is the true one in another form. What the server must answer follows from validating
the body sent against the spec, not from a table: see `expectation`.
"""

from __future__ import annotations

import copy
import json
import math
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from nami_client.testing.json_pointer import resolve_pointer
from nami_client.testing.signatures import with_signature

from tools.contract.schema_walk import resolved
from tools.contract.signing import SIGNATURE, TIMESTAMP, read_query
from tools.contract.validation import Validators

Signer = Callable[[Mapping[str, Any], str], dict[str, Any]]

EDGE, PAST, FORM = "edge", "past", "form"
FAR_NUMBER = 1_000_000  # how far past a number limit the far value lies (at least; more for large limits)
FAR_LENGTH = 1_000  # how many characters or items past a length limit
HOUR_MS = 3_600_000
FRESH_MS = 60_000  # a timestamp this close to the harness's clock is fresh for any sane window
ASTRAL = "\U0001d538"  # MATHEMATICAL DOUBLE-STRUCK CAPITAL A: 1 code point, 2 UTF-16 units, 4 UTF-8 bytes
UNKNOWN_PROPERTY = "x-unknown-property"
MISSING = "<missing>"

# The checks that judge boundary cases (as the hooks register them).
ACCEPTED = "valid_edge_cases_accepted"
LIMITS = "limits_enforced"
FORMS = "wrong_forms_rejected"
WINDOW = "timestamp_window_enforced"

Path = tuple[str | int, ...]


@dataclass(frozen=True)
class Variant:
    """One boundary case: the value at `path` is `render(seed)`, or the property is removed."""

    path: Path
    label: str
    kind: str  # EDGE (a value at a limit), PAST (just past it) or FORM
    render: Callable[[Any], Any] | None  # None: the property is missing

    @property
    def where(self) -> str:
        return "/".join(map(str, self.path)) or "(body)"


@dataclass(frozen=True)
class Expectation:
    check: str
    statuses: frozenset[int] | None  # None: any 2xx

    def met_by(self, status: int) -> bool:
        return 200 <= status < 300 if self.statuses is None else status in self.statuses

    @property
    def text(self) -> str:
        return "2xx" if self.statuses is None else " or ".join(map(str, sorted(self.statuses)))


# --- deriving the variants -------------------------------------------------------------------------


def _number_edges(node: dict[str, Any]) -> Iterator[tuple[str, str, Any]]:
    """(label, kind, value) for each numeric limit of a schema node."""
    integer = node.get("type") == "integer"

    def step(value: float, up: bool) -> float:
        return value + (1 if up else -1) if integer else math.nextafter(value, math.inf if up else -math.inf)

    def far(value: float, up: bool) -> float:
        distance = max(FAR_NUMBER, abs(value) * 1000)
        return value + distance if up else value - distance

    for keyword, up in (("minimum", False), ("maximum", True)):
        if keyword in node:
            edge = node[keyword]
            yield f"{keyword} {edge}", EDGE, edge
            yield f"just past {keyword} {edge}", PAST, step(edge, up)
            yield f"far past {keyword} {edge}", PAST, far(edge, up)
            if edge:
                yield f"{keyword} {edge} with the other sign", PAST, -edge
    for keyword, up in (("exclusiveMinimum", False), ("exclusiveMaximum", True)):
        if keyword in node:
            bound = node[keyword]
            yield f"just inside {keyword} {bound}", EDGE, step(bound, not up)
            yield f"{keyword} {bound} itself", PAST, bound
            yield f"far past {keyword} {bound}", PAST, far(bound, up)
            if bound:
                yield f"{keyword} {bound} with the other sign", PAST, -bound


_REPEATED_CLASS = re.compile(r"\^(\[(?P<cls>[^\]^][^\]]*)\]|\\d)\{(?P<lo>\d+)(,(?P<hi>\d*))?\}\$")


def pattern_lengths(pattern: str) -> tuple[int, int | None, str] | None:
    """(min, max, a character the pattern allows) for `^[class]{m,n}$`-shaped patterns, else None."""
    match = _REPEATED_CLASS.fullmatch(pattern)
    if match is None:
        return None
    lo, hi = int(match["lo"]), match["hi"]
    high = lo if hi is None else (int(hi) if hi else None)
    return lo, high, match["cls"][0] if match["cls"] else "0"


def _fit(text: str, length: int, fill: str) -> str:
    """`text` cut or left-padded with `fill` to `length` code points (padding keeps digits' value)."""
    return text[:length] if len(text) >= length else fill * (length - len(text)) + text


def _length_edges(node: dict[str, Any]) -> Iterator[tuple[str, str, Callable[[Any], Any]]]:
    """Lengths at and just past each length limit; labels name the keyword, e.g. `(maxLength 32)`."""
    limits: list[tuple[str, int, int, list[tuple[str, str]]]] = []
    alphabets = [("ASCII", "A"), ("astral", ASTRAL)]
    if "minLength" in node:
        limits.append((f"minLength {node['minLength']}", node["minLength"], -1, alphabets))
    if "maxLength" in node:
        limits.append((f"maxLength {node['maxLength']}", node["maxLength"], 1, alphabets))
    shaped = pattern_lengths(node["pattern"]) if "pattern" in node else None
    if shaped is not None:
        low, high, fill = shaped
        padded = [(f"{fill!r}-padded", fill)]
        limits.append((f"pattern {node['pattern']}, at least {low}", low, -1, padded))
        if high is not None:
            limits.append((f"pattern {node['pattern']}, at most {high}", high, 1, padded))
    for name, edge, outward, fills in limits:
        for length, kind in ((edge, EDGE), (edge + outward, PAST)):
            if length >= 0:
                for alphabet, fill in fills:
                    yield f"{length} {alphabet} characters ({name})", kind, _sized_text(length, fill)
        if outward > 0:  # far past, in the first alphabet only: a long run of astral characters says no more
            far, (alphabet, fill) = edge + FAR_LENGTH, fills[0]
            yield f"{far} {alphabet} characters, far past ({name})", PAST, _sized_text(far, fill)


def _constant(value: Any) -> Callable[[Any], Any]:
    return lambda _seed: value


def _sized_text(length: int, fill: str) -> Callable[[Any], Any]:
    """Astral characters only (so every one counts), or the field's own text cut or padded."""
    if fill == ASTRAL:
        return _constant(ASTRAL * length)
    return lambda seed: _fit(_text(seed), length, fill)


def _sized_items(count: int) -> Callable[[Any], Any]:
    return lambda seed: _distinct_items(seed, count)


def _text(seed: Any) -> str:
    return seed if isinstance(seed, str) else json.dumps(seed)


def _distinct_items(items: list[Any], count: int) -> list[Any]:
    """`count` items made from the example's, told apart by offsetting their integer fields."""
    made = []
    for index in range(count):
        item = copy.deepcopy(items[index % len(items)])
        if isinstance(item, dict):
            for key, value in item.items():
                if isinstance(value, int) and not isinstance(value, bool):
                    item[key] = value + index
        made.append(item)
    return made


def _item_edges(node: dict[str, Any]) -> Iterator[tuple[str, str, Callable[[Any], Any]]]:
    for keyword, delta in (("minItems", -1), ("maxItems", 1)):
        if keyword in node:
            edge = node[keyword]
            far = edge + FAR_LENGTH if delta > 0 else -1
            for count, kind in ((edge, EDGE), (edge + delta, PAST), (far, PAST)):
                if count >= 0:
                    label = ", far past" if count == far else ""
                    yield f"{count} items{label} ({keyword} {edge})", kind, _sized_items(count)


def _as_integer(seed: Any) -> int:
    if isinstance(seed, int) and not isinstance(seed, bool):
        return seed
    if isinstance(seed, str) and seed.isdigit():
        return int(seed)
    return 1


def _forms(value: Any) -> Iterator[tuple[str, Callable[[Any], Any]]]:
    """Every JSON type, and near misses of a scalar's text, each built from the field's own value."""
    yield "null", lambda seed: None
    yield "a boolean", lambda seed: not seed if isinstance(seed, bool) else True
    yield "an integer", _as_integer
    yield "an integral float", lambda seed: float(_as_integer(seed))
    yield "a fraction", lambda seed: _as_integer(seed) + 0.5
    yield "its text as a string", _text
    yield "an array of it", lambda seed: [seed]
    yield "an object holding it", lambda seed: {"value": seed}
    if isinstance(value, str) or (isinstance(value, int) and not isinstance(value, bool)):
        yield "its text upper-cased", lambda seed: _text(seed).upper()
        yield "its text lower-cased", lambda seed: _text(seed).lower()
        yield "its text after a space", lambda seed: " " + _text(seed)
        yield "its text with a plus sign", lambda seed: "+" + _text(seed)
        yield "its text with a decimal point", lambda seed: _text(seed) + ".0"


def derive(spec: dict[str, Any], schema: Any, example: dict[str, Any]) -> list[Variant]:
    """The boundary variants of a request body schema, for bodies shaped as `example`."""
    variants: list[Variant] = []
    _walk(spec, schema, (), example, variants)
    variants.append(Variant((TIMESTAMP,), "an hour ahead", EDGE, lambda now: now + HOUR_MS))
    variants.append(Variant((TIMESTAMP,), "an hour old", EDGE, lambda now: now - HOUR_MS))
    return variants


def derive_query(spec: dict[str, Any], schema: Any, example: dict[str, Any]) -> list[Variant]:
    """The boundary variants of a query (`schema` an object of its parameters), each parameter also
    given twice."""
    twice = [Variant((name,), "given twice", FORM, lambda seed: [seed, seed]) for name in example]
    return derive(spec, schema, example) + twice


def _walk(spec: dict[str, Any], node: Any, path: Path, value: Any, out: list[Variant]) -> None:
    node = resolved(spec, node)
    if not isinstance(node, dict):
        return
    branches = [resolved(spec, branch) for branch in node.get("oneOf", []) + node.get("anyOf", [])] or [node]
    for branch in branches:
        out += [Variant(path, label, kind, _constant(v)) for label, kind, v in _number_edges(branch)]
        out += [Variant(path, label, kind, render) for label, kind, render in _length_edges(branch)]
        out += [Variant(path, label, kind, render) for label, kind, render in _item_edges(branch)]
    if path:
        out += [Variant(path, label, FORM, render) for label, render in _forms(value)]
    properties = node.get("properties", {})
    if isinstance(value, dict):
        for name in node.get("required", []):
            if name != SIGNATURE:  # a body without its signature only tests authentication
                out.append(Variant((*path, name), "missing", FORM, None))
        if node.get("additionalProperties") is False:
            out.append(Variant((*path, UNKNOWN_PROPERTY), "an unknown property", FORM, lambda _seed: 1))
        for name, child in properties.items():
            if name in value or name in (TIMESTAMP, SIGNATURE):
                _walk(spec, child, (*path, name), value.get(name), out)
    if isinstance(value, list) and value and "items" in node:
        _walk(spec, node["items"], (*path, 0), value[0], out)


# --- building and judging one case ----------------------------------------------------------------


def _parent(body: Any, path: Path) -> Any:
    for step in path[:-1]:
        body = body[step]
    return body


def value_at(body: Any, path: Path) -> Any:
    """The value at `path`, or MISSING when the property is absent."""
    parent = _parent(body, path)
    return parent.get(path[-1], MISSING) if isinstance(parent, dict) else parent[path[-1]]


def build(
    variant: Variant, example: dict[str, Any], secret: str, now_ms: int, sign: Signer = with_signature
) -> dict[str, Any]:
    """The request to send for a variant (a body, or a query's values): signed by `sign`, its timestamp
    fresh unless the variant is the timestamp."""
    body = copy.deepcopy(example)
    body.pop(SIGNATURE, None)
    body[TIMESTAMP] = now_ms
    if variant.path[0] == SIGNATURE:
        body = sign(body, secret)
    parent, key = _parent(body, variant.path), variant.path[-1]
    if variant.render is None:
        del parent[key]
    else:
        seed = now_ms if variant.path == (TIMESTAMP,) else parent.get(key) if isinstance(parent, dict) else parent[key]
        parent[key] = variant.render(seed)
    return body if variant.path[0] == SIGNATURE else sign(body, secret)


def _fresh(timestamp: Any, now_ms: int) -> bool:
    try:
        return abs(int(float(timestamp)) - now_ms) <= FRESH_MS
    except (TypeError, ValueError, OverflowError):
        return False


def expectation(validators: Validators, variant: Variant, body: dict[str, Any], now_ms: int) -> Expectation:
    """What the spec says a server must answer to `body` (see `_expected`)."""
    return _expected(validators.request.is_valid(body), variant, body.get(TIMESTAMP), now_ms)


def query_expectation(validators: Validators, variant: Variant, query: str, now_ms: int) -> Expectation:
    """What the spec says a server must answer to the query string `query`, read as the server reads it
    (a parameter given twice breaks the query)."""
    pairs = read_query(query)
    read = dict(pairs)
    valid = len(read) == len(pairs) and validators.query.is_valid(read)
    return _expected(valid, variant, read.get(TIMESTAMP), now_ms)


def _expected(valid: bool, variant: Variant, timestamp: Any, now_ms: int) -> Expectation:
    """Valid with a fresh timestamp: accepted (2xx). Valid but with a timestamp far from now: 401 or
    403 (stale). Invalid: 400, or also 401/403 when the fault is in a signing field (a malformed
    timestamp or signature may be refused as authentication).
    """
    if valid:
        if _fresh(timestamp, now_ms):
            return Expectation(ACCEPTED, None)
        return Expectation(WINDOW, frozenset({401, 403}))
    statuses = frozenset({400, 401, 403}) if variant.path[0] in (TIMESTAMP, SIGNATURE) else frozenset({400})
    return Expectation(LIMITS if variant.kind in (EDGE, PAST) else FORMS, statuses)


def query_example(validators: Validators) -> tuple[dict[str, Any], dict[str, Any]]:
    """Get Open Orders' query as one object schema, and the example of each parameter."""
    parameters = [p for p in validators.listing["parameters"] if p["in"] == "query"]
    example = {p["name"]: p["example"] for p in parameters if "example" in p}
    if len(example) != len(parameters):
        raise ValueError("every query parameter of Get Open Orders needs an example")
    return validators.query_schema(), example


def request_example(spec: dict[str, Any], request_schema_pointer: str) -> tuple[Any, dict[str, Any]]:
    """The request body schema and its example (the base every variant starts from)."""
    schema = resolve_pointer(spec, request_schema_pointer)
    example = resolved(spec, schema).get("example")
    if not isinstance(example, dict):
        raise ValueError(f"the request schema at {request_schema_pointer} has no object example")
    return schema, example

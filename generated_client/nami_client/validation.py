# Copied from generator/hook/validation.py by `make generate`: edit it there, not here.
"""The check of a request against the spec, before it is signed or sent.

The rules are the request schemas and query parameters of the spec, written into
`nami_client.spec` when the package is generated: a change of the spec moves them. A request that breaks one raises
`InvalidRequestError`, naming the field and the rule (`orders: 201 items, at most 200`). The
limits the spec marks as assumptions (`x-nami-assumed`: 200 orders, 32-character symbols, ...)
are checked unless the caller turns them off: `signed_client(..., enforce_assumed_limits=False)`.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from typing import Any

import orjson

from . import json_codec
from .error_types import InvalidRequestError
from .record_columns import Column, columns_test
from .spec import REQUEST_BODY_RULES, REQUEST_QUERY_RULES

__all__ = ["RequestCheck", "encodable_query", "encode_body"]


def encode_body(body: Any) -> bytes:
    """A request body as compact UTF-8 JSON, or `InvalidRequestError` naming what cannot be sent.

    The generated functions encode the body before the transport checks it, so what cannot be
    encoded at all (a lone surrogate, which is not Unicode) is refused here, as the check would."""
    try:
        return orjson.dumps(body)
    except orjson.JSONEncodeError:
        pass
    problems: list[str] = []
    _unencodable(body, "", problems)
    if problems:
        raise InvalidRequestError(problems)
    try:
        return json_codec.json_module_dumps(body)  # what orjson will not write: integers beyond 64 bits
    except (TypeError, ValueError) as exc:
        raise InvalidRequestError([f"the body cannot be written as JSON ({type(exc).__name__})"]) from None


def encodable_query(params: dict[str, Any]) -> dict[str, Any]:
    """The query parameters, or `InvalidRequestError` naming one that cannot be sent as UTF-8 (a
    lone surrogate), before httpx would fail to build the URL with a bare `UnicodeEncodeError`."""
    problems: list[str] = []
    for name, value in params.items():
        _unencodable(value, name, problems)
    if problems:
        raise InvalidRequestError(problems)
    return params


def _unencodable(value: Any, where: str, problems: list[str]) -> None:
    if isinstance(value, str):
        try:
            value.encode()
        except UnicodeEncodeError:
            problems.append(f"{where or '(body)'}: a lone surrogate, not Unicode text: it cannot be sent as UTF-8")
    elif isinstance(value, dict):
        for key, item in value.items():
            _unencodable(item, _join(where, str(key)), problems)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            _unencodable(item, f"{where}[{index}]", problems)


_ASSUMED = " (an assumed limit: signed_client(..., enforce_assumed_limits=False) lifts it)"
_JSON_TYPES = {
    "null": lambda v: v is None,
    "boolean": lambda v: isinstance(v, bool),
    "integer": lambda v: (isinstance(v, int) and not isinstance(v, bool)) or (isinstance(v, float) and v.is_integer()),
    "number": lambda v: isinstance(v, int | float) and not isinstance(v, bool) and math.isfinite(v),
    "string": lambda v: isinstance(v, str),
    "array": lambda v: isinstance(v, list),
    "object": lambda v: isinstance(v, dict),
}


class RequestCheck:
    """Called with each request before it is signed; raises `InvalidRequestError` for a broken rule.

    Each rule is compiled into a quick yes-or-no test when the check is built; only a request that
    fails it is walked again to name every broken rule.
    """

    def __init__(self, *, enforce_assumed_limits: bool = True) -> None:
        self.enforce_assumed_limits = enforce_assumed_limits
        self._quick = {key: _quick(rule, enforce_assumed_limits) for key, rule in REQUEST_BODY_RULES.items()}
        self._quick_query = {key: _quick(rule, enforce_assumed_limits) for key, rule in REQUEST_QUERY_RULES.items()}

    def __repr__(self) -> str:
        return f"RequestCheck(enforce_assumed_limits={self.enforce_assumed_limits})"

    def __call__(self, method: str, path: str, params: Any, *, in_query: bool = False) -> None:
        """Check the parameters of a `method` request to `path`: its parsed JSON body, or with
        `in_query` its query's (a request without a body)."""
        key = (method, path)
        quick = (self._quick_query if in_query else self._quick).get(key)
        if quick is None:
            if in_query and key in REQUEST_BODY_RULES:
                raise InvalidRequestError(["(body): required, a JSON object"])
            return
        if quick(params):
            return
        problems: list[str] = []
        rules = REQUEST_QUERY_RULES if in_query else REQUEST_BODY_RULES
        _problems(rules[key], params, "", problems, self.enforce_assumed_limits)
        if problems:
            raise InvalidRequestError(problems)


def _problems(rule: dict[str, Any], value: Any, where: str, problems: list[str], enforce_assumed: bool) -> None:
    """Adds to `problems` each rule `value` breaks, as `field: what is wrong`."""
    kind = rule.get("type")
    if kind is not None:
        kinds = kind if isinstance(kind, list) else [kind]
        if not any(_JSON_TYPES[k](value) for k in kinds):
            problems.append(f"{where or '(body)'}: {_describe(value)}, not {' or '.join(kinds)}")
            return  # the other rules are about a value of the right type
    limits = _limits(rule, enforce_assumed)
    if limits:
        problems += [f"{where or '(body)'}: {problem}" for problem in _broken(limits, value)]
    if isinstance(value, dict):
        properties = rule.get("properties", {})
        for name in rule.get("required", ()):
            if name not in value:
                problems.append(f"{_join(where, name)}: required")
        for name, item in value.items():
            sub = properties.get(name)
            if sub is not None:
                _problems(sub, item, _join(where, name), problems, enforce_assumed)
            elif rule.get("additionalProperties") is False:
                problems.append(f"{_join(where, name)}: not allowed here")
    elif isinstance(value, list) and "items" in rule:
        for index, item in enumerate(value):
            _problems(rule["items"], item, f"{where}[{index}]", problems, enforce_assumed)


def _limits(rule: dict[str, Any], enforce_assumed: bool) -> dict[str, tuple[Any, str]]:
    """The rule's limits that apply: keyword -> (its value, what to add to its message)."""
    assumed = rule.get("assumed", ())
    return {
        keyword: (rule[keyword], _ASSUMED if keyword in assumed else "")
        for keyword in _LIMITS
        if keyword in rule and (enforce_assumed or keyword not in assumed)
    }


_LIMITS = ("minItems", "maxItems", "minLength", "maxLength", "minimum", "maximum", "pattern", "enum", "const")
_BOUNDS: dict[str, tuple[Any, Callable[[Any], str], str]] = {  # keyword: (what it measures, how to show it, words)
    "minItems": (list, lambda v: f"{len(v)} items", "at least"),
    "maxItems": (list, lambda v: f"{len(v)} items", "at most"),
    "minLength": (str, lambda v: f"{len(v)} characters", "at least"),
    "maxLength": (str, lambda v: f"{len(v)} characters", "at most"),
    "minimum": (int | float, lambda v: _describe(v), "at least"),
    "maximum": (int | float, lambda v: _describe(v), "at most"),
}


def _broken(limits: dict[str, tuple[Any, str]], value: Any) -> list[str]:
    problems = []
    for keyword, (limit, note) in limits.items():
        if keyword in _BOUNDS:
            kind, show, words = _BOUNDS[keyword]
            if not isinstance(value, kind) or isinstance(value, bool):
                continue
            measure = len(value) if isinstance(value, list | str) else value
            if measure < limit if words == "at least" else measure > limit:
                problems.append(f"{show(value)}, {words} {limit}{note}")
        elif keyword == "pattern":
            if isinstance(value, str) and re.search(limit, value) is None:
                problems.append(f"{_describe(value)} does not match {limit}{note}")
        elif value not in (limit if keyword == "enum" else [limit]):
            problems.append(f"{_describe(value)}, not {'one of ' if keyword == 'enum' else ''}{limit!r}"[:200] + note)
    return problems


Quick = Callable[[Any], bool]
_MISSING = object()


def _quick(rule: dict[str, Any], enforce_assumed: bool) -> Quick:
    """A test that `value` keeps `rule`, as fast as plain Python allows: no messages, no paths."""
    limits = {keyword: value for keyword, (value, _) in _limits(rule, enforce_assumed).items()}
    low = limits.get("minItems", limits.get("minLength", limits.get("minimum", -math.inf)))
    high = limits.get("maxItems", limits.get("maxLength", limits.get("maximum", math.inf)))
    kind = rule.get("type")
    test: Quick
    if kind == "object" and not limits:
        properties = {name: _quick(sub, enforce_assumed) for name, sub in rule.get("properties", {}).items()}
        required = tuple(rule.get("required", ()))
        closed = rule.get("additionalProperties") is False
        if closed and set(required) == set(properties):  # an order: its exact fields, each once
            fields = tuple(properties.items())

            def test(value: Any) -> bool:
                if type(value) is not dict or len(value) != len(fields):
                    return False
                for name, sub in fields:
                    item = value.get(name, _MISSING)
                    if item is _MISSING or not sub(item):
                        return False
                return True

            return test

        def test(value: Any) -> bool:
            if type(value) is not dict:
                return False
            for name in required:
                if name not in value:
                    return False
            for name, item in value.items():
                sub = properties.get(name)
                if sub is None:
                    if closed:
                        return False
                elif not sub(item):
                    return False
            return True

    elif kind == "array" and set(limits) <= {"minItems", "maxItems"}:
        items = _quick(rule["items"], enforce_assumed) if "items" in rule else None
        columns = _columns(rule["items"], enforce_assumed) if "items" in rule else None
        all_at_once = None if columns is None else columns_test(columns)

        def test(value: Any) -> bool:
            if type(value) is not list or not low <= len(value) <= high:
                return False
            if all_at_once is not None and all_at_once(value):
                return True  # else item by item decides
            if items is not None:
                for item in value:
                    if not items(item):
                        return False
            return True

    elif kind == "string" and set(limits) <= {"minLength", "maxLength", "pattern"}:
        pattern = re.compile(limits["pattern"]).search if "pattern" in limits else None

        def test(value: Any) -> bool:
            return type(value) is str and low <= len(value) <= high and (pattern is None or pattern(value) is not None)

    elif kind == "integer" and set(limits) <= {"minimum", "maximum"}:

        def test(value: Any) -> bool:
            integral = type(value) is int or (type(value) is float and value.is_integer())
            return integral and low <= value <= high

    elif kind == "boolean" and not limits:

        def test(value: Any) -> bool:
            return value is True or value is False

    else:  # a rule without a quick form: the full walk decides

        def test(value: Any) -> bool:
            problems: list[str] = []
            _problems(rule, value, "", problems, enforce_assumed)
            return not problems

    return test


# The scalar kinds `record_columns` tests, as `_quick` does: type, Python type, the limits it may have.
_PLAIN: dict[str, tuple[type, set[str]]] = {
    "integer": (int, {"minimum", "maximum"}),
    "string": (str, {"minLength", "maxLength"}),
    "boolean": (bool, set()),
}


def _columns(rule: dict[str, Any], enforce_assumed: bool) -> list[Column] | None:
    """The fields of a record rule that `record_columns` can test (a closed object of required plain
    scalars, which `_quick` tests field by field), with the bounds `_quick` gives them; else None."""
    properties: dict[str, Any] = rule.get("properties", {})
    closed = rule.get("additionalProperties") is False and set(rule.get("required", ())) == set(properties)
    if rule.get("type") != "object" or _limits(rule, enforce_assumed) or not closed or not properties:
        return None
    columns: list[Column] = []
    for name, sub in properties.items():
        kind = sub.get("type")
        limits = {keyword: value for keyword, (value, _) in _limits(sub, enforce_assumed).items()}
        if not isinstance(kind, str) or kind not in _PLAIN or not set(limits) <= _PLAIN[kind][1]:
            return None
        low = limits.get("minLength", limits.get("minimum", -math.inf))
        high = limits.get("maxLength", limits.get("maximum", math.inf))
        columns.append((name, _PLAIN[kind][0], low, high))
    return columns


def _join(where: str, name: str) -> str:
    return f"{where}.{name}" if where else name


def _describe(value: Any) -> str:
    """A value in a message: short, whatever its size."""
    if isinstance(value, str):
        return f"the string {value[:20]!r}{'…' if len(value) > 20 else ''}"
    if isinstance(value, list | dict):
        return f"an {'array' if isinstance(value, list) else 'object'} of {len(value)}"
    text = repr(value)
    return text if len(text) <= 24 else text[:23] + "…"

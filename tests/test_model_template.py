"""What the model template override (generator/templates/model.py.jinja) generates: a `from_dict`
without per-call imports, closures or exceptions for flow, and a clear failure for a schema it
cannot check. (tests/test_templates.py checks the override against the generator's own template.)"""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from generator.generate import generate
from generator.layout import SPEC, GenerationError
from generator.spec_loader import load_spec
from tests.paths import ROOT


def _from_dict_methods() -> Iterator[tuple[str, ast.FunctionDef]]:
    for path in sorted((ROOT / "generated_client" / "nami_client" / "models").glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef) and node.name == "from_dict":
                yield path.name, node


def test_from_dict_has_no_per_call_import_closure_or_exception_flow() -> None:
    methods = dict(_from_dict_methods())
    assert {"order.py", "fee_metadata.py", "delete_all_orders_response.py", "error_envelope.py"} <= set(methods)
    for name, method in methods.items():
        inside = [node for node in ast.walk(method) if node is not method]
        kinds = {type(node).__name__ for node in inside}
        assert not kinds & {"Import", "ImportFrom", "FunctionDef", "Lambda"}, name
        for handler in (node for node in inside if isinstance(node, ast.ExceptHandler)):
            # Only a violation found deeper is caught, and only to say where it is: it is raised again.
            assert isinstance(handler.type, ast.Name) and handler.type.id == "SpecViolation", name
            assert isinstance(handler.body[-1], ast.Raise), name


UNCHECKABLE = {
    "model_template_cannot_parse_this_union": {
        "anyOf": [{"$ref": "#/components/schemas/FeeMetadata"}, {"$ref": "#/components/schemas/ErrorData"}]
    },
    # A kind with no template in generator/templates/from_dict_kinds/: the failure names the one missing.
    "from_dict_kinds/DateProperty.jinja": {"type": "string", "format": "date"},
}


@pytest.mark.parametrize(("failure", "schema"), UNCHECKABLE.items(), ids=list(UNCHECKABLE))
def test_a_property_the_template_cannot_check_fails_generation(
    failure: str, schema: dict[str, object], tmp_path: Path
) -> None:
    spec = load_spec(SPEC)
    spec["components"]["schemas"]["Order"]["properties"]["feeMetadata"] = schema
    uncheckable = tmp_path / "uncheckable.yaml"
    uncheckable.write_text(yaml.safe_dump(spec), encoding="utf-8")
    with pytest.raises(GenerationError, match=failure):
        generate(uncheckable, tmp_path / "out")
    assert not (tmp_path / "out").exists()


# Every kind of property the template can check that the real spec does not use, in one schema.
KINDS_SCHEMA = {
    "type": "object",
    "additionalProperties": False,
    "required": ["side", "anything", "grid"],
    "properties": {
        "side": {"$ref": "#/components/schemas/OrderSide"},  # an enum without the tolerant string
        "level": {"type": "integer", "enum": [1, 2]},
        "fee": {"anyOf": [{"$ref": "#/components/schemas/FeeMetadata"}, {"type": "null"}]},
        "when": {"type": ["string", "null"], "format": "date-time"},
        "tags": {"type": "array", "items": {"type": "string"}},
        "grid": {"type": "array", "items": {"type": "array", "items": {"type": "integer"}}},
        "anything": {},
        "ratio": {"type": ["integer", "string"]},
    },
}
# A closed model of fields sent as they are: its to_dict is one dict literal (see the template).
PLAIN_SCHEMA = {
    "type": "object",
    "additionalProperties": False,
    "required": ["id", "dash-name"],
    "properties": {
        "id": {"type": "integer"},
        "dash-name": {"type": "string"},
        "note": {"type": "string"},
        "flag": {"type": "boolean"},
    },
}
KINDS_CHECKS = """
from nami_client.models import FeeMetadata, Kinds, KindsLevel, OrderSide
from nami_client.errors import SpecViolation
from nami_client.types import UNSET

kinds = Kinds.from_dict({"side": "SELL", "anything": None, "grid": [[1, 2.0], []], "level": 2, "fee": None,
                         "when": "2025-01-14T08:41:17Z", "tags": ["a"], "ratio": "1:2"})
assert kinds.side is OrderSide.SELL and kinds.level is KindsLevel.VALUE_2 and kinds.fee is None
assert kinds.grid == [[1, 2], []] and type(kinds.grid[0][1]) is int and kinds.when.year == 2025
assert kinds.anything is None and kinds.ratio == "1:2"
fee = Kinds.from_dict({"side": "BUY", "anything": 1, "grid": [], "fee": {"value": 1}, "ratio": 3}).fee
assert isinstance(fee, FeeMetadata) and fee.value == 1 and fee.asset is UNSET
base = {"side": "BUY", "anything": 1, "grid": []}
broken = [
    ({**base, "side": "HOLD"}, "side: expected one of 'BUY', 'SELL', got a string"),
    ({"side": "BUY", "grid": []}, "anything: expected a value, got nothing (the field is missing)"),
    ({**base, "level": 3}, "level: expected one of 1, 2, got an integer"),
    ({**base, "fee": []}, "fee: expected an object or null, got an array"),
    ({**base, "fee": {"value": "1"}}, "fee.value: expected a number, got a string"),
    ({**base, "when": 5}, "when: expected a date-time string or null, got an integer"),
    ({**base, "tags": ["a", 1]}, "tags[1]: expected a string, got an integer"),
    ({**base, "grid": [[1], [2, "3"]]}, "grid[1][1]: expected an integer, got a string"),
    ({**base, "ratio": 1.5}, "ratio: expected an integer or a string, got a number"),
    ({**base, "extra": 1}, "extra: expected no other field, got a field the schema does not list"),
]
for body, message in broken:
    try:
        Kinds.from_dict(body)
    except SpecViolation as violation:
        assert str(violation) == message, (str(violation), message)
    else:
        raise AssertionError(f"accepted {body}")
from nami_client.models import Plain
plain = [{"id": 1, "dash-name": "a"}, {"id": 2, "dash-name": "", "note": "n", "flag": True}]
for body in plain:
    assert Plain.from_dict(body).to_dict() == body, body
print("checked", len(broken))
"""


def test_every_kind_the_template_checks_reads_and_refuses_as_the_spec_says(tmp_path: Path) -> None:
    spec = load_spec(SPEC)
    spec["components"]["schemas"]["Kinds"] = KINDS_SCHEMA
    spec["components"]["schemas"]["Plain"] = PLAIN_SCHEMA
    with_kinds = tmp_path / "kinds.yaml"
    with_kinds.write_text(yaml.safe_dump(spec), encoding="utf-8")
    generate(with_kinds, tmp_path / "out")
    result = subprocess.run(
        [sys.executable, "-c", KINDS_CHECKS],
        env={**os.environ, "PYTHONPATH": str(tmp_path / "out")},  # this generation, not the installed package
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert result.stdout.strip() == "checked 10"
    to_dict = next(
        node
        for node in ast.walk(ast.parse((tmp_path / "out" / "nami_client" / "models" / "plain.py").read_text("utf-8")))
        if isinstance(node, ast.FunctionDef) and node.name == "to_dict"
    )
    assert not [node for node in ast.walk(to_dict) if isinstance(node, ast.Attribute) and node.attr == "update"]

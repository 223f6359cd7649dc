"""What the model template override (generator/templates/model.py.jinja) generates: a `from_dict`
without per-call imports, closures or exceptions for flow, and a clear failure for a schema it
cannot check. (tests/test_templates.py checks the override against the generator's own template.)"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from generator.generate import SPEC, GenerationError, generate
from generator.spec_loader import load_spec

ROOT = Path(__file__).resolve().parent.parent


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
    "model_template_cannot_parse_this_property_kind": {"type": "string", "format": "date"},
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

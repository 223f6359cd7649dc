"""The spec: valid OpenAPI 3.1, examples that fit, and a client that reads newer servers."""

from __future__ import annotations

import copy
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from nami_client.models import DeleteAllOrdersResponse, FeeMetadata, OrderSide, OrderStatus

from generator import spec_loader
from generator.spec_loader import SPEC_PATH
from tests.paths import ROOT
from tests.signatures import signature_valid
from tools.spec import SpecSchemas, example_errors, load_spec
from tools.spec_check import main as spec_check


def test_spec_and_examples_pass_the_check() -> None:
    assert spec_check([]) == 0


def test_a_wrong_example_is_reported() -> None:
    spec = load_spec()
    spec["components"]["schemas"]["DeleteAllOrdersRequest"]["example"]["signature"] = "a1b2c3d4e5f6g7h8i9j0k"
    problems = example_errors(spec)
    assert len(problems) == 1
    assert "DeleteAllOrdersRequest" in problems[0] and "signature" in problems[0]


def _published_200(name: str = "published") -> dict[str, Any]:
    """One of the 200 answer's examples: `published`, `fragment` or `open-order` (see the spec)."""
    operation = load_spec()["paths"]["/api/v4/spot/all_order"]["delete"]
    example: dict[str, Any] = operation["responses"]["200"]["content"]["application/json"]["examples"][name]["value"]
    return copy.deepcopy(example)


def test_client_parses_the_published_answer() -> None:
    parsed = DeleteAllOrdersResponse.from_dict(_published_200())
    assert [order.displaying_id for order in parsed.data] == [435372, 435373]
    assert parsed.data[0].side is OrderSide.BUY
    assert parsed.data[1].status is OrderStatus.CANCELED
    fee = parsed.data[0].fee_metadata
    assert isinstance(fee, FeeMetadata) and fee.fee_ratio == 0.001


def test_a_wrong_answer_example_is_reported() -> None:
    spec = load_spec()
    content = spec["paths"]["/api/v4/spot/all_order"]["delete"]["responses"]["200"]["content"]["application/json"]
    del content["examples"]["open-order"]["value"]["data"][0]["symbol"]
    problems = example_errors(spec)
    assert len(problems) == 1
    assert "is a required property" in problems[0] and "symbol" in problems[0]


def test_the_published_shapes_are_all_examples() -> None:
    open_order = _published_200("open-order")["data"][0]
    assert open_order["stopPrice"] is None and "liquidityStatus" not in open_order
    assert set(open_order["feeMetadata"]) == {"feeMode", "originBaseQty", "assetId", "value", "feeRatio"}
    fragment = _published_200("fragment")["data"][0]
    assert fragment["stopPrice"] is None and fragment["createdAt"] == "2024-07-01T10:25:46.327Z"
    assert _published_200()["data"][0]["stopPrice"] == 0


def test_client_keeps_what_a_newer_server_adds() -> None:
    answer = _published_200()
    answer["data"][0].update(side="BORROW", status="EXPIRED_IN_MATCH", venue="x1")
    assert not SpecSchemas(load_spec()).errors(SpecSchemas(load_spec()).response_validators[200], answer)

    order = DeleteAllOrdersResponse.from_dict(answer).data[0]
    assert order.side == "BORROW" and not isinstance(order.side, OrderSide)
    assert order.status == "EXPIRED_IN_MATCH"
    assert order.additional_properties == {"venue": "x1"}
    assert order.to_dict()["venue"] == "x1"


def test_timestamp_may_be_a_number_or_digits() -> None:
    schemas = SpecSchemas(load_spec())
    body = {"orders": [{"displayingId": 1, "symbol": "BTCUSDT"}], "signature": "0" * 64}
    for timestamp, ok in [(1670000000000, True), ("1670000000000", True), ("16x", False), (2**53, False)]:
        assert (not schemas.errors(schemas.request_validator, {**body, "timestamp": timestamp})) is ok, timestamp


def test_request_example_signature_is_computed_by_the_recipe() -> None:
    example = load_spec()["components"]["schemas"]["DeleteAllOrdersRequest"]["example"]
    assert signature_valid(example, "example-secret")


def test_a_spec_text_is_validated_once_per_run(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("NAMI_SPEC_VALIDATED", raising=False)
    checks: list[int] = []
    check = spec_loader.spec_problems

    def counted(spec: dict[str, Any]) -> list[str]:
        checks.append(1)
        return check(spec)

    monkeypatch.setattr(spec_loader, "spec_problems", counted)
    copy = tmp_path / "spec.yaml"
    copy.write_bytes(SPEC_PATH.read_bytes())
    for path in (copy, copy, SPEC_PATH):
        load_spec(path)
    assert checks == [1]  # one text, one validation
    count_in_a_child = (
        "from generator import spec_loader as s\n"
        "checks = []\n"
        "check = s.spec_problems\n"
        "s.spec_problems = lambda spec: checks.append(1) or check(spec)\n"
        "s.load_spec()\n"
        "import sys\n"
        "print(len(checks), 'jsonschema' in sys.modules)\n"
    )
    child = subprocess.run([sys.executable, "-c", count_in_a_child], capture_output=True, text=True, cwd=ROOT)
    # The mock and the harness inherit the check, and so never import the validator (0.03 s a process).
    assert child.stdout.split() == ["0", "False"], child.stderr
    copy.write_bytes(SPEC_PATH.read_bytes() + b"# another text\n")
    load_spec(copy)
    assert checks == [1, 1]


def test_an_environment_made_from_scratch_still_carries_the_validated_texts(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NAMI_SPEC_VALIDATED", raising=False)
    assert spec_loader.validated_env() == {}
    load_spec(SPEC_PATH)
    assert spec_loader.validated_env() == {"NAMI_SPEC_VALIDATED": os.environ["NAMI_SPEC_VALIDATED"]}

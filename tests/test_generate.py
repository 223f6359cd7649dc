"""generator/generate.py: the client view, failure without damage, and an installable package."""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
import yaml

from generator.generate import SPEC, GenerationError, client_view, drift, generate
from generator.spec_loader import load_spec

ROOT = Path(__file__).resolve().parent.parent


def test_client_view_drops_what_the_hook_owns() -> None:
    view = client_view(load_spec(SPEC))
    request = view["components"]["schemas"]["DeleteAllOrdersRequest"]
    assert set(request["properties"]) == {"orders", "allowNotification"}
    assert request["required"] == ["orders"]
    assert "signature" not in request["example"]
    assert "security" not in view["paths"]["/api/v4/spot/all_order"]["delete"]
    # The spec itself still documents them.
    assert "signature" in load_spec(SPEC)["components"]["schemas"]["DeleteAllOrdersRequest"]["properties"]


def test_generated_request_model_has_no_signing_fields() -> None:
    from nami_client.models import DeleteAllOrdersRequest, OrderRef

    body = DeleteAllOrdersRequest(orders=[OrderRef(displaying_id=1, symbol="BTCUSDT")], allow_notification=False)
    assert body.to_dict() == {"orders": [{"displayingId": 1, "symbol": "BTCUSDT"}], "allowNotification": False}


def test_bad_spec_fails_clearly_and_leaves_output_untouched(tmp_path: Path) -> None:
    output = tmp_path / "generated_client"
    shutil.copytree(ROOT / "generated_client" / "nami_client", output / "nami_client")
    before = {p: p.read_bytes() for p in output.rglob("*") if p.is_file()}
    spec = load_spec(SPEC)
    spec["paths"]["/api/v4/spot/all_order"]["delete"]["requestBody"]["content"]["application/json"]["schema"] = {
        "$ref": "#/components/schemas/NoSuchSchema"
    }
    bad = tmp_path / "bad.yaml"
    bad.write_text(yaml.safe_dump(spec), encoding="utf-8")

    with pytest.raises(GenerationError, match="NoSuchSchema"):
        generate(bad, output)
    assert {p: p.read_bytes() for p in output.rglob("*") if p.is_file()} == before


def test_unreadable_spec_is_reported_by_the_command(tmp_path: Path) -> None:
    bad = tmp_path / "broken.yaml"
    bad.write_text("openapi: [unclosed", encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "generator/generate.py", "--spec", str(bad), "--output", str(tmp_path / "out")],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 1
    assert "cannot read the spec" in result.stderr
    assert not (tmp_path / "out").exists()


def test_drift_names_the_hand_edited_file(tmp_path: Path) -> None:
    copy = tmp_path / "generated_client"
    shutil.copytree(ROOT / "generated_client", copy, ignore=shutil.ignore_patterns("__pycache__", ".pdm-build"))
    (copy / "nami_client" / "types.py").write_text("# edited by hand\n", encoding="utf-8")
    (copy / "nami_client" / "extra.py").write_text("", encoding="utf-8")
    assert sorted(drift(SPEC, copy)) == ["changed: nami_client/types.py", "extra: nami_client/extra.py"]


def test_package_builds_as_a_wheel_with_the_hook(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", str(tmp_path), "./generated_client"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    (wheel,) = tmp_path.glob("nami_client-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert "nami_client/signing.py" in names
    assert "nami_client/api/spot/delete_all_orders.py" in names

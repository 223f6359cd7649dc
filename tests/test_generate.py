"""generator/generate.py: the client view, the version, failure without damage, the swap, the drift check."""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import nami_client
import pytest
import yaml
from nami_client import spec as spec_module

from generator import generate as generator
from generator.drift import drift, where_to_edit
from generator.generate import client_view, generate, package_version
from generator.layout import SPEC, GenerationError
from generator.spec_loader import load_spec
from tests.paths import ROOT


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


def generate_command(spec: Path, output: Path) -> subprocess.CompletedProcess[str]:
    """`make generate`'s command on `spec`, writing to `output`."""
    command = [sys.executable, "generator/generate.py", "--spec", str(spec), "--output", str(output)]
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True)


def test_unreadable_spec_is_reported_by_the_command(tmp_path: Path) -> None:
    bad = tmp_path / "broken.yaml"
    bad.write_text("openapi: [unclosed", encoding="utf-8")
    result = generate_command(bad, tmp_path / "out")
    assert result.returncode == 1
    assert "cannot read the spec" in result.stderr
    assert not (tmp_path / "out").exists()


def test_drift_names_what_to_edit_and_the_version_moves_with_the_spec(tmp_path: Path) -> None:
    """A comment added to the spec changes nothing but the version and the recorded SHA-256."""
    changed_spec = tmp_path / "spec.yaml"
    changed_spec.write_bytes(SPEC.read_bytes() + b"# a comment changes the spec text\n")
    copy = tmp_path / "generated_client"
    shutil.copytree(ROOT / "generated_client", copy, ignore=shutil.ignore_patterns("__pycache__", ".pdm-build"))
    package = copy / "nami_client"
    (package / "types.py").write_text("# edited by hand\n", encoding="utf-8")
    (package / "retry.py").write_text((package / "retry.py").read_text() + "# edited by hand\n", encoding="utf-8")
    (package / "extra.py").write_text("", encoding="utf-8")
    assert sorted(drift(generate, changed_spec, copy)) == [
        "changed: nami_client/__init__.py",
        "changed: nami_client/retry.py (a copy of generator/hook/retry.py: edit it there)",
        "changed: nami_client/spec.py (written from openapi/nami-spot.yaml by generator/generate.py)",
        "changed: nami_client/types.py",
        "changed: pyproject.toml",
        "extra: nami_client/extra.py",
    ]


def test_the_version_is_the_spec_version_and_a_label_of_its_text() -> None:
    text = SPEC.read_bytes()
    sha256 = hashlib.sha256(text).hexdigest()
    spec = load_spec(SPEC)
    assert spec_module.SPEC_SHA256 == nami_client.SPEC_SHA256 == sha256
    assert spec["info"]["version"] == spec_module.SPEC_VERSION
    assert nami_client.__version__ == package_version(spec, sha256) == f"{spec['info']['version']}+spec{sha256[:12]}"
    assert f'version = "{nami_client.__version__}"' in (ROOT / "generated_client" / "pyproject.toml").read_text()
    other = hashlib.sha256(text + b" ").hexdigest()
    assert package_version(spec, other) != nami_client.__version__
    assert package_version({"info": {"version": "4.0.1"}}, sha256) != nami_client.__version__


def test_every_copied_module_says_where_to_edit_it() -> None:
    hooks = sorted((ROOT / "generator" / "hook").glob("*.py"))
    assert hooks
    for hook in hooks:
        copied = (ROOT / "generated_client" / "nami_client" / hook.name).read_text(encoding="utf-8")
        assert (
            copied.splitlines()[0]
            == f"# Copied from generator/hook/{hook.name} by `make generate`: edit it there, not here."
        )
    kit = sorted((ROOT / "generator" / "testing").glob("*.py"))
    assert len(kit) > 10
    for module in kit:
        copied = (ROOT / "generated_client" / "nami_client" / "testing" / module.name).read_text(encoding="utf-8")
        assert copied.splitlines()[0] == (
            f"# Copied from generator/testing/{module.name} by `make generate`: edit it there, not here."
        )
    shipped = json.loads((ROOT / "generated_client" / "nami_client" / "testing" / "nami-spot.json").read_text())
    assert shipped == load_spec(SPEC)  # the mock checks against the very spec
    assert "generator/testing/server.py" in where_to_edit("nami_client/testing/server.py")


def _bad_spec(tmp_path: Path, *changes: Callable[[dict[str, Any]], None]) -> Path:
    spec = load_spec(SPEC)
    for change in changes:
        change(spec)
    bad = tmp_path / "bad.yaml"
    bad.write_text(yaml.safe_dump(spec, sort_keys=False), encoding="utf-8")
    return bad


def _dangling_ref(spec: dict[str, Any]) -> None:
    media = spec["paths"]["/api/v4/spot/all_order"]["delete"]["requestBody"]["content"]["application/json"]
    media["schema"] = {"$ref": "#/components/schemas/NoSuchSchema"}


def _misspelt_type(spec: dict[str, Any]) -> None:
    spec["components"]["schemas"]["OrderRef"]["properties"]["symbol"]["type"] = "strng"


def _description_not_text(spec: dict[str, Any]) -> None:
    spec["paths"]["/api/v4/spot/all_order"]["delete"]["responses"]["200"]["description"] = 5


OPERATION = "#/paths/~1api~1v4~1spot~1all_order/delete"


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        (
            [_dangling_ref],
            [
                f"{OPERATION}/requestBody/content/application~1json/schema/$ref: "
                "'#/components/schemas/NoSuchSchema' points nowhere"
            ],
        ),
        (
            [_misspelt_type, _description_not_text],
            [
                "#/components/schemas/OrderRef/properties/symbol/type: 'strng' is not one of "
                "['array', 'boolean', 'integer', 'null', 'number', 'object', 'string']",
                f'{OPERATION}/responses/200/description: 5 is not of type "string"',
            ],
        ),
    ],
    ids=["dangling-ref", "misspelt-type-and-a-number-for-text"],
)
def test_a_spec_error_is_one_line_per_problem_with_its_pointer(
    tmp_path: Path, changes: list[Callable[[dict[str, Any]], None]], expected: list[str]
) -> None:
    bad = _bad_spec(tmp_path, *changes)
    result = generate_command(bad, tmp_path / "out")
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        *(f"generate: error: {bad}{line}" for line in expected),
        f"generate: {tmp_path / 'out'} was left as it was.",
    ]
    assert not (tmp_path / "out").exists()


def _old_package(tmp_path: Path) -> tuple[Path, dict[Path, bytes]]:
    output = tmp_path / "generated_client"
    (output / "nami_client").mkdir(parents=True)
    (output / "nami_client" / "old.py").write_text("OLD = True\n", encoding="utf-8")
    return output, _files(output)


def _files(folder: Path) -> dict[Path, bytes]:
    return {path.relative_to(folder): path.read_bytes() for path in folder.rglob("*") if path.is_file()}


def _fake_generator(fail: bool) -> Callable[[Path, Path, Path, str], None]:
    def run(spec_path: Path, work: Path, out_dir: Path, version: str) -> None:
        (out_dir / "nami_client").mkdir(parents=True)
        (out_dir / "nami_client" / "new.py").write_text(f"VERSION = {version!r}\n", encoding="utf-8")
        if fail:
            raise GenerationError("the generator failed half-way")

    return run


def test_the_new_package_replaces_the_old_one_whole(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    output, _ = _old_package(tmp_path)
    monkeypatch.setattr(generator, "run_generator", _fake_generator(fail=False))
    generate(SPEC, output)
    assert sorted(_files(output)) == [Path("nami_client/new.py")]
    assert sorted(path.name for path in tmp_path.iterdir()) == ["generated_client"]  # nothing left beside it


def test_a_generator_failing_half_way_leaves_the_package_as_it_was(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    output, before = _old_package(tmp_path)
    monkeypatch.setattr(generator, "run_generator", _fake_generator(fail=True))
    with pytest.raises(GenerationError, match="half-way"):
        generate(SPEC, output)
    assert _files(output) == before
    assert sorted(path.name for path in tmp_path.iterdir()) == ["generated_client"]


def test_a_failed_swap_puts_the_old_package_back(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    output, before = _old_package(tmp_path)
    monkeypatch.setattr(generator, "run_generator", _fake_generator(fail=False))
    rename = Path.rename

    def rename_failing_for_the_new_package(self: Path, target: Any) -> Path:
        if Path(target) == output and self.name == output.name:
            raise OSError("disk full")
        return rename(self, target)

    monkeypatch.setattr(Path, "rename", rename_failing_for_the_new_package)
    with pytest.raises(OSError, match="disk full"):
        generate(SPEC, output)
    assert _files(output) == before
    assert sorted(path.name for path in tmp_path.iterdir()) == ["generated_client"]


def test_package_builds_as_a_wheel_with_the_hook(built_wheel: Path) -> None:
    names = zipfile.ZipFile(built_wheel).namelist()
    assert "nami_client/signing.py" in names
    assert "nami_client/spec.py" in names
    assert "nami_client/api/spot/delete_all_orders.py" in names

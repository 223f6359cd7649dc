"""Generate generated_client/ from openapi/nami-spot.yaml, reproducibly and atomically.

The generator reads a *client view* of the spec: body properties marked `x-nami-signing` and the
operation-level security are removed, because the signing hook owns them (it sets `x-api-key`,
`timestamp` and `signature`). Output goes to a temporary folder first, so a failed run leaves
the committed package untouched.
"""

from __future__ import annotations

import argparse
import copy
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import yaml
from openapi_spec_validator import validate
from openapi_spec_validator.validation.exceptions import OpenAPIValidationError

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "openapi" / "nami-spot.yaml"
CONFIG = ROOT / "generator" / "config.yaml"
HOOK_DIR = ROOT / "generator" / "hook"
# Overrides of the generator's own templates (errors.py: the error hierarchy beside UnexpectedStatus).
TEMPLATE_DIR = ROOT / "generator" / "templates"
OUTPUT = ROOT / "generated_client"
SIGNING_MARK = "x-nami-signing"
# Left in a package folder by builds, installs and tools; never part of the generated output.
LEFTOVERS = {"__pycache__", ".pdm-build", "build", "dist", ".mypy_cache", ".ruff_cache", ".pytest_cache"}


class GenerationError(Exception):
    """The spec or the generator failed; nothing was written."""


def client_view(spec: dict[str, Any]) -> dict[str, Any]:
    """The spec as the generated client sees it: without what the signing hook owns."""
    view = copy.deepcopy(spec)
    for schema in view.get("components", {}).get("schemas", {}).values():
        properties = schema.get("properties", {})
        owned = [name for name, prop in properties.items() if prop.get(SIGNING_MARK)]
        for name in owned:
            del properties[name]
        if owned and "required" in schema:
            schema["required"] = [name for name in schema["required"] if name not in owned]
        example = schema.get("example")
        if owned and isinstance(example, dict):
            schema["example"] = {k: v for k, v in example.items() if k not in owned}
    for path_item in view.get("paths", {}).values():
        for operation in path_item.values():
            if isinstance(operation, dict):
                operation.pop("security", None)
                if "parameters" in operation:
                    operation["parameters"] = [p for p in operation["parameters"] if not p.get(SIGNING_MARK)]
    return view


def load_spec(path: Path) -> dict[str, Any]:
    try:
        spec = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise GenerationError(f"cannot read the spec {path}: {exc}") from exc
    if not isinstance(spec, dict):
        raise GenerationError(f"the spec {path} is not a YAML mapping")
    try:
        validate(spec)
    except OpenAPIValidationError as exc:
        raise GenerationError(f"the spec {path} is not valid OpenAPI: {exc.message}") from exc
    dangling = sorted(set(_dangling_refs(spec, spec)))
    if dangling:
        raise GenerationError(f"the spec {path} has references that point nowhere: {', '.join(dangling)}")
    return spec


def _dangling_refs(node: Any, spec: dict[str, Any]) -> list[str]:
    """Local `$ref`s (`#/...`) that do not resolve; the OpenAPI validator does not look."""
    if isinstance(node, list):
        return [ref for item in node for ref in _dangling_refs(item, spec)]
    if not isinstance(node, dict):
        return []
    found = [ref for value in node.values() for ref in _dangling_refs(value, spec)]
    ref = node.get("$ref")
    if isinstance(ref, str) and ref.startswith("#/"):
        target: Any = spec
        for token in ref[2:].split("/"):
            token = token.replace("~1", "/").replace("~0", "~")
            if not isinstance(target, dict) or token not in target:
                return [*found, ref]
            target = target[token]
    return found


def run_generator(spec_path: Path, view_path: Path, out_dir: Path) -> None:
    env = {**os.environ, "NAMI_HOOK_DIR": str(HOOK_DIR)}
    # ruff is found through PATH: use the one pinned beside this interpreter.
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
    command = [
        sys.executable,
        "-m",
        "openapi_python_client",
        "generate",
        "--path",
        str(view_path),
        "--config",
        str(CONFIG),
        "--meta",
        "pdm",
        "--output-path",
        str(out_dir),
        "--custom-template-path",
        str(TEMPLATE_DIR),
        "--fail-on-warning",
    ]
    result = subprocess.run(command, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        detail = (result.stdout + result.stderr).strip()
        raise GenerationError(f"openapi-python-client failed on {spec_path}:\n{detail}")


def generate(spec_path: Path, output: Path) -> None:
    """Write the generated package to `output`, replacing what was there only on success."""
    view = client_view(load_spec(spec_path))
    with tempfile.TemporaryDirectory(prefix="nami-generate-") as tmp:
        tmp_dir = Path(tmp)
        view_path = tmp_dir / "client-view.yaml"
        view_path.write_text(yaml.safe_dump(view, sort_keys=False, allow_unicode=True), encoding="utf-8")
        staged = tmp_dir / "generated_client"
        run_generator(spec_path, view_path, staged)
        if output.exists():
            shutil.rmtree(output)
        shutil.copytree(staged, output)


def _tree(folder: Path) -> dict[str, bytes]:
    """The files of a generated tree, by relative path, without build and cache leftovers."""
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file() and not LEFTOVERS.intersection(path.relative_to(folder).parts)
    }


def drift(spec_path: Path, committed: Path) -> list[str]:
    """The files where `committed` differs from a fresh generation, as `changed|missing|extra: path`."""
    with tempfile.TemporaryDirectory(prefix="nami-check-") as tmp:
        fresh_dir = Path(tmp) / "generated_client"
        generate(spec_path, fresh_dir)
        fresh, current = _tree(fresh_dir), _tree(committed)
    report = [f"changed: {name}" for name in fresh if name in current and fresh[name] != current[name]]
    report += [f"missing: {name}" for name in fresh if name not in current]
    report += [f"extra: {name}" for name in current if name not in fresh]
    return report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--spec", type=Path, default=SPEC)
    parser.add_argument("--output", type=Path, default=OUTPUT)
    parser.add_argument("--check", action="store_true", help="fail if --output differs from a fresh generation")
    args = parser.parse_args(argv)
    try:
        if args.check:
            differences = drift(args.spec, args.output)
            for line in differences:
                print(f"check-generated: {line}", file=sys.stderr)
            if differences:
                print(
                    "check-generated: generated_client/ is stale or hand-edited; run `make generate`.", file=sys.stderr
                )
                return 1
            print(f"check-generated: {args.output} matches the spec")
            return 0
        generate(args.spec, args.output)
    except GenerationError as exc:
        print(f"generate: error: {exc}", file=sys.stderr)
        print(f"generate: {args.output} was left as it was.", file=sys.stderr)
        return 1
    print(f"generate: wrote {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

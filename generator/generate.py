"""Generate generated_client/ from openapi/nami-spot.yaml, reproducibly, replacing it only on success.

The generator reads a *client view* of the spec: body properties marked `x-nami-signing` and the
operation-level security are removed, because the signing hook owns them (it sets `x-api-key`,
`timestamp` and `signature`). The new package is built in a folder beside the old one and swapped
in by two renames once everything succeeded, so a failed run leaves the committed package as it was.
"""

from __future__ import annotations

import argparse
import copy
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import yaml

if not __package__:  # run as `python generator/generate.py`: make `generator` importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from generator.spec_loader import SPEC_PATH, SpecError, load_spec, pointer_token

ROOT = Path(__file__).resolve().parent.parent
SPEC = SPEC_PATH
CONFIG = ROOT / "generator" / "config.yaml"
HOOK_DIR = ROOT / "generator" / "hook"
# The mock exchange and its pytest plugin, shipped as nami_client.testing (the `testing` extra).
TESTING_DIR = ROOT / "generator" / "testing"
TESTING_PACKAGE = "testing"
TESTING_SPEC = "nami-spot.json"
# Overrides of the generator's own templates (errors.py, __init__.py, README.md, pyproject.toml, endpoints,
# and models: a from_dict that checks every value against the spec).
TEMPLATE_DIR = ROOT / "generator" / "templates"
OUTPUT = ROOT / "generated_client"
PACKAGE = "nami_client"
SIGNING_MARK = "x-nami-signing"
# Left in a package folder by builds, installs and tools; never part of the generated output.
LEFTOVERS = {"__pycache__", ".pdm-build", "build", "dist", ".mypy_cache", ".ruff_cache", ".pytest_cache"}
SPEC_MODULE = "spec.py"
ASSUMED_MARK = "x-nami-assumed"
# The JSON Schema keywords nami_client.validation checks, and those it may leave aside.
RULE_KEYWORDS = {
    "type",
    "required",
    "properties",
    "additionalProperties",
    "items",
    "minItems",
    "maxItems",
    "minLength",
    "maxLength",
    "minimum",
    "maximum",
    "pattern",
    "enum",
    "const",
}
ANNOTATIONS = {"description", "title", "example", "examples", "default", "deprecated", "format", "$comment"}


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


def package_version(spec: dict[str, Any], spec_sha256: str) -> str:
    """The spec's `info.version` with a PEP 440 local label naming the exact spec text: any change of
    the spec changes it. `spec` + 12 hex digits, so that the label always holds a letter (an
    all-digit label would be normalised as a number, dropping leading zeros)."""
    return f"{spec['info']['version']}+spec{spec_sha256[:12]}"


def request_rules(view: dict[str, Any]) -> dict[tuple[str, str], dict[str, Any]]:
    """The rules of each JSON request body of the client view, `$ref`s resolved, by (METHOD, path):
    what nami_client.validation checks before a request is signed."""
    rules = {}
    for path, item in view.get("paths", {}).items():
        for method, operation in item.items():
            media = operation.get("requestBody", {}).get("content", {}).get("application/json", {})
            if isinstance(operation, dict) and "schema" in media:
                pointer = f"#/paths/{pointer_token(path)}/{method}/requestBody/content/application~1json/schema"
                rules[(method.upper(), path)] = _rule(view, media["schema"], pointer)
    return rules


def query_rules(view: dict[str, Any]) -> dict[tuple[str, str], dict[str, Any]]:
    """The rules of the query of each operation of the client view that has query parameters, by
    (METHOD, path): an object whose properties are the parameters, required as the spec says. A
    parameter the spec does not list is refused: the spec lists every parameter the server reads."""
    rules = {}
    for path, item in view.get("paths", {}).items():
        for method, operation in item.items():
            if not isinstance(operation, dict):
                continue
            pointer = f"#/paths/{pointer_token(path)}/{method}/parameters"
            parameters = {}
            required = []
            for index, parameter in enumerate(operation.get("parameters", [])):
                if "$ref" in parameter:
                    raise GenerationError(f"{pointer}/{index}: the client's request check does not follow $ref here")
                if parameter.get("in") != "query":
                    continue
                parameters[parameter["name"]] = _rule(view, parameter["schema"], f"{pointer}/{index}/schema")
                if parameter.get("required"):
                    required.append(parameter["name"])
            if parameters:
                rule = {"type": "object", "additionalProperties": False, "required": required, "properties": parameters}
                rules[(method.upper(), path)] = rule
    return rules


def _rule(
    view: dict[str, Any], schema: dict[str, Any], pointer: str, seen: frozenset[str] = frozenset()
) -> dict[str, Any]:
    while "$ref" in schema:
        pointer = schema["$ref"]
        if pointer in seen:
            raise GenerationError(f"{pointer}: a request schema that contains itself cannot be checked")
        seen |= {pointer}
        schema = view
        for token in pointer[2:].split("/"):
            schema = schema[token.replace("~1", "/").replace("~0", "~")]
    rule: dict[str, Any] = {}
    for key, value in schema.items():
        where = f"{pointer}/{pointer_token(key)}"
        if key == "properties":
            rule[key] = {name: _rule(view, sub, f"{where}/{pointer_token(name)}", seen) for name, sub in value.items()}
        elif key == "items":
            rule[key] = _rule(view, value, where, seen)
        elif key == "additionalProperties" and not isinstance(value, bool):
            raise GenerationError(f"{where}: the request check knows only additionalProperties true or false")
        elif key in RULE_KEYWORDS:
            rule[key] = value
        elif key == ASSUMED_MARK:
            if not isinstance(value, list) or not set(value) <= set(schema) & RULE_KEYWORDS:
                raise GenerationError(f"{where}: must list keywords of this schema, as {sorted(RULE_KEYWORDS)}")
            rule["assumed"] = sorted(value)
        elif key not in ANNOTATIONS and not key.startswith("x-"):
            raise GenerationError(f"{where}: the client's request check does not know this keyword")
    return rule


def spec_module(spec: dict[str, Any], spec_sha256: str, view: dict[str, Any]) -> str:
    """The source of nami_client/spec.py: what the package takes from the spec when it is generated."""
    return (
        '"""What this package takes from openapi/nami-spot.yaml: its version, its SHA-256 and the\n'
        'rules of its request bodies and queries, which nami_client.validation checks before signing."""\n\n'
        "from typing import Any\n\n"
        f"SPEC_VERSION = {spec['info']['version']!r}\n"
        '"""`info.version` of the spec."""\n\n'
        f"SPEC_SHA256 = {spec_sha256!r}\n"
        '"""SHA-256 of the spec file, byte for byte."""\n\n'
        f"REQUEST_BODY_RULES: dict[tuple[str, str], dict[str, Any]] = {request_rules(view)!r}\n"
        '"""By (METHOD, path): the JSON Schema keywords of the request body, `$ref`s resolved; `assumed`\n'
        'lists the keywords whose limits are the project\'s assumptions (`x-nami-assumed` in the spec)."""\n\n'
        f"REQUEST_QUERY_RULES: dict[tuple[str, str], dict[str, Any]] = {query_rules(view)!r}\n"
        '"""By (METHOD, path): the query parameters as the rule of an object, one property each; a\n'
        "parameter the spec does not list is refused. The signing hook's own (`timestamp`,\n"
        '`signature`) are not the caller\'s, so they are not listed either."""\n'
    )


def stage_package_modules(spec: dict[str, Any], spec_sha256: str, view: dict[str, Any], folder: Path) -> None:
    """The modules the post-hook copies into the package, each under a line that says where to edit it."""
    for hook in sorted(HOOK_DIR.glob("*.py")):
        marker = f"# Copied from generator/hook/{hook.name} by `make generate`: edit it there, not here.\n"
        (folder / hook.name).write_text(marker + hook.read_text(encoding="utf-8"), encoding="utf-8")
    marker = "# Written by generator/generate.py from openapi/nami-spot.yaml: edit the spec, not this file.\n"
    (folder / SPEC_MODULE).write_text(marker + spec_module(spec, spec_sha256, view), encoding="utf-8")
    testing = folder / TESTING_PACKAGE
    testing.mkdir()
    for module in sorted(TESTING_DIR.glob("*.py")):
        marker = f"# Copied from generator/testing/{module.name} by `make generate`: edit it there, not here.\n"
        (testing / module.name).write_text(marker + module.read_text(encoding="utf-8"), encoding="utf-8")
    # The whole spec, as the mock checks requests and answers against it (signing fields included).
    (testing / TESTING_SPEC).write_text(json.dumps(spec, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


def run_generator(spec_path: Path, work: Path, out_dir: Path, version: str) -> None:
    """openapi-python-client on the client view in `work`, into `out_dir` (which must not exist)."""
    config = yaml.safe_load(CONFIG.read_text(encoding="utf-8"))
    config["package_version_override"] = version
    config_path = work / "config.yaml"
    config_path.write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    env = {**os.environ, "NAMI_PACKAGE_MODULES": str(work / "modules")}
    # ruff is found through PATH: use the one pinned beside this interpreter.
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
    command = [
        sys.executable,
        "-m",
        "openapi_python_client",
        "generate",
        "--path",
        str(work / "client-view.yaml"),
        "--config",
        str(config_path),
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
    try:
        spec = load_spec(spec_path)
    except SpecError as exc:
        raise GenerationError(str(exc)) from None
    spec_sha256 = hashlib.sha256(spec_path.read_bytes()).hexdigest()
    output.parent.mkdir(parents=True, exist_ok=True)
    # Beside the output, so that the swap is two renames on one file system.
    work = Path(tempfile.mkdtemp(prefix=f".{output.name}.new-", dir=output.parent))
    try:
        view = client_view(spec)
        (work / "modules").mkdir()
        stage_package_modules(spec, spec_sha256, view, work / "modules")
        view_text = yaml.safe_dump(view, sort_keys=False, allow_unicode=True)
        (work / "client-view.yaml").write_text(view_text, encoding="utf-8")
        staged = work / output.name
        run_generator(spec_path, work, staged, package_version(spec, spec_sha256))
        swap_in(staged, output, backup=work / "previous")
    finally:
        shutil.rmtree(work, ignore_errors=True)


def swap_in(staged: Path, output: Path, *, backup: Path) -> None:
    """Put `staged` where `output` is: the old folder moves aside, the new one takes its name, and
    the old one is put back if that fails. Only between the two renames is there no `output`."""
    if not output.exists():
        staged.rename(output)
        return
    output.rename(backup)
    try:
        staged.rename(output)
    except BaseException:
        backup.rename(output)
        raise


def _tree(folder: Path) -> dict[str, bytes]:
    """The files of a generated tree, by relative path, without build and cache leftovers."""
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file() and not LEFTOVERS.intersection(path.relative_to(folder).parts)
    }


def _where_to_edit(name: str) -> str:
    """For a generated file, the source to edit instead, when it is not the spec, config or templates."""
    folder, _, module = name.partition("/")
    if folder != PACKAGE:
        return ""
    subfolder, _, testing_module = module.partition("/")
    if subfolder == TESTING_PACKAGE and (TESTING_DIR / testing_module).is_file():
        return f" (a copy of generator/testing/{testing_module}: edit it there)"
    if subfolder == TESTING_PACKAGE and testing_module == TESTING_SPEC:
        return " (written from openapi/nami-spot.yaml by generator/generate.py)"
    if "/" in module:
        return ""
    if (HOOK_DIR / module).is_file():
        return f" (a copy of generator/hook/{module}: edit it there)"
    if module == SPEC_MODULE:
        return " (written from openapi/nami-spot.yaml by generator/generate.py)"
    return ""


def drift(spec_path: Path, committed: Path) -> list[str]:
    """The files where `committed` differs from a fresh generation, as `changed|missing|extra: path`."""
    with tempfile.TemporaryDirectory(prefix="nami-check-") as tmp:
        fresh_dir = Path(tmp) / "generated_client"
        generate(spec_path, fresh_dir)
        fresh, current = _tree(fresh_dir), _tree(committed)
    report = [f"changed: {n}{_where_to_edit(n)}" for n in fresh if n in current and fresh[n] != current[n]]
    report += [f"missing: {n}{_where_to_edit(n)}" for n in fresh if n not in current]
    report += [f"extra: {n}" for n in current if n not in fresh]
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
        for line in str(exc).splitlines():
            print(f"generate: error: {line}", file=sys.stderr)
        print(f"generate: {args.output} was left as it was.", file=sys.stderr)
        return 1
    print(f"generate: wrote {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Generate generated_client/ from openapi/nami-spot.yaml, reproducibly, replacing it only on success.

The pipeline, one module per step: the spec is loaded and checked (`spec_loader`), the generator
reads a *client view* of it (`client_view`: without what the signing hook owns), the request rules
are compiled (`request_rules`) into `nami_client/spec.py` (`spec_module`), and the package is built
beside the old one and swapped in by two renames once everything succeeded (`staging`), so a failed
run leaves the committed package as it was. `--check` compares instead (`drift`).
"""

from __future__ import annotations

import argparse
import hashlib
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any

import yaml

if not __package__:  # run as `python generator/generate.py`: make `generator` importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from generator.client_view import client_view
from generator.drift import drift
from generator.layout import OUTPUT, SPEC, GenerationError
from generator.spec_loader import SpecError, load_spec
from generator.staging import run_generator, stage_package_modules, swap_in

__all__ = ["GenerationError", "client_view", "generate", "main", "package_version"]


def package_version(spec: dict[str, Any], spec_sha256: str) -> str:
    """The spec's `info.version` with a PEP 440 local label naming the exact spec text: any change of
    the spec changes it. `spec` + 12 hex digits, so that the label always holds a letter (an
    all-digit label would be normalised as a number, dropping leading zeros)."""
    return f"{spec['info']['version']}+spec{spec_sha256[:12]}"


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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--spec", type=Path, default=SPEC)
    parser.add_argument("--output", type=Path, default=OUTPUT)
    parser.add_argument("--check", action="store_true", help="fail if --output differs from a fresh generation")
    args = parser.parse_args(argv)
    try:
        if args.check:
            differences = drift(generate, args.spec, args.output)
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

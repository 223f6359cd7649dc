"""`python -m tools.spec_check SPEC`: the spec is valid OpenAPI 3.1 and its examples fit their schemas.

It loads the spec with the generator's loader, which checks references and validity (one line per
problem, with its JSON pointer), and adds the check of the examples.
"""

from __future__ import annotations

import sys
from pathlib import Path

from generator.spec_loader import SpecError, load_spec
from tools.spec import example_errors


def main(argv: list[str]) -> int:
    path = Path(argv[0]) if argv else Path("openapi/nami-spot.yaml")
    try:
        spec = load_spec(path)
    except SpecError as exc:
        for line in str(exc).splitlines():
            print(f"spec-check: {line}", file=sys.stderr)
        return 1
    problems = example_errors(spec)
    for problem in problems:
        print(f"spec-check: example does not fit its schema: {path}{problem}", file=sys.stderr)
    if problems:
        return 1
    print(f"spec-check: {path} is valid OpenAPI {spec['openapi']}; its examples fit their schemas")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

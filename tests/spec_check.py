"""`python -m tests.spec_check SPEC`: the spec is valid OpenAPI 3.1 and its examples fit their schemas."""

from __future__ import annotations

import sys
from pathlib import Path

from openapi_spec_validator import validate
from openapi_spec_validator.validation.exceptions import OpenAPIValidationError

from tests.spec import example_errors, load_spec


def main(argv: list[str]) -> int:
    path = Path(argv[0]) if argv else Path("openapi/nami-spot.yaml")
    spec = load_spec(path)
    try:
        validate(spec)
    except OpenAPIValidationError as exc:
        print(f"spec-check: {path} is not valid OpenAPI: {exc.message}", file=sys.stderr)
        return 1
    problems = example_errors(spec)
    for problem in problems:
        print(f"spec-check: example does not fit its schema: {problem}", file=sys.stderr)
    if problems:
        return 1
    print(f"spec-check: {path} is valid OpenAPI {spec['openapi']}; its examples fit their schemas")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

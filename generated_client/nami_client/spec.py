# Written by generator/generate.py from openapi/nami-spot.yaml: edit the spec, not this file.
"""What this package was generated from: openapi/nami-spot.yaml, version and SHA-256."""

SPEC_VERSION = "4.0.0"
"""`info.version` of the spec."""

SPEC_SHA256 = "cc9235736453506e35f60b81051d2999205cc2937d77ea126e54043e6faa89f6"
"""SHA-256 of the spec file, byte for byte."""

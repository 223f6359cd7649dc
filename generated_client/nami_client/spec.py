# Written by generator/generate.py from openapi/nami-spot.yaml: edit the spec, not this file.
"""What this package was generated from: openapi/nami-spot.yaml, version and SHA-256."""

SPEC_VERSION = "4.0.0"
"""`info.version` of the spec."""

SPEC_SHA256 = "83015a89a3e6235a14e11d57e43f8e7596f76ae89ce938bc225579d4cddc1d26"
"""SHA-256 of the spec file, byte for byte."""

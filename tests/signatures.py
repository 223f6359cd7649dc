"""The tests' access to the signing helpers the mock and the harness share (nami_client.testing.signatures)."""

from nami_client.testing.signatures import signature_valid, unsigned, with_signature

__all__ = ["signature_valid", "unsigned", "with_signature"]

# Copied from generator/hook/__main__.py by `make generate`: edit it there, not here.
"""`python -m nami_client`: the `nami-client` command line (see `nami_client.cli`)."""

from .cli import run

if __name__ == "__main__":
    run()

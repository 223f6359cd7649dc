# Copied from generator/hook/logs.py by `make generate`: edit it there, not here.
"""The client's log: every record goes to the `nami_client` logger (each attempt from
`nami_client.transport`, at DEBUG; a retry at WARNING). `NAMI_LOG=debug` (or `info`) in the
environment shows it on stderr without code, as well-known SDKs do; set up once, at import.

No record holds the API key, the secret, a signature or a timestamp: the transport logs the method
and path of a request, never its query, body or headers.
"""

from __future__ import annotations

import logging
import os

__all__ = ["ENV_VARIABLE", "setup_from_env"]

ENV_VARIABLE = "NAMI_LOG"
_LEVELS = {"debug": logging.DEBUG, "info": logging.INFO}


def setup_from_env() -> None:
    """With NAMI_LOG set to debug or info: the `nami_client` logger at that level, to stderr."""
    level = _LEVELS.get(os.environ.get(ENV_VARIABLE, "").strip().lower())
    logger = logging.getLogger("nami_client")
    if level is None or any(getattr(handler, "_nami_log", False) for handler in logger.handlers):
        return
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(name)s %(levelname)s %(message)s"))
    handler._nami_log = True  # type: ignore[attr-defined]  # set up once, even if imported again
    logger.addHandler(handler)
    logger.setLevel(level)

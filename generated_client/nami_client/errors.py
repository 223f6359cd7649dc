"""Contains shared errors types that can be raised from API functions

Template override (generator/templates/errors.py.jinja): the generator's `UnexpectedStatus`, kept
as generated but rooted at `NamiError`, beside the errors of `error_types` (copied from
generator/hook/error_types.py), so that this is the one module to import every error from.
"""

from collections.abc import Mapping

from . import error_types
from .error_types import *  # noqa: F403 (the names of error_types.__all__)
from .error_types import _FromAnswer


class UnexpectedStatus(_FromAnswer, NamiError):
    """Raised by api functions when the response status an undocumented status and Client.raise_on_unexpected_status is True"""

    def __init__(self, status_code: int, content: bytes, headers: Mapping[str, str] | None = None):
        self.status_code = status_code
        self.content = content
        self._read_answer(content, headers)  # code, code_name, request_id, headers

        super().__init__(
            f"Unexpected status code: {status_code}\n\nResponse content:\n{content.decode(errors='ignore')}"
        )


__all__ = [*error_types.__all__, "UnexpectedStatus"]

"""The root of every input error Samen reports to a user.

Each layer subclasses :class:`SamenInputError`; the CLI (and later the web API) turns any of them
into a clear message and a non-zero exit status instead of a traceback.
"""

from __future__ import annotations


class SamenInputError(ValueError):
    """Rejected input: the message says what is wrong and where."""

    code = "invalid_input"

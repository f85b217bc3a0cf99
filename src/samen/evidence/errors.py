"""Typed errors of the knowledge base.

Every error says where the problem is (data file, entry id, key) and what it is, so a wrong number
in a data file can be fixed from the message alone. They subclass
:class:`~samen.errors.SamenInputError` (a :class:`ValueError`), so the CLI reports them as a clear
message and a non-zero exit status.
"""

from __future__ import annotations

from collections.abc import Iterable

from samen.errors import SamenInputError


class EvidenceError(SamenInputError):
    """Base class for every error raised by ``samen.evidence``."""

    code = "evidence_error"


class EvidenceDataError(EvidenceError):
    """A data file is not valid TOML or an entry in it breaks a rule."""

    code = "invalid_evidence_data"

    def __init__(self, origin: str, entry: str | None, key: str | None, problem: str) -> None:
        self.origin = origin
        self.entry = entry
        self.key = key
        self.problem = problem
        where = [origin]
        if entry is not None:
            where.append(f"entry {entry!r}")
        if key is not None:
            where.append(f"key {key!r}")
        super().__init__(f"{', '.join(where)}: {problem}")


class UnknownEntryError(EvidenceError, KeyError):
    """An id that is not in the catalogue (a root, an intervention, a target)."""

    code = "unknown_entry"

    def __init__(self, kind: str, entry_id: str, known: Iterable[str]) -> None:
        self.kind = kind
        self.entry_id = entry_id
        self.known = tuple(known)
        self.message = f"unknown {kind} {entry_id!r}; known {kind} ids: {', '.join(self.known)}"
        super().__init__(self.message)

    def __str__(self) -> str:  # KeyError would quote the message
        return self.message


class UnknownLevelError(EvidenceError):
    """An intervention level outside the fixed vocabulary."""

    code = "unknown_level"

    def __init__(self, level: str, known: Iterable[str]) -> None:
        self.level = level
        self.known = tuple(known)
        super().__init__(f"unknown level {level!r}; known levels: {', '.join(self.known)}")


class UnknownFormatError(EvidenceError):
    """An output format the report cannot render."""

    code = "unknown_format"

    def __init__(self, fmt: str, known: Iterable[str]) -> None:
        self.fmt = fmt
        self.known = tuple(known)
        super().__init__(f"unknown format {fmt!r}; known formats: {', '.join(self.known)}")

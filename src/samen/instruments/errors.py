"""Typed errors for bad input to scoring and criteria.

Every error names *where* the problem is (instrument, item, week) and *what* it is, in a message
a clinician can act on. They subclass :class:`ValueError` so generic callers still catch them.
"""

from __future__ import annotations

from samen.errors import SamenInputError


class UnknownInstrumentError(SamenInputError):
    code = "unknown_instrument"

    def __init__(self, instrument_id: str, known: list[str]) -> None:
        self.instrument_id = instrument_id
        super().__init__(
            f"unknown instrument {instrument_id!r}; known instruments: {', '.join(known)}"
        )


class AnswerError(SamenInputError):
    """A problem with one answer (or with the answer list as a whole when ``item`` is None)."""

    def __init__(self, instrument_id: str, item: str | None, problem: str) -> None:
        self.instrument_id = instrument_id
        self.item = item
        self.problem = problem
        where = f"{instrument_id}" if item is None else f"{instrument_id} item {item}"
        super().__init__(f"{where}: {problem}")


class WrongAnswerCountError(AnswerError):
    code = "wrong_count"


class MissingAnswerError(AnswerError):
    code = "missing_answer"


class OutOfRangeError(AnswerError):
    code = "out_of_range"


class UnknownItemError(AnswerError):
    code = "unknown_item"


class InvalidAnswerTypeError(AnswerError):
    code = "invalid_type"


class InvalidCutoffError(SamenInputError):
    code = "invalid_cutoff"


class WeekRecordError(SamenInputError):
    """A problem with one weekly follow-up record (``row`` counts from 1)."""

    code = "invalid_week"

    def __init__(self, row: int | None, field: str | None, problem: str) -> None:
        self.row = row
        self.field = field
        self.problem = problem
        where = []
        if row is not None:
            where.append(f"row {row}")
        if field is not None:
            where.append(f"field {field!r}")
        prefix = ", ".join(where)
        super().__init__(f"{prefix}: {problem}" if prefix else problem)


class InstrumentDefinitionError(SamenInputError):
    """A data file or an imported FHIR Questionnaire does not describe a valid instrument."""

    code = "invalid_definition"


class FhirError(SamenInputError):
    """A FHIR resource could not be read; ``path`` points into the resource."""

    code = "invalid_fhir"

    def __init__(self, path: str, problem: str) -> None:
        self.path = path
        self.problem = problem
        super().__init__(f"{path}: {problem}")

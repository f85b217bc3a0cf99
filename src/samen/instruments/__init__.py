"""Questionnaires, scoring, withdrawal criteria, risk profile and FHIR mapping.

Plain library: no Django. The public API::

    from samen.instruments import score, get_instrument, list_instruments
    result = score("phq9", [0, 1, 2, 3, 0, 1, 2, 3, 0])
"""

from samen.instruments.errors import (
    AnswerError,
    InstrumentDefinitionError,
    InvalidAnswerTypeError,
    InvalidCutoffError,
    MissingAnswerError,
    OutOfRangeError,
    SamenInputError,
    UnknownInstrumentError,
    UnknownItemError,
    WrongAnswerCountError,
)
from samen.instruments.model import Instrument
from samen.instruments.registry import get_instrument, list_instruments
from samen.instruments.scoring import ScoreResult, score

__all__ = [
    "AnswerError",
    "Instrument",
    "InstrumentDefinitionError",
    "InvalidAnswerTypeError",
    "InvalidCutoffError",
    "MissingAnswerError",
    "OutOfRangeError",
    "SamenInputError",
    "ScoreResult",
    "UnknownInstrumentError",
    "UnknownItemError",
    "WrongAnswerCountError",
    "get_instrument",
    "list_instruments",
    "score",
]

"""Questionnaires, scoring, withdrawal criteria, risk profile and FHIR mapping.

Plain library: no Django. The public API::

    from samen.instruments import score, get_instrument, list_instruments
    result = score("phq9", [0, 1, 2, 3, 0, 1, 2, 3, 0])
"""

from samen.errors import SamenInputError
from samen.instruments.errors import (
    AnswerError,
    InstrumentDefinitionError,
    InvalidAnswerTypeError,
    InvalidCutoffError,
    MissingAnswerError,
    OutOfRangeError,
    UnknownInstrumentError,
    UnknownItemError,
    WrongAnswerCountError,
)
from samen.instruments.model import Instrument
from samen.instruments.registry import get_instrument, list_instruments
from samen.instruments.risk import RiskProfile, risk_profile
from samen.instruments.scoring import ScoreResult, score
from samen.instruments.weeks_csv import read_weeks_csv
from samen.instruments.withdrawal import WeekRecord, WithdrawalAssessment, assess_withdrawal

__all__ = [
    "AnswerError",
    "Instrument",
    "InstrumentDefinitionError",
    "InvalidAnswerTypeError",
    "InvalidCutoffError",
    "MissingAnswerError",
    "OutOfRangeError",
    "RiskProfile",
    "SamenInputError",
    "ScoreResult",
    "UnknownInstrumentError",
    "UnknownItemError",
    "WeekRecord",
    "WithdrawalAssessment",
    "WrongAnswerCountError",
    "assess_withdrawal",
    "get_instrument",
    "list_instruments",
    "read_weeks_csv",
    "risk_profile",
    "score",
]

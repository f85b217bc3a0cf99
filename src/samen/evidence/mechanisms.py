"""The simulation's mechanisms M1-M8 (shared/design/MODEL.md), each traced to the lecture."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from samen.evidence.base import Frozen
from samen.evidence.errors import EvidenceDataError, UnknownEntryError
from samen.evidence.loading import read_tables, shipped_file, validate_entries
from samen.evidence.vocab import MECHANISM_IDS, MechanismId
from samen.text import LocalizedText

FILE = "mechanisms.toml"


class Mechanism(Frozen):
    id: MechanismId
    name: LocalizedText
    summary: LocalizedText
    lecture_section: str
    """The heading of the lecture (in Dutch, as published) the mechanism comes from."""


def read_mechanisms(source: Path | str) -> tuple[Mechanism, ...]:
    """Validate a mechanisms file (a Path) or TOML text (a str); all of M1-M8, each once."""
    origin, tables = read_tables(source, ["mechanisms"])
    mechanisms = validate_entries(Mechanism, tables["mechanisms"], origin, "mechanisms")
    missing = [m for m in MECHANISM_IDS if m not in {x.id for x in mechanisms}]
    if missing:
        raise EvidenceDataError(origin, None, "mechanisms", f"missing mechanisms {missing}")
    return mechanisms


@cache
def load_mechanisms() -> tuple[Mechanism, ...]:
    """The shipped mechanisms, in file order."""
    return read_mechanisms(shipped_file(FILE))


def get_mechanism(mechanism_id: str) -> Mechanism:
    for mechanism in load_mechanisms():
        if mechanism.id == mechanism_id:
            return mechanism
    raise UnknownEntryError("mechanism", mechanism_id, MECHANISM_IDS)

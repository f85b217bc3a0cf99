"""The six psychological and social roots of withdrawal the lecture names, and what each raises."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Literal

from pydantic import Field

from samen.evidence.base import Frozen
from samen.evidence.effects import EffectSize
from samen.evidence.errors import EvidenceDataError, UnknownEntryError
from samen.evidence.loading import read_tables, shipped_file, validate_entries
from samen.evidence.sources import Source
from samen.evidence.vocab import ROOT_IDS, MechanismId, RootId, State
from samen.text import LocalizedText

FILE = "roots.toml"


class RootLink(Frozen):
    """One thing a root raises: a mechanism of the model or an agent state."""

    target: Literal[MechanismId, State]
    direction: Literal["raises", "lowers"] = "raises"
    """Most links raise their target; a few (physical activity, social skills) lower it."""
    effect: EffectSize | None = None
    """The published association, where the source gives a number."""
    note: LocalizedText
    """What the link means and how far it reaches (direction, design, caveats)."""
    source: Source


class Root(Frozen):
    id: RootId
    name: LocalizedText
    description: LocalizedText
    lecture_section: str
    """The heading of the lecture (in Dutch, as published) the root comes from."""
    mechanisms: tuple[MechanismId, ...] = Field(min_length=1)
    """The model mechanisms through which the root acts."""
    raises: tuple[RootLink, ...] = Field(min_length=1)
    source: Source


def read_roots(source: Path | str) -> tuple[Root, ...]:
    """Validate a roots file (a Path) or TOML text (a str)."""
    origin, tables = read_tables(source, ["roots"])
    roots = validate_entries(Root, tables["roots"], origin, "roots")
    if not roots:
        raise EvidenceDataError(origin, None, "roots", "no [[roots]] entries")
    return roots


@cache
def load_roots() -> tuple[Root, ...]:
    """The shipped roots, in file order."""
    roots = read_roots(shipped_file(FILE))
    missing = [r for r in ROOT_IDS if r not in {x.id for x in roots}]
    if missing:
        raise EvidenceDataError(FILE, None, "roots", f"missing roots {missing}")
    return roots


def get_root(root_id: str) -> Root:
    for root in load_roots():
        if root.id == root_id:
            return root
    raise UnknownEntryError("root", root_id, ROOT_IDS)

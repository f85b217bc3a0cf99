"""The intervention catalogue: what can be done, at which level, for whom, with what effect."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Self

from pydantic import Field, model_validator

from samen.evidence.base import EntryId, FieldProblem, Frozen
from samen.evidence.effects import Cost, InterventionEffect
from samen.evidence.errors import UnknownEntryError, UnknownLevelError
from samen.evidence.loading import read_tables, shipped_file, validate_entries
from samen.evidence.sources import Source
from samen.evidence.vocab import LEVELS, Grade, Level, MechanismId, RootId, State, TargetGroup
from samen.text import LocalizedText

FILE = "interventions.toml"


class Intervention(Frozen):
    id: EntryId
    level: Level
    name: LocalizedText
    summary: LocalizedText
    """What it is, in a sentence or two."""
    roots: tuple[RootId, ...] = Field(min_length=1)
    """The roots it addresses (used to suggest it from a risk profile)."""
    mechanisms: tuple[MechanismId, ...] = Field(min_length=1)
    moves: tuple[State, ...] = Field(min_length=1)
    """The agent states it moves in the simulation."""
    target_group: TargetGroup
    grade: Grade
    grade_note: LocalizedText | None = None
    effects: tuple[InterventionEffect, ...] = ()
    cost: Cost | None = None
    """None where no cost was found (shared/evidence/epidemiology.md section 8, item 10)."""
    source: Source
    """The main reference for what the intervention is; assumption where only the lecture or
    design names it."""

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        if self.source.is_assumption and self.grade != "D":
            raise FieldProblem("grade", f"an assumption-sourced entry has grade D, not {self.grade}")
        if self.grade in ("A", "B") and not any(not e.source.is_assumption for e in self.effects):
            raise FieldProblem("effects", f"grade {self.grade} needs at least one sourced effect")
        for index, effect in enumerate(self.effects):
            if effect.state not in self.moves:
                raise FieldProblem(
                    f"effects.{index}.state",
                    f"state {effect.state!r} is not listed in moves {list(self.moves)}",
                )
        return self

    @property
    def sourced_effects(self) -> tuple[InterventionEffect, ...]:
        """Effects backed by a publication (not assumptions)."""
        return tuple(e for e in self.effects if not e.source.is_assumption)


def read_interventions(source: Path | str) -> tuple[Intervention, ...]:
    """Validate an interventions file (a Path) or TOML text (a str)."""
    origin, tables = read_tables(source, ["interventions"])
    return validate_entries(Intervention, tables["interventions"], origin, "interventions")


@cache
def _shipped() -> tuple[Intervention, ...]:
    return read_interventions(shipped_file(FILE))


def check_level(level: str) -> Level:
    """``level`` when it is a known level, else :class:`UnknownLevelError` listing them."""
    for known in LEVELS:
        if level == known:
            return known
    raise UnknownLevelError(level, LEVELS)


def load_interventions(level: str | None = None) -> tuple[Intervention, ...]:
    """The shipped catalogue in file order, optionally only one level."""
    if level is None:
        return _shipped()
    wanted = check_level(level)
    return tuple(i for i in _shipped() if i.level == wanted)


def get_intervention(intervention_id: str) -> Intervention:
    for intervention in _shipped():
        if intervention.id == intervention_id:
            return intervention
    raise UnknownEntryError("intervention", intervention_id, [i.id for i in _shipped()])

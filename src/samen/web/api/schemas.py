"""Request and response bodies of the REST API (pydantic via django-ninja), with examples.

These are the API's contract: stable field names, independent of the models behind them.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Annotated, Literal

from ninja import Schema
from pydantic import AfterValidator, Field

from samen.instruments import list_instruments
from samen.text import LocalizedText

EARLIEST = datetime(2000, 1, 1, tzinfo=UTC)


def _no_nul(value: str) -> str:
    """Text the databases can store: PostgreSQL refuses the NUL character."""
    if "\x00" in value:
        raise ValueError("must not contain the NUL character")
    return value


def _plausible(value: datetime | None) -> datetime | None:
    if value is not None and value.tzinfo is not None and value < EARLIEST:
        raise ValueError("must not be before 2000-01-01")
    if value is not None and value.tzinfo is None and value < EARLIEST.replace(tzinfo=None):
        raise ValueError("must not be before 2000-01-01")
    return value


# The pattern only documents the rule in the OpenAPI schema (so clients and fuzzers know it);
# the validator enforces it with a clearer message than a pattern mismatch would give.
CleanText = Annotated[str, AfterValidator(_no_nul),
                      Field(json_schema_extra={"pattern": "^[^\\u0000]*$"})]


class Text(Schema):
    """A text in Dutch (Samen's default) and English."""

    nl: str = Field(examples=["Hoe vaak had je last van ..."])
    en: str = Field(examples=["How often have you been bothered by ..."])

    @classmethod
    def of(cls, text: LocalizedText) -> Text:
        return cls(nl=text.nl, en=text.en)


# -- young people -----------------------------------------------------------------------------


class YoungPersonOut(Schema):
    id: int = Field(examples=[12])
    pseudonym: str = Field(examples=["J-7KQ2MX"])
    age: int = Field(examples=[15], description="Age in whole years today (from the birth month).")
    district: str = Field(examples=["Oost"])
    stage: str = Field(examples=["pre_hikikomori"], description="none, pre_hikikomori or "
                       "hikikomori (from the weekly follow-up).")
    stage_label: Text
    severity: str | None = Field(examples=["moderate"],
                                 description="mild, moderate or severe; null when not withdrawn.")
    withdrawn_weeks: int = Field(examples=[14])
    stage_assessed_at: datetime | None = None
    role: str = Field(examples=["clinician"],
                      description="The role in which you reach this record.")


# -- instruments ------------------------------------------------------------------------------


class OptionOut(Schema):
    value: int = Field(examples=[0])
    label: Text


class ItemOut(Schema):
    id: str = Field(examples=["q1"])
    number: int = Field(examples=[1])
    text: Text
    reverse: bool = False
    options: list[OptionOut]


class CutoffOut(Schema):
    id: str = Field(examples=["default"])
    threshold: float = Field(examples=[11])
    direction: Literal[">=", "<="]
    applies_to: str = Field(examples=["total"])
    default: bool
    label: Text
    source: str = Field(description="Citation (or assumption note) of the threshold.")


class BandOut(Schema):
    key: str = Field(examples=["moderate"])
    min: float
    max: float
    label: Text


class InstrumentSummary(Schema):
    id: str = Field(examples=["phqa"])
    short_name: str = Field(examples=["PHQ-A"])
    name: str
    version: str = Field(examples=["1.0.0"])
    measures: Text
    respondents: list[str] = Field(examples=[["young_person"]])
    age_min: int | None = None
    age_max: int | None = None
    item_count: int = Field(examples=[9])
    wording_included: bool = Field(
        description="False when the licence forbids shipping the items' wording: an organisation "
                    "imports its licensed wording as a FHIR Questionnaire.")


class InstrumentOut(InstrumentSummary):
    description: Text
    time_frame: Text
    scoring_method: Literal["sum", "mean", "none"]
    scoring_version: str
    total_range: tuple[float, float] | None
    items: list[ItemOut]
    bands: list[BandOut]
    cutoffs: list[CutoffOut]
    licence_note: Text
    fhir_questionnaire: str = Field(examples=["/fhir/Questionnaire/phqa"])


# -- questionnaire responses ------------------------------------------------------------------


Respondent = Literal["young_person", "parent", "professional"]


class ResponseIn(Schema):
    instrument: CleanText = Field(
        examples=["phqa"], min_length=1, max_length=32,
        # Documented as the list of instruments; an unknown id is refused by the scoring
        # with a message naming it (422), so validation stays in one place.
        json_schema_extra={"enum": [i.id for i in list_instruments()]})
    answers: dict[str, int | None] = Field(
        examples=[{"q1": 1, "q2": 2, "q3": 0, "q4": 1, "q5": 0, "q6": 3, "q7": 1, "q8": 0,
                   "q9": 0}],
        description="Published option value per item id (before reverse keying); null or "
                    "absent = not answered.")
    respondent: Respondent = Field(examples=["young_person"])
    assignment_id: int | None = Field(
        default=None, ge=1, le=2**63 - 1,
        description="The assignment answered. Young people and parents answer assigned "
                    "questionnaires only; without this field their oldest open assignment of "
                    "the instrument is used.")
    authored_at: Annotated[datetime | None, AfterValidator(_plausible)] = Field(
        default=None, description="When it was filled in (default now); not in the future, "
                                  "not before 2000.")


class ResponseOut(Schema):
    id: int = Field(examples=[31])
    young_person_id: int
    instrument: str = Field(examples=["phqa"])
    instrument_version: str
    scoring_version: str
    respondent: str
    answers: dict[str, int | None] | None = Field(
        description="Item answers; null for roles that see totals only (school, youth work): "
                    "item answers are clinical content.")
    total: float | None = Field(examples=[8])
    band: str = Field(examples=["mild"])
    risk: str = Field(examples=["elevated"])
    above_cutoff: bool | None
    cutoff_id: str = Field(examples=["default"])
    cutoff_threshold: float | None = Field(examples=[11])
    subscales: dict[str, float | None]
    alert_codes: list[str] | None = Field(
        examples=[["self_harm_item"]], description="Item alerts; null like ``answers``.")
    authored_at: datetime
    author_role: str
    channel: str = Field(examples=["api"])
    assignment_id: int | None


# -- weekly follow-up -------------------------------------------------------------------------


class WeekIn(Schema):
    """One week as you saw it. You report as your role does (young person, parent, school or
    professional); a second report of the same week by the same kind of reporter replaces the
    first. Absence hours come from the school's import, not from here."""

    week_start: date = Field(examples=["2026-03-02"], description="A Monday, not in the future.")
    days_out: int | None = Field(default=None, ge=0, le=7, examples=[1])
    room_bound: bool | None = Field(default=None, examples=[False])
    participation_days: int | None = Field(default=None, ge=0, le=7, examples=[0])
    impairment: bool | None = Field(default=None, examples=[True])
    note: CleanText = Field(default="", max_length=280)


class WeekOut(Schema):
    id: int
    week_start: date
    reporter: str
    days_out: int | None
    room_bound: bool | None
    participation_days: int | None
    absence_hours: float | None
    impairment: bool | None
    note: str | None = Field(description="null where the note is not yours to read (a parent "
                                         "and the note of a young person of 16 or older).")
    channel: str


class CriteriaOut(Schema):
    a: bool | None = Field(description="Isolation at home now.")
    b: bool | None = Field(description="At least six months.")
    c: bool | None = Field(description="Functional impairment or distress.")


class NoticeOut(Schema):
    code: str
    message: Text


class EpisodeOut(Schema):
    stage: str = Field(examples=["pre_hikikomori"])
    stage_label: Text
    severity: str | None = Field(examples=["moderate"])
    withdrawn_weeks: int = Field(examples=[14])
    episode_start: date | None = None
    assessed_week: date | None = None
    criteria: CriteriaOut | None = Field(
        description="Kato criteria A, B, C; null when no weeks are recorded.")
    explanation: Text
    warnings: list[NoticeOut] = []
    rule_version: str | None = Field(default=None, examples=["kato2020-weekly.1"])
    weeks_recorded: int


# -- care plan --------------------------------------------------------------------------------


ActionStatus = Literal["open", "in_progress", "done", "cancelled"]


class CarePlanActionOut(Schema):
    id: int = Field(examples=[7])
    title: str = Field(examples=["Eén gedeelde maaltijd per dag"])
    level: str = Field(examples=["parents"],
                       description="Who the action is for: young_person, parents, school, "
                                   "community or care.")
    owner_role: str = Field(examples=["parent"])
    owner: str | None = Field(default=None, description="Display name of the named owner.")
    status: str = Field(examples=["open"])
    notes: str = ""
    due: date | None = None
    intervention_id: str | None = Field(
        default=None, examples=["family_programme"],
        description="The intervention in samen.evidence the action comes from.")
    goal_id: int | None = None
    completed_at: datetime | None = None
    version: int = Field(examples=[1], description="Send it back when changing the action "
                                                   "(409 when someone changed it since).")
    may_progress: bool = Field(description="You may change its status and notes.")
    may_edit: bool = Field(description="You may change every field (on the web).")


class GoalOut(Schema):
    id: int
    title: str = Field(examples=["Elke week één keer naar de sportclub"])
    notes: str = ""
    status: str = Field(examples=["open"])
    due: date | None = None
    completed_at: datetime | None = None
    version: int


class CarePlanOut(Schema):
    id: int | None = Field(description="null while the record has no plan yet.")
    young_person_id: int
    created_at: datetime | None = None
    updated_at: datetime | None = None
    goals: list[GoalOut]
    actions: list[CarePlanActionOut]


class CarePlanActionPatch(Schema):
    version: int = Field(ge=1, le=2**31 - 1, examples=[3],
                         description="The action's version as you last read it.")
    status: ActionStatus | None = Field(default=None, examples=["done"])
    notes: CleanText | None = Field(default=None, max_length=2000)


# -- alerts -----------------------------------------------------------------------------------


class AlertOut(Schema):
    id: int = Field(examples=[5])
    young_person_id: int = Field(examples=[12])
    pseudonym: str = Field(examples=["J-7KQ2MX"])
    kind: str = Field(examples=["stage_change"],
                      description="stage_change, overdue_action or worsening_score.")
    message: Text
    web_url: str = Field(examples=["/careplans/12/profile"],
                         description="The page in the web app the alert is about.")
    created_at: datetime
    read: bool


# -- policy dashboard -------------------------------------------------------------------------


class FigureOut(Schema):
    """A published count: the number when shown; hidden when small (``<10``) or when it would
    let a small count be worked out from the totals (``x``)."""

    value: int | None = Field(examples=[23], description="null when hidden.")
    status: Literal["shown", "small", "protecting"]
    text: str = Field(examples=["23"], description="As written on the dashboard: 23, <10 or x.")


class CountOut(Schema):
    key: str = Field(examples=["pre_hikikomori"])
    label: Text
    figure: FigureOut


class CrossCellOut(Schema):
    district: str = Field(examples=["Oost"], description='"" is the row of merged small '
                                                         "districts.")
    stage: str = Field(examples=["hikikomori"])
    figure: FigureOut


class TrendMonthOut(Schema):
    month: date = Field(examples=["2026-02-01"])
    by_stage: list[CountOut]
    total: FigureOut


class DashboardCountsOut(Schema):
    municipality: str = Field(examples=["Noordstad"])
    k: int = Field(examples=[10], description="The smallest count shown.")
    total: FigureOut
    by_stage: list[CountOut]
    by_age: list[CountOut]
    by_district: list[CountOut]
    cross: list[CrossCellOut]
    trend: list[TrendMonthOut]

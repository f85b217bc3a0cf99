"""Withdrawal criteria (Kato, Kanba & Teo 2020) applied to weekly follow-up records.

One :class:`WeekRecord` describes seven days from ``week_start``: ``days_out`` (days the person
left home, 0-7), ``room_bound`` (rarely leaves their own room), ``in_school_or_work`` (takes part
in school or work) and ``impairment`` (functional impairment or distress linked to staying in).
Every field except ``week_start`` may be ``None`` (not known).

The rule, precisely (the population simulation mirrors it; the constants below are its numbers):

1. **One week** (:func:`is_isolated_week`), checked in this order:
   NOT isolated if ``in_school_or_work is True`` or ``days_out >= 4`` (Kato: leaving home four
   or more days a week does not meet the criteria); else ISOLATED if ``room_bound is True`` or
   ``days_out <= 3``; else UNKNOWN. An unknown participation (``None``) does not block isolation:
   Kato's criterion A is about leaving home; recorded participation only excludes.
2. **Weekly grid.** Records must be strictly increasing and at least 7 days apart. Between two
   records, ``(days between their starts - 7) // 7`` whole weeks have no record: they are
   MISSING weeks. Leftover days under a full week are dropped.
3. **Continuity.** A run of UNKNOWN/MISSING weeks of length ``<= max_gap_weeks`` (default 2)
   with an isolated week on both sides is *bridged*: it counts towards the duration (time passed)
   and is reported as ``bridged_weeks``. A longer run breaks the episode, which restarts after
   it. A NOT isolated week always ends an episode.
4. **Current episode.** The run of isolated (and bridged) weeks ending at the latest *known*
   (not UNKNOWN) week. If that week is NOT isolated there is no current episode. Trailing UNKNOWN
   weeks are ignored (assessed as of the latest known week) with a warning.
5. **Stage by duration** (:func:`stage_for_duration`, weeks, 52/12 weeks a month):
   ``>= 26`` (6 months) ``hikikomori``; ``>= 13`` (3 months) ``pre_hikikomori``; else ``none``.
6. **Criterion C** over all records of the episode: any ``impairment is True`` -> met; known and
   always ``False`` -> not met, stage ``none``; never known -> stage kept, warning.
7. **Severity** (:func:`severity_for_week`) from the latest isolated week: ``room_bound`` ->
   severe; ``days_out <= 1`` -> moderate; ``days_out`` 2-3 -> mild.
8. **HiDE threshold (approximation)** on the latest known week: (``room_bound`` or
   ``7 - days_out >= 3``) and ``impairment``; three-valued (``None`` when undecidable).

The simulation has no missing data and no impairment variable, so it needs only rule 1 with
``days_out`` and participation, a counter of consecutive isolated weeks and rule 5.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, timedelta
from typing import Final, Literal, NamedTuple

from pydantic import BaseModel, ConfigDict, Field

from samen.errors import SamenInputError
from samen.evidence.sources import Source
from samen.instruments.errors import WeekRecordError
from samen.text import LocalizedText, bilingual

Stage = Literal["none", "pre_hikikomori", "hikikomori"]
Severity = Literal["mild", "moderate", "severe"]
WeekStatus = Literal["isolated", "not_isolated", "unknown", "missing"]

RULE_VERSION: Final = "kato2020-weekly.1"
DAYS_PER_WEEK: Final = 7
MIN_DAYS_OUT_NOT_ISOLATED: Final = 4
MAX_DAYS_OUT_ISOLATED: Final = MIN_DAYS_OUT_NOT_ISOLATED - 1
MODERATE_MAX_DAYS_OUT: Final = 1
WEEKS_PER_MONTH: Final = 52 / 12
PRE_HIKIKOMORI_MONTHS: Final = 3
HIKIKOMORI_MONTHS: Final = 6
PRE_HIKIKOMORI_WEEKS: Final = round(PRE_HIKIKOMORI_MONTHS * WEEKS_PER_MONTH)
HIKIKOMORI_WEEKS: Final = round(HIKIKOMORI_MONTHS * WEEKS_PER_MONTH)
DEFAULT_MAX_GAP_WEEKS: Final = 2
HIDE_MIN_DAYS_AT_HOME: Final = 3

_KATO = "Kato TA, Kanba S, Teo AR. Defining pathological social withdrawal: proposed diagnostic " \
    "criteria for hikikomori. World Psychiatry 2020;19(1):116-117"
_KATO_DOI = "10.1002/wps.20705"
RULE_SOURCES: Final[Mapping[str, Source]] = {
    "MIN_DAYS_OUT_NOT_ISOLATED": Source(
        confidence="verified", citation=f"{_KATO}: leaving home 4+ days/week does not meet "
        "criteria", doi=_KATO_DOI),
    "MODERATE_MAX_DAYS_OUT": Source(
        confidence="verified", citation=f"{_KATO}: severity 2-3 days/week mild, 1 day or less "
        "moderate, rarely leaves a single room severe", doi=_KATO_DOI,
        note="2 days is mild here; the source's bands meet at 2 (see docs/withdrawal.md)."),
    "PRE_HIKIKOMORI_WEEKS": Source(
        confidence="derived", citation=f"{_KATO}: pre-hikikomori 3 to <6 months", doi=_KATO_DOI,
        note="3 months x 52/12 weeks per month = 13 weeks"),
    "HIKIKOMORI_WEEKS": Source(
        confidence="derived", citation=f"{_KATO}: criterion B, at least 6 months", doi=_KATO_DOI,
        note="6 months x 52/12 weeks per month = 26 weeks"),
    "DEFAULT_MAX_GAP_WEEKS": Source(
        confidence="assumption", note="Reporting lapses (a holiday, a missed entry) should not "
        "reset a months-long count; 2 weeks is under a sixth of the 13-week threshold, so "
        "bridging can add at most 2 weeks per gap. Not from a publication; vary it."),
    "HIDE_MIN_DAYS_AT_HOME": Source(
        confidence="secondary", citation="HiDE (Hikikomori Diagnostic Evaluation), Kyushu "
        "University / Teo: full evaluation when <=1 hour/day out of home on >=3 days/week and "
        "the withdrawal bothers the person or others (shared/evidence/instruments.md 1.8; "
        "primary citation not retrieved)",
        note="Approximated with whole days at home; see docs/withdrawal.md."),
}


# -- the pure rule (mirrored by the simulation) ---------------------------------------------


def is_isolated_week(
    days_out: int | None, room_bound: bool | None, in_school_or_work: bool | None
) -> bool | None:
    """True for an isolated week, False for a week that is not, None when too little is known."""
    if in_school_or_work is True or (days_out is not None and days_out >= MIN_DAYS_OUT_NOT_ISOLATED):
        return False
    if room_bound is True or days_out is not None:
        return True
    return None


def stage_for_duration(weeks: int) -> Stage:
    """The stage that a continuous isolation of ``weeks`` weeks reaches (criterion C aside)."""
    if weeks >= HIKIKOMORI_WEEKS:
        return "hikikomori"
    if weeks >= PRE_HIKIKOMORI_WEEKS:
        return "pre_hikikomori"
    return "none"


def severity_for_week(days_out: int | None, room_bound: bool | None) -> Severity | None:
    """Kato's severity specifier for an isolated week."""
    if room_bound is True:
        return "severe"
    if days_out is None or days_out > MAX_DAYS_OUT_ISOLATED:
        return None
    return "moderate" if days_out <= MODERATE_MAX_DAYS_OUT else "mild"


def hide_threshold(
    days_out: int | None, room_bound: bool | None, impairment: bool | None
) -> bool | None:
    """Approximate HiDE full-evaluation threshold for one week (three-valued AND)."""
    at_home: bool | None = None
    if room_bound is True:
        at_home = True
    elif days_out is not None:
        at_home = DAYS_PER_WEEK - days_out >= HIDE_MIN_DAYS_AT_HOME
    if at_home is False or impairment is False:
        return False
    if at_home is None or impairment is None:
        return None
    return True


# -- input ----------------------------------------------------------------------------------

_FLAGS: Final = ("room_bound", "in_school_or_work", "impairment")


class WeekRecord(BaseModel):
    """One week of follow-up; bad values raise :class:`WeekRecordError` naming the field."""

    model_config = ConfigDict(frozen=True, extra="forbid", strict=True)

    week_start: date
    days_out: int | None = Field(default=None, ge=0, le=DAYS_PER_WEEK)
    room_bound: bool | None = None
    in_school_or_work: bool | None = None
    impairment: bool | None = None

    def __init__(
        self,
        *,
        week_start: date,
        days_out: int | None = None,
        room_bound: bool | None = None,
        in_school_or_work: bool | None = None,
        impairment: bool | None = None,
    ) -> None:
        values = {"week_start": week_start, "days_out": days_out, "room_bound": room_bound,
                  "in_school_or_work": in_school_or_work, "impairment": impairment}
        check_week_values(None, values)
        super().__init__(**values)


def check_week_values(row: int | None, values: Mapping[str, object]) -> None:
    """Raise :class:`WeekRecordError` for the first field of ``values`` that is not valid."""
    start = values.get("week_start")
    if type(start) is not date:
        raise WeekRecordError(row, "week_start", f"must be a date (YYYY-MM-DD), got {start!r}")
    days = values.get("days_out")
    if days is not None:
        if isinstance(days, bool) or not isinstance(days, int):
            raise WeekRecordError(row, "days_out", f"must be a whole number 0-7 or empty, got "
                                  f"{days!r}")
        if not 0 <= days <= DAYS_PER_WEEK:
            raise WeekRecordError(row, "days_out", f"{days} is outside 0-7 (days in a week)")
    for name in _FLAGS:
        flag = values.get(name)
        if flag is not None and not isinstance(flag, bool):
            raise WeekRecordError(row, name, f"must be true, false or empty, got {flag!r}")


def week_order_problems(starts: Sequence[date]) -> list[tuple[int, str]]:
    """``(row, problem)`` for each week start not at least 7 days after the previous one."""
    problems = []
    for row in range(2, len(starts) + 1):
        before, this = starts[row - 2], starts[row - 1]
        gap = (this - before).days
        if gap == 0:
            problem = f"{this.isoformat()} repeats the week start of row {row - 1}"
        elif gap < 0:
            problem = (f"{this.isoformat()} is before row {row - 1} ({before.isoformat()}); "
                       "weeks must be in date order")
        elif gap < DAYS_PER_WEEK:
            problem = (f"{this.isoformat()} is only {gap} day(s) after row {row - 1} "
                       f"({before.isoformat()}); weeks must be at least 7 days apart")
        else:
            continue
        problems.append((row, problem))
    return problems


# -- results --------------------------------------------------------------------------------


class _Result(BaseModel):
    model_config = ConfigDict(frozen=True)


class WithdrawalNotice(_Result):
    code: str
    message: LocalizedText
    row: int | None = None


class Criteria(_Result):
    """Kato criteria: A isolation at home now, B at least 6 months, C impairment or distress."""

    a: bool | None
    b: bool | None
    c: bool | None


class Episode(_Result):
    start: date
    end: date
    """The start of the last isolated week."""
    duration_weeks: int
    bridged_weeks: int


class WithdrawalAssessment(_Result):
    rule_version: str
    stage: Stage
    severity: Severity | None
    assessed_week: date | None
    """The latest known week: the assessment holds as of this week."""
    episode_start: date | None
    episode_end: date | None
    duration_weeks: int
    criteria: Criteria
    hide_threshold_met: bool | None
    hide_threshold_note: LocalizedText
    bridged_weeks: int
    unknown_weeks: int
    """Records in which too little is known to classify the week."""
    missing_weeks: int
    """Calendar weeks between records with no record at all."""
    max_gap_weeks: int
    missing_rule: LocalizedText
    previous_episode: Episode | None
    warnings: tuple[WithdrawalNotice, ...]
    explanation: LocalizedText


# -- assessment -----------------------------------------------------------------------------


class _Slot(NamedTuple):
    status: WeekStatus
    start: date
    record: WeekRecord | None
    row: int | None


def assess_withdrawal(
    weeks: Sequence[WeekRecord], *, max_gap_weeks: int = DEFAULT_MAX_GAP_WEEKS
) -> WithdrawalAssessment:
    """Apply the rule in this module's docstring to ``weeks`` (oldest first)."""
    if isinstance(max_gap_weeks, bool) or not isinstance(max_gap_weeks, int) or max_gap_weeks < 0:
        raise SamenInputError(f"max_gap_weeks must be a whole number >= 0, got {max_gap_weeks!r}")
    _check_sequence(weeks)
    slots = _timeline(weeks)
    warnings = [_contradiction(s) for s in slots if s.record is not None and _contradicts(s.record)]
    known = [i for i, s in enumerate(slots) if s.status in ("isolated", "not_isolated")]
    if not known:
        warnings.append(_no_known_week(len(weeks)))
        return _assessment(slots, max_gap_weeks, warnings, None, None)
    last = known[-1]
    if last < len(slots) - 1:
        warnings.append(_trailing_unknown(len(slots) - 1 - last, slots[last].start))
    if slots[last].status == "not_isolated":
        return _assessment(slots, max_gap_weeks, warnings, last, None)
    start, bridged, breaker = _episode_ending_at(slots, last, max_gap_weeks)
    if breaker is not None:
        warnings.append(_gap_breaks(breaker[1] - breaker[0] + 1, slots[breaker[0]].start,
                                    max_gap_weeks))
    elif start == 0:
        warnings.append(_starts_at_first_record(slots[0].start))
    return _assessment(slots, max_gap_weeks, warnings, last, (start, bridged))


def _assessment(
    slots: list[_Slot],
    max_gap: int,
    warnings: list[WithdrawalNotice],
    last: int | None,
    episode: tuple[int, int] | None,
) -> WithdrawalAssessment:
    """Build the result from the latest known slot ``last`` and the current episode, if any."""
    now = None if last is None else slots[last].record
    current, c = None, None
    if episode is not None and last is not None:
        start, bridged = episode
        current = Episode(start=slots[start].start, end=slots[last].start,
                          duration_weeks=last - start + 1, bridged_weeks=bridged)
        c = _criterion_c(slots[start:last + 1])
    by_duration = "none" if current is None else stage_for_duration(current.duration_weeks)
    if by_duration != "none" and c is None:
        warnings.append(_notice("criterion_c_unconfirmed", *_C_UNCONFIRMED))
    if c is False:
        warnings.append(_notice("criterion_c_not_met", *_C_NOT_MET))
    before = last if episode is None else episode[0]
    return WithdrawalAssessment(
        rule_version=RULE_VERSION,
        stage="none" if c is False else by_duration,
        severity=None if current is None or now is None
        else severity_for_week(now.days_out, now.room_bound),
        assessed_week=None if last is None else slots[last].start,
        episode_start=None if current is None else current.start,
        episode_end=None if current is None else current.end,
        duration_weeks=0 if current is None else current.duration_weeks,
        criteria=Criteria(
            a=None if last is None else current is not None,
            b=None if last is None else current is not None and current.duration_weeks
            >= HIKIKOMORI_WEEKS,
            c=c,
        ),
        hide_threshold_met=None if now is None
        else hide_threshold(now.days_out, now.room_bound, now.impairment),
        hide_threshold_note=_HIDE_NOTE,
        bridged_weeks=0 if current is None else current.bridged_weeks,
        unknown_weeks=sum(s.status == "unknown" for s in slots),
        missing_weeks=sum(s.status == "missing" for s in slots),
        max_gap_weeks=max_gap,
        missing_rule=_missing_rule(max_gap),
        previous_episode=None if before is None else _last_episode_before(slots, before, max_gap),
        warnings=tuple(warnings),
        explanation=_explanation(None if last is None else slots[last].start, current,
                                 by_duration, c),
    )

def _check_sequence(weeks: Sequence[WeekRecord]) -> None:
    if isinstance(weeks, (str, bytes)) or not isinstance(weeks, Sequence):
        raise WeekRecordError(None, None, "weeks must be a list of WeekRecord, oldest first")
    if not weeks:
        raise WeekRecordError(None, None, "no weekly records: at least one week is needed")
    for row, week in enumerate(weeks, start=1):
        if not isinstance(week, WeekRecord):
            raise WeekRecordError(row, None, f"expected a WeekRecord, got {type(week).__name__}")
        # model_copy(update=...) and model_construct() skip validation: check again.
        check_week_values(row, dict(week))
    problems = week_order_problems([w.week_start for w in weeks])
    if problems:
        raise WeekRecordError(problems[0][0], "week_start", problems[0][1])


def _timeline(weeks: Sequence[WeekRecord]) -> list[_Slot]:
    """One slot per week: each record, and a ``missing`` slot per whole week between records."""
    slots: list[_Slot] = []
    for row, week in enumerate(weeks, start=1):
        if slots:
            previous = slots[-1].start
            for k in range(1, ((week.week_start - previous).days - DAYS_PER_WEEK) // 7 + 1):
                slots.append(_Slot("missing", previous + timedelta(weeks=k), None, None))
        isolated = is_isolated_week(week.days_out, week.room_bound, week.in_school_or_work)
        status: WeekStatus = ("unknown" if isolated is None
                              else "isolated" if isolated else "not_isolated")
        slots.append(_Slot(status, week.week_start, week, row))
    return slots


def _episode_ending_at(
    slots: list[_Slot], end: int, max_gap: int
) -> tuple[int, int, tuple[int, int] | None]:
    """Walk back from isolated slot ``end``: (first slot, bridged weeks, breaking run or None)."""
    start, bridged, i = end, 0, end - 1
    while i >= 0 and slots[i].status != "not_isolated":
        if slots[i].status == "isolated":
            start, i = i, i - 1
            continue
        j = i
        while j >= 0 and slots[j].status in ("unknown", "missing"):
            j -= 1
        if j < 0 or slots[j].status == "not_isolated":
            break
        if i - j > max_gap:
            return start, bridged, (j + 1, i)
        start, bridged, i = j, bridged + i - j, j - 1
    return start, bridged, None


def _last_episode_before(slots: list[_Slot], before: int, max_gap: int) -> Episode | None:
    end = next((i for i in range(before - 1, -1, -1) if slots[i].status == "isolated"), None)
    if end is None:
        return None
    start, bridged, _ = _episode_ending_at(slots, end, max_gap)
    return Episode(start=slots[start].start, end=slots[end].start,
                   duration_weeks=end - start + 1, bridged_weeks=bridged)


def _criterion_c(episode: Sequence[_Slot]) -> bool | None:
    known = [s.record.impairment for s in episode
             if s.record is not None and s.record.impairment is not None]
    return True if any(known) else (False if known else None)


def _contradicts(week: WeekRecord) -> bool:
    return week.room_bound is True and (
        week.in_school_or_work is True
        or (week.days_out is not None and week.days_out >= MIN_DAYS_OUT_NOT_ISOLATED))


# -- texts (NL and EN) ---------------------------------------------------------------------


def _notice(code: str, nl: str, en: str, row: int | None = None) -> WithdrawalNotice:
    return WithdrawalNotice(code=code, message=bilingual(nl, en), row=row)


def _weeks(n: int) -> tuple[str, str]:
    return (f"{n} week", f"{n} week") if n == 1 else (f"{n} weken", f"{n} weeks")


def _contradiction(slot: _Slot) -> WithdrawalNotice:
    d = slot.start.isoformat()
    return _notice(
        "contradictory_week",
        f"Week {d} (rij {slot.row}): 'komt zelden van de kamer' is ingevuld, maar ook 4 of meer "
        "dagen buiten of school/werk. De week telt als geen terugtrekking; controleer dit.",
        f"Week {d} (row {slot.row}): 'rarely leaves own room' is set, but so are 4 or more days "
        "out or school/work. The week counts as not withdrawn; please check.",
        row=slot.row,
    )


def _no_known_week(n: int) -> WithdrawalNotice:
    return _notice(
        "no_known_week",
        f"Geen van de {n} weken heeft genoeg gegevens (dagen buiten de deur, of op de kamer "
        "blijven, of school/werk).",
        f"None of the {n} weeks has enough data (days out of home, staying in one's room, or "
        "school/work).",
    )


def _trailing_unknown(n: int, last_known: date) -> WithdrawalNotice:
    nl, en = _weeks(n)
    d = last_known.isoformat()
    return _notice(
        "trailing_unknown",
        f"De laatste {nl} zijn onvolledig ingevuld; de beoordeling geldt per de laatst bekende "
        f"week ({d}).",
        f"The last {en} are incomplete; the assessment holds as of the latest known week ({d}).",
    )


def _gap_breaks(run: int, first: date, max_gap: int) -> WithdrawalNotice:
    nl, en = _weeks(run)
    d = first.isoformat()
    return _notice(
        "gap_breaks_episode",
        f"Een gat van {nl} zonder bruikbare gegevens vanaf {d} is langer dan {max_gap} en "
        "onderbreekt de periode; de duur telt vanaf de week erna. Vul de weken aan als dat kan.",
        f"A gap of {en} without usable data from {d} is longer than {max_gap} and breaks the "
        "period; the duration counts from the week after it. Fill in those weeks if you can.",
    )


def _starts_at_first_record(first: date) -> WithdrawalNotice:
    d = first.isoformat()
    return _notice(
        "starts_at_first_record",
        f"De periode begint bij de eerste ingevulde week ({d}); ze kan eerder begonnen zijn, "
        "dus de duur is een minimum.",
        f"The period starts at the first recorded week ({d}); it may have begun earlier, so the "
        "duration is a minimum.",
    )


_C_UNCONFIRMED: Final = (
    "Criterium C (beperking in het dagelijks functioneren of lijden) is niet ingevuld: het "
    "stadium volgt alleen uit de duur en is onbevestigd. Vraag ernaar.",
    "Criterion C (functional impairment or distress) was not recorded: the stage follows from "
    "the duration alone and is unconfirmed. Ask about it.",
)
_C_NOT_MET: Final = (
    "Criterium C is niet vervuld: in deze periode is geen beperking in het functioneren of "
    "lijden genoteerd. Daarom geen stadium.",
    "Criterion C is not met: no functional impairment or distress was recorded in this period. "
    "Hence no stage.",
)
_HIDE_NOTE: Final = bilingual(
    "Benadering van de HiDE-drempel (volledige evaluatie bij hooguit 1 uur per dag buitenshuis "
    "op 3 of meer dagen per week, als de terugtrekking de persoon of anderen hindert). We kennen "
    "alleen hele dagen buiten: we tellen 3 of meer dagen thuis (7 - dagen buiten) of vooral op "
    "de kamer, plus beperking of lijden. Wie op de meeste dagen kort naar buiten gaat, wordt zo "
    "gemist.",
    "Approximation of the HiDE threshold (full evaluation at 1 hour a day or less out of home on "
    "3 or more days a week, when the withdrawal bothers the person or others). We only know "
    "whole days out: we count 3 or more days at home (7 - days out) or staying in one's room, "
    "plus impairment or distress. Someone who goes out briefly on most days is missed.",
)


def _missing_rule(max_gap: int) -> LocalizedText:
    end_nl = ("Een week met 4 of meer dagen buiten, of met school of werk, beëindigt de periode "
              "altijd.")
    end_en = "A week with 4 or more days out, or with school or work, always ends the period."
    if max_gap == 0:
        return bilingual(
            "Elke onbekende of ontbrekende week onderbreekt de periode, die daarna opnieuw "
            f"begint. {end_nl}",
            f"Every unknown or missing week breaks the period, which starts again after it. "
            f"{end_en}",
        )
    return bilingual(
        f"Onbekende of ontbrekende weken, tot en met {max_gap} achter elkaar tussen twee weken "
        "van terugtrekking, tellen mee in de duur (overbrugd); een langer gat onderbreekt de "
        f"periode, die daarna opnieuw begint. {end_nl}",
        f"Unknown or missing weeks, up to {max_gap} in a row between two weeks of withdrawal, "
        "count towards the duration (bridged); a longer gap breaks the period, which starts "
        f"again after it. {end_en}",
    )


def _explanation(
    now: date | None, current: Episode | None, by_duration: Stage, c: bool | None
) -> LocalizedText:
    if now is None:
        return bilingual(
            "Er is te weinig ingevuld om iets over terugtrekking te zeggen. Noteer per week "
            "hoeveel dagen de jongere buiten de deur kwam.",
            "Too little was recorded to say anything about withdrawal. Note each week how many "
            "days the young person went out.",
        )
    if current is None:
        d = now.isoformat()
        return bilingual(
            f"In de laatst bekende week ({d}) ging de jongere 4 of meer dagen de deur uit of "
            "naar school of werk: er is nu geen periode van terugtrekking.",
            f"In the latest known week ({d}) the young person went out on 4 or more days or "
            "took part in school or work: there is no period of withdrawal now.",
        )
    nl, en = _weeks(current.duration_weeks)
    opening_nl = (f"Sinds {current.start.isoformat()} is de jongere {nl} achter elkaar vooral "
                  "thuis, zonder school of werk.")
    opening_en = (f"Since {current.start.isoformat()} the young person has stayed mostly at "
                  f"home for {en} in a row, without school or work.")
    verdict_nl, verdict_en = {
        "none": ("Dat is korter dan 3 maanden (13 weken): blijf het volgen en praat erover.",
                 "That is shorter than 3 months (13 weeks): keep following it and talk about it."),
        "pre_hikikomori": (
            "Dat past bij pre-hikikomori (3 tot 6 maanden). Bespreek het met een hulpverlener.",
            "That fits pre-hikikomori (3 to 6 months). Discuss it with a professional."),
        "hikikomori": (
            "Dat past bij hikikomori (6 maanden of langer). Bespreek het met een hulpverlener.",
            "That fits hikikomori (6 months or longer). Discuss it with a professional."),
    }[by_duration]
    if c is False:
        verdict_nl = ("Er is geen beperking of lijden genoteerd, dus de criteria zijn niet "
                      "vervuld; blijf het volgen.")
        verdict_en = ("No impairment or distress was recorded, so the criteria are not met; "
                      "keep following it.")
    return bilingual(f"{opening_nl} {verdict_nl}", f"{opening_en} {verdict_en}")

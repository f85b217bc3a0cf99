"""Kato, Kanba & Teo (2020) criteria over weekly records.

Expected values are worked out by hand from the rule (docs/withdrawal.md): 3 months = 3 x 52/12 =
13 weeks, 6 months = 6 x 52/12 = 26 weeks; 4+ days out is not isolation; severity 2-3 days mild,
0-1 moderate, room-bound severe. All records are synthetic.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from samen.errors import SamenInputError
from samen.instruments.errors import WeekRecordError
from samen.instruments.withdrawal import (
    HIKIKOMORI_WEEKS,
    PRE_HIKIKOMORI_WEEKS,
    RULE_SOURCES,
    WeekRecord,
    WithdrawalAssessment,
    assess_withdrawal,
    hide_threshold,
    is_isolated_week,
    severity_for_week,
    stage_for_duration,
)

MONDAY = date(2024, 1, 1)  # a Monday; week i starts at MONDAY + 7 i days


def week(
    i: int,
    days_out: int | None = 1,
    *,
    room_bound: bool | None = None,
    school: bool | None = False,
    impairment: bool | None = True,
) -> WeekRecord:
    return WeekRecord(week_start=MONDAY + timedelta(weeks=i), days_out=days_out,
                      room_bound=room_bound, in_school_or_work=school, impairment=impairment)


def weeks(first: int, last: int, days_out: int | None = 1, **kw: bool | None) -> list[WeekRecord]:
    """Weeks ``first``..``last`` inclusive."""
    return [week(i, days_out, **kw) for i in range(first, last + 1)]


def unknown(i: int) -> WeekRecord:
    return week(i, None, room_bound=None, school=None, impairment=None)


def codes(result: WithdrawalAssessment) -> set[str]:
    return {w.code for w in result.warnings}


# -- the constants and the one-week rule ----------------------------------------------------


def test_durations_are_months_at_52_over_12_weeks() -> None:
    assert PRE_HIKIKOMORI_WEEKS == 13  # 3 x 52 / 12 = 156 / 12 = 13
    assert HIKIKOMORI_WEEKS == 26  # 6 x 52 / 12 = 312 / 12 = 26


def test_every_rule_number_has_a_source() -> None:
    assert RULE_SOURCES["DEFAULT_MAX_GAP_WEEKS"].is_assumption
    assert RULE_SOURCES["MIN_DAYS_OUT_NOT_ISOLATED"].doi == "10.1002/wps.20705"
    assert RULE_SOURCES["HIDE_MIN_DAYS_AT_HOME"].confidence == "secondary"


@pytest.mark.parametrize(
    ("days_out", "room_bound", "school", "expected"),
    [
        (3, None, False, True),  # 3 days out is within Kato's 2-3 "mild" band
        (4, None, False, False),  # 4+ days out does not meet the criteria
        (0, None, True, False),  # school or work ends isolation
        (None, True, False, True),  # room-bound is isolation without a day count
        (None, True, True, False),  # recorded participation wins
        (7, True, False, False),  # 4+ days out wins over room-bound
        (3, None, None, True),  # unknown participation does not block isolation
        (None, False, False, None),  # nothing decides it
        (None, None, None, None),
    ],
)
def test_is_isolated_week(
    days_out: int | None, room_bound: bool | None, school: bool | None, expected: bool | None
) -> None:
    assert is_isolated_week(days_out, room_bound, school) is expected


@pytest.mark.parametrize(
    ("weeks_", "stage"), [(12, "none"), (13, "pre_hikikomori"), (25, "pre_hikikomori"),
                          (26, "hikikomori")],
)
def test_stage_for_duration(weeks_: int, stage: str) -> None:
    assert stage_for_duration(weeks_) == stage


@pytest.mark.parametrize(
    ("days_out", "room_bound", "severity"),
    [(3, None, "mild"), (2, None, "mild"), (1, None, "moderate"), (0, None, "moderate"),
     (3, True, "severe"), (None, True, "severe"), (None, None, None), (4, None, None)],
)
def test_severity_for_week(days_out: int | None, room_bound: bool | None, severity: str) -> None:
    assert severity_for_week(days_out, room_bound) == severity


# -- duration boundaries --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("n", "stage", "b"),
    [(12, "none", False), (13, "pre_hikikomori", False), (25, "pre_hikikomori", False),
     (26, "hikikomori", True)],
)
def test_duration_boundaries(n: int, stage: str, b: bool) -> None:
    result = assess_withdrawal(weeks(0, n - 1))
    assert result.stage == stage
    assert result.duration_weeks == n
    assert result.criteria.a is True
    assert result.criteria.b is b
    assert result.episode_start == MONDAY
    assert result.episode_end == MONDAY + timedelta(weeks=n - 1)


def test_three_days_out_is_isolation_four_is_not() -> None:
    assert assess_withdrawal(weeks(0, 12, days_out=3)).stage == "pre_hikikomori"
    four = assess_withdrawal(weeks(0, 12, days_out=4))
    assert four.stage == "none"
    assert four.criteria.a is False
    assert four.duration_weeks == 0


# -- severity -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("days_out", "room_bound", "severity"),
    [(2, None, "mild"), (1, None, "moderate"), (3, True, "severe")],
)
def test_severity_comes_from_the_latest_isolated_week(
    days_out: int, room_bound: bool | None, severity: str
) -> None:
    # 12 room-bound weeks, then the latest week decides the severity.
    records = [*weeks(0, 11, days_out=0, room_bound=True), week(12, days_out, room_bound=room_bound)]
    result = assess_withdrawal(records)
    assert result.stage == "pre_hikikomori"
    assert result.severity == severity


# -- gaps and unknown weeks -----------------------------------------------------------------


def test_two_missing_weeks_are_bridged() -> None:
    # weeks 0-10 (11) + missing 11-12 (2) + weeks 13-25 (13) = 26 weeks
    result = assess_withdrawal(weeks(0, 10) + weeks(13, 25))
    assert result.stage == "hikikomori"
    assert result.duration_weeks == 26
    assert result.bridged_weeks == 2
    assert result.missing_weeks == 2
    assert result.episode_start == MONDAY


def test_two_unknown_weeks_are_bridged() -> None:
    # as above, with two records that cannot be classified instead of no records
    result = assess_withdrawal([*weeks(0, 10), unknown(11), unknown(12), *weeks(13, 25)])
    assert (result.stage, result.duration_weeks, result.bridged_weeks) == ("hikikomori", 26, 2)
    assert result.unknown_weeks == 2
    assert result.missing_weeks == 0


def test_a_gap_of_three_breaks_the_episode() -> None:
    # weeks 0-9 (10), missing 10-12 (3 > 2), weeks 13-25: the episode is 13 weeks, not 26
    result = assess_withdrawal(weeks(0, 9) + weeks(13, 25))
    assert result.stage == "pre_hikikomori"
    assert result.duration_weeks == 13
    assert result.bridged_weeks == 0
    assert result.episode_start == MONDAY + timedelta(weeks=13)
    assert "gap_breaks_episode" in codes(result)
    assert result.previous_episode is not None
    assert result.previous_episode.duration_weeks == 10


def test_unknown_record_and_missing_week_form_one_run() -> None:
    # unknown week 11 + missing week 12 = a run of 2: bridged; 11 + 2 + 13 = 26
    result = assess_withdrawal([*weeks(0, 10), unknown(11), *weeks(13, 25)])
    assert (result.duration_weeks, result.bridged_weeks) == (26, 2)


def test_max_gap_zero_bridges_nothing() -> None:
    # weeks 0-11, missing 12, weeks 13-25: with max_gap 0 only weeks 13-25 (13) count
    result = assess_withdrawal(weeks(0, 11) + weeks(13, 25), max_gap_weeks=0)
    assert (result.stage, result.duration_weeks) == ("pre_hikikomori", 13)
    assert "2" not in result.missing_rule.en


def test_leftover_days_under_a_week_are_not_a_missing_week() -> None:
    # day 0 -> day 10: (10 - 7) // 7 = 0 missing; day 10 -> day 30: (20 - 7) // 7 = 1 missing
    first = week(0)
    ten = WeekRecord(week_start=MONDAY + timedelta(days=10), days_out=1, in_school_or_work=False)
    later = WeekRecord(week_start=MONDAY + timedelta(days=30), days_out=1, in_school_or_work=False)
    result = assess_withdrawal([first, ten, later])
    assert result.missing_weeks == 1
    assert result.duration_weeks == 4  # 3 records + 1 bridged missing week


def test_leading_unknown_weeks_are_not_bridged() -> None:
    result = assess_withdrawal([unknown(0), *weeks(1, 13)])
    assert result.duration_weeks == 13
    assert result.episode_start == MONDAY + timedelta(weeks=1)
    assert result.unknown_weeks == 1


def test_trailing_unknown_weeks_do_not_count() -> None:
    # 13 isolated weeks then 2 unknown: assessed as of week 12, still 13 weeks (not 15)
    result = assess_withdrawal([*weeks(0, 12), unknown(13), unknown(14)])
    assert result.stage == "pre_hikikomori"
    assert result.duration_weeks == 13
    assert result.assessed_week == MONDAY + timedelta(weeks=12)
    assert "trailing_unknown" in codes(result)


def test_only_unknown_weeks() -> None:
    result = assess_withdrawal([unknown(0), unknown(1)])
    assert result.stage == "none"
    assert (result.criteria.a, result.criteria.b, result.criteria.c) == (None, None, None)
    assert result.assessed_week is None
    assert result.hide_threshold_met is None
    assert "no_known_week" in codes(result)


# -- what ends an episode -------------------------------------------------------------------


def test_an_explicit_non_isolated_week_ends_the_episode() -> None:
    # weeks 0-12 isolated (13), week 13 out 5 days, weeks 14-26 (13): 13 weeks, not 27
    result = assess_withdrawal([*weeks(0, 12), week(13, 5), *weeks(14, 26)])
    assert (result.stage, result.duration_weeks) == ("pre_hikikomori", 13)
    assert result.previous_episode is not None
    assert result.previous_episode.duration_weeks == 13


def test_school_or_work_ends_the_episode() -> None:
    # week 13 at home all week (0 days out) but in school: still breaks 0-12 from 14-26
    result = assess_withdrawal([*weeks(0, 12), week(13, 0, school=True), *weeks(14, 26)])
    assert result.duration_weeks == 13


def test_latest_week_not_isolated_means_no_stage() -> None:
    result = assess_withdrawal([*weeks(0, 29), week(30, 4)])
    assert result.stage == "none"
    assert result.severity is None
    assert result.criteria.a is False
    assert result.episode_start is None
    assert result.previous_episode is not None
    assert result.previous_episode.duration_weeks == 30
    assert "4 of meer dagen" in result.explanation.nl


def test_contradictory_week_is_not_isolated_and_warned() -> None:
    result = assess_withdrawal([week(0), week(1, 5, room_bound=True)])
    assert result.criteria.a is False
    warning = next(w for w in result.warnings if w.code == "contradictory_week")
    assert warning.row == 2


# -- criterion C ----------------------------------------------------------------------------


def test_criterion_c_false_means_no_stage() -> None:
    result = assess_withdrawal(weeks(0, 25, impairment=False))
    assert result.stage == "none"
    assert result.criteria.c is False
    assert result.duration_weeks == 26
    assert "criterion_c_not_met" in codes(result)


def test_criterion_c_met_by_one_week() -> None:
    records = weeks(0, 25, impairment=None)
    records[3] = week(3, impairment=True)
    result = assess_withdrawal(records)
    assert (result.stage, result.criteria.c) == ("hikikomori", True)


def test_criterion_c_unknown_keeps_stage_and_warns() -> None:
    result = assess_withdrawal(weeks(0, 25, impairment=None))
    assert result.stage == "hikikomori"
    assert result.criteria.c is None
    assert "criterion_c_unconfirmed" in codes(result)


def test_criterion_c_ignores_weeks_before_the_episode() -> None:
    # impairment only in an earlier episode (weeks 0-2), ended by week 3 (5 days out)
    records = [*weeks(0, 2, impairment=True), week(3, 5, impairment=None)]
    records += weeks(4, 16, impairment=False)
    result = assess_withdrawal(records)
    assert (result.criteria.c, result.stage) == (False, "none")


# -- HiDE threshold (approximation) ---------------------------------------------------------


@pytest.mark.parametrize(
    ("days_out", "room_bound", "impairment", "met"),
    [
        (4, None, True, True),  # 7 - 4 = 3 days at home >= 3
        (5, None, True, False),  # 7 - 5 = 2 days at home < 3
        (0, None, False, False),  # does not bother anyone
        (None, True, True, True),  # room-bound
        (None, True, None, None),  # impairment unknown
        (None, None, True, None),  # days at home unknown
    ],
)
def test_hide_threshold(
    days_out: int | None, room_bound: bool | None, impairment: bool | None, met: bool | None
) -> None:
    assert hide_threshold(days_out, room_bound, impairment) is met


def test_hide_threshold_uses_latest_known_week_even_when_not_isolated() -> None:
    # 4 days out is not Kato isolation, but 7 - 4 = 3 days at home meets the HiDE screen
    result = assess_withdrawal([week(0, 4, impairment=True)])
    assert (result.stage, result.hide_threshold_met) == ("none", True)
    assert "approximation" in result.hide_threshold_note.en.lower()


# -- bad input ------------------------------------------------------------------------------


def test_empty_input() -> None:
    with pytest.raises(WeekRecordError) as err:
        assess_withdrawal([])
    assert err.value.row is None
    assert "no weekly records" in str(err.value)


@pytest.mark.parametrize(
    ("second_start", "problem"),
    [(MONDAY, "repeats"), (MONDAY - timedelta(days=7), "date order"),
     (MONDAY + timedelta(days=6), "at least 7 days")],
)
def test_bad_date_order(second_start: date, problem: str) -> None:
    second = WeekRecord(week_start=second_start, days_out=1)
    with pytest.raises(WeekRecordError) as err:
        assess_withdrawal([week(0), second])
    assert (err.value.row, err.value.field) == (2, "week_start")
    assert problem in str(err.value)


@pytest.mark.parametrize(
    ("field", "value", "problem"),
    [("days_out", 8, "outside 0-7"), ("days_out", -1, "outside 0-7"),
     ("days_out", 2.5, "whole number"), ("days_out", True, "whole number"),
     ("days_out", "3", "whole number"), ("room_bound", "yes", "true, false"),
     ("impairment", 1, "true, false"), ("week_start", "2024-01-01", "must be a date"),
     ("week_start", datetime(2024, 1, 1), "must be a date")],  # noqa: DTZ001
)
def test_bad_field_values(field: str, value: object, problem: str) -> None:
    fields: dict[str, object] = {"week_start": MONDAY, "days_out": 1}
    fields[field] = value
    with pytest.raises(WeekRecordError) as err:
        WeekRecord(**fields)  # type: ignore[arg-type]
    assert (err.value.row, err.value.field) == (None, field)
    assert problem in str(err.value)


def test_bad_record_that_skipped_validation_is_caught_with_its_row() -> None:
    bad = week(2).model_copy(update={"days_out": 9})  # model_copy does not validate
    with pytest.raises(WeekRecordError) as err:
        assess_withdrawal([week(0), week(1), bad])
    assert (err.value.row, err.value.field) == (3, "days_out")


def test_not_a_week_record() -> None:
    with pytest.raises(WeekRecordError) as err:
        assess_withdrawal([week(0), {"week_start": MONDAY}])  # type: ignore[list-item]
    assert err.value.row == 2


def test_bad_max_gap() -> None:
    with pytest.raises(SamenInputError, match="max_gap_weeks"):
        assess_withdrawal([week(0)], max_gap_weeks=-1)

"""Reading weekly records from CSV. Every file here is synthetic."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from samen.instruments.errors import WeekRecordError
from samen.instruments.weeks_csv import read_weeks_csv
from samen.instruments.withdrawal import assess_withdrawal

HEADER = "week_start,days_out,room_bound,in_school_or_work,impairment\n"


def csv_error(text: str) -> WeekRecordError:
    with pytest.raises(WeekRecordError) as err:
        read_weeks_csv(text)
    return err.value


def test_good_file(tmp_path: Path) -> None:
    path = tmp_path / "weeks.csv"
    path.write_text(HEADER + "2024-01-01,2,no,no,yes\n2024-01-08,0,ja,nee,JA\n", encoding="utf-8")
    first, second = read_weeks_csv(path)
    assert first.week_start == date(2024, 1, 1)
    assert (first.days_out, first.room_bound, first.in_school_or_work, first.impairment) == (
        2, False, False, True)
    assert (second.days_out, second.room_bound, second.in_school_or_work, second.impairment) == (
        0, True, False, True)


def test_file_with_byte_order_mark(tmp_path: Path) -> None:
    path = tmp_path / "excel.csv"
    path.write_text("\ufeff" + HEADER + "2024-01-01,1,,,\n", encoding="utf-8")
    assert read_weeks_csv(path)[0].days_out == 1


@pytest.mark.parametrize(
    ("cell", "value"),
    [("yes", True), ("No", False), ("TRUE", True), ("false", False), ("1", True), ("0", False),
     ("Ja", True), ("NEE", False), ("", None), ("  ", None)],
)
def test_boolean_words(cell: str, value: bool | None) -> None:
    record = read_weeks_csv(HEADER + f"2024-01-01,3,{cell},{cell},{cell}\n")[0]
    assert record.room_bound is value
    assert record.in_school_or_work is value
    assert record.impairment is value


def test_empty_cells_are_missing() -> None:
    record = read_weeks_csv(HEADER + "2024-01-01,,,,\n")[0]
    assert (record.days_out, record.room_bound, record.in_school_or_work, record.impairment) == (
        None, None, None, None)


def test_blank_lines_are_skipped_but_lines_are_counted() -> None:
    # line 1 header, line 2 row 1, line 3 blank, line 4 row 2 (bad)
    err = csv_error(HEADER + "2024-01-01,1,,,\n\n2024-01-08,9,,,\n")
    assert (err.row, err.field) == (2, "days_out")
    assert "line 4" in str(err)


@pytest.mark.parametrize(
    ("column", "cells", "problem"),
    [
        ("days_out", "2024-01-01,x,,,", "not a whole number"),
        ("days_out", "2024-01-01,2.5,,,", "not a whole number"),
        ("days_out", "2024-01-01,8,,,", "outside 0-7"),
        ("days_out", "2024-01-01,-1,,,", "outside 0-7"),
        ("room_bound", "2024-01-01,1,maybe,,", "not yes/no"),
        ("in_school_or_work", "2024-01-01,1,,soms,", "not yes/no"),
        ("impairment", "2024-01-01,1,,,2", "not yes/no"),
        ("week_start", ",1,,,", "is empty"),
    ],
)
def test_bad_cell(column: str, cells: str, problem: str) -> None:
    err = csv_error(HEADER + cells + "\n")
    assert (err.row, err.field) == (1, column)
    assert "line 2" in str(err)
    assert problem in str(err)


@pytest.mark.parametrize("cell", ["01-01-2024", "2024/01/01", "20240101", "2024-W01-1",
                                  "2024-1-1", "2024-02-30"])
def test_wrong_date_format(cell: str) -> None:
    err = csv_error(HEADER + f"{cell},1,,,\n")
    assert (err.row, err.field) == (1, "week_start")
    assert repr(cell) in str(err)


def test_wrong_number_of_cells() -> None:
    err = csv_error(HEADER + "2024-01-01,1,,\n")
    assert (err.row, err.field) == (1, None)
    assert "expected 5 cells, got 4" in str(err)


def test_all_problems_are_listed_first_one_is_raised() -> None:
    err = csv_error(HEADER + "2024-01-01,9,x,,\n2024-13-01,1,,,\n")
    assert (err.row, err.field) == (1, "days_out")
    message = str(err)
    assert "2 more problem(s)" in message
    assert "row 1 (line 2), column 'room_bound'" in message
    assert "row 2 (line 3), column 'week_start'" in message


def test_date_order_is_checked_with_line_numbers() -> None:
    err = csv_error(HEADER + "2024-01-08,1,,,\n2024-01-08,1,,,\n")
    assert (err.row, err.field) == (2, "week_start")
    assert "line 3" in str(err)
    assert "repeats" in str(err)


@pytest.mark.parametrize(
    ("header", "field", "problem"),
    [
        ("week_start,days_out,room_bound,in_school_or_work\n", "impairment",
         "missing column(s) impairment"),
        (HEADER.strip() + ",notes\n", "notes", "unknown column(s) 'notes'"),
        ("days_out,week_start,room_bound,in_school_or_work,impairment\n", None, "wrong order"),
        ("Week_start,days_out,room_bound,in_school_or_work,impairment\n", "week_start",
         "unknown column(s) 'Week_start'"),
    ],
)
def test_bad_header(header: str, field: str | None, problem: str) -> None:
    err = csv_error(header + "2024-01-01,1,,,\n")
    assert (err.row, err.field) == (None, field)
    assert "line 1" in str(err)
    assert problem in str(err)


def test_empty_text() -> None:
    assert "the CSV is empty" in str(csv_error(""))


def test_header_only() -> None:
    assert "no data rows" in str(csv_error(HEADER))


def test_a_path_given_as_text_gets_a_hint() -> None:
    assert "pass a pathlib.Path" in str(csv_error("weeks.csv"))


def test_csv_to_assessment() -> None:
    # 13 weeks at home 1 day a week, no school, impairment noted: 13 weeks = pre-hikikomori
    rows = "".join(
        f"{date.fromordinal(date(2024, 1, 1).toordinal() + 7 * i).isoformat()},1,no,no,yes\n"
        for i in range(13)
    )
    result = assess_withdrawal(read_weeks_csv(HEADER + rows))
    assert (result.stage, result.duration_weeks, result.severity) == (
        "pre_hikikomori", 13, "moderate")

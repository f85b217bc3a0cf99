"""Read and check a school's absence file; nothing here writes (see ``actions.do_import_absence``).

The file is CSV in UTF-8 with a header line and these columns, in any order::

    pseudonym,week_start,absence_hours,participation_days
    J-JET017,2026-11-02,6.5,3
    J-RUB013,2026-11-02,0,5

``week_start`` is the Monday of a school week (YYYY-MM-DD, not in the future); ``absence_hours``
the hours of unauthorised absence in that week (0 to 40, one decimal at most; a decimal comma is
fine); ``participation_days`` the days the student was at school (0 to 7, empty if not known).
A semicolon instead of a comma between the columns (as Dutch spreadsheets write) is accepted.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Final

from django.utils.translation import gettext as _

from samen.web.monitoring.actions import AbsenceRow
from samen.web.monitoring.checks import WeekValues, week_problems

MAX_IMPORT_BYTES: Final = 2 * 1024 * 1024
MAX_IMPORT_ROWS: Final = 20_000
COLUMNS: Final = ("pseudonym", "week_start", "absence_hours", "participation_days")
EXAMPLE: Final = (
    "pseudonym,week_start,absence_hours,participation_days\n"
    "J-JET017,2026-11-02,6.5,3\n"
    "J-RUB013,2026-11-02,0,5\n"
)
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_WHOLE = re.compile(r"^\d+$")


@dataclass(frozen=True)
class RowError:
    """A problem on one line of the file (``line`` 0: the file as a whole)."""

    line: int
    message: str


@dataclass
class CheckedFile:
    rows: list[AbsenceRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    refused_pseudonyms: list[str] = field(default_factory=list)
    """Pseudonyms that are unknown or not the coordinator's (for the audit log, never shown)."""


def _file_error(message: str) -> CheckedFile:
    return CheckedFile(errors=[RowError(0, message)])


def check_absence_file(
    data: bytes, *, students: Mapping[str, int], today: date
) -> CheckedFile:
    """Check every line of ``data``; ``students`` maps the pseudonyms the coordinator may import
    for (upper case) to record ids. Rows are returned only when no line has an error."""
    if len(data) > MAX_IMPORT_BYTES:
        return _file_error(_("The file is larger than 2 MB. Split it into smaller files."))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return _file_error(_("The file is not UTF-8 text. Save it as CSV UTF-8 and try again."))
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = [name.strip().lower() for name in next(reader)]
    except StopIteration:
        return _file_error(_("The file is empty."))
    if sorted(header) != sorted(COLUMNS):
        return _file_error(
            _("The first line must name the columns %(columns)s.")
            % {"columns": ", ".join(COLUMNS)}
        )
    position = {name: header.index(name) for name in COLUMNS}
    checked = CheckedFile()
    seen: dict[tuple[int, date], int] = {}
    count = 0
    for cells in reader:
        if not any(cell.strip() for cell in cells):
            continue
        count += 1
        if count > MAX_IMPORT_ROWS:
            return _file_error(
                _("The file has more than %(max)s rows. Split it into smaller files.")
                % {"max": f"{MAX_IMPORT_ROWS:,}".replace(",", ".")}
            )
        line = reader.line_num
        if len(cells) != len(COLUMNS):
            checked.errors.append(RowError(line, _("Expected 4 values, found %(n)s.")
                                           % {"n": len(cells)}))
            continue
        value = {name: cells[position[name]].strip() for name in COLUMNS}
        problems, row = _check_row(line, value, students, today)
        if value["pseudonym"] and value["pseudonym"].upper() not in students:
            checked.refused_pseudonyms.append(value["pseudonym"][:24])
        if row is not None:
            key = (row.young_person_id, row.week_start)
            if key in seen:
                problems.append(_("The same student and week are already on line %(line)s.")
                                % {"line": seen[key]})
            else:
                seen[key] = line
        if problems:
            checked.errors.append(RowError(line, " ".join(problems)))
        elif row is not None:
            checked.rows.append(row)
    if count == 0:
        return _file_error(_("The file has a header but no rows."))
    if checked.errors:
        checked.rows = []
    return checked


def _check_row(
    line: int, value: Mapping[str, str], students: Mapping[str, int], today: date
) -> tuple[list[str], AbsenceRow | None]:
    problems: list[str] = []
    young_person_id = students.get(value["pseudonym"].upper())
    if not value["pseudonym"]:
        problems.append(_("pseudonym: empty."))
    elif young_person_id is None:
        # One message for a record that does not exist and one that is not yours: no leak.
        problems.append(_("pseudonym: not a student of your school in Samen."))
    week = _parse_date(value["week_start"])
    if week is None:
        problems.append(_("week_start: write the date as YYYY-MM-DD."))
    hours = _parse_hours(value["absence_hours"])
    if hours is None:
        problems.append(_("absence_hours: enter a number of hours."))
    days: int | None = None
    if value["participation_days"]:
        if _WHOLE.match(value["participation_days"]):
            days = int(value["participation_days"])
        else:
            problems.append(_("participation_days: enter a whole number of days from 0 to 7."))
    if week is not None:
        values = WeekValues(week_start=week, absence_hours=hours or Decimal(0),
                            participation_days=days)
        problems += [f"{column}: {message}" for column, message
                     in week_problems(values, today=today) if column != "__all__"]
    if problems or young_person_id is None or week is None or hours is None:
        return problems, None
    return problems, AbsenceRow(line=line, young_person_id=young_person_id, week_start=week,
                                absence_hours=hours, participation_days=days)


def _parse_date(text: str) -> date | None:
    if not _ISO_DATE.match(text):
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


def _parse_hours(text: str) -> Decimal | None:
    if not text:
        return None
    try:
        hours = Decimal(text.replace(",", "."))
    except InvalidOperation:
        return None
    return hours if hours.is_finite() else None

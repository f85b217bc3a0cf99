"""Read weekly follow-up records from CSV.

The file has exactly this header (same names, same order)::

    week_start,days_out,room_bound,in_school_or_work,impairment

* ``week_start``: an ISO date ``YYYY-MM-DD`` (required);
* ``days_out``: a whole number 0-7;
* the other three: ``yes/no``, ``true/false``, ``1/0`` or ``ja/nee`` (any case).

An empty cell means "not known" (``None``); blank lines are skipped. Data rows count from 1 (the
first line after the header); messages also give the line of the file, counting the header as
line 1. Every row is checked before anything is returned; the raised
:class:`~samen.instruments.errors.WeekRecordError` carries the *first* problem's row and column,
and its message lists every cell problem found (up to :data:`MAX_LISTED_PROBLEMS`), so one round
of corrections fixes the whole file. The date order (strictly increasing, at least 7 days apart)
is checked once every cell is valid.

``source`` is CSV text when it is a ``str`` and a file path when it is a :class:`os.PathLike`
(wrap a path given as a string in :class:`pathlib.Path`).
"""

from __future__ import annotations

import csv
import io
import os
import re
from datetime import date
from pathlib import Path
from typing import Final

from samen.instruments.errors import WeekRecordError
from samen.instruments.withdrawal import WeekRecord, week_order_problems

COLUMNS: Final = ("week_start", "days_out", "room_bound", "in_school_or_work", "impairment")
TRUE_WORDS: Final = frozenset({"yes", "true", "1", "ja"})
FALSE_WORDS: Final = frozenset({"no", "false", "0", "nee"})
MAX_LISTED_PROBLEMS: Final = 20

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_INTEGER = re.compile(r"^[+-]?\d+$")


class _CellError(Exception):
    """A problem with one cell, before the row and line are known."""


def read_weeks_csv(source: str | os.PathLike[str]) -> list[WeekRecord]:
    """Parse weekly records from CSV text (``str``) or a CSV file (path-like), oldest first."""
    text = Path(source).read_text(encoding="utf-8-sig") if isinstance(source, os.PathLike) \
        else source.removeprefix("\ufeff")
    reader = csv.reader(io.StringIO(text))
    _check_header(next(reader, None), isinstance(source, os.PathLike))
    records: list[WeekRecord] = []
    lines: list[int] = []
    problems: list[tuple[int, int, str | None, str]] = []
    for cells in reader:
        if not any(cell.strip() for cell in cells):
            continue
        row, line = len(lines) + 1, reader.line_num
        lines.append(line)
        record = _parse_row(cells, row, line, problems)
        if record is not None:
            records.append(record)
    if not lines:
        raise WeekRecordError(None, None, "line 2: no data rows after the header")
    if not problems:
        problems = [(row, lines[row - 1], "week_start", problem)
                    for row, problem in week_order_problems([r.week_start for r in records])]
    if problems:
        raise _combined(problems)
    return records


def _check_header(header: list[str] | None, from_file: bool) -> None:
    expected = ",".join(COLUMNS)
    if header is None:
        raise WeekRecordError(None, None, f"line 1: the CSV is empty; expected the header "
                              f"{expected!r}")
    names = [name.strip() for name in header]
    if tuple(names) == COLUMNS:
        return
    missing = [c for c in COLUMNS if c not in names]
    extra = [n for n in names if n not in COLUMNS]
    parts = []
    if missing:
        parts.append(f"missing column(s) {', '.join(missing)}")
    if extra:
        parts.append(f"unknown column(s) {', '.join(repr(e) for e in extra)}")
    if not parts:
        parts.append(f"columns in the wrong order or repeated: {', '.join(names)}")
    hint = "" if from_file or len(header) > 1 else " (to read a file, pass a pathlib.Path)"
    field = missing[0] if missing else extra[0] if extra else None
    raise WeekRecordError(None, field,
                          f"line 1: header must be exactly {expected!r}: {'; '.join(parts)}{hint}")


def _parse_row(
    cells: list[str], row: int, line: int, problems: list[tuple[int, int, str | None, str]]
) -> WeekRecord | None:
    """The record for one data row, or None after adding its problems to ``problems``."""
    if len(cells) != len(COLUMNS):
        problems.append((row, line, None, f"expected {len(COLUMNS)} cells, got {len(cells)}"))
        return None
    values: dict[str, object] = {}
    for column, cell in zip(COLUMNS, cells, strict=True):
        try:
            values[column] = _parse_cell(column, cell.strip())
        except _CellError as exc:
            problems.append((row, line, column, str(exc)))
    if len(values) < len(COLUMNS):
        return None
    return WeekRecord.model_validate(values)


def _parse_cell(column: str, cell: str) -> object:
    if column == "week_start":
        if not cell:
            raise _CellError("is empty; every row needs its week's start date")
        if not _ISO_DATE.match(cell):
            raise _CellError(f"{cell!r} is not an ISO date YYYY-MM-DD")
        try:
            return date.fromisoformat(cell)
        except ValueError:
            raise _CellError(f"{cell!r} is not a real date") from None
    if not cell:
        return None
    if column == "days_out":
        if not _INTEGER.match(cell):
            raise _CellError(f"{cell!r} is not a whole number of days 0-7")
        days = int(cell)
        if not 0 <= days <= 7:
            raise _CellError(f"{days} is outside 0-7 (days in a week)")
        return days
    word = cell.lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise _CellError(f"{cell!r} is not yes/no, true/false, 1/0 or ja/nee")


def _combined(problems: list[tuple[int, int, str | None, str]]) -> WeekRecordError:
    """One error for the first problem whose message lists them all."""
    row, line, column, problem = problems[0]
    listed = [f"row {r} (line {n})" + (f", column {c!r}" if c else "") + f": {p}"
              for r, n, c, p in problems[1:MAX_LISTED_PROBLEMS]]
    if len(problems) > MAX_LISTED_PROBLEMS:
        listed.append(f"and {len(problems) - MAX_LISTED_PROBLEMS} more")
    also = f"; {len(problems) - 1} more problem(s): " + "; ".join(listed) if listed else ""
    return WeekRecordError(row, column, f"line {line}: {problem}{also}")

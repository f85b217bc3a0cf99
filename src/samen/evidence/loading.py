"""Reading data files: TOML in, validated frozen models out, errors that name file, entry and key.

Every ``read_*`` function of the knowledge base accepts a :class:`~pathlib.Path` (a data file) or a
``str`` (TOML text, e.g. a snippet in a test) and goes through :func:`read_tables` and
:func:`validate_entries` below, so the shipped files and crafted bad snippets meet the same rules.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable
from importlib import resources
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from samen.evidence.base import FieldProblem
from samen.evidence.errors import EvidenceDataError

M = TypeVar("M", bound=BaseModel)
TEXT_ORIGIN = "<text>"


def shipped_file(name: str) -> Path:
    """The path of a data file shipped in ``samen/evidence/data``."""
    return Path(str(resources.files("samen.evidence").joinpath("data", name)))


def read_tables(source: Path | str, tables: Iterable[str]) -> tuple[str, dict[str, list[Any]]]:
    """Parse ``source`` and return its origin name and its arrays of tables.

    Only the named top-level arrays are allowed; a missing one counts as empty, an unknown one
    (usually a misspelling) is an error.
    """
    if isinstance(source, Path):
        origin = source.name
        try:
            text = source.read_text(encoding="utf-8")
        except OSError as exc:
            raise EvidenceDataError(origin, None, None, f"cannot be read: {exc}") from exc
    else:
        origin, text = TEXT_ORIGIN, source
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise EvidenceDataError(origin, None, None, f"not valid TOML: {exc}") from exc
    allowed = tuple(tables)
    found: dict[str, list[Any]] = {}
    for key, value in data.items():
        if key not in allowed:
            problem = f"unknown top-level key; expected one of: {', '.join(allowed)}"
            raise EvidenceDataError(origin, None, key, problem)
        if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
            raise EvidenceDataError(origin, None, key, f"must be an array of tables ([[{key}]])")
        found[key] = value
    return origin, {name: found.get(name, []) for name in allowed}


def validate_entries(model: type[M], entries: list[Any], origin: str, table: str) -> tuple[M, ...]:
    """Validate each entry of one array of tables; ids must be unique within the table."""
    result: list[M] = []
    seen: set[str] = set()
    for index, entry in enumerate(entries, start=1):
        entry_id = str(entry.get("id", f"{table}[{index}]"))
        try:
            item = model.model_validate(entry)
        except ValidationError as exc:
            key, problem = _describe(exc.errors())
            raise EvidenceDataError(origin, entry_id, key, problem) from exc
        if entry_id in seen:
            raise EvidenceDataError(origin, entry_id, "id", f"id appears twice in [[{table}]]")
        seen.add(entry_id)
        result.append(item)
    return tuple(result)


def _describe(errors: list[ErrorDetails]) -> tuple[str | None, str]:
    """The key of the first error and a readable list of all problems."""
    parts: list[tuple[str, str]] = []
    for err in errors:
        loc = [str(p) for p in err["loc"]]
        if err["type"] == "too_short" and _has_deeper_error(loc, errors):
            continue  # a tuple whose items failed also reports a length error; the items say more
        message = err["msg"].removeprefix("Value error, ")
        cause = err.get("ctx", {}).get("error")
        if isinstance(cause, FieldProblem):
            loc.append(cause.key)
        parts.append((".".join(loc), message))
    key = parts[0][0] or None
    if len(parts) == 1:
        return key, parts[0][1]
    return key, "; ".join(f"{loc or '(entry)'}: {msg}" for loc, msg in parts)


def _has_deeper_error(loc: list[str], errors: list[ErrorDetails]) -> bool:
    depth = len(loc)
    return any(
        len(other["loc"]) > depth and [str(p) for p in other["loc"][:depth]] == loc
        for other in errors
    )

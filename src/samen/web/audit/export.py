"""The audit log for an auditor: every stored field and the hash-chain values, as CSV or JSON.

Each exported event carries ``previous_hash`` and ``entry_hash``, so an auditor can recompute
every event's hash from the file alone (:func:`verify_rows`), and, for an export of the whole
log, check that the events follow each other (a gap shows a removed event). An export for one
organisation holds only its events; each of them still proves its own content, and
``samen audit verify`` proves the whole chain on the server.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from samen.web.accounts.models import Organisation
from samen.web.accounts.roles import Role
from samen.web.audit.chain import HASHED_FIELDS, entry_hash
from samen.web.audit.log import Actor, record
from samen.web.audit.models import AuditAction, AuditEvent

FIELDS = ("id", *HASHED_FIELDS, "previous_hash", "entry_hash")
"""The columns, in order: every stored field of an event (NEN 7513 names in docs/web/audit.md)."""
FORMATS = ("csv", "json")
_NULLABLE = {"actor_id", "subject_id", "ip_address"}
_INTEGERS = {"id", "actor_id", "subject_id"}
_FORMULA = ("=", "+", "-", "@", "'")


def events_in(since: date | None = None, until: date | None = None,
              organisation: Organisation | None = None) -> QuerySet[AuditEvent]:
    """Events from the start of ``since`` to the end of ``until`` (local days), in chain order;
    for ``organisation``: what its members did for it (or, without an organisation named in the
    event, what its members did at all)."""
    events = AuditEvent.objects.order_by("id")
    if since is not None:
        events = events.filter(occurred_at__gte=_local_midnight(since))
    if until is not None:
        events = events.filter(occurred_at__lt=_local_midnight(until + timedelta(days=1)))
    if organisation is not None:
        members = Q(organisation_name="", actor__memberships__organisation=organisation)
        events = events.filter(Q(organisation_name=organisation.name) | members).distinct()
    return events


def _local_midnight(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def as_row(event: AuditEvent) -> dict[str, Any]:
    row: dict[str, Any] = {name: getattr(event, name) for name in FIELDS}
    row["occurred_at"] = event.occurred_at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    return row


def rows(events: QuerySet[AuditEvent]) -> Iterator[dict[str, Any]]:
    for event in events.iterator(chunk_size=2000):
        yield as_row(event)


def write_json(found: Iterable[dict[str, Any]], out: io.TextIOBase | Any) -> int:
    count = 0
    out.write('{"fields": ' + json.dumps(list(FIELDS)) + ', "events": [')
    for row in found:
        out.write(("," if count else "") + "\n" + json.dumps(row, ensure_ascii=True))
        count += 1
    out.write("\n]}\n")
    return count


def write_csv(found: Iterable[dict[str, Any]], out: io.TextIOBase | Any) -> int:
    writer = csv.writer(out)
    writer.writerow(FIELDS)
    count = 0
    for row in found:
        writer.writerow(_csv_value(name, row[name]) for name in FIELDS)
        count += 1
    return count


def _csv_value(name: str, value: Any) -> str:
    if value is None:
        return ""
    if name == "changed_fields":
        return json.dumps(value)
    # A leading =, +, - or @ would make a spreadsheet run the cell as a formula (CSV injection);
    # a quote mark in front keeps it text (and one in front of a quote mark keeps it reversible).
    text = str(value)
    return "'" + text if text[:1] in _FORMULA and name not in _INTEGERS else text


def read_csv(text: str) -> list[dict[str, Any]]:
    """Rows of a CSV export back in the JSON shape (for :func:`verify_rows`)."""
    found = []
    for raw in csv.DictReader(io.StringIO(text)):
        row: dict[str, Any] = {}
        for name in FIELDS:
            value: Any = raw[name]
            if value.startswith("'") and value[1:2] in _FORMULA:
                value = value[1:]
            if name in _NULLABLE and value == "":
                value = None
            elif name in _INTEGERS:
                value = int(value)
            elif name == "changed_fields":
                value = json.loads(value)
            row[name] = value
        found.append(row)
    return found


@dataclass(frozen=True)
class ExportVerdict:
    checked: int
    broken_id: int | None = None
    reason: str = ""

    @property
    def ok(self) -> bool:
        return self.broken_id is None


def verify_rows(found: Iterable[dict[str, Any]], contiguous: bool = False) -> ExportVerdict:
    """Recompute each exported event's hash; with ``contiguous`` (an export of the whole log)
    also check that each event follows the one before it."""
    checked = 0
    previous: str | None = None
    for row in found:
        event = AuditEvent(**{name: row[name] for name in HASHED_FIELDS if name != "occurred_at"})
        event.occurred_at = datetime.strptime(row["occurred_at"], "%Y-%m-%dT%H:%M:%S.%fZ").replace(
            tzinfo=UTC)
        if entry_hash(event, row["previous_hash"]) != row["entry_hash"]:
            return ExportVerdict(checked, row["id"], "its content differs from what was recorded")
        if contiguous and previous is not None and row["previous_hash"] != previous:
            return ExportVerdict(checked, row["id"], "it does not follow the event before it")
        previous = row["entry_hash"]
        checked += 1
    return ExportVerdict(checked)


def export_to(out: Any, since: date | None, until: date | None, fmt: str,
              actor: Actor | None = None, organisation: Organisation | None = None) -> int:
    """Write the events of the period to ``out`` and audit the export (after reading, so the
    export does not hold its own event); return the number of events written."""
    found = rows(events_in(since, until, organisation))
    count = write_csv(found, out) if fmt == "csv" else write_json(found, out)
    record(actor or Actor.system("cli"), event="audit.export", action=AuditAction.READ,
           role=Role.ORG_ADMIN if organisation else "",
           organisation_name=organisation.name if organisation else "", basis="auditor",
           object_type="audit_log", object_id=f"{since or '-'}..{until or '-'} {fmt} {count}",
           changed_fields=FIELDS)
    return count

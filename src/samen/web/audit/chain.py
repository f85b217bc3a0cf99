"""The audit log's hash chain: tamper evidence for an append-only table (NEN 7513).

Each event's ``entry_hash`` is the SHA-256 of its canonical form (every stored field but the id,
in a fixed order) followed by the previous event's hash; the chain runs in id order. The id is
left out so the hash is known before the row is inserted and the row is never updated. Changing, inserting or deleting any event breaks the
chain at that event; deleting the newest events is caught by the chain head. Anyone with write
access to the database can still rebuild a whole chain: the chain makes changes visible, the
PostgreSQL trigger and database privileges prevent them.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC

from samen.web.audit.models import AuditChainHead, AuditEvent

HASHED_FIELDS = (
    "occurred_at", "actor_id", "actor_username", "actor_role", "organisation_name",
    "responsible_username", "event", "action", "outcome", "object_type", "object_id",
    "changed_fields", "subject_id", "subject_pseudonym", "basis", "ip_address", "user_agent",
    "channel", "path",
)


def canonical(event: AuditEvent) -> bytes:
    values: dict[str, object] = {}
    for name in HASHED_FIELDS:
        value = getattr(event, name)
        if name == "occurred_at":
            value = value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
        values[name] = value
    return json.dumps(values, sort_keys=True, ensure_ascii=True, separators=(",", ":")).encode()


def entry_hash(event: AuditEvent, previous_hash: str) -> str:
    return hashlib.sha256(canonical(event) + previous_hash.encode()).hexdigest()


@dataclass(frozen=True)
class Verdict:
    checked: int
    broken_id: int | None = None
    reason: str = ""

    @property
    def ok(self) -> bool:
        return self.broken_id is None and not self.reason


def verify_chain(batch: int = 5000) -> Verdict:
    """Recompute the whole chain in id order; name the first event that does not fit."""
    previous = ""
    last_id = 0
    checked = 0
    events = AuditEvent.objects.order_by("id")
    for event in events.iterator(chunk_size=batch):
        if event.previous_hash != previous:
            return Verdict(checked, event.pk, "does not follow the event before it: an event "
                                              "before it was removed, added or changed")
        if event.entry_hash != entry_hash(event, previous):
            return Verdict(checked, event.pk, "its content differs from what was recorded")
        previous, last_id = event.entry_hash, event.pk
        checked += 1
    head = AuditChainHead.objects.filter(pk=1).first()
    if head is not None and (head.last_event_id, head.last_hash) != (last_id, previous):
        return Verdict(checked, head.last_event_id or None,
                       f"the newest events are missing: the log ends at event {last_id}, "
                       f"but event {head.last_event_id} was recorded")
    return Verdict(checked)

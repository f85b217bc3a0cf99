"""Create the chain head and chain the events written before the hash chain existed.

The hashing is copied here (not imported) so this migration keeps working when the app changes.
"""

import hashlib
import json
from datetime import UTC

from django.db import migrations

FIELDS = (
    "occurred_at", "actor_id", "actor_username", "actor_role", "organisation_name",
    "responsible_username", "event", "action", "outcome", "object_type", "object_id",
    "changed_fields", "subject_id", "subject_pseudonym", "basis", "ip_address", "user_agent",
    "channel", "path",
)


def _hash(event, previous):
    values = {}
    for name in FIELDS:
        value = getattr(event, name)
        if name == "occurred_at":
            value = value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
        values[name] = value
    body = json.dumps(values, sort_keys=True, ensure_ascii=True, separators=(",", ":")).encode()
    return hashlib.sha256(body + previous.encode()).hexdigest()


def fill(apps, schema_editor):
    event_model = apps.get_model("audit", "AuditEvent")
    head_model = apps.get_model("audit", "AuditChainHead")
    previous, last_id = "", 0
    for event in event_model.objects.order_by("id").iterator(chunk_size=2000):
        digest = _hash(event, previous)
        event_model.objects.filter(pk=event.pk).update(previous_hash=previous, entry_hash=digest)
        previous, last_id = digest, event.pk
    head_model.objects.update_or_create(
        pk=1, defaults={"last_event_id": last_id, "last_hash": previous}
    )


class Migration(migrations.Migration):
    dependencies = [("audit", "0002_hash_chain")]
    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]

"""Every audit event holds the NEN 7513 fields (platforms.md §4.2); a read of a record leaves none
of them empty."""

from __future__ import annotations

from samen.web.audit.chain import HASHED_FIELDS
from samen.web.audit.models import AuditEvent
from samen.web.testing import SamenTestCase

# NEN 7513 (and the IHE-ATNA names it uses) -> our field.
NEN7513_FIELDS = {
    "EventID": "event",
    "EventActionCode": "action",
    "EventDateTime": "occurred_at",
    "EventOutcomeIndicator": "outcome",
    "UserID": "actor_id",
    "UserName": "actor_username",
    "RoleIDCode": "actor_role",
    "responsible user": "responsible_username",
    "organisation (AuditEnterpriseSiteID of the user)": "organisation_name",
    "NetworkAccessPointID": "ip_address",
    "NetworkAccessPointTypeCode (channel)": "channel",
    "client software": "user_agent",
    "ParticipantObjectID (client)": "subject_id",
    "ParticipantObjectName (pseudonym)": "subject_pseudonym",
    "ParticipantObjectTypeCode": "object_type",
    "ParticipantObjectDetail (which part)": "object_id",
    "autorisatieprotocol / toestemmingsprofiel (basis)": "basis",
    "request path": "path",
    "integrity (hash chain)": "entry_hash",
}
# Empty by nature on a read: nothing changed; the very first event has no predecessor.
MAY_BE_EMPTY_ON_A_READ = {"changed_fields", "previous_hash"}


class Nen7513FieldsTest(SamenTestCase):
    def test_every_stored_field_is_mapped_and_every_nen_field_stored(self) -> None:
        stored = {f.attname for f in AuditEvent._meta.concrete_fields} - {"id"}
        self.assertEqual(set(NEN7513_FIELDS.values()) | MAY_BE_EMPTY_ON_A_READ, stored)
        self.assertEqual(set(HASHED_FIELDS) | {"previous_hash", "entry_hash"}, stored)

    def test_a_read_of_the_record_fills_every_nen_field(self) -> None:
        self.login(self.clara)
        self.client.get(f"/youth/{self.record.pk}/team/", HTTP_USER_AGENT="Firefox/140")
        event = AuditEvent.objects.filter(event="youth.team.view").get()
        empty = [nen for nen, field in NEN7513_FIELDS.items()
                 if getattr(event, field) in (None, "", [])]
        self.assertEqual(empty, [])
        self.assertEqual(
            (event.action, event.actor_role, event.responsible_username, event.organisation_name,
             event.basis, event.subject_pseudonym, event.channel, event.ip_address),
            ("R", "clinician", "clara", "GGZ Noord", "care_team_consent", "J-JET017", "web",
             "127.0.0.1"))

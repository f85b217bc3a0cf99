"""The hash chain: every event chained, any change, insertion or removal found and named."""

from __future__ import annotations

from django.db import connection

from samen.web.audit.chain import verify_chain
from samen.web.audit.log import Actor, Entry, record, record_many
from samen.web.audit.models import AuditAction, AuditChainHead, AuditEvent
from samen.web.testing import SamenTestCase


def _raw(sql: str, params: list[int | str]) -> None:
    """Tamper as an intruder would: straight SQL, past the model's refusal."""
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


class ChainTest(SamenTestCase):
    def setUp(self) -> None:
        actor = Actor(user=self.clara, channel="web", ip_address="127.0.0.1")
        self.events = [
            record(actor, event=f"test.read.{n}", action=AuditAction.READ,
                   subject_id=self.record.pk, subject_pseudonym="J-JET017")
            for n in range(5)
        ]

    def test_events_are_chained_and_the_chain_verifies(self) -> None:
        first, second = self.events[0], self.events[1]
        self.assertEqual(first.previous_hash, "")
        self.assertEqual(second.previous_hash, first.entry_hash)
        self.assertEqual(len(first.entry_hash), 64)
        head = AuditChainHead.objects.get(pk=1)
        self.assertEqual((head.last_event_id, head.last_hash),
                         (self.events[-1].pk, self.events[-1].entry_hash))
        verdict = verify_chain()
        self.assertTrue(verdict.ok)
        self.assertEqual(verdict.checked, AuditEvent.objects.count())

    def test_a_batch_is_chained_in_order_after_single_events(self) -> None:
        actor = Actor(user=self.carla, channel="web", ip_address="127.0.0.1")
        batch = record_many(actor, [Entry(event=f"test.list.{n}", action=AuditAction.READ,
                                          subject_id=self.record.pk) for n in range(3)])
        after = record(actor, event="test.after", action=AuditAction.READ)
        self.assertEqual([e.event for e in batch], ["test.list.0", "test.list.1", "test.list.2"])
        self.assertEqual(batch[0].previous_hash, self.events[-1].entry_hash)
        self.assertEqual(after.previous_hash, batch[-1].entry_hash)
        ids = [e.pk for e in (*self.events, *batch, after)]
        self.assertEqual(ids, sorted(ids))
        stored = list(AuditEvent.objects.filter(pk__in=[e.pk for e in batch]).order_by("pk"))
        self.assertEqual([e.entry_hash for e in stored], [e.entry_hash for e in batch])
        self.assertEqual(AuditChainHead.objects.get(pk=1).last_event_id, after.pk)
        self.assertTrue(verify_chain().ok)
        self.assertEqual(record_many(actor, []), [])

    def test_a_changed_field_is_found_at_that_event(self) -> None:
        if connection.vendor == "postgresql":
            self.skipTest("PostgreSQL refuses the change itself (see test_postgresql_refuses_*)")
        _raw("UPDATE audit_auditevent SET actor_username = %s WHERE id = %s",
             ["someone-else", self.events[2].pk])
        verdict = verify_chain()
        self.assertEqual(verdict.broken_id, self.events[2].pk)
        self.assertIn("content differs", verdict.reason)

    def test_a_removed_event_is_found_at_the_next_one(self) -> None:
        if connection.vendor == "postgresql":
            self.skipTest("PostgreSQL refuses the deletion itself")
        _raw("DELETE FROM audit_auditevent WHERE id = %s", [self.events[1].pk])
        verdict = verify_chain()
        self.assertEqual(verdict.broken_id, self.events[2].pk)
        self.assertIn("does not follow", verdict.reason)

    def test_removing_the_newest_events_is_found_through_the_head(self) -> None:
        if connection.vendor == "postgresql":
            self.skipTest("PostgreSQL refuses the deletion itself")
        _raw("DELETE FROM audit_auditevent WHERE id >= %s", [self.events[3].pk])
        verdict = verify_chain()
        self.assertFalse(verdict.ok)
        self.assertEqual(verdict.broken_id, self.events[4].pk)
        self.assertIn("newest events are missing", verdict.reason)

    def test_postgresql_refuses_update_delete_and_truncate(self) -> None:
        if connection.vendor != "postgresql":
            self.skipTest("the trigger exists only in PostgreSQL")
        from django.db import DatabaseError, transaction

        for sql in ("UPDATE audit_auditevent SET event = 'x'", "DELETE FROM audit_auditevent",
                    "TRUNCATE audit_auditevent CASCADE"):
            with (self.subTest(sql=sql), self.assertRaises(DatabaseError) as caught,
                  transaction.atomic()):
                _raw(sql, [])
            if not sql.startswith("TRUNCATE"):  # inside the test's transaction PostgreSQL may
                # refuse TRUNCATE earlier, for the rows' pending constraint checks
                self.assertIn("append-only", str(caught.exception))
        self.assertEqual(AuditEvent.objects.count(), len(self.events))

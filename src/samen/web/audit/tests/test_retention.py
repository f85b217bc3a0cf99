"""Retention: at least five years, enforced in the configuration, and the app deletes nothing."""

from __future__ import annotations

import os
from datetime import datetime, timedelta
from unittest import mock
from zoneinfo import ZoneInfo

import time_machine
from django.core.exceptions import ImproperlyConfigured
from django.test import override_settings

from samen.web.audit.log import Actor, record
from samen.web.audit.models import AuditAction, AuditEvent
from samen.web.audit.retention import (
    RetentionRefused,
    archive_candidates,
    retention_cutoff,
    retention_years,
)
from samen.web.config import audit_retention_years
from samen.web.testing import SamenTestCase

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
NOW = datetime(2031, 6, 15, 12, 0, tzinfo=AMSTERDAM)


class RetentionTest(SamenTestCase):
    def test_fewer_than_five_years_is_a_configuration_error(self) -> None:
        with (mock.patch.dict(os.environ, {"SAMEN_AUDIT_RETENTION_YEARS": "4"}),
              self.assertRaisesMessage(ImproperlyConfigured, "at least 5")):
            audit_retention_years()
        with mock.patch.dict(os.environ, {"SAMEN_AUDIT_RETENTION_YEARS": "7"}):
            self.assertEqual(audit_retention_years(), 7)
        with (override_settings(SAMEN_AUDIT_RETENTION_YEARS=2),
              self.assertRaises(ImproperlyConfigured)):
            retention_years()
        self.assertEqual(retention_years(), 5)

    def test_events_younger_than_five_years_are_never_given_up(self) -> None:
        self.assertEqual(retention_cutoff(NOW), datetime(2026, 6, 15, 12, 0, tzinfo=AMSTERDAM))
        with time_machine.travel(NOW - timedelta(days=5 * 365 + 10), tick=False):
            record(Actor.system("test"), event="test.old", action=AuditAction.READ)
        with time_machine.travel(NOW - timedelta(days=30), tick=False):
            record(Actor.system("test"), event="test.young", action=AuditAction.READ)
        with self.assertRaises(RetentionRefused):
            archive_candidates(retention_cutoff(NOW) + timedelta(seconds=1), NOW)
        found = archive_candidates(retention_cutoff(NOW), NOW)
        self.assertEqual(list(found.values_list("event", flat=True)), ["test.old"])
        with override_settings(SAMEN_AUDIT_RETENTION_YEARS=7), self.assertRaises(RetentionRefused):
            archive_candidates(retention_cutoff(NOW) + timedelta(days=1), NOW)

    def test_the_app_cannot_delete_or_rewrite_events_in_bulk(self) -> None:
        record(Actor.system("test"), event="test.kept", action=AuditAction.READ)
        with self.assertRaises(PermissionError):
            AuditEvent.objects.filter(event="test.kept").delete()
        with self.assertRaises(PermissionError):
            AuditEvent.objects.filter(event="test.kept").update(event="changed")
        with self.assertRaises(PermissionError):
            AuditEvent.objects.get(event="test.kept").delete()
        self.assertEqual(AuditEvent.objects.filter(event="test.kept").count(), 1)

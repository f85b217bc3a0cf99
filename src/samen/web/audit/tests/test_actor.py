"""Audit rows keep what the request said, minus characters the database cannot store."""

from __future__ import annotations

from django.test import RequestFactory

from samen.web.audit.log import Actor, record
from samen.web.audit.models import AuditAction, AuditEvent
from samen.web.testing import SamenTestCase


class ActorTest(SamenTestCase):
    def test_control_characters_in_path_and_client_are_dropped(self) -> None:
        request = RequestFactory().get("/youth/1/\x00x", HTTP_USER_AGENT="bot\x00\x07/1.0")
        request.user = self.clara
        actor = Actor.from_request(request)
        self.assertEqual((actor.path, actor.user_agent), ("/youth/1/x", "bot/1.0"))
        event = record(actor, event="test.read", action=AuditAction.READ)
        self.assertEqual(AuditEvent.objects.get(pk=event.pk).path, "/youth/1/x")

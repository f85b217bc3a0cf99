"""Home-page panels of the youth and accounts apps, per role."""

from __future__ import annotations

from typing import Any

from samen.web.accounts.models import User
from samen.web.audit.models import AuditEvent
from samen.web.testing import SamenTestCase
from samen.web.youth.models import ConsentGrant, YoungPerson


class HomePanelsTest(SamenTestCase):
    def panel(self, user: User, template: str) -> dict[str, Any] | None:
        self.login(user)
        response = self.client.get("/")
        self.assertEqual(response.status_code, 200)
        found = [p.context for p in response.context["panels"] if p.template == template]
        return found[0] if found else None

    def test_the_young_person_sees_who_can_see_the_file(self) -> None:
        panel = self.panel(self.jet, "youth/panels/my_file.html")
        assert panel is not None
        [file] = panel["files"]
        self.assertEqual([(v.name, v.organisation) for v in file["viewers"]],
                         [("youth_worker", "Buurtwerk Oost"), ("clinician", "GGZ Noord"),
                          ("school_coordinator", "Het Baken"), ("parent", "")])
        self.assertTrue(file["may_see_log"])
        html = self.client.get("/").content.decode()
        self.assertIn("Wie mijn dossier kan zien", html)
        self.assertIn(f'href="/audit/{self.record.pk}/"', html)
        self.assertEqual(AuditEvent.objects.filter(event="youth.home.view", actor=self.jet,
                                                   subject_id=self.record.pk).count(), 2)

    def test_a_withdrawn_organisation_and_parents_disappear_from_the_list(self) -> None:
        ConsentGrant.objects.filter(young_person=self.record, organisation=self.community).delete()
        ConsentGrant.objects.filter(young_person=self.record, scope="guardians").delete()
        panel = self.panel(self.jet, "youth/panels/my_file.html")
        assert panel is not None
        self.assertEqual([v.name for v in panel["files"][0]["viewers"]],
                         ["clinician", "school_coordinator"])

    def test_a_thirteen_year_old_has_no_access_log_link(self) -> None:
        panel = self.panel(self.ruben, "youth/panels/my_file.html")
        assert panel is not None
        [file] = panel["files"]
        self.assertFalse(file["may_see_log"])
        self.assertEqual([v.name for v in file["viewers"]],
                         ["clinician", "school_coordinator", "parent"])
        self.assertNotIn(f'href="/audit/{self.child.pk}/"', self.client.get("/").content.decode())

    def test_parents_see_their_children_in_plain_words(self) -> None:
        YoungPerson.objects.filter(pk=self.child.pk).update(stage="pre_hikikomori",
                                                            withdrawn_weeks=15)
        panel = self.panel(self.paul, "youth/panels/my_children.html")
        assert panel is not None
        self.assertEqual([(c["young_person"].pseudonym, c["age"]) for c in panel["children"]],
                         [("J-JET017", 17), ("J-RUB013", 13)])
        html = " ".join(self.client.get("/").content.decode().split())
        self.assertIn("J-RUB013</a> (13 jaar): Is 15 weken vooral thuisgebleven: drie tot zes "
                      "maanden, een vroege fase.", html)

    def test_care_professionals_see_their_caseload_by_stage(self) -> None:
        YoungPerson.objects.filter(pk=self.child.pk).update(stage="hikikomori",
                                                            withdrawn_weeks=30)
        panel = self.panel(self.carla, "youth/panels/caseload.html")
        assert panel is not None
        self.assertEqual(panel["total"], 2)
        self.assertEqual([(value, count) for value, _, count in panel["by_stage"]],
                         [("none", 1), ("pre_hikikomori", 0), ("hikikomori", 1)])
        self.assertEqual(panel["waiting"], 0)
        # Counts name nobody, so this panel audits no read (other apps' panels may name people).
        self.assertFalse(AuditEvent.objects.filter(actor=self.carla,
                                                   event__startswith="youth.").exists())
        panel = self.panel(self.wout, "youth/panels/caseload.html")
        assert panel is not None
        self.assertEqual((panel["total"], panel["waiting"]), (1, 0))

    def test_the_org_admin_sees_members_and_pending_consents(self) -> None:
        panel = self.panel(self.ad, "accounts/panels/organisation.html")
        assert panel is not None
        self.assertEqual([(r["organisation"].name, r["members"], r["pending"])
                          for r in panel["organisations"]], [("Het Baken", 2, 0)])
        ConsentGrant.objects.filter(young_person=self.child, grantor=self.paul,
                                    organisation=self.school).delete()
        panel = self.panel(self.ad, "accounts/panels/organisation.html")
        assert panel is not None
        self.assertEqual(panel["organisations"][0]["pending"], 1)

    def test_roles_without_these_panels_get_none(self) -> None:
        templates = {"youth/panels/my_file.html", "youth/panels/my_children.html",
                     "youth/panels/caseload.html", "accounts/panels/organisation.html"}
        for user in (self.petra, self.nina):
            with self.subTest(user=user.username):
                self.login(user)
                shown = {p.template for p in self.client.get("/").context["panels"]}
                self.assertEqual(shown & templates, set())

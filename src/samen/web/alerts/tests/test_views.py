"""The alerts page, marking read, and the home panel, for every member of the cast."""

from __future__ import annotations

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from samen.web.accounts.models import User
from samen.web.alerts.models import Alert
from samen.web.alerts.views import PAGE_SIZE
from samen.web.audit.models import AuditEvent
from samen.web.testing import SamenTestCase
from samen.web.youth.models import ConsentGrant, YoungPerson

ANONYMOUS = 302


def make_alert(recipient: User, young_person: YoungPerson, key: str, **fields: object) -> Alert:
    defaults: dict[str, object] = {"kind": "stage_change", "stage": "pre_hikikomori"}
    defaults.update(fields)
    return Alert.objects.create(recipient=recipient, young_person=young_person, dedupe_key=key,
                                **defaults)


class AlertRoutesTest(SamenTestCase):
    carla_alert: Alert
    otto_alert: Alert

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.carla_alert = make_alert(cls.carla, cls.record, "stage:1:1:pre_hikikomori")
        cls.otto_alert = make_alert(cls.otto, cls.other_record, "stage:3:1:pre_hikikomori")

    def statuses(self, method: str, url: str, expected: dict[User, int], default: int) -> None:
        self.client.logout()
        response = getattr(self.client, method)(url)
        self.assertEqual(response.status_code, ANONYMOUS)
        self.assertTrue(response["Location"].startswith("/accounts/login/"))
        for user in self.everyone:
            with self.subTest(user=user.username, url=url):
                self.login(user)
                self.assertEqual(getattr(self.client, method)(url).status_code,
                                 expected.get(user, default))

    def test_list_is_for_every_signed_in_user(self) -> None:
        self.statuses("get", reverse("alerts:list"), {}, 200)

    def test_mark_read_is_for_the_recipient_only(self) -> None:
        self.statuses("post", reverse("alerts:read", args=[self.carla_alert.pk]),
                      {self.carla: 302}, 404)
        self.statuses("post", reverse("alerts:read", args=[self.otto_alert.pk]),
                      {self.otto: 302}, 404)
        self.assertEqual(Alert.objects.filter(read_at__isnull=False).count(), 2)

    def test_mark_all_read(self) -> None:
        self.statuses("post", reverse("alerts:read_all"), {}, 302)
        self.assertEqual(Alert.objects.filter(read_at__isnull=True).count(), 0)

    def test_mark_read_needs_post(self) -> None:
        self.login(self.carla)
        self.assertEqual(self.client.get(reverse("alerts:read", args=[self.carla_alert.pk]))
                         .status_code, 405)


class AlertPageTest(SamenTestCase):
    def test_newest_first_unread_marked_then_read(self) -> None:
        older = make_alert(self.clara, self.record, "a")
        Alert.objects.filter(pk=older.pk).update(created_at=timezone.now()
                                                 - timedelta(days=2))
        newer = make_alert(self.clara, self.child, "b", kind="worsening_score", stage="",
                           instrument_id="phqa", previous_total=9.0, new_total=12.0,
                           reason="cutoff")
        self.login(self.clara)
        response = self.client.get(reverse("alerts:list"))
        self.assertEqual([row["alert"] for row in response.context["rows"]], [newer, older])
        page = response.content.decode()
        self.assertEqual(page.count('class="badge warning">Nieuw<'), 2)
        self.assertIn("PHQ-A: de score 12 ligt boven het afkappunt (vorige: 9).", page)
        self.assertIn("De fase is veranderd in: Pre-hikikomori (3 tot 6 maanden).", page)
        self.assertLess(page.index("J-RUB013"), page.index("J-JET017"))
        # Reading the list is audited per person shown.
        self.assertEqual(AuditEvent.objects.filter(event="alerts.alert.list").count(), 2)

        self.client.post(reverse("alerts:read", args=[older.pk]))
        older.refresh_from_db()
        self.assertIsNotNone(older.read_at)
        page = self.client.get(reverse("alerts:list")).content.decode()
        self.assertEqual(page.count('class="badge warning">Nieuw<'), 1)
        event = AuditEvent.objects.get(event="alerts.alert.mark_read")
        self.assertEqual((event.object_id, event.changed_fields), (str(older.pk), ["read_at"]))

    def test_a_long_list_is_paged_and_audits_only_the_page(self) -> None:
        for n in range(PAGE_SIZE + 3):
            make_alert(self.clara, self.child if n < 3 else self.record, f"k{n}")  # child's oldest
        self.login(self.clara)
        first = self.client.get(reverse("alerts:list"))
        self.assertEqual(len(first.context["rows"]), PAGE_SIZE)
        self.assertContains(first, f"{PAGE_SIZE + 3} nieuwe meldingen")  # all unread, not a page
        self.assertContains(first, "Pagina 1 van 2")
        self.assertContains(first, 'href="?page=2"')
        # The newest page names only Jet's record: only that read is audited.
        listed = AuditEvent.objects.filter(event="alerts.alert.list")
        self.assertEqual([e.subject_id for e in listed], [self.record.pk])
        second = self.client.get(reverse("alerts:list"), {"page": 2})
        self.assertEqual(len(second.context["rows"]), 3)
        self.assertEqual(sorted({e.subject_id for e in listed.all()}),
                         sorted([self.record.pk, self.child.pk]))

    def test_english(self) -> None:
        make_alert(self.clara, self.record, "a")
        self.login(self.clara)
        page = self.client.get(reverse("alerts:list"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
        self.assertIn("The stage changed to: Pre-hikikomori (3 to 6 months).", page)
        self.assertIn("Mark as read", page)

    def test_alerts_about_a_record_no_longer_reachable_are_hidden(self) -> None:
        alert = make_alert(self.wout, self.record, "a")
        ConsentGrant.objects.filter(young_person=self.record, organisation=self.community).update(
            withdrawn_at=timezone.now())
        self.login(self.wout)
        response = self.client.get(reverse("alerts:list"))
        self.assertEqual(response.context["rows"], [])
        self.assertNotIn("J-JET017", response.content.decode())
        self.assertEqual(self.client.post(reverse("alerts:read", args=[alert.pk])).status_code,
                         404)


class AlertPanelTest(SamenTestCase):
    def test_new_alerts_panel_comes_first_and_names_no_one(self) -> None:
        make_alert(self.carla, self.record, "a")
        make_alert(self.carla, self.child, "b", kind="overdue_action", stage="")
        self.login(self.carla)
        page = self.client.get("/").content.decode()
        self.assertIn("U hebt 2 nieuwe meldingen.", page)
        main = page[page.index("<main"):]
        first_panel = main.index('<section class="panel"')
        self.assertEqual(first_panel, main.index('aria-labelledby="panel-new-alerts"')
                         - len('<section class="panel" '))
        panel = main[:main.index("</section>")]
        self.assertNotIn("J-JET017", panel)
        self.assertNotIn("J-RUB013", panel)

    def test_panel_without_alerts_and_not_for_policy(self) -> None:
        self.login(self.paul)
        self.assertIn("Geen nieuwe meldingen.", self.client.get("/").content.decode())
        self.login(self.petra)
        self.assertNotIn("Nieuwe meldingen", self.client.get("/").content.decode())

"""The privacy page: who sees the section, the texts in Dutch and English, and the decision form."""

from __future__ import annotations

from samen.web.privacy.models import Decision, ErasureRequest
from samen.web.privacy.tests.support import PrivacyTestCase
from samen.web.youth.models import YoungPerson


class PageTest(PrivacyTestCase):
    def test_the_record_page_links_to_privacy_only_for_those_who_may_act(self) -> None:
        for user, shown in ((self.jet, True), (self.clara, True), (self.carla, True),
                            (self.paul, False), (self.wout, False)):
            self.login(user)
            page = self.client.get(f"/youth/{self.record.pk}/").content.decode()
            self.assertEqual(f'href="/privacy/{self.record.pk}/"' in page, shown, user.username)

    def test_the_page_in_dutch_and_english(self) -> None:
        self.login(self.jet)
        nl = self.client.get(f"/privacy/{self.record.pk}/", HTTP_ACCEPT_LANGUAGE="nl")
        self.assertContains(nl, "Een kopie van alles in dit dossier")
        self.assertContains(nl, "Verstuur het verzoek")
        self.client.cookies.clear()
        self.login(self.jet)
        en = self.client.get(f"/privacy/{self.record.pk}/", HTTP_ACCEPT_LANGUAGE="en")
        self.assertContains(en, "A copy of everything in this record")

    def test_the_school_coordinator_sees_no_download_links(self) -> None:
        self.login(self.carla)
        page = self.client.get(f"/privacy/{self.record.pk}/")
        self.assertNotContains(page, "export.json")
        self.assertContains(page, f"/privacy/{self.record.pk}/erasure/")

    def test_a_destruction_request_from_the_form_to_the_clinicians_decision(self) -> None:
        self.login(self.jet)
        self.client.post(f"/privacy/{self.record.pk}/erasure/", {"kind": "destruction"})
        filed = ErasureRequest.objects.get()
        self.login(self.clara)
        page = self.client.get(f"/privacy/{self.record.pk}/", HTTP_ACCEPT_LANGUAGE="en")
        self.assertContains(page, "Decide on the destruction request")
        refused = self.client.post(f"/privacy/{self.record.pk}/erasure/decide/",
                                   {"request": filed.pk, "verdict": "decline", "note": ""})
        self.assertEqual(refused.status_code, 400)
        done = self.client.post(f"/privacy/{self.record.pk}/erasure/decide/",
                                {"request": filed.pk, "verdict": "confirm"})
        self.assertRedirects(done, "/youth/", fetch_redirect_response=False)
        filed.refresh_from_db()
        self.assertEqual(filed.decision, Decision.ERASED)
        self.assertFalse(YoungPerson.objects.filter(pk=self.record.pk).exists())

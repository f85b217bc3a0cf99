"""History, response detail and chart: what each role sees."""

from __future__ import annotations

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from samen.web.accounts.models import User
from samen.web.audit.models import AuditEvent
from samen.web.screening.tests.helpers import (
    PHQA_11,
    ScreeningTestCase,
    answers_post,
    make_response,
)


class HistoryTest(ScreeningTestCase):
    def url(self) -> str:
        return reverse("screening:history", args=[self.record.pk])

    def test_the_team_sees_assignments_and_results_with_the_chart_and_table(self) -> None:
        self.login(self.carla)
        page = self.client.get(self.url()).content.decode()
        self.assertIn("PHQ-A", page)  # the waiting assignment
        self.assertIn("Licht", page)  # GAD-7 band "mild" of Jet's response, in Dutch
        chart = reverse("screening:chart", args=[self.record.pk, "gad7"])
        self.assertIn(f'<img class="chart" src="{chart}" alt="Grafiek van de scores op de '
                      'GAD-7', page)
        self.assertIn("<caption>Scores op de GAD-7</caption>", page)
        self.assertIn("Vragenlijst klaarzetten", page)
        event = AuditEvent.objects.get(event="screening.history.read")
        self.assertEqual((event.actor, event.subject_id, event.actor_role),
                         (self.carla, self.record.pk, "school_coordinator"))

    def test_a_parent_sees_only_what_they_answered(self) -> None:
        make_response(self.record, "gad7", total=9, band="mild", above_cutoff=False,
                      user=self.paul, respondent="parent")
        self.login(self.paul)
        page = self.client.get(self.url()).content.decode()
        self.assertIn(">9<", page)
        self.assertNotIn(">5<", page)  # Jet's own GAD-7
        self.assertNotIn("PHQ-A", page)  # Jet's waiting questionnaire
        self.assertNotIn("Vragenlijst klaarzetten", page)

    def test_the_young_person_sees_her_own_and_can_fill_in(self) -> None:
        self.login(self.jet)
        page = self.client.get(self.url()).content.decode()
        self.assertIn("Jouw vragenlijsten", page)
        self.assertIn(reverse("screening:fill", args=[self.record.pk, self.jet_assignment.pk]),
                      page)


class DetailTest(ScreeningTestCase):
    def stored(self) -> int:
        self.login(self.jet)
        self.client.post(reverse("screening:fill", args=[self.record.pk,
                                                         self.jet_assignment.pk]),
                         answers_post(PHQA_11))
        return int(self.jet_assignment.response.pk)

    def detail(self, pk: int, language: str = "nl") -> str:
        return self.client.get(reverse("screening:response", args=[self.record.pk, pk]),
                               HTTP_ACCEPT_LANGUAGE=language).content.decode()

    def test_the_clinician_sees_answers_explanation_and_the_item_alert(self) -> None:
        pk = self.stored()
        self.login(self.clara)
        page = self.detail(pk)
        self.assertIn("Matige depressieve klachten.", page)  # the band's interpretation
        self.assertIn("Boven het screeningsafkappunt voor depressie bij jongeren (11)", page)
        self.assertIn("PHQ-A &gt;= 11", page)  # the cut-off used, with its label
        self.assertIn("Bijna elke dag", page)  # item 3 answered 3
        self.assertIn("volg het veiligheidsprotocol", page)  # item 9 alert
        english = self.detail(pk, "en")
        self.assertIn("Moderate depressive symptoms.", english)
        self.assertIn("Nearly every day", english)

    def test_school_and_youth_work_see_totals_and_bands_only(self) -> None:
        pk = self.stored()
        for user in (self.carla, self.wout):
            with self.subTest(user=user.username):
                self.login(user)
                page = self.detail(pk)
                self.assertIn("<td>11 ", page)
                self.assertIn("Matig", page)
                self.assertNotIn("Bijna elke dag", page)
                self.assertNotIn("veiligheidsprotocol", page)
                self.assertIn("alleen de behandelaar ziet ze", page)

    def test_the_young_person_sees_her_answers_but_not_the_clinical_alert(self) -> None:
        pk = self.stored()
        page = self.detail(pk)
        self.assertIn("Bijna elke dag", page)
        self.assertNotIn("veiligheidsprotocol", page)

    def test_the_read_is_audited_with_the_response(self) -> None:
        pk = self.stored()
        self.login(self.wout)
        self.detail(pk)
        event = AuditEvent.objects.filter(event="screening.response.read").latest("id")
        self.assertEqual((event.actor, event.object_type, event.object_id, event.basis),
                         (self.wout, "questionnaire_response", str(pk), "care_team_consent"))


class ChartTest(ScreeningTestCase):
    def svg(self, user: User, instrument_id: str = "gad7", language: str = "nl") -> str:
        self.login(user)
        response = self.client.get(reverse("screening:chart", args=[self.record.pk,
                                                                    instrument_id]),
                                   HTTP_ACCEPT_LANGUAGE=language)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["Content-Type"], "image/svg+xml; charset=utf-8")
        self.assertEqual(response["Cache-Control"], "private, no-store")
        return response.content.decode()

    def test_the_svg_carries_the_band_labels_and_the_cutoff(self) -> None:
        svg = self.svg(self.clara)
        self.assertTrue(svg.startswith("<svg"))
        for label in ("Minimaal", "Licht", "Matig", "Ernstig"):
            self.assertIn(f">{label}</text>", svg)
        self.assertIn("Stippellijn: afkappunt 10", svg)
        english = self.svg(self.clara, language="en")
        for label in ("Minimal", "Mild", "Moderate", "Severe"):
            self.assertIn(f">{label}</text>", english)
        self.assertIn("Dashed line: cut-off 10", english)

    def test_instruments_without_bands_are_shaded_by_their_cutoff(self) -> None:
        svg = self.svg(self.clara, "hq25")
        self.assertIn(">Negatieve screening</text>", svg)
        self.assertIn(">Positieve screening</text>", svg)
        self.assertIn("afkappunt 42", svg)

    def test_one_point_per_visible_response(self) -> None:
        days_ago = timezone.now() - timedelta(days=40)
        make_response(self.record, "gad7", total=12, band="moderate", above_cutoff=True,
                      user=self.jet, authored_at=days_ago)
        make_response(self.record, "gad7", total=3, band="minimal", above_cutoff=False,
                      user=self.paul, respondent="parent")
        team = self.svg(self.clara)
        own = self.svg(self.jet)
        parent = self.svg(self.paul)
        self.assertEqual(_points(team), 3)
        self.assertEqual(_points(own), 2)
        self.assertEqual(_points(parent), 1)


def _points(svg: str) -> int:
    """The number of point symbols in the chart's line layer."""
    start = svg.index('class="mark-symbol role-mark')
    group = svg[start:svg.index("</g>", start)]
    return group.count("<path")

"""Journey 2 (JOURNEYS.md): the school care coordinator, on a desktop, in Dutch.

After journey 1 (Ruben reached pre-hikikomori; Paul's GAD-7 scored 11), Carla sees the notices
and the warning signs on her home page, opens Ruben, adds a school action with a due date to the
care plan, and imports an absence file: once with a bad row (nothing lands, the line is named),
then corrected (Jet appears with an absence warning).
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.utils import timezone

from samen.web.careplans.models import PlanAction
from samen.web.core.tests.journeys import (
    GAD7_ELEVEN,
    JourneyTestCase,
    assign,
    dutch_date,
    keep_in_term,
    mondays_before,
    submit,
    withdrawn_son,
)
from samen.web.monitoring.models import WeekEntry

RETURN_PLAN = "Plan voor geleidelijke terugkeer naar school"


class SchoolJourneyTest(JourneyTestCase):
    def setUp(self) -> None:
        super().setUp()
        keep_in_term(self)  # the absence file needs four school weeks of this school year
        withdrawn_son(self.paul, self.child, 13)
        assignment = assign(self.clara, self.child, "gad7", "parent", self.paul)
        submit(self.paul, self.child, "gad7", GAD7_ELEVEN, "parent", assignment=assignment,
               key="journey-2-gad7")
        self.run_worker()

    def test_coordinator_follows_an_alert_plans_a_school_action_and_imports_absence(self) -> None:
        page = self.sign_in(self.carla)
        notices = page.locator("section[aria-labelledby=panel-new-alerts]")
        self.assertIn("U hebt 2 nieuwe meldingen.", notices.inner_text())
        self.assertIn("Fase veranderd", notices.inner_text())
        signs = page.locator("section[aria-labelledby=warning-signs-heading]")
        self.assertEqual(signs.locator("li").count(), 1)  # Ruben only; Jet shows no signs yet
        self.assertEqual(signs.locator("li .badge").inner_text(), "pre-hikikomori")
        self.shot(page, "school-1-home", full_page=False)

        # The student: from the warning signs to his weeks, his record and his care plan.
        signs.get_by_role("link", name="J-RUB013").click()
        page.wait_for_url(f"**/monitoring/{self.child.pk}/")
        page.locator("main").get_by_role("link", name="J-RUB013").click()
        page.wait_for_url(f"**/youth/{self.child.pk}/")
        page.get_by_role("link", name="Zorgplan").click()
        page.wait_for_url(f"**/careplans/{self.child.pk}/")
        self.assertIn("Nog geen acties.", page.inner_text("main"))
        page.get_by_role("link", name="Actie toevoegen").click()
        form = page.locator("main form")
        form.get_by_label("Actie:").fill(RETURN_PLAN)
        form.get_by_label("Voor welke betrokkene:").select_option(label="School")
        self.assertEqual(form.get_by_label("Rol van de eigenaar:").locator("option").all_inner_texts(),
                         ["Zorgcoördinator school"])  # her own role only
        form.get_by_label("Eigenaar:", exact=True).select_option(
            label="Carla (Zorgcoördinator school)")
        due = timezone.localdate() + timedelta(days=21)
        form.get_by_label("Uiterste datum:").fill(due.isoformat())
        form.get_by_label("Interventie uit de kennisbank:").select_option(
            label="Terugkeerplan naar school")
        form.get_by_role("button", name="Opslaan").click()
        page.wait_for_url(f"**/careplans/{self.child.pk}/")
        self.assertIn("De actie is aan het plan toegevoegd.", page.inner_text("ul.messages"))
        school = page.locator("table[aria-labelledby=level-school]")
        row = school.locator("tbody tr")
        self.assertEqual(row.count(), 1)
        self.assertIn(RETURN_PLAN, row.inner_text())
        self.assertIn("Uit de kennisbank: Terugkeerplan naar school", row.inner_text())
        self.assertIn(dutch_date(due), row.inner_text())
        action = PlanAction.objects.get(young_person=self.child)
        self.assertEqual((action.title, action.level, action.owner_role, action.owner_person_id,
                          action.due, action.status, action.intervention_id),
                         (RETURN_PLAN, "school", "school_coordinator", self.carla.pk, due, "open",
                          "return_to_school_plan"))

        # The absence file: line 3 has 45 hours (at most 40): nothing lands, line 3 is named.
        page.get_by_role("link", name="Start").click()
        page.get_by_role("link", name="Schoolverzuim inlezen").click()
        page.wait_for_url("**/monitoring/import/")
        weeks = mondays_before(4)
        self.upload(page, absence_csv(weeks, ["5", "45", "5", "5"]))
        problems = page.locator("section[aria-labelledby=errors-heading]")
        self.assertIn("Er is niets ingelezen", problems.inner_text())
        self.assertEqual(problems.locator("tbody tr").count(), 1)
        self.assertEqual(problems.locator("tbody th").inner_text(), "3")
        self.assertIn("absence_hours: Vul uren in van 0 tot en met 40",
                      problems.locator("tbody td").inner_text())
        self.shot(page, "school-2-import-error", full_page=False)
        self.assertFalse(WeekEntry.objects.filter(young_person=self.record).exists())

        # Corrected (5 hours): four weeks of 5 hours = 20 hours, at or above the line of 16.
        self.upload(page, absence_csv(weeks, ["5", "5", "5", "5"]))
        self.assertIn("4 regels ingelezen voor 1 leerling(en). 1 leerling zit boven de "
                      "wettelijke meldgrens voor verzuim.", page.inner_text("ul.messages"))
        hours = WeekEntry.objects.filter(young_person=self.record, reporter="school")
        self.assertEqual(sorted((e.week_start, e.absence_hours, e.participation_days)
                                for e in hours),
                         [(week, Decimal("5.0"), 3) for week in weeks])
        page.get_by_role("link", name="Start").click()
        signs = page.locator("section[aria-labelledby=warning-signs-heading]")
        jet = signs.locator("li", has_text="J-JET017")
        self.assertEqual(jet.locator(".badge").inner_text(), "verzuimsignaal: 20,0 uur")
        self.shot(page, "school-3-warning-signs", full_page=False)

    def upload(self, page: Any, content: str) -> None:
        page.get_by_label("Verzuimbestand (CSV):").set_input_files(
            {"name": "verzuim.csv", "mimeType": "text/csv", "buffer": content.encode()})
        with page.expect_navigation():
            page.get_by_role("button", name="Controleren en inlezen").click()


def absence_csv(weeks: list[date], hours: list[str]) -> str:
    """A school's file: Jet (J-JET017) three days at school and ``hours`` absent each week."""
    rows = ["pseudonym,week_start,absence_hours,participation_days"]
    rows += [f"J-JET017,{week.isoformat()},{h},3" for week, h in zip(weeks, hours, strict=True)]
    return "\n".join(rows) + "\n"


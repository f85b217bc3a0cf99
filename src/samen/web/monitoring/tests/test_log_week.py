"""Logging a week through the page; the timeline shows stage, severity, the table and the chart."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.urls import reverse
from django.utils import timezone

from samen.web.accounts.models import User
from samen.web.audit.log import Actor
from samen.web.audit.models import AuditEvent
from samen.web.monitoring.actions import do_log_week
from samen.web.monitoring.checks import WeekInputError
from samen.web.monitoring.models import WeekEntry
from samen.web.monitoring.tests.support import mondays, this_monday
from samen.web.testing import SamenTestCase
from samen.web.youth.access import get_access
from samen.web.youth.models import YoungPerson


def week_form(week: date, **values: Any) -> dict[str, Any]:
    form = {"week_start": week.isoformat(), "days_out": "1", "room_bound": "unknown",
            "participation_days": "0", "impairment": "yes", "note": ""}
    form.update({k: str(v) for k, v in values.items()})
    return form


class LogWeekTest(SamenTestCase):
    def post(self, user: User, week: date, young_person: YoungPerson | None = None,
             **values: Any) -> Any:
        self.login(user)
        url = reverse("monitoring:log_week", args=[(young_person or self.record).pk])
        return self.client.post(url, week_form(week, **values))

    def test_the_reporter_kind_follows_the_role(self) -> None:
        week = this_monday()
        expected = {self.jet: "young_person", self.paul: "parent", self.carla: "school",
                    self.wout: "professional", self.clara: "professional"}
        for user, reporter in expected.items():
            with self.subTest(user=user.username):
                response = self.post(user, week, days_out=2)
                self.assertRedirects(response, reverse("monitoring:timeline",
                                                       args=[self.record.pk]))
                entry = WeekEntry.objects.get(young_person=self.record, week_start=week,
                                              reporter=reporter)
                self.assertEqual((entry.days_out, entry.participation_days, entry.impairment,
                                  entry.author, entry.channel), (2, 0, True, user, "web"))
        # Wout and Clara are both "a professional": one entry, Clara's report replaced Wout's.
        self.assertEqual(WeekEntry.objects.filter(young_person=self.record).count(), 4)

    def test_a_second_report_of_the_same_week_updates_it_and_is_audited(self) -> None:
        week = this_monday() - timedelta(weeks=1)
        self.post(self.paul, week, days_out=1, note="Alleen naar de supermarkt")
        self.post(self.paul, week, days_out=3, note="Alleen naar de supermarkt")
        entry = WeekEntry.objects.get(young_person=self.record)
        self.assertEqual(entry.days_out, 3)
        events = AuditEvent.objects.filter(event="monitoring.week.log").order_by("id")
        self.assertEqual([(e.action, e.changed_fields) for e in events], [
            ("C", ["days_out", "impairment", "note", "participation_days"]),
            ("U", ["days_out"]),
        ])
        first = events[0]
        self.assertEqual(
            (first.subject_id, first.subject_pseudonym, first.actor_role, first.basis,
             first.object_type, first.object_id),
            (self.record.pk, "J-JET017", "parent", "guardian", "week_entry", str(entry.pk)),
        )
        self.assertNotIn("supermarkt", str(list(AuditEvent.objects.values())))  # no values

    def test_any_day_is_stored_as_the_monday_of_its_week(self) -> None:
        monday = this_monday() - timedelta(weeks=2)
        self.post(self.paul, monday + timedelta(days=3))
        self.assertEqual(WeekEntry.objects.get().week_start, monday)

    def test_bad_input_is_named_in_dutch_and_english_and_nothing_is_written(self) -> None:
        future = this_monday() + timedelta(weeks=1)
        response = self.post(self.paul, future)
        self.assertContains(response, "Deze week is nog niet begonnen.")
        response = self.post(self.paul, this_monday(), days_out=8)
        self.assertContains(response, "Vul een heel aantal dagen in, van 0 tot en met 7.")
        response = self.post(self.paul, this_monday(), days_out="", participation_days="",
                             impairment="unknown")
        self.assertContains(response, "Beantwoord minstens één vraag over de week.")
        response = self.client.post(
            reverse("monitoring:log_week", args=[self.record.pk]),
            week_form(future), HTTP_ACCEPT_LANGUAGE="en",
        )
        self.assertContains(response, "This week has not started yet.")
        self.assertFalse(WeekEntry.objects.exists())
        self.assertFalse(AuditEvent.objects.filter(event="monitoring.week.log").exists())

    def test_the_action_refuses_bad_values_from_any_channel(self) -> None:
        access = get_access(self.carla, self.record)
        assert access is not None
        actor = Actor(user=self.carla, channel="api")
        with self.assertRaises(WeekInputError) as caught:
            do_log_week(actor=actor, access=access, week_start=this_monday() + timedelta(days=1),
                        days_out=9, participation_days=-1)
        self.assertEqual([field for field, _ in caught.exception.problems],
                         ["week_start", "days_out", "participation_days"])
        self.assertFalse(WeekEntry.objects.exists())

    def test_form_pages_are_in_dutch_and_english(self) -> None:
        self.login(self.jet)
        url = reverse("monitoring:log_week", args=[self.record.pk])
        page = self.client.get(url)
        self.assertContains(page, "Op hoeveel dagen ging je de deur uit?")
        self.assertContains(page, "Je ouders zien jouw notities niet.")  # Jet is 17
        self.assertContains(page, f'value="{this_monday().isoformat()}"')
        self.assertContains(page, "<legend>Bleef je het grootste deel van de tijd op je eigen "
                                  "kamer?</legend>", html=False)
        english = self.client.get(url, HTTP_ACCEPT_LANGUAGE="en")
        self.assertContains(english, "On how many days did you go out of the house?")
        self.login(self.paul)
        self.assertContains(self.client.get(url), "Op hoeveel dagen ging de jongere de deur uit?")

    def test_an_earlier_report_prefills_the_form(self) -> None:
        week = this_monday() - timedelta(weeks=3)
        self.post(self.paul, week, days_out=2, note="Eén keer naar opa")
        page = self.client.get(reverse("monitoring:log_week", args=[self.record.pk]),
                               {"week": week.isoformat()})
        self.assertContains(page, 'name="days_out" value="2"')
        self.assertContains(page, "Eén keer naar opa")


class TimelineTest(SamenTestCase):
    def log_weeks(self, user: User, weeks: list[date], **values: Any) -> None:
        access = get_access(user, self.record)
        assert access is not None
        for week in weeks:
            do_log_week(actor=Actor(user=user, channel="web"), access=access, week_start=week,
                        **{"days_out": 1, "participation_days": 0, "impairment": True,
                           **values})

    def test_journey_one_pre_hikikomori_once_the_run_passes_three_months(self) -> None:
        weeks = mondays(13)
        self.log_weeks(self.paul, weeks[:10])
        url = reverse("monitoring:timeline", args=[self.record.pk])
        self.login(self.paul)
        self.assertContains(self.client.get(url), "geen langdurige terugtrekking")
        for week in weeks[10:]:  # the parent logs three more weeks through the page
            response = self.client.post(reverse("monitoring:log_week", args=[self.record.pk]),
                                        week_form(week))
            self.assertEqual(response.status_code, 302)
        page = self.client.get(url)
        self.assertContains(page, '<span class="badge pre_hikikomori">pre-hikikomori</span>')
        self.assertContains(page, "Pre-hikikomori: 3 tot 6 maanden vooral thuis")
        self.assertContains(page, "Matig: ging in de laatste week op hooguit 1 dag de deur uit.")
        self.assertContains(page, "13 weken achter elkaar teruggetrokken.")
        self.assertContains(page, "Dat past bij pre-hikikomori (3 tot 6 maanden).")  # library text
        self.assertContains(page, f"<th scope=\"row\">{weeks[0].strftime('%d-%m-%Y')}</th>")
        self.assertEqual(page.content.decode().count(">teruggetrokken</span>"), 13)
        english = self.client.get(url, HTTP_ACCEPT_LANGUAGE="en")
        self.assertContains(english, "Pre-hikikomori: mostly at home, without school or work, "
                                     "for 3 to 6 months.")
        self.assertContains(english, "That fits pre-hikikomori (3 to 6 months).")
        self.assertContains(english, "Withdrawn for 13 weeks in a row.")

    def test_the_chart_has_the_three_and_six_month_lines_from_the_episode_start(self) -> None:
        weeks = mondays(4)
        self.log_weeks(self.paul, weeks)
        self.login(self.clara)
        svg = self.client.get(reverse("monitoring:timeline_chart", args=[self.record.pk]))
        text = svg.content.decode()
        self.assertIn("3 maanden", text)
        self.assertIn("6 maanden", text)
        self.assertIn("teruggetrokken", text)
        self.assertEqual(svg["Cache-Control"], "private, no-store")
        english = self.client.get(reverse("monitoring:timeline_chart", args=[self.record.pk]),
                                  HTTP_ACCEPT_LANGUAGE="en").content.decode()
        self.assertIn("3 months", english)

    def test_without_an_episode_there_are_no_month_lines(self) -> None:
        self.log_weeks(self.paul, mondays(2), days_out=5)
        self.login(self.clara)
        text = self.client.get(reverse("monitoring:timeline_chart",
                                       args=[self.record.pk])).content.decode()
        self.assertNotIn("3 maanden", text)
        self.assertIn("niet teruggetrokken", text)

    def test_reporters_that_disagree_are_shown(self) -> None:
        week = this_monday()
        self.log_weeks(self.paul, [week], days_out=1)
        self.log_weeks(self.carla, [week], days_out=None, participation_days=3)
        self.login(self.clara)
        page = self.client.get(reverse("monitoring:timeline", args=[self.record.pk]))
        self.assertContains(page, "De meldingen over deze weken verschillen")
        self.assertContains(page, ">niet teruggetrokken</span>")

    def test_parents_do_not_see_the_notes_of_a_young_person_of_sixteen_or_more(self) -> None:
        week = this_monday()
        access = get_access(self.jet, self.record)
        assert access is not None
        do_log_week(actor=Actor(user=self.jet, channel="web"), access=access, week_start=week,
                    days_out=2, note="Ik wil even niemand zien")
        url = reverse("monitoring:timeline", args=[self.record.pk])
        self.login(self.paul)
        page = self.client.get(url)
        self.assertNotContains(page, "Ik wil even niemand zien")
        self.assertContains(page, "(privé)")
        self.login(self.clara)
        self.assertContains(self.client.get(url), "Ik wil even niemand zien")
        # Ruben is 13: his parent sees his notes.
        child = get_access(self.ruben, self.child)
        assert child is not None
        do_log_week(actor=Actor(user=self.ruben, channel="web"), access=child, week_start=week,
                    days_out=2, note="Gegamed")
        self.login(self.paul)
        self.assertContains(self.client.get(reverse("monitoring:timeline",
                                                    args=[self.child.pk])), "Gegamed")

    def test_an_empty_timeline_says_so(self) -> None:
        self.login(self.jet)
        page = self.client.get(reverse("monitoring:timeline", args=[self.record.pk]))
        self.assertContains(page, "Er zijn nog geen weken ingevuld.")
        self.assertNotContains(page, "timeline.svg")
        self.assertEqual(timezone.localdate() >= this_monday(), True)

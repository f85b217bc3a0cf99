"""Journey 2: the school's absence import (all or nothing), the warning badge, audit and alerts."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone, translation

from samen.web.accounts.models import User
from samen.web.audit.log import Actor
from samen.web.audit.models import AuditEvent, AuditOutcome
from samen.web.monitoring.absence import absence_warning
from samen.web.monitoring.actions import do_log_week
from samen.web.monitoring.importing import MAX_IMPORT_ROWS, check_absence_file
from samen.web.monitoring.models import WeekEntry
from samen.web.monitoring.tests.support import in_term, mondays, queued_alerts, this_monday
from samen.web.testing import SamenTestCase
from samen.web.youth.access import get_access
from samen.web.youth.models import YoungPerson

HEADER = "pseudonym,week_start,absence_hours,participation_days\n"


def csv(*lines: str, header: str = HEADER) -> bytes:
    return (header + "".join(line + "\n" for line in lines)).encode()


class ImportTestCase(SamenTestCase):
    def setUp(self) -> None:
        super().setUp()
        traveller = time_machine.travel(in_term())
        traveller.start()
        self.addCleanup(traveller.stop)
        self.weeks = mondays(4, end=this_monday() - timedelta(weeks=1))

    def upload(self, data: bytes, user: User | None = None, **extra: Any) -> Any:
        self.login(user or self.carla)
        return self.client.post(reverse("monitoring:import"),
                                {"file": SimpleUploadedFile("absence.csv", data, "text/csv")},
                                **extra)

    def fixed_file(self) -> bytes:
        w = [week.isoformat() for week in self.weeks]
        return csv(f"J-JET017,{w[0]},4,3", f"J-JET017,{w[1]},4,3", f"J-JET017,{w[2]},4,2",
                   f"J-JET017,{w[3]},4,2", f"J-RUB013,{w[3]},2,5")


class JourneyTwoTest(ImportTestCase):
    def test_one_bad_row_imports_nothing_and_the_row_is_named(self) -> None:
        w = [week.isoformat() for week in self.weeks]
        tuesday = (self.weeks[2] + timedelta(days=1)).isoformat()
        bad = csv(f"J-JET017,{w[0]},4,3", f"J-JET017,{w[1]},4,3", f"J-JET017,{tuesday},4,2",
                  f"J-JET017,{w[3]},4,2", f"J-RUB013,{w[3]},2,5")
        page = self.upload(bad)
        self.assertEqual(page.status_code, 200)
        self.assertContains(page, "Er is niets ingelezen")
        self.assertContains(page, '<tr><th scope="row">4</th><td>week_start: Een week begint '
                                  'op maandag.</td></tr>', html=False)
        self.assertEqual(page.content.decode().count('<th scope="row">'), 1 + 4)  # 1 error row
        self.assertFalse(WeekEntry.objects.exists())
        self.assertFalse(AuditEvent.objects.filter(event__startswith="monitoring.absence")
                         .exists())

        page = self.upload(self.fixed_file())
        self.assertRedirects(page, reverse("monitoring:import"), fetch_redirect_response=False)
        message = self.client.get(reverse("monitoring:import"))
        self.assertContains(message, "5 regels ingelezen voor 2 leerling(en). 1 leerling zit "
                                     "boven de wettelijke meldgrens voor verzuim.")
        entries = WeekEntry.objects.filter(reporter="school", channel="import")
        self.assertEqual(entries.count(), 5)
        first = entries.get(young_person=self.record, week_start=self.weeks[0])
        self.assertEqual((first.absence_hours, first.participation_days, first.author),
                         (Decimal("4.0"), 3, self.carla))
        self.assertTrue(absence_warning(self.record))  # 4 + 4 + 4 + 4 = 16 hours in 4 weeks
        self.assertFalse(absence_warning(self.child))  # 2 hours

        timeline = self.client.get(reverse("monitoring:timeline", args=[self.record.pk]))
        self.assertContains(timeline, '<span class="badge warning">Verzuimsignaal</span>')
        self.assertContains(timeline, "16,0 uur ongeoorloofd verzuim in 4 schoolweken")
        self.assertNotContains(self.client.get(reverse("monitoring:timeline",
                                                       args=[self.child.pk])), "Verzuimsignaal")
        home = self.client.get("/")
        self.assertContains(home, "Leerlingen met signalen")
        self.assertContains(home, "verzuimsignaal: 16,0 uur")
        self.assertContains(home, f'href="/monitoring/{self.record.pk}/">J-JET017</a>')
        self.assertNotContains(home, f'href="/monitoring/{self.child.pk}/">J-RUB013</a>')

    def test_the_import_is_audited_per_student_and_once_for_the_file(self) -> None:
        self.upload(self.fixed_file())
        events = AuditEvent.objects.filter(event="monitoring.absence.import").order_by(
            "subject_pseudonym")
        self.assertEqual(
            [(e.subject_pseudonym, e.action, e.changed_fields, e.channel, e.actor_role,
              e.organisation_name) for e in events],
            [("J-JET017", "C", ["absence_hours", "participation_days"], "import",
              "school_coordinator", "Het Baken"),
             ("J-RUB013", "C", ["absence_hours", "participation_days"], "import",
              "school_coordinator", "Het Baken")],
        )
        self.assertEqual(events[0].object_id,
                         f"{self.weeks[0].isoformat()}..{self.weeks[3].isoformat()} (4)")
        run = AuditEvent.objects.get(event="monitoring.absence.import_file")
        self.assertEqual((run.action, run.object_id), ("E", "5 rows"))

    def test_unknown_and_not_yours_read_the_same_and_are_audited_as_denied(self) -> None:
        w = self.weeks[0].isoformat()
        page = self.upload(csv(f"J-OTH015,{w},4,3", f"J-NOPE99,{w},4,3"))
        text = page.content.decode()
        message = "pseudonym: geen leerling van uw school in Samen."
        self.assertIn(f'<th scope="row">2</th><td>{message}</td>', text)
        self.assertIn(f'<th scope="row">3</th><td>{message}</td>', text)
        denied = AuditEvent.objects.filter(event="monitoring.absence.import",
                                           outcome=AuditOutcome.DENIED).order_by("id")
        self.assertEqual([(e.subject_id, e.subject_pseudonym) for e in denied],
                         [(self.other_record.pk, "J-OTH015"), (None, "J-NOPE99")])
        self.assertFalse(WeekEntry.objects.exists())

    def test_the_other_school_cannot_import_for_our_students(self) -> None:
        page = self.upload(self.fixed_file(), user=self.otto)
        self.assertContains(page, "Er is niets ingelezen")
        self.assertFalse(WeekEntry.objects.exists())

    def test_import_keeps_what_the_school_logged_by_hand_and_reassesses(self) -> None:
        access = get_access(self.carla, self.record)
        parent = get_access(self.paul, self.record)
        assert access is not None
        assert parent is not None
        weeks = mondays(13, end=self.weeks[3])
        for week in weeks:
            do_log_week(actor=Actor(user=self.paul, channel="web"), access=parent,
                        week_start=week, days_out=1, participation_days=0, impairment=True)
        do_log_week(actor=Actor(user=self.carla, channel="web"), access=access,
                    week_start=self.weeks[3], days_out=2, note="Gesprek met mentor")
        self.assertEqual(YoungPerson.objects.get(pk=self.record.pk).stage, "pre_hikikomori")
        with self.captureOnCommitCallbacks(execute=True):
            self.upload(csv(f"J-JET017,{self.weeks[3].isoformat()},3.5,3"))
        entry = WeekEntry.objects.get(young_person=self.record, reporter="school")
        self.assertEqual((entry.days_out, entry.note, entry.absence_hours,
                          entry.participation_days),
                         (2, "Gesprek met mentor", Decimal("3.5"), 3))
        # Three school days in the latest week end the episode: no stage any more.
        self.assertEqual(YoungPerson.objects.get(pk=self.record.pk).stage, "none")
        self.assertEqual(sorted(queued_alerts()),
                         [(self.record.pk, "import"), (self.record.pk, "stage")])
        update = AuditEvent.objects.get(event="monitoring.absence.import")
        self.assertEqual((update.action, update.changed_fields),
                         ("U", ["absence_hours", "participation_days"]))


class FileCheckTest(ImportTestCase):
    STUDENTS = {"J-JET017": 1, "J-RUB013": 2}

    def check(self, data: bytes, language: str = "nl") -> list[tuple[int, str]]:
        with translation.override(language):
            checked = check_absence_file(data, students=self.STUDENTS,
                                         today=timezone.localdate())
        return [(e.line, e.message) for e in checked.errors]

    def test_every_rule_names_its_line_and_column(self) -> None:
        w = self.weeks[0].isoformat()
        future = (this_monday() + timedelta(weeks=1)).isoformat()
        errors = self.check(csv(
            f"J-JET017,{w},4,3",
            f"J-JET017,{w},1,3",
            f"J-RUB013,{future},1,3",
            f"J-RUB013,{self.weeks[1].strftime('%d-%m-%Y')},1,3",
            f"J-RUB013,{self.weeks[2].isoformat()},41,3",
            f"J-RUB013,{self.weeks[3].isoformat()},2.25,3",
            f"J-JET017,{self.weeks[1].isoformat()},2,8",
            f"J-JET017,{self.weeks[2].isoformat()},veel,",
            f",{self.weeks[3].isoformat()},1,1",
            f"J-JET017,{self.weeks[3].isoformat()},1",
        ))
        self.assertEqual(errors, [
            (3, "Dezelfde leerling en week staan al op regel 2."),
            (4, "week_start: Deze week is nog niet begonnen."),
            (5, "week_start: schrijf de datum als JJJJ-MM-DD."),
            (6, "absence_hours: Vul uren in van 0 tot en met 40, met hooguit één decimaal."),
            (7, "absence_hours: Vul uren in van 0 tot en met 40, met hooguit één decimaal."),
            (8, "participation_days: Vul een heel aantal dagen in, van 0 tot en met 7."),
            (9, "absence_hours: vul een aantal uren in."),
            (10, "pseudonym: leeg."),
            (11, "4 waarden verwacht, 3 gevonden."),
        ])
        english = self.check(csv(f"J-JET017,{future},1,3"), language="en")
        self.assertEqual(english, [(2, "week_start: This week has not started yet.")])

    def test_semicolons_decimal_commas_and_empty_participation_are_read(self) -> None:
        data = ("pseudonym;week_start;absence_hours;participation_days\n"
                f"j-jet017;{self.weeks[0].isoformat()};6,5;\n").encode("utf-8-sig")
        checked = check_absence_file(data, students=self.STUDENTS, today=timezone.localdate())
        self.assertEqual(checked.errors, [])
        row = checked.rows[0]
        self.assertEqual((row.line, row.young_person_id, row.week_start, row.absence_hours,
                          row.participation_days), (2, 1, self.weeks[0], Decimal("6.5"), None))

    def test_columns_may_come_in_any_order(self) -> None:
        data = csv(f"3,4.5,J-RUB013,{self.weeks[0].isoformat()}",
                   header="participation_days,absence_hours,pseudonym,week_start\n")
        checked = check_absence_file(data, students=self.STUDENTS, today=timezone.localdate())
        self.assertEqual([(r.young_person_id, r.absence_hours, r.participation_days)
                          for r in checked.rows], [(2, Decimal("4.5"), 3)])

    def test_whole_file_problems(self) -> None:
        self.assertEqual(self.check(b""), [(0, "Het bestand is leeg.")])
        self.assertEqual(self.check(HEADER.encode()),
                         [(0, "Het bestand heeft een kopregel maar geen gegevens.")])
        self.assertEqual(self.check(b"name,week,hours\nJ-JET017,2026-11-02,1\n"), [
            (0, "De eerste regel moet de kolommen pseudonym, week_start, absence_hours, "
                "participation_days noemen."),
        ])
        self.assertEqual(self.check(HEADER.encode() + "J-JÉT,2026-11-02,1,1\n".encode("latin-1")),
                         [(0, "Het bestand is geen UTF-8-tekst. Sla het op als CSV UTF-8 en "
                              "probeer het opnieuw.")])
        week = self.weeks[0].isoformat()
        too_many = csv(*[f"J-JET017,{week},1,1"] * (MAX_IMPORT_ROWS + 1))
        self.assertEqual(self.check(too_many), [
            (0, "Het bestand heeft meer dan 20.000 regels. Splits het in kleinere bestanden."),
        ])

    def test_a_file_over_two_megabytes_is_refused_with_a_clear_message(self) -> None:
        # Just over 2 MB: within the request limit, so the form names the problem (a body far
        # over it is refused before it is read: core/tests/test_failures.py).
        data = csv(*["J-JET017,2026-11-02,1,1" + " " * 80] * 20_200)
        self.assertGreater(len(data), 2 * 1024 * 1024)
        page = self.upload(data)
        self.assertContains(page, "Het bestand is groter dan 2 MB. Splits het in kleinere "
                                  "bestanden.")
        self.assertFalse(WeekEntry.objects.exists())

    def test_the_import_page_documents_the_format(self) -> None:
        self.login(self.carla)
        page = self.client.get(reverse("monitoring:import"))
        self.assertContains(page, "pseudonym,week_start,absence_hours,participation_days")
        self.assertContains(page, "J-JET017,2026-11-02,6.5,3")
        self.assertContains(page, "16 uur of meer ongeoorloofd verzuim in 4 opeenvolgende "
                                  "schoolweken")
        self.assertContains(page, '<label for="id_file">')
        english = self.client.get(reverse("monitoring:import"), HTTP_ACCEPT_LANGUAGE="en")
        self.assertContains(english, "Import school absence")

    def test_a_large_valid_file_lands_in_one_go(self) -> None:
        weeks = [w.isoformat() for w in mondays(10, end=self.weeks[3])]
        data = csv(*[f"J-JET017,{w},1.5,4" for w in weeks], *[f"J-RUB013,{w},0,5" for w in weeks])
        self.upload(data)
        self.assertEqual(WeekEntry.objects.filter(channel="import").count(), 20)
        self.assertEqual(AuditEvent.objects.filter(event="monitoring.absence.import").count(), 2)


class DateHelperTest(SamenTestCase):
    def test_in_term_is_at_least_seven_weeks_into_the_school_year(self) -> None:
        moment = in_term()
        self.assertGreaterEqual(moment.date(), timezone.localdate())
        start = date(moment.year if moment.month >= 8 else moment.year - 1, 8, 1)
        self.assertGreaterEqual((moment.date() - start).days, 49)

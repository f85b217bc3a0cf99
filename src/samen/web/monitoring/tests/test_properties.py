"""Property tests (hypothesis) of the absence importer and the week form: arbitrary input never
raises, a refused file writes nothing, and a valid file imports exactly once (issue 5, point 6)."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase as HypothesisTestCase

from samen.web.audit.models import AuditEvent
from samen.web.monitoring.forms import WeekForm
from samen.web.monitoring.importing import COLUMNS, check_absence_file
from samen.web.monitoring.models import WeekEntry
from samen.web.monitoring.tests.support import in_term, mondays, this_monday
from samen.web.testing import SamenTestCase

PROPERTY = settings(max_examples=60, derandomize=True, deadline=None, database=None,
                    suppress_health_check=list(HealthCheck))
HEADER = ",".join(COLUMNS) + "\n"
cell = st.text(alphabet=st.characters(codec="utf-8"), max_size=12)
rows = st.lists(st.lists(cell, min_size=0, max_size=5).map(",".join), max_size=6)
files = (st.binary(max_size=400)
         | rows.map(lambda lines: (HEADER + "\n".join(lines)).encode("utf-8"))
         | rows.map(lambda lines: "\n".join(lines).encode("utf-8")))


class ImporterPropertyTest(SamenTestCase, HypothesisTestCase):
    """Each example runs in its own transaction (hypothesis' Django test case)."""

    def setUp(self) -> None:
        super().setUp()
        traveller = time_machine.travel(in_term())
        traveller.start()
        self.addCleanup(traveller.stop)
        self.students = {"J-JET017": self.record.pk, "J-RUB013": self.child.pk}

    @PROPERTY
    @given(data=files)
    def test_any_bytes_are_checked_without_raising(self, data: bytes) -> None:
        checked = check_absence_file(data, students=self.students, today=timezone.localdate())
        # Either rows to import or errors with a line number, never both, never neither.
        self.assertNotEqual(bool(checked.rows), bool(checked.errors))
        for error in checked.errors:
            self.assertGreaterEqual(error.line, 0)
            self.assertTrue(error.message)

    @PROPERTY
    @given(data=files)
    def test_a_refused_upload_writes_nothing(self, data: bytes) -> None:
        self.login(self.carla)
        before = (WeekEntry.objects.count(), AuditEvent.objects.filter(
            event__startswith="monitoring.absence.import_file").count())
        checked = check_absence_file(data, students=self.students, today=timezone.localdate())
        page = self.client.post(reverse("monitoring:import"),
                                {"file": SimpleUploadedFile("a.csv", data, "text/csv")})
        after = (WeekEntry.objects.count(), AuditEvent.objects.filter(
            event__startswith="monitoring.absence.import_file").count())
        if checked.errors:
            self.assertEqual(page.status_code, 200)
            self.assertEqual(after, before)
        else:
            self.assertEqual(page.status_code, 302)

    @PROPERTY
    @given(picked=st.lists(st.tuples(st.sampled_from(["J-JET017", "j-rub013"]),
                                     st.integers(0, 9),
                                     st.decimals(0, 40, places=1, allow_nan=False),
                                     st.none() | st.integers(0, 7)),
                           min_size=1, max_size=8, unique_by=lambda r: (r[0].upper(), r[1])))
    def test_a_valid_file_imports_exactly_once(
            self, picked: list[tuple[str, int, Decimal, int | None]]) -> None:
        weeks = mondays(10, end=this_monday() - timedelta(weeks=1))
        lines = [f"{who},{weeks[w].isoformat()},{hours},{'' if days is None else days}"
                 for who, w, hours, days in picked]
        data = (HEADER + "\n".join(lines) + "\n").encode()
        self.login(self.carla)
        start = WeekEntry.objects.count()
        existing = {(e.young_person_id, e.week_start) for e in WeekEntry.objects.filter(
            reporter="school")}
        new = {(self.students[who.upper()], weeks[w]) for who, w, *_ in picked} - existing
        for _attempt in range(2):  # the same file twice: the second updates, adds nothing
            page = self.client.post(reverse("monitoring:import"),
                                    {"file": SimpleUploadedFile("a.csv", data, "text/csv")})
            self.assertEqual(page.status_code, 302, page.content[:2000])
            self.assertEqual(WeekEntry.objects.count(), start + len(new))


week_values = st.fixed_dictionaries({}, optional={
    name: st.text(max_size=12) | st.integers(-10, 20).map(str)
    for name in ("week_start", "days_out", "room_bound", "participation_days", "impairment",
                 "note")
})


class WeekFormPropertyTest(SamenTestCase, HypothesisTestCase):
    @PROPERTY
    @given(data=week_values)
    def test_any_text_is_refused_or_cleaned_into_range(self, data: dict[str, str]) -> None:
        form = WeekForm(data, birth_month=self.record.birth_month)
        if form.is_valid():
            values = form.values()
            self.assertEqual(values.week_start.weekday(), 0)
            self.assertLessEqual(values.week_start, timezone.localdate())
            for days in (values.days_out, values.participation_days):
                self.assertTrue(days is None or 0 <= days <= 7)
        else:
            self.assertTrue(all(messages for messages in form.errors.values()))

    @PROPERTY
    @given(data=week_values)
    def test_a_refused_post_writes_nothing(self, data: dict[str, str]) -> None:
        self.login(self.jet)
        before = WeekEntry.objects.count()
        page = self.client.post(reverse("monitoring:log_week", args=[self.record.pk]), data)
        self.assertIn(page.status_code, (200, 302))
        self.assertEqual(WeekEntry.objects.count(), before + (page.status_code == 302))

"""The dashboard's figures, worked out by hand, in Dutch and English, on the page, in the export
and on the home page; and no pseudonym anywhere."""

from __future__ import annotations

import csv
import io
import re
from datetime import date

from django.urls import reverse
from django.utils import timezone

from samen.web.audit.models import AuditEvent
from samen.web.dashboard.aggregates import months_before, overview
from samen.web.dashboard.models import StageSnapshot
from samen.web.dashboard.presentation import trend_spec
from samen.web.dashboard.suppression import Figure
from samen.web.dashboard.tests.support import DashboardTestCase
from samen.web.youth.models import YoungPerson


def texts(figures: tuple[Figure, ...]) -> list[str]:
    return [figure.text for figure in figures]


def cells_of(html: str) -> list[list[str]]:
    """Every table row of ``html`` as the texts of its cells."""
    rows = []
    for row in re.findall(r"<tr>(.*?)</tr>", html, flags=re.S):
        rows.append([re.sub(r"<[^>]+>", "", cell).strip()
                     for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, flags=re.S)])
    return rows


class FiguresTest(DashboardTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.add_noordstad()
        # Zuidstad: the other record (15, Zuid, none), 11 more in Zuid and 3 in Haven.
        for n in range(11):
            cls.add_record(f"J-Z{n:05d}", 16, "Zuid", "none", cls.other_care)
        for n in range(3):
            cls.add_record(f"J-H{n:05d}", 19, "Haven", "hikikomori", cls.other_school)
        months = months_before(timezone.localdate(), 12)
        snapshot = StageSnapshot.objects.create
        now = timezone.now()
        for month, counts in ((months[-2], (100, 5, 20)), (months[-1], (120, 12, 30))):
            for stage, count in zip(("none", "pre_hikikomori", "hikikomori"), counts, strict=True):
                snapshot(month=month, municipality="Noordstad", stage=stage, count=count,
                         taken_at=now)
        # Not in Noordstad's trend: thirteen months ago, this month, and another municipality.
        older = months_before(timezone.localdate(), 13)[0]
        snapshot(month=older, municipality="Noordstad", stage="none", count=77, taken_at=now)
        snapshot(month=timezone.localdate().replace(day=1), municipality="Noordstad",
                 stage="none", count=78, taken_at=now)
        snapshot(month=months[-1], municipality="Zuidstad", stage="none", count=79, taken_at=now)

    def test_noordstad_tables_by_hand(self) -> None:
        """147 records: the stage x district table is test_suppression.CROSS, whose protection was
        worked by hand (the 4 takes 11, 14 and 16 with it); every age band is 10 or more."""
        data = overview("Noordstad")
        self.assertEqual(data.districts, ("Centrum", "Noord", "Oost"))
        self.assertEqual([texts(row) for row in data.cross.cells],
                         [["20", "<10", "x"], ["30", "15", "12"], ["25", "x", "x"]])
        self.assertEqual(texts(data.by_district.cells), ["35", "57", "55"])
        self.assertEqual(texts(data.by_stage.cells), ["75", "33", "39"])
        self.assertEqual(texts(data.by_age.cells), ["10", "40", "40", "40", "17"])
        self.assertEqual(data.total, "147")

    def test_zuidstad_merges_small_districts_and_hides_small_counts(self) -> None:
        """15 records: Zuid 12 (none), Haven 3 (hikikomori) merged into "other districts"; ages
        0, 0, 12, 3, 0. Worked by hand: Zuid's row is 12 = 12 + 0 + 0, so its two zeros are
        known until the 12 is hidden too ("x"); then row totals 12 + 3 = 15 give the 3 until
        Zuid's total 12 is hidden as well. After that every hidden figure can move: Zuid's none
        lies in 10..12, the cell below it in 0..2."""
        data = overview("Zuidstad")
        self.assertEqual(data.districts, ("Zuid", ""))
        self.assertEqual([texts(row) for row in data.cross.cells],
                         [["x", "<10", "<10"], ["<10", "<10", "<10"]])
        self.assertEqual(texts(data.by_district.cells), ["x", "<10"])
        self.assertEqual(texts(data.by_stage.cells), ["12", "<10", "<10"])
        self.assertEqual(texts(data.by_age.cells), ["<10", "<10", "12", "<10", "<10"])
        self.assertEqual(data.total, "15")

    def test_a_municipality_without_records_shows_only_hidden_zeros(self) -> None:
        data = overview("Nergens")
        self.assertEqual(data.districts, ("",))
        self.assertEqual(texts(data.by_stage.cells), ["<10", "<10", "<10"])
        self.assertEqual(texts(data.by_age.cells), ["<10"] * 5)
        self.assertEqual((data.total, data.trend), ("<10", ()))

    def test_trend_shows_the_complete_months_with_snapshots_suppressed(self) -> None:
        """[100, 5, 20] hides the 5 and takes the 20 with it (the next smallest); [120, 12, 30]
        shows everything."""
        data = overview("Noordstad")
        months = months_before(timezone.localdate(), 12)
        self.assertEqual([point.month for point in data.trend], months[-2:])
        self.assertEqual([(texts(p.table.cells), p.table.total.text) for p in data.trend],
                         [(["100", "<10", "x"], "125"), (["120", "12", "30"], "162")])

    def test_the_page_in_dutch(self) -> None:
        self.login(self.petra)
        html = self.client.get(reverse("dashboard:index")).content.decode()
        self.assertIn("Jongeren in Noordstad", html)
        rows = cells_of(html)
        self.assertIn(["geen langdurige terugtrekking", "75"], rows)
        self.assertIn(["pre-hikikomori (3 tot 6 maanden)", "33"], rows)
        self.assertIn(["15 tot en met 17", "40"], rows)
        self.assertIn(["Centrum", "20", "&lt;10", "x", "35"], rows)
        self.assertIn(["Totaal", "75", "33", "39", "147"], rows)
        month = months_before(timezone.localdate(), 12)[-2]
        self.assertIn([f"{_dutch_month(month)} {month.year}", "100", "&lt;10", "x", "125"],
                      rows)
        self.assertIn("minder dan 10 jongeren", html)

    def test_the_page_in_english(self) -> None:
        self.login(self.petra)
        response = self.client.get(reverse("dashboard:index"), HTTP_ACCEPT_LANGUAGE="en")
        html = response.content.decode()
        self.assertIn("Young people in Noordstad", html)
        rows = cells_of(html)
        self.assertIn(["no prolonged withdrawal", "75"], rows)
        self.assertIn(["23 and older", "17"], rows)
        self.assertIn(["Total", "75", "33", "39", "147"], rows)

    def test_the_other_municipality_sees_its_own_figures(self) -> None:
        self.login(self.zeno)
        html = self.client.get(reverse("dashboard:index")).content.decode()
        self.assertIn("Jongeren in Zuidstad", html)
        self.assertIn("overige wijken (elk minder dan 10 dossiers)", html)
        self.assertNotIn("Haven", html)
        self.assertNotIn("Centrum", html)
        self.assertIn(["Totaal", "12", "&lt;10", "&lt;10", "15"], cells_of(html))

    def test_the_export_holds_the_same_suppressed_tables(self) -> None:
        self.login(self.petra)
        response = self.client.get(reverse("dashboard:export"))
        self.assertIn("attachment;", response["Content-Disposition"])
        rows = list(csv.reader(io.StringIO(response.content.decode())))
        self.assertEqual(rows[0], ["tabel", "rij", "kolom", "aantal"])
        self.assertEqual(rows[1:5], [
            ["naar fase", "geen langdurige terugtrekking", "", "75"],
            ["naar fase", "pre-hikikomori (3 tot 6 maanden)", "", "33"],
            ["naar fase", "hikikomori (6 maanden of langer)", "", "39"],
            ["naar fase", "totaal", "", "147"],
        ])
        cross = [row[1:] for row in rows if row[0] == "fase per wijk"]
        self.assertEqual(cross[:4], [
            ["Centrum", "geen langdurige terugtrekking", "20"],
            ["Centrum", "pre-hikikomori (3 tot 6 maanden)", "<10"],
            ["Centrum", "hikikomori (6 maanden of langer)", "x"],
            ["Centrum", "totaal", "35"],
        ])
        self.assertEqual(cross[-1], ["totaal", "totaal", "147"])
        trend = [row[1:] for row in rows if row[0] == "fase per maand"]
        self.assertEqual(len(trend), 8)  # two months, three stages and a total each
        self.assertEqual(len(rows), 1 + 4 + 6 + 4 + 16 + 8)

    def test_the_export_in_english(self) -> None:
        self.login(self.petra)
        response = self.client.get(reverse("dashboard:export"), HTTP_ACCEPT_LANGUAGE="en")
        rows = list(csv.reader(io.StringIO(response.content.decode())))
        self.assertEqual(rows[0], ["table", "row", "column", "count"])
        self.assertIn(["by age band", "under 10", "", "10"], rows)

    def test_no_pseudonym_is_ever_shown(self) -> None:
        pseudonyms = list(YoungPerson.objects.values_list("pseudonym", flat=True))
        self.assertEqual(len(pseudonyms), 3 + 145 + 14)
        for officer in (self.petra, self.zeno):
            self.login(officer)
            for route in ("core:home", "dashboard:index", "dashboard:export",
                          "dashboard:trend_chart"):
                with self.subTest(officer=officer.username, route=route):
                    body = self.client.get(reverse(route)).content.decode()
                    self.assertEqual([p for p in pseudonyms if p in body], [])

    def test_a_district_name_that_looks_like_a_formula_is_defused_in_the_export(self) -> None:
        for n in range(10):
            self.add_record(f"J-F{n:05d}", 16, "=HYPERLINK(1)", "none", self.school)
        self.login(self.petra)
        rows = list(csv.reader(io.StringIO(
            self.client.get(reverse("dashboard:export")).content.decode())))
        labels = {row[1] for row in rows}
        self.assertIn("'=HYPERLINK(1)", labels)
        self.assertNotIn("=HYPERLINK(1)", labels)

    def test_the_trend_chart_draws_only_shown_figures(self) -> None:
        values = trend_spec(overview("Noordstad"))["data"]["values"]
        self.assertEqual([value["count"] for value in values], [100, None, None, 120, 12, 30])
        self.login(self.petra)
        svg = self.client.get(reverse("dashboard:trend_chart")).content.decode()
        self.assertTrue(svg.lstrip().startswith("<svg"))
        self.assertIn("geen langdurige terugtrekking", svg)  # the legend, in Dutch


class HomePanelTest(DashboardTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.add_noordstad()

    def test_the_officer_sees_headline_counts_and_the_latest_comparison(self) -> None:
        self.login(self.petra)
        html = self.client.get(reverse("core:home")).content.decode()
        self.assertIn("Jongeren in Noordstad", html)
        rows = cells_of(html)
        self.assertIn(["hikikomori (6 maanden of langer)", "39"], rows)
        self.assertIn(["Totaal", "147"], rows)
        self.assertIn("Van ik naar wij", html)
        # -0.0025 as a share is -0,250 percentage points; the interval -0,400% … -0,100%.
        self.assertIn("Hikikomori aan het eind: -0,250% (90%-interval -0,400% … -0,100%)", html)
        self.assertIn("Een model, geen voorspelling.", html)
        self.assertEqual(
            AuditEvent.objects.filter(actor=self.petra, event="dashboard.panel.view").count(), 1)

    def test_the_panel_in_english(self) -> None:
        self.login(self.petra)
        html = self.client.get(reverse("core:home"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
        self.assertIn("Hikikomori at the end: -0.250% (90% interval -0.400% … -0.100%)", html)

    def test_no_one_else_gets_the_panel(self) -> None:
        for user in self.everyone:
            if user == self.petra:
                continue
            with self.subTest(user=user.username):
                self.login(user)
                html = self.client.get(reverse("core:home")).content.decode()
                self.assertNotIn("beleidsdashboard", html.lower())
        self.assertFalse(AuditEvent.objects.filter(event="dashboard.panel.view").exists())


def _dutch_month(month: date) -> str:
    return ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
            "september", "oktober", "november", "december"][month.month - 1]

"""AGG-02: no two figures a policy officer can choose between differ by a hidden small count.

The filters are fixed rows (a district, or all districts together), so the differencing attack
is: the figure for "all districts" minus the figure for one district gives the rest. Kleinstad
has 27 records: Dorp 20 and Gehucht 7 (merged into "other districts", hidden). If both 27 and
20 were shown, 27 - 20 = 7 would reveal the hidden row. The test reads the real outputs: the
page, the CSV export and the API.
"""

from __future__ import annotations

import csv
import io

from samen.web.accounts.models import Organisation, User
from samen.web.accounts.roles import OrganisationKind, Role
from samen.web.api.actions import do_create_token
from samen.web.audit.log import Actor
from samen.web.dashboard.aggregates import overview
from samen.web.testing import SamenTestCase, years_ago
from samen.web.youth.models import Involvement, YoungPerson


class DifferencingTest(SamenTestCase):
    kees: User

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        school = Organisation.objects.create(name="De Klimop", kind=OrganisationKind.SCHOOL,
                                             municipality="Kleinstad")
        gemeente = Organisation.objects.create(name="Gemeente Kleinstad",
                                               kind=OrganisationKind.MUNICIPALITY,
                                               municipality="Kleinstad")
        cls.kees = cls.make_user("kees", "policy_kleinstad", gemeente, Role.POLICY_OFFICER)
        for n, district in enumerate(["Dorp"] * 20 + ["Gehucht"] * 7):
            young_person = YoungPerson.objects.create(
                pseudonym=f"J-KLS{n:03d}", birth_month=years_ago(15), sex="F", district=district)
            Involvement.objects.create(young_person=young_person, organisation=school,
                                       since=years_ago(1))

    def test_the_overview_never_shows_a_district_and_the_total_that_differ_by_less_than_k(
            self) -> None:
        data = overview("Kleinstad")
        self.assertEqual(data.districts, ("Dorp", ""))
        dorp, rest = data.by_district.cells
        self.assertFalse(rest.shown)  # the 7 of Gehucht
        self.assertFalse(dorp.shown and data.by_district.total.shown,
                         f"{data.by_district.total.text} - {dorp.text} gives the hidden 7")

    def test_the_export_does_not_give_the_difference_away(self) -> None:
        self.login(self.kees)
        rows = list(csv.reader(io.StringIO(
            self.client.get("/dashboard/export.csv", HTTP_ACCEPT_LANGUAGE="en").content.decode())))
        by_district = {row[1]: row[3] for row in rows[1:] if row[0] == "by district"}
        numbers = {label: int(text) for label, text in by_district.items() if text.isdigit()}
        self.assertNotIn(7, {a - b for a in numbers.values() for b in numbers.values()})
        self.assertFalse("Dorp" in numbers and "total" in numbers, by_district)

    def test_the_api_does_not_give_the_difference_away(self) -> None:
        _token, secret = do_create_token(actor=Actor(user=self.kees, channel="test"), name="k")
        body = self.client.get("/api/v1/dashboard/counts",
                               HTTP_AUTHORIZATION=f"Bearer {secret}").json()
        districts = {row["key"]: row["figure"]["value"] for row in body["by_district"]}
        self.assertEqual(set(districts), {"Dorp", ""})
        self.assertIsNone(districts[""])  # Gehucht's 7
        self.assertFalse(districts["Dorp"] is not None and body["total"]["value"] is not None,
                         body["by_district"])

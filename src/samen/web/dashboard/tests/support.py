"""Fixtures of the dashboard tests: a policy officer of the other region, synthetic records with
hand-chosen counts, and a stored comparison with hand-chosen numbers."""

from __future__ import annotations

from samen.web.accounts.models import Organisation, User
from samen.web.accounts.roles import OrganisationKind, Role
from samen.web.dashboard.models import ScenarioComparison
from samen.web.testing import SamenTestCase, years_ago
from samen.web.youth.models import Involvement, YoungPerson

# Noordstad, districts x stages (none, pre-hikikomori, hikikomori). With Jet and Ruben (both
# "none", in Oost) the table is the one worked by hand in test_suppression.CROSS.
NOORDSTAD = {"Centrum": (20, 4, 11), "Noord": (30, 15, 12), "Oost": (23, 14, 16)}
STAGES = ("none", "pre_hikikomori", "hikikomori")
# Ages of the synthetic records, in order: 10 of 8, 39 of 12, 39 of 16, 40 of 20, 17 of 24; with
# Jet (17) and Ruben (13) the bands are 10, 40, 40, 40, 17.
AGES = [8] * 10 + [12] * 39 + [16] * 39 + [20] * 40 + [24] * 17


def summary(hik: tuple[float, float, float, float, float, float] = (
        0.0125, 0.0100, -0.0025, -0.004, -0.001, 0.9)) -> dict[str, object]:
    """A comparison summary as ``samen.sim.compare`` writes it, with hand-chosen numbers."""
    base, other, median, low, high, share = hik
    return {
        "base": "baseline", "base_title": "Baseline", "seeds": [1, 2], "agents": 2000,
        "weeks": 104, "interval": "5th-95th percentile of the paired differences",
        "others": [{
            "scenario": "wij", "title": "From I to we", "cost_unknown": [],
            "cost_assumed": ["community_mentoring"],
            "outcomes": [
                {"id": "hikikomori_prevalence_end", "label": "Hikikomori at the end",
                 "base_median": base, "other_median": other, "difference_median": median,
                 "difference_p5": low, "difference_p95": high, "share_better": share,
                 "differences": [low, high]},
                {"id": "total_cost_eur", "label": "Total cost of interventions",
                 "base_median": 0.0, "other_median": 1234567.4, "difference_median": 1234567.4,
                 "difference_p5": 1000000.0, "difference_p95": 1500000.0, "share_better": 0.0,
                 "differences": [1000000.0, 1500000.0]},
            ],
        }],
    }


class DashboardTestCase(SamenTestCase):
    zeno: User
    zuid_municipality: Organisation
    comparison: ScenarioComparison

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.zuid_municipality = Organisation.objects.create(
            name="Gemeente Zuidstad", kind=OrganisationKind.MUNICIPALITY, municipality="Zuidstad")
        cls.zeno = cls.make_user("zeno", "other_policy", cls.zuid_municipality,
                                 Role.POLICY_OFFICER)
        cls.comparison = ScenarioComparison.objects.create(
            name="Van ik naar wij", base="baseline", other="wij", agents=2000, years=2, runs=2,
            titles={"base": {"nl": "Basislijn", "en": "Baseline"},
                    "other": {"nl": "Van ik naar wij", "en": "From I to we"}},
            summary=summary(),
        )

    @property
    def everyone_and_zeno(self) -> list[User]:
        return [*self.everyone, self.zeno]

    @classmethod
    def add_noordstad(cls) -> None:
        """145 synthetic records in Noordstad (Het Baken), counts as in NOORDSTAD and AGES."""
        ages = iter(AGES)
        number = 0
        for district, counts in NOORDSTAD.items():
            for stage, count in zip(STAGES, counts, strict=True):
                for _ in range(count):
                    number += 1
                    cls.add_record(f"J-N{number:05d}", next(ages), district, stage, cls.school)

    @classmethod
    def add_record(cls, pseudonym: str, age: int, district: str, stage: str,
                   organisation: Organisation) -> YoungPerson:
        young_person = YoungPerson.objects.create(
            pseudonym=pseudonym, birth_month=years_ago(age, 1), sex="X", district=district,
            stage=stage,
        )
        Involvement.objects.create(young_person=young_person, organisation=organisation,
                                   since=young_person.birth_month)
        return young_person

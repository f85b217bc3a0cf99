"""The monthly snapshot (through the real worker) and the comparison command (a real, tiny run of
``samen.sim``), and the scenario pages built from what they store."""

from __future__ import annotations

import re
from datetime import date

from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from samen.web.audit.models import AuditAction, AuditEvent
from samen.web.dashboard.models import ScenarioComparison, StageSnapshot
from samen.web.dashboard.tasks import take_monthly_snapshot
from samen.web.dashboard.tests.support import DashboardTestCase


def counts(month: date) -> dict[tuple[str, str], int]:
    return {(s.municipality, s.stage): s.count for s in StageSnapshot.objects.filter(month=month)}


class SnapshotTest(DashboardTestCase):
    def test_the_worker_counts_every_municipality_per_stage_and_overwrites_the_month(self) -> None:
        month = timezone.localdate().replace(day=1)
        take_monthly_snapshot.enqueue()
        self.assertEqual(self.run_worker(), 1)
        # Noordstad: Jet and Ruben (none); Zuidstad: the other record (none).
        self.assertEqual(counts(month), {
            ("Noordstad", "none"): 2, ("Noordstad", "pre_hikikomori"): 0,
            ("Noordstad", "hikikomori"): 0, ("Zuidstad", "none"): 1,
            ("Zuidstad", "pre_hikikomori"): 0, ("Zuidstad", "hikikomori"): 0,
        })
        self.child.stage = "hikikomori"
        self.child.save()
        take_monthly_snapshot.enqueue()
        self.assertEqual(self.run_worker(), 1)
        self.assertEqual(StageSnapshot.objects.count(), 6)
        self.assertEqual((counts(month)[("Noordstad", "none")],
                          counts(month)[("Noordstad", "hikikomori")]), (1, 1))
        events = AuditEvent.objects.filter(event="dashboard.snapshot.create")
        self.assertEqual([(e.action, e.channel, e.object_id, e.subject_id) for e in events],
                         [(AuditAction.CREATE, "worker", f"{month:%Y-%m}", None)] * 2)

    def test_the_task_is_a_periodic_job(self) -> None:
        from django.conf import settings

        paths = [path for path, _interval in settings.SAMEN_PERIODIC_TASKS]
        self.assertIn("samen.web.dashboard.tasks.take_monthly_snapshot", paths)


class ComparisonCommandTest(DashboardTestCase):
    def test_the_command_runs_the_simulation_and_stores_the_result(self) -> None:
        call_command("samen_run_comparison", "baseline", "wij", agents=2000, years=2, runs=2,
                     burn_in=0, scheduler="serial", stdout=_Sink())
        stored = ScenarioComparison.objects.exclude(pk=self.comparison.pk).get()
        self.assertEqual((stored.name, stored.base, stored.other, stored.agents, stored.years,
                          stored.runs), ("wij vs baseline", "baseline", "wij", 2000, 2.0, 2))
        self.assertEqual(stored.titles["other"]["nl"],
                         "Van ik naar wij: ouders, school en buurt samen")
        self.assertEqual(stored.summary["weeks"], 104)
        self.assertEqual(stored.summary["seeds"], [1, 2])
        outcomes = stored.outcomes()
        self.assertEqual([o["id"] for o in outcomes], [
            "hikikomori_prevalence_end", "pre_hikikomori_prevalence_end", "withdrawn_weeks",
            "loneliness_end", "online_hours_end", "total_cost_eur"])
        for outcome in outcomes:  # paired differences: other - base per seed, median in between
            self.assertEqual(len(outcome["differences"]), 2)
            self.assertLessEqual(outcome["difference_p5"], outcome["difference_median"])
            self.assertLessEqual(outcome["difference_median"], outcome["difference_p95"])
        cost = outcomes[-1]
        self.assertEqual(cost["base_median"], 0.0)  # the baseline runs no intervention
        self.assertGreater(cost["other_median"], 0.0)
        event = AuditEvent.objects.get(event="dashboard.comparison.create")
        self.assertEqual((event.channel, event.object_id, event.subject_id),
                         ("command", str(stored.pk), None))
        # The newest comparison is the one the officer's home page shows.
        self.login(self.petra)
        html = self.client.get(reverse("core:home")).content.decode()
        self.assertIn("wij vs baseline", html)

    def test_an_unknown_scenario_is_a_command_error(self) -> None:
        with self.assertRaisesMessage(CommandError, "'wj': no shipped scenario"):
            call_command("samen_run_comparison", "baseline", "wj", runs=2, scheduler="serial")
        self.assertEqual(ScenarioComparison.objects.count(), 1)

    def test_a_bad_burn_in_is_refused(self) -> None:
        with self.assertRaisesMessage(CommandError, "--burn-in: must be between 0 and 30"):
            call_command("samen_run_comparison", "baseline", "wij", burn_in=31)


class ScenarioPagesTest(DashboardTestCase):
    def test_the_detail_page_shows_the_differences_in_dutch(self) -> None:
        self.login(self.petra)
        html = self.client.get(reverse("dashboard:scenario", args=[self.comparison.pk])) \
            .content.decode()
        rows = [[re.sub(r"<[^>]+>", "", c).strip()
                 for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", r, flags=re.S)]
                for r in re.findall(r"<tr>(.*?)</tr>", html, flags=re.S)]
        # Shares as percentages with 3 decimals; costs in whole euros with Dutch grouping.
        self.assertIn(["Hikikomori aan het eind", "1,250%", "1,000%", "-0,250%",
                       "-0,400% … -0,100%", "90% van de runs"], rows)
        self.assertIn(["Totale kosten interventies", "0 EUR", "1.234.567 EUR",
                       "+1.234.567 EUR", "+1.000.000 EUR … +1.500.000 EUR", "0% van de runs"],
                      rows)
        self.assertIn("Dit zijn uitkomsten van een simulatiemodel, geen voorspelling.", html)
        self.assertIn("<strong>Van ik naar wij</strong> vergeleken met <strong>Basislijn</strong>",
                      html)
        self.assertIn("2 paren van runs", html)
        self.assertIn(reverse("dashboard:scenario_chart", args=[self.comparison.pk]), html)

    def test_the_detail_page_in_english(self) -> None:
        self.login(self.petra)
        html = self.client.get(reverse("dashboard:scenario", args=[self.comparison.pk]),
                               HTTP_ACCEPT_LANGUAGE="en").content.decode()
        self.assertIn("1.250%", html)
        self.assertIn("+1,234,567 EUR", html)
        self.assertIn("These are results of a simulation model, not a forecast.", html)
        self.assertIn("<strong>From I to we</strong> compared with <strong>Baseline</strong>",
                      html)

    def test_the_chart_labels_every_outcome(self) -> None:
        self.login(self.zeno)
        svg = self.client.get(reverse("dashboard:scenario_chart", args=[self.comparison.pk]),
                              HTTP_ACCEPT_LANGUAGE="en").content.decode()
        self.assertTrue(svg.lstrip().startswith("<svg"))
        self.assertIn("Hikikomori at the end (%)", svg)
        self.assertIn("Total cost of interventions (EUR)", svg)
        self.assertIn("From I to we against Baseline", svg)

    def test_the_list_links_every_comparison_newest_first(self) -> None:
        newer = ScenarioComparison.objects.create(
            name="Scherm in balans", base="baseline", other="screen-balance", agents=2000,
            years=2, runs=2, titles={}, summary={})
        self.login(self.petra)
        html = self.client.get(reverse("dashboard:scenarios")).content.decode()
        first = html.index(reverse("dashboard:scenario", args=[newer.pk]))
        second = html.index(reverse("dashboard:scenario", args=[self.comparison.pk]))
        self.assertLess(first, second)
        self.assertIn("screen-balance", html)  # no titles stored: the scenario's name


class _Sink:
    def write(self, text: str) -> None:
        pass

    def flush(self) -> None:
        pass

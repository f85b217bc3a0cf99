"""``samen manage samen_run_comparison BASE OTHER --agents N --years Y --runs R``.

Runs OTHER against BASE with common random numbers (``samen.sim.compare``, the same engine as
``samen compare``) and stores the result for the policy dashboard (``/dashboard/scenarios/``).
"""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from samen.errors import SamenInputError


class Command(BaseCommand):
    help = "Compare two simulation scenarios and store the result for the policy dashboard."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("base", help="base scenario: a shipped name or a TOML file")
        parser.add_argument("other", help="compared scenario: a shipped name or a TOML file")
        parser.add_argument("--agents", type=int, help="simulated people (default: BASE's)")
        parser.add_argument("--years", type=float, help="simulated years (default: BASE's)")
        parser.add_argument("--runs", type=int, default=10, help="paired runs (default: 10)")
        parser.add_argument("--seed", type=int, help="first seed (default: BASE's)")
        parser.add_argument("--burn-in", type=float, dest="burn_in",
                            help="years simulated before reporting starts (default: the "
                                 "evidence value)")
        parser.add_argument("--name", help="name shown on the dashboard (default: OTHER vs BASE)")
        parser.add_argument("--scheduler",
                            help="'serial' to run in this process, a Dask scheduler address, or "
                                 "nothing for a local Dask cluster")

    def handle(self, *args: Any, **options: Any) -> None:
        from samen.sim.compare import compare_scenarios
        from samen.sim.ensemble import seeds_for
        from samen.sim.scenario import Scenario, load_scenario
        from samen.web.audit.log import Actor
        from samen.web.dashboard.actions import do_store_comparison

        def with_burn_in(scenario: Scenario) -> Scenario:
            years = options["burn_in"]
            if years is None:
                return scenario
            if not 0 <= years <= 30:
                raise CommandError(f"--burn-in: must be between 0 and 30 years, got {years:g}")
            parameters = {**scenario.parameters, "burn_in_years": years}
            return scenario.model_copy(update={"parameters": parameters})

        try:
            base = with_burn_in(load_scenario(options["base"]))
            other = with_burn_in(load_scenario(options["other"]))
            runs = options["runs"]
            seeds_for(0, runs)  # rejects a bad --runs before anything runs
            years = base.years if options["years"] is None else options["years"]
            started = time.perf_counter()
            comparison = compare_scenarios(
                base, [other], runs=runs,
                seed=base.seed if options["seed"] is None else options["seed"],
                agents=options["agents"], years=years, scheduler=options["scheduler"],
            )
        except SamenInputError as exc:
            raise CommandError(str(exc)) from exc
        elapsed = time.perf_counter() - started
        name = options["name"] or f"{other.name} vs {base.name}"
        stored = do_store_comparison(
            actor=Actor.system("command"), name=name, comparison=comparison, years=years,
            base_titles={"nl": base.title.nl, "en": base.title.en},
            other_titles={"nl": other.title.nl, "en": other.title.en},
        )
        self.stdout.write(
            f"Stored comparison {stored.pk} ({stored.name}): {comparison.agents} agents, "
            f"{comparison.weeks} weeks, {runs} paired runs, {elapsed:.1f} s"
        )

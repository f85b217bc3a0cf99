"""Every write of the dashboard app: one transaction each, with its audit event (no person)."""

from __future__ import annotations

import json
from datetime import date
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone

from samen.web.accounts.models import Organisation
from samen.web.audit.log import Actor, record
from samen.web.audit.models import AuditAction
from samen.web.dashboard.aggregates import month_start, stage_counts
from samen.web.dashboard.models import ScenarioComparison, StageSnapshot

if TYPE_CHECKING:
    from samen.sim.compare import Comparison


@transaction.atomic
def do_take_snapshot(*, actor: Actor, today: date | None = None) -> int:
    """Count every municipality's records per stage for ``today``'s month (overwriting the counts
    taken earlier this month); return the number of rows written."""
    month = month_start(today or timezone.localdate())
    now = timezone.now()
    municipalities = sorted(set(Organisation.objects.values_list("municipality", flat=True)))
    written = 0
    for municipality in municipalities:
        for stage, count in stage_counts(municipality).items():
            StageSnapshot.objects.update_or_create(
                month=month, municipality=municipality, stage=stage,
                defaults={"count": count, "taken_at": now},
            )
            written += 1
    record(actor, event="dashboard.snapshot.create", action=AuditAction.CREATE,
           object_type="stage_snapshot", object_id=f"{month:%Y-%m}",
           changed_fields=("count", "taken_at"))
    return written


@transaction.atomic
def do_store_comparison(*, actor: Actor, name: str, comparison: Comparison, years: float,
                        base_titles: dict[str, str], other_titles: dict[str, str],
                        ) -> ScenarioComparison:
    """Store a comparison of exactly one other scenario against its base."""
    from samen.sim.compare import render_comparison

    if len(comparison.others) != 1:
        raise ValueError("store one comparison per other scenario")
    stored = ScenarioComparison.objects.create(
        name=name[:120], base=comparison.base, other=comparison.others[0].scenario,
        agents=comparison.agents, years=years, runs=len(comparison.seeds),
        titles={"base": dict(base_titles), "other": dict(other_titles)},
        summary=json.loads(render_comparison(comparison, "json", "en")),
    )
    record(actor, event="dashboard.comparison.create", action=AuditAction.CREATE,
           object_type="scenario_comparison", object_id=stored.pk,
           changed_fields=("name", "base", "other", "agents", "years", "runs", "titles",
                           "summary"))
    return stored

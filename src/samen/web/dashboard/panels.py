"""Home-page panel for policy officers: headline counts (suppressed) and the latest comparison."""

from __future__ import annotations

from django.http import HttpRequest

from samen.web.accounts.models import User
from samen.web.accounts.roles import Role
from samen.web.core.panels import Panel
from samen.web.dashboard.aggregates import STAGE_LABELS, STAGES, overview, policy_membership
from samen.web.dashboard.models import ScenarioComparison
from samen.web.dashboard.presentation import outcome_rows
from samen.web.dashboard.suppression import K_MIN, PROTECTING_MARK
from samen.web.dashboard.views import audit

HEADLINE_OUTCOME = "hikikomori_prevalence_end"


def home_panels(request: HttpRequest, roles: frozenset[Role]) -> list[Panel]:
    user = request.user
    if Role.POLICY_OFFICER not in roles or not isinstance(user, User):
        return []
    membership = policy_membership(user)
    if membership is None:
        return []
    audit(request, membership, event="dashboard.panel.view")
    data = overview(membership.organisation.municipality)
    comparison = ScenarioComparison.objects.first()
    headline = None
    if comparison is not None:
        headline = next((row for row in outcome_rows(comparison) if row.id == HEADLINE_OUTCOME),
                        None)
    return [Panel("dashboard/panels/home.html", {
        "municipality": data.municipality,
        "by_stage": list(zip([str(STAGE_LABELS[s]) for s in STAGES], data.by_stage.cells,
                             strict=True)),
        "total": data.by_stage.total,
        "k": K_MIN,
        "mark": PROTECTING_MARK,
        "comparison": comparison,
        "headline": headline,
    }, order=30)]

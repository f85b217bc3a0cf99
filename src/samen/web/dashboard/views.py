"""The policy dashboard: suppressed counts of the officer's municipality, the trend, the export,
and the stored scenario comparisons.

Only policy officers reach these pages; everyone else gets 404 (the pages do not exist for them),
and the attempt is audited as denied. Every page view and the export write an audit event without
a subject (policy makers are users too, platforms.md §3.5 control 8). No view reads a single
person: the figures come from :mod:`samen.web.dashboard.aggregates`.
"""

from __future__ import annotations

import csv
import io
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from samen.web.accounts.models import Membership, User
from samen.web.accounts.roles import Role
from samen.web.audit.log import Actor, record
from samen.web.audit.models import AuditAction, AuditOutcome
from samen.web.dashboard.aggregates import (
    AGE_BANDS,
    AGE_LABELS,
    OTHER_DISTRICTS,
    STAGE_LABELS,
    STAGES,
    Overview,
    overview,
    policy_membership,
)
from samen.web.dashboard.models import ScenarioComparison
from samen.web.dashboard.presentation import (
    comparison_spec,
    language,
    outcome_rows,
    render_svg,
    trend_spec,
)
from samen.web.dashboard.suppression import K_MIN, PROTECTING_MARK, Figure, OneWayTable


def officer(request: HttpRequest, event: str, object_type: str = "dashboard",
            object_id: object = "") -> Membership:
    """The signed-in policy officer's membership, or 404 (audited as denied) for anyone else."""
    user = request.user
    membership = policy_membership(user) if isinstance(user, User) else None
    if membership is None:
        record(Actor.from_request(request), event=event, action=AuditAction.READ,
               outcome=AuditOutcome.DENIED, object_type=object_type, object_id=object_id)
        raise Http404("No such page")
    return membership


def audit(request: HttpRequest, membership: Membership, *, event: str,
          action: AuditAction = AuditAction.READ, object_type: str = "dashboard",
          object_id: object = "") -> None:
    record(Actor.from_request(request), event=event, action=action, role=Role.POLICY_OFFICER,
           organisation_name=membership.organisation.name, object_type=object_type,
           object_id=object_id or membership.organisation.municipality)


def district_label(district: str) -> str:
    if district == OTHER_DISTRICTS:
        return _("other districts (fewer than %(k)d records each)") % {"k": K_MIN}
    return district


def _rows(labels: list[str], table: OneWayTable) -> list[tuple[str, Figure]]:
    return list(zip(labels, table.cells, strict=True))


def page_context(data: Overview) -> dict[str, Any]:
    stage_labels = [str(STAGE_LABELS[stage]) for stage in STAGES]
    districts = [district_label(d) for d in data.districts]
    return {
        "data": data,
        "k": K_MIN,
        "mark": PROTECTING_MARK,
        "stage_labels": stage_labels,
        "stages": list(zip(STAGES, stage_labels, strict=True)),
        "by_stage": _rows(stage_labels, data.by_stage),
        "by_age": _rows([str(AGE_LABELS[band]) for band, _y, _o in AGE_BANDS], data.by_age),
        "by_district": _rows(districts, data.by_district),
        "cross_rows": list(zip(districts, data.cross.cells, data.cross.row_totals, strict=True)),
        "trend_rows": [(point.month, point.table.cells, point.table.total)
                       for point in data.trend],
    }


@login_required
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    membership = officer(request, "dashboard.view")
    audit(request, membership, event="dashboard.view")
    data = overview(membership.organisation.municipality)
    return render(request, "dashboard/index.html", page_context(data))


@login_required
@require_GET
def trend_chart(request: HttpRequest) -> HttpResponse:
    membership = officer(request, "dashboard.trend_chart.view")
    audit(request, membership, event="dashboard.trend_chart.view")
    data = overview(membership.organisation.municipality)
    return HttpResponse(render_svg(trend_spec(data)), content_type="image/svg+xml")


def _safe(text: str) -> str:
    """A CSV field that a spreadsheet will not run as a formula (district names are typed in)."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


@login_required
@require_GET
def export_csv(request: HttpRequest) -> HttpResponse:
    """The same suppressed tables as the page, one figure per line."""
    membership = officer(request, "dashboard.export")
    audit(request, membership, event="dashboard.export", action=AuditAction.EXECUTE)
    data = overview(membership.organisation.municipality)
    context = page_context(data)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([_("table"), _("row"), _("column"), _("count")])
    total = _("total")

    def one_way(name: str, rows: list[tuple[str, Figure]], table: OneWayTable) -> None:
        for label, figure in rows:
            writer.writerow([name, _safe(label), "", figure.text])
        writer.writerow([name, total, "", table.total.text])

    one_way(_("by stage"), context["by_stage"], data.by_stage)
    one_way(_("by age band"), context["by_age"], data.by_age)
    one_way(_("by district"), context["by_district"], data.by_district)
    cross = _("stage by district")
    for district, cells, row_total in context["cross_rows"]:
        for label, figure in zip(context["stage_labels"], cells, strict=True):
            writer.writerow([cross, _safe(district), label, figure.text])
        writer.writerow([cross, _safe(district), total, row_total.text])
    for label, figure in zip(context["stage_labels"], data.cross.column_totals, strict=True):
        writer.writerow([cross, total, label, figure.text])
    writer.writerow([cross, total, total, data.cross.total.text])
    trend = _("stage by month")
    for month, cells, month_total in context["trend_rows"]:
        for label, figure in zip(context["stage_labels"], cells, strict=True):
            writer.writerow([trend, f"{month:%Y-%m}", label, figure.text])
        writer.writerow([trend, f"{month:%Y-%m}", total, month_total.text])
    response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    filename = f"samen-dashboard-{timezone.localdate():%Y-%m-%d}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
@require_GET
def scenario_list(request: HttpRequest) -> HttpResponse:
    membership = officer(request, "dashboard.scenarios.view")
    audit(request, membership, event="dashboard.scenarios.view",
          object_type="scenario_comparison", object_id="list")
    comparisons = list(ScenarioComparison.objects.all()[:100])
    lang = language()
    rows = [(c, c.title("base", lang), c.title("other", lang)) for c in comparisons]
    return render(request, "dashboard/scenario_list.html", {"rows": rows})


def _comparison(request: HttpRequest, pk: int, event: str) -> ScenarioComparison:
    membership = officer(request, event, "scenario_comparison", pk)
    comparison = ScenarioComparison.objects.filter(pk=pk).first()
    if comparison is None:
        raise Http404("No such comparison")
    audit(request, membership, event=event, object_type="scenario_comparison",
          object_id=comparison.pk)
    return comparison


@login_required
@require_GET
def scenario_detail(request: HttpRequest, pk: int) -> HttpResponse:
    comparison = _comparison(request, pk, "dashboard.scenario.view")
    lang = language()
    summary: dict[str, Any] = comparison.summary
    other = (summary.get("others") or [{}])[0]
    return render(request, "dashboard/scenario_detail.html", {
        "comparison": comparison,
        "base_title": comparison.title("base", lang),
        "other_title": comparison.title("other", lang),
        "rows": outcome_rows(comparison),
        "weeks": summary.get("weeks", 0),
        "cost_assumed": other.get("cost_assumed", []),
        "cost_unknown": other.get("cost_unknown", []),
    })


@login_required
@require_GET
def scenario_chart(request: HttpRequest, pk: int) -> HttpResponse:
    comparison = _comparison(request, pk, "dashboard.scenario_chart.view")
    spec = comparison_spec(comparison, outcome_rows(comparison))
    return HttpResponse(render_svg(spec), content_type="image/svg+xml")


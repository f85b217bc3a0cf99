"""``/dashboard/counts``: a policy officer's aggregate tables, small cells hidden.

The figures come from ``dashboard.aggregates.overview`` (fixed filters, primary and secondary
suppression in ``dashboard.suppression``); the API only writes them out. Only a policy officer
reaches this route (403 for everyone else), and every call is audited as a read of aggregates.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.utils import translation
from django.utils.functional import Promise
from ninja import Router

from samen.web.accounts.models import User
from samen.web.accounts.roles import Role
from samen.web.api.errors import ErrorBody
from samen.web.api.routers.people import actor_of
from samen.web.api.schemas import (
    CountOut,
    CrossCellOut,
    DashboardCountsOut,
    FigureOut,
    Text,
    TrendMonthOut,
)
from samen.web.audit.log import record
from samen.web.audit.models import AuditAction, AuditOutcome
from samen.web.dashboard.aggregates import (
    AGE_BANDS,
    AGE_LABELS,
    STAGE_LABELS,
    STAGES,
    overview,
    policy_membership,
)
from samen.web.dashboard.suppression import K_MIN, Figure
from samen.web.dashboard.views import district_label as web_district_label

router = Router(tags=["policy dashboard"])


def figure_out(figure: Figure) -> FigureOut:
    return FigureOut(value=figure.value if figure.shown else None, status=figure.status.value,
                     text=figure.text)


def both(label: Promise) -> Text:
    """A lazily translated label in Dutch and in English."""
    with translation.override("nl"):
        nl = str(label)
    with translation.override("en"):
        en = str(label)
    return Text(nl=nl, en=en)


def district_label(district: str) -> Text:
    """The dashboard's own words for a district row (the merged row of small districts)."""
    with translation.override("nl"):
        nl = web_district_label(district)
    with translation.override("en"):
        en = web_district_label(district)
    return Text(nl=nl, en=en)


def counts(keys: Sequence[str], labels: Sequence[Text], figures: Sequence[Figure]
           ) -> list[CountOut]:
    return [CountOut(key=k, label=lab, figure=figure_out(f))
            for k, lab, f in zip(keys, labels, figures, strict=True)]


@router.get("/dashboard/counts", response={200: DashboardCountsOut, 401: ErrorBody,
                                           403: ErrorBody},
            summary="District, stage and age counts (policy officers)")
def dashboard_counts(request: HttpRequest) -> DashboardCountsOut:
    """Counts for your municipality by stage, age band and district, with the monthly trend.
    Counts under 10 are hidden (``<10``), and so is any count that would reveal one (``x``)."""
    user = request.user
    assert isinstance(user, User)
    membership = policy_membership(user)
    if membership is None:
        record(actor_of(request), event="api.dashboard.counts", action=AuditAction.READ,
               outcome=AuditOutcome.DENIED, object_type="aggregate")
        raise PermissionDenied("Only a municipal policy officer sees the dashboard counts.")
    municipality = membership.organisation.municipality
    found = overview(municipality)
    record(actor_of(request), event="api.dashboard.counts", action=AuditAction.READ,
           role=Role.POLICY_OFFICER, organisation_name=membership.organisation.name,
           object_type="aggregate", object_id=municipality)
    stage_labels = [both(STAGE_LABELS[stage]) for stage in STAGES]
    bands = [band for band, _low, _high in AGE_BANDS]
    return DashboardCountsOut(
        municipality=municipality, k=K_MIN, total=figure_out(found.cross.total),
        by_stage=counts(STAGES, stage_labels, found.by_stage.cells),
        by_age=counts(bands, [both(AGE_LABELS[band]) for band in bands],
                      found.by_age.cells),
        by_district=counts(found.districts, [district_label(d) for d in found.districts],
                           found.by_district.cells),
        cross=[CrossCellOut(district=district, stage=stage, figure=figure_out(cell))
               for district, row in zip(found.districts, found.cross.cells, strict=True)
               for stage, cell in zip(STAGES, row, strict=True)],
        trend=[TrendMonthOut(month=month.month,
                             by_stage=counts(STAGES, stage_labels, month.table.cells),
                             total=figure_out(month.table.total))
               for month in found.trend],
    )

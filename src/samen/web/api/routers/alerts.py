"""``/alerts``: the caller's own alerts, about records they can open now (as the web list)."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils import translation
from ninja import Router

from samen.web.accounts.models import User
from samen.web.alerts.display import describe
from samen.web.alerts.models import Alert
from samen.web.alerts.views import visible_alerts
from samen.web.api.errors import ErrorBody
from samen.web.api.routers.people import actor_of
from samen.web.api.schemas import AlertOut, Text
from samen.web.youth.access import audit_reads

router = Router(tags=["alerts"])


def alert_out(alert: Alert) -> AlertOut:
    with translation.override("nl"):
        nl = describe(alert)
    with translation.override("en"):
        en = describe(alert)
    return AlertOut(
        id=alert.pk, young_person_id=alert.young_person_id,
        pseudonym=alert.young_person.pseudonym, kind=alert.kind,
        message=Text(nl=nl["text"], en=en["text"]), web_url=nl["link"],
        created_at=alert.created_at, read=alert.read_at is not None,
    )


@router.get("/alerts", response={200: list[AlertOut], 401: ErrorBody}, summary="My alerts")
def list_alerts(request: HttpRequest) -> list[AlertOut]:
    """Your alerts, newest first; alerts about a record you can no longer open are left out.
    Each record they concern is audited as read."""
    user = request.user
    assert isinstance(user, User)
    alerts, accesses = visible_alerts(user)
    actor = actor_of(request)
    audit_reads(actor, [accesses[pk] for pk in sorted({a.young_person_id for a in alerts})],
                event="api.alerts.list", object_type="alert")
    return [alert_out(alert) for alert in alerts]

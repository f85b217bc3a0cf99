"""How an alert reads on screen (never in e-mail): a sentence and the page to open."""

from __future__ import annotations

from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from samen.instruments import get_instrument
from samen.web.alerts.models import Alert, AlertKind
from samen.web.youth.models import Stage


def _number(value: float | None) -> str:
    return "—" if value is None else formats.number_format(f"{value:g}")


def describe(alert: Alert) -> dict[str, str]:
    """``text`` (one sentence in the current language) and ``link`` for ``alert``."""
    young_person_id = alert.young_person_id
    if alert.kind == AlertKind.STAGE_CHANGE:
        stage = Stage(alert.stage).label if alert.stage in Stage.values else alert.stage
        return {"text": _("The stage changed to: %(stage)s.") % {"stage": stage},
                "link": reverse("careplans:profile", args=[young_person_id])}
    if alert.kind == AlertKind.EMERGENCY_ACCESS:
        return {"text": _emergency_text(alert), "link": f"/audit/{young_person_id}/"}
    if alert.kind == AlertKind.OVERDUE_ACTION:
        if alert.action is None:
            text = _("An action in the plan is overdue.")
        else:
            text = _("The action “%(title)s” was due on %(due)s.") % {
                "title": alert.action.title,
                "due": formats.date_format(alert.action.due, "j F Y") if alert.action.due else "—",
            }
        return {"text": text, "link": reverse("careplans:plan", args=[young_person_id])}
    try:
        name = get_instrument(alert.instrument_id).short_name
    except ValueError:
        name = alert.instrument_id
    if alert.reason == "cutoff":
        text = _("%(instrument)s: the score %(new)s is above the cut-off (previous: %(old)s).")
    else:
        text = _("%(instrument)s: the score went from %(old)s to %(new)s, worse by at least a "
                 "fifth of the scale.")
    text = text % {"instrument": name, "new": _number(alert.new_total),
                   "old": _number(alert.previous_total)}
    return {"text": text, "link": reverse("careplans:profile", args=[young_person_id])}


def _emergency_text(alert: Alert) -> str:
    emergency = alert.emergency
    if emergency is None:
        return _("A clinician outside the care team opened this record with emergency access.")
    return _("%(who)s (clinician, %(organisation)s) opened this record with emergency access on "
             "%(when)s, until %(until)s. Reason: “%(reason)s”") % {
        "who": emergency.clinician, "organisation": emergency.membership.organisation.name,
        "when": formats.date_format(timezone.localtime(emergency.started_at), "j F Y, H:i"),
        "until": formats.date_format(timezone.localtime(emergency.expires_at), "j F Y, H:i"),
        "reason": emergency.reason,
    }

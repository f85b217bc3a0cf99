"""Plain words for audit events, so that a young person can read who did what with their record.

Events of other apps that are not listed here are shown by their action (read, create, ...) and
object type, with the event code beside them.
"""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from samen.web.accounts.roles import Role
from samen.web.audit.models import AuditAction, AuditEvent, AuditOutcome

EVENT_LABELS: dict[str, Promise] = {
    "youth.list.view": _("Saw the record in a list"),
    "youth.home.view": _("Saw the record on the home page"),
    "youth.pending.view": _("Saw that consent is awaited (pseudonym only)"),
    "accounts.pending.view": _("Saw that consent is awaited (pseudonym only)"),
    "youth.record.create": _("Started the record and the care team"),
    "youth.record.view": _("Opened the overview"),
    "youth.guardian.add": _("Linked a parent"),
    "youth.consent.view": _("Looked at consent"),
    "youth.consent.change": _("Opened consent to change it"),
    "youth.consent.grant": _("Gave consent"),
    "youth.consent.withdraw": _("Withdrew consent"),
    "youth.team.view": _("Looked at the care team"),
    "youth.team.change": _("Opened the care team to change it"),
    "youth.team.add": _("Added a professional to the care team"),
    "audit.log.view": _("Looked at this access log"),
    "youth.emergency.open": _("Opened the record with emergency access"),
    "youth.emergency.end": _("Ended emergency access"),
    "audit.emergency.list": _("Reviewed an emergency access (auditor)"),
}

# Own words (with a context) for the action codes, so that they do not clash with other apps'
# "Read" (an alert that has been read, for example).
ACTION_LABELS: dict[str, Promise] = {
    AuditAction.CREATE: pgettext_lazy("audit action", "Created"),
    AuditAction.READ: pgettext_lazy("audit action", "Opened"),
    AuditAction.UPDATE: pgettext_lazy("audit action", "Changed"),
    AuditAction.DELETE: pgettext_lazy("audit action", "Deleted"),
    AuditAction.EXECUTE: pgettext_lazy("audit action", "Ran"),
}

BASIS_LABELS: dict[str, Promise] = {
    "self": _("own record"),
    "guardian": _("parent with parental authority"),
    "care_team_consent": _("care team, with consent"),
    "start_of_care": _("starting care"),
    "pending_consent": _("waiting for consent"),
    "break_the_glass": _("emergency access (break the glass)"),
    "auditor": _("auditor of the organisation"),
}


def event_label(event: AuditEvent) -> str:
    known = EVENT_LABELS.get(event.event)
    if known is not None:
        return str(known)
    action = str(ACTION_LABELS.get(event.action, event.action))
    return f"{action}: {event.object_type}" if event.object_type else action


def basis_label(basis: str) -> str:
    known = BASIS_LABELS.get(basis)
    return str(known) if known is not None else basis


def role_label(role: str) -> str:
    return str(Role(role).label) if role in Role.values else role


def who_label(event: AuditEvent) -> str:
    """The actor's display name (or username); the worker and other system channels by name."""
    if event.actor is not None:
        return str(event.actor)
    if event.actor_username.startswith("["):
        return str(_("Samen (automatic)"))
    return event.actor_username


def is_denied(event: AuditEvent) -> bool:
    return bool(event.outcome == AuditOutcome.DENIED)

"""Home-page panels: this week's check-in (young person, parent); students with warning signs
(school care coordinator)."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils import timezone

from samen.web.accounts.roles import Role
from samen.web.audit.log import Actor
from samen.web.core.panels import Panel
from samen.web.monitoring.absence import absence_windows
from samen.web.monitoring.actions import reporter_for
from samen.web.monitoring.checks import monday_of
from samen.web.monitoring.models import WeekEntry
from samen.web.monitoring.texts import stage_badge
from samen.web.youth.access import Access, accessible_for_request, audit_reads
from samen.web.youth.models import Stage


def home_panels(request: HttpRequest, roles: frozenset[Role]) -> list[Panel]:
    wanted = roles & {Role.YOUNG_PERSON, Role.PARENT, Role.SCHOOL_COORDINATOR}
    if not wanted:
        return []
    accesses = accessible_for_request(request)
    panels = []
    check_ins = [a for a in accesses if a.role in {Role.YOUNG_PERSON, Role.PARENT}]
    if check_ins:
        panels.append(Panel("monitoring/panel_check_in.html", _check_in(check_ins), order=20))
    students = [a for a in accesses if a.role == Role.SCHOOL_COORDINATOR]
    if Role.SCHOOL_COORDINATOR in roles:
        panels.append(Panel("monitoring/panel_warning_signs.html",
                            _warning_signs(request, students), order=20))
    return panels


def _check_in(accesses: list[Access]) -> dict[str, object]:
    """Per record: this week's Monday and whether this user's reporter kind has logged it."""
    week = monday_of(timezone.localdate())
    done = set(
        WeekEntry.objects.filter(
            young_person__in=[a.young_person for a in accesses], week_start=week,
        ).values_list("young_person_id", "reporter")
    )
    return {
        "week": week,
        "items": [
            {"young_person": a.young_person, "own": a.role == Role.YOUNG_PERSON,
             "done": (a.young_person.pk, reporter_for(a)) in done}
            for a in accesses
        ],
    }


def _warning_signs(request: HttpRequest, accesses: list[Access]) -> dict[str, object]:
    """Students with an absence warning or a withdrawal stage; each one listed is an audited read."""
    actor = Actor.from_request(request)
    items = []
    shown = []
    windows = absence_windows(a.young_person for a in accesses)
    for access in accesses:
        young_person = access.young_person
        window = windows.get(young_person.pk)
        if window is None and young_person.stage == Stage.NONE:
            continue
        shown.append(access)
        items.append({"young_person": young_person, "absence": window,
                      "stage_badge": stage_badge(young_person.stage)})
    audit_reads(actor, shown, event="monitoring.panel.warning_signs")
    return {"items": items, "students": len(accesses)}

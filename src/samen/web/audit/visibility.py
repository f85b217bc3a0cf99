"""Who may read a record's access log ("who looked at my file").

The care team (with consent), the young person from 16, and parents with authority while the
young person is under 16 — the people who decide about consent at that age, plus the team.
"""

from __future__ import annotations

from datetime import datetime

from django.utils import timezone

from samen.web.accounts.roles import Role
from samen.web.youth.access import Access
from samen.web.youth.ages import OWN_CONSENT_AGE


def may_see_access_log(access: Access, when: datetime | None = None) -> bool:
    if access.is_emergency:
        return False  # break the glass is for the care of the moment, not for the log
    if access.is_professional:
        return True
    age = access.young_person.age_on(timezone.localdate(when or timezone.now()))
    if access.role == Role.YOUNG_PERSON:
        return age >= OWN_CONSENT_AGE
    if access.role == Role.PARENT:
        return age < OWN_CONSENT_AGE
    return False

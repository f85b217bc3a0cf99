"""Who may exercise the privacy rights on a record, by role, basis and the Dutch ages.

* **Export** (a full copy of the file, AVG art. 15/20, Jeugdwet 7.3.10): the young person from
  16; a parent with authority while the young person is under 12 (the parents alone exercise
  the child's rights, Jeugdwet 7.3.15 lid 1); and a clinician on the care team, on behalf of
  anyone entitled. From 12 to 15 the young person and the parents both hold the right
  (7.3.15 lid 2), but a copy holds item answers and notes that the one may not want the other to
  read; the provider must weigh that first ("goed hulpverlener"), so at that age the copy is made
  by the clinician. A school coordinator or youth worker never downloads it: it holds clinical
  content their roles do not see (item answers).
* **Erasure or destruction request**: whoever consents at the young person's age
  (``ages.consenting_parties``: under 12 the parents, 12 to 15 both, 16 and over the young person),
  and a clinician or school coordinator on the care team on their behalf. A request discloses
  nothing, so the wider circle is safe.
* **Deciding a destruction request** (Jeugdwet 7.3.9): a clinician on the care team.

Break-the-glass access never counts: it is for urgent care, not for copying or erasing a file.
"""

from __future__ import annotations

from datetime import datetime

from samen.web.accounts.roles import Role
from samen.web.youth.access import Access, Basis
from samen.web.youth.ages import OWN_CONSENT_AGE, SHARED_CONSENT_AGE, Party, consenting_parties
from samen.web.youth.consent import age_now

ON_BEHALF_OF_REQUEST = frozenset({Role.CLINICIAN, Role.SCHOOL_COORDINATOR})


def _on_team(access: Access, roles: frozenset[Role]) -> bool:
    return access.basis == Basis.CARE_TEAM and access.role in roles


def may_export(access: Access, when: datetime | None = None) -> bool:
    if _on_team(access, frozenset({Role.CLINICIAN})):
        return True
    age = age_now(access.young_person, when)
    if access.role == Role.YOUNG_PERSON and access.basis == Basis.SELF:
        return age >= OWN_CONSENT_AGE
    if access.role == Role.PARENT and access.basis == Basis.GUARDIAN:
        return age < SHARED_CONSENT_AGE
    return False


def may_request_erasure(access: Access, when: datetime | None = None) -> bool:
    if _on_team(access, ON_BEHALF_OF_REQUEST):
        return True
    parties = consenting_parties(age_now(access.young_person, when))
    if access.role == Role.YOUNG_PERSON and access.basis == Basis.SELF:
        return Party.YOUNG_PERSON in parties
    if access.role == Role.PARENT and access.basis == Basis.GUARDIAN:
        return Party.GUARDIANS in parties
    return False


def may_decide_destruction(access: Access) -> bool:
    return _on_team(access, frozenset({Role.CLINICIAN}))


def may_use_privacy_page(access: Access) -> bool:
    return may_export(access) or may_request_erasure(access) or may_decide_destruction(access)

"""The demo region: clearly synthetic organisations and people, one login per role.

``seed_demo(password)`` is idempotent: on a data directory that already holds the demo it only
sets the demo logins' password again. Every person in it is invented (decision 0005); the
records are written through the same actions as real use, so the audit log and alerts work.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from samen.web.accounts.models import Membership, Organisation, User
from samen.web.accounts.roles import OrganisationKind, Role
from samen.web.youth.models import (
    CareTeamMember,
    ConsentGrant,
    ConsentScope,
    Guardianship,
    Involvement,
    YoungPerson,
)

MUNICIPALITY = "Demostad"
DISTRICTS = ("Centrum", "Noord", "Oost", "Zuid", "West")
SEED = 2026
BACKGROUND_RECORDS = 90
"""Enough synthetic records that the policy dashboard shows cells above the suppression limit."""


def demo_username(role: Role) -> str:
    return "demo-" + str(role).replace("_", "-")


def seed_demo(password: str) -> list[tuple[str, str]]:
    """Create the demo region once; (re)set every demo login's password; return (login, role)."""
    with transaction.atomic():
        if not Organisation.objects.filter(name=f"Gemeente {MUNICIPALITY}").exists():
            _seed(random.Random(SEED))  # noqa: S311 -- synthetic demo data, not secrets
        logins = []
        for role in Role:
            user = User.objects.get(username=demo_username(role))
            user.set_password(password)
            user.save(update_fields=["password"])
            logins.append((user.username, str(role.label)))
    return logins


def _seed(rng: random.Random) -> None:
    orgs = {
        "school": _org("Demo College", OrganisationKind.SCHOOL),
        "care": _org("Jeugd-GGZ Demostad", OrganisationKind.YOUTH_CARE),
        "community": _org("Buurtteam Demostad", OrganisationKind.COMMUNITY),
        "municipality": _org(f"Gemeente {MUNICIPALITY}", OrganisationKind.MUNICIPALITY),
    }
    users = {
        Role.SCHOOL_COORDINATOR: _member(Role.SCHOOL_COORDINATOR, "Coördinator Demo", orgs["school"]),
        Role.YOUTH_WORKER: _member(Role.YOUTH_WORKER, "Jongerenwerker Demo", orgs["community"]),
        Role.CLINICIAN: _member(Role.CLINICIAN, "Behandelaar Demo", orgs["care"]),
        Role.POLICY_OFFICER: _member(Role.POLICY_OFFICER, "Beleid Demo", orgs["municipality"]),
        Role.ORG_ADMIN: _member(Role.ORG_ADMIN, "Beheer Demo", orgs["school"]),
    }
    team = [users[Role.SCHOOL_COORDINATOR], users[Role.YOUTH_WORKER], users[Role.CLINICIAN]]
    young_user = _user(Role.YOUNG_PERSON, "Sam (demo, 17)")
    parent_user = _user(Role.PARENT, "Ouder Demo")
    # Sam, 17, has an account of their own and consented to school, care and community.
    sam = _record("J-DEMO17", _birth_month(17, 3), "X", "Oost", account=young_user)
    _team(sam, team)
    for org in (orgs["school"], orgs["care"], orgs["community"]):
        _consent(sam, young_user, org, by_young_person=True)
    # Daan, 15, whose parent is the demo parent: both consented to school and care.
    daan_user = User.objects.create_user("demo-daan", display_name="Daan (demo, 15)")
    daan_user.set_unusable_password()
    daan_user.save()
    daan = _record("J-DEMO15", _birth_month(15, 5), "M", "Noord", account=daan_user)
    Guardianship.objects.create(young_person=daan, user=parent_user, has_authority=True)
    _team(daan, [users[Role.SCHOOL_COORDINATOR], users[Role.CLINICIAN]])
    for org in (orgs["school"], orgs["care"]):
        _consent(daan, parent_user, org, by_young_person=False)
        _consent(daan, daan_user, org, by_young_person=True)
    # Background records for the dashboard: synthetic, consented through a synthetic parent.
    for index in range(BACKGROUND_RECORDS):
        age = rng.randint(11, 22)
        person = _record(f"J-DM{index:04d}", _birth_month(age, rng.randint(0, 11)),
                         rng.choice("FFMMX"), rng.choice(DISTRICTS))
        _team(person, [users[Role.SCHOOL_COORDINATOR]])
        _consent_all(person, orgs["school"], age)


def _org(name: str, kind: OrganisationKind) -> Organisation:
    return Organisation.objects.create(name=name, kind=kind, municipality=MUNICIPALITY)


def _user(role: Role, display_name: str) -> User:
    return User.objects.create_user(demo_username(role), display_name=display_name)


def _member(role: Role, display_name: str, organisation: Organisation) -> User:
    user = _user(role, display_name)
    Membership.objects.create(user=user, organisation=organisation, role=role)
    return user


def _birth_month(age: int, months_back: int) -> date:
    today = timezone.localdate()
    index = today.year * 12 + today.month - 1 - age * 12 - months_back
    return date(index // 12, index % 12 + 1, 1)


def _record(pseudonym: str, birth_month: date, sex: str, district: str,
            account: User | None = None) -> YoungPerson:
    return YoungPerson.objects.create(pseudonym=pseudonym, birth_month=birth_month, sex=sex,
                                      district=district, account=account)


def _team(person: YoungPerson, members: list[User]) -> None:
    for user in members:
        membership = user.memberships.get()
        Involvement.objects.get_or_create(
            young_person=person, organisation=membership.organisation,
            defaults={"since": timezone.localdate() - timedelta(days=200)},
        )
        CareTeamMember.objects.create(young_person=person, membership=membership)


def _consent(person: YoungPerson, grantor: User, organisation: Organisation | None, *,
             by_young_person: bool, scope: ConsentScope = ConsentScope.ORGANISATION) -> None:
    ConsentGrant.objects.create(
        young_person=person, scope=scope, organisation=organisation, grantor=grantor,
        grantor_is_young_person=by_young_person, granted_at=timezone.now(),
    )


def _consent_all(person: YoungPerson, organisation: Organisation, age: int) -> None:
    parent = User.objects.create_user(f"demo-parent-of-{person.pseudonym.lower()}")
    parent.set_unusable_password()
    parent.save()
    Guardianship.objects.create(young_person=person, user=parent, has_authority=True)
    _consent(person, parent, organisation, by_young_person=False)
    if age >= 12:  # the young person's own consent, given on paper and recorded for them
        own = User.objects.create_user(f"demo-{person.pseudonym.lower()}")
        own.set_unusable_password()
        own.save()
        person.account = own
        person.save(update_fields=["account"])
        _consent(person, own, organisation, by_young_person=True)

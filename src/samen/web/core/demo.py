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
from samen.web.audit.log import Actor
from samen.web.careplans.actions import do_add_action, do_add_goal
from samen.web.dashboard.tasks import run_comparison
from samen.web.monitoring.actions import do_log_week
from samen.web.monitoring.episode import reassess
from samen.web.monitoring.models import WeekEntry
from samen.web.screening.actions import do_assign_questionnaire, do_submit_response
from samen.web.youth.access import Access, get_access
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
SEED_ACTOR = Actor.system("seed")
DEMO_COMPARISON_AGENTS = 20_000
DEMO_COMPARISON_YEARS = 5.0
DEMO_COMPARISON_RUNS = 5
"""Small enough to finish in about a minute on a laptop; real comparisons use more."""
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
    _story_of_sam(sam, young_user, users)
    _story_of_daan(daan, parent_user, users)
    # Background records for the dashboard: synthetic, consented through a synthetic parent.
    coordinator = users[Role.SCHOOL_COORDINATOR]
    for index in range(BACKGROUND_RECORDS):
        age = rng.randint(11, 22)
        person = _record(f"J-DM{index:04d}", _birth_month(age, rng.randint(0, 11)),
                         rng.choice("FFMMX"), rng.choice(DISTRICTS))
        _team(person, [coordinator])
        _consent_all(person, orgs["school"], age)
        draw = rng.random()
        withdrawn = 0 if draw < 0.65 else rng.randint(14, 25) if draw < 0.85 else rng.randint(27, 40)
        _weeks_in_bulk(person, coordinator, normal=max(0, 8 - withdrawn), withdrawn=withdrawn)
    # The policy officer's scenario comparison ("from I to we" against baseline) is computed by
    # the background worker after the server starts, so the demo comes up at once.
    transaction.on_commit(lambda: run_comparison.enqueue(
        "baseline", "wij", DEMO_COMPARISON_AGENTS, DEMO_COMPARISON_YEARS, DEMO_COMPARISON_RUNS))


# -- the stories: written through the same actions as real use ---------------------------------

_PHQA = {f"q{i + 1}": v for i, v in enumerate([1, 2, 1, 2, 0, 2, 1, 0, 0])}
_HQ25 = {f"q{i + 1}": v for i, v in enumerate(
    [3, 4, 2, 1, 4, 3, 1, 3, 3, 1, 2, 4, 3, 2, 1, 2, 2, 3, 3, 3, 2, 3, 1, 3, 1])}
_GAD7 = {f"q{i + 1}": v for i, v in enumerate([2, 2, 1, 2, 1, 2, 1])}


def _monday(weeks_ago: int) -> date:
    today = timezone.localdate()
    return today - timedelta(days=today.weekday() + 7 * weeks_ago)


def _access(user: User, person: YoungPerson) -> Access:
    access = get_access(user, person)
    if access is None:  # the seed gives consent before it writes; this would be a bug in it
        raise RuntimeError(f"demo seed: {user} has no access to {person}")
    return access


def _log_weeks(person: YoungPerson, user: User, weeks: list[tuple[int, bool]]) -> None:
    """(weeks ago, withdrawn?) -> one weekly report each by ``user``."""
    access = _access(user, person)
    for weeks_ago, withdrawn in weeks:
        do_log_week(
            actor=SEED_ACTOR, access=access, week_start=_monday(weeks_ago),
            days_out=1 if withdrawn else 6, room_bound=withdrawn,
            participation_days=0 if withdrawn else 5, impairment=withdrawn, channel="seed",
        )


def _story_of_sam(sam: YoungPerson, sam_user: User, users: dict[Role, User]) -> None:
    """Sam, 17: out once a week for 15 weeks now (pre-hikikomori), screened, with a plan."""
    _log_weeks(sam, sam_user, [(ago, ago <= 15) for ago in range(19, 0, -1)])
    clinician = _access(users[Role.CLINICIAN], sam)
    for instrument, answers, days_ago in (("phqa", _PHQA, 40), ("hq25", _HQ25, 20)):
        assignment = do_assign_questionnaire(
            actor=SEED_ACTOR, access=clinician, instrument_id=instrument,
            respondent="young_person", respondent_user=sam_user,
        )
        do_submit_response(
            actor=SEED_ACTOR, access=_access(sam_user, sam), instrument_id=instrument,
            answers=answers, respondent="young_person", author=sam_user, channel="seed",
            idempotency_key=None, respondent_user=sam_user, assignment=assignment,
            authored_at=timezone.now() - timedelta(days=days_ago),
        )
    due = timezone.localdate() + timedelta(days=21)
    do_add_goal(actor=SEED_ACTOR, access=_access(sam_user, sam),
                title="Twee keer per week een wandeling maken / A walk twice a week", due=due)
    for title, level, role, intervention in (
        ("Geleidelijk terug naar school / Gradual return to school", "school",
         Role.SCHOOL_COORDINATOR, "return_to_school_plan"),
        ("Wekelijkse sportgroep in de buurt / Weekly neighbourhood sport group", "community",
         Role.YOUTH_WORKER, "community_volunteering"),
    ):
        do_add_action(actor=SEED_ACTOR, access=clinician, title=title, level=level,
                      owner_role=role, owner_person=users[role], due=due,
                      intervention_id=intervention)
    do_add_action(actor=SEED_ACTOR, access=clinician, level="care", owner_role=Role.CLINICIAN,
                  title="CGT voor sociale angst / CBT for social anxiety",
                  owner_person=users[Role.CLINICIAN], due=timezone.localdate() - timedelta(days=3))


def _story_of_daan(daan: YoungPerson, parent: User, users: dict[Role, User]) -> None:
    """Daan, 15: his parent has logged 11 weeks of going out once a week; a questionnaire waits."""
    _log_weeks(daan, parent, [(ago, ago <= 11) for ago in range(14, 0, -1)])
    daan_user = daan.account
    assert daan_user is not None
    # Daan filled in the GAD-7 on paper at his intake; the clinician entered it.
    do_submit_response(
        actor=SEED_ACTOR, access=_access(users[Role.CLINICIAN], daan), instrument_id="gad7",
        answers=_GAD7, respondent="young_person", author=users[Role.CLINICIAN], channel="paper",
        idempotency_key=None, respondent_user=daan_user,
        authored_at=timezone.now() - timedelta(days=30),
    )
    do_assign_questionnaire(
        actor=SEED_ACTOR, access=_access(users[Role.CLINICIAN], daan), instrument_id="hq25",
        respondent="parent", respondent_user=parent,
        due=timezone.localdate() + timedelta(days=7),
    )


def _weeks_in_bulk(person: YoungPerson, reporter: User, *, normal: int, withdrawn: int) -> None:
    """Many synthetic weeks at once (the school's reports), then one assessment."""
    entries = []
    total = normal + withdrawn
    for index in range(total):
        isolated = index >= normal
        entries.append(WeekEntry(
            young_person=person, week_start=_monday(total - index), reporter="school",
            days_out=1 if isolated else 6, room_bound=isolated,
            participation_days=0 if isolated else 5, impairment=isolated, author=reporter,
            channel="seed",
        ))
    WeekEntry.objects.bulk_create(entries)
    reassess(person, actor=SEED_ACTOR)


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

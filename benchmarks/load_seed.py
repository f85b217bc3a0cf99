"""Seed the load test's database: the demo region, a synthetic caseload and the load logins.

Runs inside the load test's own process after ``samen.web.server.prepare`` pointed Django at the
fresh PostgreSQL database. Every person is synthetic (decision 0005); records are written through
the demo's helpers and the apps' actions, so the audit log, scores and episodes look as in use.
"""

from __future__ import annotations

import base64
import random
import secrets
from dataclasses import asdict, dataclass, field
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from samen.web.accounts.models import Membership, Organisation, User
from samen.web.accounts.roles import Role
from samen.web.api.actions import do_create_token
from samen.web.audit.log import Actor
from samen.web.careplans.actions import do_add_action, do_add_goal
from samen.web.core import demo
from samen.web.screening.actions import do_assign_questionnaire, do_submit_response
from samen.web.youth.models import Guardianship, YoungPerson

SEED = 5008
WEEKS = 26
"""Half a year of weekly reports per record: enough for an episode of six months to show."""


@dataclass
class Login:
    username: str
    role: str
    records: list[int] = field(default_factory=list)  # the records it opens in the load test
    totp_secret: str = ""  # set when allauth's MFA is installed (see ``_give_totp``)
    assignment_id: int | None = None  # a parent's open questionnaire


@dataclass
class Seeded:
    password: str
    logins: list[Login] = field(default_factory=list)
    tokens: list[dict[str, object]] = field(default_factory=list)
    people: int = 0
    mfa_signins: int = 0  # set by the load test: sign-ins that MFA asked a TOTP code for

    def as_json(self) -> dict[str, object]:
        return asdict(self)


@dataclass
class Pools:
    """How many logins of each kind to make (the load users share them round-robin)."""

    parents: int = 10
    coordinators: int = 4
    clinicians: int = 4
    policy_officers: int = 2
    api_clients: int = 6


def seed(people: int, pools: Pools) -> Seeded:
    """The demo region, ``people`` more synthetic records, and the load logins with tokens."""
    password = secrets.token_urlsafe(16)
    demo.seed_demo(password)
    _drop_demo_comparison()
    rng = random.Random(SEED)  # noqa: S311 -- synthetic data, not secrets
    hashed = make_password(password)  # one hash for every login: hashing is the slow part
    with transaction.atomic():
        orgs = {org.kind: org for org in Organisation.objects.all()}
        coordinators = [_login(f"load-coordinator-{i}", Role.SCHOOL_COORDINATOR,
                               orgs["school"], hashed) for i in range(pools.coordinators)]
        clinicians = [_login(f"load-clinician-{i}", Role.CLINICIAN, orgs["youth_care"], hashed)
                      for i in range(pools.clinicians)]
        policy = [_login(f"load-policy-{i}", Role.POLICY_OFFICER, orgs["municipality"], hashed)
                  for i in range(pools.policy_officers)]
        result = Seeded(password=password, people=people)
        parents: list[Login] = []
        for index in range(people):
            coordinator = coordinators[index % len(coordinators)]
            clinician = clinicians[index % len(clinicians)]
            # The first records are children whose parent logs in (under 16: parents see them).
            age = rng.randint(11, 15) if index < pools.parents else rng.randint(11, 22)
            person, parent = _person(index, age, rng, coordinator, clinician, orgs)
            _history(person, parent, coordinator, clinician, rng)
            if index < pools.parents:
                parents.append(_parent_login(person, parent, clinician, hashed))
        for user in coordinators + clinicians:
            result.logins.append(Login(user.username, str(_role(user)), _caseload(user)))
        for user in policy:
            result.logins.append(Login(user.username, str(Role.POLICY_OFFICER)))
        result.logins.extend(parents)
        api_users = (clinicians + coordinators) * pools.api_clients
        for user in api_users[:pools.api_clients]:
            _, token = do_create_token(actor=Actor(user=user, channel="seed"), name="load test")
            result.tokens.append({"token": token, "username": user.username,
                                  "records": _caseload(user)})
    _give_totp(result)
    return result


def _drop_demo_comparison() -> None:
    """The demo queues a minute-long scenario comparison for the worker: left in, it would run
    during the measurement and take a core away from the server being measured."""
    from django_tasks_db.models import DBTaskResult

    DBTaskResult.objects.filter(task_path__endswith="run_comparison").delete()


def _login(username: str, role: Role, organisation: Organisation, hashed: str) -> User:
    user = User.objects.create(username=username, display_name=username, password=hashed)
    Membership.objects.create(user=user, organisation=organisation, role=role)
    return user


def _role(user: User) -> Role:
    return Role(user.memberships.get().role)


def _caseload(user: User) -> list[int]:
    return list(YoungPerson.objects.filter(care_team__membership__user=user)
                .order_by("pk").values_list("pk", flat=True))


def _person(index: int, age: int, rng: random.Random, coordinator: User, clinician: User,
            orgs: dict[str, Organisation]) -> tuple[YoungPerson, User]:
    person = demo._record(f"J-LD{index:04d}", demo._birth_month(age, rng.randint(0, 11)),
                          rng.choice("FFMMX"), rng.choice(demo.DISTRICTS))
    demo._team(person, [coordinator, clinician])
    parent = User.objects.create(username=f"load-parent-{index}", display_name="Ouder (load)")
    parent.set_unusable_password()
    parent.save(update_fields=["password"])
    Guardianship.objects.create(young_person=person, user=parent, has_authority=True)
    own = None
    if age >= 12:  # the young person's own consent, given on paper and recorded for them
        own = User.objects.create(username=f"load-youth-{index}")
        person.account = own
        person.save(update_fields=["account"])
    for org in (orgs["school"], orgs["youth_care"]):
        demo._consent(person, parent, org, by_young_person=False)
        if own is not None:
            demo._consent(person, own, org, by_young_person=True)
    return person, parent


def _history(person: YoungPerson, parent: User, coordinator: User, clinician: User,
             rng: random.Random) -> None:
    """Weeks, two scored responses and a plan, as a record half a year into follow-up has."""
    withdrawn = rng.choice([0, 0, 0, rng.randint(4, 14), rng.randint(15, WEEKS)])
    demo._weeks_in_bulk(person, coordinator, normal=WEEKS - withdrawn, withdrawn=withdrawn)
    access = demo._access(clinician, person)
    for instrument, size, days_ago in (("phqa", 9, 60), ("gad7", 7, 20)):
        answers = {f"q{i + 1}": rng.randint(0, 3) for i in range(size)}
        do_submit_response(
            actor=demo.SEED_ACTOR, access=access, instrument_id=instrument, answers=answers,
            respondent="young_person" if person.account_id else "parent", author=clinician,
            channel="paper", idempotency_key=None,
            respondent_user=person.account or parent,
            authored_at=timezone.now() - timedelta(days=days_ago),
        )
    due = timezone.localdate() + timedelta(days=rng.randint(7, 60))
    do_add_goal(actor=demo.SEED_ACTOR, access=access, title="Weer naar buiten / Going out again",
                due=due)
    for title, level, role, owner in (
        ("Geleidelijk terug naar school / Gradual return to school", "school",
         Role.SCHOOL_COORDINATOR, coordinator),
        ("Gesprekken over angst / Talks about anxiety", "care", Role.CLINICIAN, clinician),
    ):
        do_add_action(actor=demo.SEED_ACTOR, access=access, title=title, level=level,
                      owner_role=role, owner_person=owner, due=due)


def _parent_login(person: YoungPerson, parent: User, clinician: User, hashed: str) -> Login:
    parent.password = hashed
    parent.save(update_fields=["password"])
    assignment = do_assign_questionnaire(
        actor=demo.SEED_ACTOR, access=demo._access(clinician, person), instrument_id="hq25",
        respondent="parent", respondent_user=parent,
        due=timezone.localdate() + timedelta(days=14),
    )
    return Login(parent.username, str(Role.PARENT), [person.pk], assignment_id=assignment.pk)


def _give_totp(seeded: Seeded) -> None:
    """With allauth's MFA installed, give every professional load login a TOTP authenticator,
    so the load test signs in the way a professional must (password, then a computed code)."""
    if "allauth.mfa" not in settings.INSTALLED_APPS:
        return
    from allauth.mfa.totp.internal.auth import TOTP

    for login in seeded.logins:
        if login.role == str(Role.PARENT):
            continue
        secret = base64.b32encode(secrets.token_bytes(20)).decode("ascii")
        TOTP.activate(User.objects.get(username=login.username), secret)
        login.totp_secret = secret

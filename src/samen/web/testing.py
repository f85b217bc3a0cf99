"""The one base class for web tests: two regions, each with a named user per role.

Our side ("own"): school *Het Baken*, youth-care provider *GGZ Noord*, community organisation
*Buurtwerk Oost*, municipality *Gemeente Noordstad*. The other side ("other"): *Lyceum Zuid* and
*Jeugdzorg Zuid*. Every person is synthetic.

=================  ==================================  =============================
attribute          user (role)                         reaches
=================  ==================================  =============================
``jet``            young person, 17, own account       her own record ``self.record``
``ruben``          young person, 13                    ``self.child``
``paul``           parent with authority of Jet, Ruben both (Jet: only with her consent)
``carla``          school care coordinator, Het Baken  Jet and Ruben (care team)
``wout``           youth worker, Buurtwerk Oost        Jet (care team)
``clara``          clinician, GGZ Noord                Jet and Ruben (care team)
``petra``          policy officer, Gemeente Noordstad  nobody
``ad``             organisation admin, Het Baken       nobody
``otto``           school care coordinator, Lyceum Zuid ``self.other_record`` only
``olga``           clinician, Jeugdzorg Zuid           ``self.other_record`` only
``nina``           nobody's anything                   nobody
=================  ==================================  =============================
"""

from __future__ import annotations

import base64
import time
from datetime import date
from typing import Any
from unittest import mock

from allauth.account.internal.flows.login import record_authentication
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, hotp_value
from django.contrib.auth import SESSION_KEY
from django.http import HttpRequest
from django.test import Client, TestCase
from django.utils import timezone

from samen.web.accounts.models import Membership, Organisation, User
from samen.web.accounts.roles import PROFESSIONAL_ROLES, OrganisationKind, Role
from samen.web.youth.models import (
    CareTeamMember,
    ConsentGrant,
    ConsentScope,
    Guardianship,
    Involvement,
    YoungPerson,
)

PASSWORD = "a-long-test-password"  # noqa: S105 -- synthetic test users only
# Every professional in the cast has a TOTP authenticator with this synthetic secret (base32).
TOTP_SECRET = base64.b32encode(b"samen-synthetic-totp").decode()
TOTP_PERIOD = 30


def totp_code(at: float | None = None, secret: str = TOTP_SECRET) -> str:
    """The TOTP code an authenticator app would show at ``at`` (default: now)."""
    counter = int(time.time() if at is None else at) // TOTP_PERIOD
    return str(format_hotp_value(hotp_value(secret, counter)))


class SamenClient(Client):
    """The test client whose ``login``/``force_login`` sessions count as signed in with both
    factors, as allauth records them after a real TOTP step. Tests of the MFA step itself sign
    in through the real forms instead."""

    def login(self, **credentials: Any) -> bool:
        # django-axes checks every password attempt against the caller's address, so it needs
        # the request Django's test client leaves out.
        request = HttpRequest()
        request.META["REMOTE_ADDR"] = "127.0.0.1"
        credentials.setdefault("request", request)
        if not super().login(**credentials):
            return False
        self._add_mfa_record(User.objects.get(pk=self.session[SESSION_KEY]))
        return True

    def force_login(self, user: Any, backend: str | None = None) -> None:
        super().force_login(user, backend)
        self._add_mfa_record(user)

    def _add_mfa_record(self, user: User) -> None:
        session = self.session
        request = HttpRequest()
        request.session, request.user = session, user
        record_authentication(request, user, "password", username=user.username)
        totp = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).first()
        if totp is None and user.memberships.filter(role__in=PROFESSIONAL_ROLES).exists():
            # A professional a test made on the spot gets the cast's synthetic authenticator.
            totp = TOTP.activate(user, TOTP_SECRET).instance
        if totp is not None:
            record_authentication(request, user, "mfa", id=totp.pk, type=totp.type)
        session.save()


def years_ago(years: int, month_shift: int = 0) -> date:
    """A birth month ``years`` before today (shifted back by ``month_shift`` months)."""
    today = timezone.localdate()
    month_index = today.year * 12 + today.month - 1 - years * 12 - month_shift
    return date(month_index // 12, month_index % 12 + 1, 1)


class CastMixin:
    """Builds the cast; used by :class:`SamenTestCase` (once per class) and the browser tests."""

    jet: User
    ruben: User
    paul: User
    carla: User
    wout: User
    clara: User
    petra: User
    ad: User
    otto: User
    olga: User
    nina: User
    record: YoungPerson
    child: YoungPerson
    other_record: YoungPerson
    school: Organisation
    care: Organisation
    community: Organisation
    municipality: Organisation
    other_school: Organisation
    other_care: Organisation

    @classmethod
    def create_cast(cls) -> None:
        org = Organisation.objects.create
        cls.school = org(name="Het Baken", kind=OrganisationKind.SCHOOL, municipality="Noordstad")
        cls.care = org(name="GGZ Noord", kind=OrganisationKind.YOUTH_CARE, municipality="Noordstad")
        cls.community = org(name="Buurtwerk Oost", kind=OrganisationKind.COMMUNITY,
                            municipality="Noordstad")
        cls.municipality = org(name="Gemeente Noordstad", kind=OrganisationKind.MUNICIPALITY,
                               municipality="Noordstad")
        cls.other_school = org(name="Lyceum Zuid", kind=OrganisationKind.SCHOOL,
                               municipality="Zuidstad")
        cls.other_care = org(name="Jeugdzorg Zuid", kind=OrganisationKind.YOUTH_CARE,
                             municipality="Zuidstad")

        cls.jet = cls.make_user("jet", "young_person", cls.school, Role.YOUNG_PERSON)
        cls.ruben = cls.make_user("ruben", "young_person", cls.school, Role.YOUNG_PERSON)
        cls.paul = cls.make_user("paul", "parent", cls.school, Role.PARENT)
        cls.carla = cls.make_user("carla", "school_coordinator", cls.school,
                                  Role.SCHOOL_COORDINATOR)
        cls.wout = cls.make_user("wout", "youth_worker", cls.community, Role.YOUTH_WORKER)
        cls.clara = cls.make_user("clara", "clinician", cls.care, Role.CLINICIAN)
        cls.petra = cls.make_user("petra", "policy", cls.municipality, Role.POLICY_OFFICER)
        cls.ad = cls.make_user("ad", "admin", cls.school, Role.ORG_ADMIN)
        cls.otto = cls.make_user("otto", "other_coordinator", cls.other_school,
                                 Role.SCHOOL_COORDINATOR)
        cls.olga = cls.make_user("olga", "other_clinician", cls.other_care, Role.CLINICIAN)
        cls.nina = User.objects.create_user("nina", password=PASSWORD)

        cls.record = cls.make_record("J-JET017", years_ago(17, 2), "F", "Oost", account=cls.jet,
                                     team=[cls.carla, cls.wout, cls.clara])
        cls.child = cls.make_record("J-RUB013", years_ago(13, 1), "M", "Oost", account=cls.ruben,
                                    team=[cls.carla, cls.clara])
        cls.other_record = cls.make_record("J-OTH015", years_ago(15, 3), "M", "Zuid",
                                           team=[cls.otto, cls.olga], other=True)
        for young_person in (cls.record, cls.child):
            Guardianship.objects.create(young_person=young_person, user=cls.paul,
                                        has_authority=True)
        # Jet (17) consents to her parents seeing her record; Ruben (13) and Paul both consent.
        cls.consent(cls.record, cls.jet, ConsentScope.GUARDIANS, None, True)
        for organisation in (cls.school, cls.care, cls.community):
            cls.consent(cls.record, cls.jet, ConsentScope.ORGANISATION, organisation, True)
        for organisation in (cls.school, cls.care):
            cls.consent(cls.child, cls.ruben, ConsentScope.ORGANISATION, organisation, True)
            cls.consent(cls.child, cls.paul, ConsentScope.ORGANISATION, organisation, False)

    @classmethod
    def make_user(cls, username: str, display: str, organisation: Organisation,
                  role: Role) -> User:
        user = User.objects.create_user(username, password=PASSWORD, display_name=display)
        if role not in {Role.YOUNG_PERSON, Role.PARENT}:
            Membership.objects.create(user=user, organisation=organisation, role=role)
            # Professionals must use a second factor; allauth's own API sets it up.
            TOTP.activate(user, TOTP_SECRET)
            RecoveryCodes.activate(user)
        return user

    @classmethod
    def make_record(cls, pseudonym: str, birth_month: date, sex: str, district: str, *,
                    account: User | None = None, team: list[User], other: bool = False,
                    ) -> YoungPerson:
        young_person = YoungPerson.objects.create(
            pseudonym=pseudonym, birth_month=birth_month, sex=sex, district=district,
            account=account,
        )
        for user in team:
            membership = user.memberships.get()
            Involvement.objects.get_or_create(
                young_person=young_person, organisation=membership.organisation,
                defaults={"since": timezone.localdate()},
            )
            CareTeamMember.objects.create(young_person=young_person, membership=membership)
        if other:  # the other region's record: a 15-year-old, consented by himself and a parent
            parent = User.objects.create_user(f"parent-{pseudonym}", password=PASSWORD)
            Guardianship.objects.create(young_person=young_person, user=parent)
            for user in team:
                organisation = user.memberships.get().organisation
                ConsentGrant.objects.create(
                    young_person=young_person, scope=ConsentScope.ORGANISATION,
                    organisation=organisation, grantor=parent, grantor_is_young_person=False,
                    granted_at=timezone.now(),
                )
                # He has no account of his own; his consent is recorded through his parent's
                # account here only to make the fixture complete.
                ConsentGrant.objects.create(
                    young_person=young_person, scope=ConsentScope.ORGANISATION,
                    organisation=organisation, grantor=parent, grantor_is_young_person=True,
                    granted_at=timezone.now(),
                )
        return young_person

    @classmethod
    def consent(cls, young_person: YoungPerson, grantor: User, scope: ConsentScope,
                organisation: Organisation | None, is_young_person: bool) -> ConsentGrant:
        return ConsentGrant.objects.create(
            young_person=young_person, scope=scope, organisation=organisation, grantor=grantor,
            grantor_is_young_person=is_young_person, granted_at=timezone.now(),
        )

    @property
    def everyone(self) -> list[User]:
        return [self.jet, self.ruben, self.paul, self.carla, self.wout, self.clara, self.petra,
                self.ad, self.otto, self.olga, self.nina]

    @staticmethod
    def run_worker() -> int:
        """Run the real database-backed worker until the queue is empty; return tasks it ran."""
        from django.core.management import call_command
        from django_tasks_db.models import DBTaskResult

        before = DBTaskResult.objects.filter(status="SUCCESSFUL").count()
        # The worker closes "old" connections between tasks; inside a TestCase that would close
        # the test's own transaction (PostgreSQL loses the test data), so it is held open here.
        with mock.patch("django_tasks_db.management.commands.db_worker.close_old_connections"):
            call_command("db_worker", batch=True, startup_delay=False, reload=False, verbosity=0)
        return DBTaskResult.objects.filter(status="SUCCESSFUL").count() - before


class SamenTestCase(CastMixin, TestCase):
    """Request-level tests: the cast is built once per class and rolled back after each test."""

    client_class = SamenClient

    @classmethod
    def setUpTestData(cls) -> None:
        cls.create_cast()

    def login(self, user: User) -> None:
        self.client.force_login(user)

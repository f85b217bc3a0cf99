"""Organisation admins' writes: add a member, change a role, deactivate. Each is one transaction
with its audit event (no person's record is touched, so the events name no subject)."""

from __future__ import annotations

import secrets

from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.models import Session
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from samen.web.accounts.models import Membership, User
from samen.web.accounts.roles import Role
from samen.web.audit.log import Actor, record
from samen.web.audit.models import AuditAction

BASIS = "org_admin"
# The characters of an initial password: no 0/O, 1/l/I. Not a secret itself.
_PASSWORD_ALPHABET = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # noqa: S105
PASSWORD_GROUPS = 4
PASSWORD_GROUP_LENGTH = 4


def initial_password() -> str:
    """Sixteen random characters in four groups (about 91 bits), read aloud or typed safely."""
    groups = (
        "".join(secrets.choice(_PASSWORD_ALPHABET) for _ in range(PASSWORD_GROUP_LENGTH))
        for _ in range(PASSWORD_GROUPS)
    )
    return "-".join(groups)


def admin_memberships(user: User) -> QuerySet[Membership]:
    """The organisations ``user`` administers now (active admin membership of an active user)."""
    if not user.is_active:
        return Membership.objects.none()
    return Membership.objects.filter(
        user=user, role=Role.ORG_ADMIN, is_active=True
    ).select_related("organisation")


def _check(admin: Membership, membership: Membership | None = None) -> None:
    if admin.role != Role.ORG_ADMIN or not admin.is_active or not admin.user.is_active:
        raise PermissionError("only an active organisation admin manages members")
    if membership is not None:
        if membership.organisation_id != admin.organisation_id:
            raise PermissionError("an admin manages the members of their own organisation only")
        if membership.user_id == admin.user_id:
            raise ValueError("an admin cannot change or deactivate their own membership")


def _audit(actor: Actor, admin: Membership, membership: Membership, *, event: str,
           action: AuditAction, changed: tuple[str, ...]) -> None:
    record(
        actor, event=event, action=action, role=Role.ORG_ADMIN,
        organisation_name=admin.organisation.name, basis=BASIS, object_type="membership",
        object_id=membership.pk, changed_fields=changed,
    )


@transaction.atomic
def do_add_member(
    *, actor: Actor, admin: Membership, username: str, display_name: str, role: Role,
) -> tuple[Membership, str]:
    """Create an account and its membership; return them with the initial password (shown once,
    stored only as a hash)."""
    _check(admin)
    if User.objects.filter(username__iexact=username).exists():
        raise ValueError("this username is taken")
    password = initial_password()
    user = User.objects.create_user(username, password=password, display_name=display_name)
    membership = Membership.objects.create(user=user, organisation=admin.organisation, role=role)
    _audit(actor, admin, membership, event="accounts.member.create", action=AuditAction.CREATE,
           changed=("username", "display_name", "password", "role"))
    return membership, password


@transaction.atomic
def do_change_role(*, actor: Actor, admin: Membership, membership: Membership,
                   role: Role) -> Membership:
    """A new role takes effect on the next request: access checks read the membership each time.

    A role change is a change of privilege, so the member's sessions end (ASVS 7.2.4): they sign
    in again, with a new session key and, for a professional role, their second factor.
    """
    _check(admin, membership)
    if membership.role != role:
        membership.role = role
        membership.save(update_fields=["role"])
        end_sessions(membership.user)
        _audit(actor, admin, membership, event="accounts.member.role", action=AuditAction.UPDATE,
               changed=("role", "sessions"))
    return membership


@transaction.atomic
def do_deactivate_member(*, actor: Actor, admin: Membership, membership: Membership) -> int:
    """End the membership and every session of the user; return the number of sessions ended.

    When the user has no other active membership the account itself is deactivated, so it can no
    longer sign in. Care access stops at once either way (``get_access`` needs an active
    membership).
    """
    _check(admin, membership)
    changed: tuple[str, ...] = ()
    if membership.is_active:
        membership.is_active = False
        membership.save(update_fields=["is_active"])
        changed = ("is_active",)
    user = membership.user
    ended = end_sessions(user)
    if user.is_active and not user.memberships.filter(is_active=True).exists():
        user.is_active = False
        user.save(update_fields=["is_active"])
        changed += ("user.is_active",)
    _audit(actor, admin, membership, event="accounts.member.deactivate",
           action=AuditAction.UPDATE, changed=(*changed, "sessions"))
    return ended


def end_sessions(user: User) -> int:
    """Delete every unexpired database session signed in as ``user``; return how many."""
    ended = 0
    for session in Session.objects.filter(expire_date__gt=timezone.now()):
        if session.get_decoded().get(SESSION_KEY) == str(user.pk):
            session.delete()
            ended += 1
    return ended

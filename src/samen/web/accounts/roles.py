"""Organisation kinds and membership roles, with their names in Dutch and English."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class OrganisationKind(models.TextChoices):
    SCHOOL = "school", _("School")
    MUNICIPALITY = "municipality", _("Municipality")
    YOUTH_CARE = "youth_care", _("Youth-care provider")
    COMMUNITY = "community", _("Community organisation")


class Role(models.TextChoices):
    """A member's role in one organisation. Stored values are API: change them with a migration."""

    YOUNG_PERSON = "young_person", _("Young person")
    PARENT = "parent", _("Parent or guardian")
    SCHOOL_COORDINATOR = "school_coordinator", _("School care coordinator")
    YOUTH_WORKER = "youth_worker", _("Youth worker")
    CLINICIAN = "clinician", _("Clinician")
    POLICY_OFFICER = "policy_officer", _("Municipal policy officer")
    ORG_ADMIN = "org_admin", _("Organisation admin")


# Professionals reach a person only as members of that person's care team, with consent.
CARE_ROLES = frozenset({Role.SCHOOL_COORDINATOR, Role.YOUTH_WORKER, Role.CLINICIAN})
# These roles never see a single person: aggregates (policy) or members and roles (admin).
NO_PERSON_ROLES = frozenset({Role.POLICY_OFFICER, Role.ORG_ADMIN})
# Every professional role (issue 5 requires MFA for each of them).
PROFESSIONAL_ROLES = CARE_ROLES | NO_PERSON_ROLES

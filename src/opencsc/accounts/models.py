"""Workers, teams and their roles: who may do what is decided in ``access.py`` from these."""

from __future__ import annotations

import hashlib
import secrets

import pghistory
from django.contrib.auth.models import AbstractUser
from django.db import models


class Role(models.TextChoices):
    """What a person does in the service; decides which pages and records they reach."""

    FRONT_DOOR = "front_door", "Front door practitioner"
    OUT_OF_HOURS = "out_of_hours", "Out-of-hours worker"
    SOCIAL_WORKER = "social_worker", "Social worker"
    TEAM_MANAGER = "team_manager", "Team manager"
    HEAD_OF_SERVICE = "head_of_service", "Head of service"
    REVIEWING_OFFICER = "reviewing_officer", "Conference chair or independent reviewing officer"
    PERSONAL_ADVISER = "personal_adviser", "Personal adviser (care leavers)"
    PERFORMANCE_ANALYST = "performance_analyst", "Performance analyst"
    ADMINISTRATOR = "administrator", "Administrator"
    INSPECTOR = "inspector", "Inspector (read only)"
    PARTNER_AGENCY = "partner_agency", "Partner agency (API only)"


class TeamKind(models.TextChoices):
    FRONT_DOOR = "front_door", "Front door (MASH)"
    OUT_OF_HOURS = "out_of_hours", "Out-of-hours"
    ASSESSMENT = "assessment", "Assessment"
    CIN_CP = "cin_cp", "Child in need and child protection"
    DISABLED_CHILDREN = "disabled_children", "Disabled children"
    CHILDREN_IN_CARE = "children_in_care", "Children in care"
    LEAVING_CARE = "leaving_care", "Leaving care"
    FOSTERING = "fostering", "Fostering"
    ADOPTION = "adoption", "Adoption"
    REVIEWING = "reviewing", "Safeguarding and reviewing (conference chairs and IROs)"


class Employment(models.TextChoices):
    PERMANENT = "permanent", "Permanent"
    AGENCY = "agency", "Agency"


@pghistory.track()
class Team(models.Model):
    name = models.CharField(max_length=120, unique=True)
    kind = models.CharField(max_length=30, choices=TeamKind.choices)
    manager = models.ForeignKey(
        "accounts.User",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="managed_teams",
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


@pghistory.track(exclude=["password", "last_login"])
class User(AbstractUser):
    role = models.CharField(max_length=30, choices=Role.choices, default=Role.SOCIAL_WORKER)
    team = models.ForeignKey(
        Team, null=True, blank=True, on_delete=models.PROTECT, related_name="members"
    )
    job_title = models.CharField(max_length=120, blank=True)
    fte = models.DecimalField("FTE", max_digits=3, decimal_places=2, default=1)
    employment = models.CharField(
        max_length=20, choices=Employment.choices, default=Employment.PERMANENT
    )
    # The partner agency an API account speaks for: its contacts carry this referral source.
    agency_source = models.CharField(max_length=3, blank=True)

    class Meta:
        ordering = ["last_name", "first_name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(fte__gt=0) & models.Q(fte__lte=1), name="user_fte_0_to_1"
            )
        ]

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    @property
    def display_role(self) -> str:
        return Role(self.role).label


class ApiToken(models.Model):
    """A bearer token for the API. Only its hash is kept; the token is shown once."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=120)
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return self.name  # never the token or its hash

    @staticmethod
    def hash(token: str) -> str:
        return hashlib.sha256(token.encode()).hexdigest()

    @classmethod
    def issue(cls, *, user: User, name: str) -> tuple[ApiToken, str]:
        token = "ocsc_" + secrets.token_urlsafe(32)
        return cls.objects.create(user=user, name=name, token_hash=cls.hash(token)), token
